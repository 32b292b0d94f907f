// SPDX-License-Identifier: GPL-2.0
/* Spins forever with interrupts off: only the host can end it. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	puts_serial("spinning\n");
	for (;;)
		asm volatile("" ::: "memory");
}
