// SPDX-License-Identifier: GPL-2.0
/* No IDT: the first exception is a triple fault. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	puts_serial("about to fault\n");
	asm volatile("ud2");
	return 0;
}
