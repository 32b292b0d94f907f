// SPDX-License-Identifier: GPL-2.0
/*
 * lguest-mkimage: pack a flat kernel (plus an optional initrd and default
 * command line) into one lguest image for the firmware loader, or check
 * one with the same rules the module applies.
 *
 *   lguest-mkimage -o OUT -k KERNEL [-l LOAD] [-e ENTRY] [-s LOAD_SIZE]
 *                  [-i INITRD] [-c CMDLINE]
 *   lguest-mkimage --check IMAGE
 *   lguest-mkimage --extract BZIMAGE -o OUT
 *
 * --extract takes the compressed vmlinux out of a bzImage with the usual
 * decompressor program (xz, gzip, zstd, ...; busybox's work too), so that
 * lguest boots it without running the kernel's own decompressor in the
 * guest at every boot.
 */
#include <elf.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/lguest.h>

#define CMDLINE_MAX	2048
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	int k;

	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return crc;
}

/* The zlib CRC-32 of the file with the checksum field read as zero. */
static uint32_t image_crc(const uint8_t *data, size_t size)
{
	static const uint8_t zero[4];
	size_t off = offsetof(struct lguest_image_header, checksum);
	uint32_t crc = ~0U;

	crc = crc32_update(crc, data, off);
	crc = crc32_update(crc, zero, 4);
	crc = crc32_update(crc, data + off + 4, size - off - 4);
	return ~crc;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END))
		goto fail;
	n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		fprintf(stderr, "lguest-mkimage: %s: read failed\n", path);
		exit(1);
	}
	fclose(f);
	*size = n;
	return buf;
fail:
	fprintf(stderr, "lguest-mkimage: %s: %s\n", path, strerror(errno));
	exit(1);
}

static int in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static int refuse(const char *why)
{
	printf("bad image: %s\n", why);
	return 1;
}

static int check(const char *path)
{
	struct lguest_image_header h;
	uint64_t load, load_size, ksize, entry;
	uint8_t *data;
	size_t size;

	data = read_file(path, &size);
	if (size < sizeof(h))
		return refuse("truncated header");
	memcpy(&h, data, sizeof(h));
	if (le32toh(h.magic) != LGUEST_IMAGE_MAGIC)
		return refuse("bad magic");
	if (le16toh(h.version) != LGUEST_IMAGE_VERSION)
		return refuse("unsupported version");
	if (le16toh(h.header_size) != sizeof(h))
		return refuse("bad header size");
	if (h.flags)
		return refuse("unknown flags");
	if (le32toh(h.checksum) != image_crc(data, size))
		return refuse("checksum mismatch");
	load = le64toh(h.load_addr);
	load_size = le64toh(h.load_size);
	ksize = le64toh(h.kernel_size);
	entry = le64toh(h.entry);
	if (!ksize || !in_file(le64toh(h.kernel_offset), ksize, size))
		return refuse("kernel outside the file");
	if (load_size < ksize)
		return refuse("load size smaller than the kernel");
	if (load < LGUEST_BOOT_KERNEL_MIN || load + load_size < load)
		return refuse("kernel must load at or above 1 MiB");
	if (entry < load || entry - load >= ksize)
		return refuse("entry point outside the kernel");
	if (!in_file(le64toh(h.initrd_offset), le64toh(h.initrd_size), size))
		return refuse("initrd outside the file");
	if (!in_file(le64toh(h.cmdline_offset), le64toh(h.cmdline_size), size))
		return refuse("command line outside the file");
	if (le64toh(h.cmdline_size) >= CMDLINE_MAX)
		return refuse("command line too long");
	printf("ok: load 0x%llx size 0x%llx entry 0x%llx kernel %llu bytes, ",
	       (unsigned long long)load, (unsigned long long)load_size,
	       (unsigned long long)entry, (unsigned long long)ksize);
	printf("initrd %llu bytes, cmdline %llu bytes\n",
	       (unsigned long long)le64toh(h.initrd_size),
	       (unsigned long long)le64toh(h.cmdline_size));
	return 0;
}

/* A bzImage's payload, by its first bytes: programs that unpack it to stdout. */
static const struct unpacker {
	const char *magic;
	size_t len;
	const char *name;
	const char *const argv[2][4];
} unpackers[] = {
	{ "\3757zXZ", 6, "xz", { { "xz", "-dc" }, { "xzcat" } } },
	{ "\x1f\x8b", 2, "gzip", { { "gzip", "-dc" }, { "zcat" } } },
	{ "\x28\xb5\x2f\xfd", 4, "zstd", { { "zstd", "-dc" }, { "zstdcat" } } },
	{ "BZh", 3, "bzip2", { { "bzip2", "-dc" }, { "bzcat" } } },
	{ "\x5d\x00\x00", 3, "lzma", { { "xz", "--format=lzma", "-dc" }, { "lzcat" } } },
	{ "\x89LZO", 4, "lzo", { { "lzop", "-dc" } } },
	{ "\x02\x21\x4c\x18", 4, "lz4", { { "lz4", "-dc" } } },
};

/* Run @argv with stdin from @in and stdout to @out: its exit status. */
static int run_unpacker(const char *const *argv, int in, int out)
{
	int status;
	pid_t pid;

	if (lseek(in, 0, SEEK_SET) || lseek(out, 0, SEEK_SET) || ftruncate(out, 0))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(in, STDIN_FILENO);
		dup2(out, STDOUT_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int extract_fail(const char *path, const char *why)
{
	fprintf(stderr, "lguest-mkimage: %s: %s\n", path, why);
	return 1;
}

/*
 * The vmlinux inside a bzImage (boot protocol 2.08 or later says where
 * its payload is, and the kernel's build appends the unpacked size as the
 * payload's last 4 bytes).  The result must be that size and an x86-64
 * ELF executable, which lguest boots directly: no decompressor, no KASLR.
 */
static int extract(const char *path, const char *out)
{
	char tmp[] = "/tmp/lguest-mkimage.XXXXXX";
	uint32_t poff, plen, want;
	const struct unpacker *u = NULL;
	unsigned int n, a, setup;
	Elf64_Ehdr eh;
	uint8_t *data;
	size_t size;
	struct stat st;
	int in, fd, rc = -1;

	data = read_file(path, &size);
	if (size < 0x268 || memcmp(data + 0x202, "HdrS", 4))
		return extract_fail(path, "not a bzImage (no HdrS header)");
	if ((data[0x206] | data[0x207] << 8) < 0x208)
		return extract_fail(path, "boot protocol older than 2.08 (no payload fields)");
	setup = data[0x1f1] ? data[0x1f1] : 4;
	memcpy(&poff, data + 0x248, 4);
	memcpy(&plen, data + 0x24c, 4);
	poff = le32toh(poff) + (setup + 1) * 512;
	plen = le32toh(plen);
	if (plen < 8 || !in_file(poff, plen, size))
		return extract_fail(path, "payload outside the file");
	memcpy(&want, data + poff + plen - 4, 4);
	want = le32toh(want);
	for (n = 0; n < ARRAY_SIZE(unpackers); n++)
		if (!memcmp(data + poff, unpackers[n].magic, unpackers[n].len))
			u = &unpackers[n];
	if (!u)
		return extract_fail(path, "payload in an unknown compression");

	/* Without those 4 bytes, which the unpackers would take as garbage. */
	in = mkstemp(tmp);
	if (in < 0 || write(in, data + poff, plen - 4) != (ssize_t)plen - 4)
		return extract_fail(tmp, strerror(errno));
	unlink(tmp);
	fd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return extract_fail(out, strerror(errno));
	for (a = 0; a < 2 && u->argv[a][0] && rc; a++)
		rc = run_unpacker(u->argv[a], in, fd);
	close(in);
	if (rc) {
		fprintf(stderr, "lguest-mkimage: %s: %s payload: %s\n", path, u->name,
			rc == 127 ? "no program to unpack it (install it)" : "unpacking failed");
		unlink(out);
		return 1;
	}
	if (fstat(fd, &st) || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		memset(&eh, 0, sizeof(eh));
	close(fd);
	if ((uint64_t)st.st_size != want || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || le16toh(eh.e_machine) != EM_X86_64 ||
	    le16toh(eh.e_type) != ET_EXEC) {
		unlink(out);
		return extract_fail(path, "payload is not an x86-64 vmlinux of its recorded size");
	}
	printf("ok: %s: vmlinux, %u bytes, entry 0x%llx (from a %s payload of %u bytes)\n",
	       out, want, (unsigned long long)le64toh(eh.e_entry), u->name, plen);
	return 0;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || !*s) {
		fprintf(stderr, "lguest-mkimage: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *kernel = NULL, *initrd = NULL, *cmdline = "";
	uint64_t load = LGUEST_BOOT_KERNEL_MIN, entry = 0, load_size = 0;
	struct lguest_image_header h = {};
	uint8_t *k, *i = NULL, *img;
	size_t ksize, isize = 0, csize, total, off;
	FILE *f;
	int opt;

	if (argc == 3 && !strcmp(argv[1], "--check"))
		return check(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "--extract") && !strcmp(argv[3], "-o"))
		return extract(argv[2], argv[4]);
	while ((opt = getopt(argc, argv, "o:k:l:e:s:i:c:")) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			kernel = optarg;
			break;
		case 'l':
			load = num(optarg);
			break;
		case 'e':
			entry = num(optarg);
			break;
		case 's':
			load_size = num(optarg);
			break;
		case 'i':
			initrd = optarg;
			break;
		case 'c':
			cmdline = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!out || !kernel || optind != argc)
		goto usage;
	k = read_file(kernel, &ksize);
	if (initrd)
		i = read_file(initrd, &isize);
	csize = strlen(cmdline);
	if (csize >= CMDLINE_MAX) {
		fprintf(stderr, "lguest-mkimage: command line longer than %d bytes\n",
			CMDLINE_MAX - 1);
		return 1;
	}
	if (!entry)
		entry = load;
	if (load_size < ksize)
		load_size = ksize;

	total = sizeof(h) + ksize + isize + csize;
	img = calloc(1, total);
	if (!img)
		return 1;
	off = sizeof(h);
	h.magic = htole32(LGUEST_IMAGE_MAGIC);
	h.version = htole16(LGUEST_IMAGE_VERSION);
	h.header_size = htole16(sizeof(h));
	h.load_addr = htole64(load);
	h.load_size = htole64(load_size);
	h.entry = htole64(entry);
	h.kernel_offset = htole64(off);
	h.kernel_size = htole64(ksize);
	memcpy(img + off, k, ksize);
	off += ksize;
	if (isize) {
		h.initrd_offset = htole64(off);
		h.initrd_size = htole64(isize);
		memcpy(img + off, i, isize);
		off += isize;
	}
	if (csize) {
		h.cmdline_offset = htole64(off);
		h.cmdline_size = htole64(csize);
		memcpy(img + off, cmdline, csize);
	}
	memcpy(img, &h, sizeof(h));
	h.checksum = htole32(image_crc(img, total));
	memcpy(img, &h, sizeof(h));

	f = fopen(out, "wb");
	if (!f || fwrite(img, 1, total, f) != total || fclose(f)) {
		fprintf(stderr, "lguest-mkimage: %s: %s\n", out, strerror(errno));
		return 1;
	}
	return check(out) ? 1 : 0;

usage:
	fprintf(stderr,
		"usage: lguest-mkimage -o OUT -k KERNEL [-l LOAD] [-e ENTRY] [-s LOAD_SIZE]\n"
		"                      [-i INITRD] [-c CMDLINE]\n"
		"       lguest-mkimage --check IMAGE\n"
		"       lguest-mkimage --extract BZIMAGE -o OUT\n");
	return 2;
}
