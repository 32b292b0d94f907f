// SPDX-License-Identifier: GPL-2.0
/*
 * V:450 virtio-console, one port (the guest's hvc0), on the same console
 * stream as the UART: what the guest writes goes to the stub's output
 * (or the detached tty), what the stub reads from its stdin comes in.
 * The guest hands whole buffers over, so output costs one notification
 * per write rather than an exit per byte.  Queue 0 receives (the guest
 * fills it with empty buffers, the device fills them as input arrives),
 * queue 1 transmits.  Output waits for room as the UART's does: the
 * stub's reader sets the pace, but here the worker waits, not the vCPU.
 */
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "../lg.h"

#define LG_CON_RX	0
#define LG_CON_TX	1

/* Console input arrived; the console's lock is held. */
static void lg_con_input(void *ctx)
{
	lg_vdev_kick(ctx, BIT(LG_CON_RX));
}

static int lg_con_start(struct lg_vdev *d)
{
	return 0;
}

/*
 * Input goes to hvc0 from the moment its driver is ready until it resets
 * the device; the UART gets none meanwhile, so a line typed is never
 * split between the two.
 */
static void lg_con_live(struct lg_vdev *d, bool on)
{
	lg_console_set_input_kick(d->lg, on ? lg_con_input : NULL, on ? d : NULL);
}

static void lg_con_quiesce(struct lg_vdev *d)
{
	lg_console_set_input_kick(d->lg, NULL, NULL);
}

static void lg_con_stop(struct lg_vdev *d)
{
}

/* The receive queue is served only while there is input for it. */
static bool lg_con_ready(struct lg_vdev *d, unsigned int q)
{
	return q != LG_CON_RX || READ_ONCE(d->lg->con.in_len);
}

/* Output, byte by byte into the console's ring, waiting for room. */
static u32 lg_con_tx(struct lg_vdev *d, const struct lg_vq_chain *c)
{
	struct lguest *lg = d->lg;
	u64 off = 0;
	u8 buf[256];
	size_t n, i;

	while ((n = lg_vq_copy_from(&d->mem, c, off, buf, sizeof(buf)))) {
		for (i = 0; i < n; i++) {
			while (!lg_console_put(lg, buf[i])) {
				/* The stub reads, or the guest ends, or we are stopped. */
				wait_event_interruptible(lg->wait, lg_console_has_room(lg) ||
							 !lg_running(lg) ||
							 kthread_should_stop());
				if (!lg_running(lg) || kthread_should_stop())
					return 0;
			}
		}
		off += n;
		WRITE_ONCE(d->stats.bytes, d->stats.bytes + n);
	}
	return 0;
}

/* Input into one empty buffer, as much as there is and fits. */
static u32 lg_con_rx(struct lg_vdev *d, const struct lg_vq_chain *c)
{
	u8 buf[256];
	size_t n;

	n = lg_console_take(d->lg, buf, min_t(u64, sizeof(buf), c->in_len));
	n = lg_vq_copy_to(&d->mem, c, 0, buf, n);
	WRITE_ONCE(d->stats.bytes, d->stats.bytes + n);
	return n;
}

static u32 lg_con_request(struct lg_vdev *d, unsigned int q,
			  const struct lg_vq_chain *c)
{
	return q == LG_CON_TX ? lg_con_tx(d, c) : lg_con_rx(d, c);
}

static struct configfs_attribute *lg_con_attrs[] = {
	&lg_vdev_attr_stats,
	NULL,
};

static void lg_con_release(struct config_item *item)
{
	kfree(to_lg_vdev(item));
}

static struct configfs_item_operations lg_con_item_ops = {
	.release = lg_con_release,
};

static const struct config_item_type lg_con_type = {
	.ct_item_ops = &lg_con_item_ops,
	.ct_attrs = lg_con_attrs,
	.ct_owner = THIS_MODULE,
};

static struct lg_vdev *lg_con_alloc(void)
{
	return kzalloc(sizeof(struct lg_vdev), GFP_KERNEL_ACCOUNT);
}

/* One console stream per guest, so one virtio console. */
const struct lg_vdev_kind lg_con_kind = {
	.dir = "consoles",
	.max = 1,
	.item_type = &lg_con_type,
	.device_id = 3,
	.nr_queues = 2,
	.size = sizeof(struct lg_vdev),
	.alloc = lg_con_alloc,
	.start = lg_con_start,
	.live = lg_con_live,
	.quiesce = lg_con_quiesce,
	.stop = lg_con_stop,
	.ready = lg_con_ready,
	.request = lg_con_request,
};
