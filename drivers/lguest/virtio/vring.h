/* SPDX-License-Identifier: GPL-2.0 */
/*
 * V:100 The virtqueue engine: split rings read and written in guest
 * memory through two callbacks, so the same code runs on a guest's RAM
 * in the kernel and on a fake memory under KUnit.  Nothing a guest
 * writes is trusted: every index is bounded, every buffer is checked
 * against the end of RAM before a device sees it, and a ring that breaks
 * the rules is reported with a reason instead of being followed.
 */
#ifndef _LGUEST_VRING_H
#define _LGUEST_VRING_H

#include <linux/types.h>

#define LG_VQ_NUM_MAX		256	/* the largest ring lguest offers */
#define LG_VQ_SEGS_MAX		256	/* buffers in one chain, indirect ones too */

/* Descriptor flags, avail and used flags, as the virtio spec numbers them. */
#define LG_VRING_DESC_NEXT	1
#define LG_VRING_DESC_WRITE	2
#define LG_VRING_DESC_INDIRECT	4
#define LG_VRING_AVAIL_NO_INTERRUPT	1

/**
 * struct lg_gmem - guest memory as the engine sees it.
 * @read: copy @len bytes at guest-physical @gpa into @buf.
 * @write: copy @len bytes from @buf to @gpa.
 * @ctx: passed to both.
 * @size: bytes of RAM from guest-physical 0; every range is checked
 *	against it before @read or @write is called.
 *
 * Both return 0 or a negative errno.  A 2-byte access at an even address
 * must be one load or store: ring indices are read and written while
 * the driver runs on another CPU, and a byte-wise copy could show it an
 * index half old, half new.
 */
struct lg_gmem {
	int (*read)(void *ctx, u64 gpa, void *buf, size_t len);
	int (*write)(void *ctx, u64 gpa, const void *buf, size_t len);
	void *ctx;
	u64 size;
};

/**
 * struct lg_vq - one split virtqueue, as the driver configured it.
 * @num: entries (a power of two, at most LG_VQ_NUM_MAX).
 * @desc: the descriptor table's guest-physical address.
 * @avail: the driver area (available ring).
 * @used: the device area (used ring).
 * @indirect: VIRTIO_F_INDIRECT_DESC was negotiated.
 * @event_idx: VIRTIO_F_EVENT_IDX was negotiated.
 * @last_avail: the next available entry the device takes.
 * @used_idx: the used index the device publishes next.
 * @signalled: the used index at the last interrupt (event_idx).
 * @signalled_valid: @signalled means something (not since a reset).
 */
struct lg_vq {
	u16 num;
	u64 desc, avail, used;
	bool indirect, event_idx;
	u16 last_avail, used_idx;
	u16 signalled;
	bool signalled_valid;
};

/**
 * struct lg_vq_seg - one buffer of a chain, inside guest RAM.
 * @gpa: where it starts.
 * @len: its length.
 */
struct lg_vq_seg {
	u64 gpa;
	u32 len;
};

/**
 * struct lg_vq_chain - a request, as the device sees it.
 * @head: the head descriptor's index (what goes back in the used ring).
 * @n: buffers in @seg.
 * @n_out: the first @n_out are device-readable, the rest device-writable.
 * @out_len: bytes the device may read.
 * @in_len: bytes the device may write.
 * @seg: the buffers.
 */
struct lg_vq_chain {
	u16 head;
	unsigned int n, n_out;
	u64 out_len, in_len;
	struct lg_vq_seg seg[LG_VQ_SEGS_MAX];
};

int lg_vq_check(const struct lg_vq *vq, u64 ram_size, const char **why);
int lg_vq_pop(struct lg_vq *vq, const struct lg_gmem *m,
	      struct lg_vq_chain *c, const char **why);
int lg_vq_push(struct lg_vq *vq, const struct lg_gmem *m, u16 head, u32 len);
int lg_vq_want_notify(struct lg_vq *vq, const struct lg_gmem *m);
bool lg_vq_should_signal(struct lg_vq *vq, const struct lg_gmem *m);
size_t lg_vq_copy_from(const struct lg_gmem *m, const struct lg_vq_chain *c,
		       u64 off, void *buf, size_t len);
size_t lg_vq_copy_to(const struct lg_gmem *m, const struct lg_vq_chain *c,
		     u64 off, const void *buf, size_t len);

#endif
