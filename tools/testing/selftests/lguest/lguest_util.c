// SPDX-License-Identifier: GPL-2.0
/*
 * Shared plumbing for the lguest selftests.  Modules are loaded with the
 * raw syscalls so a test sees the real errno, not modprobe's paraphrase.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lguest_util.h"

bool lg_path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool lg_cpu_has_flag(const char *flag)
{
	char line[4096], pat[64];
	bool found = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	snprintf(pat, sizeof(pat), " %s", flag);
	while (!found && fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, "flags", 5))
			continue;
		for (p = strstr(line, pat); p; p = strstr(p + 1, pat)) {
			char end = p[strlen(pat)];

			if (end == ' ' || end == '\n' || end == '\0') {
				found = true;
				break;
			}
		}
		break;
	}
	fclose(f);
	return found;
}

bool lg_cpu_can_host(void)
{
	return lg_cpu_has_flag("svm") && lg_cpu_has_flag("npt");
}

int lg_module_load(void)
{
	char path[256];
	struct utsname u;
	int fd, ret;

	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/extra/lguest.ko", u.release);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (ret) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return 0;
}

int lg_module_unload(void)
{
	return syscall(SYS_delete_module, "lguest", O_NONBLOCK);
}

int lg_module_ensure_loaded(void)
{
	if (lg_path_exists("/sys/module/lguest"))
		return 0;
	return lg_module_load();
}

void lg_kmsg_clear(void)
{
	klogctl(5 /* SYSLOG_ACTION_CLEAR */, NULL, 0);
}

/* The whole kernel log buffer as one string; the caller frees it. */
char *lg_kmsg_read(void)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		return NULL;
	buf = malloc(size + 1);
	if (!buf)
		return NULL;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int lg_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

int lg_write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	err = errno;
	close(fd);
	errno = err;
	return n < 0 ? -1 : 0;
}
