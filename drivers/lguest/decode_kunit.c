// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for decode.c: the lengths of intercepted instructions with
 * and without prefixes, truncated fetches, and MOV to/from debug registers.
 */
#include <kunit/test.h>

#include "lg.h"

struct len_case {
	const char *name;
	u8 bytes[16];
	size_t len;
	u8 opcode[3];
	size_t opcode_len;
	int want;
};

static const struct len_case len_cases[] = {
	{ "cpuid", { 0x0f, 0xa2 }, 2, { 0x0f, 0xa2 }, 2, 2 },
	{ "rdmsr", { 0x0f, 0x32, 0x90 }, 3, { 0x0f, 0x32 }, 2, 2 },
	{ "wrmsr", { 0x0f, 0x30 }, 15, { 0x0f, 0x30 }, 2, 2 },
	{ "hlt", { 0xf4 }, 1, { 0xf4 }, 1, 1 },
	{ "vmmcall", { 0x0f, 0x01, 0xd9 }, 3, { 0x0f, 0x01, 0xd9 }, 3, 3 },
	{ "66 cpuid", { 0x66, 0x0f, 0xa2 }, 3, { 0x0f, 0xa2 }, 2, 3 },
	{ "rex.w cpuid", { 0x48, 0x0f, 0xa2 }, 3, { 0x0f, 0xa2 }, 2, 3 },
	{ "f3 2e 66 rex cpuid", { 0xf3, 0x2e, 0x66, 0x41, 0x0f, 0xa2 }, 6,
	  { 0x0f, 0xa2 }, 2, 6 },
	{ "rex before legacy prefix", { 0x48, 0x66, 0x0f, 0xa2 }, 4,
	  { 0x0f, 0xa2 }, 2, -EINVAL },
	{ "wrong opcode", { 0x0f, 0x05 }, 2, { 0x0f, 0xa2 }, 2, -EINVAL },
	{ "truncated opcode", { 0x0f }, 1, { 0x0f, 0xa2 }, 2, -EINVAL },
	{ "only prefixes", { 0x66, 0x66 }, 2, { 0xf4 }, 1, -EINVAL },
	{ "nothing fetched", { 0 }, 0, { 0xf4 }, 1, -EINVAL },
	{ "15 bytes of prefix", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				   0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xf4 },
	  16, { 0xf4 }, 1, -EINVAL },
	{ "14 prefixes + hlt", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xf4 },
	  15, { 0xf4 }, 1, 15 },
};

static void lg_insn_len_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(len_cases); i++) {
		const struct len_case *c = &len_cases[i];

		KUNIT_EXPECT_EQ_MSG(test, lg_insn_len_fixed(c->bytes, c->len, c->opcode,
							    c->opcode_len),
				    c->want, "case: %s", c->name);
	}
}

static void lg_decode_mov_dr_test(struct kunit *test)
{
	struct lg_mov_dr d;
	/* mov %dr7, %rax = 0f 21 f8; mov %rdx, %dr0 = 0f 23 c2 */
	static const u8 rd7[] = { 0x0f, 0x21, 0xf8 };
	static const u8 wr0[] = { 0x0f, 0x23, 0xc2 };
	/* mov %r9, %dr3 = 41 0f 23 d9 */
	static const u8 wr3_r9[] = { 0x41, 0x0f, 0x23, 0xd9 };
	static const u8 rex_r[] = { 0x44, 0x0f, 0x21, 0xc0 };
	static const u8 mov_cr[] = { 0x0f, 0x20, 0xc0 };

	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(rd7, sizeof(rd7), &d), 3);
	KUNIT_EXPECT_FALSE(test, d.to_dr);
	KUNIT_EXPECT_EQ(test, d.dr, 7);
	KUNIT_EXPECT_EQ(test, d.gpr, LG_RAX);

	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(wr0, sizeof(wr0), &d), 3);
	KUNIT_EXPECT_TRUE(test, d.to_dr);
	KUNIT_EXPECT_EQ(test, d.dr, 0);
	KUNIT_EXPECT_EQ(test, d.gpr, LG_RDX);

	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(wr3_r9, sizeof(wr3_r9), &d), 4);
	KUNIT_EXPECT_EQ(test, d.dr, 3);
	KUNIT_EXPECT_EQ(test, d.gpr, LG_R9);

	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(rex_r, sizeof(rex_r), &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(mov_cr, sizeof(mov_cr), &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_decode_mov_dr(rd7, 2, &d), -EINVAL);
}

static void lg_insn_prefixes_test(struct kunit *test)
{
	static const u8 b[] = { 0xf0, 0x65, 0x4c, 0x89, 0x00 };
	u8 rex;

	KUNIT_EXPECT_EQ(test, lg_insn_prefixes(b, sizeof(b), &rex), 3);
	KUNIT_EXPECT_EQ(test, rex, 0x4c);
	KUNIT_EXPECT_EQ(test, lg_insn_prefixes(b + 3, 2, &rex), 0);
	KUNIT_EXPECT_EQ(test, rex, 0);
	KUNIT_EXPECT_EQ(test, lg_insn_prefixes(b, 3, &rex), -EINVAL);
}

static struct kunit_case lg_decode_cases[] = {
	KUNIT_CASE(lg_insn_len_test),
	KUNIT_CASE(lg_decode_mov_dr_test),
	KUNIT_CASE(lg_insn_prefixes_test),
	{}
};

static struct kunit_suite lg_decode_suite = {
	.name = "lguest-decode",
	.test_cases = lg_decode_cases,
};

kunit_test_suite(lg_decode_suite);
