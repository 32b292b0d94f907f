// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pic.c: Linux's own initialization sequence, edges,
 * masking, fully nested priority across the cascade, EOIs, IRR/ISR reads,
 * automatic EOI, poll mode, a delivery cut short, and lines and vectors
 * that are not the 8259s'.
 */
#include <kunit/test.h>

#include "../lg.h"

static void wr(struct lg_pic *pic, bool slave, unsigned int off, u8 val)
{
	lg_pic_access(pic, slave, off, true, val);
}

static u8 rd(struct lg_pic *pic, bool slave, unsigned int off)
{
	return lg_pic_access(pic, slave, off, false, 0);
}

/* As Linux's init_8259A(): vectors 0x30 and 0x38, then unmask @imr. */
static void linux_init(struct lg_pic *pic, u8 icw4, u8 master_imr, u8 slave_imr)
{
	wr(pic, false, 1, 0xff);
	wr(pic, true, 1, 0xff);
	wr(pic, false, 0, 0x11);
	wr(pic, false, 1, 0x30);
	wr(pic, false, 1, 0x04);
	wr(pic, false, 1, icw4);
	wr(pic, true, 0, 0x11);
	wr(pic, true, 1, 0x38);
	wr(pic, true, 1, 0x02);
	wr(pic, true, 1, icw4);
	wr(pic, false, 1, master_imr);
	wr(pic, true, 1, slave_imr);
}

static void edge(struct lg_pic *pic, unsigned int irq)
{
	lg_pic_set_line(pic, irq, false);
	lg_pic_set_line(pic, irq, true);
}

static void lg_pic_basic_test(struct kunit *test)
{
	struct lg_pic pic;

	/* Masked from reset: an edge is requested but not offered. */
	lg_pic_init(&pic);
	edge(&pic, 4);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);

	linux_init(&pic, 0x01, (u8)~BIT(4) & ~BIT(2), 0xff);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 1), (u8)~BIT(4) & ~BIT(2));
	/* ICW1 cleared the old request. */
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	lg_pic_set_line(&pic, 4, true);		/* still high: no edge */
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	edge(&pic, 4);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x34);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), BIT(4));	/* IRR */
	lg_pic_ack(&pic, 0x34);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	wr(&pic, false, 0, 0x0b);				/* OCW3: read ISR */
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), BIT(4));
	/* A new edge while in service waits for the EOI. */
	edge(&pic, 4);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	wr(&pic, false, 0, 0x64);				/* specific EOI, 4 */
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x34);
	/* Masking withdraws the offer; unmasking brings it back. */
	wr(&pic, false, 1, 0xff);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	wr(&pic, false, 1, (u8)~BIT(4));
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x34);
}

/* Lower input, higher priority; the slave rides on the master's input 2. */
static void lg_pic_priority_test(struct kunit *test)
{
	struct lg_pic pic;

	lg_pic_init(&pic);
	linux_init(&pic, 0x01, 0x00, 0x00);
	edge(&pic, 5);
	edge(&pic, 3);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x33);
	lg_pic_ack(&pic, 0x33);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);	/* 5 < 3's priority */
	wr(&pic, false, 0, 0x20);				/* non-specific EOI */
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x35);
	lg_pic_ack(&pic, 0x35);
	edge(&pic, 1);						/* preempts 5 */
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x31);
	lg_pic_ack(&pic, 0x31);
	wr(&pic, false, 0, 0x20);				/* ends 1 */
	wr(&pic, false, 0, 0x20);				/* ends 5 */
	wr(&pic, false, 0, 0x0b);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0);

	/* IRQ 12: slave input 4, through the master's input 2. */
	edge(&pic, 12);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x3c);
	lg_pic_ack(&pic, 0x3c);
	wr(&pic, true, 0, 0x0b);
	KUNIT_EXPECT_EQ(test, rd(&pic, true, 0), BIT(4));
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), BIT(2));
	edge(&pic, 5);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);	/* below the cascade */
	edge(&pic, 0);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x30);	/* above it */
	lg_pic_ack(&pic, 0x30);
	wr(&pic, false, 0, 0x60);				/* specific EOI, 0 */
	wr(&pic, true, 0, 0x20);
	wr(&pic, false, 0, 0x62);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x35);
}

static void lg_pic_modes_test(struct kunit *test)
{
	struct lg_pic pic;

	/* Automatic EOI: nothing stays in service. */
	linux_init(&pic, 0x03, 0x00, 0x00);
	edge(&pic, 6);
	lg_pic_ack(&pic, 0x36);
	wr(&pic, false, 0, 0x0b);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0);
	edge(&pic, 7);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x37);

	/* Poll mode: the read is the acknowledge. */
	linux_init(&pic, 0x01, 0x00, 0x00);
	edge(&pic, 4);
	wr(&pic, false, 0, 0x0c);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0x84);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	wr(&pic, false, 0, 0x0c);
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0);		/* none now */

	/* A delivery cut short: requested again, nothing in service. */
	wr(&pic, false, 0, 0x20);
	edge(&pic, 11);
	lg_pic_ack(&pic, 0x3b);
	lg_pic_unack(&pic, 0x3b);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x3b);
	wr(&pic, false, 0, 0x0a);				/* IRR: the cascade */
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), BIT(2));
	wr(&pic, true, 0, 0x0a);
	KUNIT_EXPECT_EQ(test, rd(&pic, true, 0), BIT(3));
	wr(&pic, false, 0, 0x0b);				/* ISR: nothing */
	KUNIT_EXPECT_EQ(test, rd(&pic, false, 0), 0);
	wr(&pic, true, 0, 0x0b);
	KUNIT_EXPECT_EQ(test, rd(&pic, true, 0), 0);
}

/* What is not the 8259s' changes nothing. */
static void lg_pic_hostile_test(struct kunit *test)
{
	struct lg_pic pic, before;

	lg_pic_init(&pic);
	linux_init(&pic, 0x01, 0x00, 0x00);
	before = pic;
	edge(&pic, 16);
	edge(&pic, 200);
	edge(&pic, 2);
	KUNIT_EXPECT_EQ(test, memcmp(&pic, &before, sizeof(pic)), 0);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), -1);
	lg_pic_ack(&pic, 0x34);
	lg_pic_unack(&pic, 0x99);
	lg_pic_unack(&pic, 0x32);				/* the cascade */
	KUNIT_EXPECT_EQ(test, memcmp(&pic, &before, sizeof(pic)), 0);
	/* Acknowledging another vector than the one pending does nothing. */
	edge(&pic, 4);
	lg_pic_ack(&pic, 0x35);
	KUNIT_EXPECT_EQ(test, lg_pic_pending(&pic), 0x34);
}

static struct kunit_case lg_pic_cases[] = {
	KUNIT_CASE(lg_pic_basic_test),
	KUNIT_CASE(lg_pic_priority_test),
	KUNIT_CASE(lg_pic_modes_test),
	KUNIT_CASE(lg_pic_hostile_test),
	{}
};

static struct kunit_suite lg_pic_suite = {
	.name = "lguest-pic",
	.test_cases = lg_pic_cases,
};

kunit_test_suite(lg_pic_suite);
