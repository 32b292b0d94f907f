// SPDX-License-Identifier: GPL-2.0
/*
 * D:400 The I/O APIC at 0xfec00000: 24 inputs, edge-triggered only, all
 * delivered to the one local APIC.  Devices (the UART on input 4) set the
 * level of their line; a rising edge on an unmasked input raises its
 * vector.  The guest programs it through two 32-bit registers in MMIO,
 * which is why lguest decodes MOV instructions at all.
 */
#include "lg.h"

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VERSION	(0x11 | ((LG_IOAPIC_PINS - 1) << 16))
#define REDIR_MASKED	BIT_ULL(16)

void lg_ioapic_init(struct lguest *lg)
{
	struct lg_ioapic *io = &lg->ioapic;
	int i;

	memset(io, 0, sizeof(*io));
	for (i = 0; i < LG_IOAPIC_PINS; i++)
		io->redir[i] = REDIR_MASKED;
}

/* A device's interrupt line is at @level now. */
void lg_ioapic_set_irq(struct lguest *lg, unsigned int pin, bool level)
{
	struct lg_ioapic *io = &lg->ioapic;
	bool was = test_bit(pin, &io->level);

	if (level == was)
		return;
	__assign_bit(pin, &io->level, level);
	if (!level || (io->redir[pin] & REDIR_MASKED))
		return;
	/* Fixed or lowest-priority delivery; NMI, INIT, ExtINT are not offered. */
	if (((io->redir[pin] >> 8) & 7) <= 1)
		lg_lapic_raise(lg, io->redir[pin] & 0xff);
}

/**
 * lg_ioapic_mmio() - a 32-bit access to the I/O APIC's registers.
 * @lg: the guest.
 * @offset: offset in the 4 KiB window.
 * @write: a store.
 * @val: the value stored, or receives the value loaded.
 */
void lg_ioapic_mmio(struct lguest *lg, u32 offset, bool write, u32 *val)
{
	struct lg_ioapic *io = &lg->ioapic;
	u32 reg = io->sel;
	unsigned int pin = (reg - 0x10) / 2;
	bool high = reg & 1;

	if (offset == IOREGSEL) {
		if (write)
			io->sel = *val & 0xff;
		else
			*val = io->sel;
		return;
	}
	if (offset != IOWIN) {
		if (!write)
			*val = 0;
		return;
	}
	if (reg >= 0x10 && pin < LG_IOAPIC_PINS) {
		if (write) {
			u64 keep = high ? 0xffffffffULL : 0xffffffff00000000ULL;
			u64 v = high ? (u64)*val << 32 : *val;

			io->redir[pin] = (io->redir[pin] & keep) | v;
		} else {
			*val = high ? io->redir[pin] >> 32 : (u32)io->redir[pin];
		}
		return;
	}
	if (write) {
		if (reg == 0)
			io->id = *val & 0x0f000000;
		return;
	}
	switch (reg) {
	case 0:
		*val = io->id;
		break;
	case 1:
		*val = IOAPIC_VERSION;
		break;
	default:
		*val = 0;
		break;
	}
}
