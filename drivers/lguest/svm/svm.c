// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD SVM backend: everything that knows what a VMCB is lives in
 * svm/, behind struct lg_vendor_ops, so that a VMX backend can sit beside
 * it.  This file probes the CPU, builds VMCBs and switches worlds; exit.c
 * handles what comes back.
 * It asks for nothing the test CPU (QEMU's TCG SVM) lacks: no NRIP save,
 * no decode assists, no clean bits, no flush-by-ASID.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/processor.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/nospec-branch.h>
#include <asm/special_insns.h>
#include <asm/svm.h>
#include <asm/tsc.h>

#include "../lg.h"
#include "svm.h"

/*
 * Shared by all guests, read-only after init: I/O and MSR permission maps,
 * an empty nested root for svm_scrub(), the XCR0 bits a guest may set.
 */
static void *svm_iopm;
static void *svm_msrpm;
static u64 *svm_empty_root;
u64 svm_xcr0_allowed;

/*
 * C:020 Before anything else the module makes sure the CPU can host a
 * guest at all: SVM present, not locked off by the firmware, and nested
 * paging, which lguest relies on instead of shadow page tables.  Each
 * refusal names the missing piece, so "modprobe: No such device" is never
 * the only clue.
 */
static int svm_probe(void)
{
	u64 vm_cr;

	if (boot_cpu_data.x86_vendor != X86_VENDOR_AMD &&
	    boot_cpu_data.x86_vendor != X86_VENDOR_HYGON) {
		pr_err("no AMD SVM: not an AMD CPU (Intel VMX is not supported yet)\n");
		return -ENODEV;
	}
	if (cpuid_eax(0x80000000) < CPUID_EXT_SVM_LEAF ||
	    !(cpuid_ecx(0x80000001) & CPUID_EXT1_ECX_SVM)) {
		pr_err("no AMD SVM: CPUID 0x80000001 ECX.SVM (bit 2) is clear\n");
		return -ENODEV;
	}
	if (rdmsrl_safe(MSR_VM_CR, &vm_cr)) {
		pr_err("no AMD SVM: MSR VM_CR cannot be read\n");
		return -ENODEV;
	}
	if (vm_cr & VM_CR_SVMDIS) {
		pr_err("no AMD SVM: disabled by firmware (VM_CR.SVMDIS)\n");
		return -ENODEV;
	}
	if (!(cpuid_edx(CPUID_EXT_SVM_LEAF) & CPUID_SVM_EDX_NP)) {
		pr_err("no nested paging: CPUID 0x8000000A EDX.NP (bit 0) is clear\n");
		return -ENODEV;
	}
	if (!boot_cpu_has(X86_FEATURE_XSAVE)) {
		pr_err("no XSAVE: guest FPU state cannot be switched\n");
		return -ENODEV;
	}
	/* kvmclock and the APIC timer convert with it. */
	if (!tsc_khz) {
		pr_err("no known TSC frequency: guest time cannot be kept\n");
		return -ENODEV;
	}
	return 0;
}

/* Let the guest touch @msr directly: VMLOAD/VMSAVE switch it. */
static void svm_msrpm_pass(u8 *msrpm, u32 msr)
{
	u32 base, bit;

	if (msr <= 0x1fff) {
		base = 0;
	} else if (msr >= 0xc0000000 && msr <= 0xc0001fff) {
		base = 0x800;
		msr -= 0xc0000000;
	} else {
		return;
	}
	bit = msr * 2;
	msrpm[base + bit / 8] &= ~(3 << (bit % 8));
}

static void svm_exit(void)
{
	free_pages((unsigned long)svm_iopm, get_order(3 * PAGE_SIZE));
	free_pages((unsigned long)svm_msrpm, get_order(2 * PAGE_SIZE));
	free_page((unsigned long)svm_empty_root);
}

static int svm_init(void)
{
	static const u32 pass[] = {
		MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_STAR,
		MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK, MSR_IA32_SYSENTER_CS,
		MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
	};
	unsigned int i;

	svm_xcr0_allowed = lg_xcr0_allowed();
	/* 12 KiB of I/O permissions, all intercepted. */
	svm_iopm = (void *)__get_free_pages(GFP_KERNEL, get_order(3 * PAGE_SIZE));
	svm_msrpm = (void *)__get_free_pages(GFP_KERNEL, get_order(2 * PAGE_SIZE));
	svm_empty_root = (void *)get_zeroed_page(GFP_KERNEL);
	if (!svm_iopm || !svm_msrpm || !svm_empty_root) {
		svm_exit();
		return -ENOMEM;
	}
	memset(svm_iopm, 0xff, PAGE_SIZE << get_order(3 * PAGE_SIZE));
	memset(svm_msrpm, 0xff, PAGE_SIZE << get_order(2 * PAGE_SIZE));
	for (i = 0; i < ARRAY_SIZE(pass); i++)
		svm_msrpm_pass(svm_msrpm, pass[i]);
	return 0;
}

static void svm_intercept(struct vmcb *vmcb, unsigned int bit)
{
	vmcb->control.intercepts[bit / 32] |= BIT(bit % 32);
}

static void svm_seg(struct vmcb_seg *seg, u16 sel, u16 attrib, u32 limit,
		    u64 base)
{
	seg->selector = sel;
	seg->attrib = attrib;
	seg->limit = limit;
	seg->base = base;
}

/* What every VMCB of lguest's shares: permission maps, ASID 1, nested paging. */
static void svm_control_init(struct vmcb_control_area *c, u64 nested_root)
{
	c->iopm_base_pa = __pa(svm_iopm);
	c->msrpm_base_pa = __pa(svm_msrpm);
	c->asid = 1;
	c->int_ctl = V_INTR_MASKING_MASK;
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = nested_root;
}

/*
 * B:200 The VMCB: what exits, and the state a kernel is entered with.
 * 64-bit mode, paging on with lguest's identity map, no IDT (an early
 * fault is a triple fault, which ends the guest with a reason).
 */
static void svm_vmcb_init(struct svm_vcpu *sv, const struct lg_boot *boot,
			  u64 npt_root, u64 vcpu_tsc_offset)
{
	static const unsigned int intercepts[] = {
		INTERCEPT_INTR, INTERCEPT_NMI, INTERCEPT_SMI, INTERCEPT_INIT,
		INTERCEPT_RDPMC, INTERCEPT_CPUID, INTERCEPT_INVD, INTERCEPT_HLT,
		INTERCEPT_INVLPGA, INTERCEPT_IOIO_PROT, INTERCEPT_MSR_PROT,
		INTERCEPT_TASK_SWITCH, INTERCEPT_FERR_FREEZE, INTERCEPT_SHUTDOWN,
		INTERCEPT_VMRUN, INTERCEPT_VMMCALL, INTERCEPT_VMLOAD,
		INTERCEPT_VMSAVE, INTERCEPT_STGI, INTERCEPT_CLGI,
		INTERCEPT_SKINIT, INTERCEPT_RDTSCP, INTERCEPT_WBINVD,
		INTERCEPT_MONITOR, INTERCEPT_MWAIT, INTERCEPT_MWAIT_COND,
		INTERCEPT_XSETBV, INTERCEPT_RDPRU,
		/* #DB and #AC can loop in microcode without an exit. */
		INTERCEPT_EXCEPTION_OFFSET + DB_VECTOR,
		INTERCEPT_EXCEPTION_OFFSET + AC_VECTOR,
		/* A machine check is the host's to handle, not the guest's. */
		INTERCEPT_EXCEPTION_OFFSET + MC_VECTOR,
	};
	struct vmcb *vmcb = sv->vmcb;
	struct vmcb_control_area *c = &vmcb->control;
	struct vmcb_save_area *s = &vmcb->save;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(intercepts); i++)
		svm_intercept(vmcb, intercepts[i]);
	/* Debug registers are emulated: DR0-7 reads and writes. */
	for (i = 0; i < 8; i++) {
		svm_intercept(vmcb, INTERCEPT_DR0_READ + i);
		svm_intercept(vmcb, INTERCEPT_DR0_WRITE + i);
	}
	svm_control_init(c, npt_root);
	c->tsc_offset = vcpu_tsc_offset;

	svm_seg(&s->cs, 0x10, 0xa9b, 0xffffffff, 0);
	svm_seg(&s->ds, 0x18, 0xc93, 0xffffffff, 0);
	svm_seg(&s->es, 0x18, 0xc93, 0xffffffff, 0);
	svm_seg(&s->ss, 0x18, 0xc93, 0xffffffff, 0);
	svm_seg(&s->fs, 0x18, 0xc93, 0xffffffff, 0);
	svm_seg(&s->gs, 0x18, 0xc93, 0xffffffff, 0);
	svm_seg(&s->tr, 0, 0x8b, 0x67, 0);
	svm_seg(&s->ldtr, 0, 0x82, 0, 0);
	svm_seg(&s->gdtr, 0, 0, 4 * 8 - 1, LG_GDT_GPA);
	svm_seg(&s->idtr, 0, 0, 0, 0);
	s->cpl = 0;
	s->efer = EFER_LME | EFER_LMA | LG_EFER_SVME;
	s->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG;
	s->cr3 = boot->cr3;
	s->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->rflags = X86_EFLAGS_FIXED;
	s->rip = boot->rip;
	s->rsp = boot->rsp;
	s->g_pat = LG_PAT_DEFAULT;
}

/*
 * B:210 The scrub VMCB: a guest that cannot take a single step.  It runs
 * in real mode under an empty nested root, so its first instruction fetch
 * ends it with a nested page fault before any translation is cached; what
 * it is for is the TLB flush VMRUN does on entry (see svm_scrub()).
 */
static void svm_scrub_init(struct vmcb *vmcb)
{
	struct vmcb_control_area *c = &vmcb->control;
	struct vmcb_save_area *s = &vmcb->save;
	unsigned int i;

	for (i = 0; i < 32; i++)
		svm_intercept(vmcb, INTERCEPT_EXCEPTION_OFFSET + i);
	svm_intercept(vmcb, INTERCEPT_INTR);
	svm_intercept(vmcb, INTERCEPT_NMI);
	svm_intercept(vmcb, INTERCEPT_SHUTDOWN);
	svm_intercept(vmcb, INTERCEPT_VMRUN);
	svm_control_init(c, __pa(svm_empty_root));
	c->tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;
	svm_seg(&s->cs, 0, 0x9b, 0xffff, 0);
	svm_seg(&s->ds, 0, 0x93, 0xffff, 0);
	svm_seg(&s->es, 0, 0x93, 0xffff, 0);
	svm_seg(&s->ss, 0, 0x93, 0xffff, 0);
	svm_seg(&s->fs, 0, 0x93, 0xffff, 0);
	svm_seg(&s->gs, 0, 0x93, 0xffff, 0);
	svm_seg(&s->tr, 0, 0x8b, 0xffff, 0);
	svm_seg(&s->ldtr, 0, 0x82, 0xffff, 0);
	svm_seg(&s->gdtr, 0, 0, 0xffff, 0);
	svm_seg(&s->idtr, 0, 0, 0x3ff, 0);
	s->efer = LG_EFER_SVME;
	s->cr0 = X86_CR0_ET | X86_CR0_NE;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->rflags = X86_EFLAGS_FIXED;
	s->g_pat = LG_PAT_DEFAULT;
}

static int svm_vcpu_create(struct lg_vcpu *vcpu, const struct lg_boot *boot,
			   u64 npt_root)
{
	struct svm_vcpu *sv;

	sv = kzalloc(sizeof(*sv), GFP_KERNEL_ACCOUNT);
	if (!sv)
		return -ENOMEM;
	vcpu->priv = sv;
	sv->vmcb = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	sv->hsave = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	sv->host_save = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	sv->scrub = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!sv->vmcb || !sv->hsave || !sv->host_save || !sv->scrub)
		return -ENOMEM;	/* the caller's vcpu_free undoes it */
	/* FPU at reset (x87 control word, MXCSR) is what the kernel makes. */
	if (!fpu_alloc_guest_fpstate(&sv->fpu)) {
		sv->fpu.fpstate = NULL;
		return -ENOMEM;
	}
	sv->vmcb_pa = __pa(sv->vmcb);
	sv->scrub_pa = __pa(sv->scrub);
	svm_scrub_init(sv->scrub);
	vcpu->xcr0 = XFEATURE_MASK_FP;
	vcpu->pkru = 0;
	vcpu->dr[6] = 0xffff0ff0;
	vcpu->dr[7] = 0x400;
	vcpu->gprs[LG_RSP] = boot->rsp;
	vcpu->gprs[LG_RSI] = boot->rsi;
	vcpu->tsc_offset = -rdtsc();
	svm_vmcb_init(sv, boot, npt_root, vcpu->tsc_offset);
	return 0;
}

/* The per-vCPU pages, the structure and the guest's FPU state. */
static size_t svm_footprint(struct lg_vcpu *vcpu)
{
	struct svm_vcpu *sv = vcpu->priv;

	if (!sv || !sv->fpu.fpstate)
		return 0;
	return sizeof(*sv) + 4 * PAGE_SIZE +
	       PAGE_ALIGN(offsetof(struct fpstate, regs) + sv->fpu.fpstate->size);
}

static void svm_vcpu_free(struct lg_vcpu *vcpu)
{
	struct svm_vcpu *sv = vcpu->priv;

	if (!sv)
		return;
	free_page((unsigned long)sv->vmcb);
	free_page((unsigned long)sv->hsave);
	free_page((unsigned long)sv->host_save);
	free_page((unsigned long)sv->scrub);
	if (sv->fpu.fpstate)
		fpu_free_guest_fpstate(&sv->fpu);
	kfree(sv);
	vcpu->priv = NULL;
}

/*
 * R:418 Interrupts.  The highest vector the APIC wants delivered is
 * offered as a virtual interrupt (V_IRQ with its vector): the CPU takes
 * it as soon as the guest can (IF set, no interrupt shadow), with no
 * exit to wait for that window, and clears V_IRQ when it does; then
 * svm_irq_taken() moves the vector to ISR.  Not EVENTINJ: that needs a
 * VINTR exit whenever the guest cannot take it yet, and QEMU's TCG, with
 * a second vCPU thread running, delivers an injected interrupt twice
 * (testing.rst).  EVENTINJ stays for exceptions and for an interrupt
 * whose delivery an exit cut short (svm_reinject()).
 */
static void svm_inject_irq(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	struct vmcb_control_area *c = &sv->vmcb->control;
	int vector;

	c->int_ctl &= ~(V_IRQ_MASK | V_INTR_PRIO_MASK | V_IGN_TPR_MASK);
	sv->virq = 0;
	vector = lg_irq_pending(vcpu->lg, &sv->virq_extint);
	if (vector < 0)
		return;
	c->int_vector = vector;
	c->int_ctl |= V_IRQ_MASK | (0xf << V_INTR_PRIO_SHIFT) | V_IGN_TPR_MASK;
	sv->virq = vector;
}

/* After VMRUN: the vector offered was taken if the CPU cleared V_IRQ. */
static void svm_irq_taken(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	sv->taken = 0;
	if (sv->virq && !(sv->vmcb->control.int_ctl & V_IRQ_MASK)) {
		lg_irq_accept(vcpu->lg, sv->virq, sv->virq_extint);
		sv->taken = sv->virq;
	}
	sv->virq = 0;
}

/*
 * R:410 Entering LGUEST_RUN: the guest's FPU state becomes the task's
 * (the kernel's guest-FPU container, as KVM uses it).  From here to
 * svm_put() the scheduler saves and restores the guest's registers like
 * any task's, so exit handling may sleep and the guest never sees another
 * task's registers, nor they its.  PKRU and XCR0 are not part of that
 * switch: svm_world_switch() does them around each VMRUN.
 */
static void svm_load(struct lg_vcpu *vcpu)
{
	struct svm_vcpu *sv = vcpu->priv;

	fpu_swap_kvm_fpstate(&sv->fpu, true);
}

static void svm_put(struct lg_vcpu *vcpu)
{
	struct svm_vcpu *sv = vcpu->priv;

	fpu_swap_kvm_fpstate(&sv->fpu, false);
}

/* What a VMRUN changes in the host and the host must have back. */
struct svm_host_state {
	u64 efer, hsave, xcr0, tsc_aux;
	u32 pkru;
};

/*
 * R:416 A VMRUN that only flushes the TLB.  kvm_amd hands out ASIDs per
 * CPU and reuses one without a flush until its generation wraps, and
 * ASID 1 is among them; entries the guest just left under ASID 1 would be
 * visible to a KVM vCPU that later runs with it on this CPU.  When
 * kvm_amd has SVM on here (SVME was set before we came), run a second,
 * empty guest whose entry flushes every ASID and which exits on its first
 * fetch, before it can cache anything.  When kvm_amd enables SVM later,
 * it flushes everything itself on its first VMRUN.
 */
static void svm_scrub(struct lguest *lg, struct svm_vcpu *sv)
{
	struct vmcb *scrub = sv->scrub;

	scrub->save.rip = 0;
	scrub->control.event_inj = 0;
	lg_svm_vmrun(sv->scrub_pa, __pa(sv->host_save), sv->scrub_gprs);
	/* Only an entry that got as far as the fetch surely flushed. */
	if (scrub->control.exit_code == SVM_EXIT_NPF)
		lg->tlb_scrubs++;
	else
		pr_warn_once("TLB scrub run ended with #VMEXIT 0x%x, not a nested fault\n",
			     scrub->control.exit_code);
}

/*
 * R:415 The world switch, with interrupts off throughout and GIF clear
 * from the first guest value loaded to the last host value back, so no
 * interrupt, NMI or IPI of the host (kvm_amd's on_each_cpu() included)
 * ever sees a guest value:
 *  - EFER.SVME and VM_HSAVE_PA: set for this VMRUN only, kvm_amd's values
 *    put back.  kvm_amd turns SVM on and off with IPIs at any time; they
 *    find the CPU as they left it.
 *  - XCR0: the guest's in; read back after the exit on CPUs that do not
 *    intercept XSETBV (QEMU's), kept to what lguest offers.
 *  - PKRU: the guest may set CR4.PKE and write PKRU; the host's (the
 *    stub's user PKRU) is put back.
 *  - TSC_AUX: RDPID is not interceptable; the guest reads 0, not the host
 *    CPU's number.
 * Returns false when the vCPU must not enter now (reschedule, signal,
 * the guest ended): interrupts are on again and nothing was switched.
 */
bool svm_world_switch(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	struct lguest *lg = vcpu->lg;
	struct svm_host_state h;
	bool pku = cpu_feature_enabled(X86_FEATURE_OSPKE);
	bool aux = boot_cpu_has(X86_FEATURE_RDTSCP) ||
		   boot_cpu_has(X86_FEATURE_RDPID);
	u64 xcr0;

	local_irq_disable();
	/*
	 * Checked with interrupts off: a kick (signal, IPI for a new APIC
	 * vector, need_resched) that comes after this finds the CPU about
	 * to VMRUN, and its IPI ends the guest's turn at once.
	 */
	if (need_resched() || signal_pending(current) || !lg_running(lg) ||
	    lg->reboot) {
		local_irq_enable();
		return false;
	}
	/* After a context switch the guest's FPU registers are in memory. */
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();
	svm_inject_irq(vcpu, sv);

	/* CLGI and STGI themselves need SVME. */
	rdmsrl(MSR_EFER, h.efer);
	if (!(h.efer & EFER_SVME))
		wrmsrl(MSR_EFER, h.efer | EFER_SVME);
	asm volatile("clgi" ::: "memory");
	rdmsrl(MSR_VM_HSAVE_PA, h.hsave);
	wrmsrl(MSR_VM_HSAVE_PA, __pa(sv->hsave));
	h.xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	if (vcpu->xcr0 != h.xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, vcpu->xcr0);
	/* The guest's PKRU matters only once it has set CR4.PKE. */
	h.pkru = pku ? rdpkru() : 0;
	if (pku && (sv->vmcb->save.cr4 & X86_CR4_PKE) && vcpu->pkru != h.pkru)
		wrpkru(vcpu->pkru);
	h.tsc_aux = 0;
	if (aux) {
		rdmsrl(MSR_TSC_AUX, h.tsc_aux);
		if (h.tsc_aux)
			wrmsrl(MSR_TSC_AUX, 0);
	}

	lg_svm_vmrun(sv->vmcb_pa, __pa(sv->host_save), vcpu->gprs);
	svm_irq_taken(vcpu, sv);

#ifdef X86_FEATURE_IBPB_ON_VMEXIT
	/* The host's SRSO mitigation asks for a barrier after guest code. */
	if (cpu_feature_enabled(X86_FEATURE_IBPB_ON_VMEXIT))
		indirect_branch_prediction_barrier();
#endif
	if (aux && h.tsc_aux)
		wrmsrl(MSR_TSC_AUX, h.tsc_aux);
	if (pku) {
		u32 pkru = rdpkru();

		if (sv->vmcb->save.cr4 & X86_CR4_PKE)
			vcpu->pkru = pkru;
		if (pkru != h.pkru)
			wrpkru(h.pkru);
	}
	xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	if (lg_xcr0_valid(xcr0, svm_xcr0_allowed))
		vcpu->xcr0 = xcr0;
	if (xcr0 != h.xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, h.xcr0);
	if (h.efer & EFER_SVME)
		svm_scrub(lg, sv);
	wrmsrl(MSR_VM_HSAVE_PA, h.hsave);
	asm volatile("stgi" ::: "memory");
	if (!(h.efer & EFER_SVME))
		wrmsrl(MSR_EFER, h.efer);

	/* The host's machine-check handler sees what happened in the guest. */
	if (IS_ENABLED(CONFIG_X86_MCE) &&
	    sv->vmcb->control.exit_code == SVM_EXIT_EXCP_BASE + MC_VECTOR) {
		struct pt_regs regs = { .cs = 3, .flags = X86_EFLAGS_IF };

		do_machine_check(&regs);
	}
	local_irq_enable();
	return true;
}

const struct lg_vendor_ops lg_svm_ops = {
	.name = "svm",
	.probe = svm_probe,
	.init = svm_init,
	.exit = svm_exit,
	.vcpu_create = svm_vcpu_create,
	.vcpu_free = svm_vcpu_free,
	.footprint = svm_footprint,
	.load = svm_load,
	.put = svm_put,
	.run = svm_run,
	.complete = svm_complete,
};
