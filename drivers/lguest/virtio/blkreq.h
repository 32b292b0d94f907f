/* SPDX-License-Identifier: GPL-2.0 */
/*
 * V:410 A virtio-blk request's shape, pure logic (KUnit: blkreq_kunit.c):
 * where its header, data and status byte are in the chain, and whether
 * its sectors lie on the disk.
 */
#ifndef _LGUEST_BLKREQ_H
#define _LGUEST_BLKREQ_H

#include "vring.h"

#define LG_BLK_T_IN		0
#define LG_BLK_T_OUT		1
#define LG_BLK_T_FLUSH		4
#define LG_BLK_T_GET_ID		8
#define LG_BLK_T_DISCARD	11
#define LG_BLK_T_WRITE_ZEROES	13

#define LG_BLK_S_OK		0
#define LG_BLK_S_IOERR		1
#define LG_BLK_S_UNSUPP		2

#define LG_BLK_HDR_SIZE		16
#define LG_BLK_ID_BYTES		20

/**
 * struct lg_blk_req - a request, laid out.
 * @status_gpa: where the status byte goes.
 * @n: data buffers in @data.
 * @len: their bytes.
 * @data: the data: for IN and GET_ID the writable bytes before the
 *	status byte, for OUT, DISCARD and WRITE_ZEROES the readable bytes
 *	after the header.
 */
struct lg_blk_req {
	u64 status_gpa;
	unsigned int n;
	u64 len;
	struct lg_vq_seg data[LG_VQ_SEGS_MAX];
};

int lg_blk_layout(const struct lg_vq_chain *c, bool from_guest,
		  struct lg_blk_req *r);
int lg_blk_range(u64 sector, u64 len, u64 capacity, u64 *pos);

#endif
