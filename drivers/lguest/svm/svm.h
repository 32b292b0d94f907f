/* SPDX-License-Identifier: GPL-2.0 */
/* What svm.c (the VMCBs and the world switch) and exit.c share. */
#ifndef _DRIVERS_LGUEST_SVM_H
#define _DRIVERS_LGUEST_SVM_H

#include <asm/fpu/api.h>
#include <asm/svm.h>

#define CPUID_EXT_SVM_LEAF	0x8000000a
#define CPUID_EXT1_ECX_SVM	BIT(2)
#define CPUID_SVM_EDX_NP	BIT(0)
#define VM_CR_SVMDIS		BIT_ULL(4)
#define LG_EFER_SVME		BIT_ULL(12)
#define LG_EFER_GUEST_BITS	(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)
#define LG_PAT_DEFAULT		0x0007040600070406ULL

/**
 * struct svm_vcpu - the SVM side of a vCPU.
 * @vmcb: the guest's control block; @vmcb_pa its physical address.
 * @vmcb_pa: see @vmcb.
 * @hsave: where VMRUN saves host state (VM_HSAVE_PA points here for the
 *	length of one VMRUN; whatever kvm_amd had there is put back).
 * @host_save: VMSAVE area for the host's segment and syscall state.
 * @scrub: a VMCB that only flushes the TLB (see svm_scrub()).
 * @scrub_pa: its physical address.
 * @scrub_gprs: register area for the scrub run.
 * @fpu: the guest's FPU state, in the kernel's own guest-FPU container.
 * @next_rip: where the guest resumes once the core completes an exit.
 * @virq: the vector offered in V_IRQ for this VMRUN (0: none).
 * @virq_extint: @virq (and so @taken) came from the 8259s.
 * @taken: the vector the guest took through V_IRQ in the last VMRUN
 *	(0: none), for svm_reinject().
 * @err_streak: VMEXIT_INVALIDs in a row (svm_err_was_mov_cr()).
 */
struct svm_vcpu {
	struct vmcb *vmcb;
	u64 vmcb_pa;
	void *hsave;
	void *host_save;
	struct vmcb *scrub;
	u64 scrub_pa;
	u64 scrub_gprs[LG_NR_GPRS];
	struct fpu_guest fpu;
	u64 next_rip;
	u8 virq;
	bool virq_extint;
	u8 taken;
	u32 err_streak;
};

/* The XCR0 bits a guest may set, from CPUID 0xD and the host's XCR0. */
extern u64 svm_xcr0_allowed;

bool svm_world_switch(struct lg_vcpu *vcpu, struct svm_vcpu *sv);
int svm_run(struct lg_vcpu *vcpu);
void svm_complete(struct lg_vcpu *vcpu);

#endif /* _DRIVERS_LGUEST_SVM_H */
