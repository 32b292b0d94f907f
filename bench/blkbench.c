// SPDX-License-Identifier: GPL-2.0
/*
 * The disk benchmark's guest side (make bench-blk): runs inside a guest,
 * on a virtio-blk disk, whatever the hypervisor.  O_DIRECT throughout, so
 * every byte crosses the virtqueue:
 *   seqwrite, seqread  1 MiB requests over the first MIB MiB, MiB/s;
 *   randread1          OPS 4 KiB reads at random 4 KiB offsets, one at
 *                      a time, IOPS;
 *   randread16         4 * OPS of them from 16 threads (queue depth 16).
 * A fixed amount of work, so that exits per MiB compare across
 * hypervisors.  Prints one "BLKBENCH <test> <value>" line each, and the
 * MiB moved.
 *
 * usage: lguest-blkbench DEVICE [MIB [OPS]]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SEQ_BLOCK	(1024 * 1024)
#define RAND_BLOCK	4096
#define DEPTH		16

static const char *dev;
static long mib = 256;
static long ops = 2048;
static long long moved;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_dev(int flags)
{
	int fd = open(dev, flags | O_DIRECT);

	if (fd < 0) {
		perror(dev);
		exit(1);
	}
	return fd;
}

static void *aligned(size_t len)
{
	void *p;

	if (posix_memalign(&p, 4096, len)) {
		fprintf(stderr, "blkbench: out of memory\n");
		exit(1);
	}
	memset(p, 0x5a, len);
	return p;
}

/* @mib MiB in 1 MiB requests; MiB/s. */
static double sequential(int write)
{
	int fd = open_dev(write ? O_WRONLY : O_RDONLY);
	char *buf = aligned(SEQ_BLOCK);
	double t = now();
	long i;

	for (i = 0; i < mib; i++) {
		ssize_t n = write ? pwrite(fd, buf, SEQ_BLOCK, i * (off_t)SEQ_BLOCK) :
				    pread(fd, buf, SEQ_BLOCK, i * (off_t)SEQ_BLOCK);

		if (n != SEQ_BLOCK) {
			perror(write ? "blkbench: write" : "blkbench: read");
			exit(1);
		}
	}
	if (write && fdatasync(fd))
		perror("blkbench: fdatasync");
	t = now() - t;
	close(fd);
	free(buf);
	__atomic_add_fetch(&moved, mib * (long long)SEQ_BLOCK, __ATOMIC_RELAXED);
	return mib / t;
}

static long per_reader;

/* One reader: @per_reader times 4 KiB at a random offset. */
static void *reader(void *arg)
{
	uint64_t x = (uintptr_t)arg * 0x9e3779b97f4a7c15ULL + 1;
	long blocks = mib * (SEQ_BLOCK / RAND_BLOCK), n = 0;
	int fd = open_dev(O_RDONLY);
	char *buf = aligned(RAND_BLOCK);

	while (n < per_reader) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (pread(fd, buf, RAND_BLOCK, (off_t)(x % blocks) * RAND_BLOCK) != RAND_BLOCK) {
			perror("blkbench: random read");
			exit(1);
		}
		n++;
	}
	close(fd);
	free(buf);
	__atomic_add_fetch(&moved, n * (long long)RAND_BLOCK, __ATOMIC_RELAXED);
	return (void *)n;
}

/* @depth readers, @total reads in all; IOPS. */
static double random_reads(int depth, long total)
{
	pthread_t t[DEPTH];
	double start = now();
	int i;

	per_reader = total / depth;
	for (i = 0; i < depth; i++)
		if (pthread_create(&t[i], NULL, reader, (void *)(uintptr_t)(i + 1))) {
			fprintf(stderr, "blkbench: cannot start a thread\n");
			exit(1);
		}
	for (i = 0; i < depth; i++)
		pthread_join(t[i], NULL);
	return per_reader * depth / (now() - start);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: lguest-blkbench DEVICE [MIB [OPS]]\n");
		return 2;
	}
	dev = argv[1];
	if (argc > 2)
		mib = atol(argv[2]);
	if (argc > 3)
		ops = atol(argv[3]);
	if (mib < 1 || ops < DEPTH) {
		fprintf(stderr, "blkbench: MIB must be positive, OPS at least %d\n", DEPTH);
		return 2;
	}
	printf("BLKBENCH seqwrite %.1f\n", sequential(1));
	fflush(stdout);
	printf("BLKBENCH seqread %.1f\n", sequential(0));
	fflush(stdout);
	printf("BLKBENCH randread1 %.0f\n", random_reads(1, ops));
	fflush(stdout);
	printf("BLKBENCH randread16 %.0f\n", random_reads(DEPTH, 4 * ops));
	printf("BLKBENCH moved_mib %.1f\n", moved / 1048576.0);
	printf("BLKBENCH done\n");
	return 0;
}
