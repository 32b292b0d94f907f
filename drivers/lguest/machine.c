// SPDX-License-Identifier: GPL-2.0
/*
 * The machine builder: what a guest is made of once it is attached, put
 * together and taken apart in one place.  Attach builds it, detach tears
 * it down, and a reset with on_reboot=restart does both.  Everything here
 * runs in the stub's thread with @lg->lock held (or, for a restart, takes
 * it): the vCPU is not in the guest meanwhile.
 */
#include <linux/ktime.h>

#include "lg.h"

/* The UART's side of the console, in its callback types. */
static bool lg_uart_tx(void *ctx, u8 c)
{
	return lg_console_put(ctx, c);
}

static int lg_uart_rx(void *ctx, bool peek)
{
	return lg_console_get(ctx, peek);
}

/*
 * M:050 The machine itself: RAM, the loaded kernel, the vCPU, its APICs
 * and the devices on its buses.  Attach builds it; a reboot with
 * on_reboot=restart tears it down and builds it again, keeping the
 * console.  @lg->lock held.
 */
int lg_machine_build(struct lguest *lg)
{
	struct lg_boot boot;
	int err;

	memset(&lg->vcpu, 0, sizeof(lg->vcpu));
	lg->vcpu.lg = lg;
	lg_lapic_init(lg);
	lg_ioapic_init(&lg->ioapic);
	err = lg_devices_build(lg);
	if (!err)
		err = lg_vdevs_build(lg);
	if (err)
		return err;
	lg->boot_ns = ktime_get_ns();
	lg->reboot = false;
	err = lg_mem_setup(lg);
	if (err)
		return err;
	err = lg_vdevs_start(lg);
	if (err)
		return err;
	err = lg_load(lg, &boot);
	if (err)
		return err;
	if (lg->prefault) {
		err = lg_mem_prefault(lg);
		if (err)
			return lg_set_reason(lg, err, "prefault: error %d mapping RAM", err);
	}
	err = lg_vendor->vcpu_create(&lg->vcpu, &boot, lg->npt.root_pa);
	if (err)
		return err;
	lg->uart = (struct lg_uart) {
		.tx = lg_uart_tx,
		.rx = lg_uart_rx,
		.ctx = lg,
	};
	/*
	 * What this guest holds while attached, besides RAM and the nested
	 * tables: its own structure (APICs, buses, devices' windows), the
	 * vCPU's pages, the console's output ring and the virtio devices.
	 */
	WRITE_ONCE(lg->footprint, sizeof(*lg) + lg_vendor->footprint(&lg->vcpu) +
		   LG_CONSOLE_OUT_SIZE + lg_vdevs_footprint(lg));
	return 0;
}

/*
 * K:200 Teardown, the reverse of the build: the device workers are
 * stopped and the APIC timer cancelled first (either may be about to
 * raise a vector), then the vCPU and its backend state, then guest RAM
 * is unpinned and the nested tables freed.  The guest's definition
 * stays; the next attach builds afresh.
 */
void lg_machine_teardown(struct lguest *lg)
{
	WRITE_ONCE(lg->footprint, 0);
	lg_vdevs_stop(lg);
	lg_lapic_free(lg);
	if (lg->vcpu.priv)
		lg_vendor->vcpu_free(&lg->vcpu);
	lg_mem_teardown(lg);
}

/*
 * The guest reset itself and on_reboot says restart: a fresh machine with
 * the same console.  The guest stays "running" throughout, so the stub's
 * console reader never sees it end.
 */
void lg_machine_restart(struct lguest *lg)
{
	int err;

	mutex_lock(&lg->lock);
	lg_machine_teardown(lg);
	err = lg_machine_build(lg);
	mutex_unlock(&lg->lock);
	if (err)
		lg_end(lg, LG_STOPPED, 1, "reboot, but the restart failed (error %d)", err);
}
