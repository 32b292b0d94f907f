// SPDX-License-Identifier: GPL-2.0
/*
 * U:000 /dev/lguest: the stub's door.  A file attaches to one guest
 * (LGUEST_ATTACH), runs it in the calling thread (LGUEST_RUN) and carries
 * its console (read/write/poll).  Closing the file, which also happens
 * when the stub is killed, frees everything the guest held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "lg.h"

/*
 * One attach at a time, module-wide: two threads attaching on one file
 * must not both succeed, and attach is rare enough not to need better.
 * Readers of file->private_data pair with its release store.
 */
static DEFINE_MUTEX(lg_attach_mutex);

/* The first LGUEST_ATTACH had no flags: stubs built then still work. */
#define LGUEST_ATTACH_V1_SIZE	offsetof(struct lguest_attach, flags)
#define LGUEST_ATTACH_V1	_IOC(_IOC_READ | _IOC_WRITE, LGUEST_IOCTL_MAGIC, \
				     0x01, LGUEST_ATTACH_V1_SIZE)

static struct lguest *lg_file_guest(struct file *file)
{
	/* Pairs with the release in lg_attach_locked(): a fully built guest. */
	return smp_load_acquire((struct lguest **)&file->private_data);
}

/* Reverse of lg_attach(); @lg->lock held. */
static void lg_detach(struct lguest *lg)
{
	lg_machine_teardown(lg);
	lg_tty_remove(lg);
	lg_console_free(lg);
	lg_vdevs_unpin(lg->vdevs, lg->nr_vdevs);
	lg->nr_vdevs = 0;
	lg->attached = NULL;
}

/*
 * U:105 Who may run a guest: whoever owns its configfs directory (its
 * creator; an administrator may chown it to hand it over), or
 * CAP_SYS_ADMIN.  Attaching reads the kernel and initrd with the module's
 * credentials and hands them to the caller's memory, so this is also who
 * may read them.
 */
static int lg_may_attach(struct lguest *lg)
{
	struct inode *dir = d_inode(lg->group.cg_item.ci_dentry);

	if (uid_eq(current_fsuid(), dir->i_uid) || capable(CAP_SYS_ADMIN))
		return 0;
	return -EPERM;
}

/*
 * U:100 Attach: claim the guest, give it RAM in the caller's address space,
 * load its kernel and create its vCPU.  Any failure unwinds all of it and
 * leaves the guest defined, with the reason in "state".  lg_attach_mutex
 * held.
 */
static long lg_attach_locked(struct file *file, struct lguest_attach __user *uarg,
			     size_t size)
{
	struct lg_vdev *devs[LG_VDEV_MAX];
	struct lguest_attach arg = {};
	struct lguest *lg;
	int err, n;

	if (file->private_data)
		return -EBUSY;
	if (copy_from_user(&arg, uarg, size))
		return -EFAULT;
	if (strnlen(arg.name, sizeof(arg.name)) == sizeof(arg.name))
		return -ENAMETOOLONG;
	if ((arg.flags & ~LGUEST_ATTACH_STUB_RAM) || arg.reserved)
		return -EINVAL;
	if (!current->mm)
		return -EINVAL;

	lg = lg_find_and_pin(arg.name);
	if (IS_ERR(lg))
		return PTR_ERR(lg);
	/* Its devices too, before its lock: configfs's lock comes first. */
	n = lg_vdevs_pin(lg, devs);
	if (n < 0) {
		lg_unpin(lg);
		return n;
	}

	mutex_lock(&lg->lock);
	err = lg_may_attach(lg);
	if (err)
		goto unlock;
	err = -EBUSY;
	if (lg->attached)
		goto unlock;
	spin_lock_irq(&lg->end_lock);
	lg->state = LG_DEFINED;
	lg->reason[0] = '\0';
	spin_unlock_irq(&lg->end_lock);
	err = -EINVAL;
	if (!lg->kernel[0]) {
		lg_set_reason(lg, err, "no kernel set");
		goto unlock;
	}
	memset(lg->stats, 0, sizeof(lg->stats));
	lg->run_ns = 0;
	lg->console_waits = 0;
	lg->tlb_scrubs = 0;
	lg->exit_code = 0;
	lg->ram_from_stub = arg.flags & LGUEST_ATTACH_STUB_RAM;
	lg->ram_hva = lg->ram_from_stub ? arg.ram_base : 0;
	lg->attached = file;
	memcpy(lg->vdevs, devs, n * sizeof(devs[0]));
	lg->nr_vdevs = n;
	n = 0;		/* the guest holds them now; lg_detach() lets go */

	err = lg_console_init(lg);
	if (err)
		goto undo;
	err = lg_machine_build(lg);
	if (err)
		goto undo;

	arg.ram_base = lg->ram_hva;
	arg.ram_size = lg->ram_size;
	if (copy_to_user(uarg, &arg, size)) {
		err = -EFAULT;
		goto undo;
	}
	spin_lock_irq(&lg->end_lock);
	lg->state = LG_RUNNING;
	spin_unlock_irq(&lg->end_lock);
	/* Publish only a fully built guest; see lg_file_guest(). */
	smp_store_release(&file->private_data, lg);
	mutex_unlock(&lg->lock);
	return 0;

undo:
	lg_detach(lg);
unlock:
	mutex_unlock(&lg->lock);
	lg_vdevs_unpin(devs, n);
	lg_unpin(lg);
	return err;
}

static long lg_attach(struct file *file, struct lguest_attach __user *uarg,
		      size_t size)
{
	long ret;

	mutex_lock(&lg_attach_mutex);
	ret = lg_attach_locked(file, uarg, size);
	mutex_unlock(&lg_attach_mutex);
	return ret;
}

static long lg_run_ioctl(struct lguest *lg, struct lguest_run_result __user *uarg)
{
	struct lguest_run_result res = {};
	int err;

	if (current->mm != lg->mm)
		return -EPERM;
	if (!mutex_trylock(&lg->run_lock))
		return -EBUSY;
	do {
		if (lg->reboot)
			lg_machine_restart(lg);
		err = lg_run(lg, &res);
	} while (!err && lg->reboot);
	mutex_unlock(&lg->run_lock);
	if (err && err != -EINTR)
		return err;
	if (copy_to_user(uarg, &res, sizeof(res)))
		return -EFAULT;
	return err;
}

/* misc_open() leaves the miscdevice in private_data; ours is the guest. */
static int lg_dev_open(struct inode *inode, struct file *file)
{
	file->private_data = NULL;
	return 0;
}

static long lg_dev_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct lguest *lg = lg_file_guest(file);

	switch (cmd) {
	case LGUEST_GET_API_VERSION:
		return LGUEST_API_VERSION;
	case LGUEST_ATTACH:
		return lg_attach(file, (void __user *)arg, sizeof(struct lguest_attach));
	case LGUEST_ATTACH_V1:
		return lg_attach(file, (void __user *)arg, LGUEST_ATTACH_V1_SIZE);
	case LGUEST_RUN:
		if (!lg)
			return -ENXIO;
		return lg_run_ioctl(lg, (void __user *)arg);
	case LGUEST_CONSOLE_TTY:
		if (!lg)
			return -ENXIO;
		/* Attach and detach hold lg->lock; the tty is made once. */
		{
			int ret;

			mutex_lock(&lg->lock);
			ret = lg_tty_create(lg);
			mutex_unlock(&lg->lock);
			/* A guest whose console has nowhere to go ends, saying why. */
			if (ret == -ENOSPC)
				lg_end(lg, LG_STOPPED, 1,
				       "no console tty free (all /dev/lgcon* in use)");
			else if (ret < 0)
				lg_end(lg, LG_STOPPED, 1,
				       "cannot make its console tty (error %d)", ret);
			return ret;
		}
	case LGUEST_STOP:
		if (!lg)
			return -ENXIO;
		lg_end(lg, LG_STOPPED, 0, "stopped by stub");
		return 0;
	default:
		return -ENOTTY;
	}
}

static ssize_t lg_dev_read(struct file *file, char __user *buf, size_t len,
			   loff_t *ppos)
{
	struct lguest *lg = lg_file_guest(file);

	if (!lg)
		return -ENXIO;
	return lg_console_read(lg, buf, len, file->f_flags & O_NONBLOCK);
}

static ssize_t lg_dev_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	struct lguest *lg = lg_file_guest(file);

	if (!lg)
		return -ENXIO;
	return lg_console_write(lg, buf, len);
}

static __poll_t lg_dev_poll(struct file *file, struct poll_table_struct *wait)
{
	struct lguest *lg = lg_file_guest(file);

	if (!lg)
		return EPOLLERR;
	return lg_console_poll(lg, file, wait);
}

/*
 * U:200 Close: the guest ends if it had not ("stopped: stub exited"), and
 * everything it held goes.  This also runs when a killed stub's files are
 * closed, after its mm is gone.
 */
static int lg_dev_release(struct inode *inode, struct file *file)
{
	struct lguest *lg = lg_file_guest(file);

	if (!lg)
		return 0;
	lg_end(lg, LG_STOPPED, 0, "stub exited");
	mutex_lock(&lg->lock);
	lg_detach(lg);
	mutex_unlock(&lg->lock);
	lg_unpin(lg);
	return 0;
}

static const struct file_operations lg_dev_fops = {
	.owner = THIS_MODULE,
	.open = lg_dev_open,
	.unlocked_ioctl = lg_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = lg_dev_read,
	.write = lg_dev_write,
	.poll = lg_dev_poll,
	.release = lg_dev_release,
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

	if (err) {
		pr_err("cannot register /dev/lguest: %d\n", err);
		return err;
	}
	lg_set_device(lg_dev.this_device);
	return 0;
}

void lg_user_exit(void)
{
	misc_deregister(&lg_dev);
}
