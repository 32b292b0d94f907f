// SPDX-License-Identifier: GPL-2.0
/*
 * D:300 The local APIC, in x2APIC mode only: every register is an MSR, so
 * the guest never touches APIC memory and lguest needs no MMIO for it.
 * Its timer is TSC-deadline, run by a host hrtimer; other interrupt
 * sources (self-IPIs) just set a bit in IRR.  The backend injects the
 * highest pending vector when the guest can take it.
 */
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <asm/tsc.h>

#include "../lg.h"

#define X2APIC_BASE	0x800
#define REG(msr)	((msr) - X2APIC_BASE)
#define R_ID		0x02
#define R_VER		0x03
#define R_TPR		0x08
#define R_PPR		0x0a
#define R_EOI		0x0b
#define R_LDR		0x0d
#define R_SVR		0x0f
#define R_ISR0		0x10
#define R_TMR0		0x18
#define R_IRR0		0x20
#define R_ESR		0x28
#define R_LVT_CMCI	0x2f
#define R_ICR		0x30
#define R_LVT_TIMER	0x32
#define R_LVT_ERROR	0x37
#define R_TMICT		0x38
#define R_TMCCT		0x39
#define R_TDCR		0x3e
#define R_SELF_IPI	0x3f

#define LVT_MASKED	BIT(16)
#define APIC_VERSION	0x50014		/* 6 LVT entries, version 0x14 */

/**
 * lg_lapic_highest() - the highest vector set in a 256-bit APIC bitmap.
 * @bits: IRR or ISR.
 *
 * Return: the vector, or -1 if none is set.
 */
int lg_lapic_highest(const unsigned long *bits)
{
	int v = find_last_bit(bits, 256);

	return v < 256 ? v : -1;
}

/* 32-bit register @i of a 256-bit vector bitmap (ISR, IRR). */
static u32 lg_apic_word(const unsigned long *bits, unsigned int i)
{
	return bits[i / 2] >> (32 * (i % 2));
}

static u32 lg_apic_ppr(struct lg_lapic *a)
{
	int isr = lg_lapic_highest(a->isr);
	u32 isr_class = isr < 0 ? 0 : isr & 0xf0;

	return max(a->tpr & 0xf0, isr_class);
}

/* Something is pending: wake a halted vCPU, or make a running one look. */
void lg_irq_kick(struct lguest *lg)
{
	wake_up(&lg->wait);
	/* A vCPU inside the guest on another CPU must exit to see it. */
	lg_kick(lg);
}

/* Raise @vector: from the vCPU or from the timer, in any context. */
void lg_lapic_raise(struct lguest *lg, u8 vector)
{
	if (vector < 16)
		return;
	set_bit(vector, lg->apic.irr);
	lg_irq_kick(lg);
}

static enum hrtimer_restart lg_apic_timer_fn(struct hrtimer *t)
{
	struct lg_lapic *a = container_of(t, struct lg_lapic, timer);
	struct lguest *lg = container_of(a, struct lguest, apic);
	u32 lvt = READ_ONCE(a->lvt_timer);

	WRITE_ONCE(a->tsc_deadline, 0);
	if (!(lvt & LVT_MASKED))
		lg_lapic_raise(lg, lvt & 0xff);
	return HRTIMER_NORESTART;
}

void lg_lapic_init(struct lguest *lg)
{
	struct lg_lapic *a = &lg->apic;
	int i;

	memset(a, 0, sizeof(*a));
	/* Every LVT entry starts masked, as a CPU's do after reset. */
	a->lvt_timer = LVT_MASKED;
	for (i = 0; i < ARRAY_SIZE(a->lvt); i++)
		a->lvt[i] = LVT_MASKED;
	a->svr = 0xff;
	hrtimer_init(&a->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	a->timer.function = lg_apic_timer_fn;
}

void lg_lapic_free(struct lguest *lg)
{
	hrtimer_cancel(&lg->apic.timer);
}

/**
 * lg_lapic_pending() - the vector to deliver next, if any beats PPR.
 * @lg: the guest.
 *
 * Return: the vector, or -1.
 */
int lg_lapic_pending(struct lguest *lg)
{
	struct lg_lapic *a = &lg->apic;
	int v = lg_lapic_highest(a->irr);

	if (v < 0 || !(a->svr & BIT(8)))
		return -1;
	return (v & 0xf0) > lg_apic_ppr(a) ? v : -1;
}

/* The backend injected @vector: it moves from IRR to ISR. */
void lg_lapic_accept(struct lguest *lg, int vector)
{
	clear_bit(vector, lg->apic.irr);
	__set_bit(vector, lg->apic.isr);
}

/* An interrupt whose delivery an exit cut short: pending again. */
void lg_lapic_unaccept(struct lguest *lg, int vector)
{
	if (__test_and_clear_bit(vector, lg->apic.isr))
		set_bit(vector, lg->apic.irr);
}

#define LVT_LINT0	2		/* lvt[]: thermal, PMC, LINT0, LINT1, error */
#define LVT_EXTINT	(7 << 8)

/*
 * D:460 What the vCPU is offered next: the local APIC's highest vector
 * that beats its priority, else the 8259s' (pic.c) if LINT0 is unmasked
 * ExtINT.  The vCPU's thread, also with interrupts off right before and
 * after VMRUN (svm_world_switch()): hence irqsave, never spin_lock_irq(),
 * which would turn them on there.  @extint says which controller the
 * vector is from, for lg_irq_accept() and lg_irq_unaccept().
 */
int lg_irq_pending(struct lguest *lg, bool *extint)
{
	u32 lint0 = READ_ONCE(lg->apic.lvt[LVT_LINT0]);
	int vector = lg_lapic_pending(lg);
	unsigned long flags;

	*extint = false;
	if (vector >= 0 || (lint0 & (LVT_MASKED | LVT_EXTINT)) != LVT_EXTINT)
		return vector;
	spin_lock_irqsave(&lg->ioapic.lock, flags);
	vector = lg_pic_pending(&lg->ioapic.pic);
	spin_unlock_irqrestore(&lg->ioapic.lock, flags);
	*extint = vector >= 0;
	return vector;
}

/* Whether a halted vCPU has something to wake for. */
bool lg_irq_ready(struct lguest *lg)
{
	bool extint;

	return lg_irq_pending(lg, &extint) >= 0;
}

/* The guest took @vector (from lg_irq_pending()): now in service. */
void lg_irq_accept(struct lguest *lg, int vector, bool extint)
{
	unsigned long flags;

	if (!extint) {
		lg_lapic_accept(lg, vector);
		return;
	}
	spin_lock_irqsave(&lg->ioapic.lock, flags);
	lg_pic_ack(&lg->ioapic.pic, vector);
	spin_unlock_irqrestore(&lg->ioapic.lock, flags);
}

/* Its delivery was cut short by an exit: pending again. */
void lg_irq_unaccept(struct lguest *lg, int vector, bool extint)
{
	unsigned long flags;

	if (!extint) {
		lg_lapic_unaccept(lg, vector);
		return;
	}
	spin_lock_irqsave(&lg->ioapic.lock, flags);
	lg_pic_unack(&lg->ioapic.pic, vector);
	spin_unlock_irqrestore(&lg->ioapic.lock, flags);
}

/* TSC-deadline: the guest's TSC value at which the timer fires. */
static void lg_apic_set_deadline(struct lguest *lg, u64 deadline)
{
	struct lg_lapic *a = &lg->apic;
	u64 now = rdtsc() + lg->vcpu.tsc_offset;
	/*
	 * The conversion below divides a 128-bit product by tsc_khz and
	 * faults (#DE) if the quotient does not fit 64 bits, which a far
	 * deadline on a TSC under 1 GHz would make it: a year is as far
	 * as the timer looks.
	 */
	u64 max_delta = (u64)tsc_khz * 1000 * 3600 * 24 * 365;

	hrtimer_cancel(&a->timer);
	WRITE_ONCE(a->tsc_deadline, deadline);
	if (!deadline)
		return;
	if (deadline <= now) {
		lg_apic_timer_fn(&a->timer);
		return;
	}
	hrtimer_start(&a->timer,
		      ktime_add_ns(ktime_get(),
				   mul_u64_u32_div(min(deadline - now, max_delta),
						   1000000, tsc_khz)),
		      HRTIMER_MODE_ABS_HARD);
}

/**
 * lg_lapic_rdmsr() - read an x2APIC register or the TSC deadline.
 * @lg: the guest.
 * @msr: 0x800-0x8ff or MSR_IA32_TSC_DEADLINE.
 * @val: receives the value.
 *
 * Return: 0, or -EINVAL for a register that does not exist (#GP).
 */
int lg_lapic_rdmsr(struct lguest *lg, u32 msr, u64 *val)
{
	struct lg_lapic *a = &lg->apic;
	u32 r = REG(msr);

	if (msr == LG_MSR_TSC_DEADLINE) {
		*val = READ_ONCE(a->tsc_deadline);
		return 0;
	}
	switch (r) {
	case R_ID:
		*val = 0;
		return 0;
	case R_VER:
		*val = APIC_VERSION;
		return 0;
	case R_TPR:
		*val = a->tpr;
		return 0;
	case R_PPR:
		*val = lg_apic_ppr(a);
		return 0;
	case R_LDR:
		*val = 1;	/* cluster 0, bit 0: derived from ID 0 */
		return 0;
	case R_SVR:
		*val = a->svr;
		return 0;
	case R_ISR0 ... R_ISR0 + 7:
		*val = lg_apic_word(a->isr, r - R_ISR0);
		return 0;
	case R_TMR0 ... R_TMR0 + 7:
		*val = 0;	/* every interrupt is edge-triggered */
		return 0;
	case R_IRR0 ... R_IRR0 + 7:
		*val = lg_apic_word(a->irr, r - R_IRR0);
		return 0;
	case R_ESR:
		*val = 0;
		return 0;
	case R_ICR:
		*val = a->icr;
		return 0;
	case R_LVT_CMCI:
		*val = a->lvt_cmci;
		return 0;
	case R_LVT_TIMER:
		*val = a->lvt_timer;
		return 0;
	case R_LVT_TIMER + 1 ... R_LVT_ERROR:
		*val = a->lvt[r - R_LVT_TIMER - 1];
		return 0;
	case R_TMICT:
		*val = a->tmict;
		return 0;
	case R_TMCCT:
		*val = 0;
		return 0;
	case R_TDCR:
		*val = a->tdcr;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * lg_lapic_wrmsr() - write an x2APIC register or the TSC deadline.
 * @lg: the guest.
 * @msr: 0x800-0x8ff or MSR_IA32_TSC_DEADLINE.
 * @val: the value.
 *
 * Return: 0, or -EINVAL for a read-only or missing register (#GP).
 */
int lg_lapic_wrmsr(struct lguest *lg, u32 msr, u64 val)
{
	struct lg_lapic *a = &lg->apic;
	u32 r = REG(msr);
	int v;

	if (msr == LG_MSR_TSC_DEADLINE) {
		lg_apic_set_deadline(lg, val);
		return 0;
	}
	switch (r) {
	case R_TPR:
		a->tpr = val & 0xff;
		return 0;
	case R_EOI:
		v = lg_lapic_highest(a->isr);
		if (v >= 0)
			__clear_bit(v, a->isr);
		return 0;
	case R_SVR:
		a->svr = val & 0x1ff;
		return 0;
	case R_ESR:
		return val ? -EINVAL : 0;
	case R_ICR:
		a->icr = val;
		/* Fixed delivery to ourselves: shorthand self or all, or ID 0. */
		if (((val >> 8) & 7) == 0 &&
		    (((val >> 18) & 3) == 1 || ((val >> 18) & 3) == 2 ||
		     (((val >> 18) & 3) == 0 && !(val >> 32))))
			lg_lapic_raise(lg, val & 0xff);
		return 0;
	case R_SELF_IPI:
		lg_lapic_raise(lg, val & 0xff);
		return 0;
	case R_LVT_TIMER:
		WRITE_ONCE(a->lvt_timer, val & 0x700ff);
		return 0;
	case R_LVT_TIMER + 1 ... R_LVT_ERROR:
		a->lvt[r - R_LVT_TIMER - 1] = val & 0x1ffff;
		return 0;
	case R_LVT_CMCI:
		a->lvt_cmci = val & 0x1ffff;
		return 0;
	case R_TMICT:
		/* Only the TSC-deadline timer is offered (CPUID, ARAT). */
		a->tmict = val;
		return 0;
	case R_TDCR:
		a->tdcr = val & 0xb;
		return 0;
	default:
		return -EINVAL;
	}
}
