// SPDX-License-Identifier: GPL-2.0
/*
 * I:300 A distribution kernel is a bzImage: real-mode setup sectors, then
 * the compressed protected-mode kernel.  lguest uses the 64-bit boot
 * protocol (Documentation/x86/boot.rst): load the protected-mode part at
 * the kernel's preferred address, hand it a boot_params page holding a
 * copy of the setup header, and enter at load + 0x200 in 64-bit mode.
 * Every header field used is checked here against the file and RAM.
 * Pure logic: KUnit runs it under UML (bzimage_kunit.c).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "../lg.h"

/* Offsets in the file and in boot_params (the header sits at the same place). */
#define BZ_SETUP_SECTS		0x1f1
#define BZ_SYSSIZE		0x1f4
#define BZ_BOOT_FLAG		0x1fe
#define BZ_JUMP			0x200
#define BZ_HEADER		0x202
#define BZ_VERSION		0x206
#define BZ_TYPE_OF_LOADER	0x210
#define BZ_LOADFLAGS		0x211
#define BZ_RAMDISK_IMAGE	0x218
#define BZ_RAMDISK_SIZE		0x21c
#define BZ_CMD_LINE_PTR		0x228
#define BZ_INITRD_ADDR_MAX	0x22c
#define BZ_KERNEL_ALIGNMENT	0x230
#define BZ_RELOCATABLE		0x234
#define BZ_XLOADFLAGS		0x236
#define BZ_CMDLINE_SIZE		0x238
#define BZ_HARDWARE_SUBARCH	0x23c
#define BZ_SETUP_DATA		0x250
#define BZ_PREF_ADDRESS		0x258
#define BZ_INIT_SIZE		0x260
#define BZ_HEADER_END		0x264

#define BP_ACPI_RSDP_ADDR	0x070
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_E820_ENTRIES		0x1e8
#define BP_SENTINEL		0x1ef
#define BP_E820_TABLE		0x2d0
#define BP_E820_MAX		128

#define LOADED_HIGH		BIT(0)
#define XLF_KERNEL_64		BIT(0)

static int bz_reject(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

/**
 * lg_bzimage_is() - does this look like a bzImage at all?
 * @data: the file.
 * @size: its length.
 *
 * Return: true if the boot flag and "HdrS" are where the protocol puts them.
 */
bool lg_bzimage_is(const u8 *data, size_t size)
{
	return size >= BZ_HEADER + 4 && lg_get_le16(data + BZ_BOOT_FLAG) == 0xaa55 &&
	       !memcmp(data + BZ_HEADER, "HdrS", 4);
}

/**
 * lg_bzimage_parse() - check a bzImage's setup header against the file
 * and the guest's RAM.
 * @data: the file.
 * @size: its length.
 * @ram_size: guest RAM in bytes.
 * @bz: filled in on success.
 * @why: on failure, a static string saying what is wrong.
 *
 * Return: 0, or -ENOEXEC with @why set.
 */
int lg_bzimage_parse(const u8 *data, size_t size, u64 ram_size,
		     struct lg_bzimage *bz, const char **why)
{
	unsigned int sects;
	u64 end, align;

	memset(bz, 0, sizeof(*bz));
	if (!lg_bzimage_is(data, size))
		return bz_reject(why, "not a bzImage (no boot flag or HdrS)");
	if (size < BZ_HEADER_END)
		return bz_reject(why, "truncated bzImage setup header");
	bz->version = lg_get_le16(data + BZ_VERSION);
	if (bz->version < 0x020c)
		return bz_reject(why, "boot protocol older than 2.12");
	if (!(lg_get_le16(data + BZ_XLOADFLAGS) & XLF_KERNEL_64))
		return bz_reject(why, "bzImage has no 64-bit entry point");
	if (!data[BZ_RELOCATABLE])
		return bz_reject(why, "bzImage is not relocatable");

	sects = data[BZ_SETUP_SECTS] ? data[BZ_SETUP_SECTS] : 4;
	bz->payload_off = (sects + 1) * 512;
	if (bz->payload_off >= size)
		return bz_reject(why, "setup sectors run past the end of the file");
	bz->payload_size = size - bz->payload_off;
	if ((u64)lg_get_le32(data + BZ_SYSSIZE) * 16 > bz->payload_size)
		return bz_reject(why, "protected-mode kernel truncated (syssize)");

	bz->header_end = BZ_HEADER + data[BZ_JUMP + 1];
	if (bz->header_end < BZ_HEADER_END || bz->header_end > min_t(size_t, size, 0x1000))
		return bz_reject(why, "bad setup header length");

	align = lg_get_le32(data + BZ_KERNEL_ALIGNMENT);
	if (!align || (align & (align - 1)))
		return bz_reject(why, "kernel alignment is not a power of two");
	bz->load_addr = lg_get_le64(data + BZ_PREF_ADDRESS);
	if (bz->load_addr < LGUEST_BOOT_KERNEL_MIN || (bz->load_addr & (align - 1)))
		return bz_reject(why, "preferred load address is not usable");
	bz->init_size = lg_get_le32(data + BZ_INIT_SIZE);
	if (bz->init_size < bz->payload_size)
		return bz_reject(why, "init_size smaller than the kernel");
	if (check_add_overflow(bz->load_addr, (u64)bz->init_size, &end) || end > ram_size)
		return bz_reject(why, "guest RAM too small for the kernel's init_size");
	bz->cmdline_max = lg_get_le32(data + BZ_CMDLINE_SIZE);
	bz->initrd_addr_max = lg_get_le32(data + BZ_INITRD_ADDR_MAX);
	bz->entry = bz->load_addr + 0x200;
	return 0;
}

/**
 * lg_boot_params_build() - fill the boot_params page for a bzImage.
 * @bp: a zeroed 4 KiB page.
 * @data: the bzImage (checked by lg_bzimage_parse()).
 * @bz: what the check found.
 * @p: where lguest put the command line, initrd and ACPI tables, and the
 *	memory map.
 *
 * Return: 0, or -EINVAL for a memory map that does not fit.
 */
int lg_boot_params_build(u8 *bp, const u8 *data, const struct lg_bzimage *bz,
			 const struct lg_boot_layout *p)
{
	unsigned int i;

	if (p->nr_e820 > BP_E820_MAX)
		return -EINVAL;
	memcpy(bp + BZ_SETUP_SECTS, data + BZ_SETUP_SECTS, bz->header_end - BZ_SETUP_SECTS);
	bp[BP_SENTINEL] = 0;
	bp[BZ_TYPE_OF_LOADER] = 0xff;
	bp[BZ_LOADFLAGS] |= LOADED_HIGH;
	lg_put_le32(bp + BZ_HARDWARE_SUBARCH, 0);
	lg_put_le64(bp + BZ_SETUP_DATA, 0);

	lg_put_le32(bp + BZ_CMD_LINE_PTR, p->cmdline_gpa);
	lg_put_le32(bp + BP_EXT_CMD_LINE_PTR, p->cmdline_gpa >> 32);
	lg_put_le32(bp + BZ_RAMDISK_IMAGE, p->initrd_gpa);
	lg_put_le32(bp + BP_EXT_RAMDISK_IMAGE, p->initrd_gpa >> 32);
	lg_put_le32(bp + BZ_RAMDISK_SIZE, p->initrd_size);
	lg_put_le32(bp + BP_EXT_RAMDISK_SIZE, p->initrd_size >> 32);
	lg_put_le64(bp + BP_ACPI_RSDP_ADDR, p->rsdp_gpa);

	bp[BP_E820_ENTRIES] = p->nr_e820;
	for (i = 0; i < p->nr_e820; i++) {
		u8 *e = bp + BP_E820_TABLE + i * 20;

		lg_put_le64(e + 0, p->e820[i].addr);
		lg_put_le64(e + 8, p->e820[i].size);
		lg_put_le32(e + 16, p->e820[i].type);
	}
	return 0;
}

/**
 * lg_initrd_place() - where an initrd goes: at the top of RAM, below the
 * kernel's limit, page-aligned, above the kernel.
 * @ram_size: guest RAM.
 * @limit: the highest address + 1 the kernel can reach it at.
 * @kernel_end: the first byte after the kernel (and its init_size).
 * @size: the initrd's size.
 * @gpa: receives its guest-physical address.
 *
 * Return: 0, or -EFBIG if it does not fit.
 */
int lg_initrd_place(u64 ram_size, u64 limit, u64 kernel_end, u64 size, u64 *gpa)
{
	limit = min(limit, ram_size);
	if (!size || size > limit || round_down(limit - size, LG_PAGE_SIZE) < kernel_end)
		return -EFBIG;
	*gpa = round_down(limit - size, LG_PAGE_SIZE);
	return 0;
}
