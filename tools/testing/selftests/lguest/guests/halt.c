// SPDX-License-Identifier: GPL-2.0
/* HLT with interrupts off: nothing can ever wake it. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	asm volatile("cli; hlt");
	return 0;
}
