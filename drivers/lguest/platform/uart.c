// SPDX-License-Identifier: GPL-2.0
/*
 * D:100 The console UART: a 16550A at 0x3f8, IRQ 4.  Every stock kernel
 * drives one, and a test guest needs two OUTs to print.  Transmission is
 * instant, so the transmitter is always empty; with FIFOs on, Linux writes
 * 16 bytes per "THR empty" interrupt.  The register file is pure logic;
 * the bytes go to the console buffers through two callbacks.  Writing THR
 * can be refused while the console is full: the vCPU then waits and
 * retries the OUT, so no output is ever dropped.
 */
#include <linux/kernel.h>

#include "../lg.h"

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
#define IIR_THRE	0x02
#define IIR_RDA		0x04
#define IIR_FIFO	0xc0
#define IER_RDA		0x01
#define IER_THRE	0x02
#define MCR_OUT2	0x08
#define FCR_ENABLE	0x01
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
		if (!u->tx(u->ctx, val))
			return false;
		u->thre_pending = true;
		return true;
	case UART_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			return true;
		}
		/* Enabling the THRE interrupt with THR empty raises it. */
		if ((val & IER_THRE) && !(u->ier & IER_THRE))
			u->thre_pending = true;
		u->ier = val & 0x0f;
		return true;
	case UART_IIR_FCR:
		u->fifo = val & FCR_ENABLE;
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
	default:		/* the read-only LSR and MSR */
		return true;
	}
}

/* The highest-priority pending interrupt, as IIR reports it. */
static u8 lg_uart_iir(struct lg_uart *u)
{
	if ((u->ier & IER_RDA) && u->rx(u->ctx, true) >= 0)
		return IIR_RDA;
	if ((u->ier & IER_THRE) && u->thre_pending)
		return IIR_THRE;
	return IIR_NO_INT;
}

/**
 * lg_uart_irq() - the level of the UART's interrupt line.
 * @u: the UART.
 *
 * Return: true while an enabled interrupt is pending and OUT2 lets it
 * through, as on a PC.
 */
bool lg_uart_irq(struct lg_uart *u)
{
	return (u->mcr & MCR_OUT2) && lg_uart_iir(u) != IIR_NO_INT;
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
		c = lg_uart_iir(u);
		/* Reading IIR acknowledges a THRE interrupt. */
		if (c == IIR_THRE)
			u->thre_pending = false;
		return c | (u->fifo ? IIR_FIFO : 0);
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
