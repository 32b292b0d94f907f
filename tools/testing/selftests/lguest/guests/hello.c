// SPDX-License-Identifier: GPL-2.0
/* Prints a greeting and its command line, then exits with code 0. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	puts_serial("Hello from an lguest guest!\n");
	if (bi->magic != LGUEST_BOOT_MAGIC)
		return 3;
	puts_serial("cmdline: ");
	puts_serial((const char *)bi->cmdline_gpa);
	puts_serial("\n");
	if (!strcmp_g((const char *)bi->cmdline_gpa, "exit=7"))
		return 7;
	return 0;
}
