// SPDX-License-Identifier: GPL-2.0
/*
 * I:100 A guest kernel arrives through the firmware loader as a blob of
 * bytes nobody vouched for.  lg_image_parse() reads it as an lguest image
 * or an ELF64 executable and describes what to copy where; every offset,
 * size and address is checked against the file and the guest's RAM here,
 * once, so the loader can copy blindly.  Pure logic: KUnit runs it under
 * UML (image_kunit.c).
 */
#include <linux/crc32.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "../lg.h"

/* [off, off + len) lies inside a file of @size bytes. */
static bool lg_in_file(u64 off, u64 len, size_t size)
{
	u64 end;

	return !check_add_overflow(off, len, &end) && end <= size;
}

/* A segment of @len bytes at @gpa lies in RAM above lguest's first MiB. */
static bool lg_in_ram_from(u64 gpa, u64 len, u64 min, u64 ram_size)
{
	u64 end;

	return gpa >= min && !check_add_overflow(gpa, len, &end) && end <= ram_size;
}

static bool lg_in_ram(u64 gpa, u64 len, u64 ram_size)
{
	return lg_in_ram_from(gpa, len, LGUEST_BOOT_KERNEL_MIN, ram_size);
}

static int lg_reject(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

/* I:110 The zlib CRC-32 of the file with the checksum field read as zero. */
static u32 lg_image_crc(const u8 *data, size_t size)
{
	static const u8 zero[4];
	size_t off = offsetof(struct lguest_image_header, checksum);
	u32 crc = ~0U;

	crc = crc32_le(crc, data, off);
	crc = crc32_le(crc, zero, sizeof(zero));
	crc = crc32_le(crc, data + off + 4, size - off - 4);
	return ~crc;
}

static int lg_parse_lguest_image(const u8 *data, size_t size, u64 ram_size,
				 struct lg_image *img, const char **why)
{
	struct lguest_image_header h;
	u64 kernel_size, load_size, entry, load_addr;

	if (size < sizeof(h))
		return lg_reject(why, "truncated lguest image header");
	memcpy(&h, data, sizeof(h));
	if (le16_to_cpu(h.version) != LGUEST_IMAGE_VERSION)
		return lg_reject(why, "unsupported lguest image version");
	if (le16_to_cpu(h.header_size) != sizeof(h))
		return lg_reject(why, "bad lguest image header size");
	if (h.flags)
		return lg_reject(why, "unknown lguest image flags");
	if (le32_to_cpu(h.checksum) != lg_image_crc(data, size))
		return lg_reject(why, "lguest image checksum mismatch");

	load_addr = le64_to_cpu(h.load_addr);
	load_size = le64_to_cpu(h.load_size);
	kernel_size = le64_to_cpu(h.kernel_size);
	entry = le64_to_cpu(h.entry);
	if (!kernel_size || !lg_in_file(le64_to_cpu(h.kernel_offset), kernel_size, size))
		return lg_reject(why, "kernel payload outside the image file");
	if (load_size < kernel_size)
		return lg_reject(why, "kernel load size smaller than its payload");
	if (!lg_in_ram(load_addr, load_size, ram_size))
		return lg_reject(why, "kernel does not fit in guest RAM above 1 MiB");
	if (entry < load_addr || entry - load_addr >= kernel_size)
		return lg_reject(why, "entry point outside the kernel payload");
	if (!lg_in_file(le64_to_cpu(h.initrd_offset), le64_to_cpu(h.initrd_size), size))
		return lg_reject(why, "initrd outside the image file");
	if (!lg_in_file(le64_to_cpu(h.cmdline_offset), le64_to_cpu(h.cmdline_size), size))
		return lg_reject(why, "command line outside the image file");
	if (le64_to_cpu(h.cmdline_size) >= LG_CMDLINE_MAX)
		return lg_reject(why, "default command line too long");

	img->format = "lguest image";
	img->nr_segs = 1;
	img->segs[0].gpa = load_addr;
	img->segs[0].file_off = le64_to_cpu(h.kernel_offset);
	img->segs[0].file_size = kernel_size;
	img->segs[0].mem_size = load_size;
	img->entry = entry;
	img->initrd_off = le64_to_cpu(h.initrd_offset);
	img->initrd_size = le64_to_cpu(h.initrd_size);
	img->cmdline_off = le64_to_cpu(h.cmdline_offset);
	img->cmdline_size = le64_to_cpu(h.cmdline_size);
	return 0;
}

/*
 * Does this note segment hold Linux's own notes ("Linux", or the "Xen"
 * PVH entry note, type 18)?  Every length is checked against the segment.
 */
static bool lg_elf_notes_linux(const u8 *p, u64 len)
{
	u64 off = 0;

	while (len - off >= 12) {
		u32 namesz, descsz, type;
		u64 next;

		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		next = off + 12 + ALIGN((u64)namesz, 4) + ALIGN((u64)descsz, 4);
		if (next > len)
			return false;
		if (namesz == 6 && !memcmp(p + off + 12, "Linux", 6))
			return true;
		if (namesz == 4 && !memcmp(p + off + 12, "Xen", 4) && type == 18)
			return true;
		off = next;
	}
	return false;
}

/*
 * I:120 An ELF64 executable: its PT_LOAD segments go to their physical
 * addresses, and the entry point must be inside one of them.
 */
static int lg_parse_elf(const u8 *data, size_t size, u64 ram_size,
			struct lg_image *img, const char **why)
{
	struct elf64_hdr eh;
	bool entry_ok = false;
	unsigned int i;

	if (size < sizeof(eh))
		return lg_reject(why, "truncated ELF header");
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return lg_reject(why, "not a 64-bit ELF file");
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64)
		return lg_reject(why, "not an x86-64 ELF file");
	if (eh.e_type != ET_EXEC)
		return lg_reject(why, "ELF file is not an executable");
	if (eh.e_phentsize != sizeof(struct elf64_phdr))
		return lg_reject(why, "bad ELF program header size");
	if (!eh.e_phnum ||
	    !lg_in_file(eh.e_phoff, (u64)eh.e_phnum * sizeof(struct elf64_phdr), size))
		return lg_reject(why, "ELF program headers outside the file");

	img->format = "ELF64";
	img->nr_segs = 0;
	img->is_linux = false;
	for (i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		struct lg_seg *seg;

		memcpy(&ph, data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_NOTE && lg_in_file(ph.p_offset, ph.p_filesz, size) &&
		    lg_elf_notes_linux(data + ph.p_offset, ph.p_filesz))
			img->is_linux = true;
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (img->nr_segs == LG_IMAGE_MAX_SEGS)
			return lg_reject(why, "too many ELF segments");
		if (ph.p_filesz > ph.p_memsz)
			return lg_reject(why, "ELF segment file size exceeds memory size");
		if (!lg_in_file(ph.p_offset, ph.p_filesz, size))
			return lg_reject(why, "ELF segment outside the file");
		/*
		 * Below 1 MiB only above lguest's boot structures and stack
		 * (they end at LGUEST_BOOT_STACK_TOP): GNU ld gives a plain
		 * -Ttext=0x100000 link a header-only segment at 0xff000.
		 */
		if (!lg_in_ram_from(ph.p_paddr, ph.p_memsz, LGUEST_BOOT_STACK_TOP, ram_size))
			return lg_reject(why, "ELF segment below 0x80000 or past guest RAM");
		seg = &img->segs[img->nr_segs++];
		seg->gpa = ph.p_paddr;
		seg->file_off = ph.p_offset;
		seg->file_size = ph.p_filesz;
		seg->mem_size = ph.p_memsz;
		if (eh.e_entry >= ph.p_paddr && eh.e_entry - ph.p_paddr < ph.p_filesz)
			entry_ok = true;
	}
	if (!img->nr_segs)
		return lg_reject(why, "ELF file has no loadable segment");
	/* A Linux vmlinux boots like a bzImage: the first MiB is lguest's. */
	for (i = 0; img->is_linux && i < img->nr_segs; i++)
		if (img->segs[i].gpa < LGUEST_BOOT_KERNEL_MIN)
			return lg_reject(why, "Linux ELF segment below 1 MiB");
	if (!entry_ok)
		return lg_reject(why, "ELF entry point outside its loaded code");
	img->entry = eh.e_entry;
	img->initrd_off = 0;
	img->initrd_size = 0;
	img->cmdline_off = 0;
	img->cmdline_size = 0;
	return 0;
}

/**
 * lg_image_parse() - describe a guest kernel image.
 * @data: the file's bytes.
 * @size: how many.
 * @ram_size: bytes of guest RAM the image must fit in.
 * @img: filled in on success.
 * @why: on failure, a static string saying what is wrong.
 *
 * Return: 0, or -ENOEXEC with @why set.
 */
int lg_image_parse(const u8 *data, size_t size, u64 ram_size,
		   struct lg_image *img, const char **why)
{
	__le32 magic = 0;

	memset(img, 0, sizeof(*img));
	if (size >= sizeof(magic))
		memcpy(&magic, data, sizeof(magic));
	if (le32_to_cpu(magic) == LGUEST_IMAGE_MAGIC)
		return lg_parse_lguest_image(data, size, ram_size, img, why);
	if (size >= SELFMAG && !memcmp(data, ELFMAG, SELFMAG))
		return lg_parse_elf(data, size, ram_size, img, why);
	return lg_reject(why, "unknown image format (bad magic)");
}
