// SPDX-License-Identifier: GPL-2.0
/*
 * The core: the services every other file may call and which call none
 * of them back: where a guest ends (lg_end()), how its vCPU is kicked out
 * of guest mode, the state it is in, and the device the firmware loader
 * reads kernels for.  The run loop that drives a guest is in run.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/sched/signal.h>

#include "lg.h"

const struct lg_vendor_ops *lg_vendor;

/* What request_firmware() reads guest kernels for: /dev/lguest's device. */
static struct device *lg_fw_device;

void lg_set_device(struct device *dev)
{
	lg_fw_device = dev;
}

struct device *lg_device(void)
{
	return lg_fw_device;
}

/*
 * K:100 The one place a guest ends.  The first reason wins and is kept in
 * a fixed buffer (no allocation: this runs from any context); everything
 * after that carries on harmlessly and the run loop notices at its top.
 * LG_DEAD is guest misbehaviour (exit code 1), LG_STOPPED a clean end with
 * @exit_code, which is what LGUEST_RUN reports.  The vCPU is kicked out of
 * guest mode, so a stop from another thread takes effect at once.
 */
void lg_end(struct lguest *lg, enum lg_state how, int exit_code,
	    const char *fmt, ...)
{
	unsigned long flags;
	bool first = false;
	va_list args;

	spin_lock_irqsave(&lg->end_lock, flags);
	if (lg->state == LG_RUNNING) {
		va_start(args, fmt);
		vsnprintf(lg->reason, sizeof(lg->reason), fmt, args);
		va_end(args);
		lg->state = how;
		lg->exit_code = how == LG_DEAD ? 1 : exit_code;
		first = true;
	}
	spin_unlock_irqrestore(&lg->end_lock, flags);
	if (!first)
		return;
	/* A guest can die on purpose, again and again: the log is not its. */
	if (how == LG_DEAD)
		pr_info_ratelimited("%s: dead: %s\n",
				    config_item_name(&lg->group.cg_item), lg->reason);
	wake_up_all(&lg->wait);
	wake_up_all(&lg->con.out_wait);
	lg_kick(lg);
}

/*
 * K:110 Kick the vCPU out of guest mode, from any context (a hard-IRQ
 * timer, a console write on another CPU, lg_end()).  The caller has
 * already made what it wants seen visible (an IRR bit, console input, the
 * end): the vCPU checks for it with interrupts off just before each VMRUN,
 * and if it is past that check, the IPI kick_process() sends ends the
 * guest's turn at once.  The task pointer is read once: the vCPU thread
 * clears it on every return from LGUEST_RUN, and a task_struct is freed
 * only after an RCU grace period once the task is released, which the
 * vCPU thread cannot be while it is still inside LGUEST_RUN.
 */
void lg_kick(struct lguest *lg)
{
	struct task_struct *t;

	rcu_read_lock();
	t = rcu_dereference(lg->vcpu_task);
	if (t)
		kick_process(t);
	rcu_read_unlock();
}

/* A failed start leaves the guest defined, with the reason in "state". */
int lg_set_reason(struct lguest *lg, int err, const char *fmt, ...)
{
	va_list args;

	spin_lock_irq(&lg->end_lock);
	va_start(args, fmt);
	vsnprintf(lg->reason, sizeof(lg->reason), fmt, args);
	va_end(args);
	spin_unlock_irq(&lg->end_lock);
	pr_info_ratelimited("%s: %s\n", config_item_name(&lg->group.cg_item),
			    lg->reason);
	return err;
}

bool lg_running(struct lguest *lg)
{
	return READ_ONCE(lg->state) == LG_RUNNING;
}
