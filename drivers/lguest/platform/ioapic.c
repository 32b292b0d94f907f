// SPDX-License-Identifier: GPL-2.0
/*
 * D:400 The I/O APIC at 0xfec00000: 24 inputs, edge-triggered only, all
 * delivered to the one local APIC.  Devices (the UART on input 4) set the
 * level of their line with lg_irq_set() (io.c, which holds the lock and
 * raises the vector); a rising edge on an unmasked input raises its
 * vector.  The guest programs it through two 32-bit registers in MMIO,
 * which is why lguest decodes MOV instructions at all.  The register file
 * here is pure logic, tested under KUnit.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "../lg.h"

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VERSION	(0x11 | ((LG_IOAPIC_PINS - 1) << 16))
#define REDIR_MASKED	BIT_ULL(16)

void lg_ioapic_init(struct lg_ioapic *io)
{
	int i;

	memset(io, 0, sizeof(*io));
	spin_lock_init(&io->lock);
	for (i = 0; i < LG_IOAPIC_PINS; i++)
		io->redir[i] = REDIR_MASKED;
	lg_pic_init(&io->pic);
}

/**
 * lg_ioapic_set_line() - input @gsi is at @level now.
 * @io: the I/O APIC, its lock held.
 * @gsi: the input.
 * @level: its new level.
 *
 * Return: the vector a rising edge on an unmasked input with fixed or
 * lowest-priority delivery raises, or -1 (no change, a falling edge,
 * masked, another delivery mode, or no such input).
 */
int lg_ioapic_set_line(struct lg_ioapic *io, unsigned int gsi, bool level)
{
	u64 r;

	if (gsi >= LG_IOAPIC_PINS || level == test_bit(gsi, &io->level))
		return -1;
	__assign_bit(gsi, &io->level, level);
	r = io->redir[gsi];
	/* NMI, INIT and ExtINT delivery are not offered. */
	if (!level || (r & REDIR_MASKED) || ((r >> 8) & 7) > 1)
		return -1;
	return r & 0xff;
}

/* The selected register, read or written through IOWIN. */
static u32 lg_ioapic_reg(struct lg_ioapic *io, bool write, u32 val)
{
	u32 reg = io->sel;
	unsigned int pin = (reg - 0x10) / 2;
	bool high = reg & 1;

	if (reg >= 0x10 && pin < LG_IOAPIC_PINS) {
		if (write) {
			u64 keep = high ? 0xffffffffULL : 0xffffffff00000000ULL;
			u64 v = high ? (u64)val << 32 : val;

			io->redir[pin] = (io->redir[pin] & keep) | v;
			return 0;
		}
		return high ? io->redir[pin] >> 32 : (u32)io->redir[pin];
	}
	if (write) {
		if (reg == 0)
			io->id = val & 0x0f000000;
		return 0;
	}
	switch (reg) {
	case 0:
		return io->id;
	case 1:
		return IOAPIC_VERSION;
	default:
		return 0;
	}
}

/**
 * lg_ioapic_access() - the guest's access to the I/O APIC's window.
 * @io: the I/O APIC, its lock held.
 * @off: offset in the 4 KiB window.
 * @size: bytes accessed.
 * @write: a store of *@val, or a load into it.
 * @val: the value.
 *
 * IOREGSEL and IOWIN, 32-bit aligned accesses only; other offsets read
 * as zero and ignore stores.
 *
 * Return: 0, or -EINVAL for any other size or alignment.
 */
int lg_ioapic_access(struct lg_ioapic *io, u64 off, unsigned int size,
		     bool write, u64 *val)
{
	if (size != 4 || (off & 3))
		return -EINVAL;
	if (off == IOREGSEL) {
		if (write)
			io->sel = *val & 0xff;
		else
			*val = io->sel;
	} else if (off == IOWIN) {
		u32 v = lg_ioapic_reg(io, write, *val);

		if (!write)
			*val = v;
	} else if (!write) {
		*val = 0;
	}
	return 0;
}
