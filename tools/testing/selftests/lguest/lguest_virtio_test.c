// SPDX-License-Identifier: GPL-2.0
/*
 * Virtio devices: their configfs directories and refusals; a raw-ring
 * driver that breaks every rule against a disk (the host stays clean,
 * the file is not extended); and Debian's own kernel using a disk, a
 * read-only disk and an entropy device with its stock drivers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 900

#define KERNEL		"lguest/vmlinuz-6.1.0-amd64"
#define INITRD		"lguest/initrd.cpio.gz"
#define CMDLINE		"console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 lgtest="
#define TIMEOUT		300

static void need_host(struct __test_metadata *_metadata)
{
	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
}

static void expect_state(struct __test_metadata *_metadata, const char *name,
			 const char *want)
{
	char buf[512];

	ASSERT_LE(0, lg_attr_get(name, "state", buf, sizeof(buf)));
	EXPECT_EQ(0, strncmp(buf, want, strlen(want)))
		TH_LOG("state \"%s\", want \"%s...\"", buf, want);
}

/* The number after "@key " in a device's stats. */
static long long dev_stat(const char *guest, const char *dev, const char *key)
{
	char attr[128], buf[1024], *p;
	size_t len = strlen(key);

	snprintf(attr, sizeof(attr), "%s/stats", dev);
	if (lg_attr_get(guest, attr, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; (p = strstr(p, key)); p += len)
		if ((p == buf || p[-1] == '\n') && p[len] == ' ')
			return atoll(p + len + 1);
	return -1;
}

/* A file of @size bytes: zeros, or xorshift from @seed. */
static int make_file(const char *path, off_t size, uint64_t seed)
{
	static uint64_t buf[8192];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	off_t done = 0;

	if (fd < 0)
		return -errno;
	while (done < size) {
		size_t n = size - done < (off_t)sizeof(buf) ? (size_t)(size - done) : sizeof(buf);
		unsigned int i;

		for (i = 0; i < n / 8 + 1 && i < 8192; i++) {
			if (seed) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
			}
			buf[i] = seed;
		}
		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return -EIO;
		}
		done += n;
	}
	close(fd);
	return 0;
}

static int same_file(const char *a, const char *b)
{
	static char ba[65536], bb[65536];
	int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY), same = fa >= 0 && fb >= 0;
	ssize_t na, nb;

	while (same) {
		na = read(fa, ba, sizeof(ba));
		nb = read(fb, bb, sizeof(bb));
		if (na != nb || na < 0 || memcmp(ba, bb, na))
			same = 0;
		if (na <= 0)
			break;
	}
	close(fa);
	close(fb);
	return same;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

TEST(device_directories_and_refusals)
{
	char buf[256], name[32];
	int i;

	need_host(_metadata);
	lg_guest_rmdir("vd");
	ASSERT_EQ(0, lg_guest_mkdir("vd"));
	ASSERT_EQ(0, lg_attr_set("vd", "kernel", "lguest/hello.elf"));
	EXPECT_EQ(0, lg_dev_mkdir("vd", "disks", "vda"));
	EXPECT_EQ(0, lg_dev_mkdir("vd", "rngs", "rng0"));
	EXPECT_EQ(-EINVAL, lg_dev_mkdir("vd", "disks", "a.b"));
	EXPECT_EQ(-EINVAL, lg_dev_mkdir("vd", "disks", "0123456789abcdef0123456789abcdef"));
	for (i = 1; i < 8; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		EXPECT_EQ(i < 7 ? 0 : -ENOSPC, lg_dev_mkdir("vd", "disks", name));
	}
	EXPECT_EQ(0, lg_dev_rmdir("vd", "disks", "d6"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "disks/vda/path", "relative/path"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "disks/vda/path", "\n"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "disks/vda/read_only", "maybe"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "disks/vda/serial", "123456789012345678901"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "disks/vda/serial", "two words"));
	EXPECT_EQ(-EINVAL, lg_attr_set("vd", "rngs/rng0/rate", "0"));
	EXPECT_EQ(0, lg_attr_set("vd", "rngs/rng0/rate", "1000"));
	EXPECT_EQ(0, lg_attr_set("vd", "disks/vda/serial", "SER-1"));
	EXPECT_EQ(0, lg_attr_get("vd", "disks/vda/serial", buf, sizeof(buf)) < 0);
	EXPECT_STREQ("SER-1", buf);

	/* A disk without a path, one that does not open, one that is a directory. */
	for (i = 1; i < 6; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		lg_dev_rmdir("vd", "disks", name);
	}
	EXPECT_NE(0, lg_stub_run((const char *const[]){ LG_STUB, "vd", NULL }, 60, NULL));
	expect_state(_metadata, "vd", "defined: disks/vda: no path set");
	EXPECT_EQ(0, lg_attr_set("vd", "disks/vda/path", "/nonexistent/disk.img"));
	EXPECT_NE(0, lg_stub_run((const char *const[]){ LG_STUB, "vd", NULL }, 60, NULL));
	expect_state(_metadata, "vd",
		     "defined: disks/vda: cannot open /nonexistent/disk.img (error -2)");
	EXPECT_EQ(0, lg_attr_set("vd", "disks/vda/path", "/tmp"));
	EXPECT_NE(0, lg_stub_run((const char *const[]){ LG_STUB, "vd", NULL }, 60, NULL));
	expect_state(_metadata, "vd",
		     "defined: disks/vda: /tmp is a directory, not a file or a block device");
	/* A guest with devices cannot go; without them it can. */
	EXPECT_EQ(-ENOTEMPTY, rmdir(LG_CONFIGFS "/vd") ? -errno : 0);
	EXPECT_EQ(0, lg_guest_rmdir("vd"));
}

/* While a stub is attached nothing about the devices changes. */
TEST(devices_are_fixed_while_attached)
{
	const char *const argv[] = { LG_STUB, "vs", NULL };
	struct lg_stub s;

	need_host(_metadata);
	lg_guest_rmdir("vs");
	ASSERT_EQ(0, lg_guest_mkdir("vs"));
	ASSERT_EQ(0, lg_attr_set("vs", "kernel", "lguest/spin.elf"));
	ASSERT_EQ(0, make_file("/tmp/vs.img", 1 << 20, 0));
	ASSERT_EQ(0, lg_dev_mkdir("vs", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("vs", "disks/vda/path", "/tmp/vs.img"));
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	ASSERT_TRUE(lg_stub_wait_output(&s, "spinning", 60));
	EXPECT_EQ(-EBUSY, lg_attr_set("vs", "disks/vda/path", "/tmp/other.img"));
	EXPECT_EQ(-EBUSY, lg_attr_set("vs", "disks/vda/read_only", "1"));
	EXPECT_EQ(-EBUSY, lg_dev_mkdir("vs", "disks", "vdb"));
	EXPECT_EQ(-EBUSY, lg_dev_rmdir("vs", "disks", "vda"));
	kill(s.pid, SIGTERM);
	lg_stub_finish(&s, 60);
	lg_stub_free(&s);
	/* Detached: the device can go. */
	EXPECT_EQ(0, lg_dev_rmdir("vs", "disks", "vda"));
	EXPECT_EQ(0, lg_guest_rmdir("vs"));
	unlink("/tmp/vs.img");
}

/*
 * A raw-ring driver (guests/vblk.c) against a disk whose size is not a
 * whole number of sectors: every malformed request is refused, every
 * malformed ring leaves the device needing a reset, the guest finishes,
 * the file keeps its size and holds what the good writes wrote.
 */
TEST(hostile_ring_driver)
{
	const off_t size = (1 << 20) + 100;
	char *out = NULL, buf[512], *log;
	int fd, i, ok = 1;

	need_host(_metadata);
	lg_guest_rmdir("vh");
	ASSERT_EQ(0, lg_guest_mkdir("vh"));
	ASSERT_EQ(0, lg_attr_set("vh", "kernel", "lguest/vblk.elf"));
	ASSERT_EQ(0, lg_attr_set("vh", "memory", "64M"));
	ASSERT_EQ(0, make_file("/tmp/vh.img", size, 0));
	ASSERT_EQ(0, lg_dev_mkdir("vh", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("vh", "disks/vda/path", "/tmp/vh.img"));
	ASSERT_EQ(0, lg_attr_set("vh", "disks/vda/serial", "LGSERIAL1"));
	lg_kmsg_clear();
	EXPECT_EQ(0, lg_stub_run((const char *const[]){ LG_STUB, "vh", NULL }, TIMEOUT, &out));
	EXPECT_TRUE(out && strstr(out, "result ok")) TH_LOG("%s", out);
	expect_state(_metadata, "vh", "stopped: guest shutdown");
	free(out);

	EXPECT_EQ(size, file_size("/tmp/vh.img"));
	fd = open("/tmp/vh.img", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(512, pread(fd, buf, 512, 512));
	for (i = 0; i < 512; i++)
		ok &= buf[i] == 'L';
	EXPECT_TRUE(ok) TH_LOG("sector 1 does not hold the guest's write");
	ASSERT_EQ(512, pread(fd, buf, 512, 1024));
	EXPECT_EQ('K', buf[0]);
	close(fd);

	EXPECT_EQ(2048, dev_stat("vh", "disks/vda", "capacity_sectors"));
	EXPECT_LE(6, dev_stat("vh", "disks/vda", "errors"));
	EXPECT_LE(12, dev_stat("vh", "disks/vda", "requests"));
	EXPECT_LE(12, dev_stat("vh", "disks/vda", "notifies"));
	EXPECT_EQ(0, dev_stat("vh", "disks/vda", "inflight_max"));
	log = lg_kmsg_read();
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "the last 100 are not used")) TH_LOG("%s", log);
	EXPECT_NE(NULL, strstr(log, "disks/vda: queue 0: buffer outside guest RAM"));
	EXPECT_NE(NULL, strstr(log, "disks/vda: queue 0: descriptor chain loops"));
	EXPECT_EQ(NULL, strstr(log, "BUG:")) TH_LOG("%s", log);
	EXPECT_EQ(NULL, strstr(log, "WARNING:")) TH_LOG("%s", log);
	free(log);
	EXPECT_EQ(0, lg_guest_rmdir("vh"));
	unlink("/tmp/vh.img");
}

static void define_stock(struct __test_metadata *_metadata, const char *name,
			 const char *lgtest)
{
	char cmdline[256];

	lg_guest_rmdir(name);
	ASSERT_EQ(0, lg_guest_mkdir(name));
	ASSERT_EQ(0, lg_attr_set(name, "memory", "256M"));
	ASSERT_EQ(0, lg_attr_set(name, "kernel", KERNEL));
	ASSERT_EQ(0, lg_attr_set(name, "initrd", INITRD));
	snprintf(cmdline, sizeof(cmdline), CMDLINE "%s", lgtest);
	ASSERT_EQ(0, lg_attr_set(name, "cmdline", cmdline));
}

/*
 * Debian's virtio_rng on rng0 with "lgtest=@lgtest": 4 KiB read from
 * /dev/hwrng, each by interrupt; the guest's console output in *@out.
 */
static void read_hwrng(struct __test_metadata *_metadata, const char *name,
		       const char *lgtest, char **out)
{
	need_host(_metadata);
	define_stock(_metadata, name, lgtest);
	ASSERT_EQ(0, lg_dev_mkdir(name, "rngs", "rng0"));
	EXPECT_EQ(0, lg_stub_run((const char *const[]){ LG_STUB, name, NULL }, TIMEOUT, out));
	EXPECT_TRUE(*out && strstr(*out, "RNG-CURRENT virtio_rng.0")) TH_LOG("%s", *out);
	EXPECT_TRUE(*out && strstr(*out, "RNG-BYTES 4096")) TH_LOG("%s", *out);
	expect_state(_metadata, name, "stopped: poweroff");
	EXPECT_LE(4096, dev_stat(name, "rngs/rng0", "bytes"));
	EXPECT_LE(1, dev_stat(name, "rngs/rng0", "interrupts"));
}

TEST(stock_kernel_reads_hwrng)
{
	char *out = NULL;

	read_hwrng(_metadata, "vr", "rng", &out);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("vr"));
}

/*
 * The same with "noapic": the device's interrupt (GSI 5, the first
 * device's) reaches the guest through the 8259s, raised by the device's
 * worker on another CPU; virtio-rng waits for it, so without it no bytes.
 * (The 8259s' mask is no witness afterwards: Linux masks them all on
 * its way to poweroff.)
 */
TEST(stock_kernel_reads_hwrng_through_the_8259s)
{
	char *out = NULL;

	read_hwrng(_metadata, "vp", "rng noapic", &out);
	EXPECT_TRUE(out && strstr(out, "Using PIC for interrupt routing")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("vp"));
}

/* The first free loop device, now backed by @file, in @dev; false if none. */
static bool loop_attach(const char *file, char *dev, size_t len)
{
	char cmd[160];
	FILE *p;

	system("modprobe loop 2>/dev/null");
	p = popen("losetup -f", "r");
	if (!p)
		return false;
	if (!fgets(dev, len, p))
		dev[0] = '\0';
	pclose(p);
	dev[strcspn(dev, "\n")] = '\0';
	if (strncmp(dev, "/dev/loop", 9))
		return false;
	snprintf(cmd, sizeof(cmd), "losetup %s %s", dev, file);
	return !system(cmd);
}

static void loop_detach(const char *dev)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "losetup -d %s", dev);
	system(cmd);
}

/*
 * Debian's virtio_blk: vda (read-write) and vdb (read-only) probe in the
 * order of their names; 64 MiB copied from vdb to vda land in vda's
 * backing byte for byte; vdb cannot be written and stays as it was.  On
 * files (file I/O) or, with @loop, on loop devices over them (bios, more
 * than one request in flight).
 */
static void copy_disk(struct __test_metadata *_metadata, bool loop)
{
	const off_t size = 64 << 20;
	char *out = NULL, src[64] = "/tmp/vc-src.img", dst[64] = "/tmp/vc-dst.img";

	need_host(_metadata);
	define_stock(_metadata, "vc", "blkcopy");
	ASSERT_EQ(0, make_file("/tmp/vc-src.img", size, 0x1234567));
	ASSERT_EQ(0, make_file("/tmp/vc-ref.img", size, 0x1234567));
	ASSERT_EQ(0, make_file("/tmp/vc-dst.img", size, 0));
	if (loop && !loop_attach("/tmp/vc-src.img", src, sizeof(src)))
		SKIP(return, "no loop device");
	if (loop && !loop_attach("/tmp/vc-dst.img", dst, sizeof(dst))) {
		loop_detach(src);
		SKIP(return, "no second loop device");
	}
	ASSERT_EQ(0, lg_dev_mkdir("vc", "disks", "vdb"));
	ASSERT_EQ(0, lg_dev_mkdir("vc", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("vc", "disks/vda/path", dst));
	ASSERT_EQ(0, lg_attr_set("vc", "disks/vda/serial", "LG-DISK-A"));
	ASSERT_EQ(0, lg_attr_set("vc", "disks/vdb/path", src));
	ASSERT_EQ(0, lg_attr_set("vc", "disks/vdb/read_only", "1"));
	EXPECT_EQ(0, lg_stub_run((const char *const[]){ LG_STUB, "vc", NULL }, 2 * TIMEOUT,
				 &out));
	expect_state(_metadata, "vc", "stopped: poweroff");
	if (out && strstr(out, "BLK-TIME"))
		TH_LOG("%.200s", strstr(out, "BLK-TIME"));

	EXPECT_TRUE(out && strstr(out, "BLK-RO 0 1")) TH_LOG("%s", out);
	EXPECT_TRUE(out && strstr(out, "BLK-SIZE 131072 131072")) TH_LOG("%s", out);
	EXPECT_TRUE(out && strstr(out, "BLK-SERIAL LG-DISK-A")) TH_LOG("%s", out);
	EXPECT_TRUE(out && strstr(out, "BLK-COPY-OK")) TH_LOG("%s", out);
	EXPECT_FALSE(out && strstr(out, "BLK-RO-WRITE 0")) TH_LOG("%s", out);
	EXPECT_LE(size, dev_stat("vc", "disks/vda", "bytes"));
	EXPECT_LE(1, dev_stat("vc", "disks/vda", "interrupts"));
	EXPECT_EQ(0, dev_stat("vc", "disks/vda", "errors"));
	/* Bios on a block device finish after their request returns; file I/O does not. */
	EXPECT_EQ(loop, dev_stat("vc", "disks/vda", "inflight_max") >= 1);
	EXPECT_EQ(loop, dev_stat("vc", "disks/vdb", "inflight_max") >= 1);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("vc"));
	if (loop) {
		loop_detach(src);
		loop_detach(dst);
	}
	EXPECT_TRUE(same_file("/tmp/vc-dst.img", "/tmp/vc-ref.img"));
	EXPECT_TRUE(same_file("/tmp/vc-src.img", "/tmp/vc-ref.img"));
	EXPECT_EQ(size, file_size("/tmp/vc-dst.img"));
	unlink("/tmp/vc-src.img");
	unlink("/tmp/vc-ref.img");
	unlink("/tmp/vc-dst.img");
}

TEST(stock_kernel_copies_a_disk)
{
	copy_disk(_metadata, false);
}

TEST(stock_kernel_copies_a_loop_device)
{
	copy_disk(_metadata, true);
}

/* Does chunk @i of @fd hold "block-<i>\n" over and over, as the guest wrote? */
static int chunk_ok(int fd, int i)
{
	static char want[262144], got[262144];
	char line[32];
	size_t n = 0, len = snprintf(line, sizeof(line), "block-%d\n", i);

	while (n < sizeof(want)) {
		size_t k = sizeof(want) - n < len ? sizeof(want) - n : len;

		memcpy(want + n, line, k);
		n += k;
	}
	return pread(fd, got, sizeof(got), (off_t)i * sizeof(got)) == sizeof(got) &&
	       !memcmp(got, want, sizeof(got));
}

/*
 * The stub is SIGKILLed while the guest writes and flushes: every chunk
 * the guest reported flushed before the kill is in the file, whole.
 */
TEST(stub_killed_while_writing_loses_no_flushed_write)
{
	const char *const argv[] = { LG_STUB, "vk", NULL };
	struct lg_stub s;
	int fd, i, last = -1;
	char key[32];

	need_host(_metadata);
	define_stock(_metadata, "vk", "blkflush");
	ASSERT_EQ(0, make_file("/tmp/vk.img", 64 << 20, 0));
	ASSERT_EQ(0, lg_dev_mkdir("vk", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("vk", "disks/vda/path", "/tmp/vk.img"));
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	/* The guest's tty ends its lines with CR LF. */
	ASSERT_TRUE(lg_stub_wait_output(&s, "FLUSHED 12\r", TIMEOUT)) TH_LOG("%s", s.out);
	kill(s.pid, SIGKILL);
	lg_stub_finish(&s, TIMEOUT);
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "FLUSHED %d\r", i);
		if (strstr(s.out, key))
			last = i;
	}
	lg_stub_free(&s);
	EXPECT_LE(12, last);
	expect_state(_metadata, "vk", "stopped: stub");
	fd = open("/tmp/vk.img", O_RDONLY);
	ASSERT_LE(0, fd);
	for (i = 0; i <= last; i++)
		EXPECT_TRUE(chunk_ok(fd, i)) TH_LOG("chunk %d of %d", i, last);
	close(fd);
	EXPECT_EQ(64 << 20, file_size("/tmp/vk.img"));
	EXPECT_EQ(0, lg_guest_rmdir("vk"));
	unlink("/tmp/vk.img");
}

/*
 * A loop device as the disk: the same hostile driver, through bios on
 * the block layer, with eight requests in flight at once.
 */
TEST(loop_device_as_disk)
{
	char dev[64] = "", *out = NULL, buf[512], *log;
	int fd;

	need_host(_metadata);
	ASSERT_EQ(0, make_file("/tmp/lp.img", 1 << 20, 0));
	if (!loop_attach("/tmp/lp.img", dev, sizeof(dev)))
		SKIP(return, "no loop device");
	lg_guest_rmdir("vl");
	ASSERT_EQ(0, lg_guest_mkdir("vl"));
	ASSERT_EQ(0, lg_attr_set("vl", "kernel", "lguest/vblk.elf"));
	ASSERT_EQ(0, lg_attr_set("vl", "memory", "64M"));
	ASSERT_EQ(0, lg_dev_mkdir("vl", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("vl", "disks/vda/path", dev));
	ASSERT_EQ(0, lg_attr_set("vl", "disks/vda/serial", "LGLOOP"));
	lg_kmsg_clear();
	EXPECT_EQ(0, lg_stub_run((const char *const[]){ LG_STUB, "vl", NULL }, TIMEOUT, &out));
	EXPECT_TRUE(out && strstr(out, "result ok")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(2048, dev_stat("vl", "disks/vda", "capacity_sectors"));
	EXPECT_LE(6, dev_stat("vl", "disks/vda", "errors"));
	/* The eight reads made available at once were all in flight together. */
	EXPECT_LE(8, dev_stat("vl", "disks/vda", "inflight_max"));
	log = lg_kmsg_read();
	ASSERT_NE(NULL, log);
	EXPECT_EQ(NULL, strstr(log, "BUG:")) TH_LOG("%s", log);
	EXPECT_EQ(NULL, strstr(log, "WARNING:")) TH_LOG("%s", log);
	free(log);
	EXPECT_EQ(0, lg_guest_rmdir("vl"));
	loop_detach(dev);
	fd = open("/tmp/lp.img", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(512, pread(fd, buf, 512, 512));
	EXPECT_EQ('L', buf[0]);
	EXPECT_EQ('L', buf[511]);
	ASSERT_EQ(512, pread(fd, buf, 512, 1024));
	EXPECT_EQ('K', buf[0]);
	close(fd);
	EXPECT_EQ(1 << 20, file_size("/tmp/lp.img"));
	unlink("/tmp/lp.img");
}

/*
 * hvc0 shares the console stream: a line the guest writes to it reaches
 * the stub's output, and a line written to the stub's stdin reaches a
 * reader of hvc0.  One console per guest.
 */
TEST(stock_kernel_hvc0_round_trip)
{
	const char *const argv[] = { LG_STUB, "vt", NULL };
	struct lg_stub s;
	int in;

	need_host(_metadata);
	define_stock(_metadata, "vt", "hvc");
	ASSERT_EQ(0, lg_dev_mkdir("vt", "consoles", "con0"));
	EXPECT_EQ(-ENOSPC, lg_dev_mkdir("vt", "consoles", "con1"));
	ASSERT_EQ(0, lg_stub_start_in(&s, argv, &in));
	EXPECT_TRUE(lg_stub_wait_output(&s, "HVC-WAITING", TIMEOUT)) TH_LOG("%s", s.out);
	EXPECT_NE(NULL, strstr(s.out, "HVC-OUT hello through hvc0")) TH_LOG("%s", s.out);
	ASSERT_EQ(8, write(in, "ping-42\n", 8));
	EXPECT_TRUE(lg_stub_wait_output(&s, "HVC-READ ping-42", TIMEOUT)) TH_LOG("%s", s.out);
	EXPECT_EQ(0, lg_stub_finish(&s, TIMEOUT));
	close(in);
	lg_stub_free(&s);
	expect_state(_metadata, "vt", "stopped: poweroff");
	EXPECT_LE(8, dev_stat("vt", "consoles/con0", "bytes"));
	EXPECT_LE(1, dev_stat("vt", "consoles/con0", "interrupts"));
	EXPECT_EQ(0, lg_guest_rmdir("vt"));
}

TEST_HARNESS_MAIN
