// SPDX-License-Identifier: GPL-2.0
/*
 * I:200 Loading: the kernel (and initrd) come through request_firmware(),
 * so the host's IMA and LSM policy see them like any other firmware.  The
 * image was checked by lg_image_parse(); here it is copied into guest RAM
 * with the boot structures lguest owns below 1 MiB: a GDT, the identity
 * page tables, the boot info and the command line.  The initrd goes at the
 * top of RAM, as the 2007 launcher put it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/firmware.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#include "lg.h"

/* Null, unused, 64-bit code at 0x10, flat data at 0x18. */
static const u64 lg_boot_gdt[] = {
	0, 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL,
};

static int lg_load_boot_tables(struct lguest *lg)
{
	size_t pages = lg_pt_identity_pages(LG_PT_MAP_SIZE);
	u64 *tables;
	int err;

	tables = kcalloc(pages, LG_PAGE_SIZE, GFP_KERNEL);
	if (!tables)
		return -ENOMEM;
	err = lg_pt_build_identity(tables, pages, LG_PT_GPA, LG_PT_MAP_SIZE);
	if (!err)
		err = lg_copy_to_guest(lg, LG_PT_GPA, tables, pages * LG_PAGE_SIZE);
	kfree(tables);
	if (err)
		return err;
	return lg_copy_to_guest(lg, LG_GDT_GPA, lg_boot_gdt, sizeof(lg_boot_gdt));
}

/* The initrd: the attribute's file wins over one inside the image. */
static int lg_load_initrd(struct lguest *lg, const struct lg_image *img,
			  const struct firmware *kfw, struct lguest_boot_info *bi)
{
	const struct firmware *fw = NULL;
	const u8 *data = kfw->data + img->initrd_off;
	u64 size = img->initrd_size, gpa, kernel_end = 0;
	unsigned int i;
	int err;

	if (lg->initrd[0]) {
		err = request_firmware(&fw, lg->initrd, lg_device());
		if (err)
			return lg_set_reason(lg, err, "cannot load initrd '%s' (error %d)",
					     lg->initrd, err);
		data = fw->data;
		size = fw->size;
	}
	if (!size)
		goto out;
	for (i = 0; i < img->nr_segs; i++)
		kernel_end = max(kernel_end, img->segs[i].gpa + img->segs[i].mem_size);
	gpa = round_down(lg->ram_size - min(size, lg->ram_size), LG_PAGE_SIZE);
	if (size > lg->ram_size || gpa < kernel_end || gpa < LGUEST_BOOT_KERNEL_MIN) {
		err = lg_set_reason(lg, -E2BIG, "initrd (%llu bytes) does not fit above the kernel",
				    size);
		goto out;
	}
	err = lg_copy_to_guest(lg, gpa, data, size);
	bi->initrd_gpa = gpa;
	bi->initrd_size = size;
out:
	release_firmware(fw);
	return err;
}

/**
 * lg_load() - load the configured kernel into fresh guest RAM.
 * @lg: the guest, attached by current.
 * @boot: receives the entry state.
 *
 * On failure the reason is left in @lg->reason for the "state" attribute.
 *
 * Return: 0, -ENOEXEC for a bad image, or another negative errno.
 */
int lg_load(struct lguest *lg, struct lg_boot *boot)
{
	struct lguest_boot_info bi = { .magic = LGUEST_BOOT_MAGIC };
	const struct firmware *fw;
	struct lg_image img;
	const char *why;
	unsigned int i;
	int err;

	err = request_firmware(&fw, lg->kernel, lg_device());
	if (err)
		return lg_set_reason(lg, err, "cannot load kernel '%s' (error %d)",
				     lg->kernel, err);
	err = lg_image_parse(fw->data, fw->size, lg->ram_size, &img, &why);
	if (err) {
		lg_set_reason(lg, err, "bad kernel image '%s': %s", lg->kernel, why);
		goto out;
	}
	/* Fresh anonymous memory is zero: only file bytes need copying. */
	for (i = 0; i < img.nr_segs && !err; i++)
		err = lg_copy_to_guest(lg, img.segs[i].gpa,
				       fw->data + img.segs[i].file_off,
				       img.segs[i].file_size);
	if (!err)
		err = lg_load_boot_tables(lg);
	if (!err)
		err = lg_load_initrd(lg, &img, fw, &bi);
	if (err)
		goto out;

	if (lg->cmdline[0]) {
		bi.cmdline_size = strlen(lg->cmdline);
		err = lg_copy_to_guest(lg, LG_CMDLINE_GPA, lg->cmdline, bi.cmdline_size);
	} else {
		bi.cmdline_size = img.cmdline_size;
		err = lg_copy_to_guest(lg, LG_CMDLINE_GPA, fw->data + img.cmdline_off,
				       img.cmdline_size);
	}
	bi.cmdline_gpa = LG_CMDLINE_GPA;
	bi.ram_size = lg->ram_size;
	if (!err)
		err = lg_copy_to_guest(lg, LGUEST_BOOT_INFO_GPA, &bi, sizeof(bi));
	if (err)
		goto out;

	boot->rip = img.entry;
	boot->rsp = LGUEST_BOOT_STACK_TOP;
	boot->rsi = LGUEST_BOOT_INFO_GPA;
	boot->cr3 = LG_PT_GPA;
out:
	release_firmware(fw);
	return err;
}
