// SPDX-License-Identifier: GPL-2.0
/*
 * D:100 The console UART: an 8250 (16450: no FIFOs) at 0x3f8.  Every
 * stock kernel drives one, and a test guest needs two OUTs to print.  The
 * register file is pure logic; the bytes go to the console buffers through
 * two callbacks.  Writing THR can be refused while the console is full: the
 * vCPU then waits and retries the OUT, so no output is ever dropped.
 */
#include <linux/kernel.h>

#include "lg.h"

#define UART_RBR_THR	0
#define UART_IER	1
#define UART_IIR_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define LCR_DLAB	0x80
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define IIR_NO_INT	0x01
#define MSR_CTS_DSR_DCD	0xb0

/**
 * lg_uart_out() - the guest wrote @val to register @reg.
 * @u: the UART.
 * @reg: register offset, 0 to 7.
 * @val: the byte.
 *
 * Return: false if the write must be retried later (console full).
 */
bool lg_uart_out(struct lg_uart *u, unsigned int reg, u8 val)
{
	switch (reg) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB) {
			u->dll = val;
			return true;
		}
		return u->tx(u->ctx, val);
	case UART_IER:
		if (u->lcr & LCR_DLAB)
			u->dlm = val;
		else
			u->ier = val & 0x0f;
		return true;
	case UART_LCR:
		u->lcr = val;
		return true;
	case UART_MCR:
		u->mcr = val & 0x1f;
		return true;
	case UART_SCR:
		u->scr = val;
		return true;
	default:		/* FCR, and the read-only LSR and MSR */
		return true;
	}
}

/**
 * lg_uart_in() - the guest reads register @reg.
 * @u: the UART.
 * @reg: register offset, 0 to 7.
 *
 * Return: the register's value.
 */
u8 lg_uart_in(struct lg_uart *u, unsigned int reg)
{
	int c;

	switch (reg) {
	case UART_RBR_THR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		c = u->rx(u->ctx, false);
		return c < 0 ? 0 : c;
	case UART_IER:
		return u->lcr & LCR_DLAB ? u->dlm : u->ier;
	case UART_IIR_FCR:
		return IIR_NO_INT;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return LSR_THRE | LSR_TEMT | (u->rx(u->ctx, true) >= 0 ? LSR_DR : 0);
	case UART_MSR:
		return MSR_CTS_DSR_DCD;
	default:
		return u->scr;
	}
}
