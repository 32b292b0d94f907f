// SPDX-License-Identifier: GPL-2.0
/* Reads console input and echoes it upper-cased until a '.' arrives. */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	int c;

	puts_serial("ready\n");
	while ((c = getc_serial()) != '.')
		putc_serial(c >= 'a' && c <= 'z' ? c - 32 : c);
	puts_serial("\nbye\n");
	return 0;
}
