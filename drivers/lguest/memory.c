// SPDX-License-Identifier: GPL-2.0
/*
 * M:100 Guest RAM is ordinary anonymous memory in the stub's address
 * space: guest-physical N is at ram_hva + N there, as in 2007.  The module
 * maps it when the stub attaches, copies into it with copy_to_user()
 * (we always run in the stub's context), and pins a page into the nested
 * tables the first time the guest touches it.  Every access from the host
 * side goes through lg_gpa_range_ok(), which checks start, end and
 * overflow.
 */
#include <linux/highmem.h>
#include <linux/hugetlb_inline.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "lg.h"

static bool lg_gpa_range_ok(struct lguest *lg, u64 gpa, size_t len)
{
	u64 end;

	return !check_add_overflow(gpa, (u64)len, &end) && end <= lg->ram_size;
}

/*
 * Host-side access needs the stub's mm: current's in LGUEST_RUN, and a
 * device worker's once it adopted it (virtio/dev.c).  NULL for a range
 * outside RAM or the wrong address space.
 */
void __user *lg_guest_uptr(struct lguest *lg, u64 gpa, size_t len)
{
	if (!lg_gpa_range_ok(lg, gpa, len) || current->mm != lg->mm)
		return NULL;
	return (void __user *)(lg->ram_hva + gpa);
}

int lg_copy_to_guest(struct lguest *lg, u64 gpa, const void *src, size_t len)
{
	void __user *p = lg_guest_uptr(lg, gpa, len);

	if (!p || copy_to_user(p, src, len))
		return -EFAULT;
	return 0;
}

int lg_copy_from_guest(struct lguest *lg, void *dst, u64 gpa, size_t len)
{
	void __user *p = lg_guest_uptr(lg, gpa, len);

	if (!p || copy_from_user(dst, p, len))
		return -EFAULT;
	return 0;
}

/* Nested table pages: zeroed, charged to the stub's memory cgroup. */
static void *lg_npt_alloc(void *ctx, u64 *pa)
{
	struct page *page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!page)
		return NULL;
	*pa = page_to_phys(page);
	return page_address(page);
}

static void *lg_npt_va(void *ctx, u64 pa)
{
	return phys_to_virt(pa);
}

static void lg_npt_free(void *ctx, void *va)
{
	free_page((unsigned long)va);
}

static const struct lg_npt_ops lg_npt_host_ops = {
	.alloc = lg_npt_alloc,
	.va = lg_npt_va,
	.free = lg_npt_free,
};

/*
 * M:150 The stub owns the address space, so it can unmap or replace guest
 * RAM while the guest runs (munmap, mmap over it, mremap).  The pinned
 * pages stay valid for the host (they are freed only at teardown), but
 * the guest and the stub would no longer share memory: end the guest
 * instead of letting it go on with a RAM nobody else sees.  Runs in the
 * unmapping task with its mmap_lock held, or from the OOM reaper: no
 * sleeping, no locks but lg_end()'s spinlock.  Protection changes,
 * migration and reclaim pass: pinned pages are not moved or reclaimed.
 */
static int lg_mn_invalidate(struct mmu_notifier *mn,
			    const struct mmu_notifier_range *range)
{
	struct lguest *lg = container_of(mn, struct lguest, mn);

	if (range->event != MMU_NOTIFY_UNMAP ||
	    range->end <= lg->ram_hva || range->start >= lg->ram_hva + lg->ram_size)
		return 0;
	lg_kill(lg, "the stub unmapped guest RAM (0x%lx-0x%lx)",
		range->start, range->end);
	return 0;
}

static const struct mmu_notifier_ops lg_mn_ops = {
	.invalidate_range_start = lg_mn_invalidate,
};

/*
 * M:120 Guest RAM starts on a 2 MiB boundary of the stub's address space,
 * so each 2 MiB of guest-physical memory can sit in one transparent huge
 * page (the host's THP policy decides; the stub asks with MADV_HUGEPAGE
 * for hosts set to "madvise") and be mapped by one nested 2 MiB leaf.
 * Map 2 MiB more than needed, then give back the unaligned ends.
 */
static unsigned long lg_mmap_aligned(size_t size)
{
	unsigned long hva, start;
	size_t len = size + LG_HUGE_SIZE;

	hva = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, 0);
	if (IS_ERR_VALUE(hva))
		return hva;
	start = ALIGN(hva, LG_HUGE_SIZE);
	if (start > hva)
		vm_munmap(hva, start - hva);
	if (hva + len > start + size)
		vm_munmap(start + size, hva + len - (start + size));
	return start;
}

/*
 * M:130 What guest RAM may be: private memory lguest may pin for as long
 * as the guest lives.  Anonymous memory (what lguest maps itself), or
 * hugetlbfs memory the stub mapped (LGUEST_ATTACH_STUB_RAM): neither is
 * page cache a pin would hold in memory behind a filesystem's back, and
 * "private" means nobody outside the stub writes the guest's RAM.
 */
static const char lg_ram_kinds[] =
	"not private read-write anonymous or hugetlbfs memory";

static bool lg_ram_vma_ok(struct vm_area_struct *vma)
{
	return (vma_is_anonymous(vma) || is_vm_hugetlb_page(vma)) &&
	       !(vma->vm_flags & VM_SHARED) &&
	       (vma->vm_flags & (VM_READ | VM_WRITE)) == (VM_READ | VM_WRITE);
}

/*
 * The stub's own mapping, checked once at attach (the fault path checks
 * each page's VMA again): page-aligned, inside the address space, and
 * covered end to end by VMAs lg_ram_vma_ok() accepts.  The stub may
 * change it later; lg_mn_invalidate() and lg_mem_fault() see to that.
 */
static int lg_check_stub_ram(struct lguest *lg)
{
	unsigned long start = lg->ram_hva, end, addr;
	struct vm_area_struct *vma;
	int err = 0;

	if (!start || !PAGE_ALIGNED(start) ||
	    check_add_overflow(start, (unsigned long)lg->ram_size, &end) ||
	    end > TASK_SIZE)
		return lg_set_reason(lg, -EINVAL,
				     "stub RAM at 0x%lx: not page-aligned or not in the address space",
				     start);
	if (mmap_read_lock_killable(current->mm))
		return -EINTR;
	for (addr = start; addr < end; addr = vma->vm_end) {
		vma = vma_lookup(current->mm, addr);
		if (!vma || !lg_ram_vma_ok(vma)) {
			err = lg_set_reason(lg, -EINVAL, "stub RAM at 0x%lx: 0x%lx is %s",
					    start, addr, vma ? lg_ram_kinds : "not mapped");
			break;
		}
	}
	mmap_read_unlock(current->mm);
	return err;
}

/**
 * lg_mem_setup() - map guest RAM into the caller (or check the caller's
 * own mapping) and make empty nested tables.
 * @lg: the guest, being attached by current.
 *
 * Return: 0 or a negative errno.
 */
int lg_mem_setup(struct lguest *lg)
{
	unsigned long hva;
	int err;

	if (lg->ram_from_stub) {
		err = lg_check_stub_ram(lg);
		if (err)
			return err;
		hva = lg->ram_hva;
	} else {
		hva = lg_mmap_aligned(lg->ram_size);
		if (IS_ERR_VALUE(hva))
			return (int)hva;
	}
	lg->ram_hva = hva;
	lg->mm = current->mm;
	mmgrab(lg->mm);

	lg->npt.ops = &lg_npt_host_ops;
	lg->npt.ctx = lg;
	err = lg_npt_init(&lg->npt);
	if (err)
		goto undo_mmap;
	lg->mn.ops = &lg_mn_ops;
	err = mmu_notifier_register(&lg->mn, lg->mm);
	if (err)
		goto undo_npt;
	lg->mn_registered = true;
	return 0;

undo_npt:
	lg_npt_destroy(&lg->npt, NULL, NULL);
undo_mmap:
	if (!lg->ram_from_stub)
		vm_munmap(hva, lg->ram_size);
	mmdrop(lg->mm);
	lg->mm = NULL;
	return err;
}

/* A leaf's pages are consecutive (one huge page for a 2 MiB leaf). */
static void lg_unpin_leaf(void *arg, u64 gpa, u64 hpa, u64 size)
{
	unpin_user_page_range_dirty_lock(pfn_to_page(hpa >> PAGE_SHIFT),
					 size >> PAGE_SHIFT, true);
}

/**
 * lg_mem_teardown() - unpin every page, free the nested tables and, if the
 * stub is still alive and calling, unmap guest RAM from it.
 * @lg: the guest, being detached.
 *
 * Called on close, which may run after the stub's mm is gone (SIGKILL):
 * nothing here needs that mm except the unmap.
 */
void lg_mem_teardown(struct lguest *lg)
{
	/* Before lguest's own munmap, which is no reason to kill anyone. */
	if (lg->mn_registered)
		mmu_notifier_unregister(&lg->mn, lg->mm);
	lg->mn_registered = false;
	lg_npt_destroy(&lg->npt, lg_unpin_leaf, lg);
	if (!lg->mm)
		return;
	if (current->mm == lg->mm && !lg->ram_from_stub)
		vm_munmap(lg->ram_hva, lg->ram_size);
	mmdrop(lg->mm);
	lg->mm = NULL;
}

/*
 * M:220 The 2 MiB stretch around @page_gpa, when the page just pinned
 * belongs to a huge page: pin all 512 pages and map them with one leaf.
 * Only if they really are one aligned, physically contiguous run (the
 * huge page may have been split since, or the stretch may be backed by
 * two different folios); otherwise, or if 4 KiB leaves already map part
 * of the stretch, the caller maps the one page.  Each of the 512 pages is
 * pinned, so unpinning (lg_unpin_leaf) and the page's own reference
 * counting stay what they are for 4 KiB leaves.
 */
static bool lg_mem_fault_huge(struct lguest *lg, u64 page_gpa, struct page *page)
{
	u64 gpa = page_gpa & ~(LG_HUGE_SIZE - 1);
	unsigned int n = LG_HUGE_SIZE >> PAGE_SHIFT, i;
	struct page **pages;
	bool mapped = false;
	int ret;

	if (folio_nr_pages(page_folio(page)) < n ||
	    !lg_gpa_range_ok(lg, gpa, LG_HUGE_SIZE) ||
	    !lg_npt_huge_free(&lg->npt, gpa))
		return false;
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return false;
	ret = pin_user_pages_fast(lg->ram_hva + gpa, n,
				  FOLL_WRITE | FOLL_LONGTERM, pages);
	if (ret == n && !(page_to_phys(pages[0]) & (LG_HUGE_SIZE - 1))) {
		for (i = 1; i < n && pages[i] == nth_page(pages[0], i); i++)
			;
		mapped = i == n &&
			 !lg_npt_map_huge(&lg->npt, gpa, page_to_phys(pages[0]));
	}
	if (!mapped && ret > 0)
		unpin_user_pages(pages, ret);
	kvfree(pages);
	return mapped;
}

/*
 * Before 6.10, a long-term pin of a hugetlbfs page in ZONE_MOVABLE does
 * not migrate it first: gup's hugetlb path WARNs (a panic with
 * panic_on_warn) and fails ("mm: gup: stop abusing try_grab_folio" fixed
 * it; the Makefile says LG_HUGETLB_PIN_WARNS before).  So look at the
 * page with an ordinary reference first, and refuse such a page with
 * -EXDEV instead of pinning it.  CMA hugetlb pages are
 * not seen here (their test is not exported); nor is a page migrated
 * between this look and the pin, which only memory offlining does.
 */
static int lg_hugetlb_pinnable(unsigned long hva)
{
#ifdef LG_HUGETLB_PIN_WARNS
	struct page *page;
	bool movable;

	if (get_user_pages_fast(hva, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	movable = is_zone_movable_page(page);
	put_page(page);
	if (movable)
		return -EXDEV;
#endif
	return 0;
}

/*
 * M:200 A nested page fault inside RAM: pin the stub's page (faulting it
 * in) and map it, with a 2 MiB leaf where a huge page backs it.  The
 * vCPU's thread, or the attaching stub for a prefault, preemptible:
 * pinning may sleep (mmap_lock, reclaim, migrating the page out of
 * ZONE_MOVABLE first).  Only memory lg_ram_vma_ok() accepts is pinned: a
 * stub that put a file or device mapping there would have lguest pin page
 * cache for as long as the guest lives (-EACCES ends the guest with a
 * reason).  Pages stay pinned until teardown;
 * lg_mn_invalidate() watches the rest.
 */
int lg_mem_fault(struct lguest *lg, u64 gpa)
{
	u64 page_gpa = gpa & ~(LG_PAGE_SIZE - 1);
	unsigned long hva = lg->ram_hva + page_gpa;
	struct vm_area_struct *vma;
	struct page *page;
	bool ok, hugetlb;
	int ret;

	if (!lg_gpa_range_ok(lg, page_gpa, LG_PAGE_SIZE) || current->mm != lg->mm)
		return -EFAULT;
	if (mmap_read_lock_killable(lg->mm))
		return -EINTR;
	vma = vma_lookup(lg->mm, hva);
	ok = vma && lg_ram_vma_ok(vma);
	hugetlb = ok && is_vm_hugetlb_page(vma);
	mmap_read_unlock(lg->mm);
	if (!ok)
		return -EACCES;
	if (hugetlb) {
		ret = lg_hugetlb_pinnable(hva);
		if (ret)
			return ret;
	}
	/*
	 * A mapping swapped in after the check is an unmap of the old one,
	 * which lg_mn_invalidate() answers by ending the guest: whatever is
	 * pinned then is never entered, and is unpinned at teardown.
	 */
	ret = pin_user_pages_fast(hva, 1, FOLL_WRITE | FOLL_LONGTERM, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	if (lg_mem_fault_huge(lg, page_gpa, page)) {
		unpin_user_page(page);
		return 0;
	}
	ret = lg_npt_map(&lg->npt, page_gpa, page_to_phys(page));
	if (ret) {
		unpin_user_page(page);
		/* Already mapped: the fault was for another reason. */
		return ret == -EEXIST ? -EFAULT : ret;
	}
	return 0;
}

/**
 * lg_mem_prefault() - pin and map all of guest RAM now.
 * @lg: the guest, being attached by current (the stub).
 *
 * For the "prefault" attribute: the guest then takes no nested faults on
 * RAM at all, at the price of all of it being resident and pinned from
 * the start.  Stops early for a fatal signal (the attach fails).
 *
 * Return: 0 or a negative errno.
 */
int lg_mem_prefault(struct lguest *lg)
{
	u64 gpa, hpa, size;
	int ret;

	for (gpa = 0; gpa < lg->ram_size; gpa += size) {
		if (fatal_signal_pending(current))
			return -EINTR;
		if (lg_npt_lookup(&lg->npt, gpa, &hpa, &size)) {
			ret = lg_mem_fault(lg, gpa);
			if (ret)
				return ret;
			if (lg_npt_lookup(&lg->npt, gpa, &hpa, &size))
				return -EFAULT;
		}
		/* From @gpa to the end of its leaf (@gpa may be inside one). */
		size -= gpa & (size - 1);
		cond_resched();
	}
	return 0;
}

static int lg_read_guest_u64(void *ctx, u64 gpa, u64 *val)
{
	return lg_copy_from_guest(ctx, val, gpa, sizeof(*val));
}

static int lg_read_guest(void *ctx, u64 gpa, void *buf, size_t len)
{
	return lg_copy_from_guest(ctx, buf, gpa, len);
}

/**
 * lg_fetch_insn() - read up to LG_INSN_MAX bytes at the guest's RIP.
 * @vcpu: the vCPU.
 * @w: its paging registers (read_u64 and ctx are filled in here).
 * @rip: the linear address (CS base + RIP).
 * @insn: receives the bytes.
 * @len: receives how many could be read (an instruction may end before an
 *	unmapped page).
 *
 * Return: 0, or -EFAULT if not even the first byte is readable.
 */
int lg_fetch_insn(struct lg_vcpu *vcpu, const struct lg_walk_ctx *w, u64 rip,
		  u8 *insn, size_t *len)
{
	struct lg_walk_ctx walk = *w;

	walk.read_u64 = lg_read_guest_u64;
	walk.ctx = vcpu->lg;
	*len = lg_gva_read(&walk, rip, insn, LG_INSN_MAX, lg_read_guest);
	return *len ? 0 : -EFAULT;
}
