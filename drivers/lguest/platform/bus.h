/* SPDX-License-Identifier: GPL-2.0 */
/*
 * D:050 The bus: where the guest's port I/O and device-memory accesses
 * find their device.  Each device registers its windows when the machine
 * is built; the exit handlers look the address up here and never name a
 * device themselves.
 */
#ifndef _LGUEST_BUS_H
#define _LGUEST_BUS_H

#include <linux/types.h>

/**
 * struct lg_bus_ops - what a device does with an access to its window.
 * @read: load @size bytes at offset @off into *@val.
 * @write: store the low @size bytes of @val at offset @off.
 *
 * Both run in the vCPU thread, preemptible.  They return 0, -EINVAL for an
 * access the device does not accept (the guest dies, with the device's
 * name in the reason), or, @write only, -EAGAIN: the device has no room
 * now and the instruction runs again once the vCPU is woken.
 */
struct lg_bus_ops {
	int (*read)(void *ctx, u64 off, unsigned int size, u64 *val);
	int (*write)(void *ctx, u64 off, unsigned int size, u64 val);
};

/**
 * struct lg_bus_dev - one registered window.
 * @base: its first address (port or guest-physical).
 * @len: its length in bytes, at least 1.
 * @name: for reasons and the log.
 * @ops: the device's handlers.
 * @ctx: passed to them.
 */
struct lg_bus_dev {
	u64 base, len;
	const char *name;
	const struct lg_bus_ops *ops;
	void *ctx;
};

#define LG_BUS_MAX	16

/**
 * struct lg_bus - the windows of one address space, sorted by @base.
 * @n: how many are registered.
 * @dev: the windows; no two overlap.
 */
struct lg_bus {
	unsigned int n;
	struct lg_bus_dev dev[LG_BUS_MAX];
};

void lg_bus_init(struct lg_bus *bus);
int lg_bus_add(struct lg_bus *bus, u64 base, u64 len, const char *name,
	       const struct lg_bus_ops *ops, void *ctx);
const struct lg_bus_dev *lg_bus_find(const struct lg_bus *bus, u64 addr,
				     unsigned int size);

#endif
