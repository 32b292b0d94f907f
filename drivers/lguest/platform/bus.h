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
 * struct lg_acpi_dev - how a port window appears in the DSDT.
 * @name: the device's four-character ACPI name ("COM1").
 * @hid: its _HID, a seven-character EISA ID ("PNP0501").
 * @gsi: its interrupt, 0-15 (IRQNoFlags), or -1 for none.
 */
struct lg_acpi_dev {
	char name[5];
	const char *hid;
	int gsi;
};

/**
 * struct lg_bus_dev - one registered window.
 * @base: its first address (port or guest-physical).
 * @len: its length in bytes, at least 1.
 * @name: for reasons and the log.
 * @ops: the device's handlers.
 * @ctx: passed to them.
 * @acpi: how the DSDT declares it, or NULL if a guest finds it otherwise
 *	(the FADT's own registers, the I/O APIC in the MADT).
 */
struct lg_bus_dev {
	u64 base, len;
	const char *name;
	const struct lg_bus_ops *ops;
	void *ctx;
	const struct lg_acpi_dev *acpi;
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
int lg_bus_add_acpi(struct lg_bus *bus, u64 base, u64 len, const char *name,
		    const struct lg_bus_ops *ops, void *ctx,
		    const struct lg_acpi_dev *acpi);
const struct lg_bus_dev *lg_bus_find(const struct lg_bus *bus, u64 addr,
				     unsigned int size);

#endif
