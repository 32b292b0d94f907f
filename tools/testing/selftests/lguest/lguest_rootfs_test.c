// SPDX-License-Identifier: GPL-2.0
/*
 * A real root filesystem: make rootfs's Debian 12 image, attached to the
 * test VM as its /dev/vda (scripts/lguest-vm --rootfs), is a guest's
 * disks/vda; Debian's kernel mounts it through virtio-blk, sysvinit
 * starts, and a login prompt appears on hvc0.  Root logs in through the
 * stub's stdin and powers the guest off.  Skipped when the VM has no
 * such disk (check.sh attaches it when the image is in the cache).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 900
#define TIMEOUT		600

TEST(debian_rootfs_boots_to_a_login_on_hvc0)
{
	const char *const argv[] = { LG_STUB, "debian", NULL };
	char label[64] = "";
	struct lg_stub s;
	struct stat st;
	int in;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	if (stat("/dev/vda", &st) || !S_ISBLK(st.st_mode) ||
	    lg_read_file("/sys/block/vda/size", label, sizeof(label)) <= 0)
		SKIP(return, "no root filesystem image attached (make rootfs)");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	lg_guest_rmdir("debian");
	ASSERT_EQ(0, lg_guest_mkdir("debian"));
	ASSERT_EQ(0, lg_attr_set("debian", "memory", "512M"));
	ASSERT_EQ(0, lg_attr_set("debian", "kernel", "lguest/vmlinuz-6.1.0-amd64"));
	ASSERT_EQ(0, lg_attr_set("debian", "initrd", "lguest/initrd.cpio.gz"));
	ASSERT_EQ(0, lg_attr_set("debian", "cmdline",
				 "console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 root=/dev/vda"));
	ASSERT_EQ(0, lg_dev_mkdir("debian", "disks", "vda"));
	ASSERT_EQ(0, lg_attr_set("debian", "disks/vda/path", "/dev/vda"));
	ASSERT_EQ(0, lg_dev_mkdir("debian", "consoles", "con0"));
	ASSERT_EQ(0, lg_dev_mkdir("debian", "rngs", "rng0"));

	ASSERT_EQ(0, lg_stub_start_in(&s, argv, &in));
	ASSERT_TRUE(lg_stub_wait_output(&s, "lguest login:", TIMEOUT)) TH_LOG("%s", s.out);
	sleep(1);
	ASSERT_EQ(5, write(in, "root\n", 5));
	ASSERT_TRUE(lg_stub_wait_output(&s, "root@lguest", 120)) TH_LOG("%s", s.out);
	dprintf(in, "echo DEBIAN-$(cat /etc/debian_version | cut -c1-2)-$(id -u); poweroff\n");
	EXPECT_TRUE(lg_stub_wait_output(&s, "DEBIAN-12-0", 120)) TH_LOG("%s", s.out);
	EXPECT_EQ(0, lg_stub_finish(&s, TIMEOUT));
	close(in);
	EXPECT_NE(NULL, strstr(s.out, "EXT4-fs (vda): mounted")) TH_LOG("%s", s.out);
	lg_stub_free(&s);
	{
		char state[256];

		ASSERT_LT(0, lg_attr_get("debian", "state", state, sizeof(state)));
		EXPECT_STREQ("stopped: poweroff", state);
	}
	EXPECT_EQ(0, lg_guest_rmdir("debian"));
}

TEST_HARNESS_MAIN
