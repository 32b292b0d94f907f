// SPDX-License-Identifier: GPL-2.0
/*
 * On a CPU without SVM or without nested paging the module must refuse to
 * load with ENODEV and one message naming the missing feature.  make check
 * boots the test VM with "-cpu EPYC" and "-cpu EPYC,+svm,-npt" to run it;
 * on a capable CPU it skips.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

TEST(refused_without_svm_or_npt)
{
	const char *want;
	char *log;

	if (lg_cpu_can_host())
		SKIP(return, "CPU has SVM and NPT; run in a VM without them (make check does)");
	want = lg_cpu_has_flag("svm") ? "no nested paging" : "no AMD SVM";

	lg_module_unload();		/* in case; it cannot be loaded */
	lg_kmsg_clear();
	ASSERT_EQ(-1, lg_module_load());
	EXPECT_EQ(ENODEV, errno) TH_LOG("insmod failed with %s", strerror(errno));
	EXPECT_FALSE(lg_path_exists(LG_CONFIGFS));
	EXPECT_FALSE(lg_path_exists(LG_DEV));

	log = lg_kmsg_read();
	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, want)) TH_LOG("kernel log lacks \"%s\":\n%s", want, log);
	free(log);
}

TEST_HARNESS_MAIN
