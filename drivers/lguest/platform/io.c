// SPDX-License-Identifier: GPL-2.0
/*
 * D:060 The machine's devices and how an access finds one.  Every device
 * window is registered on one of the guest's two buses when the machine
 * is built (lg_devices_build()); the exit handlers below look the address
 * up and call the device, so neither the run loop nor a vendor backend
 * names a device.  A port nobody claims reads as all ones and ignores
 * writes, as an empty ISA bus does; memory nobody claims above RAM ends
 * the guest.
 */
#include <linux/sysfs.h>

#include "../lg.h"

/* ---- the platform's own ports, as the FADT describes them ---------------- */

/* A reset ends the guest, or (on_reboot=restart) asks for a fresh one. */
static void lg_reset(struct lguest *lg)
{
	if (lg->on_reboot_restart)
		lg->reboot = true;
	else
		lg_end(lg, LG_STOPPED, 0, "reboot");
}

/*
 * D:080 The ACPI PM1a blocks.  Events: no status ever set; the enables
 * read back what was written (ACPICA checks its global lock's enable
 * took) but nothing raises the SCI.  Control: SCI_EN reads as set (the
 * machine is in ACPI mode from the start); SLP_TYP 5 with SLP_EN is S5,
 * poweroff.  A 16-bit register may come as two bytes: the high one,
 * alone, carries SLP_TYP and SLP_EN.
 */
#define PM1_SCI_EN	BIT(0)
#define PM1_SLP_EN	BIT(13)

static int lg_pm1_evt_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	struct lguest *lg = ctx;

	*val = ((u32)READ_ONCE(lg->pm1_en) << 16) >> (8 * off);
	return 0;
}

static int lg_pm1_evt_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	struct lguest *lg = ctx;
	u32 reg = READ_ONCE(lg->pm1_en) << 16;
	u32 mask = (size >= 4 ? ~0U : (1U << (8 * size)) - 1) << (8 * off);

	reg = (reg & ~mask) | (((u32)val << (8 * off)) & mask);
	WRITE_ONCE(lg->pm1_en, reg >> 16);
	return 0;
}

static const struct lg_bus_ops lg_pm1_evt_ops = {
	.read = lg_pm1_evt_read,
	.write = lg_pm1_evt_write,
};

static int lg_pm1_cnt_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	*val = off ? 0 : PM1_SCI_EN;
	return 0;
}

static int lg_pm1_cnt_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	val <<= 8 * off;
	if ((val & PM1_SLP_EN) && ((val >> 10) & 7) == 5)
		lg_end(ctx, LG_STOPPED, 0, "poweroff");
	return 0;
}

static const struct lg_bus_ops lg_pm1_cnt_ops = {
	.read = lg_pm1_cnt_read,
	.write = lg_pm1_cnt_write,
};

/* The ACPI reset register. */
static int lg_reset_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	*val = ~0ULL;
	return 0;
}

static int lg_reset_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	if ((val & 0xff) == LG_RESET_VALUE)
		lg_reset(ctx);
	return 0;
}

static const struct lg_bus_ops lg_reset_ops = {
	.read = lg_reset_read,
	.write = lg_reset_write,
};

/*
 * The keyboard controller's status port: it reads as idle, so a kernel
 * resetting through it does not spin waiting for an input buffer that
 * never drains, and its reset command (0xfe) resets.
 */
static int lg_kbd_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	*val = 0;
	return 0;
}

static int lg_kbd_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	if ((val & 0xff) == 0xfe)
		lg_reset(ctx);
	return 0;
}

static const struct lg_bus_ops lg_kbd_ops = {
	.read = lg_kbd_read,
	.write = lg_kbd_write,
};

/* ---- the I/O APIC and the interrupt lines ------------------------------- */

/**
 * lg_irq_set() - a device's interrupt line is at @level now.
 * @lg: the guest.
 * @gsi: the I/O APIC input.
 * @level: the line's new level.
 *
 * Any context: a device's worker, a timer in hard-IRQ context, the vCPU.
 * A rising edge on an unmasked input raises its vector in the local APIC,
 * which wakes and kicks the vCPU (lg_lapic_raise()); with more vCPUs the
 * redirection entry's destination will pick whose APIC.
 */
void lg_irq_set(struct lguest *lg, unsigned int gsi, bool level)
{
	unsigned long flags;
	int vector, pic;

	spin_lock_irqsave(&lg->ioapic.lock, flags);
	vector = lg_ioapic_set_line(&lg->ioapic, gsi, level);
	pic = lg_pic_pending(&lg->ioapic.pic);
	lg_pic_set_line(&lg->ioapic.pic, gsi, level);
	/* The 8259s' output rose: the vCPU must look (lg_irq_pending()). */
	pic = pic < 0 && lg_pic_pending(&lg->ioapic.pic) >= 0;
	spin_unlock_irqrestore(&lg->ioapic.lock, flags);
	if (vector >= 0)
		lg_lapic_raise(lg, vector);
	else if (pic)
		lg_irq_kick(lg);
}

static int lg_ioapic_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	struct lguest *lg = ctx;
	int err;

	spin_lock_irq(&lg->ioapic.lock);
	err = lg_ioapic_access(&lg->ioapic, off, size, false, val);
	spin_unlock_irq(&lg->ioapic.lock);
	return err;
}

static int lg_ioapic_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	struct lguest *lg = ctx;
	int err;

	spin_lock_irq(&lg->ioapic.lock);
	err = lg_ioapic_access(&lg->ioapic, off, size, true, &val);
	spin_unlock_irq(&lg->ioapic.lock);
	return err;
}

static const struct lg_bus_ops lg_ioapic_ops = {
	.read = lg_ioapic_read,
	.write = lg_ioapic_write,
};

/*
 * The 8259s' command and data ports, master at 0x20, slave at 0xa0, a
 * byte at a time.  A write may raise the output (an unmask, an EOI that
 * lets the next request through): the run loop looks again before the
 * next entry, so no kick is needed from the vCPU's own thread.
 */
static u8 lg_pic_io(struct lguest *lg, bool slave, u64 off, bool write, u8 val)
{
	u8 ret;

	spin_lock_irq(&lg->ioapic.lock);
	ret = lg_pic_access(&lg->ioapic.pic, slave, off, write, val);
	spin_unlock_irq(&lg->ioapic.lock);
	return ret;
}

static int lg_pic_master_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	*val = lg_pic_io(ctx, false, off, false, 0);
	return 0;
}

static int lg_pic_master_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	lg_pic_io(ctx, false, off, true, val);
	return 0;
}

static int lg_pic_slave_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	*val = lg_pic_io(ctx, true, off, false, 0);
	return 0;
}

static int lg_pic_slave_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	lg_pic_io(ctx, true, off, true, val);
	return 0;
}

static const struct lg_bus_ops lg_pic_master_ops = {
	.read = lg_pic_master_read,
	.write = lg_pic_master_write,
};

static const struct lg_bus_ops lg_pic_slave_ops = {
	.read = lg_pic_slave_read,
	.write = lg_pic_slave_write,
};

/*
 * ELCR at 0x4d0 (IRQs 0-7) and 0x4d1 (8-15): which inputs the guest
 * wants level-triggered.  Kept so it reads back (Linux sets the SCI's
 * bit), not obeyed: every line here is an edge.
 */
static int lg_elcr_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	struct lguest *lg = ctx;

	*val = READ_ONCE(lg->ioapic.pic.chip[off].elcr);
	return 0;
}

static int lg_elcr_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	struct lguest *lg = ctx;

	WRITE_ONCE(lg->ioapic.pic.chip[off].elcr, val);
	return 0;
}

static const struct lg_bus_ops lg_elcr_ops = {
	.read = lg_elcr_read,
	.write = lg_elcr_write,
};

/* ---- the UART at 0x3f8, on input 4 --------------------------------------- */

/* Its line follows its state: after each access, and in each run-loop turn. */
void lg_devices_sync(struct lguest *lg)
{
	lg_irq_set(lg, LG_UART_GSI, lg_uart_irq(&lg->uart));
}

/* Console input can raise the UART's line while the vCPU sleeps in HLT. */
bool lg_devices_irq_changed(struct lguest *lg)
{
	return lg_uart_irq(&lg->uart) != test_bit(LG_UART_GSI, &lg->ioapic.level);
}

/* Byte registers only; a wider access reads all ones and writes nothing. */
static int lg_uart_read(void *ctx, u64 off, unsigned int size, u64 *val)
{
	struct lguest *lg = ctx;

	*val = size == 1 ? lg_uart_in(&lg->uart, off) : ~0ULL;
	lg_devices_sync(lg);
	return 0;
}

static int lg_uart_write(void *ctx, u64 off, unsigned int size, u64 val)
{
	struct lguest *lg = ctx;
	bool done = size != 1 || lg_uart_out(&lg->uart, off, val);

	lg_devices_sync(lg);
	return done ? 0 : -EAGAIN;
}

static const struct lg_bus_ops lg_uart_ops = {
	.read = lg_uart_read,
	.write = lg_uart_write,
};

/* COM1 in the DSDT: a stock kernel's 8250 driver finds it, and its IRQ, there. */
static const struct lg_acpi_dev lg_uart_acpi = {
	.name = "COM1", .hid = "PNP0501", .gsi = LG_UART_GSI,
};

/*
 * The devices' lines in the "stats" attribute, after the core's: their
 * interrupt state, for when a guest seems to wait for nothing.  Returns
 * the new length of @page.
 */
ssize_t lg_devices_stats(struct lguest *lg, char *page, ssize_t len)
{
	len += sysfs_emit_at(page, len, "uart_ier 0x%x\nuart_mcr 0x%x\nuart_thre %d\n",
			     lg->uart.ier, lg->uart.mcr, lg->uart.thre_pending);
	len += sysfs_emit_at(page, len, "ioapic_pin4 0x%llx level %d\n",
			     lg->ioapic.redir[LG_UART_GSI],
			     !!(READ_ONCE(lg->ioapic.level) & BIT(LG_UART_GSI)));
	len += sysfs_emit_at(page, len, "pic_irr 0x%02x\npic_imr 0x%02x\npic_isr 0x%02x\n",
			     READ_ONCE(lg->ioapic.pic.chip[0].irr),
			     READ_ONCE(lg->ioapic.pic.chip[0].imr),
			     READ_ONCE(lg->ioapic.pic.chip[0].isr));
	return len;
}

/*
 * M:060 The devices every machine has, registered when it is built (and
 * again on a restart).  The windows are fixed, so a failure here is a bug
 * in this table, not something a guest or a user can cause.
 */
int lg_devices_build(struct lguest *lg)
{
	int err;

	lg_bus_init(&lg->pio_bus);
	lg_bus_init(&lg->mmio_bus);
	lg->pm1_en = 0;
	err = lg_bus_add_acpi(&lg->pio_bus, 0x3f8, 8, "UART", &lg_uart_ops, lg,
			      &lg_uart_acpi);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, 0x64, 1, "keyboard controller",
				 &lg_kbd_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, LG_PORT_PM1_EVT, 4, "ACPI PM1 events",
				 &lg_pm1_evt_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, LG_PORT_PM1_CNT, 2, "ACPI PM1 control",
				 &lg_pm1_cnt_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, LG_PORT_RESET, 1, "ACPI reset",
				 &lg_reset_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, 0x20, 2, "8259 master",
				 &lg_pic_master_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, 0xa0, 2, "8259 slave",
				 &lg_pic_slave_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->pio_bus, 0x4d0, 2, "8259 ELCR", &lg_elcr_ops, lg);
	if (!err)
		err = lg_bus_add(&lg->mmio_bus, LG_IOAPIC_GPA, LG_PAGE_SIZE, "I/O APIC",
				 &lg_ioapic_ops, lg);
	return err;
}

/* ---- dispatch --------------------------------------------------------------- */

static u64 lg_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/*
 * D:070 Port I/O.  Returns false if the OUT must run again later (the
 * console is full); RIP stays on it until then.
 */
bool lg_handle_io(struct lguest *lg, struct lg_exit *e)
{
	const struct lg_bus_dev *d = lg_bus_find(&lg->pio_bus, e->io.port, e->io.size);
	u64 val = 0;

	if (e->io.in) {
		if (!d || d->ops->read(d->ctx, e->io.port - d->base, e->io.size, &val))
			val = ~0ULL;
		e->io.data = val & lg_size_mask(e->io.size);
		return true;
	}
	return !d || d->ops->write(d->ctx, e->io.port - d->base, e->io.size,
				   e->io.data) != -EAGAIN;
}

/*
 * D:075 A nested fault outside RAM: the backend fetched the instruction,
 * the core decodes it (one MOV form or another), finds the device and
 * moves the value between it and the register.  Returns false if a store
 * must run again later.
 */
bool lg_handle_mmio(struct lguest *lg, struct lg_vcpu *vcpu, struct lg_exit *e)
{
	const struct lg_bus_dev *d = lg_bus_find(&lg->mmio_bus, e->mmio.gpa, 1);
	struct lg_mmio m;
	u64 val;
	int err;

	if (!d) {
		lg_kill(lg, "access to unbacked GPA 0x%llx at RIP 0x%llx",
			e->mmio.gpa, e->mmio.rip);
		return true;
	}
	if (!e->mmio.insn_len || lg_decode_mmio(e->mmio.insn, e->mmio.insn_len, &m)) {
		lg_kill(lg, "cannot decode the MMIO access to GPA 0x%llx at RIP 0x%llx: %*ph",
			e->mmio.gpa, e->mmio.rip, e->mmio.insn_len, e->mmio.insn);
		return true;
	}
	if (lg_bus_find(&lg->mmio_bus, e->mmio.gpa, m.size) != d) {
		lg_kill(lg, "%u-byte access across the end of the %s at GPA 0x%llx",
			m.size, d->name, e->mmio.gpa);
		return true;
	}
	if (m.write) {
		val = m.has_imm ? m.imm : lg_mmio_reg_value(vcpu->gprs, &m);
		err = d->ops->write(d->ctx, e->mmio.gpa - d->base, m.size,
				    val & lg_size_mask(m.size));
	} else {
		err = d->ops->read(d->ctx, e->mmio.gpa - d->base, m.size, &val);
		if (!err)
			lg_mmio_set_reg(vcpu->gprs, &m, val & lg_size_mask(m.size));
	}
	if (err == -EAGAIN)
		return false;
	if (err) {
		lg_kill(lg, "%u-byte access to %s register 0x%llx", m.size, d->name,
			e->mmio.gpa - d->base);
		return true;
	}
	e->mmio.len = m.len;
	return true;
}
