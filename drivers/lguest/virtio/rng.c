// SPDX-License-Identifier: GPL-2.0
/*
 * V:400 virtio-rng: the guest's /dev/hwrng, fed by the host's
 * get_random_bytes().  A guest could read as fast as it likes and make
 * the host spend its CPU on it, so each device has a byte rate (the
 * "rate" attribute, bytes per second, one second of burst): past it, a
 * request waits in the worker, never in the vCPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "../lg.h"

#define LG_RNG_RATE_DEFAULT	65536
#define LG_RNG_RATE_MAX		(64U << 20)
#define LG_RNG_REQUEST_MAX	65536	/* bytes one request may take */

/**
 * struct lg_rng - an entropy device.
 * @vdev: the virtio device.
 * @rate: bytes per second (configuration).
 * @tokens: bytes it may hand out now (the worker's).
 * @last_ns: when @tokens was last refilled.
 */
struct lg_rng {
	struct lg_vdev vdev;
	u32 rate;
	u64 tokens, last_ns;
};

static struct lg_rng *to_lg_rng(struct lg_vdev *d)
{
	return container_of(d, struct lg_rng, vdev);
}

static void lg_rng_refill(struct lg_rng *r)
{
	u64 now = ktime_get_ns();
	/* At most a second's worth: the bucket holds no more. */
	u64 add = div_u64(min_t(u64, now - r->last_ns, NSEC_PER_SEC) * r->rate,
			  NSEC_PER_SEC);

	if (!add)
		return;
	r->tokens = min_t(u64, r->tokens + add, r->rate);
	r->last_ns = now;
}

static u32 lg_rng_request(struct lg_vdev *d, unsigned int q,
			  const struct lg_vq_chain *c)
{
	struct lg_rng *r = to_lg_rng(d);
	u64 want = min_t(u64, c->in_len, LG_RNG_REQUEST_MAX), done = 0;
	u8 buf[64];

	if (!want)
		return 0;
	lg_rng_refill(r);
	if (!r->tokens) {
		/* Until one byte's worth of time has passed (or we are stopped). */
		schedule_timeout_interruptible(nsecs_to_jiffies(NSEC_PER_SEC / r->rate) + 1);
		lg_rng_refill(r);
	}
	want = min(want, r->tokens);
	while (done < want) {
		size_t n = min_t(u64, sizeof(buf), want - done);

		get_random_bytes(buf, n);
		if (lg_vq_copy_to(&d->mem, c, done, buf, n) != n)
			break;
		done += n;
	}
	memzero_explicit(buf, sizeof(buf));
	r->tokens -= done;
	WRITE_ONCE(d->stats.bytes, d->stats.bytes + done);
	return done;
}

static int lg_rng_start(struct lg_vdev *d)
{
	struct lg_rng *r = to_lg_rng(d);

	r->tokens = r->rate;
	r->last_ns = ktime_get_ns();
	return 0;
}

static void lg_rng_stop(struct lg_vdev *d)
{
}

static ssize_t lg_rng_rate_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_lg_rng(to_lg_vdev(item))->rate));
}

static ssize_t lg_rng_rate_store(struct config_item *item, const char *page,
				 size_t count)
{
	struct lg_vdev *d = to_lg_vdev(item);
	u32 rate;
	int err;

	err = kstrtou32(page, 0, &rate);
	if (err || !rate || rate > LG_RNG_RATE_MAX) {
		pr_info("%s: rate: bytes per second, 1 to %u\n", d->label, LG_RNG_RATE_MAX);
		return -EINVAL;
	}
	err = lg_vdev_config_lock(d, "rate");
	if (err)
		return err;
	to_lg_rng(d)->rate = rate;
	lg_vdev_config_unlock(d);
	return count;
}

CONFIGFS_ATTR(lg_rng_, rate);

static struct configfs_attribute *lg_rng_attrs[] = {
	&lg_rng_attr_rate,
	&lg_vdev_attr_stats,
	NULL,
};

static void lg_rng_release(struct config_item *item)
{
	kfree(to_lg_rng(to_lg_vdev(item)));
}

static struct configfs_item_operations lg_rng_item_ops = {
	.release = lg_rng_release,
};

static const struct config_item_type lg_rng_type = {
	.ct_item_ops = &lg_rng_item_ops,
	.ct_attrs = lg_rng_attrs,
	.ct_owner = THIS_MODULE,
};

static struct lg_vdev *lg_rng_alloc(void)
{
	struct lg_rng *r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);

	if (!r)
		return NULL;
	r->rate = LG_RNG_RATE_DEFAULT;
	return &r->vdev;
}

const struct lg_vdev_kind lg_rng_kind = {
	.dir = "rngs",
	.item_type = &lg_rng_type,
	.device_id = 4,
	.nr_queues = 1,
	.size = sizeof(struct lg_rng),
	.alloc = lg_rng_alloc,
	.start = lg_rng_start,
	.stop = lg_rng_stop,
	.request = lg_rng_request,
};
