/* SPDX-License-Identifier: GPL-2.0 */
/* The tiny runtime the freestanding test guests share. */
#ifndef LGUEST_TEST_GUEST_H
#define LGUEST_TEST_GUEST_H

#include <stdint.h>
#include <linux/lguest.h>

static inline void port_out8(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a" (v), "Nd" (port));
}

static inline uint8_t port_in8(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a" (v) : "Nd" (port));
	return v;
}

static inline uint64_t hcall(uint64_t nr, uint64_t a0)
{
	uint64_t ret;

	asm volatile("vmmcall" : "=a" (ret) : "a" (nr), "b" (a0) : "memory");
	return ret;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	asm volatile("cpuid" : "=a" (r[0]), "=b" (r[1]), "=c" (r[2]), "=d" (r[3])
		     : "a" (leaf), "c" (sub));
}

void putc_serial(char c);
void puts_serial(const char *s);
void puthex(uint64_t v);
int getc_serial(void);
void set_idt_handler(int vector, void (*handler)(void));
void gp_handler(void);
/* start.S: fault handlers that step over skip_len bytes; a timer handler. */
extern volatile uint64_t skip_len, faults, ticks, pic_irqs, pic_bytes;
void fault_handler(void);
void fault_err_handler(void);
void timer_handler(void);
void pic_uart_handler(void);
int strcmp_g(const char *a, const char *b);

#endif
