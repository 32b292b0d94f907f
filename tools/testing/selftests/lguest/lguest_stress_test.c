// SPDX-License-Identifier: GPL-2.0
/*
 * Many lifetimes: 1000 create, run, destroy cycles must not leak memory
 * (MemFree and unreclaimable slab are compared after a warm-up), and
 * guests run while kvm_amd is loaded and running a KVM guest of its own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

/* Guests run under TCG here: whole boots, not milliseconds. */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 600

#define CYCLES		1000
#define WARMUP		20
#define TIMEOUT		120

static int cycle(int i)
{
	const char *const argv[] = { LG_STUB, "cyc", NULL };
	char *out = NULL;
	int rc;

	if (lg_guest_mkdir("cyc") || lg_attr_set("cyc", "memory", "8M") ||
	    lg_attr_set("cyc", "kernel", (i & 1) ? "lguest/hello.img" : "lguest/hello.elf"))
		return -1;
	rc = lg_stub_run(argv, TIMEOUT, &out);
	if (rc || !out || !strstr(out, "Hello from an lguest guest!"))
		rc = -1;
	free(out);
	if (lg_guest_rmdir("cyc"))
		return -1;
	return rc;
}

static void flush_page_cache(void)
{
	sync();
	lg_write_file("/proc/sys/vm/drop_caches", "3");
}

TEST(create_run_destroy_1000_times_without_leaks)
{
	long free0, slab0, free1, slab1;
	int i;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	lg_guest_rmdir("cyc");
	for (i = 0; i < WARMUP; i++)
		ASSERT_EQ(0, cycle(i)) TH_LOG("warm-up cycle %d", i);
	flush_page_cache();
	free0 = lg_meminfo("MemFree");
	slab0 = lg_meminfo("SUnreclaim");
	for (i = 0; i < CYCLES; i++)
		ASSERT_EQ(0, cycle(i)) TH_LOG("cycle %d", i);
	flush_page_cache();
	free1 = lg_meminfo("MemFree");
	slab1 = lg_meminfo("SUnreclaim");
	TH_LOG("MemFree %ld -> %ld kB, SUnreclaim %ld -> %ld kB", free0, free1,
	       slab0, slab1);
	/*
	 * A leaked guest would cost at least its pinned pages, tables and
	 * VMCB pages: 1000 of them well over 8 MB.  Allow 2 MB of noise.
	 */
	EXPECT_LT(free0 - free1, 2048);
	EXPECT_LT(slab1 - slab0, 1024);
}

TEST(coexists_with_kvm_amd)
{
	const char *const argv[] = { LG_STUB, "16M", "lguest/hello.elf", NULL };
	char *out;
	int rc;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	ASSERT_EQ(0, system("modprobe kvm_amd"));
	ASSERT_TRUE(lg_path_exists("/dev/kvm"));

	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "Hello from an lguest guest!")) TH_LOG("%s", out);
	free(out);

	/* KVM runs the same guest image; then lguest again, interleaved. */
	rc = system("lguest-kvm-run " LG_FW_DIR "/hello.elf > /tmp/kvm.out");
	EXPECT_EQ(0, rc);
	EXPECT_EQ(0, system("grep -q 'Hello from an lguest guest!' /tmp/kvm.out"));

	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "Hello from an lguest guest!")) TH_LOG("%s", out);
	free(out);

	EXPECT_EQ(0, system("modprobe -r kvm_amd"));
	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	free(out);
}

TEST_HARNESS_MAIN
