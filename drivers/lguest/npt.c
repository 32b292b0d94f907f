// SPDX-License-Identifier: GPL-2.0
/*
 * R:300 Nested page tables: the host's map from guest-physical to
 * host-physical addresses, in the host's own long-mode format.  lguest
 * fills them lazily, when the guest first touches a page of its RAM: one
 * 2 MiB leaf where the host backs that stretch with one huge page, one
 * 4 KiB leaf otherwise.  A 2 MiB leaf and 4 KiB leaves never overlap: a
 * map that would is refused (-EEXIST), and the caller falls back to what
 * is already there.  Teardown walks every leaf to unpin its pages.
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

static unsigned int lg_npt_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & 511;
}

/* A present entry at @level that maps memory rather than a table. */
static bool lg_npt_is_leaf(u64 pte, int level)
{
	return level == 1 || (pte & LG_PTE_PS);
}

/*
 * The entry for @gpa at @level, making the tables above it if @create.
 * NULL with -EEXIST when a leaf above @level already covers @gpa, with
 * -ENOENT when a table is missing and !@create, -ENOMEM.
 */
static u64 *lg_npt_slot(struct lg_npt *npt, u64 gpa, int level, bool create,
			int *err)
{
	u64 *table = npt->root;
	int l;

	for (l = 4; l > level; l--) {
		u64 *pte = &table[lg_npt_index(gpa, l)];
		u64 pa;

		if (*pte & LG_PTE_P) {
			if (lg_npt_is_leaf(*pte, l)) {
				*err = -EEXIST;
				return NULL;
			}
			table = npt->ops->va(npt->ctx, *pte & LG_PTE_ADDR);
			continue;
		}
		if (!create) {
			*err = -ENOENT;
			return NULL;
		}
		table = npt->ops->alloc(npt->ctx, &pa);
		if (!table) {
			*err = -ENOMEM;
			return NULL;
		}
		*pte = pa | LG_NPT_TABLE;
		npt->nr_tables++;
	}
	return &table[lg_npt_index(gpa, level)];
}

/* Map one leaf of @size (4 KiB at level 1, 2 MiB at level 2). */
static int lg_npt_map_level(struct lg_npt *npt, u64 gpa, u64 hpa, int level)
{
	u64 size = level == 1 ? LG_PAGE_SIZE : LG_HUGE_SIZE;
	u64 *pte;
	int err;

	if ((gpa | hpa) & (size - 1) || gpa >> 48 || hpa & ~LG_PTE_ADDR)
		return -EINVAL;
	pte = lg_npt_slot(npt, gpa, level, true, &err);
	if (!pte)
		return err;
	/* At level 2 a table of 4 KiB leaves is just as much in the way. */
	if (*pte & LG_PTE_P)
		return -EEXIST;
	if (level == 1) {
		*pte = hpa | LG_NPT_LEAF;
		npt->nr_leaves++;
	} else {
		*pte = hpa | LG_NPT_LEAF | LG_PTE_PS;
		npt->nr_huge++;
	}
	return 0;
}

/**
 * lg_npt_map() - map one 4 KiB guest page.
 * @npt: the tables.
 * @gpa: guest-physical address (page aligned, below 2^48).
 * @hpa: host-physical address of the backing page.
 *
 * Return: 0, -EEXIST if @gpa is mapped already (also by a 2 MiB leaf),
 * -EINVAL for a bad address, -ENOMEM.
 */
int lg_npt_map(struct lg_npt *npt, u64 gpa, u64 hpa)
{
	return lg_npt_map_level(npt, gpa, hpa, 1);
}

/**
 * lg_npt_map_huge() - map one 2 MiB guest stretch with a single leaf.
 * @npt: the tables.
 * @gpa: guest-physical address (2 MiB aligned, below 2^48).
 * @hpa: host-physical address of 2 MiB of contiguous backing (aligned).
 *
 * Return: 0, -EEXIST if any of it is mapped already (by 4 KiB leaves too:
 * they are not merged), -EINVAL for a bad address, -ENOMEM.
 */
int lg_npt_map_huge(struct lg_npt *npt, u64 gpa, u64 hpa)
{
	return lg_npt_map_level(npt, gpa, hpa, 2);
}

/**
 * lg_npt_huge_free() - whether a 2 MiB leaf could map @gpa's stretch.
 * @npt: the tables.
 * @gpa: any address in the stretch.
 *
 * Lets a caller skip gathering 2 MiB of backing that lg_npt_map_huge()
 * would refuse anyway.  Allocates nothing.
 *
 * Return: true if nothing (no leaf of either size) maps any of it.
 */
bool lg_npt_huge_free(struct lg_npt *npt, u64 gpa)
{
	u64 *pte;
	int err;

	if (gpa >> 48)
		return false;
	pte = lg_npt_slot(npt, gpa, 2, false, &err);
	if (!pte)
		return err == -ENOENT;
	return !(*pte & LG_PTE_P);
}

/* The leaf that maps @gpa and its size, or NULL. */
static u64 *lg_npt_leaf(struct lg_npt *npt, u64 gpa, u64 *size)
{
	u64 *pte;
	int level, err;

	if (gpa >> 48)
		return NULL;
	for (level = 1; level <= 2; level++) {
		pte = lg_npt_slot(npt, gpa, level, false, &err);
		if (pte && (*pte & LG_PTE_P) && lg_npt_is_leaf(*pte, level)) {
			*size = level == 1 ? LG_PAGE_SIZE : LG_HUGE_SIZE;
			return pte;
		}
		if (pte || err != -EEXIST)
			return NULL;
	}
	return NULL;
}

/**
 * lg_npt_lookup() - translate a guest-physical address.
 * @npt: the tables.
 * @gpa: the address.
 * @hpa: receives the host-physical address.
 * @size: receives the size of the leaf that maps @gpa (4 KiB or 2 MiB).
 *
 * Return: 0 or -ENOENT.
 */
int lg_npt_lookup(struct lg_npt *npt, u64 gpa, u64 *hpa, u64 *size)
{
	u64 *pte = lg_npt_leaf(npt, gpa, size);

	if (!pte)
		return -ENOENT;
	*hpa = (*pte & LG_PTE_ADDR & ~(*size - 1)) | (gpa & (*size - 1));
	return 0;
}

/**
 * lg_npt_unmap() - remove the mapping of @gpa, whichever size it has (the
 * guest TLB needs a flush).
 * @npt: the tables.
 * @gpa: a guest-physical address inside the mapping.
 * @hpa: receives the start of what it mapped to.
 * @size: receives its size, 4 KiB or 2 MiB.
 *
 * Return: 0 or -ENOENT.
 */
int lg_npt_unmap(struct lg_npt *npt, u64 gpa, u64 *hpa, u64 *size)
{
	u64 *pte = lg_npt_leaf(npt, gpa, size);

	if (!pte)
		return -ENOENT;
	*hpa = *pte & LG_PTE_ADDR & ~(*size - 1);
	*pte = 0;
	if (*size == LG_PAGE_SIZE)
		npt->nr_leaves--;
	else
		npt->nr_huge--;
	return 0;
}

static void lg_npt_free_level(struct lg_npt *npt, u64 *table, int level,
			      u64 gpa_base,
			      void (*leaf)(void *arg, u64 gpa, u64 hpa, u64 size),
			      void *arg)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		u64 gpa = gpa_base | ((u64)i << (12 + 9 * (level - 1)));

		if (!(table[i] & LG_PTE_P))
			continue;
		if (lg_npt_is_leaf(table[i], level)) {
			if (leaf)
				leaf(arg, gpa, table[i] & LG_PTE_ADDR,
				     level == 1 ? LG_PAGE_SIZE : LG_HUGE_SIZE);
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
 * @leaf: called with each mapping's (gpa, hpa, size), e.g. to unpin it.
 * @arg: passed to @leaf.
 */
void lg_npt_destroy(struct lg_npt *npt,
		    void (*leaf)(void *arg, u64 gpa, u64 hpa, u64 size),
		    void *arg)
{
	if (!npt->root)
		return;
	lg_npt_free_level(npt, npt->root, 4, 0, leaf, arg);
	npt->root = NULL;
	npt->nr_tables = 0;
	npt->nr_leaves = 0;
	npt->nr_huge = 0;
}
