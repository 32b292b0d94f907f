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

struct mmio_case {
	const char *name;
	u8 bytes[16];
	size_t len;
	int err;
	u8 insn_len, size, reg;
	bool write, high_byte, has_imm, zext;
	u64 imm;
};

/* What readl/writel and friends compile to, and what must be refused. */
static const struct mmio_case mmio_cases[] = {
	{ "mov (%rdi),%eax", { 0x8b, 0x07 }, 2, 0, 2, 4, LG_RAX },
	{ "mov %esi,(%rdi)", { 0x89, 0x37 }, 2, 0, 2, 4, LG_RSI, true },
	{ "mov 0x10(%rax),%edx", { 0x8b, 0x50, 0x10 }, 3, 0, 3, 4, LG_RDX },
	{ "mov %ecx,0x12345678(%rbx)", { 0x89, 0x8b, 0x78, 0x56, 0x34, 0x12 }, 6, 0, 6, 4,
	  LG_RCX, true },
	{ "mov (%rax,%rbx,4),%r9d", { 0x44, 0x8b, 0x0c, 0x98 }, 4, 0, 4, 4, LG_R9 },
	{ "mov 0x8(%rsp,%rsi,1),%eax", { 0x8b, 0x44, 0x34, 0x08 }, 4, 0, 4, 4, LG_RAX },
	{ "mov 0x100(,%rcx,8),%eax", { 0x8b, 0x04, 0xcd, 0x00, 0x01, 0x00, 0x00 }, 7, 0, 7, 4,
	  LG_RAX },
	{ "mov 0x0(%rip),%eax", { 0x8b, 0x05, 0x00, 0x10, 0x00, 0x00 }, 6, 0, 6, 4, LG_RAX },
	{ "mov (%rdi),%rax", { 0x48, 0x8b, 0x07 }, 3, 0, 3, 8, LG_RAX },
	{ "mov %r15,(%r8)", { 0x4d, 0x89, 0x38 }, 3, 0, 3, 8, LG_R15, true },
	{ "mov (%rdi),%ax", { 0x66, 0x8b, 0x07 }, 3, 0, 3, 2, LG_RAX },
	{ "mov %al,(%rdi)", { 0x88, 0x07 }, 2, 0, 2, 1, LG_RAX, true },
	{ "mov %ah,(%rdi)", { 0x88, 0x27 }, 2, 0, 2, 1, LG_RAX, true, true },
	{ "mov %sil,(%rdi)", { 0x40, 0x88, 0x37 }, 3, 0, 3, 1, LG_RSI, true },
	{ "mov (%rdx),%bh", { 0x8a, 0x3a }, 2, 0, 2, 1, LG_RBX, false, true },
	{ "movzbl (%rdi),%eax", { 0x0f, 0xb6, 0x07 }, 3, 0, 3, 1, LG_RAX, false, false,
	  false, true },
	{ "movzwl 0x4(%rdi),%ecx", { 0x0f, 0xb7, 0x4f, 0x04 }, 4, 0, 4, 2, LG_RCX, false,
	  false, false, true },
	{ "movl $0x1,(%rdi)", { 0xc7, 0x07, 0x01, 0x00, 0x00, 0x00 }, 6, 0, 6, 4, 0, true,
	  false, true, false, 1 },
	{ "movb $0xff,0x3(%rax)", { 0xc6, 0x40, 0x03, 0xff }, 4, 0, 4, 1, 0, true, false,
	  true, false, 0xff },
	{ "movq $-1,(%rdi)", { 0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff }, 7, 0, 7, 8, 0,
	  true, false, true, false, ~0ULL },
	{ "movw $0x1234,(%rdi)", { 0x66, 0xc7, 0x07, 0x34, 0x12 }, 5, 0, 5, 2, 0, true,
	  false, true, false, 0x1234 },
	{ "fs mov (%rdi),%eax", { 0x64, 0x8b, 0x07 }, 3, 0, 3, 4, LG_RAX },
	{ "movabs 0xfe000000,%eax", { 0xa1, 0x00, 0x00, 0x00, 0xfe, 0, 0, 0, 0 }, 9, 0, 9,
	  4, LG_RAX },
	{ "movabs %al,0xfe000070", { 0xa2, 0x70, 0x00, 0x00, 0xfe, 0, 0, 0, 0 }, 9, 0, 9,
	  1, LG_RAX, true },
	{ "movabs %rax,0xfe000080", { 0x48, 0xa3, 0x80, 0, 0, 0xfe, 0, 0, 0, 0 }, 10, 0, 10,
	  8, LG_RAX, true },
	{ "addr32 mov 0xfe000000,%ax", { 0x66, 0x67, 0xa1, 0x00, 0x00, 0x00, 0xfe }, 7, 0,
	  7, 2, LG_RAX },
	{ "movabs with its address cut short", { 0xa1, 0x00, 0x00, 0x00, 0xfe }, 5, -EINVAL },
	/* Refused: not a MOV, register operands, truncated. */
	{ "add %eax,(%rdi)", { 0x01, 0x07 }, 2, -EINVAL },
	{ "mov %eax,%ebx", { 0x89, 0xc3 }, 2, -EINVAL },
	{ "movs", { 0xa5 }, 1, -EINVAL },
	{ "truncated disp32", { 0x8b, 0x87, 0x00, 0x10 }, 4, -EINVAL },
	{ "truncated imm32", { 0xc7, 0x07, 0x01, 0x00 }, 4, -EINVAL },
	{ "truncated SIB", { 0x8b, 0x04 }, 2, -EINVAL },
	{ "c7 /1 is not MOV", { 0xc7, 0x0f, 0x01, 0x00, 0x00, 0x00 }, 6, -EINVAL },
	{ "0f other", { 0x0f, 0xa2 }, 2, -EINVAL },
};

static void lg_decode_mmio_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mmio_cases); i++) {
		const struct mmio_case *c = &mmio_cases[i];
		struct lg_mmio m;
		int err = lg_decode_mmio(c->bytes, c->len, &m);

		KUNIT_EXPECT_EQ_MSG(test, err, c->err, "%s", c->name);
		if (err || c->err)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, m.len, c->insn_len, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, m.size, c->size, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, m.write, c->write, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, m.has_imm, c->has_imm, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, m.zero_extend, c->zext, "%s", c->name);
		if (c->has_imm)
			KUNIT_EXPECT_EQ_MSG(test, m.imm, c->imm, "%s", c->name);
		else
			KUNIT_EXPECT_EQ_MSG(test, m.reg, c->reg, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, m.high_byte, c->high_byte, "%s", c->name);
	}
}

/* A load from a device, as the register holds it afterwards. */
struct lg_set_reg_case {
	const char *desc;
	u8 insn[8];
	size_t len;
	u8 reg;
	u64 val, before, after;
};

static const struct lg_set_reg_case lg_set_reg_cases[] = {
	{ "mov eax, [rax]: 32 bits zero-extend", { 0x8b, 0x00 }, 2, 0,
	  0x12345678, ~0ULL, 0x12345678 },
	{ "mov rax, [rax]: all 64 bits", { 0x48, 0x8b, 0x00 }, 3, 0,
	  0x0123456789abcdefULL, 0, 0x0123456789abcdefULL },
	{ "mov ax, [rax]: only the low 16", { 0x66, 0x8b, 0x00 }, 3, 0,
	  0xabcd, 0x1122334455667788ULL, 0x112233445566abcdULL },
	{ "mov al, [rax]: only the low 8", { 0x8a, 0x00 }, 2, 0,
	  0xab, 0x1122334455667788ULL, 0x11223344556677abULL },
	{ "mov ah, [rax]: only bits 8-15", { 0x8a, 0x20 }, 2, 0,
	  0xab, 0x1122334455667788ULL, 0x112233445566ab88ULL },
	{ "movzx eax, byte [rax]: zero-extends", { 0x0f, 0xb6, 0x00 }, 3, 0,
	  0xab, ~0ULL, 0xab },
	{ "movzx ax, byte [rax]: 16-bit destination", { 0x66, 0x0f, 0xb6, 0x00 }, 4, 0,
	  0xab, 0x1122334455667788ULL, 0x11223344556600abULL },
	{ "mov r9d, [rax]: a REX register", { 0x44, 0x8b, 0x08 }, 3, 9,
	  0xcafe, ~0ULL, 0xcafe },
};

static void lg_set_reg_desc(const struct lg_set_reg_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lg_set_reg, lg_set_reg_cases, lg_set_reg_desc);

static void lg_mmio_set_reg_test(struct kunit *test)
{
	const struct lg_set_reg_case *c = test->param_value;
	u64 gprs[LG_NR_GPRS] = {};
	struct lg_mmio m;

	KUNIT_ASSERT_EQ(test, lg_decode_mmio(c->insn, c->len, &m), 0);
	KUNIT_ASSERT_FALSE(test, m.write);
	gprs[c->reg] = c->before;
	lg_mmio_set_reg(gprs, &m, c->val);
	KUNIT_EXPECT_EQ(test, gprs[c->reg], c->after);
}

/* A store of AH takes bits 8-15; of R9, the whole register. */
static void lg_mmio_reg_value_test(struct kunit *test)
{
	static const u8 mov_ah[] = { 0x88, 0x20 }, mov_r9[] = { 0x4c, 0x89, 0x08 };
	u64 gprs[LG_NR_GPRS] = {};
	struct lg_mmio m;

	gprs[LG_RAX] = 0x1122334455667788ULL;
	gprs[LG_R9] = 0x0123456789abcdefULL;
	KUNIT_ASSERT_EQ(test, lg_decode_mmio(mov_ah, sizeof(mov_ah), &m), 0);
	KUNIT_EXPECT_EQ(test, lg_mmio_reg_value(gprs, &m), 0x77ULL);
	KUNIT_ASSERT_EQ(test, lg_decode_mmio(mov_r9, sizeof(mov_r9), &m), 0);
	KUNIT_EXPECT_EQ(test, lg_mmio_reg_value(gprs, &m), 0x0123456789abcdefULL);
}

static struct kunit_case lg_decode_cases[] = {
	KUNIT_CASE(lg_decode_mmio_test),
	KUNIT_CASE(lg_insn_len_test),
	KUNIT_CASE(lg_decode_mov_dr_test),
	KUNIT_CASE(lg_insn_prefixes_test),
	KUNIT_CASE_PARAM(lg_mmio_set_reg_test, lg_set_reg_gen_params),
	KUNIT_CASE(lg_mmio_reg_value_test),
	{}
};

static struct kunit_suite lg_decode_suite = {
	.name = "lguest-decode",
	.test_cases = lg_decode_cases,
};

kunit_test_suite(lg_decode_suite);
