// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for image.c: a good lguest image and a good ELF, then a table
 * of malformed ones, each of which must be refused with its own reason.
 */
#include <kunit/test.h>
#include <linux/crc32.h>
#include <linux/elf.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../lg.h"

#define RAM		SZ_16M
#define PAYLOAD		64
#define CMDLINE		"console=ttyS0"

struct test_image {
	struct lguest_image_header h;
	u8 kernel[PAYLOAD];
	u8 initrd[32];
	char cmdline[sizeof(CMDLINE) - 1];
} __packed;

static void seal(struct test_image *t, size_t size)
{
	t->h.checksum = 0;
	t->h.checksum = cpu_to_le32(~crc32_le(~0U, (u8 *)t, size));
}

static void good_image(struct test_image *t)
{
	memset(t, 0, sizeof(*t));
	t->h.magic = cpu_to_le32(LGUEST_IMAGE_MAGIC);
	t->h.version = cpu_to_le16(LGUEST_IMAGE_VERSION);
	t->h.header_size = cpu_to_le16(sizeof(t->h));
	t->h.load_addr = cpu_to_le64(SZ_1M);
	t->h.load_size = cpu_to_le64(SZ_64K);
	t->h.entry = cpu_to_le64(SZ_1M + 16);
	t->h.kernel_offset = cpu_to_le64(offsetof(struct test_image, kernel));
	t->h.kernel_size = cpu_to_le64(PAYLOAD);
	t->h.initrd_offset = cpu_to_le64(offsetof(struct test_image, initrd));
	t->h.initrd_size = cpu_to_le64(sizeof(t->initrd));
	t->h.cmdline_offset = cpu_to_le64(offsetof(struct test_image, cmdline));
	t->h.cmdline_size = cpu_to_le64(sizeof(t->cmdline));
	memcpy(t->cmdline, CMDLINE, sizeof(t->cmdline));
	seal(t, sizeof(*t));
}

static void lg_image_good_test(struct kunit *test)
{
	struct test_image *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct lg_image img;
	const char *why = NULL;

	good_image(t);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)t, sizeof(*t), RAM, &img, &why), 0);
	KUNIT_EXPECT_STREQ(test, img.format, "lguest image");
	KUNIT_EXPECT_EQ(test, img.nr_segs, 1U);
	KUNIT_EXPECT_EQ(test, img.segs[0].gpa, (u64)SZ_1M);
	KUNIT_EXPECT_EQ(test, img.segs[0].file_off, (u64)offsetof(struct test_image, kernel));
	KUNIT_EXPECT_EQ(test, img.segs[0].file_size, (u64)PAYLOAD);
	KUNIT_EXPECT_EQ(test, img.segs[0].mem_size, (u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, img.entry, (u64)SZ_1M + 16);
	KUNIT_EXPECT_EQ(test, img.initrd_size, 32ULL);
	KUNIT_EXPECT_EQ(test, img.cmdline_size, (u64)strlen(CMDLINE));
}

struct bad_case {
	const char *name;
	void (*mutate)(struct test_image *t);
	size_t size;		/* 0: the whole image */
	bool reseal;
	const char *why;
};

static void m_none(struct test_image *t) { }
static void m_magic(struct test_image *t) { t->h.magic = cpu_to_le32(0x12345678); }
static void m_version(struct test_image *t) { t->h.version = cpu_to_le16(2); }
static void m_hsize(struct test_image *t) { t->h.header_size = cpu_to_le16(8); }
static void m_flags(struct test_image *t) { t->h.flags = cpu_to_le32(1); }
static void m_payload_byte(struct test_image *t) { t->kernel[3] ^= 0xff; }
static void m_koff_huge(struct test_image *t) { t->h.kernel_offset = cpu_to_le64(~0ULL - 8); }
static void m_ksize_huge(struct test_image *t) { t->h.kernel_size = cpu_to_le64(1ULL << 62); }
static void m_ksize_zero(struct test_image *t)
{
	t->h.kernel_size = cpu_to_le64(0);
}

static void m_loadsize_small(struct test_image *t) { t->h.load_size = cpu_to_le64(PAYLOAD - 1); }
static void m_load_low(struct test_image *t)
{
	t->h.load_addr = cpu_to_le64(SZ_64K);
	t->h.entry = cpu_to_le64(SZ_64K);
}

static void m_load_past_ram(struct test_image *t)
{
	t->h.load_addr = cpu_to_le64(RAM - SZ_4K);
	t->h.entry = cpu_to_le64(RAM - SZ_4K);
}

static void m_load_wraps(struct test_image *t)
{
	t->h.load_addr = cpu_to_le64(~0ULL - SZ_4K + 1);
	t->h.entry = cpu_to_le64(~0ULL - SZ_4K + 1);
}

static void m_entry_before(struct test_image *t) { t->h.entry = cpu_to_le64(SZ_1M - 1); }
static void m_entry_after(struct test_image *t) { t->h.entry = cpu_to_le64(SZ_1M + PAYLOAD); }
static void m_initrd_past(struct test_image *t) { t->h.initrd_size = cpu_to_le64(4096); }
static void m_initrd_wrap(struct test_image *t) { t->h.initrd_offset = cpu_to_le64(~0ULL); }
static void m_cmdline_past(struct test_image *t) { t->h.cmdline_size = cpu_to_le64(1000); }

static const struct bad_case bad_cases[] = {
	{ "truncated header", m_none, 20, false, "truncated lguest image header" },
	{ "bad magic", m_magic, 0, true, "unknown image format (bad magic)" },
	{ "version 2", m_version, 0, true, "unsupported lguest image version" },
	{ "header size", m_hsize, 0, true, "bad lguest image header size" },
	{ "flags", m_flags, 0, true, "unknown lguest image flags" },
	{ "flipped payload byte", m_payload_byte, 0, false, "lguest image checksum mismatch" },
	{ "truncated payload", m_none, offsetof(struct test_image, kernel) + 10, false,
	  "lguest image checksum mismatch" },
	{ "kernel offset overflows", m_koff_huge, 0, true,
	  "kernel payload outside the image file" },
	{ "kernel size overflows", m_ksize_huge, 0, true, "kernel payload outside the image file" },
	{ "empty kernel", m_ksize_zero, 0, true, "kernel payload outside the image file" },
	{ "load size < payload", m_loadsize_small, 0, true,
	  "kernel load size smaller than its payload" },
	{ "loads below 1 MiB", m_load_low, 0, true,
	  "kernel does not fit in guest RAM above 1 MiB" },
	{ "loads past RAM", m_load_past_ram, 0, true,
	  "kernel does not fit in guest RAM above 1 MiB" },
	{ "load address wraps", m_load_wraps, 0, true,
	  "kernel does not fit in guest RAM above 1 MiB" },
	{ "entry before kernel", m_entry_before, 0, true,
	  "entry point outside the kernel payload" },
	{ "entry after payload", m_entry_after, 0, true, "entry point outside the kernel payload" },
	{ "initrd past the file", m_initrd_past, 0, true, "initrd outside the image file" },
	{ "initrd offset wraps", m_initrd_wrap, 0, true, "initrd outside the image file" },
	{ "cmdline past the file", m_cmdline_past, 0, true, "command line outside the image file" },
};

static void lg_image_bad_test(struct kunit *test)
{
	struct test_image *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		size_t size = c->size ? c->size : sizeof(*t);
		struct lg_image img;
		const char *why = NULL;

		good_image(t);
		c->mutate(t);
		if (c->reseal)
			seal(t, size);
		KUNIT_EXPECT_EQ_MSG(test, lg_image_parse((u8 *)t, size, RAM, &img, &why),
				    -ENOEXEC, "case: %s", c->name);
		KUNIT_EXPECT_STREQ_MSG(test, why ? why : "(none)", c->why, "case: %s", c->name);
	}
}

/* A minimal ELF64 executable: header, program headers, a payload, a note. */
struct test_elf {
	struct elf64_hdr eh;
	struct elf64_phdr ph[3];
	u8 code[64];
	u8 note[24];
} __packed;

static void good_elf(struct test_elf *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_X86_64;
	e->eh.e_entry = SZ_1M;
	e->eh.e_phoff = offsetof(struct test_elf, ph);
	e->eh.e_phentsize = sizeof(struct elf64_phdr);
	e->eh.e_phnum = 2;
	e->ph[0].p_type = PT_LOAD;
	e->ph[0].p_offset = offsetof(struct test_elf, code);
	e->ph[0].p_paddr = SZ_1M;
	e->ph[0].p_filesz = sizeof(e->code);
	e->ph[0].p_memsz = sizeof(e->code);
	e->ph[1].p_type = PT_LOAD;		/* bss only */
	e->ph[1].p_paddr = SZ_2M;
	e->ph[1].p_memsz = SZ_8K;
	e->ph[2].p_type = PT_NULL;
}

/* Give @e a note segment holding one note named @name of type @type. */
static void add_note(struct test_elf *e, const char *name, u32 namesz, u32 type)
{
	u32 descsz = 4;

	e->eh.e_phnum = 3;
	e->ph[2].p_type = PT_NOTE;
	e->ph[2].p_offset = offsetof(struct test_elf, note);
	e->ph[2].p_filesz = sizeof(e->note);
	memset(e->note, 0, sizeof(e->note));
	memcpy(e->note, &namesz, 4);
	memcpy(e->note + 4, &descsz, 4);
	memcpy(e->note + 8, &type, 4);
	/* A @namesz larger than the name (a lying note) copies only the name. */
	memcpy(e->note + 12, name, min3((size_t)namesz, strlen(name) + 1, (size_t)8));
}

static void lg_image_elf_linux_test(struct kunit *test)
{
	struct test_elf *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct lg_image img;
	const char *why;

	good_elf(e);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_FALSE(test, img.is_linux);

	add_note(e, "Linux", 6, 1);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_TRUE(test, img.is_linux);

	add_note(e, "Xen", 4, 18);		/* the PVH entry note */
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_TRUE(test, img.is_linux);

	add_note(e, "Xen", 4, 6);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_FALSE(test, img.is_linux);

	/* Sizes that run past the segment are not read. */
	add_note(e, "Linux", 0xfffffff0, 1);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_FALSE(test, img.is_linux);
	add_note(e, "Linux", 6, 1);
	e->ph[2].p_filesz = 1000;		/* past the file: skipped */
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_FALSE(test, img.is_linux);
}

static void lg_image_elf_test(struct kunit *test)
{
	struct test_elf *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct lg_image img;
	const char *why = NULL;

	good_elf(e);
	KUNIT_ASSERT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_STREQ(test, img.format, "ELF64");
	KUNIT_EXPECT_EQ(test, img.nr_segs, 2U);
	KUNIT_EXPECT_EQ(test, img.segs[1].file_size, 0ULL);
	KUNIT_EXPECT_EQ(test, img.segs[1].mem_size, (u64)SZ_8K);
	KUNIT_EXPECT_EQ(test, img.entry, (u64)SZ_1M);

	/* GNU ld's header-only segment below a -Ttext=0x100000 link loads. */
	e->ph[1].p_paddr = 0xff000;
	e->ph[1].p_memsz = SZ_4K;
	KUNIT_EXPECT_EQ(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, &img, &why), 0);
	KUNIT_EXPECT_EQ(test, img.segs[1].gpa, 0xff000ULL);

#define ELF_BAD(mutation, reason) do {						\
		good_elf(e);							\
		mutation;							\
		why = NULL;							\
		KUNIT_EXPECT_EQ_MSG(test, lg_image_parse((u8 *)e, sizeof(*e), RAM, \
							 &img, &why), -ENOEXEC, #mutation); \
		KUNIT_EXPECT_STREQ_MSG(test, why ? why : "(none)", reason, #mutation); \
	} while (0)

	ELF_BAD(e->eh.e_ident[EI_CLASS] = ELFCLASS32, "not a 64-bit ELF file");
	ELF_BAD(e->eh.e_machine = EM_386, "not an x86-64 ELF file");
	ELF_BAD(e->eh.e_type = ET_DYN, "ELF file is not an executable");
	ELF_BAD(e->eh.e_phentsize = 8, "bad ELF program header size");
	ELF_BAD(e->eh.e_phoff = sizeof(*e) - 8, "ELF program headers outside the file");
	ELF_BAD(e->eh.e_phoff = ~0ULL - 16, "ELF program headers outside the file");
	ELF_BAD(e->eh.e_phnum = 0, "ELF program headers outside the file");
	ELF_BAD(e->ph[0].p_filesz = 65, "ELF segment file size exceeds memory size");
	ELF_BAD((e->ph[0].p_offset = ~0ULL - 8), "ELF segment outside the file");
	ELF_BAD(e->ph[0].p_paddr = RAM - 8, "ELF segment below 0x80000 or past guest RAM");
	ELF_BAD(e->ph[1].p_memsz = ~0ULL, "ELF segment below 0x80000 or past guest RAM");
	ELF_BAD(e->ph[0].p_paddr = 0, "ELF segment below 0x80000 or past guest RAM");
	ELF_BAD(e->ph[0].p_paddr = 0x7f000, "ELF segment below 0x80000 or past guest RAM");
	ELF_BAD((e->ph[0].p_paddr = 0x80000, e->eh.e_entry = 0x80000, add_note(e, "Linux", 6, 1)),
		"Linux ELF segment below 1 MiB");
	ELF_BAD(e->eh.e_entry = SZ_2M, "ELF entry point outside its loaded code");
	ELF_BAD((e->ph[0].p_type = PT_NOTE, e->ph[1].p_type = PT_NOTE),
		"ELF file has no loadable segment");
#undef ELF_BAD

	/* Truncated ELF header; and neither format at all. */
	KUNIT_EXPECT_EQ(test, lg_image_parse((u8 *)e, 40, RAM, &img, &why), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, why, "truncated ELF header");
	KUNIT_EXPECT_EQ(test, lg_image_parse((u8 *)"MZ", 2, RAM, &img, &why), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, why, "unknown image format (bad magic)");
	KUNIT_EXPECT_EQ(test, lg_image_parse((u8 *)"", 0, RAM, &img, &why), -ENOEXEC);
}

static struct kunit_case lg_image_cases[] = {
	KUNIT_CASE(lg_image_good_test),
	KUNIT_CASE(lg_image_bad_test),
	KUNIT_CASE(lg_image_elf_test),
	KUNIT_CASE(lg_image_elf_linux_test),
	{}
};

static struct kunit_suite lg_image_suite = {
	.name = "lguest-image",
	.test_cases = lg_image_cases,
};

kunit_test_suite(lg_image_suite);
