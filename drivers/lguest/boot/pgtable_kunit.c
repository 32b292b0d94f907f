// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pgtable.c: the identity map lguest builds is walked with
 * the same walker the exit path uses, entry by entry; then the walker on
 * hand-made tables in every supported mode.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../lg.h"

/* Guest "physical memory" for the walker: a buffer at GPA @base. */
struct fake_mem {
	u8 *buf;
	u64 base, size;
};

static int fake_read(void *ctx, u64 gpa, u64 *val)
{
	struct fake_mem *m = ctx;

	if (gpa < m->base || gpa + 8 > m->base + m->size)
		return -EFAULT;
	memcpy(val, m->buf + (gpa - m->base), 8);
	return 0;
}

#define TABLES_GPA	0x4000

static void lg_pt_identity_test(struct kunit *test)
{
	size_t pages = lg_pt_identity_pages(SZ_4G);
	u64 *t = kunit_kzalloc(test, pages * SZ_4K, GFP_KERNEL);
	struct fake_mem mem = { (u8 *)t, TABLES_GPA, pages * SZ_4K };
	struct lg_walk_ctx w = {
		.cr0 = LG_CR0_PG, .cr3 = TABLES_GPA, .cr4 = LG_CR4_PAE,
		.efer = LG_EFER_LMA, .read_u64 = fake_read, .ctx = &mem,
	};
	static const u64 probes[] = {
		0, 0x1234, SZ_1M + 0x567, SZ_2M - 1, SZ_2M, SZ_1G + 0x1000,
		SZ_4G - 1, 0xfee00000,
	};
	size_t i;
	u64 gpa;

	KUNIT_ASSERT_EQ(test, pages, (size_t)6);
	KUNIT_ASSERT_EQ(test, lg_pt_build_identity(t, pages, TABLES_GPA, SZ_4G), 0);

	/* Every entry: present, writable, supervisor, PS only at the leaves. */
	KUNIT_EXPECT_EQ(test, t[0], (u64)(TABLES_GPA + SZ_4K) | LG_PTE_P | LG_PTE_RW);
	for (i = 1; i < 512; i++)
		KUNIT_EXPECT_EQ(test, t[i], 0ULL);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, t[512 + i],
				(TABLES_GPA + (2 + i) * SZ_4K) | LG_PTE_P | LG_PTE_RW);
	for (i = 4; i < 512; i++)
		KUNIT_EXPECT_EQ(test, t[512 + i], 0ULL);
	for (i = 0; i < 2048; i++)
		KUNIT_EXPECT_EQ(test, t[1024 + i],
				(u64)i * SZ_2M | LG_PTE_P | LG_PTE_RW | LG_PTE_PS);

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, probes[i], &gpa), 0);
		KUNIT_EXPECT_EQ(test, gpa, probes[i]);
	}
	/* Past 4 GiB nothing is mapped. */
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, SZ_4G, &gpa), -ENOENT);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0xffffffff80000000ULL, &gpa), -ENOENT);
}

static void lg_pt_identity_errors_test(struct kunit *test)
{
	u64 *t = kunit_kzalloc(test, 6 * SZ_4K, GFP_KERNEL);

	KUNIT_EXPECT_EQ(test, lg_pt_build_identity(t, 6, 0x4001, SZ_4G), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_pt_build_identity(t, 6, 0x4000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_pt_build_identity(t, 6, 0x4000, 513ULL << 30), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_pt_build_identity(t, 5, 0x4000, SZ_4G), -ENOSPC);
	KUNIT_EXPECT_EQ(test, lg_pt_build_identity(t, 3, 0x4000, SZ_1G), 0);
	KUNIT_EXPECT_EQ(test, lg_pt_identity_pages(SZ_1G + 1), (size_t)4);
}

/* Hand-made long-mode tables: a 4 KiB page, a 2 MiB page, a 1 GiB page. */
static void lg_gva_walk_modes_test(struct kunit *test)
{
	u64 *t = kunit_kzalloc(test, 5 * SZ_4K, GFP_KERNEL);
	struct fake_mem mem = { (u8 *)t, 0x10000, 5 * SZ_4K };
	u64 *pml4 = t, *pdpt = t + 512, *pd = t + 1024, *pt = t + 1536;
	struct lg_walk_ctx w = {
		.cr0 = LG_CR0_PG, .cr3 = 0x10000, .cr4 = LG_CR4_PAE,
		.efer = LG_EFER_LMA, .read_u64 = fake_read, .ctx = &mem,
	};
	u64 gva = 0xffff800000000000ULL, gpa;

	/* gva 0xffff800000000000: PML4 index 256. */
	pml4[256] = 0x11000 | LG_PTE_P | LG_PTE_RW;
	pdpt[0] = 0x12000 | LG_PTE_P;
	pd[0] = 0x13000 | LG_PTE_P;
	pt[1] = 0xabcde000ULL | LG_PTE_P;
	pd[1] = 0x40000000ULL | LG_PTE_P | LG_PTE_PS;		/* 2 MiB */
	pdpt[1] = 0x80000000ULL | LG_PTE_P | LG_PTE_PS;	/* 1 GiB */

	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, gva + 0x1234, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde234ULL);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, gva + 0x2000, &gpa), -ENOENT);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, gva + SZ_2M + 0x12345, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x40012345ULL);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, gva + SZ_1G + 0x3456789, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x83456789ULL);

	/* A table pointer outside "memory" is a failed read, not a crash. */
	pd[2] = 0x7777000ULL | LG_PTE_P;
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, gva + 2 * SZ_2M, &gpa), -EFAULT);

	/* Paging off: physical; 32-bit non-PAE paging: not supported. */
	w.cr0 = 0;
	w.efer = 0;
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0x123456789ULL, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x23456789ULL);
	w.cr0 = LG_CR0_PG;
	w.cr4 = 0;
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0x1000, &gpa), -EOPNOTSUPP);
}

/* PAE without long mode: 4 PDPTEs at CR3, then PD and PT. */
static void lg_gva_walk_pae_test(struct kunit *test)
{
	u64 *t = kunit_kzalloc(test, 3 * SZ_4K, GFP_KERNEL);
	struct fake_mem mem = { (u8 *)t, 0x20000, 3 * SZ_4K };
	struct lg_walk_ctx w = {
		.cr0 = LG_CR0_PG, .cr3 = 0x20000, .cr4 = LG_CR4_PAE, .efer = 0,
		.read_u64 = fake_read, .ctx = &mem,
	};
	u64 gpa;

	t[3] = 0x21000 | LG_PTE_P;			/* PDPTE 3: 0xc0000000+ */
	t[512 + 0] = 0x22000 | LG_PTE_P;		/* PD[0] -> PT */
	t[512 + 1] = 0x00600000 | LG_PTE_P | LG_PTE_PS;	/* PD[1]: 2 MiB */
	t[1024 + 5] = 0x00345000 | LG_PTE_P;

	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0xc0005678, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x345678ULL);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0xc0212345, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x612345ULL);
	KUNIT_EXPECT_EQ(test, lg_gva_walk(&w, 0x00001000, &gpa), -ENOENT);
}

static int fake_read_bytes(void *ctx, u64 gpa, void *buf, size_t len)
{
	struct fake_mem *m = ctx;

	if (gpa < m->base || gpa + len > m->base + m->size)
		return -EFAULT;
	memcpy(buf, m->buf + (gpa - m->base), len);
	return 0;
}

/*
 * An instruction straddling two virtual pages whose physical pages are
 * not adjacent (and in the other order); then with the second unmapped.
 */
static void lg_gva_read_test(struct kunit *test)
{
	/* Guest memory at 0x10000: tables, then data pages A and B. */
	u8 *mem = kunit_kzalloc(test, 6 * SZ_4K, GFP_KERNEL);
	struct fake_mem m = { mem, 0x10000, 6 * SZ_4K };
	u64 *pml4 = (u64 *)mem, *pdpt = pml4 + 512, *pd = pml4 + 1024, *pt = pml4 + 1536;
	struct lg_walk_ctx w = {
		.cr0 = LG_CR0_PG, .cr3 = 0x10000, .cr4 = LG_CR4_PAE,
		.efer = LG_EFER_LMA, .read_u64 = fake_read, .ctx = &m,
	};
	u8 *page_a = mem + 4 * SZ_4K, *page_b = mem + 5 * SZ_4K, buf[15];
	static const u8 insn[] = { 0xf3, 0x2e, 0x66, 0x41, 0x0f, 0xa2, 0x90, 0x90 };

	pml4[0] = 0x11000 | LG_PTE_P;
	pdpt[0] = 0x12000 | LG_PTE_P;
	pd[0] = 0x13000 | LG_PTE_P;
	pt[0x40] = 0x15000 | LG_PTE_P;	/* va 0x40000 -> page B */
	pt[0x41] = 0x14000 | LG_PTE_P;	/* va 0x41000 -> page A */
	memcpy(page_b + SZ_4K - 3, insn, 3);
	memcpy(page_a, insn + 3, sizeof(insn) - 3);

	KUNIT_EXPECT_EQ(test, lg_gva_read(&w, 0x41000 - 3, buf, sizeof(insn),
					  fake_read_bytes), sizeof(insn));
	KUNIT_EXPECT_EQ(test, memcmp(buf, insn, sizeof(insn)), 0);
	KUNIT_EXPECT_EQ(test, lg_insn_len_fixed(buf, sizeof(insn),
						(const u8 *)"\x0f\xa2", 2), 6);

	/* Second page gone: only the bytes before it. */
	pt[0x41] = 0;
	KUNIT_EXPECT_EQ(test, lg_gva_read(&w, 0x41000 - 3, buf, sizeof(insn),
					  fake_read_bytes), 3);
	KUNIT_EXPECT_EQ(test, lg_insn_len_fixed(buf, 3, (const u8 *)"\x0f\xa2", 2), -EINVAL);
	/* First page gone: nothing. */
	KUNIT_EXPECT_EQ(test, lg_gva_read(&w, 0x42000, buf, 4, fake_read_bytes), 0);
	/* A table entry pointing outside memory stops the read too. */
	pt[0x41] = 0x7770000 | LG_PTE_P;
	KUNIT_EXPECT_EQ(test, lg_gva_read(&w, 0x41000 - 3, buf, sizeof(insn),
					  fake_read_bytes), 3);
}

static struct kunit_case lg_pgtable_cases[] = {
	KUNIT_CASE(lg_gva_read_test),
	KUNIT_CASE(lg_pt_identity_test),
	KUNIT_CASE(lg_pt_identity_errors_test),
	KUNIT_CASE(lg_gva_walk_modes_test),
	KUNIT_CASE(lg_gva_walk_pae_test),
	{}
};

static struct kunit_suite lg_pgtable_suite = {
	.name = "lguest-pgtable",
	.test_cases = lg_pgtable_cases,
};

kunit_test_suite(lg_pgtable_suite);
