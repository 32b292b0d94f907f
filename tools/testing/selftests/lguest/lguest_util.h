/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared plumbing for the lguest selftests: module loading, CPU flags,
 * the kernel log, small file helpers.
 */
#ifndef LGUEST_SELFTEST_UTIL_H
#define LGUEST_SELFTEST_UTIL_H

#include <stdbool.h>
#include <sys/types.h>

#define LG_CONFIGFS	"/sys/kernel/config/lguest"
#define LG_DEV		"/dev/lguest"

bool lg_path_exists(const char *path);
bool lg_cpu_has_flag(const char *flag);
bool lg_cpu_can_host(void);
int lg_module_load(void);
int lg_module_unload(void);
int lg_module_ensure_loaded(void);
void lg_kmsg_clear(void);
char *lg_kmsg_read(void);
int lg_read_file(const char *path, char *buf, size_t size);
int lg_write_file(const char *path, const char *val);

#endif

/* Guests in configfs and runs of the stub (lguest_util.c). */
#define LG_STUB		"/usr/bin/lguest-run"
#define LG_FW_DIR	"/lib/firmware/lguest"

int lg_guest_mkdir(const char *name);
int lg_guest_rmdir(const char *name);
int lg_dev_mkdir(const char *guest, const char *kind, const char *name);
int lg_dev_rmdir(const char *guest, const char *kind, const char *name);
int lg_attr_set(const char *guest, const char *attr, const char *val);
int lg_attr_get(const char *guest, const char *attr, char *buf, size_t size);
bool lg_state_is(const char *guest, const char *prefix);

/**
 * struct lg_stub - one lguest-run process and its captured stdout.
 */
struct lg_stub {
	int pid;
	int out_fd;
	char *out;
	size_t out_len;
	int status;		/* wait status once reaped */
};

int lg_stub_start(struct lg_stub *s, const char *const argv[]);
int lg_stub_start_in(struct lg_stub *s, const char *const argv[], int *in);
bool lg_stub_wait_output(struct lg_stub *s, const char *needle, int timeout_s);
bool lg_stub_wait_count(struct lg_stub *s, const char *needle, int times, int timeout_s);
ssize_t lg_read_until(int fd, char *buf, size_t size, const char *needle, int timeout_s);
int lg_stub_finish(struct lg_stub *s, int timeout_s);
int lg_stub_run(const char *const argv[], int timeout_s, char **out);
int lg_stub_run_err(const char *const argv[], int timeout_s, char **out);
void lg_stub_free(struct lg_stub *s);
long lg_meminfo(const char *field);
int lg_write_fw(const char *name, const void *data, size_t len);
