// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio-blk driver that breaks every rule it can, on the raw ring of
 * the first virtio-mmio window (lguest_virtio_test gives it one disk):
 * requests at and past the end of the disk, unknown types, then rings
 * with 4 GiB buffers, loops, addresses outside RAM, heads past the table
 * and rings outside RAM.  Each malformed ring must leave the device in
 * NEEDS_RESET, and after a reset the device must work again.  Eight
 * reads are made available with one notification, so a device that
 * keeps requests in flight has them all at once.  It polls;
 * no interrupt is enabled.  Prints "result ok" or "result FAIL <step>".
 */
#include "guest.h"

#define MMIO		0xfe000000UL
#define R_MAGIC		0x000
#define R_DEVICE_ID	0x008
#define R_DRV_FEAT	0x020
#define R_DRV_FEAT_SEL	0x024
#define R_QUEUE_SEL	0x030
#define R_QUEUE_NUM	0x038
#define R_QUEUE_READY	0x044
#define R_NOTIFY	0x050
#define R_STATUS	0x070
#define R_DESC		0x080
#define R_AVAIL		0x090
#define R_USED		0x0a0
#define R_CAPACITY	0x100

#define NUM		32
#define BATCH		8	/* requests made available at once */
#define DESC		0x1000000UL	/* 16 MiB: rings, then buffers */
#define AVAIL		0x1001000UL
#define USED		0x1002000UL
#define HDR		0x1010000UL
#define DATA		0x1011000UL
#define STATUS		0x1013000UL

#define NEXT		1
#define WRITE		2

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static volatile struct desc *const desc = (void *)DESC;
static volatile uint16_t *const avail = (void *)AVAIL;
static volatile uint16_t *const used = (void *)USED;
static volatile uint8_t *const status = (void *)STATUS;
static uint16_t avail_idx;
static const char *failed;

static uint32_t reg(unsigned int off)
{
	return *(volatile uint32_t *)(MMIO + off);
}

static void wreg(unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(MMIO + off) = v;
}

static void wreg64(unsigned int off, uint64_t v)
{
	wreg(off, v);
	wreg(off + 4, v >> 32);
}

static void check(int ok, const char *what)
{
	if (!ok && !failed) {
		failed = what;
		puts_serial("step failed: ");
		puts_serial(what);
		putc_serial('\n');
	}
}

/* Reset, negotiate VERSION_1 only, and enable queue 0 at @ring. */
static void setup(uint64_t ring)
{
	wreg(R_STATUS, 0);
	avail_idx = 0;
	for (int i = 0; i < 0x3000; i++)
		((volatile uint8_t *)DESC)[i] = 0;
	wreg(R_STATUS, 1 | 2);
	wreg(R_DRV_FEAT_SEL, 0);
	wreg(R_DRV_FEAT, 0);
	wreg(R_DRV_FEAT_SEL, 1);
	wreg(R_DRV_FEAT, 1);
	wreg(R_STATUS, 1 | 2 | 8);
	check(reg(R_STATUS) & 8, "FEATURES_OK");
	wreg(R_QUEUE_SEL, 0);
	wreg(R_QUEUE_NUM, NUM);
	wreg64(R_DESC, ring);
	wreg64(R_AVAIL, AVAIL);
	wreg64(R_USED, USED);
	wreg(R_QUEUE_READY, 1);
	wreg(R_STATUS, 1 | 2 | 8 | 4);
}

/* Make @n heads from @head on, 3 apart, available; wait for them all. */
static int submit_n(uint16_t head, int n)
{
	uint16_t want = avail_idx + n;

	for (int k = 0; k < n; k++)
		avail[2 + (avail_idx + k) % NUM] = head + 3 * k;
	asm volatile("" ::: "memory");
	avail_idx += n;
	avail[1] = avail_idx;
	wreg(R_NOTIFY, 0);
	for (long i = 0; i < 400000; i++) {
		if (used[1] == want)
			return 1;
		if (reg(R_STATUS) & 0x40)
			return 0;
	}
	puts_serial("timed out\n");
	return 0;
}

/* Make @head available and wait for the device to use it or give up. */
static int submit(uint16_t head)
{
	return submit_n(head, 1);
}

static int needs_reset(void)
{
	for (long i = 0; i < 400000; i++)
		if (reg(R_STATUS) & 0x40)
			return 1;
	return 0;
}

static void put_desc(int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	desc[i].addr = addr;
	desc[i].len = len;
	desc[i].flags = flags;
	desc[i].next = next;
}

/* BATCH reads of sectors 8.. at once, each into its own 512 bytes of DATA. */
static int read_batch(void)
{
	int k;

	for (k = 0; k < BATCH; k++) {
		volatile uint32_t *h = (void *)(HDR + 16 * k);

		h[0] = 0;
		h[1] = 0;
		*(volatile uint64_t *)(HDR + 16 * k + 8) = 8 + k;
		status[k] = 0xee;
		put_desc(3 * k, HDR + 16 * k, 16, NEXT, 3 * k + 1);
		put_desc(3 * k + 1, DATA + 512 * k, 512, NEXT | WRITE, 3 * k + 2);
		put_desc(3 * k + 2, STATUS + k, 1, WRITE, 0);
	}
	if (!submit_n(0, BATCH))
		return 0;
	for (k = 0; k < BATCH; k++)
		if (status[k] != 0)
			return 0;
	return 1;
}

/* A three-part request: header, @len bytes of data, status. */
static int request(uint32_t type, uint64_t sector, uint32_t len, int to_guest)
{
	volatile uint32_t *h = (void *)HDR;

	h[0] = type;
	h[1] = 0;
	*(volatile uint64_t *)(HDR + 8) = sector;
	*status = 0xee;
	put_desc(0, HDR, 16, NEXT, 1);
	if (len) {
		put_desc(1, DATA, len, NEXT | (to_guest ? WRITE : 0), 2);
		put_desc(2, STATUS, 1, WRITE, 0);
	} else {
		put_desc(1, STATUS, 1, WRITE, 0);
	}
	if (!submit(0))
		return -1;
	return *status;
}

int main(struct lguest_boot_info *bi)
{
	volatile uint8_t *data = (void *)DATA;
	uint64_t cap;
	int i, ok;

	check(reg(R_MAGIC) == 0x74726976 && reg(R_DEVICE_ID) == 2, "a virtio-blk device");
	if (failed)
		goto out;
	cap = reg(R_CAPACITY) | (uint64_t)reg(R_CAPACITY + 4) << 32;
	setup(DESC);

	/* Well-formed requests, well-formed answers. */
	for (i = 0; i < 512; i++)
		data[i] = 'L';
	check(request(1, 1, 512, 0) == 0, "write sector 1");
	for (i = 0; i < 512; i++)
		data[i] = 0;
	check(request(0, 1, 512, 1) == 0, "read sector 1");
	for (ok = 1, i = 0; i < 512; i++)
		ok &= data[i] == 'L';
	check(ok, "sector 1 reads back");
	check(request(0, cap - 1, 512, 1) == 0, "read the last sector");
	check(request(0, cap, 512, 1) == 1, "read past the end: IOERR");
	check(request(1, cap - 1, 1024, 0) == 1, "write across the end: IOERR");
	check(request(1, 1ULL << 62, 512, 0) == 1, "write at sector 2^62: IOERR");
	check(request(1, 0, 100, 0) == 1, "write of part of a sector: IOERR");
	check(request(99, 0, 0, 0) == 2, "unknown type: UNSUPP");
	check(request(4, 0, 0, 0) == 0, "flush");
	check(request(8, 0, 20, 1) == 0 && data[0] == 'L' && data[1] == 'G',
	      "GET_ID gives the serial");
	put_desc(0, HDR, 8, NEXT, 1);
	put_desc(1, STATUS, 1, WRITE, 0);
	check(submit(0) && *status == 1, "short header: IOERR");

	/* Eight sectors written one by one come back in one batch of reads. */
	for (int k = 0; k < BATCH; k++) {
		for (i = 0; i < 512; i++)
			data[i] = 'a' + k;
		check(request(1, 8 + k, 512, 0) == 0, "write sectors 8-15");
	}
	for (i = 0; i < 512 * BATCH; i++)
		data[i] = 0;
	check(read_batch(), "eight reads at once");
	for (ok = 1, i = 0; i < 512 * BATCH; i++)
		ok &= data[i] == 'a' + i / 512;
	check(ok, "each of the eight reads got its sector");
	check(!(reg(R_STATUS) & 0x40), "no reset needed yet");

	/* Malformed rings: NEEDS_RESET, then a reset brings it back. */
	put_desc(0, DATA, 0xffffffff, 0, 0);
	check(!submit(0) && needs_reset(), "4 GiB buffer");
	setup(DESC);
	put_desc(0, DATA, 16, NEXT, 1);
	put_desc(1, DATA, 16, NEXT, 0);
	check(!submit(0) && needs_reset(), "a chain that loops");
	setup(DESC);
	put_desc(0, 1ULL << 44, 512, 0, 0);
	check(!submit(0) && needs_reset(), "buffer outside RAM");
	setup(DESC);
	put_desc(0, bi->ram_size - 8, 16, 0, 0);
	check(!submit(0) && needs_reset(), "buffer across the end of RAM");
	setup(DESC);
	check(!submit(200) && needs_reset(), "head past the table");
	setup(DESC);
	put_desc(0, HDR, 16, NEXT, 1);
	put_desc(1, STATUS, 1, WRITE | NEXT, 2);
	put_desc(2, DATA, 16, 0, 0);
	check(!submit(0) && needs_reset(), "readable after writable");
	setup(DESC);
	avail[1] = NUM + 3;
	wreg(R_NOTIFY, 0);
	check(needs_reset(), "available index far ahead");
	setup(0xf0000000UL);
	check(reg(R_STATUS) & 0x40, "ring outside RAM refused at QueueReady");
	check(!reg(R_QUEUE_READY), "that queue stays disabled");

	/* After a reset, the device works again. */
	setup(DESC);
	for (i = 0; i < 512; i++)
		data[i] = 'K';
	check(request(1, 2, 512, 0) == 0, "write after the resets");
out:
	puts_serial(failed ? "result FAIL\n" : "result ok\n");
	return failed ? 1 : 0;
}
