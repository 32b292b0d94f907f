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

#include "../lg.h"

static const u8 lg_reset_vector[] = {
	0xb0, LG_RESET_VALUE, 0xba, LG_PORT_RESET & 0xff, LG_PORT_RESET >> 8,
	0xee, 0xf4,
};

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

/*
 * The initrd: the attribute's file wins over one inside the image.  It
 * goes at the top of RAM below @limit, and must stay clear of the kernel,
 * which ends at @kernel_end.  Returns its place in @gpa and @size (0 for
 * none).
 */
/*
 * I:210 A guest's kernel or initrd through the firmware loader, quietly
 * (firmware_request_nowarn(): no loader lines in the log for a name the
 * user mistyped).  The errno comes first in the reason, so a long name
 * cannot push it out of the 160 bytes "state" keeps.
 */
static int lg_request(struct lguest *lg, const char *what, const char *name,
		      const struct firmware **fw)
{
	int err = firmware_request_nowarn(fw, name, lg_device());
	const char *why;

	switch (err) {
	case 0:
		return 0;
	case -ENOENT:
		why = "no such file below /lib/firmware";
		break;
	case -EINVAL:
		why = "not a file with contents (empty, or a directory?)";
		break;
	case -EACCES:
	case -EPERM:
		why = "permission denied (file mode, or the security policy)";
		break;
	case -EFBIG:
		why = "too large for the firmware loader";
		break;
	case -ENAMETOOLONG:
		why = "name too long for the firmware loader";
		break;
	default:
		why = "cannot be read";
		break;
	}
	return lg_set_reason(lg, err, "%s: error %d, %s: %s", what, err, why, name);
}

static int lg_load_initrd(struct lguest *lg, const u8 *data, u64 size,
			  u64 kernel_end, u64 limit, u64 *gpa, u64 *out_size)
{
	const struct firmware *fw = NULL;
	int err = 0;

	*gpa = 0;
	*out_size = 0;
	if (lg->initrd[0]) {
		err = lg_request(lg, "initrd", lg->initrd, &fw);
		if (err)
			return err;
		data = fw->data;
		size = fw->size;
	}
	if (!size)
		goto out;
	if (lg_initrd_place(lg->ram_size, limit, kernel_end, size, gpa)) {
		err = lg_set_reason(lg, -EFBIG,
				    "initrd (%llu bytes) does not fit in RAM above the kernel",
				    size);
		goto out;
	}
	*out_size = size;
	err = lg_copy_to_guest(lg, *gpa, data, size);
out:
	release_firmware(fw);
	return err;
}

/*
 * I:310 A bzImage: the protected-mode kernel at its preferred address,
 * boot_params (the "zero page") at LG_ZERO_PAGE_GPA with the setup header
 * copied in, the memory map, the ACPI tables in the reserved area below
 * 1 MiB, and the initrd at the top of RAM below the kernel's limit.
 */
static int lg_load_linux(struct lguest *lg, const u8 *header,
			 const struct lg_bzimage *kbz, struct lg_boot *boot);

static int lg_load_bzimage(struct lguest *lg, const struct firmware *fw,
			   struct lg_boot *boot)
{
	struct lg_bzimage bz;
	const char *why;
	int err;

	if (lg->ram_size > LG_BZIMAGE_RAM_MAX)
		return lg_set_reason(lg, -ERANGE, "a Linux guest has at most 3 GiB of RAM");
	err = lg_bzimage_parse(fw->data, fw->size, lg->ram_size, &bz, &why);
	if (err)
		return lg_set_reason(lg, err, "bad kernel image '%s': %s", lg->kernel, why);
	err = lg_copy_to_guest(lg, bz.load_addr, fw->data + bz.payload_off, bz.payload_size);
	if (err)
		return err;
	return lg_load_linux(lg, fw->data, &bz, boot);
}

/*
 * I:330 An ELF vmlinux (it carries Linux's ELF notes): its segments are in
 * place already; it is entered at its 64-bit entry like a bzImage's
 * protected-mode kernel, with a boot_params whose setup header lguest
 * writes itself (protocol 2.15, nothing relocatable, no KASLR).
 */
static int lg_load_vmlinux(struct lguest *lg, const struct lg_image *img,
			   struct lg_boot *boot)
{
	u8 hdr[0x264] = {};
	struct lg_bzimage bz = {
		.version = 0x020f, .header_end = sizeof(hdr), .entry = img->entry,
		.cmdline_max = LG_CMDLINE_MAX - 1, .initrd_addr_max = 0x7fffffff,
	};
	u64 end = 0;
	unsigned int i;

	if (lg->ram_size > LG_BZIMAGE_RAM_MAX)
		return lg_set_reason(lg, -ERANGE, "a Linux guest has at most 3 GiB of RAM");
	bz.load_addr = U64_MAX;
	for (i = 0; i < img->nr_segs; i++) {
		bz.load_addr = min(bz.load_addr, img->segs[i].gpa);
		end = max(end, img->segs[i].gpa + img->segs[i].mem_size);
	}
	bz.init_size = end - bz.load_addr;
	hdr[0x1fe] = 0x55;
	hdr[0x1ff] = 0xaa;
	memcpy(hdr + 0x202, "HdrS", 4);
	hdr[0x206] = 0x0f;
	hdr[0x207] = 0x02;
	hdr[0x201] = sizeof(hdr) - 0x202;
	return lg_load_linux(lg, hdr, &bz, boot);
}

/*
 * I:320 What every Linux kernel gets, whichever file it came in: the
 * identity map, the command line, the initrd at the top of RAM below the
 * kernel's limit, the reset vector, the ACPI tables, and boot_params with
 * the memory map.
 */
static int lg_load_linux(struct lguest *lg, const u8 *header,
			 const struct lg_bzimage *kbz, struct lg_boot *boot)
{
	struct lg_boot_layout p = { .cmdline_gpa = LG_CMDLINE_GPA };
	struct lg_bzimage bz = *kbz;
	u8 *page;
	int err;

	/* cmdline_size counts the characters, not the NUL. */
	if (strlen(lg->cmdline) > bz.cmdline_max)
		return lg_set_reason(lg, -EMSGSIZE,
				     "command line longer than the kernel's %u bytes",
				     bz.cmdline_max);
	page = kzalloc(max_t(size_t, LG_PAGE_SIZE, LG_ACPI_SIZE), GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	err = lg_load_boot_tables(lg);
	if (!err)
		err = lg_copy_to_guest(lg, LG_CMDLINE_GPA, lg->cmdline, strlen(lg->cmdline));
	if (err)
		goto out;

	err = lg_load_initrd(lg, NULL, 0, bz.load_addr + bz.init_size,
			     (u64)bz.initrd_addr_max + 1, &p.initrd_gpa, &p.initrd_size);
	if (err)
		goto out;

	/*
	 * The reset vector: a kernel that falls back to restarting through
	 * the BIOS lands here in real mode.  There is no BIOS, so the reset
	 * vector writes the ACPI reset register: "mov al, 6; mov dx, 0xcf9;
	 * out dx, al; hlt".
	 */
	err = lg_copy_to_guest(lg, LG_RESET_VECTOR_GPA, lg_reset_vector,
			       sizeof(lg_reset_vector));
	if (err)
		goto out;

	err = lg_acpi_build(page, LG_ACPI_GPA, &lg->pio_bus, &lg->mmio_bus);
	if (!err)
		err = lg_copy_to_guest(lg, LG_ACPI_GPA, page, LG_ACPI_SIZE);
	if (err)
		goto out;
	p.rsdp_gpa = LG_ACPI_GPA;
	p.nr_e820 = 3;
	p.e820[0] = (struct lg_e820){ 0, LG_LOW_RAM_END, LG_E820_RAM };
	p.e820[1] = (struct lg_e820){ LG_LOW_RAM_END, SZ_1M - LG_LOW_RAM_END, LG_E820_RESERVED };
	p.e820[2] = (struct lg_e820){ SZ_1M, lg->ram_size - SZ_1M, LG_E820_RAM };

	memset(page, 0, LG_PAGE_SIZE);
	err = lg_boot_params_build(page, header, &bz, &p);
	if (!err)
		err = lg_copy_to_guest(lg, LG_ZERO_PAGE_GPA, page, LG_PAGE_SIZE);
	if (err)
		goto out;
	boot->rip = bz.entry;
	boot->rsp = LGUEST_BOOT_STACK_TOP;
	boot->rsi = LG_ZERO_PAGE_GPA;
	boot->cr3 = LG_PT_GPA;
out:
	kfree(page);
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
	u64 kernel_end = 0;
	const char *why;
	unsigned int i;
	int err;

	err = lg_request(lg, "kernel", lg->kernel, &fw);
	if (err)
		return err;
	if (lg_bzimage_is(fw->data, fw->size)) {
		err = lg_load_bzimage(lg, fw, boot);
		goto out;
	}
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
	if (!err && img.is_linux) {
		err = lg_load_vmlinux(lg, &img, boot);
		goto out;
	}
	if (!err)
		err = lg_load_boot_tables(lg);
	for (i = 0; i < img.nr_segs; i++)
		kernel_end = max(kernel_end, img.segs[i].gpa + img.segs[i].mem_size);
	if (!err)
		err = lg_load_initrd(lg, fw->data + img.initrd_off, img.initrd_size,
				     max_t(u64, kernel_end, LGUEST_BOOT_KERNEL_MIN), U64_MAX,
				     &bi.initrd_gpa, &bi.initrd_size);
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
