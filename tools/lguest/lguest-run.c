// SPDX-License-Identifier: GPL-2.0
/*
 * lguest-run: the stub that owns a guest's address space and runs its vCPU.
 * All device logic lives in the kernel; this program only attaches to a
 * guest defined in /sys/kernel/config/lguest/ and calls the run ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/lguest.h>

static int open_dev(void)
{
	int fd = open("/dev/lguest", O_RDWR | O_CLOEXEC);
	int ver;

	if (fd < 0) {
		fprintf(stderr, "lguest-run: /dev/lguest: %s (is lguest.ko loaded?)\n",
			strerror(errno));
		exit(1);
	}
	ver = ioctl(fd, LGUEST_GET_API_VERSION);
	if (ver != LGUEST_API_VERSION) {
		fprintf(stderr, "lguest-run: module speaks API %d, this stub %d\n",
			ver, LGUEST_API_VERSION);
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		close(open_dev());
		printf("lguest-run: API version %d\n", LGUEST_API_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: lguest-run --version\n");
	return 2;
}
