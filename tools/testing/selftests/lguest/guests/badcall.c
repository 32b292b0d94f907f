// SPDX-License-Identifier: GPL-2.0
/* A hypercall number lguest does not know. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	hcall(0xdead, 0);
	return 0;
}
