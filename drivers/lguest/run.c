// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop and the exits that need neither a device nor the vendor
 * backend (hypercalls, HLT).  It calls down into the backend (enter the
 * guest) and the platform (port I/O, MMIO, interrupt lines); they call
 * only core.c's services back, never this file.
 */
#include <linux/sched/signal.h>
#include <linux/sched/clock.h>

#include "lg.h"

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
	return !lg_irq_ready(lg);
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
						     lg_irq_ready(lg) ||
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
