// SPDX-License-Identifier: GPL-2.0
/*
 * B:300 The firmware tables a stock kernel reads: RSDP, XSDT, FADT, FACS,
 * MADT and a DSDT.  The FADT declares the smallest full (not
 * hardware-reduced) ACPI machine: an SCI nobody raises, PM1a event and
 * control blocks (so "poweroff" ends the guest), no PM timer, C2 or C3,
 * and a reset register.  Not hardware-reduced because Linux then ignores
 * the 8259s, and a guest booted with "noapic" needs them.  The MADT
 * has one local APIC, an I/O APIC and PC-AT 8259s, and the DSDT the \_S5
 * sleep state and
 * the devices registered on either bus with an ACPI entry (COM1 and the
 * virtio-mmio windows).  Pure logic: KUnit checks the bytes under UML
 * (acpi_kunit.c).
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../lg.h"

#define ACPI_HDR	36

/* The tables inside the region, by offset. */
#define OFF_RSDP	0x000
#define OFF_XSDT	0x040
#define OFF_FADT	0x100
#define OFF_MADT	0x240
#define OFF_FACS	0x280	/* plus what makes it 64-byte aligned */
#define OFF_DSDT	0x300
#define FADT_LEN	276
#define FACS_LEN	64

/* WBINVD works, C1 is HLT, power and sleep buttons are not fixed ones. */
#define FADT_FLAGS		(BIT(0) | BIT(2) | BIT(4) | BIT(5))
#define FADT_F_RESET_REG_SUP	BIT(10)
/* IAPC_BOOT_ARCH: no VGA, no MSI, no CMOS RTC (and no 8042). */
#define FADT_BOOT_ARCH		(BIT(2) | BIT(3) | BIT(5))

static u8 lg_acpi_sum(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static void lg_acpi_header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memcpy(t, sig, 4);
	lg_put_le32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "LGUEST", 6);
	memcpy(t + 16, "LGUESTVM", 8);
	lg_put_le32(t + 24, 1);
	memcpy(t + 28, "LGST", 4);
	lg_put_le32(t + 32, 1);
	t[9] = 0;
	t[9] = -lg_acpi_sum(t, len);
}

/* A Generic Address Structure for one byte of I/O space. */
static void lg_acpi_gas_io(u8 *g, u16 port)
{
	g[0] = 1;	/* SystemIO */
	g[1] = 8;	/* bit width */
	g[2] = 0;
	g[3] = 1;	/* byte access */
	lg_put_le64(g + 4, port);
}

/*
 * B:310 AML, the DSDT's byte code, for the few objects lguest declares.
 * A package's length counts its own encoding: one byte up to 63, two
 * bytes up to 4095.
 */
static size_t lg_aml_pkglen(u8 *p, size_t body)
{
	if (body + 1 < 64) {
		p[0] = body + 1;
		return 1;
	}
	p[0] = 0x40 | ((body + 2) & 0xf);
	p[1] = (body + 2) >> 4;
	return 2;
}

/* Name(_S5_, Package() { 5, 5, 0, 0 }): S5 is SLP_TYP 5. */
static size_t lg_aml_s5(u8 *p)
{
	static const u8 s5[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
		0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
	};

	memcpy(p, s5, sizeof(s5));
	return sizeof(s5);
}

/* An EISA ID ("PNP0501") as AML's compressed DWord: three letters, four hex digits. */
static int lg_aml_eisaid(u8 *p, const char *id)
{
	u16 letters = 0;
	unsigned int i;
	u8 hex[2];

	if (!id || strlen(id) != 7)
		return -EINVAL;
	for (i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z')
			return -EINVAL;
		letters = letters << 5 | (id[i] - '@');
	}
	if (hex2bin(hex, id + 3, 2))
		return -EINVAL;
	p[0] = 0x0c;		/* DWordPrefix */
	p[1] = letters >> 8;
	p[2] = letters;
	p[3] = hex[0];
	p[4] = hex[1];
	return 5;
}

/*
 * _HID: a seven-character EISA ID ("PNP0501") as EisaId(), or an
 * eight-character ACPI ID ("LNRO0005": four letters or digits, four hex
 * digits) as a string.
 */
static int lg_aml_hid(u8 *p, const char *id)
{
	unsigned int i;

	if (!id)
		return -EINVAL;
	if (strlen(id) == 7)
		return lg_aml_eisaid(p, id);
	if (strlen(id) != 8)
		return -EINVAL;
	for (i = 0; i < 8; i++) {
		bool ok = i < 4 ? (id[i] >= 'A' && id[i] <= 'Z') || isdigit(id[i]) :
				  isxdigit(id[i]) && !islower(id[i]);

		if (!ok)
			return -EINVAL;
	}
	p[0] = 0x0d;		/* StringPrefix */
	memcpy(p + 1, id, 8);
	p[9] = 0;
	return 10;
}

/*
 * Device(NAME) { Name(_HID, HID), Name(_UID, uid), Name(_CRS,
 *   ResourceTemplate() { IO(Decode16, base, base, 1, len) or
 *   Memory32Fixed(ReadWrite, base, len), IRQNoFlags() {gsi} }) }
 * IRQNoFlags: a hardware-reduced platform hands out no legacy IRQs, so a
 * device's interrupt must be declared here for its driver to get one.
 * Returns the bytes written, or -EINVAL for what this cannot express.
 */
static int lg_aml_device(u8 *p, const struct lg_bus_dev *d, bool io,
			 unsigned int uid)
{
	const struct lg_acpi_dev *a = d->acpi;
	u8 body[64], crs[20];
	size_t n = 0, c = 0, dn = 0;
	int len;

	if (strlen(a->name) != 4 || a->gsi > 15 || uid > 0xff)
		return -EINVAL;
	/* The resource template: the window, then the IRQ, then the end tag. */
	if (io) {
		if (d->base + d->len > 0x10000 || d->len > 0xff)
			return -EINVAL;
		crs[c++] = 0x47;	/* IO, 16-bit decode */
		crs[c++] = 0x01;
		lg_put_le16(crs + c, d->base);	/* minimum */
		lg_put_le16(crs + c + 2, d->base);	/* maximum */
		c += 4;
		crs[c++] = 0x01;	/* alignment */
		crs[c++] = d->len;
	} else {
		if (d->base + d->len > (1ULL << 32))
			return -EINVAL;
		crs[c++] = 0x86;	/* Memory32Fixed */
		lg_put_le16(crs + c, 9);
		c += 2;
		crs[c++] = 0x01;	/* read-write */
		lg_put_le32(crs + c, d->base);
		lg_put_le32(crs + c + 4, d->len);
		c += 8;
	}
	if (a->gsi >= 0) {
		crs[c++] = 0x22;	/* IRQNoFlags */
		lg_put_le16(crs + c, BIT(a->gsi));
		c += 2;
	}
	crs[c++] = 0x79;	/* end tag, checksum 0 */
	crs[c++] = 0x00;

	memcpy(body + n, a->name, 4);
	n += 4;
	memcpy(body + n, "\x08_HID", 5);
	n += 5;
	len = lg_aml_hid(body + n, a->hid);
	if (len < 0)
		return len;
	n += len;
	memcpy(body + n, "\x08_UID", 5);
	n += 5;
	if (uid <= 1) {
		body[n++] = uid;	/* ZeroOp, OneOp */
	} else {
		body[n++] = 0x0a;	/* BytePrefix */
		body[n++] = uid;
	}
	memcpy(body + n, "\x08_CRS", 5);
	n += 5;
	body[n++] = 0x11;	/* BufferOp */
	n += lg_aml_pkglen(body + n, 2 + c);
	body[n++] = 0x0a;	/* the buffer's size, a byte */
	body[n++] = c;
	memcpy(body + n, crs, c);
	n += c;

	p[dn++] = 0x5b;		/* ExtOpPrefix */
	p[dn++] = 0x82;		/* DeviceOp */
	dn += lg_aml_pkglen(p + dn, n);
	memcpy(p + dn, body, n);
	return dn + n;
}

/*
 * The most lg_aml_device() writes: a 3-byte head and a 52-byte body (a
 * string _HID, a two-byte _UID, a memory window and an IRQ).
 */
#define LG_AML_DEVICE_MAX	55

/* How many devices before this one share its _HID: its _UID. */
static unsigned int lg_aml_uid(const struct lg_bus *pio, const struct lg_bus *mmio,
			       const struct lg_bus_dev *d)
{
	const struct lg_bus *bus[] = { pio, mmio };
	unsigned int b, i, uid = 0;

	for (b = 0; b < ARRAY_SIZE(bus); b++) {
		for (i = 0; i < bus[b]->n; i++) {
			const struct lg_bus_dev *o = &bus[b]->dev[i];

			if (o == d)
				return uid;
			uid += o->acpi && o->acpi->hid && !strcmp(o->acpi->hid, d->acpi->hid);
		}
	}
	return uid;
}

/*
 * Scope(\_SB) { one Device per window that asks for one }, port windows
 * first, each bus in address order; a HID's second device gets _UID 1,
 * and so on.  The devices are written after room for the longest scope
 * head (a two-byte length) and moved down a byte if the length fits in
 * one.
 */
static int lg_aml_devices(u8 *p, size_t room, const struct lg_bus *pio,
			  const struct lg_bus *mmio)
{
	static const u8 scope_name[] = { '\\', '_', 'S', 'B', '_' };
	const struct lg_bus *bus[] = { pio, mmio };
	const size_t head = 1 + 2 + sizeof(scope_name);
	size_t n = 0, dn = 0;
	unsigned int b, i;
	int len;

	for (b = 0; b < ARRAY_SIZE(bus); b++) {
		for (i = 0; i < bus[b]->n; i++) {
			const struct lg_bus_dev *d = &bus[b]->dev[i];

			if (!d->acpi)
				continue;
			if (!d->acpi->hid)
				return -EINVAL;
			if (head + dn + LG_AML_DEVICE_MAX > room)
				return -ENOSPC;
			len = lg_aml_device(p + head + dn, d, bus[b] == pio,
					    lg_aml_uid(pio, mmio, d));
			if (len < 0)
				return len;
			dn += len;
		}
	}
	if (!dn)
		return 0;
	if (sizeof(scope_name) + dn + 2 > 4095)
		return -ENOSPC;
	p[n++] = 0x10;		/* ScopeOp */
	n += lg_aml_pkglen(p + n, sizeof(scope_name) + dn);
	memcpy(p + n, scope_name, sizeof(scope_name));
	n += sizeof(scope_name);
	memmove(p + n, p + head, dn);
	return n + dn;
}

/**
 * lg_acpi_build() - write the ACPI tables into @buf, to live at @base.
 * @buf: LG_ACPI_SIZE zeroed bytes.
 * @base: the guest-physical address the region will be copied to
 *	(16-byte aligned, below 4 GiB).
 * @pio: the machine's port bus: each window with an ACPI entry becomes a
 *	Device in the DSDT, so a device added later appears there without
 *	a change here.
 * @mmio: the machine's memory bus, the same for its windows.
 *
 * Return: 0, -EINVAL for a bad @base or a device entry the DSDT cannot
 * express, -ENOSPC if the devices do not fit.
 */
int lg_acpi_build(u8 *buf, u64 base, const struct lg_bus *pio,
		  const struct lg_bus *mmio)
{
	u8 *rsdp = buf + OFF_RSDP, *xsdt = buf + OFF_XSDT, *fadt = buf + OFF_FADT;
	u8 *madt = buf + OFF_MADT, *dsdt = buf + OFF_DSDT, *facs;
	size_t aml, facs_off;
	int len;

	if ((base & 15) || base + LG_ACPI_SIZE > (1ULL << 32))
		return -EINVAL;
	facs_off = ALIGN(base + OFF_FACS, 64) - base;
	facs = buf + facs_off;

	/* DSDT: the AML after the header. */
	aml = ACPI_HDR;
	aml += lg_aml_s5(dsdt + aml);
	len = lg_aml_devices(dsdt + aml, LG_ACPI_SIZE - OFF_DSDT - aml, pio,
			     mmio);
	if (len < 0)
		return len;
	aml += len;
	lg_acpi_header(dsdt, "DSDT", aml, 2);

	/* FACS: only its header; nothing sleeps or wakes. */
	memcpy(facs, "FACS", 4);
	lg_put_le32(facs + 4, FACS_LEN);
	facs[32] = 2;				/* version */

	/*
	 * FADT, revision 6: SCI, PM1a blocks, reset register.  SMI_CMD 0:
	 * the machine is in ACPI mode from the start.  C2 and C3 latencies
	 * over their limits: not there.
	 */
	lg_put_le32(fadt + 40, base + OFF_DSDT);
	lg_put_le16(fadt + 46, LG_SCI_IRQ);
	lg_put_le32(fadt + 56, LG_PORT_PM1_EVT);
	lg_put_le32(fadt + 64, LG_PORT_PM1_CNT);
	fadt[88] = 4;				/* PM1_EVT_LEN */
	fadt[89] = 2;				/* PM1_CNT_LEN */
	lg_put_le16(fadt + 96, 101);		/* P_LVL2_LAT */
	lg_put_le16(fadt + 98, 1001);		/* P_LVL3_LAT */
	lg_put_le16(fadt + 109, FADT_BOOT_ARCH);
	lg_put_le32(fadt + 112, FADT_FLAGS | FADT_F_RESET_REG_SUP);
	lg_acpi_gas_io(fadt + 116, LG_PORT_RESET);
	fadt[128] = LG_RESET_VALUE;
	fadt[131] = 0;				/* FADT minor version */
	lg_put_le64(fadt + 132, base + facs_off);	/* X_FIRMWARE_CTRL */
	lg_put_le64(fadt + 140, base + OFF_DSDT);	/* X_DSDT */
	memcpy(fadt + 268, "LGUEST  ", 8);
	lg_acpi_header(fadt, "FACP", FADT_LEN, 6);

	/* MADT: the local APIC address, one enabled processor, one I/O APIC. */
	lg_put_le32(madt + 36, 0xfee00000);
	lg_put_le32(madt + 40, 1);			/* PCAT_COMPAT: 8259s */
	madt[44] = 0;				/* Processor Local APIC */
	madt[45] = 8;
	madt[46] = 0;				/* ACPI processor UID */
	madt[47] = 0;				/* APIC ID */
	lg_put_le32(madt + 48, 1);			/* enabled */
	madt[52] = 1;				/* I/O APIC */
	madt[53] = 12;
	madt[54] = 1;				/* I/O APIC ID */
	lg_put_le32(madt + 56, LG_IOAPIC_GPA);
	lg_put_le32(madt + 60, 0);			/* GSI base */
	lg_acpi_header(madt, "APIC", 64, 5);

	/* XSDT: FADT and MADT. */
	lg_put_le64(xsdt + ACPI_HDR, base + OFF_FADT);
	lg_put_le64(xsdt + ACPI_HDR + 8, base + OFF_MADT);
	lg_acpi_header(xsdt, "XSDT", ACPI_HDR + 16, 1);

	/* RSDP, revision 2: the first checksum covers 20 bytes, the second 36. */
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "LGUEST", 6);
	rsdp[15] = 2;
	lg_put_le32(rsdp + 20, 36);
	lg_put_le64(rsdp + 24, base + OFF_XSDT);
	rsdp[8] = -lg_acpi_sum(rsdp, 20);
	rsdp[32] = -lg_acpi_sum(rsdp, 36);
	return 0;
}
