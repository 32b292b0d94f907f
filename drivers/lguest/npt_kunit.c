// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for npt.c with table pages from kzalloc: map, look up,
 * unmap, refuse bad addresses and double maps, 2 MiB leaves and their
 * overlaps with 4 KiB ones, and free every table while visiting every
 * leaf exactly once.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "lg.h"

#define FAKE_PAGES	64

/*
 * "Physical" addresses are slot numbers times 4 KiB, canonical and inside
 * LG_PTE_ADDR on every architecture (kernel pointers are neither on
 * x86_64: their top bits would be stripped).
 */
struct fake_pages {
	struct kunit *test;
	int live;
	void *page[FAKE_PAGES];
};

static void *fake_alloc(void *ctx, u64 *pa)
{
	struct fake_pages *f = ctx;
	unsigned int i;

	for (i = 0; i < FAKE_PAGES && f->page[i]; i++)
		;
	if (i == FAKE_PAGES)
		return NULL;
	f->page[i] = kzalloc(SZ_4K, GFP_KERNEL);
	if (!f->page[i])
		return NULL;
	f->live++;
	*pa = (u64)(i + 1) * SZ_4K;
	return f->page[i];
}

static void *fake_va(void *ctx, u64 pa)
{
	struct fake_pages *f = ctx;
	u64 i = pa / SZ_4K - 1;

	KUNIT_ASSERT_TRUE(f->test, pa % SZ_4K == 0 && i < FAKE_PAGES && f->page[i]);
	return f->page[i];
}

static void fake_free(void *ctx, void *va)
{
	struct fake_pages *f = ctx;
	unsigned int i;

	for (i = 0; i < FAKE_PAGES; i++) {
		if (f->page[i] == va) {
			f->page[i] = NULL;
			f->live--;
			kfree(va);
			return;
		}
	}
	KUNIT_FAIL(f->test, "freed a page that was not allocated");
}

static const struct lg_npt_ops fake_ops = {
	.alloc = fake_alloc, .va = fake_va, .free = fake_free,
};

struct leaves {
	int count;
	u64 sum_gpa, sum_hpa, sum_size;
};

static void count_leaf(void *arg, u64 gpa, u64 hpa, u64 size)
{
	struct leaves *l = arg;

	l->count++;
	l->sum_gpa += gpa;
	l->sum_hpa += hpa;
	l->sum_size += size;
}

static void lg_npt_test(struct kunit *test)
{
	struct fake_pages f = { .test = test };
	struct lg_npt npt = { .ops = &fake_ops, .ctx = &f };
	struct leaves l = {};
	u64 hpa, size, *pte;

	KUNIT_ASSERT_EQ(test, lg_npt_init(&npt), 0);
	KUNIT_EXPECT_EQ(test, f.live, 1);

	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x1000, 0xaaaa000), 0);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x2000, 0xbbbb000), 0);
	/* Same PT: no new tables for the second page. */
	KUNIT_EXPECT_EQ(test, f.live, 4);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, SZ_1G, 0xcccc000), 0);
	KUNIT_EXPECT_EQ(test, f.live, 6);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0xff0000000ULL, 0xdddd000), 0);
	KUNIT_EXPECT_EQ(test, npt.nr_leaves, 4UL);

	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, 0x1234, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0xaaaa234ULL);
	KUNIT_EXPECT_EQ(test, size, LG_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_1G + 8, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0xcccc008ULL);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, 0x3000, &hpa, &size), -ENOENT);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_2G, &hpa, &size), -ENOENT);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, 1ULL << 48, &hpa, &size), -ENOENT);

	/* Leaves are user, writable, accessed and dirty (nested walks). */
	pte = fake_va(&f, npt.root[0] & LG_PTE_ADDR);
	pte = fake_va(&f, pte[0] & LG_PTE_ADDR);
	pte = fake_va(&f, pte[0] & LG_PTE_ADDR);
	KUNIT_EXPECT_EQ(test, pte[1], 0xaaaa000ULL | LG_PTE_P | LG_PTE_RW |
			LG_PTE_US | LG_PTE_A | LG_PTE_D);

	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x1000, 0x5000), -EEXIST);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x1001, 0x5000), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x4000, 0x5001), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 1ULL << 48, 0x5000), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, 0x4000, 1ULL << 52), -EINVAL);

	KUNIT_EXPECT_EQ(test, lg_npt_unmap(&npt, 0x2000, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0xbbbb000ULL);
	KUNIT_EXPECT_EQ(test, lg_npt_unmap(&npt, 0x2000, &hpa, &size), -ENOENT);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, 0x2000, &hpa, &size), -ENOENT);

	lg_npt_destroy(&npt, count_leaf, &l);
	KUNIT_EXPECT_EQ(test, l.count, 3);
	KUNIT_EXPECT_EQ(test, l.sum_gpa, 0x1000ULL + SZ_1G + 0xff0000000ULL);
	KUNIT_EXPECT_EQ(test, l.sum_hpa, 0xaaaa000ULL + 0xcccc000ULL + 0xdddd000ULL);
	KUNIT_EXPECT_EQ(test, l.sum_size, 3 * LG_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, f.live, 0);
	KUNIT_EXPECT_NULL(test, npt.root);
	/* Destroying twice is harmless. */
	lg_npt_destroy(&npt, count_leaf, &l);
	KUNIT_EXPECT_EQ(test, l.count, 3);
}

/*
 * 2 MiB leaves: one PDE with PS, no page table below it; lookups inside it
 * add the offset; a 4 KiB map inside it and a 2 MiB map over 4 KiB leaves
 * are both refused; unmap removes the whole leaf; teardown reports its
 * size and frees no table that was never made.
 */
static void lg_npt_huge_test(struct kunit *test)
{
	struct fake_pages f = { .test = test };
	struct lg_npt npt = { .ops = &fake_ops, .ctx = &f };
	struct leaves l = {};
	u64 hpa, size, *pde;

	KUNIT_ASSERT_EQ(test, lg_npt_init(&npt), 0);
	/* Free with no table below the root, and asking made none. */
	KUNIT_EXPECT_TRUE(test, lg_npt_huge_free(&npt, SZ_2M + 0x1000));
	KUNIT_EXPECT_EQ(test, f.live, 1);
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_2M, 0x40000000ULL), 0);
	/* Root, PDPT and PD: no 4 KiB page table. */
	KUNIT_EXPECT_EQ(test, f.live, 3);
	KUNIT_EXPECT_FALSE(test, lg_npt_huge_free(&npt, SZ_2M + SZ_2M - 1));
	KUNIT_EXPECT_TRUE(test, lg_npt_huge_free(&npt, SZ_4M));
	KUNIT_EXPECT_FALSE(test, lg_npt_huge_free(&npt, 1ULL << 48));
	KUNIT_EXPECT_EQ(test, npt.nr_huge, 1UL);
	KUNIT_EXPECT_EQ(test, npt.nr_leaves, 0UL);
	pde = fake_va(&f, npt.root[0] & LG_PTE_ADDR);
	pde = fake_va(&f, pde[0] & LG_PTE_ADDR);
	KUNIT_EXPECT_EQ(test, pde[1], 0x40000000ULL | LG_PTE_P | LG_PTE_RW |
			LG_PTE_US | LG_PTE_A | LG_PTE_D | LG_PTE_PS);

	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_2M + 0x12345, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0x40012345ULL);
	KUNIT_EXPECT_EQ(test, size, (u64)SZ_2M);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_4M, &hpa, &size), -ENOENT);

	/* Overlaps either way are refused, and make no table. */
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, SZ_2M + 0x3000, 0x5000), -EEXIST);
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_2M, 0x80000000ULL), -EEXIST);
	KUNIT_EXPECT_EQ(test, f.live, 3);
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, SZ_4M + 0x1000, 0x5000), 0);
	/* One 4 KiB leaf anywhere in the stretch is enough to be in the way. */
	KUNIT_EXPECT_FALSE(test, lg_npt_huge_free(&npt, SZ_4M + SZ_1M));
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_4M, 0x80000000ULL), -EEXIST);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_4M + 0x1008, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0x5008ULL);

	/* Misaligned either side. */
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_8M + SZ_4K, 0x80000000ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_8M, 0x80001000ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, 1ULL << 48, 0x80000000ULL), -EINVAL);

	/* Unmapping from inside the leaf removes all of it. */
	KUNIT_EXPECT_EQ(test, lg_npt_unmap(&npt, SZ_2M + 0x5000, &hpa, &size), 0);
	KUNIT_EXPECT_EQ(test, hpa, 0x40000000ULL);
	KUNIT_EXPECT_EQ(test, size, (u64)SZ_2M);
	KUNIT_EXPECT_EQ(test, npt.nr_huge, 0UL);
	KUNIT_EXPECT_EQ(test, lg_npt_lookup(&npt, SZ_2M, &hpa, &size), -ENOENT);
	/* Now 4 KiB leaves may go there (a table appears under the PDE). */
	KUNIT_EXPECT_EQ(test, lg_npt_map(&npt, SZ_2M, 0x6000), 0);
	KUNIT_EXPECT_EQ(test, lg_npt_map_huge(&npt, SZ_8M, 0x80000000ULL), 0);

	lg_npt_destroy(&npt, count_leaf, &l);
	KUNIT_EXPECT_EQ(test, l.count, 3);
	KUNIT_EXPECT_EQ(test, l.sum_gpa, (u64)SZ_2M + SZ_4M + 0x1000 + SZ_8M);
	KUNIT_EXPECT_EQ(test, l.sum_hpa, 0x5000ULL + 0x6000 + 0x80000000ULL);
	KUNIT_EXPECT_EQ(test, l.sum_size, 2 * LG_PAGE_SIZE + SZ_2M);
	KUNIT_EXPECT_EQ(test, f.live, 0);
	KUNIT_EXPECT_EQ(test, npt.nr_huge, 0UL);
}

static struct kunit_case lg_npt_cases[] = {
	KUNIT_CASE(lg_npt_test),
	KUNIT_CASE(lg_npt_huge_test),
	{}
};

static struct kunit_suite lg_npt_suite = {
	.name = "lguest-npt",
	.test_cases = lg_npt_cases,
};

kunit_test_suite(lg_npt_suite);
