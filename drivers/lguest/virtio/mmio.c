// SPDX-License-Identifier: GPL-2.0
/*
 * V:210 The virtio-mmio register file (virtio 1.x, 4.2.2).  Control
 * registers take 32-bit aligned accesses only; anything else is a driver
 * bug the bus answers by ending the guest.  The configuration space at
 * 0x100 takes 1, 2, 4 and 8-byte reads and ignores writes: no lguest
 * device has a writable field.  Queue registers change only while their
 * queue is disabled; enabling one checks its rings (lg_vq_check()), and
 * a bad ring sets NEEDS_RESET instead of being used.  Feature
 * negotiation: FEATURES_OK sticks only for a subset of what the device
 * offers that includes VERSION_1 (this transport is modern only).
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "mmio.h"

#define R_MAGIC		0x000
#define R_VERSION	0x004
#define R_DEVICE_ID	0x008
#define R_VENDOR_ID	0x00c
#define R_DEV_FEAT	0x010
#define R_DEV_FEAT_SEL	0x014
#define R_DRV_FEAT	0x020
#define R_DRV_FEAT_SEL	0x024
#define R_QUEUE_SEL	0x030
#define R_QUEUE_NUM_MAX	0x034
#define R_QUEUE_NUM	0x038
#define R_QUEUE_READY	LG_VMMIO_QUEUE_READY
#define R_INT_STATUS	0x060
#define R_INT_ACK	0x064
#define R_STATUS	LG_VMMIO_STATUS
#define R_DESC_LO	0x080
#define R_DESC_HI	0x084
#define R_AVAIL_LO	0x090
#define R_AVAIL_HI	0x094
#define R_USED_LO	0x0a0
#define R_USED_HI	0x0a4
#define R_SHM_LEN_LO	0x0b0
#define R_SHM_LEN_HI	0x0b4
#define R_CONFIG_GEN	0x0fc

#define LG_VMMIO_MAGIC	0x74726976	/* "virt" */
#define LG_VMMIO_VENDOR	0x5447534c	/* "LSGT", lguest */

/**
 * lg_vmmio_reset() - the state after a reset: no features, no queues.
 * @t: the device; its identity, features and configuration are kept.
 */
void lg_vmmio_reset(struct lg_vmmio *t)
{
	t->driver_features = 0;
	t->dev_fsel = 0;
	t->drv_fsel = 0;
	t->status = 0;
	t->isr = 0;
	t->qsel = 0;
	t->why = NULL;
	memset(t->ready, 0, sizeof(t->ready));
	memset(t->vq, 0, sizeof(t->vq));
}

/**
 * lg_vmmio_live() - may the device process queue @q?
 * @t: the device.
 * @q: the queue.
 *
 * Return: true once the driver said DRIVER_OK, the queue is enabled and
 * the device does not need a reset.
 */
bool lg_vmmio_live(const struct lg_vmmio *t, unsigned int q)
{
	return q < t->nr_queues && t->ready[q] &&
	       (t->status & (LG_VIRTIO_S_DRIVER_OK | LG_VIRTIO_S_NEEDS_RESET |
			     LG_VIRTIO_S_FAILED)) == LG_VIRTIO_S_DRIVER_OK;
}

static struct lg_vq *lg_vmmio_sel(struct lg_vmmio *t)
{
	return t->qsel < t->nr_queues ? &t->vq[t->qsel] : NULL;
}

/* Little-endian bytes of the configuration space; past its end, zeros. */
static u64 lg_vmmio_config(const struct lg_vmmio *t, u64 off, unsigned int size)
{
	u64 v = 0;
	int i;

	for (i = size - 1; i >= 0; i--)
		v = v << 8 | (off + i < t->config_len ? t->config[off + i] : 0);
	return v;
}

/**
 * lg_vmmio_read() - a load from the device's window.
 * @t: the device.
 * @off: offset in the window.
 * @size: bytes.
 * @val: receives the value.
 *
 * Return: 0, or -EINVAL for a control register read that is not 32-bit
 * and aligned.
 */
int lg_vmmio_read(struct lg_vmmio *t, u64 off, unsigned int size, u64 *val)
{
	struct lg_vq *vq = lg_vmmio_sel(t);

	if (off >= LG_VMMIO_CONFIG) {
		if (size != 1 && size != 2 && size != 4 && size != 8)
			return -EINVAL;
		*val = lg_vmmio_config(t, off - LG_VMMIO_CONFIG, size);
		return 0;
	}
	if (size != 4 || (off & 3))
		return -EINVAL;
	switch (off) {
	case R_MAGIC:
		*val = LG_VMMIO_MAGIC;
		break;
	case R_VERSION:
		*val = 2;
		break;
	case R_DEVICE_ID:
		*val = t->device_id;
		break;
	case R_VENDOR_ID:
		*val = LG_VMMIO_VENDOR;
		break;
	case R_DEV_FEAT:
		*val = t->dev_fsel < 2 ? (u32)(t->device_features >> (32 * t->dev_fsel)) : 0;
		break;
	case R_QUEUE_NUM_MAX:
		*val = vq ? LG_VQ_NUM_MAX : 0;
		break;
	case R_QUEUE_READY:
		*val = vq ? t->ready[t->qsel] : 0;
		break;
	case R_INT_STATUS:
		*val = t->isr;
		break;
	case R_STATUS:
		*val = t->status;
		break;
	case R_SHM_LEN_LO:
	case R_SHM_LEN_HI:
		*val = 0xffffffff;	/* no shared memory regions */
		break;
	case R_CONFIG_GEN:
		*val = t->config_gen;
		break;
	default:
		*val = 0;
		break;
	}
	return 0;
}

/* The driver sets FEATURES_OK: keep it only for features we can honour. */
static u32 lg_vmmio_status(struct lg_vmmio *t, u32 val)
{
	if ((val & LG_VIRTIO_S_FEATURES_OK) && !(t->status & LG_VIRTIO_S_FEATURES_OK) &&
	    ((t->driver_features & ~t->device_features) ||
	     !(t->driver_features & BIT_ULL(LG_VIRTIO_F_VERSION_1))))
		val &= ~LG_VIRTIO_S_FEATURES_OK;
	return val & 0xff;
}

/* QueueReady: 1 checks the rings and enables the queue, 0 disables it. */
static enum lg_vmmio_event lg_vmmio_ready(struct lg_vmmio *t, struct lg_vq *vq, u32 val)
{
	if (!val) {
		t->ready[t->qsel] = false;
		return LG_VMMIO_NONE;
	}
	if (t->ready[t->qsel])
		return LG_VMMIO_NONE;
	if (lg_vq_check(vq, t->ram_size, &t->why)) {
		t->status |= LG_VIRTIO_S_NEEDS_RESET;
		return LG_VMMIO_BROKEN;
	}
	vq->indirect = t->driver_features & BIT_ULL(LG_VIRTIO_F_INDIRECT_DESC);
	vq->event_idx = t->driver_features & BIT_ULL(LG_VIRTIO_F_EVENT_IDX);
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_valid = false;
	t->ready[t->qsel] = true;
	return LG_VMMIO_NONE;
}

/* A queue address register: low or high half, while the queue is disabled. */
static void lg_vmmio_addr(u64 *addr, bool high, u32 val)
{
	if (high)
		*addr = (*addr & 0xffffffffULL) | (u64)val << 32;
	else
		*addr = (*addr & ~0xffffffffULL) | val;
}

/**
 * lg_vmmio_write() - a store to the device's window.
 * @t: the device.
 * @off: offset in the window.
 * @size: bytes.
 * @val: the value.
 * @ev: receives what the device must do about it.
 *
 * QueueNotify is the caller's (it is the hot path and needs no register
 * state); here it changes nothing.
 *
 * Return: 0, or -EINVAL for a control register write that is not 32-bit
 * and aligned.
 */
int lg_vmmio_write(struct lg_vmmio *t, u64 off, unsigned int size, u64 val,
		   enum lg_vmmio_event *ev)
{
	struct lg_vq *vq = lg_vmmio_sel(t);
	bool idle = vq && !t->ready[t->qsel];

	*ev = LG_VMMIO_NONE;
	if (off >= LG_VMMIO_CONFIG)
		return size == 1 || size == 2 || size == 4 || size == 8 ? 0 : -EINVAL;
	if (size != 4 || (off & 3))
		return -EINVAL;
	switch (off) {
	case R_DEV_FEAT_SEL:
		t->dev_fsel = val;
		break;
	case R_DRV_FEAT_SEL:
		t->drv_fsel = val;
		break;
	case R_DRV_FEAT:
		/* Features are fixed once the driver said FEATURES_OK. */
		if (t->drv_fsel < 2 && !(t->status & LG_VIRTIO_S_FEATURES_OK)) {
			unsigned int shift = 32 * t->drv_fsel;

			t->driver_features &= ~(0xffffffffULL << shift);
			t->driver_features |= (u64)(u32)val << shift;
		}
		break;
	case R_QUEUE_SEL:
		t->qsel = val;
		break;
	case R_QUEUE_NUM:
		if (idle)
			vq->num = val <= LG_VQ_NUM_MAX ? val : 0;
		break;
	case R_QUEUE_READY:
		if (vq)
			*ev = lg_vmmio_ready(t, vq, val);
		break;
	case R_DESC_LO:
	case R_DESC_HI:
		if (idle)
			lg_vmmio_addr(&vq->desc, off == R_DESC_HI, val);
		break;
	case R_AVAIL_LO:
	case R_AVAIL_HI:
		if (idle)
			lg_vmmio_addr(&vq->avail, off == R_AVAIL_HI, val);
		break;
	case R_USED_LO:
	case R_USED_HI:
		if (idle)
			lg_vmmio_addr(&vq->used, off == R_USED_HI, val);
		break;
	case R_INT_ACK:
		t->isr &= ~val;
		*ev = LG_VMMIO_ACK;
		break;
	case R_STATUS:
		if (!val) {
			lg_vmmio_reset(t);
			*ev = LG_VMMIO_RESET;
			break;
		}
		val = lg_vmmio_status(t, val);
		if ((val & LG_VIRTIO_S_DRIVER_OK) && !(t->status & LG_VIRTIO_S_DRIVER_OK))
			*ev = LG_VMMIO_DRIVER_OK;
		/* NEEDS_RESET is the device's to set; a reset clears it. */
		t->status = val | (t->status & LG_VIRTIO_S_NEEDS_RESET);
		break;
	default:
		break;
	}
	return 0;
}
