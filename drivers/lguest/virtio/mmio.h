/* SPDX-License-Identifier: GPL-2.0 */
/*
 * V:200 The virtio-mmio transport (version 2): one 4 KiB window per
 * device, declared in the DSDT as LNRO0005 so Debian's virtio_mmio module
 * finds it.  mmio.c is its register file, pure logic; dev.c attaches it to
 * the bus, the interrupt line and a worker.
 */
#ifndef _LGUEST_VIRTIO_MMIO_H
#define _LGUEST_VIRTIO_MMIO_H

#include <linux/types.h>

#include "vring.h"

#define LG_VMMIO_SIZE		0x1000
#define LG_VMMIO_QUEUES_MAX	2
#define LG_VMMIO_CONFIG		0x100	/* device-specific configuration */
#define LG_VMMIO_QUEUE_READY	0x044
#define LG_VMMIO_QUEUE_NOTIFY	0x050
#define LG_VMMIO_STATUS		0x070

/* Device status bits (virtio 1.x, 2.1). */
#define LG_VIRTIO_S_ACKNOWLEDGE	1
#define LG_VIRTIO_S_DRIVER	2
#define LG_VIRTIO_S_DRIVER_OK	4
#define LG_VIRTIO_S_FEATURES_OK	8
#define LG_VIRTIO_S_NEEDS_RESET	0x40
#define LG_VIRTIO_S_FAILED	0x80

/* Interrupt status bits. */
#define LG_VIRTIO_INT_VRING	1
#define LG_VIRTIO_INT_CONFIG	2

/* Transport feature bits every lguest device offers or may. */
#define LG_VIRTIO_F_INDIRECT_DESC	28
#define LG_VIRTIO_F_EVENT_IDX		29
#define LG_VIRTIO_F_VERSION_1		32

/**
 * enum lg_vmmio_event - what a register write asks of the device.
 * @LG_VMMIO_NONE: nothing beyond the register.
 * @LG_VMMIO_RESET: the driver wrote 0 to Status: the device is reset.
 * @LG_VMMIO_DRIVER_OK: the driver is ready; buffers may be processed.
 * @LG_VMMIO_ACK: the driver acknowledged interrupts (the line may drop).
 * @LG_VMMIO_BROKEN: a queue was enabled with bad rings: NEEDS_RESET is
 *	set and the reason is in @why.
 */
enum lg_vmmio_event {
	LG_VMMIO_NONE,
	LG_VMMIO_RESET,
	LG_VMMIO_DRIVER_OK,
	LG_VMMIO_ACK,
	LG_VMMIO_BROKEN,
};

/**
 * struct lg_vmmio - a virtio-mmio device's registers.
 * @device_id: the virtio device type (2 block, 3 console, 4 entropy).
 * @device_features: what the device offers (VERSION_1 always).
 * @driver_features: what the driver accepted.
 * @dev_fsel: DeviceFeaturesSel.
 * @drv_fsel: DriverFeaturesSel.
 * @status: the device status byte.
 * @isr: InterruptStatus.
 * @qsel: QueueSel.
 * @config_gen: ConfigGeneration.
 * @nr_queues: queues the device has.
 * @ready: QueueReady per queue.
 * @vq: each queue's rings as the driver configures them, and the engine
 *	state once ready.
 * @config: the device-specific configuration, read-only to the guest.
 * @config_len: its length.
 * @ram_size: guest RAM, for checking rings when a queue is enabled.
 * @why: the reason for NEEDS_RESET.
 */
struct lg_vmmio {
	u32 device_id;
	u64 device_features, driver_features;
	u32 dev_fsel, drv_fsel;
	u32 status, isr, qsel, config_gen;
	unsigned int nr_queues;
	bool ready[LG_VMMIO_QUEUES_MAX];
	struct lg_vq vq[LG_VMMIO_QUEUES_MAX];
	const u8 *config;
	unsigned int config_len;
	u64 ram_size;
	const char *why;
};

void lg_vmmio_reset(struct lg_vmmio *t);
int lg_vmmio_read(struct lg_vmmio *t, u64 off, unsigned int size, u64 *val);
int lg_vmmio_write(struct lg_vmmio *t, u64 off, unsigned int size, u64 val,
		   enum lg_vmmio_event *ev);
bool lg_vmmio_live(const struct lg_vmmio *t, unsigned int q);

#endif
