// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for uart.c: transmit with back-pressure, receive with the
 * data-ready bit, the divisor latch, and the registers Linux probes.
 */
#include <kunit/test.h>

#include "../lg.h"

struct fake_con {
	char out[16];
	int out_len;
	bool full;
	const char *in;
};

static bool fake_tx(void *ctx, u8 c)
{
	struct fake_con *f = ctx;

	if (f->full || f->out_len == sizeof(f->out))
		return false;
	f->out[f->out_len++] = c;
	return true;
}

static int fake_rx(void *ctx, bool peek)
{
	struct fake_con *f = ctx;

	if (!f->in || !*f->in)
		return -1;
	return peek ? *f->in : *f->in++;
}

static void lg_uart_test(struct kunit *test)
{
	struct fake_con f = { .in = "hi" };
	struct lg_uart u = { .tx = fake_tx, .rx = fake_rx, .ctx = &f };

	/* Transmit, and refuse (for a retry) while the console is full. */
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 0, 'A'));
	f.full = true;
	KUNIT_EXPECT_FALSE(test, lg_uart_out(&u, 0, 'B'));
	f.full = false;
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 0, 'B'));
	KUNIT_EXPECT_EQ(test, f.out_len, 2);
	KUNIT_EXPECT_EQ(test, f.out[0], 'A');
	KUNIT_EXPECT_EQ(test, f.out[1], 'B');

	/* LSR: transmitter empty, data ready while input is waiting. */
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 5), 0x61);
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 0), 'h');
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 0), 'i');
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 5), 0x60);
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 0), 0);

	/* DLAB: divisor latch instead of THR/IER; no byte is sent. */
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 3, 0x83));
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 0, 0x01));
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 1, 0x00));
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 0), 0x01);
	KUNIT_EXPECT_EQ(test, f.out_len, 2);
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 3, 0x03));
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 3), 0x03);

	/* No interrupt pending; scratch register holds a value (8250 probe). */
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 2), 0x01);
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 7, 0x5a));
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 7), 0x5a);
	KUNIT_EXPECT_TRUE(test, lg_uart_out(&u, 1, 0xff));
	KUNIT_EXPECT_EQ(test, lg_uart_in(&u, 1), 0x0f);
}

static struct kunit_case lg_uart_cases[] = {
	KUNIT_CASE(lg_uart_test),
	{}
};

static struct kunit_suite lg_uart_suite = {
	.name = "lguest-uart",
	.test_cases = lg_uart_cases,
};

kunit_test_suite(lg_uart_suite);
