// SPDX-License-Identifier: GPL-2.0
/* Console, hex printing and a minimal IDT for the test guests. */
#include "guest.h"

#define COM1 0x3f8

void putc_serial(char c)
{
	while (!(port_in8(COM1 + 5) & 0x20))
		;
	port_out8(COM1, c);
}

void puts_serial(const char *s)
{
	while (*s)
		putc_serial(*s++);
}

void puthex(uint64_t v)
{
	int i;

	puts_serial("0x");
	for (i = 60; i >= 0; i -= 4)
		putc_serial("0123456789abcdef"[(v >> i) & 0xf]);
}

int getc_serial(void)
{
	while (!(port_in8(COM1 + 5) & 0x01))
		;
	return port_in8(COM1);
}

int strcmp_g(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* 16 bytes each, naturally aligned: no packing needed. */
struct idt_entry {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
};

static struct idt_entry idt[256];

void set_idt_handler(int vector, void (*handler)(void))
{
	uint64_t a = (uint64_t)handler, base = (uint64_t)idt;
	uint16_t idtr[5];	/* limit, then the 64-bit base, unaligned */

	idt[vector].off0 = a;
	idt[vector].sel = 0x10;
	idt[vector].type = 0x8e;
	idt[vector].off1 = a >> 16;
	idt[vector].off2 = a >> 32;
	idtr[0] = sizeof(idt) - 1;
	__builtin_memcpy(&idtr[1], &base, sizeof(base));
	asm volatile("lidt %0" : : "m" (idtr));
}
