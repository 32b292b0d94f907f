// SPDX-License-Identifier: GPL-2.0
/*
 * Writes 32 KiB (twice the console buffer) to the console as fast as it
 * can: lines of 64 bytes, each "NNNNNNNN" (its number in hex) and a fixed
 * pattern, so the reader can check that nothing was lost or reordered.
 */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	static const char pat[] = "-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR\n";
	uint32_t line, i;

	for (line = 0; line < 512; line++) {
		for (i = 0; i < 8; i++)
			port_out8(0x3f8, "0123456789abcdef"[(line >> (28 - 4 * i)) & 0xf]);
		for (i = 0; i < sizeof(pat) - 1; i++)
			port_out8(0x3f8, pat[i]);
	}
	return 0;
}
