/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lguest's private header: the guest structure and the prototypes, grouped
 * by the file that defines them.  Read Documentation/virt/lguest/ first.
 */
#ifndef _DRIVERS_LGUEST_LG_H
#define _DRIVERS_LGUEST_LG_H

#include <linux/configfs.h>
#include <linux/lguest.h>
#include <linux/mutex.h>
#include <linux/types.h>

/* parse.c: pure helpers for configfs input; no x86, builds under UML. */
int lg_parse_size(const char *buf, u64 min, u64 max, u64 *out);
int lg_parse_fw_name(const char *buf, char *out, size_t out_size);
size_t lg_strip_len(const char *buf, size_t len);

/**
 * struct lg_vendor_ops - what the machine-independent core needs from a
 * hardware backend (AMD SVM today, Intel VMX later).
 * @name:	short name for messages.
 * @probe:	check the CPU; return 0 or -ENODEV after one pr_err naming
 *		the missing feature.
 */
struct lg_vendor_ops {
	const char *name;
	int (*probe)(void);
};

/**
 * struct lguest - one guest, born by mkdir in configfs.
 * @group:	the configfs directory.
 * @lock:	serialises attribute stores against each other and the run.
 */
struct lguest {
	struct config_group group;
	struct mutex lock;	/* see @lock above */
};

/* svm.c */
extern const struct lg_vendor_ops lg_svm_ops;

/* configfs.c */
int lg_configfs_init(void);
void lg_configfs_exit(void);

/* user.c */
int lg_user_init(void);
void lg_user_exit(void);

#endif /* _DRIVERS_LGUEST_LG_H */
