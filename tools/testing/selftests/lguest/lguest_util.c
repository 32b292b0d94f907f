// SPDX-License-Identifier: GPL-2.0
/*
 * Shared plumbing for the lguest selftests.  Modules are loaded with the
 * raw syscalls so a test sees the real errno, not modprobe's paraphrase.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lguest_util.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

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

int lg_guest_mkdir(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), LG_CONFIGFS "/%s", name);
	return mkdir(path, 0755) ? -errno : 0;
}

/* Removes a guest's devices first: a directory with devices is not empty. */
int lg_guest_rmdir(const char *name)
{
	static const char *const kinds[] = { "disks", "consoles", "rngs" };
	char path[512];
	struct dirent *de;
	unsigned int k;
	DIR *dir;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s", name, kinds[k]);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s/%s", name,
				 kinds[k], de->d_name);
			rmdir(path);
		}
		closedir(dir);
	}
	snprintf(path, sizeof(path), LG_CONFIGFS "/%s", name);
	return rmdir(path) ? -errno : 0;
}

/* mkdir of a device: @kind "disks" or "rngs"; 0 or the negative errno. */
int lg_dev_mkdir(const char *guest, const char *kind, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s/%s", guest, kind, name);
	return mkdir(path, 0755) ? -errno : 0;
}

int lg_dev_rmdir(const char *guest, const char *kind, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s/%s", guest, kind, name);
	return rmdir(path) ? -errno : 0;
}

/* Returns 0 or the negative errno of the write. */
int lg_attr_set(const char *guest, const char *attr, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s", guest, attr);
	return lg_write_file(path, val) ? -errno : 0;
}

int lg_attr_get(const char *guest, const char *attr, char *buf, size_t size)
{
	char path[256];
	int n;

	snprintf(path, sizeof(path), LG_CONFIGFS "/%s/%s", guest, attr);
	n = lg_read_file(path, buf, size);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n < 0 ? -errno : n;
}

bool lg_state_is(const char *guest, const char *prefix)
{
	char buf[512];

	if (lg_attr_get(guest, "state", buf, sizeof(buf)) < 0)
		return false;
	return !strncmp(buf, prefix, strlen(prefix));
}

int lg_stub_start(struct lg_stub *s, const char *const argv[])
{
	return lg_stub_start_in(s, argv, NULL);
}

/* lg_stub_run_err() sets this: the stub's stderr joins its stdout. */
static bool stub_stderr;

/* As lg_stub_start(); with @in, the stub's stdin is a pipe we write to. */
int lg_stub_start_in(struct lg_stub *s, const char *const argv[], int *in)
{
	int pipefd[2], inpipe[2] = { -1, -1 };

	memset(s, 0, sizeof(*s));
	if (pipe2(pipefd, O_CLOEXEC) || (in && pipe2(inpipe, O_CLOEXEC)))
		return -1;
	/* A small pipe, so a reader that waits makes the stub wait too. */
	fcntl(pipefd[0], F_SETPIPE_SZ, 4096);
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (!s->pid) {
		int null = open("/dev/null", O_RDWR);

		dup2(in ? inpipe[0] : null, 0);
		dup2(pipefd[1], 1);
		dup2(stub_stderr ? pipefd[1] : null, 2);
		execv(LG_STUB, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	s->out_fd = pipefd[0];
	if (in) {
		close(inpipe[0]);
		*in = inpipe[1];
	}
	return 0;
}

/* Read what is there, waiting at most @ms; false on EOF or timeout. */
static bool lg_stub_read(struct lg_stub *s, int ms)
{
	struct pollfd p = { .fd = s->out_fd, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (s->out_fd < 0 || poll(&p, 1, ms) <= 0)
		return false;
	n = read(s->out_fd, buf, sizeof(buf));
	if (n <= 0) {
		close(s->out_fd);
		s->out_fd = -1;
		return false;
	}
	s->out = realloc(s->out, s->out_len + n + 1);
	/* A guest may print NULs; they would end every search early. */
	for (ssize_t i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = '.';
	memcpy(s->out + s->out_len, buf, n);
	s->out_len += n;
	s->out[s->out_len] = '\0';
	return true;
}

static long lg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until the guest has printed @needle (it is then really running). */
bool lg_stub_wait_output(struct lg_stub *s, const char *needle, int timeout_s)
{
	long end = lg_now_ms() + timeout_s * 1000L;

	while (!(s->out && strstr(s->out, needle))) {
		long left = end - lg_now_ms();

		if (left <= 0 || (!lg_stub_read(s, left) && s->out_fd < 0))
			return s->out && strstr(s->out, needle);
	}
	return true;
}

/*
 * Read @fd into @buf until @needle shows up, the file ends, or @timeout_s
 * passes: never blocks longer, so a silent guest fails a test instead of
 * hanging it.  Returns the bytes read.
 */
ssize_t lg_read_until(int fd, char *buf, size_t size, const char *needle, int timeout_s)
{
	long end = lg_now_ms() + timeout_s * 1000L;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t got = 0, n;

	buf[0] = '\0';
	while (got < (ssize_t)size - 1 && !strstr(buf, needle)) {
		long left = end - lg_now_ms();

		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		n = read(fd, buf + got, size - 1 - got);
		if (n <= 0)
			break;
		got += n;
		buf[got] = '\0';
	}
	return got;
}

static int lg_count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Wait until @needle has appeared @times times in the output. */
bool lg_stub_wait_count(struct lg_stub *s, const char *needle, int times, int timeout_s)
{
	long end = lg_now_ms() + timeout_s * 1000L;

	while (lg_count(s->out, needle) < times) {
		long left = end - lg_now_ms();

		if (left <= 0 || (!lg_stub_read(s, left) && s->out_fd < 0))
			break;
	}
	return lg_count(s->out, needle) >= times;
}

/*
 * Collect the rest of the output and reap the stub.  Returns its exit
 * status (0-255), 128 + signal if killed, or -1 on timeout (the stub is
 * then killed).
 */
int lg_stub_finish(struct lg_stub *s, int timeout_s)
{
	long end = lg_now_ms() + timeout_s * 1000L;

	while (s->out_fd >= 0 && lg_now_ms() < end)
		lg_stub_read(s, end - lg_now_ms());
	for (;;) {
		int r = waitpid(s->pid, &s->status, WNOHANG);

		if (r == s->pid)
			break;
		if (lg_now_ms() >= end) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &s->status, 0);
			return -1;
		}
		usleep(10000);
	}
	if (s->out_fd >= 0)
		close(s->out_fd);
	s->out_fd = -1;
	if (!s->out)
		s->out = calloc(1, 1);
	if (WIFSIGNALED(s->status))
		return 128 + WTERMSIG(s->status);
	return WEXITSTATUS(s->status);
}

void lg_stub_free(struct lg_stub *s)
{
	free(s->out);
	s->out = NULL;
}

int lg_stub_run(const char *const argv[], int timeout_s, char **out)
{
	struct lg_stub s;
	int rc;

	if (lg_stub_start(&s, argv))
		return -1;
	rc = lg_stub_finish(&s, timeout_s);
	if (out)
		*out = s.out;
	else
		free(s.out);
	return rc;
}

/* As lg_stub_run(), with the stub's stderr in @out too. */
int lg_stub_run_err(const char *const argv[], int timeout_s, char **out)
{
	int rc;

	stub_stderr = true;
	rc = lg_stub_run(argv, timeout_s, out);
	stub_stderr = false;
	return rc;
}

long lg_meminfo(const char *field)
{
	char line[256];
	size_t n = strlen(field);
	long val = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, n) && line[n] == ':') {
			val = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

int lg_write_fw(const char *name, const void *data, size_t len)
{
	char path[256];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), LG_FW_DIR "/%s", name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}
