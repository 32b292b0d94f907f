// SPDX-License-Identifier: GPL-2.0
/*
 * B:100 Page tables in the guest's own format: the identity map lguest
 * hands a kernel at entry, and a walker that translates a guest-virtual
 * address the way the guest's MMU would (needed to fetch the instruction
 * behind an exit, since this CPU has no decode assists).  Pure logic:
 * KUnit runs it under UML (pgtable_kunit.c).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sizes.h>

#include "../lg.h"

/**
 * lg_pt_identity_pages() - pages lg_pt_build_identity() needs.
 * @map_size: bytes to map from address 0.
 *
 * Return: PML4 + PDPT + one page directory per GiB.
 */
size_t lg_pt_identity_pages(u64 map_size)
{
	return 2 + DIV_ROUND_UP(map_size, SZ_1G);
}

/**
 * lg_pt_build_identity() - build a 4-level identity map with 2 MiB pages.
 * @tables: zeroed buffer of @nr_pages 4 KiB pages, to be copied into the
 *	guest at @tables_gpa.
 * @nr_pages: its size in pages.
 * @tables_gpa: where the tables will live in the guest (4 KiB aligned).
 * @map_size: bytes to map from guest-virtual 0 to guest-physical 0, rounded
 *	up to a GiB; at most 512 GiB.
 *
 * Return: 0, -EINVAL for a bad alignment or size, -ENOSPC when @nr_pages
 * is too small.
 */
int lg_pt_build_identity(u64 *tables, size_t nr_pages, u64 tables_gpa,
			 u64 map_size)
{
	size_t gib = DIV_ROUND_UP(map_size, SZ_1G), i;
	u64 *pml4 = tables, *pdpt = tables + 512, *pd = tables + 1024;

	if (!map_size || gib > 512 || !IS_ALIGNED(tables_gpa, SZ_4K))
		return -EINVAL;
	if (nr_pages < lg_pt_identity_pages(map_size))
		return -ENOSPC;
	pml4[0] = (tables_gpa + SZ_4K) | LG_PTE_P | LG_PTE_RW;
	for (i = 0; i < gib; i++)
		pdpt[i] = (tables_gpa + (2 + i) * SZ_4K) | LG_PTE_P | LG_PTE_RW;
	for (i = 0; i < gib * 512; i++)
		pd[i] = ((u64)i * SZ_2M) | LG_PTE_P | LG_PTE_RW | LG_PTE_PS;
	return 0;
}

/*
 * B:110 The walk.  Paging off: the address is physical.  Long mode: four
 * levels, 1 GiB and 2 MiB leaves.  PAE without long mode: three levels.
 * 32-bit non-PAE paging is left out until a guest needs it.
 */
int lg_gva_walk(const struct lg_walk_ctx *w, u64 gva, u64 *gpa)
{
	int levels, level;
	u64 table, entry;

	if (!(w->cr0 & LG_CR0_PG)) {
		*gpa = gva & 0xffffffffULL;
		if (w->efer & LG_EFER_LMA)
			*gpa = gva;
		return 0;
	}
	if (!(w->cr4 & LG_CR4_PAE))
		return -EOPNOTSUPP;
	if (w->efer & LG_EFER_LMA) {
		levels = 4;
		table = w->cr3 & LG_PTE_ADDR;
	} else {
		/* PAE: CR3 points at four 8-byte PDPTEs, 32-byte aligned. */
		gva &= 0xffffffffULL;
		if (w->read_u64(w->ctx, (w->cr3 & ~0x1fULL) + ((gva >> 30) & 3) * 8, &entry))
			return -EFAULT;
		if (!(entry & LG_PTE_P))
			return -ENOENT;
		levels = 2;
		table = entry & LG_PTE_ADDR;
	}
	for (level = levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 index = (gva >> shift) & 511;

		if (w->read_u64(w->ctx, table + index * 8, &entry))
			return -EFAULT;
		if (!(entry & LG_PTE_P))
			return -ENOENT;
		if (level == 1 || ((level == 2 || level == 3) && (entry & LG_PTE_PS))) {
			u64 page_mask = (1ULL << shift) - 1;

			/* A large page's address field has PAT in bit 12. */
			*gpa = (entry & LG_PTE_ADDR & ~page_mask) | (gva & page_mask);
			return 0;
		}
		table = entry & LG_PTE_ADDR;
	}
	return -ENOENT;
}

/**
 * lg_gva_read() - read guest-virtual memory page by page, as the guest's
 * MMU would, e.g. the instruction at RIP, which may straddle two pages.
 * @w: paging registers and the 8-byte reader for table entries.
 * @gva: where to start.
 * @buf: receives the bytes.
 * @len: how many are wanted.
 * @read: reads guest-physical memory; returns 0 or a negative errno.
 *
 * Return: how many bytes could be read before an unmapped or unreadable
 * page (0 if not even the first).
 */
size_t lg_gva_read(const struct lg_walk_ctx *w, u64 gva, u8 *buf, size_t len,
		   int (*read)(void *ctx, u64 gpa, void *buf, size_t len))
{
	size_t got = 0;

	while (got < len) {
		u64 va = gva + got, gpa;
		size_t chunk = min_t(size_t, len - got,
				     LG_PAGE_SIZE - (va & (LG_PAGE_SIZE - 1)));

		if (lg_gva_walk(w, va, &gpa) || read(w->ctx, gpa, buf + got, chunk))
			break;
		got += chunk;
	}
	return got;
}
