// SPDX-License-Identifier: GPL-2.0
/*
 * configfs as a user sees it: defaults, every attribute's good and bad
 * values with the errno each bad one must give, and one log line naming
 * the attribute for each refusal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

#define G "cfg"

FIXTURE(guest) {};

FIXTURE_SETUP(guest)
{
	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	lg_guest_rmdir(G);
	ASSERT_EQ(0, lg_guest_mkdir(G));
}

FIXTURE_TEARDOWN(guest)
{
	lg_guest_rmdir(G);
}

static void expect_attr(struct __test_metadata *_metadata, const char *attr,
			const char *want)
{
	char buf[4096];

	ASSERT_LE(0, lg_attr_get(G, attr, buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
}

/* A refused write returns @err and logs "<guest>: <attr>: ...". */
static void expect_refused(struct __test_metadata *_metadata, const char *attr,
			   const char *val, int err)
{
	char needle[64];
	char *log;

	lg_kmsg_clear();
	EXPECT_EQ(-err, lg_attr_set(G, attr, val))
		TH_LOG("%s <- \"%.40s\"", attr, val);
	snprintf(needle, sizeof(needle), G ": %s: ", attr);
	log = lg_kmsg_read();
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, needle)) TH_LOG("no \"%s\" in the log", needle);
	free(log);
}

TEST_F(guest, defaults)
{
	expect_attr(_metadata, "memory", "67108864");
	expect_attr(_metadata, "vcpus", "1");
	expect_attr(_metadata, "kernel", "");
	expect_attr(_metadata, "initrd", "");
	expect_attr(_metadata, "cmdline", "");
	expect_attr(_metadata, "state", "defined");
	expect_attr(_metadata, "console", "none");
}

TEST_F(guest, memory)
{
	EXPECT_EQ(0, lg_attr_set(G, "memory", "128M\n"));
	expect_attr(_metadata, "memory", "134217728");
	EXPECT_EQ(0, lg_attr_set(G, "memory", "2M"));
	expect_attr(_metadata, "memory", "2097152");
	EXPECT_EQ(0, lg_attr_set(G, "memory", "64G"));
	expect_attr(_metadata, "memory", "68719476736");

	expect_refused(_metadata, "memory", "lots", EINVAL);
	expect_refused(_metadata, "memory", "\n", EINVAL);
	expect_refused(_metadata, "memory", "-1", EINVAL);
	expect_refused(_metadata, "memory", "1M", ERANGE);
	expect_refused(_metadata, "memory", "65G", ERANGE);
	expect_refused(_metadata, "memory", "99999999999999999999999", ERANGE);
	expect_refused(_metadata, "memory", "17179869184G", ERANGE);
	expect_refused(_metadata, "memory", "2097153", EINVAL);
	/* Refusals leave the old value. */
	expect_attr(_metadata, "memory", "68719476736");
}

TEST_F(guest, kernel_and_initrd)
{
	char longname[300];

	EXPECT_EQ(0, lg_attr_set(G, "kernel", "lguest/hello.elf\n"));
	expect_attr(_metadata, "kernel", "lguest/hello.elf");
	expect_refused(_metadata, "kernel", "/etc/shadow", EINVAL);
	expect_refused(_metadata, "kernel", "../../etc/shadow", EINVAL);
	expect_refused(_metadata, "kernel", "lguest/../x", EINVAL);
	expect_refused(_metadata, "kernel", "a b", EINVAL);
	expect_refused(_metadata, "kernel", "\n", EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	expect_refused(_metadata, "kernel", longname, ENAMETOOLONG);
	expect_attr(_metadata, "kernel", "lguest/hello.elf");

	EXPECT_EQ(0, lg_attr_set(G, "initrd", "lguest/initrd.cpio"));
	expect_attr(_metadata, "initrd", "lguest/initrd.cpio");
	expect_refused(_metadata, "initrd", "../initrd", EINVAL);
	EXPECT_EQ(0, lg_attr_set(G, "initrd", "\n"));
	expect_attr(_metadata, "initrd", "");
}

TEST_F(guest, cmdline)
{
	char *big = malloc(2100);

	EXPECT_EQ(0, lg_attr_set(G, "cmdline", "quiet x=1\n"));
	expect_attr(_metadata, "cmdline", "quiet x=1");
	memset(big, 'x', 2047);
	big[2047] = '\0';
	EXPECT_EQ(0, lg_attr_set(G, "cmdline", big));
	big[2047] = 'x';
	big[2048] = '\0';
	expect_refused(_metadata, "cmdline", big, EMSGSIZE);
	expect_refused(_metadata, "cmdline", "a\x01z", EINVAL);
	expect_refused(_metadata, "cmdline", "caf\xc3\xa9", EINVAL);
	free(big);
}

TEST_F(guest, vcpus)
{
	EXPECT_EQ(0, lg_attr_set(G, "vcpus", "1"));
	expect_refused(_metadata, "vcpus", "2", EINVAL);
	expect_refused(_metadata, "vcpus", "0", EINVAL);
	expect_refused(_metadata, "vcpus", "many", EINVAL);
	expect_attr(_metadata, "vcpus", "1");
}

TEST_F(guest, on_reboot)
{
	expect_attr(_metadata, "on_reboot", "stop");
	EXPECT_EQ(0, lg_attr_set(G, "on_reboot", "restart\n"));
	expect_attr(_metadata, "on_reboot", "restart");
	expect_refused(_metadata, "on_reboot", "reboot", EINVAL);
	expect_refused(_metadata, "on_reboot", "restartx", EINVAL);
	EXPECT_EQ(0, lg_attr_set(G, "on_reboot", "stop"));
	expect_attr(_metadata, "on_reboot", "stop");
}

TEST_F(guest, read_only_attributes)
{
	EXPECT_EQ(-EACCES, lg_attr_set(G, "state", "running"));
	EXPECT_EQ(-EACCES, lg_attr_set(G, "stats", "0"));
}

TEST_F(guest, stats_start_at_zero)
{
	char buf[1024];

	ASSERT_LT(0, lg_attr_get(G, "stats", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "exits 0\n"));
	EXPECT_NE(NULL, strstr(buf, "exits_io 0\n"));
	EXPECT_NE(NULL, strstr(buf, "run_ns 0"));
}

TEST(name_too_long)
{
	char name[80];

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	memset(name, 'n', 64);
	name[64] = '\0';
	EXPECT_EQ(-ENAMETOOLONG, lg_guest_mkdir(name));
	name[63] = '\0';
	EXPECT_EQ(0, lg_guest_mkdir(name));
	EXPECT_EQ(0, lg_guest_rmdir(name));
}

/* A guest's name reaches log lines and reasons: plain characters only. */
/* Each memory rule says which one failed. */
TEST(memory_messages_name_the_rule)
{
	static const struct {
		const char *val, *msg;
		int err;
	} cases[] = {
		{ "abc", "memory: not a size", EINVAL },
		{ "0", "memory: outside 2M to 64G", ERANGE },
		{ "65G", "memory: outside 2M to 64G", ERANGE },
		{ "2097153", "memory: 2097153 bytes is not a multiple of 4K", EINVAL },
	};
	unsigned int i;
	char *log;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	lg_guest_rmdir("mm");
	ASSERT_EQ(0, lg_guest_mkdir("mm"));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		lg_kmsg_clear();
		EXPECT_EQ(-cases[i].err, lg_attr_set("mm", "memory", cases[i].val));
		log = lg_kmsg_read();
		ASSERT_NE(NULL, log);
		EXPECT_NE(NULL, strstr(log, cases[i].msg)) TH_LOG("%s: %s", cases[i].val, log);
		free(log);
	}
	EXPECT_EQ(0, lg_guest_rmdir("mm"));
}

TEST(name_charset)
{
	static const char *const bad[] = { "a\nb", "a b", "a:b", "t\tab", "\x7f", "\xc3\xa9" };
	unsigned int i;

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(-EINVAL, lg_guest_mkdir(bad[i])) TH_LOG("name %u", i);
	EXPECT_EQ(0, lg_guest_mkdir("deb-12.x_1"));
	EXPECT_EQ(0, lg_guest_rmdir("deb-12.x_1"));
}

TEST_HARNESS_MAIN
