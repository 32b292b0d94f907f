// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for bus.c: overlapping and empty windows are refused, the
 * table stays sorted, and lookups at every edge of a window are right.
 */
#include <kunit/test.h>

#include "bus.h"

static const struct lg_bus_ops no_ops;

/* Three windows, registered out of order: 0x60-0x60, 0x3f8-0x3ff, 0x604-0x605. */
static void lg_bus_setup(struct kunit *test, struct lg_bus *bus)
{
	lg_bus_init(bus);
	KUNIT_ASSERT_EQ(test, lg_bus_add(bus, 0x3f8, 8, "uart", &no_ops, NULL), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add(bus, 0x604, 2, "acpi", &no_ops, NULL), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add(bus, 0x60, 1, "kbd", &no_ops, NULL), 0);
}

static void lg_bus_sorted_test(struct kunit *test)
{
	struct lg_bus bus;

	lg_bus_setup(test, &bus);
	KUNIT_ASSERT_EQ(test, bus.n, 3U);
	KUNIT_EXPECT_EQ(test, bus.dev[0].base, 0x60ULL);
	KUNIT_EXPECT_EQ(test, bus.dev[1].base, 0x3f8ULL);
	KUNIT_EXPECT_EQ(test, bus.dev[2].base, 0x604ULL);
}

struct lg_bus_add_case {
	const char *desc;
	u64 base, len;
	int err;
};

static const struct lg_bus_add_case lg_bus_add_cases[] = {
	{ "overlaps the start of the UART", 0x3f0, 9, -EBUSY },
	{ "overlaps the end of the UART", 0x3ff, 1, -EBUSY },
	{ "inside the UART", 0x3fa, 2, -EBUSY },
	{ "covers two windows", 0x3f0, 0x220, -EBUSY },
	{ "the same as the keyboard", 0x60, 1, -EBUSY },
	{ "just below the UART", 0x3f0, 8, 0 },
	{ "just above the UART", 0x400, 4, 0 },
	{ "empty", 0x500, 0, -EINVAL },
	{ "wraps past the top", ~0ULL - 3, 8, -EINVAL },
	{ "ends at the very top", ~0ULL - 7, 8, 0 },
};

static void lg_bus_add_desc(const struct lg_bus_add_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lg_bus_add, lg_bus_add_cases, lg_bus_add_desc);

static void lg_bus_add_test(struct kunit *test)
{
	const struct lg_bus_add_case *c = test->param_value;
	struct lg_bus bus;

	lg_bus_setup(test, &bus);
	KUNIT_EXPECT_EQ(test, lg_bus_add(&bus, c->base, c->len, "new", &no_ops, NULL),
			c->err);
	KUNIT_EXPECT_EQ(test, bus.n, c->err ? 3U : 4U);
}

struct lg_bus_find_case {
	const char *desc;
	u64 addr;
	unsigned int size;
	const char *name;	/* NULL: no window */
};

static const struct lg_bus_find_case lg_bus_find_cases[] = {
	{ "first byte of the UART", 0x3f8, 1, "uart" },
	{ "last byte of the UART", 0x3ff, 1, "uart" },
	{ "the whole UART", 0x3f8, 8, "uart" },
	{ "one below the UART", 0x3f7, 1, NULL },
	{ "one above the UART", 0x400, 1, NULL },
	{ "word across the UART's end", 0x3fe, 4, NULL },
	{ "word across the UART's start", 0x3f6, 4, NULL },
	{ "the keyboard port", 0x60, 1, "kbd" },
	{ "word at the keyboard port", 0x60, 2, NULL },
	{ "ACPI sleep status", 0x605, 1, "acpi" },
	{ "zero bytes", 0x3f8, 0, NULL },
	{ "far above everything", ~0ULL, 1, NULL },
};

static void lg_bus_find_desc(const struct lg_bus_find_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lg_bus_find, lg_bus_find_cases, lg_bus_find_desc);

static void lg_bus_find_test(struct kunit *test)
{
	const struct lg_bus_find_case *c = test->param_value;
	const struct lg_bus_dev *d;
	struct lg_bus bus;

	lg_bus_setup(test, &bus);
	d = lg_bus_find(&bus, c->addr, c->size);
	if (!c->name) {
		KUNIT_EXPECT_NULL(test, d);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_STREQ(test, d->name, c->name);
}

static void lg_bus_full_test(struct kunit *test)
{
	struct lg_bus bus;
	unsigned int i;

	lg_bus_init(&bus);
	for (i = 0; i < LG_BUS_MAX; i++)
		KUNIT_ASSERT_EQ(test, lg_bus_add(&bus, 0x100 + 2 * i, 1, "d", &no_ops, NULL), 0);
	KUNIT_EXPECT_EQ(test, lg_bus_add(&bus, 0x1000, 1, "one too many", &no_ops, NULL),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, bus.n, (unsigned int)LG_BUS_MAX);
}

static struct kunit_case lg_bus_cases[] = {
	KUNIT_CASE(lg_bus_sorted_test),
	KUNIT_CASE_PARAM(lg_bus_add_test, lg_bus_add_gen_params),
	KUNIT_CASE_PARAM(lg_bus_find_test, lg_bus_find_gen_params),
	KUNIT_CASE(lg_bus_full_test),
	{}
};

static struct kunit_suite lg_bus_suite = {
	.name = "lguest-bus",
	.test_cases = lg_bus_cases,
};

kunit_test_suite(lg_bus_suite);
