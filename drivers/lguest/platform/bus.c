// SPDX-License-Identifier: GPL-2.0
/*
 * D:055 The bus is a short sorted table: a machine has a handful of
 * windows and they are registered once, before the vCPU first runs, so
 * lookups need no lock.  Pure logic, tested under KUnit.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "bus.h"

void lg_bus_init(struct lg_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

/**
 * lg_bus_add_acpi() - register a device window the DSDT declares.
 * @bus: the address space.
 * @base: first address of the window.
 * @len: its length; zero, or a window that wraps past the top, is refused.
 * @name: the device's name.
 * @ops: its handlers.
 * @ctx: passed to them.
 * @acpi: its DSDT entry (see lg_acpi_build()), or NULL.
 *
 * Return: 0; -EINVAL for an empty or wrapping window; -EBUSY if it
 * overlaps one already registered; -ENOSPC if the table is full.
 */
int lg_bus_add_acpi(struct lg_bus *bus, u64 base, u64 len, const char *name,
		    const struct lg_bus_ops *ops, void *ctx,
		    const struct lg_acpi_dev *acpi)
{
	unsigned int i;

	if (!len || base + len - 1 < base)
		return -EINVAL;
	for (i = 0; i < bus->n; i++) {
		const struct lg_bus_dev *d = &bus->dev[i];

		if (base <= d->base + d->len - 1 && d->base <= base + len - 1)
			return -EBUSY;
		if (d->base > base)
			break;
	}
	if (bus->n == LG_BUS_MAX)
		return -ENOSPC;
	memmove(&bus->dev[i + 1], &bus->dev[i], (bus->n - i) * sizeof(bus->dev[0]));
	bus->dev[i] = (struct lg_bus_dev) {
		.base = base, .len = len, .name = name, .ops = ops, .ctx = ctx,
		.acpi = acpi,
	};
	bus->n++;
	return 0;
}

/**
 * lg_bus_add() - register a device window.
 * @bus: the address space.
 * @base: first address of the window.
 * @len: its length.
 * @name: the device's name.
 * @ops: its handlers.
 * @ctx: passed to them.
 *
 * Return: as lg_bus_add_acpi().
 */
int lg_bus_add(struct lg_bus *bus, u64 base, u64 len, const char *name,
	       const struct lg_bus_ops *ops, void *ctx)
{
	return lg_bus_add_acpi(bus, base, len, name, ops, ctx, NULL);
}

/**
 * lg_bus_find() - the window an access falls in.
 * @bus: the address space.
 * @addr: first address accessed.
 * @size: bytes accessed, at least 1.
 *
 * Return: the window holding all of [@addr, @addr + @size), or NULL (none,
 * or the access straddles a window's edge).
 */
const struct lg_bus_dev *lg_bus_find(const struct lg_bus *bus, u64 addr,
				     unsigned int size)
{
	unsigned int i;

	for (i = 0; i < bus->n; i++) {
		const struct lg_bus_dev *d = &bus->dev[i];

		if (addr - d->base < d->len)
			return size && size <= d->len - (addr - d->base) ? d : NULL;
	}
	return NULL;
}
