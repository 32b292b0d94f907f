// SPDX-License-Identifier: GPL-2.0
/*
 * V:420 A block request is a chain: a 16-byte header the device reads
 * (type, reserved, sector), the data, and one status byte the device
 * writes, last.  A driver may put header and data, or data and status,
 * in one buffer; only the byte counts matter here.  The guest chooses
 * every number, so the sector range is checked for overflow and against
 * the disk's end before any I/O.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>

#include "blkreq.h"

/* Appends the bytes [@off, @off + @len) of the chain's buffers @first..@end. */
static void lg_blk_take(const struct lg_vq_chain *c, unsigned int first,
			unsigned int end, u64 off, u64 len, struct lg_blk_req *r)
{
	unsigned int i;

	for (i = first; i < end && len; i++) {
		const struct lg_vq_seg *s = &c->seg[i];
		u64 n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = min_t(u64, s->len - off, len);
		r->data[r->n].gpa = s->gpa + off;
		r->data[r->n].len = n;
		r->n++;
		r->len += n;
		len -= n;
		off = 0;
	}
}

/**
 * lg_blk_layout() - find a request's data and status byte.
 * @c: the chain, as lg_vq_pop() checked it.
 * @from_guest: the data is the device-readable bytes after the header
 *	(OUT, DISCARD, WRITE_ZEROES), else the writable bytes before the
 *	status byte (IN, GET_ID).
 * @r: receives the layout.
 *
 * Return: 0; -EINVAL if there is no status byte (nothing can be
 * reported: the request is dropped), -EIO if the header is short (the
 * status says so).
 */
int lg_blk_layout(const struct lg_vq_chain *c, bool from_guest,
		  struct lg_blk_req *r)
{
	int i;

	r->n = 0;
	r->len = 0;
	r->status_gpa = 0;
	for (i = c->n - 1; i >= (int)c->n_out; i--) {
		if (c->seg[i].len) {
			r->status_gpa = c->seg[i].gpa + c->seg[i].len - 1;
			break;
		}
	}
	if (i < (int)c->n_out)
		return -EINVAL;
	if (c->out_len < LG_BLK_HDR_SIZE)
		return -EIO;
	if (from_guest)
		lg_blk_take(c, 0, c->n_out, LG_BLK_HDR_SIZE,
			    c->out_len - LG_BLK_HDR_SIZE, r);
	else
		lg_blk_take(c, c->n_out, c->n, 0, c->in_len - 1, r);
	return 0;
}

/**
 * lg_blk_range() - are @len bytes from @sector on a disk of @capacity
 * sectors?
 * @sector: the first 512-byte sector.
 * @len: bytes, a whole number of sectors.
 * @capacity: the disk's sectors.
 * @pos: receives the byte offset.
 *
 * Return: 0 or -EIO.
 */
int lg_blk_range(u64 sector, u64 len, u64 capacity, u64 *pos)
{
	u64 end;

	if (len % 512 || sector > capacity || len / 512 > capacity - sector)
		return -EIO;
	if (check_mul_overflow(sector, 512ULL, pos) ||
	    check_add_overflow(*pos, len, &end))
		return -EIO;
	return 0;
}
