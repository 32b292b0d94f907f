// SPDX-License-Identifier: GPL-2.0
/*
 * lguest-mkimage: pack a flat kernel (plus an optional initrd and default
 * command line) into one lguest image for the firmware loader, or check
 * one with the same rules the module applies.
 *
 *   lguest-mkimage -o OUT -k KERNEL [-l LOAD] [-e ENTRY] [-s LOAD_SIZE]
 *                  [-i INITRD] [-c CMDLINE]
 *   lguest-mkimage --check IMAGE
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/lguest.h>

#define CMDLINE_MAX	2048

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
		"       lguest-mkimage --check IMAGE\n");
	return 2;
}
