// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM backend's exit handling: what the CPU reports after a VMRUN,
 * finished here when it needs no device (CPUID, MSRs, XSETBV, debug
 * registers, nested faults in RAM) and handed to the core as a
 * vendor-neutral struct lg_exit when it does.  Runs in the vCPU thread,
 * preemptible, after svm_world_switch() has put the host back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/svm.h>
#include <asm/tsc.h>

#include "../lg.h"
#include "svm.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static void svm_inject(struct vmcb *vmcb, unsigned int vector, bool has_err)
{
	vmcb->control.event_inj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_EXEPT | vector |
				  (has_err ? SVM_EVTINJ_VALID_ERR : 0);
	vmcb->control.event_inj_err = 0;
}

/* Fetch the instruction at RIP; works in any paging mode the guest uses. */
static int svm_fetch(struct lg_vcpu *vcpu, u8 *insn, size_t *len)
{
	struct vmcb_save_area *s = &((struct svm_vcpu *)vcpu->priv)->vmcb->save;
	struct lg_walk_ctx w = {
		.cr0 = s->cr0, .cr3 = s->cr3, .cr4 = s->cr4, .efer = s->efer,
	};

	return lg_fetch_insn(vcpu, &w, s->cs.base + s->rip, insn, len);
}

/*
 * X:300 An intercepted instruction with a fixed opcode: find its length
 * (prefixes included) so RIP can step over it.  A mismatch means the guest
 * changed the code under us, or lied: that ends it.
 */
static int svm_insn_len(struct lg_vcpu *vcpu, const u8 *opcode, size_t n)
{
	u8 insn[LG_INSN_MAX];
	size_t len;
	int ret;

	if (svm_fetch(vcpu, insn, &len)) {
		lg_kill(vcpu->lg, "cannot fetch the instruction at RIP 0x%llx",
			((struct svm_vcpu *)vcpu->priv)->vmcb->save.rip);
		return -EFAULT;
	}
	ret = lg_insn_len_fixed(insn, len, opcode, n);
	if (ret < 0)
		lg_kill(vcpu->lg, "cannot decode the instruction at RIP 0x%llx: %*ph",
			((struct svm_vcpu *)vcpu->priv)->vmcb->save.rip,
			(int)len, insn);
	return ret;
}

static void svm_skip(struct lg_vcpu *vcpu, const u8 *opcode, size_t n)
{
	struct vmcb *vmcb = ((struct svm_vcpu *)vcpu->priv)->vmcb;
	int len = svm_insn_len(vcpu, opcode, n);

	if (len > 0) {
		vmcb->save.rip += len;
		vmcb->control.int_state = 0;
	}
}

static bool svm_pat_valid(u64 pat)
{
	int i;

	for (i = 0; i < 8; i++) {
		u8 type = pat >> (8 * i);

		if (type == 2 || type == 3 || type > 7)
			return false;
	}
	return true;
}

/*
 * X:400 MSRs.  The guest owns EFER (but not SVME), PAT (which the VMCB
 * switches; a guest write must never reach the host's PAT) and its TSC.
 * Everything else raises #GP, as on a CPU that lacks the MSR: Linux reads
 * optional MSRs with the *_safe accessors.
 */
static void svm_msr(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	struct vmcb *vmcb = sv->vmcb;
	u32 msr = vcpu->gprs[LG_RCX];
	bool write = vmcb->control.exit_info_1;
	u64 val = (vcpu->gprs[LG_RDX] << 32) | (u32)vcpu->gprs[LG_RAX];
	static const u8 rdmsr[] = { 0x0f, 0x32 }, wrmsr[] = { 0x0f, 0x30 };

	switch (msr) {
	case MSR_EFER:
		if (!write) {
			val = vmcb->save.efer & ~LG_EFER_SVME;
			break;
		}
		if (val & ~LG_EFER_GUEST_BITS)
			goto gp;
		vmcb->save.efer = (val & ~EFER_LMA) | (vmcb->save.efer & EFER_LMA) |
				  LG_EFER_SVME;
		break;
	case MSR_IA32_CR_PAT:
		if (!write) {
			val = vmcb->save.g_pat;
			break;
		}
		if (!svm_pat_valid(val))
			goto gp;
		vmcb->save.g_pat = val;
		break;
	case MSR_IA32_TSC:
		if (!write) {
			val = rdtsc() + vcpu->tsc_offset;
		} else {
			vcpu->tsc_offset = val - rdtsc();
			vmcb->control.tsc_offset = vcpu->tsc_offset;
		}
		break;
	default:
		if (write ? lg_x86_wrmsr(vcpu, msr, val) : lg_x86_rdmsr(vcpu, msr, &val))
			goto gp;
		break;
	}
	if (!write) {
		vcpu->gprs[LG_RAX] = (u32)val;
		vcpu->gprs[LG_RDX] = val >> 32;
	}
	svm_skip(vcpu, write ? wrmsr : rdmsr, 2);
	return;
gp:
	svm_inject(vmcb, GP_VECTOR, true);
}

/*
 * X:450 XSETBV, where the CPU intercepts it: XCR0 is the guest's within
 * what CPUID 0xD offers.  #UD without CR4.OSXSAVE, #GP for another XCR,
 * CPL > 0 or a value XSETBV would refuse.
 */
static void svm_xsetbv(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	static const u8 op_xsetbv[] = { 0x0f, 0x01, 0xd1 };
	struct vmcb *vmcb = sv->vmcb;
	u64 val = (vcpu->gprs[LG_RDX] << 32) | (u32)vcpu->gprs[LG_RAX];

	if (!(vmcb->save.cr4 & X86_CR4_OSXSAVE)) {
		svm_inject(vmcb, UD_VECTOR, false);
		return;
	}
	if ((u32)vcpu->gprs[LG_RCX] != 0 || vmcb->save.cpl ||
	    !lg_xcr0_valid(val, svm_xcr0_allowed)) {
		svm_inject(vmcb, GP_VECTOR, true);
		return;
	}
	vcpu->xcr0 = val;
	svm_skip(vcpu, op_xsetbv, sizeof(op_xsetbv));
}

/* X:500 Debug registers are plain storage: no breakpoint ever fires. */
static void svm_dr(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	struct vmcb *vmcb = sv->vmcb;
	struct lg_mov_dr d;
	u8 insn[LG_INSN_MAX];
	size_t len;
	int n;

	if (svm_fetch(vcpu, insn, &len)) {
		lg_kill(vcpu->lg, "cannot fetch the instruction at RIP 0x%llx",
			vmcb->save.rip);
		return;
	}
	n = lg_decode_mov_dr(insn, len, &d);
	if (n < 0) {
		svm_inject(vmcb, UD_VECTOR, false);
		return;
	}
	if (d.dr == 4 || d.dr == 5)
		d.dr += 2;
	if (d.to_dr)
		vcpu->dr[d.dr] = vcpu->gprs[d.gpr];
	else
		vcpu->gprs[d.gpr] = vcpu->dr[d.dr];
	vmcb->save.rip += n;
	vmcb->control.int_state = 0;
}

/*
 * X:700 A nested fault outside RAM, or in a device window, is an access
 * to device memory (or to nothing): the core finds out which, from the
 * address and the instruction, fetched here while the guest's paging
 * registers are at hand.  Inside RAM it is a page not yet backed.
 */
static void svm_npf(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	u64 gpa = sv->vmcb->control.exit_info_2;
	struct lg_exit *e = &vcpu->exit;
	size_t len;
	bool mmio;
	int err;

	/* A device window wins over RAM that reaches past 4 GiB. */
	mmio = gpa >= vcpu->lg->ram_size || lg_bus_find(&vcpu->lg->mmio_bus, gpa, 1);
	trace_lguest_npf(config_item_name(&vcpu->lg->group.cg_item), gpa,
			 sv->vmcb->control.exit_info_1, mmio);
	if (mmio) {
		e->reason = LG_EXIT_MMIO;
		e->mmio.gpa = gpa;
		e->mmio.rip = sv->vmcb->save.rip;
		e->mmio.len = 0;
		e->mmio.insn_len = svm_fetch(vcpu, e->mmio.insn, &len) ? 0 : len;
		return;
	}
	err = lg_mem_fault(vcpu->lg, gpa);
	if (err == -EXDEV)
		lg_kill(vcpu->lg, "GPA 0x%llx is a hugetlb page in ZONE_MOVABLE, %s", gpa,
			"which this kernel cannot pin: reserve huge pages outside it");
	else if (err)
		lg_kill(vcpu->lg, "cannot back GPA 0x%llx with host memory (error %d)",
			gpa, err);
}

/*
 * X:600 After every exit: an event the exit interrupted (an exception
 * whose delivery hit a nested page fault, say) is delivered again.
 * Software interrupts are dropped instead: RIP still points at the INTn,
 * which runs again.  An external interrupt goes back to the APIC's IRR
 * (svm_irq_taken() had moved it to ISR) and V_IRQ offers it again: it
 * was never delivered.  QEMU's TCG reports such an interrupt, taken
 * through V_IRQ, as an *exception* with its vector; reinjected as one,
 * VMRUN fails its consistency check for 31 and up (and a vector from 16
 * to 30 would be delivered as an exception).  So an "exception" whose
 * vector is the one the guest just took through V_IRQ is that interrupt
 * (a guest may program its I/O APIC with any vector from 16 up).
 */
static void svm_reinject(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	struct vmcb *vmcb = sv->vmcb;
	u32 info = vmcb->control.exit_int_info;
	u32 type = info & SVM_EXITINTINFO_TYPE_MASK;
	u8 vector = info & SVM_EXITINTINFO_VEC_MASK;

	if (!(info & SVM_EXITINTINFO_VALID) || type == SVM_EXITINTINFO_TYPE_SOFT)
		return;
	if (type == SVM_EXITINTINFO_TYPE_INTR ||
	    (type == SVM_EXITINTINFO_TYPE_EXEPT &&
	     (vector >= 32 || vector == sv->taken))) {
		lg_irq_unaccept(vcpu->lg, vector,
				sv->virq_extint && vector == sv->taken);
		return;
	}
	vmcb->control.event_inj = info;
	vmcb->control.event_inj_err = vmcb->control.exit_int_info_err;
}

/*
 * X:650 QEMU's TCG answers a guest's MOV to CR0, CR3 or CR4 with a value
 * its CPU refuses (a CR4 bit the CPU lacks, PKE without PKU say) not with
 * the #GP a CPU gives, but with #VMEXIT(INVALID) at that instruction, the
 * guest's state as it was before it.  So VMEXIT_INVALID with a MOV to a
 * control register at RIP is that #GP.  Unless an event was still to be
 * delivered (EXITINTINFO valid: QEMU clears that once it delivered one):
 * then VMRUN itself refused the state, and a #GP would only fail again
 * (the same loop on a CPU that does not have this quirk).  Should a CPU
 * not report the event either, a million VMEXIT_INVALIDs with no exit
 * between but the host's interrupts end the guest all the same: a
 * guest's own loop of refused writes has other exits long before (its
 * console, its timer).
 */
#define SVM_ERR_STREAK_MAX	BIT(20)

static bool svm_err_was_mov_cr(struct lg_vcpu *vcpu, struct svm_vcpu *sv)
{
	static const u8 mov_to_cr[] = { 0x0f, 0x22 };
	u8 insn[LG_INSN_MAX], cr;
	size_t len;
	int n;

	if (sv->vmcb->control.exit_int_info & SVM_EXITINTINFO_VALID)
		return false;
	if (svm_fetch(vcpu, insn, &len))
		return false;
	n = lg_insn_len_fixed(insn, len, mov_to_cr, sizeof(mov_to_cr));
	if (n < 0 || n >= len)
		return false;
	cr = (insn[n] >> 3) & 7;
	return cr == 0 || cr == 3 || cr == 4;
}

/*
 * R:420 One turn in the guest.  Exits that need no device are finished
 * here; port I/O, HLT, hypercalls and shutdown go to the core in
 * vcpu->exit, with the next RIP kept for svm_complete().
 */
int svm_run(struct lg_vcpu *vcpu)
{
	static const u8 op_cpuid[] = { 0x0f, 0xa2 }, op_hlt[] = { 0xf4 },
			op_vmmcall[] = { 0x0f, 0x01, 0xd9 },
			op_wbinvd[] = { 0x0f, 0x09 }, op_invd[] = { 0x0f, 0x08 };
	struct svm_vcpu *sv = vcpu->priv;
	struct vmcb *vmcb = sv->vmcb;
	struct lguest *lg = vcpu->lg;
	struct lg_exit *e = &vcpu->exit;
	u32 code, out[4];
	int len;

	vmcb->save.rax = vcpu->gprs[LG_RAX];
	vmcb->save.rsp = vcpu->gprs[LG_RSP];
	/* No flush-by-ASID on this CPU: flush everything on each entry. */
	vmcb->control.tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;

	trace_lguest_entry(config_item_name(&lg->group.cg_item), vmcb->save.rip);
	if (!svm_world_switch(vcpu, sv))
		return 0;

	trace_lguest_exit(config_item_name(&lg->group.cg_item), vmcb->control.exit_code,
			  vmcb->save.rip, vmcb->control.exit_info_1,
			  vmcb->control.exit_info_2);
	vcpu->gprs[LG_RAX] = vmcb->save.rax;
	vcpu->gprs[LG_RSP] = vmcb->save.rsp;
	vmcb->control.event_inj = 0;
	svm_reinject(vcpu, sv);
	/* VMEXIT_INVALID reads back as 0xffffffff in the low half only. */
	code = vmcb->control.exit_code;
	/* Host interrupts are no progress of the guest's. */
	if (code != (u32)SVM_EXIT_ERR && code != SVM_EXIT_INTR)
		sv->err_streak = 0;

	switch (code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
	case SVM_EXIT_INIT:
		/* The host needed the CPU; it has had it by now. */
		lg->stats[LG_STAT_INTR]++;

		return 0;
	case SVM_EXIT_NPF:
		lg->stats[LG_STAT_NPF]++;
		svm_npf(vcpu, sv);
		break;
	case SVM_EXIT_CPUID:
		lg->stats[LG_STAT_CPUID]++;
		lg_cpuid(vcpu, vcpu->gprs[LG_RAX], vcpu->gprs[LG_RCX],
			 vmcb->save.cr4, out);
		vcpu->gprs[LG_RAX] = out[0];
		vcpu->gprs[LG_RBX] = out[1];
		vcpu->gprs[LG_RCX] = out[2];
		vcpu->gprs[LG_RDX] = out[3];
		svm_skip(vcpu, op_cpuid, sizeof(op_cpuid));
		break;
	case SVM_EXIT_MSR:
		lg->stats[LG_STAT_MSR]++;
		svm_msr(vcpu, sv);
		break;
	case SVM_EXIT_IOIO: {
		u64 info = vmcb->control.exit_info_1;

		lg->stats[LG_STAT_IO]++;
		if (info & SVM_IOIO_STR_MASK) {
			lg_kill(lg, "string I/O to port 0x%llx at RIP 0x%llx is not supported",
				info >> 16, vmcb->save.rip);
			break;
		}
		e->reason = LG_EXIT_IO;
		e->io.port = info >> 16;
		e->io.size = ((info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT);
		e->io.size = e->io.size == 4 ? 4 : e->io.size == 2 ? 2 : 1;
		e->io.in = info & SVM_IOIO_TYPE_MASK;
		e->io.data = vcpu->gprs[LG_RAX] &
			     (e->io.size == 4 ? 0xffffffff : e->io.size == 2 ? 0xffff : 0xff);
		sv->next_rip = vmcb->control.exit_info_2;
		break;
	}
	case SVM_EXIT_HLT:
		lg->stats[LG_STAT_HLT]++;
		len = svm_insn_len(vcpu, op_hlt, sizeof(op_hlt));
		if (len < 0)
			break;
		e->reason = LG_EXIT_HLT;
		e->hlt_irqs_on = vmcb->save.rflags & X86_EFLAGS_IF;
		sv->next_rip = vmcb->save.rip + len;
		break;
	case SVM_EXIT_VMMCALL:
		lg->stats[LG_STAT_HCALL]++;
		len = svm_insn_len(vcpu, op_vmmcall, sizeof(op_vmmcall));
		if (len < 0)
			break;
		e->reason = LG_EXIT_HCALL;
		e->hcall.nr = vcpu->gprs[LG_RAX];
		e->hcall.args[0] = vcpu->gprs[LG_RBX];
		e->hcall.args[1] = vcpu->gprs[LG_RCX];
		e->hcall.args[2] = vcpu->gprs[LG_RDX];
		e->hcall.args[3] = vcpu->gprs[LG_RSI];
		e->hcall.ret = 0;
		sv->next_rip = vmcb->save.rip + len;
		break;
	case SVM_EXIT_SHUTDOWN:
		e->reason = LG_EXIT_SHUTDOWN;
		break;
	case SVM_EXIT_READ_DR0 ... SVM_EXIT_READ_DR7:
	case SVM_EXIT_WRITE_DR0 ... SVM_EXIT_WRITE_DR7:
		lg->stats[LG_STAT_DR]++;
		svm_dr(vcpu, sv);
		break;
	case SVM_EXIT_EXCP_BASE + DB_VECTOR:
		lg->stats[LG_STAT_EXCEPTION]++;
		svm_inject(vmcb, DB_VECTOR, false);
		break;
	case SVM_EXIT_EXCP_BASE + AC_VECTOR:
		lg->stats[LG_STAT_EXCEPTION]++;
		svm_inject(vmcb, AC_VECTOR, true);
		break;
	case SVM_EXIT_EXCP_BASE + MC_VECTOR:
		/* svm_world_switch() gave it to the host; the guest goes on. */
		lg->stats[LG_STAT_MCE]++;
		break;
	case SVM_EXIT_XSETBV:
		lg->stats[LG_STAT_XSETBV]++;
		svm_xsetbv(vcpu, sv);
		break;
	case SVM_EXIT_WBINVD:
		lg->stats[LG_STAT_OTHER]++;
		svm_skip(vcpu, op_wbinvd, sizeof(op_wbinvd));
		break;
	case SVM_EXIT_INVD:
		lg->stats[LG_STAT_OTHER]++;
		svm_skip(vcpu, op_invd, sizeof(op_invd));
		break;
	case SVM_EXIT_VMRUN: case SVM_EXIT_VMLOAD: case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI: case SVM_EXIT_CLGI: case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA: case SVM_EXIT_RDTSCP: case SVM_EXIT_MONITOR:
	case SVM_EXIT_MWAIT: case SVM_EXIT_MWAIT_COND:
	case SVM_EXIT_RDPRU: case SVM_EXIT_RDPMC:
		/* Not advertised, so not there: #UD, as on a CPU without them. */
		lg->stats[LG_STAT_OTHER]++;
		svm_inject(vmcb, UD_VECTOR, false);
		break;
	case (u32)SVM_EXIT_ERR:
		if (++sv->err_streak < SVM_ERR_STREAK_MAX &&
		    svm_err_was_mov_cr(vcpu, sv)) {
			lg->stats[LG_STAT_EXCEPTION]++;
			svm_inject(vmcb, GP_VECTOR, true);
			break;
		}
		/* QEMU's TCG may have written its own state back by now. */
		pr_info_ratelimited("%s: VMEXIT_INVALID at RIP 0x%llx: DR6 0x%llx DR7 0x%llx CS 0x%x EXITINTINFO 0x%x\n",
				    config_item_name(&lg->group.cg_item), vmcb->save.rip,
				    vmcb->save.dr6, vmcb->save.dr7, vmcb->save.cs.attrib,
				    vmcb->control.exit_int_info);
		lg_kill(lg, "VMRUN failed (VMEXIT_INVALID): CR0 0x%llx CR4 0x%llx EFER 0x%llx",
			vmcb->save.cr0, vmcb->save.cr4, vmcb->save.efer);
		break;
	default:
		lg->stats[LG_STAT_OTHER]++;
		lg_kill(lg, "unexpected #VMEXIT 0x%x (info 0x%llx, 0x%llx) at RIP 0x%llx",
			code, vmcb->control.exit_info_1, vmcb->control.exit_info_2,
			vmcb->save.rip);
		break;
	}
	return 0;
}

/* R:430 Finish an exit the core handled: results in, RIP past it. */
void svm_complete(struct lg_vcpu *vcpu)
{
	struct svm_vcpu *sv = vcpu->priv;
	struct lg_exit *e = &vcpu->exit;

	switch (e->reason) {
	case LG_EXIT_IO:
		if (e->io.in) {
			u64 *rax = &vcpu->gprs[LG_RAX];

			if (e->io.size == 4)
				*rax = e->io.data;	/* 32-bit results zero-extend */
			else if (e->io.size == 2)
				*rax = (*rax & ~0xffffULL) | (u16)e->io.data;
			else
				*rax = (*rax & ~0xffULL) | (u8)e->io.data;
		}
		break;
	case LG_EXIT_HCALL:
		vcpu->gprs[LG_RAX] = e->hcall.ret;
		break;
	case LG_EXIT_HLT:
		break;
	case LG_EXIT_MMIO:
		sv->next_rip = e->mmio.rip + e->mmio.len;
		break;
	default:
		return;
	}
	sv->vmcb->save.rip = sv->next_rip;
	sv->vmcb->control.int_state = 0;
}
