// SPDX-License-Identifier: GPL-2.0
/*
 * X:200 The CPU a guest sees.  CPUID starts from the host's answers and
 * removes what lguest does not virtualize (SVM itself, monitoring, PMU,
 * machine checks, topology beyond one CPU); it adds the hypervisor bit and
 * lguest's signature leaf.  CR4 is not intercepted, so never advertise
 * what the host lacks: every bit here is a subset of the host's.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/processor.h>
#include <linux/timekeeping.h>
#include <asm/msr-index.h>
#include <asm/tsc.h>

#include "lg.h"

/*
 * The hypervisor leaves: the documented KVM paravirtual ABI, so that a
 * stock Linux keeps the x2APIC it is handed and takes its clock from
 * kvmclock; lguest's own name one range up.  Only what is implemented is
 * advertised: kvmclock (the new MSRs), no I/O delays, a stable clock.
 */
#define LG_CPUID_SIGNATURE	0x40000000
#define LG_CPUID_FEATURES	0x40000001
#define LG_CPUID_LGUEST		0x40000100
#define KVM_FEATURE_CLOCKSOURCE2_BIT	BIT(3)
#define KVM_FEATURE_NOP_IO_DELAY_BIT	BIT(1)
#define KVM_FEATURE_STABLE_BIT		BIT(24)

/* Leaf 1 */
#define ECX1_MONITOR	BIT(3)
#define ECX1_DSCPL	BIT(4)
#define ECX1_VMX	BIT(5)
#define ECX1_SMX	BIT(6)
#define ECX1_EST	BIT(7)
#define ECX1_TM2	BIT(8)
#define ECX1_PDCM	BIT(15)
#define ECX1_DTES64	BIT(2)
#define ECX1_X2APIC	BIT(21)
#define ECX1_TSCDL	BIT(24)
#define ECX1_OSXSAVE	BIT(27)
#define ECX1_HYPERVISOR	BIT(31)
#define EDX1_MCE	BIT(7)
#define EDX1_MTRR	BIT(12)
#define EDX1_MCA	BIT(14)
#define EDX1_DS		BIT(21)
#define EDX1_ACPI	BIT(22)
#define EDX1_HTT	BIT(28)
#define EDX1_TM		BIT(29)
#define EDX1_PBE	BIT(31)
/* Leaf 7.0 EBX: what a guest may use without more emulation. */
#define EBX7_KEEP	(BIT(0) | BIT(3) | BIT(5) | BIT(7) | BIT(8) | BIT(9) | \
			 BIT(18) | BIT(19) | BIT(20) | BIT(23) | BIT(24) | BIT(29))
/* 0x80000001 ECX: LAHF, CMP_LEGACY, ABM, SSE4A, MISALIGNSSE, 3DNOWPREFETCH, XOP, FMA4, TBM */
#define ECX81_KEEP	(BIT(0) | BIT(1) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | \
			 BIT(11) | BIT(16) | BIT(21))
#define EDX81_RDTSCP	BIT(27)
/* XCR0 components a guest may enable: x87, SSE, AVX. */
#define LG_XCR0_KEEP	0x7ULL

static void lg_host_cpuid(u32 leaf, u32 sub, u32 *r)
{
	cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
}

/* The XSAVE area size for the components in @xcr0, from the host's table. */
static u32 lg_xsave_size(u64 xcr0)
{
	u32 size = 512 + 64, r[4];
	int i;

	for (i = 2; i < 64; i++) {
		if (!(xcr0 & BIT_ULL(i)))
			continue;
		lg_host_cpuid(0xd, i, r);
		size = max(size, r[1] + r[0]);
	}
	return size;
}

/* The XCR0 bits a guest may set: x87, SSE and AVX, where the host has them. */
u64 lg_xcr0_allowed(void)
{
	u32 r[4];

	lg_host_cpuid(0xd, 0, r);
	return ((u64)r[3] << 32 | r[0]) & LG_XCR0_KEEP;
}

/**
 * lg_cpuid() - the guest's answer to CPUID.
 * @vcpu: who asks (its XCR0 sizes leaf 0xD).
 * @leaf: EAX.
 * @subleaf: ECX.
 * @guest_cr4: for the OSXSAVE bit.
 * @out: EAX, EBX, ECX, EDX.
 */
void lg_cpuid(struct lg_vcpu *vcpu, u32 leaf, u32 subleaf, u64 guest_cr4,
	      u32 out[4])
{
	u32 max_basic, max_ext, r[4];
	u64 xcr0_ok;

	lg_host_cpuid(0, 0, r);
	max_basic = min_t(u32, r[0], 0xd);
	lg_host_cpuid(0x80000000, 0, r);
	max_ext = min_t(u32, r[0], 0x80000008);
	memset(out, 0, 4 * sizeof(u32));

	if (leaf <= max_basic || (leaf >= 0x80000000 && leaf <= max_ext))
		lg_host_cpuid(leaf, subleaf, out);

	switch (leaf) {
	case 0:
		out[0] = max_basic;
		break;
	case 1:
		out[1] = (out[1] & 0xffff) | (1 << 16);	/* APIC ID 0, one CPU */
		out[2] &= ~(ECX1_MONITOR | ECX1_DSCPL | ECX1_VMX | ECX1_SMX |
			    ECX1_EST | ECX1_TM2 | ECX1_PDCM | ECX1_DTES64 |
			    ECX1_OSXSAVE);
		/* lguest's APIC: x2APIC with a TSC-deadline timer. */
		out[2] |= ECX1_HYPERVISOR | ECX1_X2APIC | ECX1_TSCDL;
		if (guest_cr4 & LG_CR4_OSXSAVE)
			out[2] |= ECX1_OSXSAVE;
		out[3] &= ~(EDX1_MCE | EDX1_MCA | EDX1_DS | EDX1_ACPI |
			    EDX1_HTT | EDX1_TM | EDX1_PBE | EDX1_MTRR);
		break;
	case 2: case 3: case 4:
		break;
	case 6:
		out[0] = BIT(2);	/* ARAT: the (future) APIC timer never stops */
		out[1] = 0;
		out[2] = 0;
		out[3] = 0;
		break;
	case 7:
		if (subleaf) {
			memset(out, 0, 4 * sizeof(u32));
			break;
		}
		out[0] = 0;
		out[1] &= EBX7_KEEP;
		out[2] = 0;
		out[3] = 0;
		break;
	case 0xd:
		xcr0_ok = lg_xcr0_allowed();
		if (subleaf == 0) {
			out[0] = xcr0_ok;
			out[1] = lg_xsave_size(vcpu->xcr0 & xcr0_ok);
			out[2] = lg_xsave_size(xcr0_ok);
			out[3] = 0;
		} else if (subleaf == 1) {
			out[0] &= BIT(0);	/* XSAVEOPT only: no XSAVES/XSAVEC */
			out[1] = 0;
			out[2] = 0;
			out[3] = 0;
		} else if (subleaf >= 64 || !(xcr0_ok & BIT_ULL(subleaf))) {
			memset(out, 0, 4 * sizeof(u32));
		}
		break;
	case LG_CPUID_SIGNATURE:
		out[0] = LG_CPUID_FEATURES;
		memcpy(&out[1], "KVMKVMKVM\0\0\0", 12);
		break;
	case LG_CPUID_FEATURES:
		out[0] = KVM_FEATURE_CLOCKSOURCE2_BIT | KVM_FEATURE_NOP_IO_DELAY_BIT |
			 KVM_FEATURE_STABLE_BIT;
		break;
	case LG_CPUID_LGUEST:
		out[0] = LG_CPUID_LGUEST;
		memcpy(&out[1], "LguestLguest", 12);
		break;
	case 0x80000000:
		out[0] = max_ext;
		break;
	case 0x80000001:
		out[2] &= ECX81_KEEP;
		out[3] &= ~EDX81_RDTSCP;
		break;
	case 0x80000002: case 0x80000003: case 0x80000004:
	case 0x80000005: case 0x80000006:
		break;
	case 0x80000008:
		out[1] = 0;
		out[2] = 0;
		out[3] = 0;
		break;
	default:
		/* Leaves 5, 0xb and 0x80000007 and everything unknown. */
		memset(out, 0, 4 * sizeof(u32));
		break;
	}
}

/*
 * X:250 kvmclock: the guest names a page for its time information and
 * lguest fills it once: TSC at a moment, nanoseconds since boot at that
 * moment, and the scale between the two.  The TSC is stable, so that one
 * snapshot serves for the guest's whole life.
 */
#define MSR_KVM_WALL_CLOCK_NEW	0x4b564d00
#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01
#define PVCLOCK_TSC_STABLE	BIT(0)

struct lg_pvclock_time {
	u32 version;
	u32 pad0;
	u64 tsc_timestamp;
	u64 system_time;
	u32 tsc_to_system_mul;
	s8 tsc_shift;
	u8 flags;
	u8 pad[2];
} __packed;

struct lg_pvclock_wall {
	u32 version;
	u32 sec;
	u32 nsec;
} __packed;

/* ns = ((tsc << shift) * mul) >> 32, with mul in [2^31, 2^32). */
static void lg_tsc_scale(u32 khz, u32 *mul, s8 *shift)
{
	u64 hz = (u64)khz * 1000;
	s8 s = 0;

	while (hz > 2ULL * NSEC_PER_SEC) {
		hz >>= 1;
		s--;
	}
	while (hz <= NSEC_PER_SEC) {
		hz <<= 1;
		s++;
	}
	*mul = div64_u64((u64)NSEC_PER_SEC << 32, hz);
	*shift = s;
}

static int lg_kvmclock_system(struct lg_vcpu *vcpu, u64 val)
{
	struct lguest *lg = vcpu->lg;
	struct lg_pvclock_time t = { .version = 2, .flags = PVCLOCK_TSC_STABLE };

	if (!(val & 1))
		return 0;
	t.tsc_timestamp = rdtsc() + vcpu->tsc_offset;
	t.system_time = ktime_get_ns() - lg->boot_ns;
	lg_tsc_scale(tsc_khz, &t.tsc_to_system_mul, &t.tsc_shift);
	if (lg_copy_to_guest(lg, val & ~1ULL, &t, sizeof(t)))
		lg_kill(lg, "kvmclock area at GPA 0x%llx is outside RAM", val & ~1ULL);
	return 0;
}

static int lg_kvmclock_wall(struct lg_vcpu *vcpu, u64 gpa)
{
	struct lguest *lg = vcpu->lg;
	struct lg_pvclock_wall w = { .version = 2 };
	u64 boot = ktime_get_real_ns() - (ktime_get_ns() - lg->boot_ns);

	w.sec = div_u64_rem(boot, NSEC_PER_SEC, &w.nsec);
	if (gpa && lg_copy_to_guest(lg, gpa, &w, sizeof(w)))
		lg_kill(lg, "kvmclock wall clock at GPA 0x%llx is outside RAM", gpa);
	return 0;
}

#define LG_APIC_BASE		(0xfee00000ULL | BIT(8) | BIT(10) | BIT(11))
#define MSR_AMD_PATCH_LEVEL	0x8b
#define MSR_AMD_NB_CFG		0xc001001f
#define MSR_AMD_SYSCFG		0xc0010010
#define MSR_AMD_HWCR		0xc0010015
#define MSR_AMD_DE_CFG		0xc0011029

/*
 * X:410 The MSRs common to all vendors.  The APIC is handed over in
 * x2APIC mode (base 0xfee00000, enabled, BSP).  A few AMD MSRs are read
 * by Linux without a fault guard on this CPU family: they read as a
 * plain, fully mitigated part and ignore writes (NB_CFG keeps what is
 * written).  Return -EINVAL for #GP.
 */
int lg_x86_rdmsr(struct lg_vcpu *vcpu, u32 msr, u64 *val)
{
	struct lguest *lg = vcpu->lg;

	switch (msr) {
	case MSR_IA32_APICBASE:
		*val = LG_APIC_BASE;
		return 0;
	case 0x800 ... 0x8ff:
	case LG_MSR_TSC_DEADLINE:
		return lg_lapic_rdmsr(lg, msr, val);
	case MSR_AMD_PATCH_LEVEL:
	case MSR_AMD_SYSCFG:
		*val = 0;
		return 0;
	case MSR_AMD_NB_CFG:
		*val = vcpu->nb_cfg;
		return 0;
	case MSR_AMD_HWCR:
		*val = BIT_ULL(24);	/* TscFreqSel: the TSC runs at P0 */
		return 0;
	case MSR_AMD_DE_CFG:
		*val = BIT_ULL(1);	/* LFENCE is dispatch-serializing */
		return 0;
	default:
		return -EINVAL;
	}
}

int lg_x86_wrmsr(struct lg_vcpu *vcpu, u32 msr, u64 val)
{
	struct lguest *lg = vcpu->lg;

	switch (msr) {
	case MSR_IA32_APICBASE:
		/* x2APIC stays on: leaving it is not offered. */
		return val == LG_APIC_BASE ? 0 : -EINVAL;
	case 0x800 ... 0x8ff:
	case LG_MSR_TSC_DEADLINE:
		return lg_lapic_wrmsr(lg, msr, val);
	case MSR_KVM_SYSTEM_TIME_NEW:
		return lg_kvmclock_system(vcpu, val);
	case MSR_KVM_WALL_CLOCK_NEW:
		return lg_kvmclock_wall(vcpu, val);
	case MSR_AMD_NB_CFG:
		vcpu->nb_cfg = val;
		return 0;
	case MSR_AMD_HWCR:
	case MSR_AMD_DE_CFG:
	case MSR_AMD_SYSCFG:
	case MSR_AMD_PATCH_LEVEL:
		return 0;
	default:
		return -EINVAL;
	}
}
