// SPDX-License-Identifier: GPL-2.0
/*
 * lguest: a small hypervisor inside the kernel.
 *
 * C:000 The module starts here.  It checks the CPU through the vendor
 * backend, then opens its two doors to userspace: the configfs tree where
 * guests are defined and /dev/lguest where the stub runs them.  Unloading
 * closes both; configfs pins the module while any guest directory exists.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "lg.h"

static int __init lguest_init(void)
{
	int err;

	lg_vendor = &lg_svm_ops;
	err = lg_vendor->probe();
	if (err)
		return err;

	err = lg_vendor->init();
	if (err)
		return err;

	err = lg_tty_init();
	if (err)
		goto undo_vendor;

	err = lg_configfs_init();
	if (err)
		goto undo_tty;

	err = lg_user_init();
	if (err)
		goto undo_configfs;

	pr_info("ready (%s, nested paging)\n", lg_vendor->name);
	return 0;

undo_configfs:
	lg_configfs_exit();
undo_tty:
	lg_tty_exit();
undo_vendor:
	lg_vendor->exit();
	return err;
}

static void __exit lguest_exit(void)
{
	lg_user_exit();
	lg_configfs_exit();
	lg_tty_exit();
	lg_vendor->exit();
}

module_init(lguest_init);
module_exit(lguest_exit);
MODULE_DESCRIPTION("lguest: a small in-kernel hypervisor");
MODULE_LICENSE("GPL");
