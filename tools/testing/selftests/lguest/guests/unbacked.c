// SPDX-License-Identifier: GPL-2.0
/* Reads guest-physical 3 GiB, mapped by the boot tables but not RAM. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	return *(volatile uint32_t *)0xc0000000UL;
}
