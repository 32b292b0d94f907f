// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel nobody built for lguest: Debian's own vmlinuz boots with a
 * busybox initramfs to its init's marker line, with a clean log, a ticking
 * timer and a clock that keeps time; "poweroff -f" and "reboot -f" end it
 * with the right state; two boot at once; and broken kernels, initrds and
 * command lines are refused with a reason.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"
#include "lguest_util.h"

/* Guests run under TCG here: whole boots, not milliseconds. */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 600

#define KERNEL		"lguest/vmlinuz-6.1.0-amd64"
#define INITRD		"lguest/initrd.cpio.gz"
#define CMDLINE		"console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 "
#define TIMEOUT		240

static void define_stock(struct __test_metadata *_metadata, const char *name,
			 const char *mem, const char *lgtest)
{
	char cmdline[256];

	if (!lg_cpu_can_host())
		SKIP(return, "CPU cannot host guests");
	ASSERT_EQ(0, lg_module_ensure_loaded());
	lg_guest_rmdir(name);
	ASSERT_EQ(0, lg_guest_mkdir(name));
	ASSERT_EQ(0, lg_attr_set(name, "memory", mem));
	ASSERT_EQ(0, lg_attr_set(name, "kernel", KERNEL));
	ASSERT_EQ(0, lg_attr_set(name, "initrd", INITRD));
	snprintf(cmdline, sizeof(cmdline), CMDLINE "lgtest=%s", lgtest);
	ASSERT_EQ(0, lg_attr_set(name, "cmdline", cmdline));
}

static void expect_state(struct __test_metadata *_metadata, const char *name,
			 const char *want)
{
	char buf[512];

	ASSERT_LE(0, lg_attr_get(name, "state", buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The number after @key in @out, from the @nth occurrence (0-based). */
static double number_after(const char *out, const char *key, int nth)
{
	const char *p = out;

	while ((p = strstr(p, key)) && nth--)
		p += strlen(key);
	return p ? strtod(p + strlen(key), NULL) : -1;
}

TEST(stock_kernel_boots_keeps_time_and_powers_off)
{
	const char *const argv[] = { LG_STUB, "deb", NULL };
	double t1, t2, up1, up2, host_elapsed, guest_elapsed;
	struct lg_stub s;
	long loc1, loc2;
	char *dmesg_end;

	define_stock(_metadata, "deb", "256M", "report");
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	ASSERT_TRUE(lg_stub_wait_output(&s, "LGUEST-GUEST-UP", TIMEOUT)) TH_LOG("%s", s.out);
	ASSERT_TRUE(lg_stub_wait_output(&s, "--- uptime 1 ", TIMEOUT));
	ASSERT_TRUE(lg_stub_wait_output(&s, "\n--- interrupts 1", TIMEOUT));
	t1 = now_s();
	ASSERT_TRUE(lg_stub_wait_output(&s, "--- uptime 2 ", TIMEOUT));
	ASSERT_TRUE(lg_stub_wait_output(&s, "\n--- interrupts 2", TIMEOUT));
	t2 = now_s();
	EXPECT_EQ(0, lg_stub_finish(&s, TIMEOUT));
	expect_state(_metadata, "deb", "stopped: poweroff");

	/* The guest's own log: no warning, oops or unchecked MSR access. */
	dmesg_end = strstr(s.out, "--- uptime 1");
	ASSERT_NE(NULL, dmesg_end);
	*dmesg_end = '\0';
	EXPECT_EQ(NULL, strstr(s.out, "WARNING: CPU")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "Call Trace")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "BUG:")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "unchecked MSR")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "unable to open an initial console"));
	EXPECT_EQ(NULL, strstr(s.out, "ACPI Error")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "ACPI Warning")) TH_LOG("%s", s.out);
	EXPECT_NE(NULL, strstr(s.out, "kvm-clock: Using msrs"));
	EXPECT_NE(NULL, strstr(s.out, "x2apic: enabled by BIOS"));
	*dmesg_end = '-';

	/* The timer ticks... */
	loc1 = (long)number_after(s.out, "LOC:", 0);
	loc2 = (long)number_after(s.out, "LOC:", 1);
	EXPECT_LT(0, loc1);
	EXPECT_LT(loc1, loc2) TH_LOG("LOC %ld -> %ld", loc1, loc2);

	/* ...and the clock keeps the host's pace over 5 s, within 10%. */
	up1 = number_after(s.out, "--- uptime 1 ", 0);
	up2 = number_after(s.out, "--- uptime 2 ", 0);
	guest_elapsed = up2 - up1;
	host_elapsed = t2 - t1;
	TH_LOG("guest %.2f s, host %.2f s", guest_elapsed, host_elapsed);
	EXPECT_LT(4.5, guest_elapsed);
	EXPECT_LT(guest_elapsed, host_elapsed * 1.1 + 0.2);
	EXPECT_LT(host_elapsed, guest_elapsed * 1.1 + 0.5);

	/* Its wall clock is the host's. */
	EXPECT_LT(labs((long)number_after(s.out, "--- date ", 0) - (long)time(NULL)), 30);
	lg_stub_free(&s);
	EXPECT_EQ(0, lg_guest_rmdir("deb"));
}

/* The first line of @out that starts with @irq (" 4:") and has @word in it. */
static const char *irq_line(const char *out, const char *irq, const char *word)
{
	const char *p = out, *eol;

	while ((p = strstr(p, irq))) {
		eol = strchr(p, '\n');
		if (!eol)
			return NULL;
		if (memmem(p, eol - p, word, strlen(word)))
			return p;
		p = eol;
	}
	return NULL;
}

/*
 * "noapic" (kvmtool puts it on its command lines): no I/O APIC, so the
 * UART's interrupts come through the 8259s and LINT0 as ExtINT.  The
 * guest's console keeps working to the end, its /proc/interrupts shows
 * ttyS0 on the XT-PIC taking interrupts, and it powers off.
 */
TEST(noapic_guest_gets_interrupts_through_the_8259s)
{
	const char *const argv[] = { LG_STUB, "na", NULL };
	const char *line;
	struct lg_stub s;

	define_stock(_metadata, "na", "256M", "report noapic");
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	ASSERT_TRUE(lg_stub_wait_output(&s, "LGUEST-GUEST-UP", TIMEOUT)) TH_LOG("%s", s.out);
	ASSERT_TRUE(lg_stub_wait_output(&s, "--- end", TIMEOUT)) TH_LOG("%s", s.out);
	EXPECT_EQ(0, lg_stub_finish(&s, TIMEOUT));
	expect_state(_metadata, "na", "stopped: poweroff");
	EXPECT_NE(NULL, strstr(s.out, "Using PIC for interrupt routing")) TH_LOG("%s", s.out);
	EXPECT_EQ(NULL, strstr(s.out, "ACPI Error")) TH_LOG("%s", s.out);
	line = irq_line(s.out, "  4:", "XT-PIC");
	ASSERT_NE(NULL, line) TH_LOG("%s", s.out);
	EXPECT_NE(NULL, irq_line(line, "  4:", "ttyS0"));
	EXPECT_LT(10, strtol(line + 4, NULL, 10)) TH_LOG("%.200s", line);
	/* The timer is the local APIC's, as without noapic. */
	EXPECT_LT(0, (long)number_after(s.out, "LOC:", 0));
	lg_stub_free(&s);
	EXPECT_EQ(0, lg_guest_rmdir("na"));
}

/* on_reboot=restart: a reset boots the guest again, console kept. */
TEST(reboot_restarts_when_asked)
{
	const char *const argv[] = { LG_STUB, "rs", NULL };
	struct lg_stub s;

	define_stock(_metadata, "rs", "256M", "reboot");
	ASSERT_EQ(0, lg_attr_set("rs", "on_reboot", "restart"));
	ASSERT_EQ(0, lg_stub_start(&s, argv));
	EXPECT_TRUE(lg_stub_wait_count(&s, "LGUEST-GUEST-UP", 2, TIMEOUT)) TH_LOG("%s", s.out);
	expect_state(_metadata, "rs", "running");
	kill(s.pid, SIGINT);
	EXPECT_EQ(130, lg_stub_finish(&s, TIMEOUT));
	expect_state(_metadata, "rs", "stopped: stopped by stub");
	lg_stub_free(&s);
	EXPECT_EQ(0, lg_guest_rmdir("rs"));
}

/* The same kernel as an ELF vmlinux, entered at its 64-bit entry point. */
TEST(elf_vmlinux_boots_and_powers_off)
{
	const char *const argv[] = { LG_STUB, "elf", NULL };
	char *out;

	define_stock(_metadata, "elf", "256M", "poweroff");
	ASSERT_EQ(0, lg_attr_set("elf", "kernel", "lguest/vmlinux-6.1.0-amd64"));
	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "LGUEST-GUEST-UP")) TH_LOG("%s", out);
	expect_state(_metadata, "elf", "stopped: poweroff");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("elf"));
}

TEST(reboot_stops_the_guest)
{
	const char *const argv[] = { LG_STUB, "rb", NULL };
	char *out;

	define_stock(_metadata, "rb", "256M", "reboot");
	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "LGUEST-GUEST-UP"));
	expect_state(_metadata, "rb", "stopped: reboot");
	free(out);
	EXPECT_EQ(0, lg_guest_rmdir("rb"));
}

TEST(two_stock_guests_at_once)
{
	const char *const a[] = { LG_STUB, "deb-a", NULL };
	const char *const b[] = { LG_STUB, "deb-b", NULL };
	struct lg_stub sa, sb;

	define_stock(_metadata, "deb-a", "192M", "poweroff");
	define_stock(_metadata, "deb-b", "192M", "poweroff");
	ASSERT_EQ(0, lg_stub_start(&sa, a));
	ASSERT_EQ(0, lg_stub_start(&sb, b));
	EXPECT_EQ(0, lg_stub_finish(&sa, TIMEOUT));
	EXPECT_EQ(0, lg_stub_finish(&sb, TIMEOUT));
	EXPECT_NE(NULL, strstr(sa.out, "LGUEST-GUEST-UP"));
	EXPECT_NE(NULL, strstr(sb.out, "LGUEST-GUEST-UP"));
	expect_state(_metadata, "deb-a", "stopped: poweroff");
	expect_state(_metadata, "deb-b", "stopped: poweroff");
	lg_stub_free(&sa);
	lg_stub_free(&sb);
	EXPECT_EQ(0, lg_guest_rmdir("deb-a"));
	EXPECT_EQ(0, lg_guest_rmdir("deb-b"));
}

/* A stub running detached; the guest's shell used through its tty. */
TEST(shell_on_the_tty_of_a_detached_stub)
{
	const char *const argv[] = { LG_STUB, "-d", "sh", NULL };
	static char buf[1 << 16];
	struct termios t;
	char *out;
	int fd, i;

	define_stock(_metadata, "sh", "256M", "shell");
	ASSERT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	*strchrnul(out, '\n') = '\0';
	fd = open(out, O_RDWR | O_NOCTTY);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", out, strerror(errno));
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	tcsetattr(fd, TCSANOW, &t);
	/* The shell's prompt: typing earlier could be flushed by its start. */
	lg_read_until(fd, buf, sizeof(buf), "# ", TIMEOUT);
	ASSERT_NE(NULL, strstr(buf, "# ")) TH_LOG("%s", buf);
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(22, write(fd, "echo LG-$((6 * 7))-OK\r", 22));
		lg_read_until(fd, buf, sizeof(buf), "LG-42-OK", 30);
		if (strstr(buf, "LG-42-OK"))
			break;
	}
	EXPECT_NE(NULL, strstr(buf, "LG-42-OK")) TH_LOG("%s", buf);
	ASSERT_EQ(12, write(fd, "poweroff -f\r", 12));
	for (i = 0; i < TIMEOUT * 10 && !lg_state_is("sh", "stopped"); i++)
		usleep(100000);
	expect_state(_metadata, "sh", "stopped: poweroff");
	close(fd);
	free(out);
	for (i = 0; i < TIMEOUT * 10 && lg_guest_rmdir("sh") == -EBUSY; i++)
		usleep(100000);
	EXPECT_FALSE(lg_path_exists(LG_CONFIGFS "/sh"));
}

/* Broken kernels and initrds leave the guest defined, with the reason. */
TEST(hostile_bzimages_and_initrds)
{
	const char *const argv[] = { LG_STUB, "hb", NULL };
	size_t len = 16 << 20, n;
	char *k = malloc(len), *out;
	int fd = open(LG_FW_DIR "/vmlinuz-6.1.0-amd64", O_RDONLY);

	ASSERT_LE(0, fd);
	n = read(fd, k, len);
	close(fd);
	ASSERT_LT((size_t)(1 << 20), n);

	/* Truncated: the payload is shorter than syssize says. */
	ASSERT_EQ(0, lg_write_fw("bz-truncated", k, 64 << 10));
	define_stock(_metadata, "hb", "256M", "poweroff");
	ASSERT_EQ(0, lg_attr_set("hb", "kernel", "lguest/bz-truncated"));
	EXPECT_EQ(1, lg_stub_run(argv, TIMEOUT, &out));
	free(out);
	expect_state(_metadata, "hb",
		     "defined: bad kernel image 'lguest/bz-truncated': protected-mode kernel truncated (syssize)");

	/* A lying header: an init_size no RAM holds; an old protocol. */
	k[0x263] = 0x7f;
	ASSERT_EQ(0, lg_write_fw("bz-lying", k, n));
	ASSERT_EQ(0, lg_attr_set("hb", "kernel", "lguest/bz-lying"));
	EXPECT_EQ(1, lg_stub_run(argv, TIMEOUT, &out));
	free(out);
	expect_state(_metadata, "hb",
		     "defined: bad kernel image 'lguest/bz-lying': guest RAM too small for the kernel's init_size");
	k[0x206] = 0x0b;
	ASSERT_EQ(0, lg_write_fw("bz-lying", k, n));
	EXPECT_EQ(1, lg_stub_run(argv, TIMEOUT, &out));
	free(out);
	expect_state(_metadata, "hb",
		     "defined: bad kernel image 'lguest/bz-lying': boot protocol older than 2.12");

	/* An initrd larger than RAM. */
	ASSERT_EQ(0, lg_attr_set("hb", "kernel", KERNEL));
	ASSERT_EQ(0, lg_attr_set("hb", "memory", "128M"));
	memset(k, 0, len);
	ASSERT_EQ(0, lg_write_fw("big-initrd", k, len));
	for (n = 0; n < 9; n++) {
		fd = open(LG_FW_DIR "/big-initrd", O_WRONLY | O_APPEND);
		ASSERT_EQ((ssize_t)len, write(fd, k, len));
		close(fd);
	}
	ASSERT_EQ(0, lg_attr_set("hb", "initrd", "lguest/big-initrd"));
	EXPECT_EQ(1, lg_stub_run(argv, TIMEOUT, &out));
	free(out);
	expect_state(_metadata, "hb",
		     "defined: initrd (167772160 bytes) does not fit in RAM above the kernel");
	unlink(LG_FW_DIR "/big-initrd");
	unlink(LG_FW_DIR "/bz-lying");
	unlink(LG_FW_DIR "/bz-truncated");
	free(k);
	EXPECT_EQ(0, lg_guest_rmdir("hb"));
}

/* The longest command line the kernel takes boots; one more is refused. */
TEST(command_line_at_the_limit)
{
	const char *const argv[] = { LG_STUB, "cl", NULL };
	char *cmdline = malloc(2100), *out;
	size_t len;

	define_stock(_metadata, "cl", "256M", "poweroff");
	len = strlen(CMDLINE "lgtest=poweroff ");
	strcpy(cmdline, CMDLINE "lgtest=poweroff ");
	memset(cmdline + len, 'x', 2047 - len);
	cmdline[2047] = '\0';
	ASSERT_EQ(0, lg_attr_set("cl", "cmdline", cmdline));
	EXPECT_EQ(0, lg_stub_run(argv, TIMEOUT, &out));
	EXPECT_NE(NULL, strstr(out, "LGUEST-GUEST-UP"));
	free(out);
	expect_state(_metadata, "cl", "stopped: poweroff");
	cmdline[2047] = 'x';
	cmdline[2048] = '\0';
	EXPECT_EQ(-EMSGSIZE, lg_attr_set("cl", "cmdline", cmdline));
	free(cmdline);
	EXPECT_EQ(0, lg_guest_rmdir("cl"));
}

TEST_HARNESS_MAIN
