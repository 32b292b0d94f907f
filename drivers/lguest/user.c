// SPDX-License-Identifier: GPL-2.0
/*
 * U:000 /dev/lguest: the stub's door.  It attaches to a guest defined in
 * configfs and runs it; the interface is include/uapi/linux/lguest.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "lg.h"

static long lg_dev_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	switch (cmd) {
	case LGUEST_GET_API_VERSION:
		return LGUEST_API_VERSION;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations lg_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = lg_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice lg_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lguest",
	.fops = &lg_dev_fops,
	.mode = 0600,
};

int lg_user_init(void)
{
	int err = misc_register(&lg_dev);

	if (err)
		pr_err("cannot register /dev/lguest: %d\n", err);
	return err;
}

void lg_user_exit(void)
{
	misc_deregister(&lg_dev);
}
