// SPDX-License-Identifier: GPL-2.0
/*
 * L:100 lguest-run: the stub.  It owns the guest's address space (the
 * module maps guest RAM into it) and lends the guest its thread: LGUEST_RUN
 * returns only when the guest ends or a signal arrives.  A second thread
 * copies the console to stdout, a third feeds stdin in.  There is no
 * device logic here; that all lives in the kernel.
 *
 *   lguest-run [-d] [--hugetlb] [--] NAME  run a guest defined in configfs
 *   lguest-run [-d] [--hugetlb] [--initrd=FILE] [--cmdline=TEXT] [--]
 *              MEMORY KERNEL
 *                                         define, run and remove one
 *   lguest-run --help                     what all that means
 *
 * -d runs detached: the console moves to /dev/lgcon<n> (printed, and
 * shown by the guest's "console" attribute) and the stub goes to the
 * background, returning at once.  --hugetlb backs guest RAM with the
 * host's reserved huge pages (hugetlbfs): the stub maps it and hands it to
 * the module (LGUEST_ATTACH_STUB_RAM), which cannot make such a mapping.
 *
 * On a terminal, keys go to the guest raw (Ctrl-C included, for its
 * shell); three Ctrl-C within a second stop the guest, as in 2007.
 * Otherwise SIGINT stops it.  Stopped so, the exit status is 130; else it
 * is the guest's exit code, or 1 if it died; "state" in configfs says why.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/lguest.h>

#define CONFIGFS "/sys/kernel/config/lguest"

static atomic_int interrupted;
static char oneshot[LGUEST_NAME_MAX];
static struct termios saved_tty;
static int tty_raw;

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
}

/* Keys to the guest as typed: no line editing, echo or signals here. */
static void tty_make_raw(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty))
		return;
	t = saved_tty;
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(ICRNL | IXON);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (!tcsetattr(STDIN_FILENO, TCSANOW, &t)) {
		tty_raw = 1;
		atexit(tty_restore);
	}
}

/* Three Ctrl-C within a second: leave.  Fewer go to the guest. */
static int ctrl_c_thrice(const char *buf, ssize_t n)
{
	static struct timespec last[3];
	static int i;
	struct timespec now;
	ssize_t k;

	for (k = 0; k < n; k++) {
		if (buf[k] != 3)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		last[i++ % 3] = now;
		if (i >= 3) {
			struct timespec first = last[i % 3];
			double dt = (now.tv_sec - first.tv_sec) +
				    (now.tv_nsec - first.tv_nsec) / 1e9;

			if (dt < 1.0)
				return 1;
		}
	}
	return 0;
}

static void on_sigint(int sig)
{
	interrupted = 1;
}

/* One write, so a detached start's parent relays the whole line. */
static void die(const char *fmt, const char *arg)
{
	char msg[512];
	int n, err = errno;

	tty_restore();
	n = snprintf(msg, sizeof(msg), "lguest-run: ");
	n += snprintf(msg + n, sizeof(msg) - n, fmt, arg, strerror(err));
	if (n > (int)sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	msg[n++] = '\n';
	if (write(STDERR_FILENO, msg, n) < 0)
		n = 0;
	if (oneshot[0]) {
		char path[128];

		snprintf(path, sizeof(path), CONFIGFS "/%s", oneshot);
		rmdir(path);
	}
	exit(1);
}

static const char usage_text[] =
	"usage: lguest-run [-d] [--hugetlb] [--] NAME\n"
	"       lguest-run [-d] [--hugetlb] [--initrd=FILE] [--cmdline=TEXT] [--]\n"
	"                  MEMORY KERNEL\n"
	"       lguest-run --version | --help\n"
	"\n"
	"Runs a guest.  NAME is a guest defined in " CONFIGFS "/NAME\n"
	"(mkdir there, then write its attributes).  With MEMORY and KERNEL a guest\n"
	"is defined for this run only: MEMORY in bytes with a K, M or G suffix\n"
	"(e.g. 256M); KERNEL a firmware name, the path of a bzImage, ELF vmlinux\n"
	"or lguest-mkimage image below /lib/firmware (e.g. lguest/vmlinuz);\n"
	"FILE for --initrd likewise.\n"
	"\n"
	"  -d         detached: the console moves to the tty printed (/dev/lgconN)\n"
	"             and lguest-run returns at once\n"
	"  --hugetlb  guest RAM on the host's reserved huge pages (hugetlbfs,\n"
	"             /proc/sys/vm/nr_hugepages); fails if too few are free\n"
	"  --         the next argument is a name even if it starts with '-'\n"
	"\n"
	"The console is stdin and stdout; on a terminal, three Ctrl-C within a\n"
	"second stop the guest.  Exit status: the guest's exit code, 130 when\n"
	"stopped by Ctrl-C or SIGINT, 1 when it could not start or died (the\n"
	"reason is printed, and kept in its \"state\" attribute), 2 for bad usage.\n"
	"See lguest-run(1).\n";

/* Why /dev/lguest would not open, in words a newcomer can act on. */
static const char *open_hint(int err)
{
	if (err == ENOENT || err == ENODEV || err == ENXIO)
		return "%s: %s (is lguest.ko loaded? modprobe lguest)";
	if (err == EACCES || err == EPERM)
		return "%s: %s (not allowed to run guests: see lguest-run(1), ACCESS)";
	return "%s: %s";
}

static void set_attr(const char *guest, const char *attr, const char *val)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), CONFIGFS "/%s/%s", guest, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		die("%s: %s", path);
	close(fd);
}

static void show_state(const char *guest)
{
	char path[256], buf[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), CONFIGFS "/%s/state", guest);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		fprintf(stderr, "lguest-run: %s: %s", guest, buf);
	}
}

/*
 * --hugetlb: map the guest's "memory" worth of reserved huge pages (the
 * length rounded up to 2 MiB, which hugetlbfs needs) and let the module
 * use it.  mmap() reserves the pages now, so too few free huge pages fail
 * here, with a hint, rather than as a dead guest later.
 */
static void map_hugetlb_ram(const char *guest, struct lguest_attach *att)
{
	char path[256], buf[32];
	unsigned long long size;
	size_t len;
	ssize_t n;
	void *ram;
	int fd;

	snprintf(path, sizeof(path), CONFIGFS "/%s/memory", guest);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		die("%s: %s", path);
	buf[n] = '\0';
	size = strtoull(buf, NULL, 10);
	len = (size + (2ULL << 20) - 1) & ~((2ULL << 20) - 1);
	ram = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (ram == MAP_FAILED)
		die("--hugetlb: %s: %s (free huge pages: see /proc/sys/vm/nr_hugepages)",
		    guest);
	att->ram_base = (uintptr_t)ram;
	att->flags |= LGUEST_ATTACH_STUB_RAM;
}

static int lg_fd;

/* Console out: until read() says the guest ended and all was read. */
static void *console_out(void *arg)
{
	char buf[4096];
	ssize_t n, done, w;

	while ((n = read(lg_fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (done = 0; done < n; done += w) {
			w = write(STDOUT_FILENO, buf + done, n - done);
			if (w < 0)
				return NULL;
		}
	}
	return NULL;
}

/*
 * Console in: stdin to the guest's UART.  While its input ring is full,
 * wait in poll() until the guest has taken some (the module wakes
 * POLLOUT then), rather than retrying on a timer.
 */
static void *console_in(void *arg)
{
	char buf[256];
	ssize_t n, done, w;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0) {
		if (tty_raw && ctrl_c_thrice(buf, n)) {
			interrupted = 1;
			ioctl(lg_fd, LGUEST_STOP);
			return NULL;
		}
		for (done = 0; done < n; done += w) {
			w = write(lg_fd, buf + done, n - done);
			if (w < 0 && errno == EAGAIN) {
				struct pollfd p = { .fd = lg_fd, .events = POLLOUT };

				if (poll(&p, 1, -1) < 0 && errno != EINTR)
					return NULL;
				w = 0;
			} else if (w < 0) {
				return NULL;
			}
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *initrd = NULL, *cmdline = NULL, *guest;
	int detach = 0, hugetlb = 0, report[2] = { -1, -1 };
	struct lguest_attach att = {};
	struct lguest_run_result res = { 0 };
	struct sigaction sa = {};
	pthread_t out, in;
	sigset_t block, old;
	int i, ver, version = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-d")) {
			detach = 1;
			continue;
		}
		if (!strcmp(argv[i], "--hugetlb")) {
			hugetlb = 1;
			continue;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version")) {
			version = 1;
			break;
		}
		if (!strncmp(argv[i], "--initrd=", 9))
			initrd = argv[i] + 9;
		else if (!strncmp(argv[i], "--cmdline=", 10))
			cmdline = argv[i] + 10;
		else
			goto usage;
	}
	/* The arguments are checked before anything is opened. */
	if (!version && !(argc - i == 1 && !initrd && !cmdline) && argc - i != 2)
		goto usage;

	/*
	 * Detached: the child becomes the stub (it must own the guest's
	 * memory); the parent only relays how the start went, then leaves.
	 */
	if (detach) {
		char msg[1024];
		ssize_t n;
		pid_t pid;

		if (pipe(report))
			die("%s: %s", "pipe");
		pid = fork();
		if (pid < 0)
			die("%s: %s", "fork");
		if (pid) {
			size_t len = 0;

			/* Everything the child says before it detaches, to EOF. */
			close(report[1]);
			while (len < sizeof(msg) - 1) {
				n = read(report[0], msg + len, sizeof(msg) - 1 - len);
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0)
					break;
				len += n;
			}
			msg[len] = '\0';
			if (!len) {
				fputs("lguest-run: the stub ended before the guest started\n",
				      stderr);
				return 1;
			}
			if (msg[0] == '/') {
				fputs(msg, stdout);
				return 0;
			}
			/* Gone for good once it has exited: the guest is free again. */
			fputs(msg, stderr);
			waitpid(pid, NULL, 0);
			return 1;
		}
		close(report[0]);
		setsid();
		dup2(report[1], STDERR_FILENO);
	}

	lg_fd = open("/dev/lguest", O_RDWR | O_CLOEXEC);
	if (lg_fd < 0)
		die(open_hint(errno), "/dev/lguest");
	ver = ioctl(lg_fd, LGUEST_GET_API_VERSION);
	if (ver != LGUEST_API_VERSION) {
		fprintf(stderr, "lguest-run: module speaks API %d, this stub %d\n",
			ver, LGUEST_API_VERSION);
		return 1;
	}
	if (version) {
		printf("lguest-run: API version %d\n", LGUEST_API_VERSION);
		return 0;
	}

	if (argc - i == 1 && !initrd && !cmdline) {
		guest = argv[i];
	} else {
		char path[128];

		snprintf(oneshot, sizeof(oneshot), "run-%d", getpid());
		snprintf(path, sizeof(path), CONFIGFS "/%s", oneshot);
		if (mkdir(path, 0755))
			die("%s: %s", path);
		guest = oneshot;
		set_attr(guest, "memory", argv[i]);
		set_attr(guest, "kernel", argv[i + 1]);
		if (initrd)
			set_attr(guest, "initrd", initrd);
		if (cmdline)
			set_attr(guest, "cmdline", cmdline);
	}

	snprintf(att.name, sizeof(att.name), "%s", guest);
	if (hugetlb)
		map_hugetlb_ram(guest, &att);
	if (ioctl(lg_fd, LGUEST_ATTACH, &att)) {
		int err = errno;

		show_state(guest);
		errno = err;
		die("%s: cannot start: %s", guest);
	}
	/*
	 * Huge pages for guest RAM where the host's THP policy is "madvise"
	 * ("always" needs no asking): lguest then maps each 2 MiB with one
	 * nested leaf.  Only a hint; a host without THP says EINVAL.
	 */
	if (!hugetlb)
		madvise((void *)(uintptr_t)att.ram_base, att.ram_size, MADV_HUGEPAGE);

	tty_make_raw();
	if (detach) {
		int tty = ioctl(lg_fd, LGUEST_CONSOLE_TTY);
		int null = open("/dev/null", O_RDWR);

		if (tty < 0) {
			int err = errno;

			show_state(guest);
			errno = err;
			die("%s: console tty: %s", guest);
		}
		dprintf(report[1], "/dev/lgcon%d\n", tty);
		close(report[1]);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		while (ioctl(lg_fd, LGUEST_RUN, &res))
			if (errno != EINTR)
				break;
		goto done;
	}

	/* Only this thread takes Ctrl-C, so that it interrupts LGUEST_RUN. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_create(&out, NULL, console_out, NULL);
	pthread_create(&in, NULL, console_in, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);

	while (ioctl(lg_fd, LGUEST_RUN, &res)) {
		if (errno != EINTR)
			die("%s: run: %s", guest);
		if (interrupted)
			ioctl(lg_fd, LGUEST_STOP);
	}
	pthread_join(out, NULL);
done:
	if (res.state != LGUEST_STATE_STOPPED || res.exit_code)
		fprintf(stderr, "lguest-run: %s: %s: %s\n", guest,
			res.state == LGUEST_STATE_DEAD ? "dead" : "stopped", res.reason);
	if (oneshot[0]) {
		char path[128];

		close(lg_fd);
		snprintf(path, sizeof(path), CONFIGFS "/%s", oneshot);
		rmdir(path);
	}
	/* Ctrl-C: the shell's convention for "ended by SIGINT". */
	return interrupted ? 130 : res.exit_code;

usage:
	fputs(usage_text, stderr);
	return 2;
}
