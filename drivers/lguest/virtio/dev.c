// SPDX-License-Identifier: GPL-2.0
/*
 * V:310 A virtio device at run time: its window on the memory bus, its
 * interrupt line, and the worker that serves its queues.
 *
 * Contexts, and who meets whom:
 * - the vCPU thread accesses the registers (lg_vdev_read/write, from the
 *   MMIO exit), preemptible; a queue notification only sets a bit and
 *   wakes the worker, so the guest goes on at once;
 * - the worker, a kernel thread per device, adopts the stub's address
 *   space (kthread_use_mm) so guest RAM is reached through the same
 *   checked accessors as from the vCPU, and may sleep in I/O; it raises
 *   the interrupt line from there (lg_irq_set() takes any context);
 * - the machine builder (stub thread, the guest's lock held) starts and
 *   stops the workers; a worker is stopped before guest RAM goes.
 * The guest controls every byte of its rings and may write any register
 * at any time, from its vCPU, while the worker runs on another CPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>

#include "../lg.h"

/* In @pending beside the queues' bits: a request in flight finished. */
#define LG_VDEV_DONE		BIT(BITS_PER_LONG - 1)

/* Every kind of virtio device; the order of the guest's directories. */
const struct lg_vdev_kind *const lg_vdev_kinds[LG_VDEV_KINDS] = {
	&lg_blk_kind,
	&lg_con_kind,
	&lg_rng_kind,
};

/*
 * The lines devices interrupt on, in window order: ISA-range inputs no
 * other lguest device uses, so IRQNoFlags can declare them.
 */
static const u8 lg_vdev_gsi[LG_VDEV_MAX] = { 5, 6, 7, 9, 10, 11, 14, 15 };

/*
 * Guest RAM for the engine.  Ring indices (2 bytes, aligned) move with
 * one get_user()/put_user(): copy_{from,to}_user() may copy byte by byte,
 * and the driver, running meanwhile on another CPU, could then see a
 * used index of 0x0000 between 0x00ff and 0x0100 (or we an available
 * index of 0x01ff) and take entries that are not there.
 */
static int lg_vdev_read_mem(void *ctx, u64 gpa, void *buf, size_t len)
{
	u16 __user *p;

	if (len != 2 || (gpa & 1))
		return lg_copy_from_guest(ctx, buf, gpa, len);
	p = lg_guest_uptr(ctx, gpa, len);
	return p && !get_user(*(u16 *)buf, p) ? 0 : -EFAULT;
}

static int lg_vdev_write_mem(void *ctx, u64 gpa, const void *buf, size_t len)
{
	u16 __user *p;

	if (len != 2 || (gpa & 1))
		return lg_copy_to_guest(ctx, gpa, buf, len);
	p = lg_guest_uptr(ctx, gpa, len);
	return p && !put_user(*(const u16 *)buf, p) ? 0 : -EFAULT;
}

/* Raise @bits in InterruptStatus; the line rises with the first. */
static void lg_vdev_interrupt(struct lg_vdev *d, u32 bits)
{
	spin_lock(&d->lock);
	if (!d->t.isr)
		lg_irq_set(d->lg, d->gsi, true);
	d->t.isr |= bits;
	spin_unlock(&d->lock);
	WRITE_ONCE(d->stats.irqs, d->stats.irqs + 1);
}

/**
 * lg_vdev_broken() - the driver broke a ring: stop serving the device.
 * @d: the device.
 * @q: the queue.
 * @why: the rule it broke.
 *
 * NEEDS_RESET is set and the driver told through a configuration-change
 * interrupt, as the spec has it; the guest lives on with its other
 * devices, and "stats" and the log say why.
 */
void lg_vdev_broken(struct lg_vdev *d, unsigned int q, const char *why)
{
	spin_lock(&d->lock);
	d->t.status |= LG_VIRTIO_S_NEEDS_RESET;
	d->why = why;
	spin_unlock(&d->lock);
	pr_info_ratelimited("%s: %s: queue %u: %s: device needs a reset\n",
			    config_item_name(&d->lg->group.cg_item), d->label, q, why);
	lg_vdev_interrupt(d, LG_VIRTIO_INT_CONFIG);
}

/* Give a chain back and interrupt if the driver asked; false if the ring broke. */
static bool lg_vdev_used(struct lg_vdev *d, unsigned int q, u16 head, u32 len)
{
	struct lg_vq *vq = &d->t.vq[q];

	if (lg_vq_push(vq, &d->mem, head, len)) {
		lg_vdev_broken(d, q, "cannot write the used ring");
		return false;
	}
	if (lg_vq_should_signal(vq, &d->mem))
		lg_vdev_interrupt(d, LG_VIRTIO_INT_VRING);
	return true;
}

/*
 * V:320 Serve queue @q until the driver has nothing more, then ask to be
 * notified and look once more (the driver may have added a chain between
 * the last look and the request).  A chain whose request goes on after
 * @request returns (LG_VDEV_LATER) stays in flight; at LG_VDEV_DEPTH of
 * them the queue waits for one to finish.  @d->io_lock held.
 */
static void lg_vdev_serve(struct lg_vdev *d, unsigned int q)
{
	struct lg_vq *vq = &d->t.vq[q];
	const char *why = "cannot read the ring";
	u32 len;
	int ret;

	while (!kthread_should_stop() && d->inflight < LG_VDEV_DEPTH) {
		if (d->kind->ready && !d->kind->ready(d, q))
			return;
		ret = lg_vq_pop(vq, &d->mem, d->chain, &why);
		if (!ret) {
			ret = lg_vq_want_notify(vq, &d->mem);
			if (!ret)
				return;
			continue;
		}
		if (ret < 0) {
			lg_vdev_broken(d, q, why);
			return;
		}
		len = d->kind->request(d, q, d->chain);
		WRITE_ONCE(d->stats.requests, d->stats.requests + 1);
		if (len == LG_VDEV_LATER) {
			d->inflight++;
			if (d->inflight > d->max_inflight)
				WRITE_ONCE(d->max_inflight, d->inflight);
			continue;
		}
		if (!lg_vdev_used(d, q, d->chain->head, len))
			return;
		cond_resched();
	}
}

/* Requests finished since the last look, oldest first.  @d->io_lock held. */
static bool lg_vdev_reap(struct lg_vdev *d)
{
	struct llist_node *list = llist_reverse_order(llist_del_all(&d->done));
	struct lg_vdev_io *io, *next;
	unsigned int q;
	u16 head;
	u32 len;

	llist_for_each_entry_safe(io, next, list, node) {
		head = io->head;
		q = io->q;
		len = d->kind->finish(d, io);
		d->inflight--;
		lg_vdev_used(d, q, head, len);
	}
	return !!list;
}

/**
 * lg_vdev_io_begin() - a chain goes on after its request returns.
 * @d: the device.
 * @io: the request's lg_vdev_io.
 * @q: the chain's queue.
 * @head: the chain.
 *
 * The worker, in @request, before whatever calls lg_vdev_io_done() can
 * run; @request then returns LG_VDEV_LATER.
 */
void lg_vdev_io_begin(struct lg_vdev *d, struct lg_vdev_io *io, unsigned int q,
		      u16 head)
{
	io->head = head;
	io->q = q;
	atomic_inc(&d->nr_io);
}

/**
 * lg_vdev_io_done() - a request in flight finished.
 * @d: the device.
 * @io: what lg_vdev_io_begin() was given.
 *
 * Any context (a bio's end_io, in an interrupt).  The worker calls the
 * kind's @finish for it; @d is not touched once @nr_io drops, which is
 * what the worker waits for before it leaves.
 */
void lg_vdev_io_done(struct lg_vdev *d, struct lg_vdev_io *io)
{
	llist_add(&io->node, &d->done);
	lg_vdev_kick(d, LG_VDEV_DONE);
	if (atomic_dec_and_test(&d->nr_io))
		wake_up_var(&d->nr_io);
}

/*
 * The worker: sleeps until a queue is notified or a request finishes,
 * then serves the device in the guest's address space.  It holds
 * @io_lock from a batch's start until nothing is in flight.  If the
 * stub's address space is already gone (the stub was killed) there is
 * nothing to serve; it waits to be stopped.  Stopped, it first waits
 * for what is in flight.
 */
static int lg_vdev_worker(void *arg)
{
	struct lg_vdev *d = arg;
	struct mm_struct *mm = d->lg->mm;
	bool have_mm = mmget_not_zero(mm), locked = false;
	unsigned long todo;
	unsigned int q;

	if (have_mm)
		kthread_use_mm(mm);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop() && !d->inflight)
			break;
		if (!READ_ONCE(d->pending)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		todo = xchg(&d->pending, 0);
		if (!have_mm)
			continue;
		if (!locked)
			mutex_lock(&d->io_lock);
		locked = true;
		/* A finished request may have made room in any queue. */
		if (lg_vdev_reap(d))
			todo |= BIT(d->t.nr_queues) - 1;
		for_each_set_bit(q, &todo, d->t.nr_queues)
			if (lg_vmmio_live(&d->t, q))
				lg_vdev_serve(d, q);
		if (!d->inflight) {
			mutex_unlock(&d->io_lock);
			locked = false;
		}
	}
	__set_current_state(TASK_RUNNING);
	/* The last lg_vdev_io_done() may still be on its way out. */
	wait_var_event(&d->nr_io, !atomic_read(&d->nr_io));
	if (have_mm) {
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	return 0;
}

/*
 * Work for the worker: from the vCPU (a notification), or from whatever
 * feeds the device (console input, under its own lock): never sleeps.
 */
void lg_vdev_kick(struct lg_vdev *d, unsigned long queues)
{
	struct task_struct *worker = READ_ONCE(d->worker);

	set_mask_bits(&d->pending, 0, queues);
	if (worker)
		wake_up_process(worker);
}

/* ---- the register window ------------------------------------------------- */

static int lg_vdev_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	struct lg_vdev *d = ctx;
	int err;

	spin_lock(&d->lock);
	err = lg_vmmio_read(&d->t, off, size, val);
	spin_unlock(&d->lock);
	return err;
}

/*
 * V:215 A store to a virtio device's window.  QueueNotify is the hot
 * path: a bit and a wakeup, no lock.  A reset or a queue being enabled
 * waits for the worker to finish the requests in flight (@io_lock), so the
 * driver never sees a completion after it reset the device.  That wait
 * may be long (a console waiting for its reader, a slow disk), so a
 * fatal signal ends it: the store is retried, and the run loop, seeing
 * the signal, ends the guest, which releases the worker.
 */
static int lg_vdev_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	struct lg_vdev *d = ctx;
	bool slow = off == LG_VMMIO_STATUS || off == LG_VMMIO_QUEUE_READY;
	enum lg_vmmio_event ev;
	int err;

	if (off == LG_VMMIO_QUEUE_NOTIFY && size == 4) {
		WRITE_ONCE(d->stats.notifies, d->stats.notifies + 1);
		if (val < d->t.nr_queues)
			lg_vdev_kick(d, BIT(val));
		return 0;
	}
	if (slow && mutex_lock_killable(&d->io_lock))
		return -EAGAIN;
	spin_lock(&d->lock);
	err = lg_vmmio_write(&d->t, off, size, val, &ev);
	if (ev == LG_VMMIO_RESET || (ev == LG_VMMIO_ACK && !d->t.isr))
		lg_irq_set(d->lg, d->gsi, false);
	spin_unlock(&d->lock);
	if (slow)
		mutex_unlock(&d->io_lock);

	if (ev == LG_VMMIO_BROKEN) {
		/* NEEDS_RESET is set already; this tells the driver and the log. */
		lg_vdev_broken(d, d->t.qsel, d->t.why);
	} else if (ev == LG_VMMIO_DRIVER_OK) {
		if (d->kind->live)
			d->kind->live(d, true);
		/* Buffers made available before DRIVER_OK are served now. */
		lg_vdev_kick(d, BIT(d->t.nr_queues) - 1);
	} else if (ev == LG_VMMIO_RESET && d->kind->live) {
		d->kind->live(d, false);
	}
	return err;
}

static const struct lg_bus_ops lg_vdev_ops = {
	.read = lg_vdev_read,
	.write = lg_vdev_write,
};

/* ---- the machine's devices ------------------------------------------------ */

/*
 * M:070 The virtio devices pinned at attach, in the order of their kinds
 * and names: device i gets window LG_VIRTIO_GPA + i * 4 KiB and the i-th
 * line, and, through the DSDT's order, the i-th probe in the guest, so
 * disks/vda comes before disks/vdb.  @lg->lock held.
 */
int lg_vdevs_build(struct lguest *lg)
{
	unsigned int i;
	int err;

	for (i = 0; i < lg->nr_vdevs; i++) {
		struct lg_vdev *d = lg->vdevs[i];

		d->lg = lg;
		memset(&d->t, 0, sizeof(d->t));
		d->t.device_id = d->kind->device_id;
		d->t.device_features = d->kind->features |
				       BIT_ULL(LG_VIRTIO_F_VERSION_1) |
				       BIT_ULL(LG_VIRTIO_F_INDIRECT_DESC) |
				       BIT_ULL(LG_VIRTIO_F_EVENT_IDX);
		d->t.nr_queues = d->kind->nr_queues;
		d->t.ram_size = lg->ram_size;
		d->gsi = lg_vdev_gsi[i];
		d->pending = 0;
		d->inflight = 0;
		d->max_inflight = 0;
		atomic_set(&d->nr_io, 0);
		init_llist_head(&d->done);
		d->why = NULL;
		memset(&d->stats, 0, sizeof(d->stats));
		d->mem = (struct lg_gmem) {
			.read = lg_vdev_read_mem, .write = lg_vdev_write_mem,
			.ctx = lg, .size = lg->ram_size,
		};
		snprintf(d->acpi.name, sizeof(d->acpi.name), "VR%02u", i);
		d->acpi.hid = "LNRO0005";
		d->acpi.gsi = d->gsi;
		err = d->kind->start(d);
		if (err)
			return err;
		err = lg_bus_add_acpi(&lg->mmio_bus, LG_VIRTIO_GPA + i * LG_VMMIO_SIZE,
				      LG_VMMIO_SIZE, d->label, &lg_vdev_ops, d, &d->acpi);
		if (err)
			return err;
	}
	return 0;
}

/* After guest RAM exists: a worker per device.  @lg->lock held. */
int lg_vdevs_start(struct lguest *lg)
{
	unsigned int i;

	for (i = 0; i < lg->nr_vdevs; i++) {
		struct lg_vdev *d = lg->vdevs[i];
		struct task_struct *t;

		d->chain = kmalloc(sizeof(*d->chain), GFP_KERNEL_ACCOUNT);
		if (!d->chain)
			return -ENOMEM;
		t = kthread_create(lg_vdev_worker, d, "lguest/%s",
				   config_item_name(&d->item));
		if (IS_ERR(t)) {
			lg_set_reason(lg, PTR_ERR(t), "%s: cannot start its worker",
				      d->label);
			return PTR_ERR(t);
		}
		WRITE_ONCE(d->worker, t);
		wake_up_process(t);
	}
	return 0;
}

/*
 * Host memory the devices hold while attached: their structures, the
 * chain each worker decodes into, and each worker's kernel stack (its
 * task_struct is the scheduler's, not counted).  @lg->lock held.
 */
size_t lg_vdevs_footprint(struct lguest *lg)
{
	size_t bytes = 0;
	unsigned int i;

	for (i = 0; i < lg->nr_vdevs; i++)
		bytes += lg->vdevs[i]->kind->size +
			 sizeof(*lg->vdevs[i]->chain) + THREAD_SIZE;
	return bytes;
}

/*
 * K:210 Workers first (one in a request finishes it; none is left to
 * touch guest RAM or raise a line), then each kind's backing.  Safe on
 * a machine built only in part.  @lg->lock held.
 */
void lg_vdevs_stop(struct lguest *lg)
{
	unsigned int i;

	for (i = 0; i < lg->nr_vdevs; i++) {
		struct lg_vdev *d = lg->vdevs[i];

		if (d->kind->quiesce)
			d->kind->quiesce(d);
		if (d->worker)
			kthread_stop(d->worker);
		WRITE_ONCE(d->worker, NULL);
		kfree(d->chain);
		d->chain = NULL;
		d->kind->stop(d);
	}
}

/* ---- configfs: the stats every device shows --------------------------------- */

static ssize_t lg_vdev_stats_show(struct config_item *item, char *page)
{
	struct lg_vdev *d = to_lg_vdev(item);
	const struct lg_vdev_stats *s = &d->stats;
	const char *why = READ_ONCE(d->why);
	ssize_t len;

	len = sysfs_emit(page, "requests %llu\nbytes %llu\nerrors %llu\n",
			 READ_ONCE(s->requests), READ_ONCE(s->bytes),
			 READ_ONCE(s->errors));
	len += sysfs_emit_at(page, len, "notifies %llu\ninterrupts %llu\n",
			     READ_ONCE(s->notifies), READ_ONCE(s->irqs));
	len += sysfs_emit_at(page, len, "inflight_max %u\n", READ_ONCE(d->max_inflight));
	len += sysfs_emit_at(page, len, "needs_reset %s\n", why ? why : "no");
	if (d->kind->stats)
		len = d->kind->stats(d, page, len);
	return len;
}

struct configfs_attribute lg_vdev_attr_stats = {
	.ca_name = "stats",
	.ca_owner = THIS_MODULE,
	.ca_mode = 0444,
	.show = lg_vdev_stats_show,
};
