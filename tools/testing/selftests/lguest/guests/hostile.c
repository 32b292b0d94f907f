// SPDX-License-Identifier: GPL-2.0
/*
 * A guest that does what the host must survive, chosen by its command
 * line (the first word); lguest_hostile_test runs each mode:
 *
 *   fpu N        XMM0-3 start at zero (never written here); then set them
 *                and make N exits, checking them after each.
 *   pkru         set CR4.PKE and write PKRU, then exit.
 *   rdpid        print what RDPID reads (the guest's TSC_AUX: 0).
 *   touch MIB    write one word in every page of MIB MiB above 16 MiB.
 *   exits N      N hypercalls, then shut down.
 *   kick N       take N TSC-deadline timer interrupts 2-20 us apart,
 *                echoing console input as it comes.
 *   pic N        program the 8259s, route them through LINT0 (ExtINT)
 *                and take the UART's receive interrupt on IRQ 4 until N
 *                bytes of console input have arrived.
 *   fuzz SEED    forever: random port I/O, MSRs, CR0/CR4/EFER/XCR0 and
 *                I/O APIC MMIO from xorshift(SEED), every fault stepped
 *                over; prints progress every 4096 operations.
 *
 * Each mode prints "result ok" or "result FAIL ..." and shuts down with
 * 0 or 1, except fuzz, which runs until the host stops it.
 */
#include "guest.h"

#define VEC_TIMER	0x40

static const char *cmd;

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c" (msr), "a" ((uint32_t)v),
		     "d" ((uint32_t)(v >> 32)) : "memory");
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t read_cr(int n)
{
	uint64_t v = 0;

	if (n == 0)
		asm volatile("mov %%cr0, %0" : "=r" (v));
	else
		asm volatile("mov %%cr4, %0" : "=r" (v));
	return v;
}

static uint64_t parse_num(const char *s)
{
	uint64_t v = 0;

	while (*s == ' ')
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static const char *arg(void)
{
	const char *s = cmd;

	while (*s && *s != ' ')
		s++;
	return s;
}

static int starts(const char *word)
{
	const char *s = cmd;

	while (*word && *s == *word) {
		s++;
		word++;
	}
	return !*word && (*s == ' ' || !*s);
}

static int report(int ok, const char *why, uint64_t v)
{
	if (ok) {
		puts_serial("result ok\n");
		return 0;
	}
	puts_serial("result FAIL ");
	puts_serial(why);
	puts_serial(" ");
	puthex(v);
	puts_serial("\n");
	return 1;
}

static void xmm_get(uint64_t v[4])
{
	asm volatile("movq %%xmm0, %0\n\tmovq %%xmm1, %1\n\t"
		     "movq %%xmm2, %2\n\tmovq %%xmm3, %3"
		     : "=r" (v[0]), "=r" (v[1]), "=r" (v[2]), "=r" (v[3]));
}

static void xmm_set(const uint64_t v[4])
{
	asm volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1\n\t"
		     "movq %2, %%xmm2\n\tmovq %3, %%xmm3"
		     : : "r" (v[0]), "r" (v[1]), "r" (v[2]), "r" (v[3]));
}

static int mode_fpu(uint64_t n)
{
	static const uint64_t mine[4] = {
		0x6c67756573740000ULL, 0x6c67756573740001ULL,
		0x6c67756573740002ULL, 0x6c67756573740003ULL,
	};
	uint64_t v[4];
	uint64_t i;
	int j;

	xmm_get(v);
	for (j = 0; j < 4; j++)
		if (v[j])
			return report(0, "XMM not zero at start:", v[j]);
	xmm_set(mine);
	for (i = 0; i < n; i++) {
		hcall(LGUEST_HCALL_NOP, 0);
		xmm_get(v);
		for (j = 0; j < 4; j++)
			if (v[j] != mine[j])
				return report(0, "XMM changed across an exit:", v[j]);
	}
	return report(1, "", 0);
}

static int mode_pkru(void)
{
	uint32_t r[4];

	cpuid(7, 0, r);
	/* lguest does not offer PKU; the host CPU may still have it. */
	asm volatile("mov %%cr4, %%rax\n\tbts $22, %%rax\n\tmov %%rax, %%cr4"
		     : : : "rax", "memory");
	asm volatile("wrpkru" : : "a" (0x4c470000), "c" (0), "d" (0));
	hcall(LGUEST_HCALL_NOP, 0);
	return report(1, "", 0);
}

static int mode_rdpid(void)
{
	uint64_t v;

	asm volatile("rdpid %0" : "=r" (v));
	puts_serial("rdpid ");
	puthex(v);
	puts_serial("\n");
	return report(v == 0, "RDPID reads", v);
}

static int mode_touch(uint64_t mib, uint64_t ram)
{
	uint64_t a, end = (16 + mib) << 20;

	if (end > ram)
		return report(0, "not enough RAM for", mib);
	for (a = 16 << 20; a < end; a += 4096)
		*(volatile uint64_t *)a = a;
	for (a = 16 << 20; a < end; a += 4096)
		if (*(volatile uint64_t *)a != a)
			return report(0, "page lost its contents at", a);
	return report(1, "", 0);
}

static int mode_exits(uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		hcall(LGUEST_HCALL_NOP, 0);
	return report(1, "", 0);
}

static int mode_kick(uint64_t n)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL, last = 0;

	set_idt_handler(VEC_TIMER, timer_handler);
	wrmsr(0x80f, 0x1ff);			/* SVR: APIC on */
	wrmsr(0x832, VEC_TIMER | (2 << 17));	/* LVT timer: TSC-deadline */
	while (ticks < n) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		/* 2-20 us at the test VM's TSC; the host may be far slower. */
		wrmsr(0x6e0, rdtsc() + 4000 + seed % 36000);
		asm volatile("sti; hlt; cli" ::: "memory");
		while (port_in8(0x3f8 + 5) & 1)
			putc_serial(port_in8(0x3f8));
		if (ticks - last >= 1000) {
			last = ticks;
			puts_serial("ticks ");
			puthex(ticks);
			puts_serial("\n");
		}
	}
	wrmsr(0x6e0, 0);
	return report(1, "", 0);
}

static int mode_pic(uint64_t n)
{
	uint64_t last = 0;

	/* ICW1-4: edge, cascade, vectors 0x20 and 0x28, slave on input 2. */
	port_out8(0x20, 0x11);
	port_out8(0x21, 0x20);
	port_out8(0x21, 0x04);
	port_out8(0x21, 0x01);
	port_out8(0xa0, 0x11);
	port_out8(0xa1, 0x28);
	port_out8(0xa1, 0x02);
	port_out8(0xa1, 0x01);
	port_out8(0x21, 0xef);			/* only IRQ 4 */
	port_out8(0xa1, 0xff);
	set_idt_handler(0x24, pic_uart_handler);
	wrmsr(0x80f, 0x1ff);			/* SVR: APIC on */
	wrmsr(0x835, 0x700);			/* LINT0: ExtINT, unmasked */
	port_out8(0x3f8 + 1, 0x01);		/* IER: received data */
	port_out8(0x3f8 + 4, 0x08);		/* MCR: OUT2 gates the line */
	puts_serial("pic ready\n");
	while (pic_bytes < n) {
		asm volatile("sti; hlt; cli" ::: "memory");
		if (pic_bytes - last >= 500) {
			last = pic_bytes;
			puts_serial("bytes ");
			puthex(pic_bytes);
			puts_serial("\n");
		}
	}
	port_out8(0x3f8 + 1, 0);
	puts_serial("irqs ");
	puthex(pic_irqs);
	puts_serial("\n");
	return report(pic_bytes == n, "bytes received", pic_bytes);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Ports that end the guest or break its console are left alone. */
static int port_ok(uint16_t p)
{
	return !(p >= 0x3f8 && p <= 0x3ff) && p != 0x604 && p != 0xcf9 &&
	       p != 0x64;
}

static uint64_t fuzz_mask = 0xff;

static void fuzz_one(uint64_t *s)
{
	static const uint32_t msrs[] = {
		0xc0000080, 0x277, 0x10, 0x1b, 0x6e0, 0x80f, 0x830, 0x832,
		0x83f, 0x808, 0xc001001f, 0xc0010015,
		0xc0011029, 0x8b, 0xc0000103, 0x48, 0x49, 0x179, 0x17a,
		0xc0010114, 0xc0010117, 0x3a, 0xe7, 0xe8,
	};
	uint64_t r = rnd(s), v = rnd(s);
	uint16_t port;
	uint32_t msr;

	if (!(fuzz_mask & (1 << (r % 8))))
		return;
	switch (r % 8) {
	case 0:
		port = v;
		if (port_ok(port)) {
			skip_len = 1;
			asm volatile("outb %b0, %w1" : : "a" (v >> 16), "d" (port));
		}
		break;
	case 1:
		port = v;
		if (port_ok(port)) {
			skip_len = 1;
			asm volatile("inl %w1, %%eax" : "=a" (v) : "d" (port));
		}
		break;
	case 2:
		msr = (r >> 8) & 1 ? msrs[(v >> 40) % (sizeof(msrs) / 4)] :
				     (uint32_t)(v >> 32);
		/* Keep the guest able to run: EFER keeps LME/LMA. */
		if (msr == 0xc0000080)
			v |= 0x500;
		/* ... and no self-IPI can be delivered: IF stays clear. */
		skip_len = 2;
		wrmsr(msr, v);
		break;
	case 3:
		msr = (r >> 8) & 1 ? msrs[(v >> 40) % (sizeof(msrs) / 4)] :
				     (uint32_t)(v >> 32);
		skip_len = 2;
		v = rdmsr(msr);
		break;
	case 4:
		/*
		 * CR0: paging, protection and FPU bits stay as they are, and
		 * NW only with CD: real hardware refuses the other with #GP,
		 * QEMU's TCG takes it and then fails the next VMRUN.
		 */
		v = (v & 0x60050020ULL) | 0x80000013ULL;
		if (v & 0x20000000ULL)
			v |= 0x40000000ULL;
		skip_len = 3;
		asm volatile("mov %0, %%cr0" : : "a" (v) : "memory");
		/* Caches off forever would only make this slow. */
		asm volatile("mov %0, %%cr0" : : "a" (read_cr(0) & ~0x60000000ULL)
			     : "memory");
		break;
	case 5:
		/*
		 * CR4: PAE stays on; SMEP, SMAP and LA57 stay off, and only
		 * bits every x86-64 CPU has change (VME to OSXMMEXCPT,
		 * FSGSBASE, OSXSAVE), plus PKE, which a CPU without PKU
		 * refuses with #GP, and now and then bit 28, which every
		 * CPU refuses so (under QEMU's TCG by way of lguest:
		 * svm_err_was_mov_cr()).
		 */
		v = (v & 0x507ffULL) | (1 << 5) | (1 << 9) | (1 << 10);
		if (r & 0x100)
			v |= 1 << 22;
		if ((r & 0xe00) == 0xe00)
			v |= 1 << 28;
		skip_len = 3;
		asm volatile("mov %0, %%cr4" : : "a" (v) : "memory");
		break;
	case 6:
		if (!(read_cr(4) & (1 << 18)))
			break;
		skip_len = 3;
		asm volatile("xsetbv" : : "a" ((uint32_t)v & 0xff), "d" (0),
			     "c" ((r >> 8) & 1 ? 0 : (uint32_t)(v >> 32)));
		break;
	case 7:
		/* The I/O APIC: aligned 32-bit loads and stores only. */
		if (v & 1)
			*(volatile uint32_t *)(0xfec00000ULL + (r & 0xffc)) = v >> 32;
		else
			v = *(volatile uint32_t *)(0xfec00000ULL + (r & 0xffc));
		break;
	}
}

static int mode_fuzz(uint64_t seed)
{
	uint64_t s = seed ? seed : 1, n = 0;
	int v;

	for (v = 0; v < 32; v++)
		if (v != 2 && v != 18)
			set_idt_handler(v, (v == 8 || (v >= 10 && v <= 14) ||
					    v == 17) ? fault_err_handler :
						       fault_handler);
	puts_serial("fuzzing\n");
	for (;;) {
		fuzz_one(&s);
		if (!(++n & 4095)) {
			puts_serial("fuzz ");
			puthex(n);
			puts_serial(" faults ");
			puthex(faults);
			puts_serial("\n");
		}
	}
	return 0;
}

int main(struct lguest_boot_info *bi)
{
	cmd = (const char *)bi->cmdline_gpa;
	if (starts("fpu"))
		return mode_fpu(parse_num(arg()));
	if (starts("pkru"))
		return mode_pkru();
	if (starts("rdpid"))
		return mode_rdpid();
	if (starts("touch"))
		return mode_touch(parse_num(arg()), bi->ram_size);
	if (starts("exits"))
		return mode_exits(parse_num(arg()));
	if (starts("kick"))
		return mode_kick(parse_num(arg()));
	if (starts("pic"))
		return mode_pic(parse_num(arg()));
	if (starts("fuzz")) {
		const char *a = arg();

		while (*a == ' ')
			a++;
		while (*a >= '0' && *a <= '9')
			a++;
		/* An optional second number: which kinds of access to try. */
		if (*a == ' ')
			fuzz_mask = parse_num(a);
		return mode_fuzz(parse_num(arg()));
	}
	puts_serial("result FAIL unknown mode\n");
	return 2;
}
