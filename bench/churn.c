// SPDX-License-Identifier: GPL-2.0
/*
 * Guest churn (make bench-density): N tiny guests (lguest/hello.elf, 8 MiB)
 * defined, run to their exit and removed, one after another.  Twice: once
 * driving /dev/lguest from this process (what lguest itself costs, phase
 * by phase), once running lguest-run for each (what a user's script pays:
 * a fork and an exec more).  Prints the total and the median of each
 * phase, in milliseconds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lguest.h>

#define CFS	"/sys/kernel/config/lguest"
#define PHASES	5

static const char *const phase_names[PHASES] = {
	"define", "attach", "run", "close", "rmdir",
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int put(const char *guest, const char *attr, const char *val)
{
	char path[256];
	int fd, ok;

	snprintf(path, sizeof(path), CFS "/%s/%s", guest, attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static int define(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), CFS "/%s", name);
	if (mkdir(path, 0755))
		return -1;
	return put(name, "memory", "8M") || put(name, "kernel", "lguest/hello.elf");
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
}

/* One guest driven from here; @t receives each phase's milliseconds. */
static int one_inproc(const char *name, double *t)
{
	struct lguest_attach at = { 0 };
	struct lguest_run_result res;
	char path[256], buf[4096];
	double t0 = now_ms();
	int fd;

	if (define(name))
		return -1;
	t[0] = now_ms() - t0;
	t0 = now_ms();
	fd = open("/dev/lguest", O_RDWR | O_CLOEXEC);
	snprintf(at.name, sizeof(at.name), "%s", name);
	if (fd < 0 || ioctl(fd, LGUEST_ATTACH, &at))
		return -1;
	t[1] = now_ms() - t0;
	t0 = now_ms();
	if (ioctl(fd, LGUEST_RUN, &res) || res.state != LGUEST_STATE_STOPPED)
		return -1;
	t[2] = now_ms() - t0;
	/* The console output: that the guest said hello. */
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		return -1;
	t0 = now_ms();
	close(fd);
	t[3] = now_ms() - t0;
	t0 = now_ms();
	snprintf(path, sizeof(path), CFS "/%s", name);
	if (rmdir(path))
		return -1;
	t[4] = now_ms() - t0;
	return 0;
}

static int one_stub(const char *name)
{
	char path[256];
	int st, null;
	pid_t pid;

	if (define(name))
		return -1;
	pid = fork();
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		execlp("lguest-run", "lguest-run", name, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	snprintf(path, sizeof(path), CFS "/%s", name);
	return rmdir(path);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100, i, p;
	double (*t)[PHASES] = calloc(n, sizeof(*t)), col[1000], t0, total;
	char name[32];

	if (!t || n < 1 || n > 1000)
		return 2;
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "churn%d", i);
		if (one_inproc(name, t[i])) {
			fprintf(stderr, "churn: guest %d failed\n", i);
			return 1;
		}
	}
	total = now_ms() - t0;
	printf("CHURN inproc_total_ms %.1f\n", total);
	for (p = 0; p < PHASES; p++) {
		for (i = 0; i < n; i++)
			col[i] = t[i][p];
		printf("CHURN inproc_%s_ms %.3f\n", phase_names[p], median(col, n));
	}
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "churns%d", i);
		if (one_stub(name)) {
			fprintf(stderr, "churn: guest %d (lguest-run) failed\n", i);
			return 1;
		}
	}
	printf("CHURN stub_total_ms %.1f\n", now_ms() - t0);
	return 0;
}
