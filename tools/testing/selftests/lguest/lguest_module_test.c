// SPDX-License-Identifier: GPL-2.0
/*
 * The module's lifecycle as a user sees it: loading makes the configfs
 * tree and /dev/lguest appear, unloading removes both, a defined guest
 * pins the module.  lguest_nosvm_test.c covers a CPU that cannot host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/lguest.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

TEST(loaded_interfaces_exist)
{
	struct stat st;
	int fd;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU without SVM/NPT: the module cannot load");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	ASSERT_EQ(0, stat(LG_CONFIGFS, &st)) TH_LOG("%s: %s", LG_CONFIGFS, strerror(errno));
	ASSERT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(0, stat(LG_DEV, &st)) TH_LOG("%s: %s", LG_DEV, strerror(errno));
	ASSERT_TRUE(S_ISCHR(st.st_mode));

	fd = open(LG_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", LG_DEV, strerror(errno));
	EXPECT_EQ(LGUEST_API_VERSION, ioctl(fd, LGUEST_GET_API_VERSION));
	EXPECT_EQ(-1, ioctl(fd, _IO(LGUEST_IOCTL_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST(unload_removes_everything_and_reload_restores)
{
	if (!lg_cpu_can_host())
		SKIP(return, "CPU without SVM/NPT: the module cannot load");
	ASSERT_EQ(0, lg_module_ensure_loaded());

	ASSERT_EQ(0, lg_module_unload()) TH_LOG("rmmod lguest: %s", strerror(errno));
	EXPECT_FALSE(lg_path_exists(LG_CONFIGFS));
	EXPECT_FALSE(lg_path_exists(LG_DEV));
	EXPECT_FALSE(lg_path_exists("/sys/module/lguest"));

	ASSERT_EQ(0, lg_module_load()) TH_LOG("insmod lguest: %s", strerror(errno));
	EXPECT_TRUE(lg_path_exists(LG_CONFIGFS));
	EXPECT_TRUE(lg_path_exists(LG_DEV));
}

TEST(defined_guest_pins_module)
{
	if (!lg_cpu_can_host())
		SKIP(return, "CPU without SVM/NPT: the module cannot load");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	ASSERT_EQ(0, mkdir(LG_CONFIGFS "/pin", 0755)) TH_LOG("mkdir: %s", strerror(errno));

	/* configfs holds a module reference for each directory. */
	EXPECT_EQ(-1, lg_module_unload());
	EXPECT_EQ(EWOULDBLOCK, errno);
	EXPECT_TRUE(lg_path_exists(LG_DEV));

	ASSERT_EQ(0, rmdir(LG_CONFIGFS "/pin")) TH_LOG("rmdir: %s", strerror(errno));
	ASSERT_EQ(0, lg_module_unload()) TH_LOG("rmmod: %s", strerror(errno));
	ASSERT_EQ(0, lg_module_load()) TH_LOG("insmod: %s", strerror(errno));
}

TEST_HARNESS_MAIN
