// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for bzimage.c: a synthetic bzImage shaped like Debian's
 * (39 setup sectors, protocol 2.15, 64-bit entry, 16 MiB preferred
 * address), every header check with a malformed variant, and the
 * boot_params page built from it.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../lg.h"

#define SECTS		39
#define PAYLOAD_OFF	((SECTS + 1) * 512)
#define PAYLOAD		8192
#define FILE_SIZE	(PAYLOAD_OFF + PAYLOAD)
#define RAM		SZ_128M

static void put(u8 *p, size_t off, u64 v, int n)
{
	while (n--) {
		p[off++] = v;
		v >>= 8;
	}
}

static u8 *good_bz(struct kunit *test)
{
	u8 *k = kunit_kzalloc(test, FILE_SIZE, GFP_KERNEL);

	k[0x1f1] = SECTS;
	put(k, 0x1f4, PAYLOAD / 16, 4);		/* syssize */
	put(k, 0x1fe, 0xaa55, 2);
	k[0x200] = 0xeb;			/* jmp over the header */
	k[0x201] = 0x6a;
	memcpy(k + 0x202, "HdrS", 4);
	put(k, 0x206, 0x020f, 2);
	k[0x211] = 0x01;			/* LOADED_HIGH */
	put(k, 0x22c, 0x7fffffff, 4);		/* initrd_addr_max */
	put(k, 0x230, SZ_2M, 4);		/* kernel_alignment */
	k[0x234] = 1;				/* relocatable */
	put(k, 0x236, 0x7f, 2);			/* xloadflags */
	put(k, 0x238, 2047, 4);			/* cmdline_size */
	put(k, 0x258, SZ_16M, 8);		/* pref_address */
	put(k, 0x260, SZ_64M, 4);		/* init_size */
	return k;
}

static void lg_bzimage_good_test(struct kunit *test)
{
	u8 *k = good_bz(test);
	struct lg_bzimage bz;
	const char *why = NULL;

	KUNIT_EXPECT_TRUE(test, lg_bzimage_is(k, FILE_SIZE));
	KUNIT_ASSERT_EQ(test, lg_bzimage_parse(k, FILE_SIZE, RAM, &bz, &why), 0);
	KUNIT_EXPECT_EQ(test, bz.version, 0x020f);
	KUNIT_EXPECT_EQ(test, bz.payload_off, (u64)PAYLOAD_OFF);
	KUNIT_EXPECT_EQ(test, bz.payload_size, (u64)PAYLOAD);
	KUNIT_EXPECT_EQ(test, bz.load_addr, (u64)SZ_16M);
	KUNIT_EXPECT_EQ(test, bz.entry, (u64)SZ_16M + 0x200);
	KUNIT_EXPECT_EQ(test, bz.init_size, (u32)SZ_64M);
	KUNIT_EXPECT_EQ(test, bz.cmdline_max, 2047U);
	KUNIT_EXPECT_EQ(test, bz.header_end, (size_t)0x26c);

	/* setup_sects 0 means 4. */
	k[0x1f1] = 0;
	KUNIT_ASSERT_EQ(test, lg_bzimage_parse(k, FILE_SIZE, RAM, &bz, &why), 0);
	KUNIT_EXPECT_EQ(test, bz.payload_off, 5ULL * 512);
}

struct bz_case {
	const char *name;
	size_t off;
	u64 val;
	int n;
	size_t size;	/* 0: the whole file */
	u64 ram;	/* 0: RAM */
	const char *why;
};

static const struct bz_case bz_cases[] = {
	{ "no boot flag", 0x1fe, 0, 2, 0, 0, "not a bzImage (no boot flag or HdrS)" },
	{ "no HdrS", 0x202, 0, 4, 0, 0, "not a bzImage (no boot flag or HdrS)" },
	{ "truncated header", 0, 0, 0, 0x240, 0, "truncated bzImage setup header" },
	{ "protocol 2.11", 0x206, 0x020b, 2, 0, 0, "boot protocol older than 2.12" },
	{ "no 64-bit entry", 0x236, 0x7e, 2, 0, 0, "bzImage has no 64-bit entry point" },
	{ "not relocatable", 0x234, 0, 1, 0, 0, "bzImage is not relocatable" },
	{ "setup past the end", 0x1f1, 200, 1, 0, 0,
	  "setup sectors run past the end of the file" },
	{ "syssize lies", 0x1f4, PAYLOAD / 16 + 1, 4, 0, 0,
	  "protected-mode kernel truncated (syssize)" },
	{ "file cut short", 0, 0, 0, FILE_SIZE - 16, 0,
	  "protected-mode kernel truncated (syssize)" },
	{ "header ends too early", 0x201, 0x00, 1, 0, 0, "bad setup header length" },
	{ "alignment not a power of two", 0x230, 3 * SZ_1M, 4, 0, 0,
	  "kernel alignment is not a power of two" },
	{ "alignment zero", 0x230, 0, 4, 0, 0, "kernel alignment is not a power of two" },
	{ "pref_address misaligned", 0x258, SZ_16M + SZ_1M, 8, 0, 0,
	  "preferred load address is not usable" },
	{ "pref_address low", 0x258, 0, 8, 0, 0, "preferred load address is not usable" },
	{ "init_size < payload", 0x260, 16, 4, 0, 0, "init_size smaller than the kernel" },
	{ "init_size past RAM", 0x260, 0xffffffff, 4, 0, 0,
	  "guest RAM too small for the kernel's init_size" },
	{ "RAM too small", 0, 0, 0, 0, SZ_64M,
	  "guest RAM too small for the kernel's init_size" },
	{ "pref_address wraps", 0x258, ~0ULL - SZ_2M + 1, 8, 0, 0,
	  "guest RAM too small for the kernel's init_size" },
};

static void lg_bzimage_bad_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bz_cases); i++) {
		const struct bz_case *c = &bz_cases[i];
		u8 *k = good_bz(test);
		struct lg_bzimage bz;
		const char *why = NULL;

		if (c->n)
			put(k, c->off, c->val, c->n);
		KUNIT_EXPECT_EQ_MSG(test, lg_bzimage_parse(k, c->size ? c->size : FILE_SIZE,
							   c->ram ? c->ram : RAM, &bz, &why),
				    -ENOEXEC, "case: %s", c->name);
		KUNIT_EXPECT_STREQ_MSG(test, why ? why : "(none)", c->why, "case: %s", c->name);
	}
}

static void lg_boot_params_test(struct kunit *test)
{
	u8 *k = good_bz(test), *bp = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	struct lg_boot_layout p = {
		.cmdline_gpa = 0x3000, .initrd_gpa = 0x7f000000ULL, .initrd_size = 12345,
		.rsdp_gpa = 0xe0000, .nr_e820 = 3,
		.e820 = { { 0, 0x9fc00, 1 }, { 0x9fc00, 0x60400, 2 },
			  { SZ_1M, RAM - SZ_1M, 1 } },
	};
	struct lg_bzimage bz;
	const char *why;

	KUNIT_ASSERT_EQ(test, lg_bzimage_parse(k, FILE_SIZE, RAM, &bz, &why), 0);
	k[0x1ef] = 0x55;	/* the sentinel must not come through */
	KUNIT_ASSERT_EQ(test, lg_boot_params_build(bp, k, &bz, &p), 0);
	/* The header is copied, from 0x1f1 to its end. */
	KUNIT_EXPECT_EQ(test, memcmp(bp + 0x1f1, k + 0x1f1, 0x210 - 0x1f1), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le64(bp + 0x258), (u64)SZ_16M);
	KUNIT_EXPECT_EQ(test, bp[0x1ef], 0);
	KUNIT_EXPECT_EQ(test, bp[0x210], 0xff);		/* type_of_loader */
	KUNIT_EXPECT_EQ(test, bp[0x211] & 1, 1);		/* LOADED_HIGH */
	KUNIT_EXPECT_EQ(test, lg_get_le32(bp + 0x228), 0x3000ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(bp + 0x218), 0x7f000000ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(bp + 0x21c), 12345ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le64(bp + 0x070), 0xe0000ULL);
	KUNIT_EXPECT_EQ(test, bp[0x1e8], 3);
	KUNIT_EXPECT_EQ(test, lg_get_le64(bp + 0x2d0 + 20 + 0), 0x9fc00ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(bp + 0x2d0 + 20 + 16), 2ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le64(bp + 0x2d0 + 40 + 8), (u64)RAM - SZ_1M);
	/* Nothing after the header's end but what lguest wrote. */
	KUNIT_EXPECT_EQ(test, bp[0x26c], 0);

	p.nr_e820 = 129;
	KUNIT_EXPECT_EQ(test, lg_boot_params_build(bp, k, &bz, &p), -EINVAL);
}

struct place_case {
	u64 ram, limit, kernel_end, size;
	int err;
	u64 gpa;
};

static const struct place_case place_cases[] = {
	/* At the top of RAM, page-aligned. */
	{ SZ_256M, 0x80000000ULL, SZ_16M + SZ_64M, 5000, 0, SZ_256M - SZ_8K },
	{ SZ_256M, 0x80000000ULL, SZ_16M + SZ_64M, SZ_4K, 0, SZ_256M - SZ_4K },
	/* Below the kernel's limit when RAM goes higher. */
	{ 3ULL << 30, 0x80000000ULL, SZ_16M, SZ_1M, 0, 0x80000000ULL - SZ_1M },
	/* Exactly filling the space above the kernel. */
	{ SZ_128M, U64_MAX, SZ_64M, SZ_64M, 0, SZ_64M },
	/* Too big, by a byte or by far; overlapping the kernel; empty. */
	{ SZ_128M, U64_MAX, SZ_64M, SZ_64M + 1, -EFBIG },
	{ SZ_128M, U64_MAX, SZ_16M, SZ_256M, -EFBIG },
	{ SZ_128M, U64_MAX, SZ_128M, SZ_4K, -EFBIG },
	{ SZ_128M, U64_MAX, 0, U64_MAX, -EFBIG },
	{ SZ_128M, U64_MAX, 0, 0, -EFBIG },
};

static void lg_initrd_place_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(place_cases); i++) {
		const struct place_case *c = &place_cases[i];
		u64 gpa = 0;

		KUNIT_EXPECT_EQ_MSG(test, lg_initrd_place(c->ram, c->limit, c->kernel_end,
							  c->size, &gpa), c->err, "case %zu", i);
		if (!c->err)
			KUNIT_EXPECT_EQ_MSG(test, gpa, c->gpa, "case %zu", i);
	}
}

static struct kunit_case lg_bzimage_cases[] = {
	KUNIT_CASE(lg_initrd_place_test),
	KUNIT_CASE(lg_bzimage_good_test),
	KUNIT_CASE(lg_bzimage_bad_test),
	KUNIT_CASE(lg_boot_params_test),
	{}
};

static struct kunit_suite lg_bzimage_suite = {
	.name = "lguest-bzimage",
	.test_cases = lg_bzimage_cases,
};

kunit_test_suite(lg_bzimage_suite);
