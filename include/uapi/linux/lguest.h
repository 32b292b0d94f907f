/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lguest: the interface between the lguest module and its userspace stub.
 *
 * Guests are defined in configfs (/sys/kernel/config/lguest/<name>); the
 * stub opens /dev/lguest, attaches to one guest by name and runs it.  This
 * header is the whole of that surface, and it is versioned.
 */
#ifndef _UAPI_LINUX_LGUEST_H
#define _UAPI_LINUX_LGUEST_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * LGUEST_API_VERSION - version of the /dev/lguest ioctl interface.
 *
 * Bumped on any incompatible change; the stub refuses to run on a mismatch.
 */
#define LGUEST_API_VERSION	1

/** LGUEST_NAME_MAX - longest guest name (configfs directory), with the NUL. */
#define LGUEST_NAME_MAX		64

#define LGUEST_IOCTL_MAGIC	0xB9

/**
 * struct lguest_attach - argument of LGUEST_ATTACH.
 * @name:	in: the guest's configfs directory name, NUL-terminated.
 * @ram_base:	out: where guest RAM is mapped in the caller; guest-physical
 *		address N is at @ram_base + N.  In, with LGUEST_ATTACH_STUB_RAM:
 *		where the caller has already mapped it.
 * @ram_size:	out: bytes of guest RAM.
 * @flags:	in: LGUEST_ATTACH_* flags; unknown ones are refused (EINVAL).
 * @reserved:	in: must be 0.
 *
 * The first three fields alone are the original argument, still accepted
 * (as if @flags were 0).
 */
struct lguest_attach {
	char name[LGUEST_NAME_MAX];
	__u64 ram_base;
	__u64 ram_size;
	__u32 flags;
	__u32 reserved;
};

/**
 * LGUEST_ATTACH_STUB_RAM - guest RAM is the caller's own mapping at
 * @ram_base, for backings the module cannot create itself (hugetlbfs:
 * mmap with MAP_HUGETLB) or that the caller wants to place (mbind, mlock).
 * It must be page-aligned, at least the guest's "memory" long, private
 * (not MAP_SHARED), readable and writable, and anonymous or hugetlbfs
 * memory; otherwise the attach fails with EINVAL and the reason in
 * "state".  The module never unmaps it; unmapping it while the guest runs
 * kills the guest, as for RAM the module mapped.
 */
#define LGUEST_ATTACH_STUB_RAM	(1U << 0)

/* Values of lguest_run_result.state. */
#define LGUEST_STATE_RUNNING	1	/* RUN was interrupted by a signal */
#define LGUEST_STATE_STOPPED	2	/* the guest ended cleanly */
#define LGUEST_STATE_DEAD	3	/* the guest misbehaved and was killed */

/** LGUEST_REASON_MAX - size of a stop or kill reason, with the NUL. */
#define LGUEST_REASON_MAX	160

/**
 * struct lguest_run_result - what LGUEST_RUN reports when the guest ends.
 * @state:	LGUEST_STATE_STOPPED or LGUEST_STATE_DEAD.
 * @exit_code:	the guest's own exit code (LGUEST_HCALL_SHUTDOWN), 0 for a
 *		poweroff; 1 for a crash, a kill or a stop from outside.
 * @reason:	why, as the configfs "state" attribute shows it.
 */
struct lguest_run_result {
	__u32 state;
	__s32 exit_code;
	char reason[LGUEST_REASON_MAX];
};

/**
 * LGUEST_GET_API_VERSION - returns LGUEST_API_VERSION as the ioctl's value.
 */
#define LGUEST_GET_API_VERSION	_IO(LGUEST_IOCTL_MAGIC, 0x00)

/**
 * LGUEST_ATTACH - claim a guest defined in configfs and prepare it to run.
 *
 * The guest's RAM is mapped into the caller, its kernel image is loaded
 * with the firmware loader and its boot state is built.  One file may
 * attach one guest; a guest has at most one stub (EBUSY).  While attached,
 * the guest's configfs directory cannot be removed (EBUSY).  A bad image
 * fails with ENOEXEC and the reason in the guest's "state" attribute.
 */
#define LGUEST_ATTACH		_IOWR(LGUEST_IOCTL_MAGIC, 0x01, struct lguest_attach)

/**
 * LGUEST_RUN - run the attached guest in the calling thread.
 *
 * Returns 0 when the guest stops or dies (see the result), or -1 with
 * errno EINTR when a signal is pending; call it again to go on.
 */
#define LGUEST_RUN		_IOR(LGUEST_IOCTL_MAGIC, 0x02, struct lguest_run_result)

/**
 * LGUEST_STOP - stop the attached guest ("stopped: stopped by stub"); a
 * LGUEST_RUN in progress or the next one returns.
 */
#define LGUEST_STOP		_IO(LGUEST_IOCTL_MAGIC, 0x03)

/**
 * LGUEST_CONSOLE_TTY - hand the attached guest's console to a tty,
 * /dev/lgcon<n>, for a stub that runs detached; returns n.  From then on
 * read() on the file returns 0.
 */
#define LGUEST_CONSOLE_TTY	_IO(LGUEST_IOCTL_MAGIC, 0x04)

/*
 * The attached file also carries the guest's console (the UART at 0x3f8):
 * read() returns what the guest wrote, 0 once the guest has ended and all
 * of it was read; write() feeds the guest's receive side.  poll() works.
 */

/*
 * Hypercalls: VMMCALL with the number in RAX and arguments in RBX, RCX,
 * RDX, RSI; the result comes back in RAX.  An unknown number kills the
 * guest.
 */
#define LGUEST_HCALL_NOP	0x4c470000	/* returns 0; for benchmarks */
#define LGUEST_HCALL_SHUTDOWN	0x4c470001	/* RBX: exit code (0-255) */

/*
 * Guest images.  The module loads ELF64 executables and lguest images:
 * one file with this header, the kernel payload, and optionally an initrd
 * and a default command line.  All fields are little-endian.
 */
#define LGUEST_IMAGE_MAGIC	0x4d49474c	/* "LGIM" */
#define LGUEST_IMAGE_VERSION	1

/**
 * struct lguest_image_header - the start of an lguest image file.
 * @magic:		LGUEST_IMAGE_MAGIC.
 * @version:		LGUEST_IMAGE_VERSION.
 * @header_size:	sizeof(struct lguest_image_header).
 * @checksum:		CRC-32 (as zlib computes it) of the whole file with
 *			this field set to zero.
 * @flags:		must be zero.
 * @load_addr:		guest-physical address of the kernel payload.
 * @load_size:		bytes the kernel occupies there (payload plus zeroed
 *			bss), at least @kernel_size.
 * @entry:		guest-physical entry point, inside the kernel.
 * @kernel_offset:	file offset of the kernel payload.
 * @kernel_size:	its length.
 * @initrd_offset:	file offset of the initrd, 0 if none.
 * @initrd_size:	its length, 0 if none.
 * @cmdline_offset:	file offset of the default command line, 0 if none.
 * @cmdline_size:	its length, without a NUL.
 */
struct lguest_image_header {
	__le32 magic;
	__le16 version;
	__le16 header_size;
	__le32 checksum;
	__le32 flags;
	__le64 load_addr;
	__le64 load_size;
	__le64 entry;
	__le64 kernel_offset;
	__le64 kernel_size;
	__le64 initrd_offset;
	__le64 initrd_size;
	__le64 cmdline_offset;
	__le64 cmdline_size;
};

/*
 * How lguest enters an ELF or lguest-image kernel: 64-bit mode, paging on
 * with an identity map of the first 4 GiB (2 MiB pages), CS 0x10, data
 * segments 0x18, interrupts off, no IDT, RSP = LGUEST_BOOT_STACK_TOP and
 * RSI = the guest-physical address of a struct lguest_boot_info.  The
 * first MiB belongs to lguest; kernels load at LGUEST_BOOT_KERNEL_MIN or
 * above.
 */
#define LGUEST_BOOT_INFO_GPA	0x2000
#define LGUEST_BOOT_STACK_TOP	0x80000
#define LGUEST_BOOT_KERNEL_MIN	0x100000
#define LGUEST_BOOT_MAGIC	0x544f4f424753474cULL	/* "LGSGBOOT" */

/**
 * struct lguest_boot_info - what an ELF or lguest-image kernel is handed.
 * @magic:		LGUEST_BOOT_MAGIC.
 * @ram_size:		bytes of RAM from guest-physical 0.
 * @cmdline_gpa:	the command line, NUL-terminated.
 * @cmdline_size:	its length without the NUL.
 * @initrd_gpa:		the initrd, 0 if none.
 * @initrd_size:	its length.
 */
struct lguest_boot_info {
	__u64 magic;
	__u64 ram_size;
	__u64 cmdline_gpa;
	__u64 cmdline_size;
	__u64 initrd_gpa;
	__u64 initrd_size;
};

#endif /* _UAPI_LINUX_LGUEST_H */
