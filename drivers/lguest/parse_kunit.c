// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for parse.c: tables of inputs a user (or an attacker) might
 * echo into a configfs attribute, with the value or errno each must give.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "lg.h"

struct size_case {
	const char *in;
	u64 min, max;
	int err;
	u64 val;
};

static const struct size_case size_cases[] = {
	{ "64M", 0, U64_MAX, 0, SZ_64M },
	{ "64M\n", 0, U64_MAX, 0, SZ_64M },
	{ "64m", 0, U64_MAX, 0, SZ_64M },
	{ "2G", 0, U64_MAX, 0, SZ_2G },
	{ "1t", 0, U64_MAX, 0, 1ULL << 40 },
	{ "4096", 0, U64_MAX, 0, 4096 },
	{ "4k", 0, U64_MAX, 0, 4096 },
	{ "0", 0, U64_MAX, 0, 0 },
	{ "18446744073709551615", 0, U64_MAX, 0, U64_MAX },
	/* One past U64_MAX, and values whose suffix overflows. */
	{ "18446744073709551616", 0, U64_MAX, -ERANGE, 0 },
	{ "99999999999999999999999", 0, U64_MAX, -ERANGE, 0 },
	{ "16777216T", 0, U64_MAX, -ERANGE, 0 },
	{ "16777215T", 0, U64_MAX, 0, 16777215ULL << 40 },
	{ "17179869184G", 0, U64_MAX, -ERANGE, 0 },
	/* Bounds are inclusive. */
	{ "16M", SZ_16M, SZ_1G, 0, SZ_16M },
	{ "1G", SZ_16M, SZ_1G, 0, SZ_1G },
	{ "15M", SZ_16M, SZ_1G, -ERANGE, 0 },
	{ "1025M", SZ_16M, SZ_1G, -ERANGE, 0 },
	/* Not sizes at all. */
	{ "", 0, U64_MAX, -EINVAL, 0 },
	{ "\n", 0, U64_MAX, -EINVAL, 0 },
	{ "M", 0, U64_MAX, -EINVAL, 0 },
	{ "-1", 0, U64_MAX, -EINVAL, 0 },
	{ "+1", 0, U64_MAX, -EINVAL, 0 },
	{ "0x10", 0, U64_MAX, -EINVAL, 0 },
	{ "64MB", 0, U64_MAX, -EINVAL, 0 },
	{ "64 M", 0, U64_MAX, -EINVAL, 0 },
	{ "64P", 0, U64_MAX, -EINVAL, 0 },
	{ " 64M", 0, U64_MAX, -EINVAL, 0 },
};

static void lg_parse_size_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(size_cases); i++) {
		const struct size_case *c = &size_cases[i];
		u64 val = 0xdeadbeef;
		int err = lg_parse_size(c->in, c->min, c->max, &val);

		KUNIT_EXPECT_EQ_MSG(test, err, c->err, "input \"%s\"", c->in);
		if (!c->err)
			KUNIT_EXPECT_EQ_MSG(test, val, c->val, "input \"%s\"",
					    c->in);
		else
			KUNIT_EXPECT_EQ_MSG(test, val, 0xdeadbeefULL,
					    "output touched for \"%s\"", c->in);
	}
}

struct name_case {
	const char *in;
	int err;
	const char *out;
};

static const struct name_case name_cases[] = {
	{ "lguest/hello.img", 0, "lguest/hello.img" },
	{ "lguest/hello.img\n", 0, "lguest/hello.img" },
	{ "vmlinuz-6.1.0-56-amd64", 0, "vmlinuz-6.1.0-56-amd64" },
	{ "a+b_c.d", 0, "a+b_c.d" },
	{ "..x/y", 0, "..x/y" },
	{ "", -EINVAL, NULL },
	{ "\n", -EINVAL, NULL },
	{ "/etc/shadow", -EINVAL, NULL },
	{ "../etc/shadow", -EINVAL, NULL },
	{ "lguest/../../etc", -EINVAL, NULL },
	{ "lguest/..", -EINVAL, NULL },
	{ "lguest//x", -EINVAL, NULL },
	{ "lguest/", -EINVAL, NULL },
	{ "a b", -EINVAL, NULL },
	{ "a\tb", -EINVAL, NULL },
	{ "a\\b", -EINVAL, NULL },
	{ "a$b", -EINVAL, NULL },
	/* 31 characters fit a 32-byte buffer; 32 do not. */
	{ "abcdefghijklmnopqrstuvwxyz01234", 0, "abcdefghijklmnopqrstuvwxyz01234" },
	{ "abcdefghijklmnopqrstuvwxyz012345", -ENAMETOOLONG, NULL },
	{ "abcdefghijklmnopqrstuvwxyz01234\n", 0, "abcdefghijklmnopqrstuvwxyz01234" },
};

static void lg_parse_fw_name_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(name_cases); i++) {
		const struct name_case *c = &name_cases[i];
		char out[32] = "untouched";
		int err = lg_parse_fw_name(c->in, out, sizeof(out));

		KUNIT_EXPECT_EQ_MSG(test, err, c->err, "input \"%s\"", c->in);
		if (!c->err)
			KUNIT_EXPECT_STREQ(test, out, c->out);
		else
			KUNIT_EXPECT_STREQ(test, out, "untouched");
	}
}

static void lg_strip_len_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lg_strip_len("abc\n", 4), 3);
	KUNIT_EXPECT_EQ(test, lg_strip_len("abc \t\n", 6), 3);
	KUNIT_EXPECT_EQ(test, lg_strip_len("\n\n", 2), 0);
	KUNIT_EXPECT_EQ(test, lg_strip_len("", 0), 0);
	/* Only trailing space goes. */
	KUNIT_EXPECT_EQ(test, lg_strip_len(" a b", 4), 4);
}

static struct kunit_case lg_parse_cases[] = {
	KUNIT_CASE(lg_parse_size_test),
	KUNIT_CASE(lg_parse_fw_name_test),
	KUNIT_CASE(lg_strip_len_test),
	{}
};

static struct kunit_suite lg_parse_suite = {
	.name = "lguest-parse",
	.test_cases = lg_parse_cases,
};

kunit_test_suite(lg_parse_suite);
