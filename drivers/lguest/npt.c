// SPDX-License-Identifier: GPL-2.0
/*
 * R:300 Nested page tables: the host's map from guest-physical to
 * host-physical addresses, in the host's own long-mode format.  lguest
 * fills them lazily, one 4 KiB page at a time, when the guest first
 * touches a page of its RAM; teardown walks every leaf to unpin its page.
 * Table pages come from callbacks, so KUnit can run this under UML.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "lg.h"

/* Nested walks are user accesses; A and D preset save the CPU the writes. */
#define LG_NPT_TABLE	(LG_PTE_P | LG_PTE_RW | LG_PTE_US | LG_PTE_A)
#define LG_NPT_LEAF	(LG_PTE_P | LG_PTE_RW | LG_PTE_US | LG_PTE_A | LG_PTE_D)

/**
 * lg_npt_init() - allocate an empty top level.
 * @npt: the tables; @npt->ops and @npt->ctx must be set.
 *
 * Return: 0 or -ENOMEM.
 */
int lg_npt_init(struct lg_npt *npt)
{
	npt->root = npt->ops->alloc(npt->ctx, &npt->root_pa);
	return npt->root ? 0 : -ENOMEM;
}

static u64 *lg_npt_next(struct lg_npt *npt, u64 *table, unsigned int index,
			bool create)
{
	u64 pa;
	u64 *next;

	if (table[index] & LG_PTE_P)
		return npt->ops->va(npt->ctx, table[index] & LG_PTE_ADDR);
	if (!create)
		return NULL;
	next = npt->ops->alloc(npt->ctx, &pa);
	if (!next)
		return NULL;
	table[index] = pa | LG_NPT_TABLE;
	npt->nr_tables++;
	return next;
}

static unsigned int lg_npt_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & 511;
}

/**
 * lg_npt_map() - map one 4 KiB guest page.
 * @npt: the tables.
 * @gpa: guest-physical address (page aligned, below 2^48).
 * @hpa: host-physical address of the backing page.
 *
 * Return: 0, -EEXIST if @gpa is mapped already, -EINVAL for a bad address,
 * -ENOMEM.
 */
int lg_npt_map(struct lg_npt *npt, u64 gpa, u64 hpa)
{
	u64 *table = npt->root;
	int level;

	if ((gpa | hpa) & (LG_PAGE_SIZE - 1) || gpa >> 48 || hpa & ~LG_PTE_ADDR)
		return -EINVAL;
	for (level = 4; level > 1; level--) {
		table = lg_npt_next(npt, table, lg_npt_index(gpa, level), true);
		if (!table)
			return -ENOMEM;
	}
	if (table[lg_npt_index(gpa, 1)] & LG_PTE_P)
		return -EEXIST;
	table[lg_npt_index(gpa, 1)] = hpa | LG_NPT_LEAF;
	npt->nr_leaves++;
	return 0;
}

/* The leaf entry for @gpa, or NULL if no table holds it. */
static u64 *lg_npt_leaf(struct lg_npt *npt, u64 gpa)
{
	u64 *table = npt->root;
	int level;

	if (gpa >> 48)
		return NULL;
	for (level = 4; level > 1; level--) {
		table = lg_npt_next(npt, table, lg_npt_index(gpa, level), false);
		if (!table)
			return NULL;
	}
	return &table[lg_npt_index(gpa, 1)];
}

/**
 * lg_npt_lookup() - translate a guest-physical address.
 * @npt: the tables.
 * @gpa: the address.
 * @hpa: receives the host-physical address.
 *
 * Return: 0 or -ENOENT.
 */
int lg_npt_lookup(struct lg_npt *npt, u64 gpa, u64 *hpa)
{
	u64 *pte = lg_npt_leaf(npt, gpa);

	if (!pte || !(*pte & LG_PTE_P))
		return -ENOENT;
	*hpa = (*pte & LG_PTE_ADDR) | (gpa & (LG_PAGE_SIZE - 1));
	return 0;
}

/**
 * lg_npt_unmap() - remove one 4 KiB mapping (the guest TLB needs a flush).
 * @npt: the tables.
 * @gpa: page-aligned guest-physical address.
 * @hpa: receives what it mapped to.
 *
 * Return: 0 or -ENOENT.
 */
int lg_npt_unmap(struct lg_npt *npt, u64 gpa, u64 *hpa)
{
	u64 *pte = lg_npt_leaf(npt, gpa);

	if (!pte || !(*pte & LG_PTE_P))
		return -ENOENT;
	*hpa = *pte & LG_PTE_ADDR;
	*pte = 0;
	npt->nr_leaves--;
	return 0;
}

static void lg_npt_free_level(struct lg_npt *npt, u64 *table, int level,
			      u64 gpa_base,
			      void (*leaf)(void *arg, u64 gpa, u64 hpa), void *arg)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		u64 gpa = gpa_base | ((u64)i << (12 + 9 * (level - 1)));

		if (!(table[i] & LG_PTE_P))
			continue;
		if (level == 1) {
			if (leaf)
				leaf(arg, gpa, table[i] & LG_PTE_ADDR);
			continue;
		}
		lg_npt_free_level(npt, npt->ops->va(npt->ctx, table[i] & LG_PTE_ADDR),
				  level - 1, gpa, leaf, arg);
	}
	npt->ops->free(npt->ctx, table);
}

/**
 * lg_npt_destroy() - free every table, calling @leaf for each mapping.
 * @npt: the tables; empty afterwards.
 * @leaf: called with each mapped (gpa, hpa), e.g. to unpin the page.
 * @arg: passed to @leaf.
 */
void lg_npt_destroy(struct lg_npt *npt, void (*leaf)(void *arg, u64 gpa, u64 hpa),
		    void *arg)
{
	if (!npt->root)
		return;
	lg_npt_free_level(npt, npt->root, 4, 0, leaf, arg);
	npt->root = NULL;
	npt->nr_tables = 0;
	npt->nr_leaves = 0;
}
