// SPDX-License-Identifier: GPL-2.0
/*
 * X:200 The CPU a guest sees.  CPUID starts from the host's answers and
 * removes what lguest does not virtualize (SVM itself, monitoring, PMU,
 * machine checks, topology beyond one CPU); it adds the hypervisor bit and
 * lguest's signature leaf.  CR4 is not intercepted, so never advertise
 * what the host lacks: every bit here is a subset of the host's.
 */
#include <asm/processor.h>

#include "lg.h"

#define LG_CPUID_SIGNATURE	0x40000000
#define LG_CPUID_FEATURES	0x40000001

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
			    ECX1_X2APIC | ECX1_TSCDL | ECX1_OSXSAVE);
		out[2] |= ECX1_HYPERVISOR;
		if (guest_cr4 & LG_CR4_OSXSAVE)
			out[2] |= ECX1_OSXSAVE;
		out[3] &= ~(EDX1_MCE | EDX1_MCA | EDX1_DS | EDX1_ACPI |
			    EDX1_HTT | EDX1_TM | EDX1_PBE);
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
		xcr0_ok = ((u64)out[3] << 32 | out[0]) & LG_XCR0_KEEP;
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
