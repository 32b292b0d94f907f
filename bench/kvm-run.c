// SPDX-License-Identifier: GPL-2.0
/*
 * lguest-kvm-run: the peer for comparisons.  Runs an lguest test guest
 * (ELF64, entered as lguest enters it) on /dev/kvm with its devices in
 * userspace, the way a KVM VMM does: every port I/O is a trip out of the
 * kernel and back.  The UART at 0x3f8 prints to stdout; HLT ends the run
 * with the guest's exit code from RBX (lguest's shutdown hypercall is
 * unknown to KVM, which answers it in the kernel and lets the guest go on
 * to its HLT).
 *
 *   lguest-kvm-run [-c CMDLINE] [-m MiB] [-v] GUEST.elf
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>
#include <linux/lguest.h>

#define GDT_GPA		0x1000
#define CMDLINE_GPA	0x3000
#define PT_GPA		0x4000

static void fail(const char *what)
{
	fprintf(stderr, "lguest-kvm-run: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void load_elf(uint8_t *ram, size_t ram_size, const char *path, uint64_t *entry)
{
	struct stat st;
	Elf64_Ehdr *eh;
	uint8_t *file;
	int fd, i;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		fail(path);
	file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (file == MAP_FAILED)
		fail(path);
	eh = (Elf64_Ehdr *)file;
	if ((size_t)st.st_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > (uint64_t)st.st_size) {
		fprintf(stderr, "lguest-kvm-run: %s: not an ELF64 file\n", path);
		exit(1);
	}
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff) + i;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_paddr + ph->p_memsz > ram_size ||
		    ph->p_offset + ph->p_filesz > (uint64_t)st.st_size) {
			fprintf(stderr, "lguest-kvm-run: %s: segment outside RAM\n", path);
			exit(1);
		}
		memcpy(ram + ph->p_paddr, file + ph->p_offset, ph->p_filesz);
	}
	*entry = eh->e_entry;
}

/* The boot state lguest builds: GDT, identity map of 4 GiB, boot info. */
static void build_boot(uint8_t *ram, size_t ram_size, const char *cmdline)
{
	static const uint64_t gdt[] = { 0, 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL };
	uint64_t *pml4 = (uint64_t *)(ram + PT_GPA), *pdpt = pml4 + 512, *pd = pml4 + 1024;
	struct lguest_boot_info *bi = (void *)(ram + LGUEST_BOOT_INFO_GPA);
	int i;

	memcpy(ram + GDT_GPA, gdt, sizeof(gdt));
	pml4[0] = (PT_GPA + 0x1000) | 3;
	for (i = 0; i < 4; i++)
		pdpt[i] = (PT_GPA + 0x2000 + i * 0x1000) | 3;
	for (i = 0; i < 4 * 512; i++)
		pd[i] = ((uint64_t)i << 21) | 0x83;
	strncpy((char *)ram + CMDLINE_GPA, cmdline, 2047);
	bi->magic = LGUEST_BOOT_MAGIC;
	bi->ram_size = ram_size;
	bi->cmdline_gpa = CMDLINE_GPA;
	bi->cmdline_size = strlen(cmdline);
}

static void set_seg(struct kvm_segment *s, uint16_t sel, uint8_t type, int l)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->l = l;
	s->db = !l;
	s->g = 1;
}

int main(int argc, char **argv)
{
	const char *cmdline = "";
	size_t ram_size = 64 << 20;
	struct kvm_userspace_memory_region region = {};
	struct kvm_cpuid2 *cpuid;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	unsigned long exits = 0, io_exits = 0;
	uint64_t entry;
	uint8_t *ram;
	int kvm, vm, vcpu, opt, verbose = 0;

	while ((opt = getopt(argc, argv, "c:m:v")) != -1) {
		if (opt == 'c')
			cmdline = optarg;
		else if (opt == 'm')
			ram_size = strtoul(optarg, NULL, 0) << 20;
		else if (opt == 'v')
			verbose = 1;
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		fail("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fail("KVM_CREATE_VM");
	ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		fail("mmap");
	region.memory_size = ram_size;
	region.userspace_addr = (uintptr_t)ram;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		fail("KVM_SET_USER_MEMORY_REGION");
	load_elf(ram, ram_size, argv[optind], &entry);
	build_boot(ram, ram_size, cmdline);

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		fail("KVM_CREATE_VCPU");
	run = mmap(NULL, ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0), PROT_READ | PROT_WRITE,
		   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		fail("mmap vcpu");
	cpuid = calloc(1, sizeof(*cpuid) + 256 * sizeof(cpuid->entries[0]));
	cpuid->nent = 256;
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, cpuid) || ioctl(vcpu, KVM_SET_CPUID2, cpuid))
		fail("CPUID");

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs))
		fail("KVM_GET_SREGS");
	set_seg(&sregs.cs, 0x10, 11, 1);
	set_seg(&sregs.ds, 0x18, 3, 0);
	sregs.es = sregs.ds;
	sregs.fs = sregs.ds;
	sregs.gs = sregs.ds;
	sregs.ss = sregs.ds;
	sregs.tr.type = 11;
	sregs.tr.present = 1;
	sregs.tr.limit = 0x67;
	sregs.gdt.base = GDT_GPA;
	sregs.gdt.limit = 31;
	sregs.cr0 = 0x80000033;
	sregs.cr3 = PT_GPA;
	sregs.cr4 = 0x620;
	sregs.efer = 0x500;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs))
		fail("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = entry;
	regs.rsp = LGUEST_BOOT_STACK_TOP;
	regs.rsi = LGUEST_BOOT_INFO_GPA;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs))
		fail("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) && errno != EINTR)
			fail("KVM_RUN");
		exits++;
		switch (run->exit_reason) {
		case KVM_EXIT_IO: {
			uint8_t *data = (uint8_t *)run + run->io.data_offset;

			io_exits++;
			if (run->io.direction == KVM_EXIT_IO_OUT && run->io.port == 0x3f8)
				fwrite(data, run->io.size, run->io.count, stdout);
			else if (run->io.direction == KVM_EXIT_IO_IN)
				memset(data, run->io.port == 0x3fd ? 0x60 : 0xff,
				       run->io.size * run->io.count);
			break;
		}
		case KVM_EXIT_HLT:
			fflush(stdout);
			if (ioctl(vcpu, KVM_GET_REGS, &regs))
				fail("KVM_GET_REGS");
			if (verbose)
				fprintf(stderr, "lguest-kvm-run: %lu exits, %lu port I/O\n",
					exits, io_exits);
			return regs.rbx & 0xff;
		case KVM_EXIT_INTR:
			break;
		default:
			fprintf(stderr, "lguest-kvm-run: unexpected exit %u\n", run->exit_reason);
			return 1;
		}
	}

usage:
	fprintf(stderr, "usage: lguest-kvm-run [-c CMDLINE] [-m MiB] [-v] GUEST.elf\n");
	return 2;
}
