/* SPDX-License-Identifier: GPL-2.0 */
/*
 * V:300 Virtio devices: what a kind of device (block, entropy) provides,
 * and the state every device has.  A device is born by mkdir in one of
 * the guest's kind directories (disks/, rngs/), configured by its
 * attributes while no stub is attached, and brought to life when the
 * machine is built: a virtio-mmio window on the memory bus, an interrupt
 * line, and a worker thread that processes its queues in the guest's
 * address space, beside the vCPU.
 */
#ifndef _LGUEST_VIRTIO_H
#define _LGUEST_VIRTIO_H

#include <linux/atomic.h>
#include <linux/configfs.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "../platform/bus.h"
#include "mmio.h"
#include "vring.h"

#define LG_VDEV_MAX		8	/* virtio devices per guest */
#define LG_VDEV_KINDS		3	/* entries in lg_vdev_kinds[] */
#define LG_VIRTIO_GPA		0xfe000000ULL	/* windows from here, 4 KiB apart */
#define LG_VDEV_DEPTH		64	/* chains one device has in flight */
#define LG_VDEV_LATER		U32_MAX	/* @request: finished later, see lg_vdev_io */

struct lguest;
struct lg_vdev;
struct task_struct;

/**
 * struct lg_vdev_io - a chain whose request finishes after @request
 * returned (a bio in flight), embedded in the kind's own request.
 * @node: on the device's done list.
 * @head: the chain, for the used ring.
 * @q: its queue.
 */
struct lg_vdev_io {
	struct llist_node node;
	u16 head;
	u16 q;
};

/**
 * struct lg_vdev_kind - a kind of virtio device, as configfs and the
 * machine builder see it.  Adding a kind is one file with one of these
 * and one line in lg_vdev_kinds[] (dev.c).
 * @dir: the guest's directory its devices are made in ("disks").
 * @max: at most this many per guest (0: only LG_VDEV_MAX counts).
 * @item_type: its devices' configfs type (attributes, release).
 * @device_id: the virtio device type.
 * @nr_queues: its queues.
 * @features: the device-specific feature bits it offers.
 * @size: bytes @alloc allocates (for the guest's footprint).
 * @alloc: a new device's configuration (configfs mkdir, may sleep), with
 *	struct lg_vdev embedded; NULL for no memory.
 * @start: machine build, @lg->lock held, may sleep: open what the device
 *	needs and fill its configuration space.  Returns 0 or an errno
 *	after setting the guest's reason.
 * @live: the vCPU, when the driver says DRIVER_OK (@on) or resets the
 *	device: a device that takes work from elsewhere (console input)
 *	starts or stops taking it.  Optional.
 * @quiesce: teardown, before the worker is stopped: cut what else wakes
 *	it.  Optional.
 * @stop: teardown, may sleep, after the worker is gone: undo @start.
 * @ready: the worker, before each chain of queue @q: has the device
 *	something to put in it?  A queue the guest fills for the device to
 *	answer (a console's receive queue) is served only when this says
 *	so.  Optional: without it every queue is served as it fills.
 * @request: the worker, with the guest's mm, may sleep: serve one chain
 *	popped from queue @q.  Returns the bytes written into the chain,
 *	or LG_VDEV_LATER after lg_vdev_io_begin(): the chain is then in
 *	flight until lg_vdev_io_done() and @finish.
 * @finish: the worker, with the guest's mm, may sleep: a request in
 *	flight is done; write its status, free it, and return the bytes
 *	written into its chain.  Needed with LG_VDEV_LATER.
 * @stats: more lines for the device's "stats" (lg_vdev_stats_show()).
 */
struct lg_vdev_kind {
	const char *dir;
	unsigned int max;
	const struct config_item_type *item_type;
	u32 device_id;
	unsigned int nr_queues;
	u64 features;
	size_t size;
	struct lg_vdev *(*alloc)(void);
	int (*start)(struct lg_vdev *d);
	void (*live)(struct lg_vdev *d, bool on);
	void (*quiesce)(struct lg_vdev *d);
	void (*stop)(struct lg_vdev *d);
	bool (*ready)(struct lg_vdev *d, unsigned int q);
	u32 (*request)(struct lg_vdev *d, unsigned int q,
		       const struct lg_vq_chain *c);
	u32 (*finish)(struct lg_vdev *d, struct lg_vdev_io *io);
	ssize_t (*stats)(struct lg_vdev *d, char *page, ssize_t len);
};

/**
 * struct lg_vdev_stats - what a device counts; written by its worker and
 * the vCPU, read by "stats" at any time (so each is one u64, read once).
 * @requests: chains served.
 * @bytes: bytes moved to or from the guest.
 * @errors: requests that failed.
 * @notifies: the driver's queue notifications.
 * @irqs: interrupts raised.
 */
struct lg_vdev_stats {
	u64 requests, bytes, errors, notifies, irqs;
};

/**
 * struct lg_vdev - one virtio device of a guest.
 * @item: its configfs directory.
 * @kind: what it is.
 * @lg: its guest.
 * @lock: the register file (@t's registers, @t.isr and the line): the
 *	vCPU's accesses and the worker's interrupts meet here.
 * @io_lock: @t.vq: held by the worker from a batch's start until no
 *	request is in flight, and by the vCPU for writes that reset the
 *	device or enable a queue, so neither happens under a request in
 *	flight.
 * @t: the transport's registers and the queues.
 * @acpi: its DSDT entry.
 * @gsi: its interrupt line.
 * @mem: guest memory for the engine.
 * @chain: the chain being served (the worker's).
 * @worker: the thread that serves the queues.
 * @pending: queues notified since the worker last looked.
 * @inflight: chains in flight (the worker's count; it holds @io_lock
 *	while there are any, so a reset never overtakes one).
 * @nr_io: the same, counted down by lg_vdev_io_done() from any context:
 *	the worker does not leave while an I/O may still touch the device.
 * @done: requests finished, for the worker to complete.
 * @max_inflight: the most in flight at once, for "stats".
 * @stats: see struct lg_vdev_stats.
 * @why: why the device last needed a reset, for "stats".
 * @label: "disks/vda", for reasons and the log.
 */
struct lg_vdev {
	struct config_item item;
	const struct lg_vdev_kind *kind;
	struct lguest *lg;
	spinlock_t lock;		/* see @lock above */
	struct mutex io_lock;		/* see @io_lock above */
	struct lg_vmmio t;
	struct lg_acpi_dev acpi;
	unsigned int gsi;
	struct lg_gmem mem;
	struct lg_vq_chain *chain;
	struct task_struct *worker;
	unsigned long pending;
	unsigned int inflight;
	atomic_t nr_io;
	struct llist_head done;
	unsigned int max_inflight;
	struct lg_vdev_stats stats;
	const char *why;
	char label[48];
};

/**
 * struct lg_vdev_dir - a guest's directory for one kind of device.
 * @group: the configfs directory ("disks").
 * @kind: the kind made there.
 * @lg: the guest.
 */
struct lg_vdev_dir {
	struct config_group group;
	const struct lg_vdev_kind *kind;
	struct lguest *lg;
};

extern const struct lg_vdev_kind *const lg_vdev_kinds[LG_VDEV_KINDS];
extern struct configfs_attribute lg_vdev_attr_stats;

static inline struct lg_vdev *to_lg_vdev(struct config_item *item)
{
	return container_of(item, struct lg_vdev, item);
}

/* dev.c */
void lg_vdev_dirs_init(struct lguest *lg);
int lg_vdevs_pin(struct lguest *lg, struct lg_vdev **devs);
void lg_vdevs_unpin(struct lg_vdev **devs, unsigned int n);
int lg_vdevs_build(struct lguest *lg);
int lg_vdevs_start(struct lguest *lg);
size_t lg_vdevs_footprint(struct lguest *lg);
void lg_vdevs_stop(struct lguest *lg);
void lg_vdev_broken(struct lg_vdev *d, unsigned int q, const char *why);
void lg_vdev_kick(struct lg_vdev *d, unsigned long queues);
void lg_vdev_io_begin(struct lg_vdev *d, struct lg_vdev_io *io, unsigned int q,
		      u16 head);
void lg_vdev_io_done(struct lg_vdev *d, struct lg_vdev_io *io);
int lg_vdev_config_lock(struct lg_vdev *d, const char *attr);
void lg_vdev_config_unlock(struct lg_vdev *d);

/* The kinds. */
extern const struct lg_vdev_kind lg_blk_kind;
extern const struct lg_vdev_kind lg_con_kind;
extern const struct lg_vdev_kind lg_rng_kind;

#endif
