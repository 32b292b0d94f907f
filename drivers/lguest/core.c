// SPDX-License-Identifier: GPL-2.0
/*
 * The core: where a guest ends, how its vCPU is kicked out of guest mode,
 * the run loop and the exits that need neither a device nor the vendor
 * backend (hypercalls, HLT).  Everything above it (configfs, /dev/lguest,
 * the machine builder) calls down into it; it calls only the backend and
 * the platform's devices.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/sched/signal.h>
#include <linux/sched/clock.h>

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

/* R:210 Hypercalls: VMMCALL with the number in RAX (uapi/linux/lguest.h). */
static void lg_handle_hcall(struct lguest *lg, struct lg_exit *e)
{
	switch (e->hcall.nr) {
	case LGUEST_HCALL_NOP:
		e->hcall.ret = 0;
		break;
	case LGUEST_HCALL_SHUTDOWN:
		if (e->hcall.args[0] & 0xff)
			lg_end(lg, LG_STOPPED, e->hcall.args[0] & 0xff,
			       "guest shutdown (exit code %llu)", e->hcall.args[0] & 0xff);
		else
			lg_end(lg, LG_STOPPED, 0, "guest shutdown");
		break;
	default:
		lg_kill(lg, "unknown hypercall 0x%llx", e->hcall.nr);
		break;
	}
}

/*
 * R:220 HLT.  With interrupts enabled the vCPU sleeps until something
 * could wake it (console input, for now) or the guest is ended; with them
 * disabled nothing ever could, so that is the guest's end.  Returns
 * whether the vCPU must sleep.
 */
static bool lg_handle_hlt(struct lguest *lg, struct lg_exit *e)
{
	if (!e->hlt_irqs_on) {
		lg_end(lg, LG_STOPPED, 1, "halted with interrupts disabled");
		return false;
	}
	return lg_lapic_pending(lg) < 0;
}

enum lg_next {
	LG_NEXT_RUN,		/* enter the guest again at once */
	LG_NEXT_LEAVE,		/* leave the batch: resched, signal, end */
	LG_NEXT_WAIT_CONSOLE,	/* a store waits for room in the console */
	LG_NEXT_WAIT_IRQ,	/* HLT: sleep until something can wake it */
};

/* Handle what the backend handed over; preemptible, may sleep. */
static enum lg_next lg_handle_exit(struct lguest *lg, struct lg_vcpu *vcpu)
{
	struct lg_exit *e = &vcpu->exit;
	enum lg_next next = LG_NEXT_RUN;

	switch (e->reason) {
	case LG_EXIT_NONE:
		return LG_NEXT_RUN;
	case LG_EXIT_IO:
		/* A refused OUT leaves RIP alone: it runs again later. */
		if (!lg_handle_io(lg, e))
			return LG_NEXT_WAIT_CONSOLE;
		break;
	case LG_EXIT_MMIO:
		if (!lg_handle_mmio(lg, vcpu, e))
			return LG_NEXT_WAIT_CONSOLE;
		break;
	case LG_EXIT_HCALL:
		lg_handle_hcall(lg, e);
		break;
	case LG_EXIT_HLT:
		if (lg_handle_hlt(lg, e))
			next = LG_NEXT_WAIT_IRQ;
		break;
	case LG_EXIT_SHUTDOWN:
		lg_end(lg, LG_STOPPED, 1, "triple fault");
		break;
	}
	if (lg_running(lg))
		lg_vendor->complete(vcpu);
	return next;
}

/*
 * R:100 The run loop, in the stub's thread, preemptible throughout: the
 * guest's FPU state is the task's for the whole call (the backend's load
 * and put), so the scheduler may take the CPU between any two exits, and
 * exit handling may sleep (pin pages, wait for memory, later devices).
 * Only the world switch itself runs with interrupts off.  The loop leaves
 * when the guest ends, a reset asks for a fresh machine, or a signal is
 * pending: signals return to the stub (which calls again, or stops the
 * guest on Ctrl-C); a fatal one ends the guest.
 */
int lg_run(struct lguest *lg, struct lguest_run_result *res)
{
	struct lg_vcpu *vcpu = &lg->vcpu;
	u64 start = local_clock();
	enum lg_next next = LG_NEXT_RUN;
	int err = 0;

	rcu_assign_pointer(lg->vcpu_task, current);
	lg_vendor->load(vcpu);
	while (lg_running(lg) && !lg->reboot) {
		if (signal_pending(current)) {
			if (fatal_signal_pending(current))
				lg_end(lg, LG_STOPPED, 0, "stub killed");
			err = -EINTR;
			break;
		}
		cond_resched();

		if (next == LG_NEXT_WAIT_CONSOLE) {
			lg->console_waits++;
			if (wait_event_interruptible(lg->wait, !lg_running(lg) ||
						     lg_console_has_room(lg))) {
				err = -EINTR;
				break;
			}
		} else if (next == LG_NEXT_WAIT_IRQ) {
			/* HLT is complete: after a signal the guest goes on. */
			if (wait_event_interruptible(lg->wait, !lg_running(lg) ||
						     lg_lapic_pending(lg) >= 0 ||
						     lg_devices_irq_changed(lg))) {
				err = -EINTR;
				break;
			}
		}

		lg_devices_sync(lg);
		vcpu->exit.reason = LG_EXIT_NONE;
		err = lg_vendor->run(vcpu);
		if (err)
			break;
		next = lg_handle_exit(lg, vcpu);
		WRITE_ONCE(lg->run_ns, lg->run_ns + local_clock() - start);
		start = local_clock();
	}
	lg_vendor->put(vcpu);
	RCU_INIT_POINTER(lg->vcpu_task, NULL);
	WRITE_ONCE(lg->run_ns, lg->run_ns + local_clock() - start);
	spin_lock_irq(&lg->end_lock);
	res->state = lg->state == LG_DEAD ? LGUEST_STATE_DEAD :
		     lg->state == LG_STOPPED ? LGUEST_STATE_STOPPED :
		     LGUEST_STATE_RUNNING;
	res->exit_code = lg->exit_code;
	strscpy(res->reason, lg->reason, sizeof(res->reason));
	spin_unlock_irq(&lg->end_lock);
	return err;
}
