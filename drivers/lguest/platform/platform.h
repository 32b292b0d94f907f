/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform: the devices every lguest machine has and the bus they sit
 * on.  lg.h includes this for the state struct lguest embeds; the
 * functions take the guest and live in the files named above each group.
 */
#ifndef _DRIVERS_LGUEST_PLATFORM_H
#define _DRIVERS_LGUEST_PLATFORM_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "bus.h"

struct file;
struct lguest;
struct lg_exit;
struct lg_tty;
struct lg_vcpu;
struct poll_table_struct;
struct tty_port;

/* acpi.c */
#define LG_ACPI_SIZE		0x1000
#define LG_PORT_RESET		0xcf9	/* write LG_RESET_VALUE: reboot */
#define LG_RESET_VALUE		0x06
#define LG_PORT_PM1_EVT		0x600	/* PM1a status and enable: idle */
#define LG_PORT_PM1_CNT		0x604	/* PM1a control: SLP_TYP, SLP_EN */
#define LG_SCI_IRQ		12	/* never raised; no device uses it */
int lg_acpi_build(u8 *buf, u64 base, const struct lg_bus *pio,
		  const struct lg_bus *mmio);

/* uart.c: a 16550A whose transmitter is always empty. */
/** struct lg_uart - the register file of a 16550A-style UART. */
struct lg_uart {
	u8 ier, lcr, mcr, scr, dll, dlm;
	bool fifo, thre_pending;
	/* Returns false when the byte cannot be taken now (retry the OUT). */
	bool (*tx)(void *ctx, u8 c);
	/* Returns the next received byte, or -1. */
	int (*rx)(void *ctx, bool peek);
	void *ctx;
};

bool lg_uart_out(struct lg_uart *u, unsigned int reg, u8 val);
u8 lg_uart_in(struct lg_uart *u, unsigned int reg);
bool lg_uart_irq(struct lg_uart *u);

#define LG_IOAPIC_GPA		0xfec00000ULL
#define LG_IOAPIC_PINS		24
#define LG_UART_GSI		4

/**
 * struct lg_pic_chip - one 8259.
 * @irr: requested inputs.
 * @imr: masked inputs.
 * @isr: inputs in service.
 * @line: each input's level, for edge detection.
 * @base: the vector of input 0 (ICW2).
 * @init: which initialization word comes next (0: none, 1-3: ICW2-4).
 * @need_icw4: ICW1 asked for ICW4.
 * @auto_eoi: ICW4's automatic EOI: nothing stays in service.
 * @read_isr: a read of the command port returns ISR, not IRR (OCW3).
 * @poll: the next read of the command port is a poll (OCW3).
 * @elcr: the edge/level control register (io.c): read back, not obeyed.
 */
struct lg_pic_chip {
	u8 irr, imr, isr, line, base, init, elcr;
	bool need_icw4, auto_eoi, read_isr, poll;
};

/**
 * struct lg_pic - the master and slave 8259s; under the I/O APIC's lock.
 * @chip: master, slave.
 */
struct lg_pic {
	struct lg_pic_chip chip[2];
};

/**
 * struct lg_ioapic - the I/O APIC.
 * @lock: guards all of it: lines are set from any context (lg_irq_set()),
 *	registers are written by the vCPU.
 * @sel: the selected register (IOREGSEL).
 * @id: the ID register.
 * @redir: the redirection table.
 * @level: each input's current level.
 * @pic: the 8259s, on the same lines (and under the same lock).
 */
struct lg_ioapic {
	spinlock_t lock;	/* all of it: lines from any context */
	u32 sel, id;
	u64 redir[LG_IOAPIC_PINS];
	unsigned long level;
	struct lg_pic pic;
};

#define LG_MSR_TSC_DEADLINE	0x6e0

/**
 * struct lg_lapic - the local APIC, x2APIC mode.
 * @irr: requested vectors; set from any context (the timer), atomically.
 * @isr: vectors in service; the vCPU's own.
 * @tpr: task priority.
 * @svr: spurious vector register (bit 8: enabled).
 * @icr: last interrupt command.
 * @lvt_timer: the timer's LVT entry; read by the timer callback.
 * @lvt: the other LVT entries (thermal, PMC, LINT0, LINT1, error).
 * @lvt_cmci: the CMCI LVT entry.
 * @tmict: initial count (stored; the counting timer is not offered).
 * @tdcr: divide configuration (stored).
 * @tsc_deadline: the armed deadline in guest TSC, 0 when idle.
 * @timer: fires at the deadline.
 */
struct lg_lapic {
	unsigned long irr[BITS_TO_LONGS(256)];
	unsigned long isr[BITS_TO_LONGS(256)];
	u32 tpr, svr;
	u64 icr;
	u32 lvt_timer, lvt[5], lvt_cmci;
	u32 tmict, tdcr;
	u64 tsc_deadline;
	struct hrtimer timer;
};

/**
 * struct lg_console - the guest's console as the stub sees it.
 * @out: what the guest wrote, waiting for read(): a ring of
 *	LG_CONSOLE_OUT_SIZE bytes, @out_len of them from @out_head.
 * @out_head: see @out.
 * @out_len: see @out.
 * @in: what the stub wrote, waiting for the guest: @in_len bytes from
 *	@in_head.
 * @in_head: see @in.
 * @in_len: see @in.
 * @lock: protects both rings.
 * @out_wait: readers, and a vCPU waiting for room in @out.
 * @tty: the console's tty, once the stub has handed the console to one
 *	(tty.c's own; the console itself only writes to @port).
 * @port: where output goes while a tty has the console, or NULL: set and
 *	cleared by tty.c, so the console never calls into it.
 * @tty_flush: moves what the tty could not take yet.
 * @out_timer: wakes the readers a moment after output began (console.c).
 * @input_kick: called, under @lock, when input arrives, if set: a virtio
 *	console's way to wake its worker (set and cleared under @lock).
 *	While it is set, input is the virtio console's, not the UART's.
 * @input_ctx: its argument.
 */
struct lg_console {
	u8 *out;
	size_t out_head, out_len;
	u8 in[256];
	size_t in_head, in_len;
	spinlock_t lock;		/* see @lock above */
	wait_queue_head_t out_wait;
	struct lg_tty *tty;
	struct tty_port *port;
	struct delayed_work tty_flush;
	struct hrtimer out_timer;
	void (*input_kick)(void *ctx);
	void *input_ctx;
};

#define LG_CONSOLE_OUT_SIZE	16384

/* lapic.c */
void lg_lapic_init(struct lguest *lg);
void lg_lapic_free(struct lguest *lg);
int lg_lapic_pending(struct lguest *lg);
void lg_lapic_accept(struct lguest *lg, int vector);
void lg_lapic_unaccept(struct lguest *lg, int vector);
int lg_lapic_rdmsr(struct lguest *lg, u32 msr, u64 *val);
int lg_lapic_wrmsr(struct lguest *lg, u32 msr, u64 val);
void lg_lapic_raise(struct lguest *lg, u8 vector);
void lg_irq_kick(struct lguest *lg);
int lg_lapic_highest(const unsigned long *bits);
int lg_irq_pending(struct lguest *lg, bool *extint);
bool lg_irq_ready(struct lguest *lg);
void lg_irq_accept(struct lguest *lg, int vector, bool extint);
void lg_irq_unaccept(struct lguest *lg, int vector, bool extint);

/* ioapic.c */
void lg_ioapic_init(struct lg_ioapic *io);
int lg_ioapic_set_line(struct lg_ioapic *io, unsigned int gsi, bool level);
int lg_ioapic_access(struct lg_ioapic *io, u64 off, unsigned int size,
		     bool write, u64 *val);

/* pic.c */
void lg_pic_init(struct lg_pic *pic);
void lg_pic_set_line(struct lg_pic *pic, unsigned int irq, bool level);
int lg_pic_pending(struct lg_pic *pic);
void lg_pic_ack(struct lg_pic *pic, int vector);
void lg_pic_unack(struct lg_pic *pic, int vector);
u8 lg_pic_access(struct lg_pic *pic, bool slave, unsigned int off, bool write,
		 u8 val);

/* io.c: the machine's devices on its two buses, and the dispatch. */
int lg_devices_build(struct lguest *lg);
void lg_irq_set(struct lguest *lg, unsigned int gsi, bool level);
void lg_devices_sync(struct lguest *lg);
ssize_t lg_devices_stats(struct lguest *lg, char *page, ssize_t len);
bool lg_devices_irq_changed(struct lguest *lg);
bool lg_handle_io(struct lguest *lg, struct lg_exit *e);
bool lg_handle_mmio(struct lguest *lg, struct lg_vcpu *vcpu, struct lg_exit *e);

/* console.c */
int lg_console_init(struct lguest *lg);
void lg_console_free(struct lguest *lg);
bool lg_console_put(struct lguest *lg, u8 c);
void lg_console_set_input_kick(struct lguest *lg, void (*kick)(void *ctx), void *ctx);
int lg_console_get(struct lguest *lg, bool peek);
size_t lg_console_take(struct lguest *lg, u8 *buf, size_t len);
bool lg_console_has_room(struct lguest *lg);
ssize_t lg_console_read(struct lguest *lg, char __user *buf, size_t len,
			bool nonblock);
ssize_t lg_console_write(struct lguest *lg, const char __user *buf,
			 size_t len);
__poll_t lg_console_poll(struct lguest *lg, struct file *file,
			 struct poll_table_struct *wait);
size_t lg_console_feed(struct lguest *lg, const u8 *chunk, size_t len);
unsigned int lg_console_room(struct lguest *lg);
void lg_console_flush_to_tty(struct lguest *lg, struct tty_port *port);

/* tty.c */
int lg_tty_init(void);
void lg_tty_exit(void);
int lg_tty_create(struct lguest *lg);
void lg_tty_remove(struct lguest *lg);
struct tty_port *lg_tty_port(struct lguest *lg);
int lg_tty_index(struct lguest *lg);

#endif /* _DRIVERS_LGUEST_PLATFORM_H */
