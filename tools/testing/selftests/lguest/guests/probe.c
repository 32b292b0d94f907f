// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the CPU lguest shows: the hypervisor bit and signature, no SVM,
 * EFER as entered, PAT readable and writable, and #GP (not a dead guest)
 * for an MSR that does not exist.  Prints one line per check; the exit
 * code counts the failures.
 */
#include "guest.h"

/* gp_handler (start.S) sets this and steps over the 2-byte RDMSR/WRMSR. */
extern volatile int gp_seen;

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	asm volatile("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c" (msr), "a" ((uint32_t)v), "d" ((uint32_t)(v >> 32)));
}

static int check(const char *what, int ok)
{
	puts_serial(ok ? "ok   " : "FAIL ");
	puts_serial(what);
	puts_serial("\n");
	return !ok;
}

int main(struct lguest_boot_info *bi)
{
	uint32_t r[4];
	char sig[13];
	int fails = 0;

	set_idt_handler(13, gp_handler);

	cpuid(1, 0, r);
	fails += check("cpuid.1 hypervisor bit", r[2] >> 31);
	cpuid(0x40000000, 0, r);
	__builtin_memcpy(sig, &r[1], 12);
	sig[12] = 0;
	fails += check("cpuid.0x40000000 signature KVMKVMKVM (the KVM paravirt ABI)",
		       !strcmp_g(sig, "KVMKVMKVM") && r[0] == 0x40000001);
	cpuid(0x40000001, 0, r);
	fails += check("cpuid.0x40000001 kvmclock2, no I/O delay, stable clock only",
		       r[0] == ((1 << 3) | (1 << 1) | (1 << 24)) && !r[3]);
	cpuid(0x40000100, 0, r);
	__builtin_memcpy(sig, &r[1], 12);
	fails += check("cpuid.0x40000100 signature LguestLguest",
		       !strcmp_g(sig, "LguestLguest"));
	cpuid(1, 0, r);
	fails += check("cpuid.1 x2APIC and TSC-deadline", (r[2] & (1 << 21)) && (r[2] & (1 << 24)));
	fails += check("APIC base: x2APIC enabled, BSP", rdmsr(0x1b) == 0xfee00d00ULL);
	cpuid(0x80000001, 0, r);
	fails += check("cpuid.0x80000001 no SVM", !(r[2] & 4));
	cpuid(0x8000000a, 0, r);
	fails += check("cpuid.0x8000000a empty", !r[0] && !r[1] && !r[3]);

	fails += check("EFER has LME and LMA, not SVME",
		       (rdmsr(0xc0000080) & 0x1500) == 0x500);
	wrmsr(0x277, 0x0007040600070406ULL);
	fails += check("PAT write and read back",
		       rdmsr(0x277) == 0x0007040600070406ULL && !gp_seen);
	wrmsr(0x277, 0x0202020202020202ULL);
	fails += check("PAT with a reserved type: #GP", gp_seen);
	gp_seen = 0;
	rdmsr(0xdeadbeef);
	fails += check("unknown MSR read: #GP", gp_seen);
	gp_seen = 0;
	wrmsr(0xc0010114, 0);
	fails += check("VM_CR write: #GP", gp_seen);
	return fails;
}
