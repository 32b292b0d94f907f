// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD SVM backend: everything that knows what a VMCB is lives here,
 * behind struct lg_vendor_ops, so that a VMX backend can sit beside it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include "lg.h"

#define CPUID_EXT_SVM_LEAF	0x8000000a
#define CPUID_EXT1_ECX_SVM	BIT(2)
#define CPUID_SVM_EDX_NP	BIT(0)
#define VM_CR_SVMDIS		BIT_ULL(4)

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
	return 0;
}

const struct lg_vendor_ops lg_svm_ops = {
	.name = "svm",
	.probe = svm_probe,
};
