// SPDX-License-Identifier: GPL-2.0
/*
 * D:450 The two 8259s of a PC, master at 0x20 and slave at 0xa0 on the
 * master's input 2, for a guest that does not use the I/O APIC (booted
 * with "noapic", or one that programs the 8259 itself).  The same lines
 * that reach the I/O APIC reach them (lg_irq_set()); a request the
 * guest has not masked goes to the local APIC's LINT0, and reaches the
 * vCPU only while the guest has set LINT0 to ExtINT and unmasked it, as
 * Linux does with noapic.  Then the 8259 itself names the vector.
 *
 * Edge-triggered inputs, fully nested priority (0 highest), normal and
 * automatic EOI, specific and non-specific EOI, reading IRR or ISR, and
 * poll mode; no rotation, special mask or level mode (ELCR is not
 * there), which Linux does not use.  Pure logic, tested under KUnit; the
 * caller holds the lock (io.c's, shared with the I/O APIC).
 */
#include <linux/bitops.h>
#include <linux/string.h>

#include "../lg.h"

#define PIC_CASCADE	2

/* The chip's highest-priority input among @bits, or -1. */
static int lg_pic_first(u8 bits)
{
	return bits ? __ffs(bits) : -1;
}

/*
 * The input the chip would interrupt for: requested, not masked, and of
 * higher priority than everything in service (fully nested).
 */
static int lg_pic_chip_pending(const struct lg_pic_chip *c)
{
	int irq = lg_pic_first(c->irr & ~c->imr);
	int busy = lg_pic_first(c->isr);

	if (irq < 0 || (busy >= 0 && busy <= irq))
		return -1;
	return irq;
}

/* The slave's output is the master's input 2: a level, recomputed. */
static void lg_pic_cascade(struct lg_pic *pic)
{
	if (lg_pic_chip_pending(&pic->chip[1]) >= 0)
		pic->chip[0].irr |= BIT(PIC_CASCADE);
	else
		pic->chip[0].irr &= ~BIT(PIC_CASCADE);
}

void lg_pic_init(struct lg_pic *pic)
{
	memset(pic, 0, sizeof(*pic));
	/* Masked until the guest programs them, as firmware leaves them. */
	pic->chip[0].imr = 0xff;
	pic->chip[1].imr = 0xff;
}

/**
 * lg_pic_set_line() - input @irq (0-15) is at @level now.
 * @pic: the 8259s.
 * @irq: the line; others are ignored.
 * @level: its new level; a rising edge requests an interrupt.
 */
void lg_pic_set_line(struct lg_pic *pic, unsigned int irq, bool level)
{
	struct lg_pic_chip *c;
	u8 bit;

	if (irq >= 16 || irq == PIC_CASCADE)
		return;
	c = &pic->chip[irq / 8];
	bit = BIT(irq % 8);
	if (level && !(c->line & bit))
		c->irr |= bit;
	c->line = level ? c->line | bit : c->line & ~bit;
	lg_pic_cascade(pic);
}

/**
 * lg_pic_pending() - the vector the 8259s would hand the CPU now.
 * @pic: the 8259s.
 *
 * Return: the vector, or -1 if the master's output is low.
 */
int lg_pic_pending(struct lg_pic *pic)
{
	int irq = lg_pic_chip_pending(&pic->chip[0]);

	if (irq < 0)
		return -1;
	if (irq == PIC_CASCADE)
		return pic->chip[1].base + lg_pic_chip_pending(&pic->chip[1]);
	return pic->chip[0].base + irq;
}

/* INTA on one chip: @irq from requested to in service (unless AEOI). */
static void lg_pic_chip_ack(struct lg_pic_chip *c, int irq)
{
	c->irr &= ~BIT(irq);
	if (!c->auto_eoi)
		c->isr |= BIT(irq);
}

/**
 * lg_pic_ack() - the CPU took @vector, which lg_pic_pending() offered.
 * @pic: the 8259s.
 * @vector: the vector offered.
 *
 * If the request went away in between (the guest masked it from another
 * path, say), the CPU still got @vector, as a spurious interrupt would
 * be: nothing is put in service then.
 */
void lg_pic_ack(struct lg_pic *pic, int vector)
{
	int irq = lg_pic_chip_pending(&pic->chip[0]);

	if (irq < 0)
		return;
	if (irq == PIC_CASCADE) {
		int sirq = lg_pic_chip_pending(&pic->chip[1]);

		if (sirq < 0 || pic->chip[1].base + sirq != vector)
			return;
		lg_pic_chip_ack(&pic->chip[1], sirq);
	} else if (pic->chip[0].base + irq != vector) {
		return;
	}
	lg_pic_chip_ack(&pic->chip[0], irq);
	lg_pic_cascade(pic);
}

/**
 * lg_pic_unack() - @vector's delivery was cut short: requested again.
 * @pic: the 8259s.
 * @vector: what lg_pic_ack() was given.
 */
void lg_pic_unack(struct lg_pic *pic, int vector)
{
	int i;

	for (i = 1; i >= 0; i--) {
		struct lg_pic_chip *c = &pic->chip[i];
		unsigned int irq = vector - c->base;

		if (irq >= 8 || (i == 0 && irq == PIC_CASCADE))
			continue;
		c->irr |= BIT(irq);
		c->isr &= ~BIT(irq);
		if (i == 1)
			pic->chip[0].isr &= ~BIT(PIC_CASCADE);
		lg_pic_cascade(pic);
		return;
	}
}

/* OCW2: end of interrupt, specific or not (rotation is taken as plain). */
static void lg_pic_eoi(struct lg_pic *pic, struct lg_pic_chip *c, u8 val)
{
	switch (val >> 5) {
	case 1: case 5:		/* non-specific: the highest in service */
		if (c->isr)
			c->isr &= ~BIT(lg_pic_first(c->isr));
		break;
	case 3: case 7:		/* specific: level val & 7 */
		c->isr &= ~BIT(val & 7);
		break;
	}
	lg_pic_cascade(pic);
}

/* Poll mode: a read is an INTA; bit 7 says whether there was one. */
static u8 lg_pic_poll(struct lg_pic *pic, struct lg_pic_chip *c)
{
	int irq = lg_pic_chip_pending(c);

	if (irq < 0)
		return 0;
	lg_pic_chip_ack(c, irq);
	lg_pic_cascade(pic);
	return 0x80 | irq;
}

/**
 * lg_pic_access() - a byte the guest reads or writes at 0x20-0x21 (@slave
 * false) or 0xa0-0xa1.
 * @pic: the 8259s.
 * @slave: which chip.
 * @off: 0 (command) or 1 (data).
 * @write: a store of @val, or a load.
 * @val: the byte stored.
 *
 * Return: the byte loaded (0 for a store).
 */
u8 lg_pic_access(struct lg_pic *pic, bool slave, unsigned int off, bool write,
		 u8 val)
{
	struct lg_pic_chip *c = &pic->chip[slave];

	if (!write) {
		if (off)
			return c->imr;
		if (c->poll) {
			c->poll = false;
			return lg_pic_poll(pic, c);
		}
		return c->read_isr ? c->isr : c->irr;
	}
	if (off) {
		/* ICW2 (vector base), ICW3 (wiring: fixed here), ICW4, or OCW1. */
		switch (c->init) {
		case 1:
			c->base = val & 0xf8;
			c->init = 2;
			break;
		case 2:
			c->init = c->need_icw4 ? 3 : 0;
			break;
		case 3:
			c->auto_eoi = val & 2;
			c->init = 0;
			break;
		default:
			c->imr = val;
			break;
		}
	} else if (val & 0x10) {
		/* ICW1: start over; edge mode, cascaded, ICW4 if asked. */
		c->imr = 0;
		c->isr = 0;
		c->irr = 0;
		c->read_isr = false;
		c->poll = false;
		c->auto_eoi = false;
		c->need_icw4 = val & 1;
		c->init = 1;
	} else if (val & 0x08) {
		/* OCW3: which register a read of the command port returns. */
		if (val & 2)
			c->read_isr = val & 1;
		c->poll = val & 4;
	} else {
		lg_pic_eoi(pic, c, val);
	}
	lg_pic_cascade(pic);
	return 0;
}
