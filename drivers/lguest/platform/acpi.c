// SPDX-License-Identifier: GPL-2.0
/*
 * B:300 The firmware tables a stock kernel reads: RSDP, XSDT, FADT, MADT
 * and a DSDT.  The FADT declares hardware-reduced ACPI with a reset
 * register and the sleep control/status registers (so "poweroff" ends the
 * guest), the MADT one local APIC, and the DSDT the \_S5 sleep state and
 * COM1.  Pure logic: KUnit checks the bytes under UML (acpi_kunit.c).
 */
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
#define OFF_DSDT	0x300
#define FADT_LEN	276

#define FADT_F_RESET_REG_SUP	BIT(10)
#define FADT_F_HW_REDUCED	BIT(20)
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

/*
 * Scope(\_SB) { Device(COM1) { _HID PNP0501, _UID 0,
 *   _CRS { IO(Decode16, 0x3f8, 0x3f8, 1, 8), IRQNoFlags() {4} } } }
 * IRQNoFlags() {4}: a hardware-reduced platform hands out no legacy IRQs,
 * so the interrupt must be declared here for the console to get one.
 */
static size_t lg_aml_com1(u8 *p)
{
	static const u8 dev_body[] = {
		'C', 'O', 'M', '1',
		0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01,
		0x08, '_', 'U', 'I', 'D', 0x00,
		0x08, '_', 'C', 'R', 'S', 0x11, 0x10, 0x0a, 0x0d,
		0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,
		0x22, 0x10, 0x00,
		0x79, 0x00,
	};
	static const u8 scope_name[] = { '\\', '_', 'S', 'B', '_' };
	u8 dev[2 + 2 + sizeof(dev_body)];
	size_t n = 0, dn = 0;

	dev[dn++] = 0x5b;	/* ExtOpPrefix */
	dev[dn++] = 0x82;	/* DeviceOp */
	dn += lg_aml_pkglen(dev + dn, sizeof(dev_body));
	memcpy(dev + dn, dev_body, sizeof(dev_body));
	dn += sizeof(dev_body);

	p[n++] = 0x10;		/* ScopeOp */
	n += lg_aml_pkglen(p + n, sizeof(scope_name) + dn);
	memcpy(p + n, scope_name, sizeof(scope_name));
	n += sizeof(scope_name);
	memcpy(p + n, dev, dn);
	return n + dn;
}

/**
 * lg_acpi_build() - write the ACPI tables into @buf, to live at @base.
 * @buf: LG_ACPI_SIZE zeroed bytes.
 * @base: the guest-physical address the region will be copied to
 *	(16-byte aligned, below 4 GiB).
 *
 * Return: 0, or -EINVAL for a bad @base.
 */
int lg_acpi_build(u8 *buf, u64 base)
{
	u8 *rsdp = buf + OFF_RSDP, *xsdt = buf + OFF_XSDT, *fadt = buf + OFF_FADT;
	u8 *madt = buf + OFF_MADT, *dsdt = buf + OFF_DSDT;
	size_t aml;

	if ((base & 15) || base + LG_ACPI_SIZE > (1ULL << 32))
		return -EINVAL;

	/* DSDT: the AML after the header. */
	aml = ACPI_HDR;
	aml += lg_aml_s5(dsdt + aml);
	aml += lg_aml_com1(dsdt + aml);
	lg_acpi_header(dsdt, "DSDT", aml, 2);

	/* FADT, revision 6: hardware-reduced, reset and sleep registers. */
	lg_put_le32(fadt + 40, base + OFF_DSDT);
	lg_put_le16(fadt + 109, FADT_BOOT_ARCH);
	lg_put_le32(fadt + 112, FADT_F_HW_REDUCED | FADT_F_RESET_REG_SUP);
	lg_acpi_gas_io(fadt + 116, LG_PORT_RESET);
	fadt[128] = LG_RESET_VALUE;
	fadt[131] = 0;				/* FADT minor version */
	lg_put_le64(fadt + 140, base + OFF_DSDT);	/* X_DSDT */
	lg_acpi_gas_io(fadt + 244, LG_PORT_SLEEP_CTL);
	lg_acpi_gas_io(fadt + 256, LG_PORT_SLEEP_STS);
	memcpy(fadt + 268, "LGUEST  ", 8);
	lg_acpi_header(fadt, "FACP", FADT_LEN, 6);

	/* MADT: the local APIC address, one enabled processor, one I/O APIC. */
	lg_put_le32(madt + 36, 0xfee00000);
	lg_put_le32(madt + 40, 0);			/* no dual 8259s */
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
