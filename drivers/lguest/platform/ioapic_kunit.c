// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for ioapic.c: the register window, and which edges on which
 * inputs raise a vector.
 */
#include <kunit/test.h>

#include "../lg.h"

static u32 rd(struct kunit *test, struct lg_ioapic *io, u32 reg)
{
	u64 v = reg;

	KUNIT_EXPECT_EQ(test, lg_ioapic_access(io, 0x00, 4, true, &v), 0);
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(io, 0x10, 4, false, &v), 0);
	return v;
}

static void wr(struct kunit *test, struct lg_ioapic *io, u32 reg, u32 val)
{
	u64 v = reg;

	KUNIT_EXPECT_EQ(test, lg_ioapic_access(io, 0x00, 4, true, &v), 0);
	v = val;
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(io, 0x10, 4, true, &v), 0);
}

/* Version, ID, and a redirection entry written half by half. */
static void lg_ioapic_regs_test(struct kunit *test)
{
	struct lg_ioapic io;
	u64 v = 0;

	lg_ioapic_init(&io);
	KUNIT_EXPECT_EQ(test, rd(test, &io, 1), 0x11U | (23U << 16));
	wr(test, &io, 0, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(test, &io, 0), 0x0f000000U);
	/* Every input starts masked. */
	KUNIT_EXPECT_EQ(test, rd(test, &io, 0x10 + 2 * 4), 1U << 16);
	wr(test, &io, 0x10 + 2 * 4, 0x31);
	wr(test, &io, 0x10 + 2 * 4 + 1, 0x01000000);
	KUNIT_EXPECT_EQ(test, io.redir[4], 0x0100000000000031ULL);
	/* Past the last input, and unknown registers, read as zero. */
	KUNIT_EXPECT_EQ(test, rd(test, &io, 0x10 + 2 * 24), 0U);
	KUNIT_EXPECT_EQ(test, rd(test, &io, 2), 0U);
	/* Other offsets read as zero; other sizes and alignments are refused. */
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(&io, 0x20, 4, false, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(&io, 0x10, 1, false, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(&io, 0x12, 4, false, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_ioapic_access(&io, 0x10, 8, true, &v), -EINVAL);
}

struct lg_line_case {
	const char *desc;
	u64 redir;		/* input 4's redirection entry */
	bool was, level;	/* its line before and after */
	unsigned int gsi;
	int vector;		/* what lg_ioapic_set_line() returns */
};

static const struct lg_line_case lg_line_cases[] = {
	{ "rising edge, fixed delivery", 0x31, false, true, 4, 0x31 },
	{ "rising edge, lowest priority", 0x131, false, true, 4, 0x31 },
	{ "rising edge, masked", 0x10031, false, true, 4, -1 },
	{ "rising edge, NMI delivery", 0x431, false, true, 4, -1 },
	{ "rising edge, ExtINT delivery", 0x731, false, true, 4, -1 },
	{ "falling edge", 0x31, true, false, 4, -1 },
	{ "already high", 0x31, true, true, 4, -1 },
	{ "input 24 does not exist", 0x31, false, true, 24, -1 },
};

static void lg_line_desc(const struct lg_line_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lg_line, lg_line_cases, lg_line_desc);

static void lg_ioapic_line_test(struct kunit *test)
{
	const struct lg_line_case *c = test->param_value;
	struct lg_ioapic io;

	lg_ioapic_init(&io);
	io.redir[4] = c->redir;
	if (c->was)
		__set_bit(4, &io.level);
	KUNIT_EXPECT_EQ(test, lg_ioapic_set_line(&io, c->gsi, c->level), c->vector);
	if (c->gsi == 4)
		KUNIT_EXPECT_EQ(test, !!test_bit(4, &io.level), c->level);
}

/* An unmasked input raises once per rising edge, not per report of its level. */
static void lg_ioapic_edges_test(struct kunit *test)
{
	struct lg_ioapic io;

	lg_ioapic_init(&io);
	io.redir[4] = 0x31;
	KUNIT_EXPECT_EQ(test, lg_ioapic_set_line(&io, 4, true), 0x31);
	KUNIT_EXPECT_EQ(test, lg_ioapic_set_line(&io, 4, true), -1);
	KUNIT_EXPECT_EQ(test, lg_ioapic_set_line(&io, 4, false), -1);
	KUNIT_EXPECT_EQ(test, lg_ioapic_set_line(&io, 4, true), 0x31);
}

static struct kunit_case lg_ioapic_cases[] = {
	KUNIT_CASE(lg_ioapic_regs_test),
	KUNIT_CASE_PARAM(lg_ioapic_line_test, lg_line_gen_params),
	KUNIT_CASE(lg_ioapic_edges_test),
	{}
};

static struct kunit_suite lg_ioapic_suite = {
	.name = "lguest-ioapic",
	.test_cases = lg_ioapic_cases,
};

kunit_test_suite(lg_ioapic_suite);
