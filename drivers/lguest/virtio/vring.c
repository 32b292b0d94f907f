// SPDX-License-Identifier: GPL-2.0
/*
 * V:110 Split virtqueues (virtio 1.x, section 2.7): a descriptor table, an
 * available ring the driver fills and a used ring the device fills.  The
 * device side is all here: take a chain, give it back, decide whether the
 * driver wants an interrupt or the device a notification.  Pure logic
 * over struct lg_gmem; KUnit runs it on a fake memory (vring_kunit.c).
 *
 * Who runs it: a device's worker, with the guest's address space; the
 * guest runs on another CPU meanwhile and can change any byte of the
 * rings at any time.  So every field is read once into a local, checked
 * there, and never read again; the barriers order the device's reads and
 * writes against the driver's as the spec asks.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <asm/barrier.h>

#include "vring.h"

/* The layout in guest memory, little-endian. */
struct lg_vring_desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

#define DESC_SIZE		16
#define AVAIL_IDX		2
#define AVAIL_RING(i)		(4 + 2 * (u64)(i))
#define USED_IDX		2
#define USED_RING(i)		(4 + 8 * (u64)(i))

static bool lg_range_ok(const struct lg_gmem *m, u64 gpa, u64 len)
{
	u64 end;

	return !check_add_overflow(gpa, len, &end) && end <= m->size;
}

static int lg_read16(const struct lg_gmem *m, u64 gpa, u16 *v)
{
	__le16 le;
	int err;

	if (!lg_range_ok(m, gpa, 2))
		return -EFAULT;
	err = m->read(m->ctx, gpa, &le, 2);
	*v = le16_to_cpu(le);
	return err;
}

static int lg_write16(const struct lg_gmem *m, u64 gpa, u16 v)
{
	__le16 le = cpu_to_le16(v);

	if (!lg_range_ok(m, gpa, 2))
		return -EFAULT;
	return m->write(m->ctx, gpa, &le, 2);
}

/**
 * lg_vq_check() - are the rings the driver configured sane?
 * @vq: the queue, before it is enabled.
 * @ram_size: the guest's RAM.
 * @why: receives the reason for a refusal.
 *
 * The size is a power of two the device offers; each area is aligned as
 * the spec requires and lies in RAM in full.
 *
 * Return: 0 or -EINVAL.
 */
int lg_vq_check(const struct lg_vq *vq, u64 ram_size, const char **why)
{
	const struct lg_gmem m = { .size = ram_size };

	if (!vq->num || vq->num > LG_VQ_NUM_MAX || (vq->num & (vq->num - 1))) {
		*why = "queue size is not a power of two up to the maximum";
		return -EINVAL;
	}
	if ((vq->desc & 15) || (vq->avail & 1) || (vq->used & 3)) {
		*why = "ring area misaligned";
		return -EINVAL;
	}
	if (!lg_range_ok(&m, vq->desc, DESC_SIZE * vq->num) ||
	    !lg_range_ok(&m, vq->avail, AVAIL_RING(vq->num) + 2) ||
	    !lg_range_ok(&m, vq->used, USED_RING(vq->num) + 2)) {
		*why = "ring area outside guest RAM";
		return -EINVAL;
	}
	return 0;
}

/* One descriptor, from the table at @table (@count entries). */
static int lg_read_desc(const struct lg_gmem *m, u64 table, u16 i,
			struct lg_vring_desc *d)
{
	return m->read(m->ctx, table + (u64)i * DESC_SIZE, d, sizeof(*d));
}

/* Adds one buffer to @c, enforcing "all readable before any writable". */
static int lg_chain_add(const struct lg_gmem *m, struct lg_vq_chain *c,
			const struct lg_vring_desc *d, const char **why)
{
	u64 addr = le64_to_cpu(d->addr);
	u32 len = le32_to_cpu(d->len);
	bool write = le16_to_cpu(d->flags) & LG_VRING_DESC_WRITE;

	if (!lg_range_ok(m, addr, len)) {
		*why = "buffer outside guest RAM";
		return -EINVAL;
	}
	if (c->n == LG_VQ_SEGS_MAX) {
		*why = "chain has more buffers than the device takes";
		return -EINVAL;
	}
	if (!write && c->n > c->n_out) {
		*why = "device-readable buffer after a writable one";
		return -EINVAL;
	}
	c->seg[c->n].gpa = addr;
	c->seg[c->n].len = len;
	c->n++;
	if (write) {
		c->in_len += len;
	} else {
		c->n_out++;
		c->out_len += len;
	}
	return 0;
}

/* Walks an indirect table: its own descriptors, no nesting, no loops. */
static int lg_walk_indirect(const struct lg_gmem *m, const struct lg_vring_desc *ind,
			    struct lg_vq_chain *c, const char **why)
{
	u64 table = le64_to_cpu(ind->addr);
	u32 len = le32_to_cpu(ind->len);
	unsigned int count = len / DESC_SIZE, seen = 0;
	struct lg_vring_desc d;
	u16 i = 0, flags;
	int err;

	if (!len || len % DESC_SIZE || count > LG_VQ_SEGS_MAX) {
		*why = "indirect table length not a whole number of descriptors up to the maximum";
		return -EINVAL;
	}
	if ((table & 15) || !lg_range_ok(m, table, len)) {
		*why = "indirect table misaligned or outside guest RAM";
		return -EINVAL;
	}
	for (;;) {
		if (++seen > count) {
			*why = "indirect chain loops";
			return -EINVAL;
		}
		err = lg_read_desc(m, table, i, &d);
		if (err)
			return err;
		flags = le16_to_cpu(d.flags);
		if (flags & LG_VRING_DESC_INDIRECT) {
			*why = "indirect descriptor inside an indirect table";
			return -EINVAL;
		}
		err = lg_chain_add(m, c, &d, why);
		if (err)
			return err;
		if (!(flags & LG_VRING_DESC_NEXT))
			return 0;
		i = le16_to_cpu(d.next);
		if (i >= count) {
			*why = "indirect next index past the table";
			return -EINVAL;
		}
	}
}

/**
 * lg_vq_pop() - take the next available chain.
 * @vq: the queue (checked by lg_vq_check() when it was enabled).
 * @m: guest memory.
 * @c: receives the chain.
 * @why: receives the reason when the ring is malformed.
 *
 * Return: 1 with a chain in @c, 0 if the driver has made nothing new
 * available, -EINVAL for a malformed ring (a reason in @why) or the
 * error of a failed read.  After an error the queue must not be used
 * again until the driver resets the device.
 */
int lg_vq_pop(struct lg_vq *vq, const struct lg_gmem *m,
	      struct lg_vq_chain *c, const char **why)
{
	unsigned int seen = 0;
	struct lg_vring_desc d;
	u16 avail_idx, head, i, flags;
	int err;

	err = lg_read16(m, vq->avail + AVAIL_IDX, &avail_idx);
	if (err)
		return err;
	if (avail_idx == vq->last_avail)
		return 0;
	if ((u16)(avail_idx - vq->last_avail) > vq->num) {
		*why = "available index moved by more than the queue size";
		return -EINVAL;
	}
	/* The ring entries are read after the index that published them. */
	smp_rmb();
	err = lg_read16(m, vq->avail + AVAIL_RING(vq->last_avail & (vq->num - 1)), &head);
	if (err)
		return err;
	if (head >= vq->num) {
		*why = "available head index past the descriptor table";
		return -EINVAL;
	}
	c->head = head;
	c->n = 0;
	c->n_out = 0;
	c->out_len = 0;
	c->in_len = 0;
	i = head;
	for (;;) {
		if (++seen > vq->num) {
			*why = "descriptor chain loops or is longer than the queue";
			return -EINVAL;
		}
		err = lg_read_desc(m, vq->desc, i, &d);
		if (err)
			return err;
		flags = le16_to_cpu(d.flags);
		if (flags & LG_VRING_DESC_INDIRECT) {
			if (!vq->indirect) {
				*why = "indirect descriptor without VIRTIO_F_INDIRECT_DESC";
				return -EINVAL;
			}
			if (flags & LG_VRING_DESC_NEXT) {
				*why = "indirect descriptor with NEXT set";
				return -EINVAL;
			}
			err = lg_walk_indirect(m, &d, c, why);
		} else {
			err = lg_chain_add(m, c, &d, why);
		}
		if (err)
			return err;
		if (!(flags & LG_VRING_DESC_NEXT))
			break;
		i = le16_to_cpu(d.next);
		if (i >= vq->num) {
			*why = "next index past the descriptor table";
			return -EINVAL;
		}
	}
	vq->last_avail++;
	return 1;
}

/**
 * lg_vq_push() - give a chain back.
 * @vq: the queue.
 * @m: guest memory.
 * @head: the chain's head index, from lg_vq_pop().
 * @len: bytes the device wrote into the chain's writable buffers.
 *
 * The entry is written before the index that publishes it.
 *
 * Return: 0 or the error of a failed write.
 */
int lg_vq_push(struct lg_vq *vq, const struct lg_gmem *m, u16 head, u32 len)
{
	u64 ent = vq->used + USED_RING(vq->used_idx & (vq->num - 1));
	__le32 e[2] = { cpu_to_le32(head), cpu_to_le32(len) };
	int err;

	if (!lg_range_ok(m, ent, sizeof(e)))
		return -EFAULT;
	err = m->write(m->ctx, ent, e, sizeof(e));
	if (err)
		return err;
	/* The entry is visible before the index that hands it over. */
	smp_wmb();
	vq->used_idx++;
	return lg_write16(m, vq->used + USED_IDX, vq->used_idx);
}

/**
 * lg_vq_want_notify() - before the device sleeps: ask for a notification
 * at the next available entry, then look again.
 * @vq: the queue.
 * @m: guest memory.
 *
 * With VIRTIO_F_EVENT_IDX the device writes avail_event (after the used
 * ring) so the driver notifies when it passes @vq->last_avail; without
 * it the driver always notifies, since the device never sets NO_NOTIFY.
 *
 * Return: 1 if more is available already (take it instead of sleeping),
 * 0 if not, or a negative errno.
 */
int lg_vq_want_notify(struct lg_vq *vq, const struct lg_gmem *m)
{
	u16 avail_idx;
	int err;

	if (vq->event_idx) {
		err = lg_write16(m, vq->used + USED_RING(vq->num), vq->last_avail);
		if (err)
			return err;
	}
	/* The request is visible before the index is read again. */
	smp_mb();
	err = lg_read16(m, vq->avail + AVAIL_IDX, &avail_idx);
	if (err)
		return err;
	return avail_idx != vq->last_avail;
}

/*
 * Did the used index step over @event on its way from @old to @new?
 * (The spec's vring_need_event condition, in u16 arithmetic.)
 */
static bool lg_event_crossed(u16 event, u16 new, u16 old)
{
	return (u16)(new - event - 1) < (u16)(new - old);
}

/**
 * lg_vq_should_signal() - after pushing: does the driver want an interrupt?
 * @vq: the queue.
 * @m: guest memory.
 *
 * With VIRTIO_F_EVENT_IDX, only if the used index passed used_event (the
 * entry after the available ring) since the last interrupt; without it,
 * unless the driver set VRING_AVAIL_F_NO_INTERRUPT.  A field that cannot
 * be read asks for an interrupt: one too many is harmless.
 *
 * Return: whether to interrupt.
 */
bool lg_vq_should_signal(struct lg_vq *vq, const struct lg_gmem *m)
{
	u16 old = vq->signalled, v;
	bool valid = vq->signalled_valid;

	/* The used index is visible before the driver's field is read. */
	smp_mb();
	if (!vq->event_idx)
		return lg_read16(m, vq->avail, &v) || !(v & LG_VRING_AVAIL_NO_INTERRUPT);
	vq->signalled = vq->used_idx;
	vq->signalled_valid = true;
	if (!valid || lg_read16(m, vq->avail + AVAIL_RING(vq->num), &v))
		return true;
	return lg_event_crossed(v, vq->used_idx, old);
}

/* Copies between @buf and the chain's readable (@to false) or writable bytes. */
static size_t lg_vq_copy(const struct lg_gmem *m, const struct lg_vq_chain *c,
			 u64 off, void *buf, size_t len, bool to)
{
	unsigned int i = to ? c->n_out : 0, end = to ? c->n : c->n_out;
	size_t done = 0;

	for (; i < end && done < len; i++) {
		const struct lg_vq_seg *s = &c->seg[i];
		size_t n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = min_t(u64, s->len - off, len - done);
		if (to ? m->write(m->ctx, s->gpa + off, buf + done, n) :
			 m->read(m->ctx, s->gpa + off, buf + done, n))
			break;
		done += n;
		off = 0;
	}
	return done;
}

/**
 * lg_vq_copy_from() - read from a chain's device-readable bytes.
 * @m: guest memory.
 * @c: the chain (its buffers were checked when it was popped).
 * @off: where to start, counted over the readable bytes.
 * @buf: receives the bytes.
 * @len: how many.
 *
 * Return: bytes copied; less than @len if the chain ends first.
 */
size_t lg_vq_copy_from(const struct lg_gmem *m, const struct lg_vq_chain *c,
		       u64 off, void *buf, size_t len)
{
	return lg_vq_copy(m, c, off, buf, len, false);
}

/**
 * lg_vq_copy_to() - write into a chain's device-writable bytes.
 * @m: guest memory.
 * @c: the chain.
 * @off: where to start, counted over the writable bytes.
 * @buf: the bytes.
 * @len: how many.
 *
 * Return: bytes copied; less than @len if the chain ends first.
 */
size_t lg_vq_copy_to(const struct lg_gmem *m, const struct lg_vq_chain *c,
		     u64 off, const void *buf, size_t len)
{
	return lg_vq_copy(m, c, off, (void *)buf, len, true);
}
