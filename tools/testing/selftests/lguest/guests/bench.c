// SPDX-License-Identifier: GPL-2.0
/*
 * The exit benchmark: N port writes to an unused port, then N no-op
 * hypercalls, each timed with the TSC.  "n=N" on the command line.
 * Prints "bench n=N io_cycles=C hcall_cycles=C".  With " notify" after
 * the count (the guest has a virtio-mmio device in the first window),
 * also N queue notifications to it, for a queue it does not have, so
 * only the exit is measured: " notify_cycles=C".
 */
#include "guest.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (uint64_t)hi << 32 | lo;
}

static void putdec(uint64_t v)
{
	char buf[24];
	int i = 0;

	do {
		buf[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i)
		putc_serial(buf[--i]);
}

int main(struct lguest_boot_info *bi)
{
	const char *c = (const char *)bi->cmdline_gpa;
	uint64_t n = 0, i, t0, t1, t2, t3 = 0;

	if (c[0] == 'n' && c[1] == '=')
		for (c += 2; *c >= '0' && *c <= '9'; c++)
			n = n * 10 + (*c - '0');
	if (!n)
		n = 10000;
	t0 = rdtsc();
	for (i = 0; i < n; i++)
		port_out8(0x510, 0);
	t1 = rdtsc();
	for (i = 0; i < n; i++)
		hcall(LGUEST_HCALL_NOP, 0);
	t2 = rdtsc();
	while (*c == ' ')
		c++;
	if (c[0] == 'n' && c[1] == 'o' && c[2] == 't' && c[3] == 'i' &&
	    *(volatile uint32_t *)0xfe000000UL == 0x74726976) {
		for (i = 0; i < n; i++)
			*(volatile uint32_t *)0xfe000050UL = 7;
		t3 = rdtsc();
	}
	puts_serial("bench n=");
	putdec(n);
	puts_serial(" io_cycles=");
	putdec(t1 - t0);
	puts_serial(" hcall_cycles=");
	putdec(t2 - t1);
	if (t3) {
		puts_serial(" notify_cycles=");
		putdec(t3 - t2);
	}
	puts_serial("\n");
	return 0;
}
