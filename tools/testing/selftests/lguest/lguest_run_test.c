// SPDX-License-Identifier: GPL-2.0
/*
 * Running guests: the user's view end to end, each hostile guest ending
 * with the right state while the host carries on, the stub interrupted and
 * killed, bad images refused with a reason, and many guests at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <linux/lguest.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

/* Guests run under TCG here: whole boots, not milliseconds. */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 600

#define TIMEOUT 120

static void need_host(struct __test_metadata *_metadata)
{
	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
}

/* Define guest @name with @kernel and @cmdline (NULL: leave default). */
static void define(struct __test_metadata *_metadata, const char *name,
		   const char *kernel, const char *cmdline)
{
	lg_guest_rmdir(name);
	ASSERT_EQ(0, lg_guest_mkdir(name));
	ASSERT_EQ(0, lg_attr_set(name, "kernel", kernel));
	if (cmdline)
		ASSERT_EQ(0, lg_attr_set(name, "cmdline", cmdline));
}

static int run_named(const char *name, char **out)
{
	const char *const argv[] = { LG_STUB, name, NULL };

	return lg_stub_run(argv, TIMEOUT, out);
}

static void expect_state(struct __test_metadata *_metadata, const char *name,
			 const char *want)
{
	char buf[512];

	ASSERT_LE(0, lg_attr_get(name, "state", buf, sizeof(buf)));
	EXPECT_EQ(0, strncmp(buf, want, strlen(want)))
		TH_LOG("state \"%s\", want \"%s...\"", buf, want);
}

TEST(users_view)
{
	char *out;

	need_host(_metadata);
	define(_metadata, "g0", "lguest/hello.elf", "quiet x=1");
	ASSERT_EQ(0, lg_attr_set("g0", "memory", "64M"));
	expect_state(_metadata, "g0", "defined");
	EXPECT_EQ(0, run_named("g0", &out));
	EXPECT_NE(NULL, strstr(out, "Hello from an lguest guest!\ncmdline: quiet x=1\n"))
		TH_LOG("output: %s", out);
	{
		char state[256];

		ASSERT_LT(0, lg_attr_get("g0", "state", state, sizeof(state)));
		EXPECT_STREQ("stopped: guest shutdown", state);
	}
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("g0"));
}

TEST(exit_code_and_stats)
{
	char *out, stats[1024];

	need_host(_metadata);
	define(_metadata, "g1", "lguest/hello.elf", "exit=7");
	EXPECT_EQ(7, run_named("g1", &out));
	expect_state(_metadata, "g1", "stopped: guest shutdown (exit code 7)");
	ASSERT_LT(0, lg_attr_get("g1", "stats", stats, sizeof(stats)));
	/* Each byte printed is one OUT, plus LSR polls; one hypercall. */
	EXPECT_NE(NULL, strstr(stats, "exits_hypercall 1\n")) TH_LOG("%s", stats);
	EXPECT_EQ(NULL, strstr(stats, "exits_io 0\n")) TH_LOG("%s", stats);
	EXPECT_EQ(NULL, strstr(stats, "run_ns 0")) TH_LOG("%s", stats);
	free(out);
	/* It can run again. */
	EXPECT_EQ(7, run_named("g1", &out));
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("g1"));
}

TEST(one_shot_form)
{
	const char *const argv[] = { LG_STUB, "--cmdline=one shot", "32M",
			       "lguest/hello.elf", NULL };
	char *out;

	need_host(_metadata);
	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "cmdline: one shot\n")) TH_LOG("%s", out);
	free(out);
	/* The ephemeral guest is gone again. */
	EXPECT_NE(0, system("ls " LG_CONFIGFS " | grep -q run-"));
}

TEST(lguest_image_format)
{
	char *out;

	need_host(_metadata);
	define(_metadata, "img", "lguest/hello.img", NULL);
	EXPECT_EQ(0, run_named("img", &out));
	EXPECT_NE(NULL, strstr(out, "cmdline: from the image\n")) TH_LOG("%s", out);
	free(out);
	ASSERT_EQ(0, lg_attr_set("img", "cmdline", "from configfs"));
	EXPECT_EQ(0, run_named("img", &out));
	EXPECT_NE(NULL, strstr(out, "cmdline: from configfs\n")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("img"));
}

TEST(cpu_policy_probe)
{
	char *out;

	need_host(_metadata);
	define(_metadata, "probe", "lguest/probe.elf", NULL);
	EXPECT_EQ(0, run_named("probe", &out)) TH_LOG("%s", out);
	EXPECT_EQ(NULL, strstr(out, "FAIL")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "ok   unknown MSR read: #GP")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("probe"));
}

/* Hostile guests: each ends with its reason; the host is unaffected. */
FIXTURE(hostile) {};

FIXTURE_VARIANT(hostile) {
	const char *kernel;
	int status;
	const char *state;
};

FIXTURE_VARIANT_ADD(hostile, triple_fault) {
	"lguest/triple.elf", 1, "stopped: triple fault",
};

FIXTURE_VARIANT_ADD(hostile, unbacked_gpa) {
	"lguest/unbacked.elf", 1, "dead: access to unbacked GPA 0xc0000000 at RIP 0x",
};

FIXTURE_VARIANT_ADD(hostile, bad_hypercall) {
	"lguest/badcall.elf", 1, "dead: unknown hypercall 0xdead",
};

FIXTURE_VARIANT_ADD(hostile, wild_page_tables) {
	"lguest/wildpt.elf", 1, "dead: access to unbacked GPA 0x8000000000",
};

FIXTURE_VARIANT_ADD(hostile, halt_irqs_off) {
	"lguest/halt.elf", 1, "stopped: halted with interrupts disabled",
};

FIXTURE_SETUP(hostile) {}
FIXTURE_TEARDOWN(hostile) {}

TEST_F(hostile, ends_with_reason)
{
	char *out;

	need_host(_metadata);
	define(_metadata, "bad", variant->kernel, NULL);
	EXPECT_EQ(variant->status, run_named("bad", &out));
	expect_state(_metadata, "bad", variant->state);
	free(out);
	/* The same guest directory runs a good kernel next. */
	ASSERT_EQ(0, lg_attr_set("bad", "kernel", "lguest/hello.elf"));
	EXPECT_EQ(0, run_named("bad", &out));
	expect_state(_metadata, "bad", "stopped: guest shutdown");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("bad"));
}

/*
 * Runs the echo guest through the stub, writing @len bytes of @in to its
 * stdin in one write and reading all it prints into @buf.  Returns the
 * stub's exit status, or -1 if the pipes, the start or the write failed.
 */
static int echo_guest(const char *in, size_t len, char *buf, size_t size)
{
	const char *const argv[] = { LG_STUB, "16M", "lguest/echo.elf", NULL };
	int inp[2], outp[2], pid, status = -1;
	ssize_t n, got = 0;
	bool wrote;

	if (pipe(inp) || pipe(outp))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(inp[0], 0);
		dup2(outp[1], 1);
		close(inp[1]);
		close(outp[0]);
		execv(LG_STUB, (char *const *)argv);
		_exit(127);
	}
	close(inp[0]);
	close(outp[1]);
	/* A pipe holds it all: the stub reads it in pieces. */
	wrote = write(inp[1], in, len) == (ssize_t)len;
	while (got < (ssize_t)size - 1 &&
	       (n = read(outp[0], buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	close(inp[1]);
	close(outp[0]);
	return wrote && status >= 0 ? WEXITSTATUS(status) : -1;
}

TEST(console_input)
{
	char buf[256];

	need_host(_metadata);
	ASSERT_EQ(0, echo_guest("hello, guest.", 13, buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "ready\nHELLO, GUEST\nbye\n")) TH_LOG("%s", buf);
}

/*
 * Input much larger than the guest's 256-byte input ring, in one write to
 * the stub's stdin: the stub waits in poll() for room, the module wakes
 * it as the guest takes bytes, and every byte arrives in order.
 */
TEST(console_input_larger_than_its_ring)
{
	static char in[4100], want[4200], buf[8192];
	int i;

	need_host(_metadata);
	for (i = 0; i < 4096; i++) {
		in[i] = 'a' + i % 26;
		want[i] = 'A' + i % 26;
	}
	in[4096] = '.';
	strcpy(want + 4096, "\nbye\n");
	ASSERT_EQ(0, echo_guest(in, 4097, buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%.300s", buf);
}

/*
 * A guest writing faster than the stub reads loses nothing: the stub's
 * stdout is a one-page pipe nobody reads at first, so the console buffer
 * fills and the vCPU must wait (the "console_waits" counter says it did).
 */
TEST(console_flood_loses_nothing)
{
	const char *const argv[] = { LG_STUB, "flood", NULL };
	static const char pat[] = "-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR\n";
	struct lg_stub s;
	char hex[9], stats[1024];
	size_t line;
	int i;

	need_host(_metadata);
	define(_metadata, "flood", "lguest/flood.elf", NULL);
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	for (i = 0; i < TIMEOUT * 10; i++) {
		ASSERT_LT(0, lg_attr_get("flood", "stats", stats, sizeof(stats)));
		if (!strstr(stats, "console_waits 0\n"))
			break;
		usleep(100000);
	}
	EXPECT_EQ(NULL, strstr(stats, "console_waits 0\n")) TH_LOG("%s", stats);
	ASSERT_EQ(0, lg_stub_finish(&s, TIMEOUT));
	ASSERT_EQ(512 * 64, (int)s.out_len);
	for (line = 0; line < 512; line++) {
		snprintf(hex, sizeof(hex), "%08zx", line);
		ASSERT_EQ(0, memcmp(s.out + line * 64, hex, 8)) TH_LOG("line %zu", line);
		ASSERT_EQ(0, memcmp(s.out + line * 64 + 8, pat, 56)) TH_LOG("line %zu", line);
	}
	lg_stub_free(&s);
	EXPECT_EQ(0, lg_guest_rmdir("flood"));
}

TEST(ctrl_c_stops_a_spinning_guest)
{
	const char *const argv[] = { LG_STUB, "spin", NULL };
	struct lg_stub s;

	need_host(_metadata);
	define(_metadata, "spin", "lguest/spin.elf", NULL);
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	ASSERT_TRUE(lg_stub_wait_output(&s, "spinning\n", TIMEOUT));
	expect_state(_metadata, "spin", "running");
	/* Counters are live: time in the guest shows while it runs. */
	{
		char stats[2048] = "";

		lg_attr_get("spin", "stats", stats, sizeof(stats));
		EXPECT_NE(NULL, strstr(stats, "\nrun_ns ")) TH_LOG("%s", stats);
		EXPECT_EQ(NULL, strstr(stats, "\nrun_ns 0\n")) TH_LOG("%s", stats);
	}
	kill(s.pid, SIGINT);
	EXPECT_EQ(130, lg_stub_finish(&s, TIMEOUT));
	expect_state(_metadata, "spin", "stopped: stopped by stub");
	lg_stub_free(&s);
	EXPECT_EQ(0, lg_guest_rmdir("spin"));
}

/* Start the stub with a terminal as stdin; its stdout is a pipe. */
static int start_on_pty(const char *const argv[], int *master, int *out)
{
	int pipefd[2], pid, slave;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master) || pipe(pipefd))
		return -1;
	slave = open(ptsname(*master), O_RDWR | O_NOCTTY);
	if (slave < 0)
		return -1;
	pid = fork();
	if (!pid) {
		dup2(slave, 0);
		dup2(pipefd[1], 1);
		execv(LG_STUB, (char *const *)argv);
		_exit(127);
	}
	close(slave);
	close(pipefd[1]);
	*out = pipefd[0];
	return pid;
}

/* On a terminal, Ctrl-C goes to the guest; three in a second stop it. */
TEST(terminal_ctrl_c_goes_to_the_guest_three_stop_it)
{
	const char *const echo[] = { LG_STUB, "16M", "lguest/echo.elf", NULL };
	const char *const spin[] = { LG_STUB, "tty", NULL };
	int master, out, pid, status;
	char buf[512];

	need_host(_metadata);
	pid = start_on_pty(echo, &master, &out);
	ASSERT_LT(0, pid);
	lg_read_until(out, buf, sizeof(buf), "ready\n", TIMEOUT);
	ASSERT_EQ(4, write(master, "a\003b.", 4));
	lg_read_until(out, buf, sizeof(buf), "bye\n", TIMEOUT);
	EXPECT_NE(NULL, strstr(buf, "A\003B")) TH_LOG("%s", buf);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(master);
	close(out);

	define(_metadata, "tty", "lguest/spin.elf", NULL);
	pid = start_on_pty(spin, &master, &out);
	ASSERT_LT(0, pid);
	lg_read_until(out, buf, sizeof(buf), "spinning\n", TIMEOUT);
	ASSERT_EQ(3, write(master, "\003\003\003", 3));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(130, WEXITSTATUS(status));
	expect_state(_metadata, "tty", "stopped: stopped by stub");
	close(master);
	close(out);
	EXPECT_EQ(0, lg_guest_rmdir("tty"));
}

/*
 * The stub's own words: --help on stdout with status 0, usage on stderr
 * with status 2 (checked before /dev/lguest is opened), a detached
 * start's failure relayed whole, and "--" before a name that looks like
 * an option.
 */
TEST(stub_usage_and_messages)
{
	char *out = NULL;

	need_host(_metadata);
	EXPECT_EQ(0, lg_stub_run((const char *const[]){ LG_STUB, "--help", NULL }, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "NAME is a guest defined in")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "MEMORY in bytes")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(2, lg_stub_run_err((const char *const[]){ LG_STUB, NULL }, TIMEOUT, &out));
	EXPECT_EQ(0, strncmp(out, "usage: lguest-run", 17)) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(2, lg_stub_run((const char *const[]){ LG_STUB, "--bogus", "x", NULL },
				 TIMEOUT, &out));
	free(out);
	lg_guest_rmdir("nosuch");
	EXPECT_EQ(1, lg_stub_run_err((const char *const[]){ LG_STUB, "-d", "nosuch", NULL },
				     TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "lguest-run: nosuch: cannot start: ")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strchr(out, '\n')) TH_LOG("%s", out);
	free(out);

	define(_metadata, "-d", "lguest/hello.elf", NULL);
	EXPECT_EQ(0, lg_stub_run_err((const char *const[]){ LG_STUB, "--", "-d", NULL },
				     TIMEOUT, &out)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "Hello from an lguest guest!")) TH_LOG("%s", out);
	free(out);
	expect_state(_metadata, "-d", "stopped");
	EXPECT_EQ(0, lg_guest_rmdir("-d"));
}

/*
 * Detached: the stub returns at once, naming the tty; output written while
 * nobody had the tty open is there when it is opened; keys typed there
 * reach the guest; the tty hangs up when the guest ends.
 */
TEST(detached_stub_console_on_a_tty)
{
	const char *const argv[] = { LG_STUB, "-d", "det", NULL };
	char *out, buf[4096], console[64], in[2004], want[2010];
	struct termios t;
	int fd, held, i;

	need_host(_metadata);
	define(_metadata, "det", "lguest/echo.elf", NULL);
	ASSERT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	ASSERT_EQ(0, strncmp(out, "/dev/lgcon", 10)) TH_LOG("%s", out);
	*strchrnul(out, '\n') = '\0';
	ASSERT_LT(0, lg_attr_get("det", "console", console, sizeof(console)));
	EXPECT_STREQ(out, console);
	expect_state(_metadata, "det", "running");

	fd = open(out, O_RDWR | O_NOCTTY);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", out, strerror(errno));
	/* A second file that stays open past the guest's end. */
	held = open(out, O_RDWR | O_NOCTTY);
	ASSERT_LE(0, held);
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	tcsetattr(fd, TCSANOW, &t);
	lg_read_until(fd, buf, sizeof(buf), "ready\n", TIMEOUT);
	EXPECT_NE(NULL, strstr(buf, "ready\n"));
	/*
	 * Eight times the guest's input ring in one blocking write: the tty
	 * layer sleeps whenever the ring is full and must be woken when the
	 * guest has taken some.
	 */
	for (i = 0; i < 2000; i++) {
		in[i] = 'a' + i % 26;
		want[i] = 'A' + i % 26;
	}
	memcpy(in + 2000, "tty.", 4);
	strcpy(want + 2000, "TTY\nbye\n");
	ASSERT_EQ(2004, write(fd, in, 2004));
	lg_read_until(fd, buf, sizeof(buf), "bye\n", TIMEOUT);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%.200s", buf);
	close(fd);
	free(out);

	/* The background stub detaches when the guest is done. */
	for (i = 0; i < TIMEOUT * 10; i++) {
		if (lg_attr_get("det", "console", console, sizeof(console)) > 0 &&
		    !strcmp(console, "none"))
			break;
		usleep(100000);
	}
	EXPECT_STREQ("none", console);
	expect_state(_metadata, "det", "stopped: guest shutdown");
	EXPECT_EQ(0, lg_guest_rmdir("det"));
	/* The guest is gone: its tty is hung up, not a dangling pointer. */
	EXPECT_EQ(-1, write(held, "x", 1));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(0, close(held));
}

/*
 * All 64 console ttys taken by detached guests: the next detached start
 * fails, saying so on the stub's stderr and in its guest's state; the
 * guests then end one by one through their ttys.
 */
TEST(console_ttys_run_out)
{
	char name[16], *out = NULL, cons[64][64];
	int i, n, fd;

	need_host(_metadata);
	for (n = 0; n < 64; n++) {
		snprintf(name, sizeof(name), "tt%02d", n);
		define(_metadata, name, "lguest/echo.elf", NULL);
		ASSERT_EQ(0, lg_attr_set(name, "memory", "4M"));
		if (lg_stub_run((const char *const[]){ LG_STUB, "-d", name, NULL }, TIMEOUT,
				&out)) {
			free(out);
			break;
		}
		ASSERT_EQ(0, strncmp(out, "/dev/lgcon", 10)) TH_LOG("%s", out);
		snprintf(cons[n], sizeof(cons[n]), "%.*s", (int)strcspn(out, "\n"), out);
		free(out);
	}
	/* Exactly where the first refusal came: with 64 free, at the 65th. */
	EXPECT_EQ(64, n);
	if (n == 64) {
		define(_metadata, "ttx", "lguest/echo.elf", NULL);
		ASSERT_EQ(0, lg_attr_set("ttx", "memory", "4M"));
		EXPECT_EQ(1, lg_stub_run_err((const char *const[]){ LG_STUB, "-d", "ttx", NULL },
					     TIMEOUT, &out));
		EXPECT_NE(NULL, strstr(out, "no console tty free")) TH_LOG("%s", out);
		free(out);
		expect_state(_metadata, "ttx", "stopped: no console tty free");
		EXPECT_EQ(0, lg_guest_rmdir("ttx"));
	} else {
		snprintf(name, sizeof(name), "tt%02d", n);
		EXPECT_EQ(0, lg_guest_rmdir(name));
	}
	/* echo.elf ends at a '.'; each stub then leaves and its guest stops. */
	for (i = 0; i < n; i++) {
		fd = open(cons[i], O_RDWR | O_NOCTTY);
		EXPECT_LE(0, fd) TH_LOG("%s: %s", cons[i], strerror(errno));
		if (fd >= 0) {
			EXPECT_EQ(1, write(fd, ".", 1));
			close(fd);
		}
	}
	for (i = 0; i < n; i++) {
		char console[64] = "";
		int k;

		snprintf(name, sizeof(name), "tt%02d", i);
		for (k = 0; k < TIMEOUT * 10; k++) {
			if (lg_attr_get(name, "console", console, sizeof(console)) > 0 &&
			    !strcmp(console, "none"))
				break;
			usleep(100000);
		}
		EXPECT_EQ(0, lg_guest_rmdir(name)) TH_LOG("%s", name);
	}
}

/* All of a file that comes a page at a time (tracefs). */
static char *slurp_all(const char *path)
{
	size_t len = 0, size = 1 << 16;
	char *buf = malloc(size);
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, size - len - 1)) > 0) {
		len += n;
		if (size - len < 4096) {
			char *more = realloc(buf, size * 2);

			if (!more)
				break;
			buf = more;
			size *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Lines of @text that contain @needle. */
static int count_lines(const char *text, const char *needle)
{
	const char *p = text;
	int n = 0;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/*
 * Tracepoints: with lguest's events on, a guest's run leaves entries,
 * exits and one lguest_npf event for every nested page fault "stats"
 * counted.
 */
TEST(tracepoints_see_entries_exits_and_faults)
{
	const char *tr = "/sys/kernel/tracing";
	char path[128], stats[2048] = "", *trace, *out, *p;
	long npf;
	int fd;

	need_host(_metadata);
	mount("nodev", tr, "tracefs", 0, NULL);
	snprintf(path, sizeof(path), "%s/events/lguest/enable", tr);
	if (access(path, W_OK))
		SKIP(return, "no lguest events in tracefs (a kernel without tracing)");
	define(_metadata, "tp", "lguest/hello.elf", NULL);
	fd = open("/sys/kernel/tracing/trace", O_WRONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, lg_write_file(path, "1"));
	EXPECT_EQ(0, run_named("tp", &out));
	free(out);
	ASSERT_EQ(0, lg_write_file(path, "0"));
	trace = slurp_all("/sys/kernel/tracing/trace");
	ASSERT_NE(NULL, trace);
	ASSERT_LT(0, lg_attr_get("tp", "stats", stats, sizeof(stats)));
	p = strstr(stats, "exits_npf ");
	ASSERT_NE(NULL, p);
	npf = strtol(p + 10, NULL, 10);
	EXPECT_LT(0, npf);
	EXPECT_LT(0, count_lines(trace, "lguest_entry: guest tp rip "));
	EXPECT_LT(0, count_lines(trace, "lguest_exit: guest tp code "));
	EXPECT_EQ(npf, count_lines(trace, "lguest_npf: guest tp gpa ")) TH_LOG("%.3000s", trace);
	free(trace);
	EXPECT_EQ(0, lg_guest_rmdir("tp"));
}

TEST(sigkill_of_the_stub_frees_the_guest)
{
	const char *const argv[] = { LG_STUB, "victim", NULL };
	struct lg_stub s;
	char *out;

	need_host(_metadata);
	define(_metadata, "victim", "lguest/spin.elf", NULL);
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	ASSERT_TRUE(lg_stub_wait_output(&s, "spinning\n", TIMEOUT));

	/* While attached: no reconfiguration, no rmdir, no second stub. */
	EXPECT_EQ(-EBUSY, lg_attr_set("victim", "memory", "32M"));
	EXPECT_EQ(-EBUSY, lg_attr_set("victim", "kernel", "lguest/hello.elf"));
	EXPECT_EQ(-EBUSY, lg_guest_rmdir("victim"));
	EXPECT_EQ(1, run_named("victim", &out));
	free(out);

	kill(s.pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, lg_stub_finish(&s, TIMEOUT));
	expect_state(_metadata, "victim", "stopped: stub killed");
	lg_stub_free(&s);

	ASSERT_EQ(0, lg_attr_set("victim", "kernel", "lguest/hello.elf"));
	EXPECT_EQ(0, run_named("victim", &out));
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("victim"));
}

/* Bad images leave the guest defined, with the reason in "state". */
static char *slurp(const char *path, size_t *len)
{
	char *buf = malloc(1 << 20);
	int n = lg_read_file(path, buf, 1 << 20);

	*len = n > 0 ? n : 0;
	return buf;
}

TEST(bad_images_are_refused_with_a_reason)
{
	static const struct {
		const char *file;
		const char *why;
	} cases[] = {
		{ "bad-checksum.img", "lguest image checksum mismatch" },
		{ "bad-truncated.img", "lguest image checksum mismatch" },
		{ "bad-header.img", "truncated lguest image header" },
		{ "bad-garbage.img", "unknown image format (bad magic)" },
		{ "bad-elf.elf", "ELF program headers outside the file" },
	};
	size_t img_len, elf_len, i;
	char *img, *elf, *out, kernel[64], want[256], longname[256];

	need_host(_metadata);
	img = slurp(LG_FW_DIR "/hello.img", &img_len);
	elf = slurp(LG_FW_DIR "/hello.elf", &elf_len);
	ASSERT_LT((size_t)100, img_len);
	ASSERT_LT((size_t)100, elf_len);
	img[img_len - 3] ^= 0x40;
	ASSERT_EQ(0, lg_write_fw("bad-checksum.img", img, img_len));
	img[img_len - 3] ^= 0x40;
	ASSERT_EQ(0, lg_write_fw("bad-truncated.img", img, img_len - 20));
	ASSERT_EQ(0, lg_write_fw("bad-header.img", img, 30));
	ASSERT_EQ(0, lg_write_fw("bad-garbage.img", "MZ\x90\x00garbage", 11));
	ASSERT_EQ(0, lg_write_fw("bad-elf.elf", elf, 80));

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(kernel, sizeof(kernel), "lguest/%s", cases[i].file);
		snprintf(want, sizeof(want), "defined: bad kernel image '%s': %s", kernel,
			 cases[i].why);
		define(_metadata, "badimg", kernel, NULL);
		EXPECT_EQ(1, run_named("badimg", &out));
		expect_state(_metadata, "badimg", want);
		free(out);
		EXPECT_EQ(0, lg_guest_rmdir("badimg"));
	}
	define(_metadata, "badimg", "lguest/missing.img", NULL);
	EXPECT_EQ(1, lg_stub_run_err((const char *const[]){ LG_STUB, "badimg", NULL }, TIMEOUT,
				     &out));
	expect_state(_metadata, "badimg",
		     "defined: kernel: error -2, no such file below /lib/firmware: lguest/missing.img");
	/* The stub says why, not just the errno. */
	EXPECT_NE(NULL, strstr(out, "no such file below /lib/firmware")) TH_LOG("%s", out);
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("badimg"));

	/* An empty file, a directory, a name as long as allowed: each says so. */
	ASSERT_EQ(0, lg_write_fw("empty.img", "", 0));
	define(_metadata, "badimg", "lguest/empty.img", NULL);
	EXPECT_EQ(1, run_named("badimg", &out));
	expect_state(_metadata, "badimg", "defined: kernel: error -22, not a file with contents");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("badimg"));
	unlink(LG_FW_DIR "/empty.img");
	define(_metadata, "badimg", "lguest", NULL);
	EXPECT_EQ(1, run_named("badimg", &out));
	expect_state(_metadata, "badimg", "defined: kernel: error -");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("badimg"));
	memset(longname, 'k', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	define(_metadata, "badimg", longname, NULL);
	EXPECT_EQ(1, run_named("badimg", &out));
	expect_state(_metadata, "badimg", "defined: kernel: error -");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("badimg"));
	free(img);
	free(elf);
}

TEST(initrd_too_large_for_ram)
{
	size_t len = 3 << 20;
	char *big = calloc(1, len), *out;

	need_host(_metadata);
	ASSERT_EQ(0, lg_write_fw("big-initrd", big, len));
	define(_metadata, "bigrd", "lguest/hello.elf", NULL);
	ASSERT_EQ(0, lg_attr_set("bigrd", "memory", "2M"));
	ASSERT_EQ(0, lg_attr_set("bigrd", "initrd", "lguest/big-initrd"));
	EXPECT_EQ(1, run_named("bigrd", &out));
	expect_state(_metadata, "bigrd", "defined: initrd (3145728 bytes) does not fit");
	free(out);
	/* With room it loads, at the top of RAM. */
	ASSERT_EQ(0, lg_attr_set("bigrd", "memory", "16M"));
	EXPECT_EQ(0, run_named("bigrd", &out));
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("bigrd"));
	free(big);
}

TEST(no_kernel_set)
{
	char *out;

	need_host(_metadata);
	lg_guest_rmdir("empty");
	ASSERT_EQ(0, lg_guest_mkdir("empty"));
	EXPECT_EQ(1, run_named("empty", &out));
	expect_state(_metadata, "empty", "defined: no kernel set");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("empty"));
}

TEST(eight_guests_at_once)
{
	struct lg_stub s[8];
	char cmd[8][32];
	int i;

	need_host(_metadata);
	for (i = 0; i < 8; i++) {
		const char *const argv[] = { LG_STUB, cmd[i], "16M", "lguest/hello.elf", NULL };

		snprintf(cmd[i], sizeof(cmd[i]), "--cmdline=guest %d", i);
		ASSERT_EQ(0, lg_stub_start(&s[i], argv));
	}
	for (i = 0; i < 8; i++) {
		char want[32];

		EXPECT_EQ(0, lg_stub_finish(&s[i], TIMEOUT));
		snprintf(want, sizeof(want), "cmdline: guest %d\n", i);
		EXPECT_NE(NULL, strstr(s[i].out, want)) TH_LOG("%s", s[i].out);
		lg_stub_free(&s[i]);
	}
}

TEST_HARNESS_MAIN
