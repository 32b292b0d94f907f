/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared plumbing for the lguest selftests: module loading, CPU flags,
 * the kernel log, small file helpers.
 */
#ifndef LGUEST_SELFTEST_UTIL_H
#define LGUEST_SELFTEST_UTIL_H

#include <stdbool.h>

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
