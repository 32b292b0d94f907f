// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for acpi.c: every table's checksum, the pointers between
 * them, the FADT fields that make poweroff and reboot work, the MADT's
 * entries, and the DSDT's AML byte for byte (as iasl encodes the same
 * ASL: Name(_S5, Package() {5, 5, 0, 0}) and COM1 with IO and IRQ 4).
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../lg.h"

#define BASE	0xe0000

static u8 sum(const u8 *p, size_t len)
{
	u8 s = 0;

	while (len--)
		s += *p++;
	return s;
}

static const u8 *table(const u8 *buf, u64 gpa)
{
	return buf + (gpa - BASE);
}

static const struct lg_bus_ops no_ops;
static const struct lg_acpi_dev com1 = { .name = "COM1", .hid = "PNP0501", .gsi = 4 };
static const struct lg_acpi_dev com2 = { .name = "COM2", .hid = "PNP0501", .gsi = 3 };

/* The machine's port bus: COM1 and two windows the DSDT does not list. */
static void machine_bus(struct kunit *test, struct lg_bus *pio, struct lg_bus *mmio)
{
	lg_bus_init(pio);
	lg_bus_init(mmio);
	KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(pio, 0x3f8, 8, "UART", &no_ops, NULL, &com1), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add(pio, 0x604, 2, "ACPI sleep", &no_ops, NULL), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add(pio, 0x64, 1, "keyboard", &no_ops, NULL), 0);
}

static void lg_acpi_tables_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	const u8 *xsdt, *fadt, *madt, *dsdt, *facs;
	struct lg_bus pio, mmio;
	static const u8 aml[] = {
		/* Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero }) */
		0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a,
		0x05, 0x00, 0x00,
		/* Scope (_SB) { Device (COM1) { ... } } */
		0x10, 0x33, 0x5c, 0x5f, 0x53, 0x42, 0x5f, 0x5b, 0x82, 0x2b, 0x43,
		0x4f, 0x4d, 0x31, 0x08, 0x5f, 0x48, 0x49, 0x44, 0x0c, 0x41, 0xd0,
		0x05, 0x01, 0x08, 0x5f, 0x55, 0x49, 0x44, 0x00, 0x08, 0x5f, 0x43,
		0x52, 0x53, 0x11, 0x10, 0x0a, 0x0d, 0x47, 0x01, 0xf8, 0x03, 0xf8,
		0x03, 0x01, 0x08, 0x22, 0x10, 0x00, 0x79, 0x00,
	};

	machine_bus(test, &pio, &mmio);
	KUNIT_ASSERT_EQ(test, lg_acpi_build(buf, BASE, &pio, &mmio), 0);

	/* RSDP: both checksums, revision 2, the XSDT. */
	KUNIT_EXPECT_EQ(test, memcmp(buf, "RSD PTR ", 8), 0);
	KUNIT_EXPECT_EQ(test, sum(buf, 20), 0);
	KUNIT_EXPECT_EQ(test, sum(buf, 36), 0);
	KUNIT_EXPECT_EQ(test, buf[15], 2);
	xsdt = table(buf, lg_get_le64(buf + 24));

	KUNIT_EXPECT_EQ(test, memcmp(xsdt, "XSDT", 4), 0);
	KUNIT_EXPECT_EQ(test, sum(xsdt, lg_get_le32(xsdt + 4)), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(xsdt + 4), 36ULL + 16);
	fadt = table(buf, lg_get_le64(xsdt + 36));
	madt = table(buf, lg_get_le64(xsdt + 44));

	/*
	 * FADT: not hardware-reduced (Linux would ignore the 8259s), the
	 * SCI, PM1a blocks, a FACS, no PM timer, C2 or C3, reset register.
	 */
	KUNIT_EXPECT_EQ(test, memcmp(fadt, "FACP", 4), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 4), 276ULL);
	KUNIT_EXPECT_EQ(test, fadt[8], 6);
	KUNIT_EXPECT_EQ(test, sum(fadt, 276), 0);
	KUNIT_EXPECT_FALSE(test, lg_get_le32(fadt + 112) & BIT(20));
	KUNIT_EXPECT_TRUE(test, lg_get_le32(fadt + 112) & BIT(10));
	KUNIT_EXPECT_EQ(test, lg_get_le16(fadt + 46), (u64)LG_SCI_IRQ);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 48), 0ULL);		/* SMI_CMD */
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 56), (u64)LG_PORT_PM1_EVT);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 64), (u64)LG_PORT_PM1_CNT);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 76), 0ULL);		/* PM timer */
	KUNIT_EXPECT_EQ(test, fadt[88], 4);
	KUNIT_EXPECT_EQ(test, fadt[89], 2);
	KUNIT_EXPECT_GT(test, lg_get_le16(fadt + 96), 100ULL);
	KUNIT_EXPECT_GT(test, lg_get_le16(fadt + 98), 1000ULL);
	facs = table(buf, lg_get_le64(fadt + 132));
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 36), 0ULL);		/* X_ only */
	KUNIT_EXPECT_EQ(test, lg_get_le64(fadt + 132) % 64, 0ULL);
	KUNIT_EXPECT_EQ(test, memcmp(facs, "FACS", 4), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(facs + 4), 64ULL);
	KUNIT_EXPECT_LE(test, (size_t)(facs - buf) + 64, (size_t)0x300);
	KUNIT_EXPECT_EQ(test, lg_get_le16(fadt + 109) & BIT(1), 0ULL);	/* no 8042 */
	KUNIT_EXPECT_EQ(test, fadt[116], 1);				/* SystemIO */
	KUNIT_EXPECT_EQ(test, fadt[117], 8);
	KUNIT_EXPECT_EQ(test, lg_get_le64(fadt + 120), (u64)LG_PORT_RESET);
	KUNIT_EXPECT_EQ(test, fadt[128], LG_RESET_VALUE);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 40), lg_get_le64(fadt + 140));
	dsdt = table(buf, lg_get_le64(fadt + 140));

	/* MADT: LAPIC address, processor 0 enabled, the I/O APIC. */
	KUNIT_EXPECT_EQ(test, memcmp(madt, "APIC", 4), 0);
	KUNIT_EXPECT_EQ(test, sum(madt, lg_get_le32(madt + 4)), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 36), 0xfee00000ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 40), 1ULL);		/* PC-AT PICs */
	KUNIT_EXPECT_EQ(test, madt[44], 0);
	KUNIT_EXPECT_EQ(test, madt[45], 8);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 48), 1ULL);
	KUNIT_EXPECT_EQ(test, madt[52], 1);
	KUNIT_EXPECT_EQ(test, madt[53], 12);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 56), LG_IOAPIC_GPA);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 60), 0ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 4), 64ULL);

	/* DSDT: the header, then exactly the AML above. */
	KUNIT_EXPECT_EQ(test, memcmp(dsdt, "DSDT", 4), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(dsdt + 4), 36ULL + sizeof(aml));
	KUNIT_EXPECT_EQ(test, sum(dsdt, lg_get_le32(dsdt + 4)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dsdt + 36, aml, sizeof(aml)), 0);

	/* Every table lies inside the region. */
	KUNIT_EXPECT_LE(test, (size_t)(dsdt - buf) + lg_get_le32(dsdt + 4), (size_t)LG_ACPI_SIZE);
}

static void lg_acpi_base_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	struct lg_bus pio, mmio;

	machine_bus(test, &pio, &mmio);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, BASE + 8, &pio, &mmio), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, 0xfffff800ULL, &pio, &mmio), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, 0x80000000ULL, &pio, &mmio), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le64(buf + 24), 0x80000040ULL);
}

/*
 * A second UART registered later appears in the DSDT with no change to
 * acpi.c: in address order, _UID 1, IRQ 3, and the scope's length now
 * takes two bytes.
 */
static void lg_acpi_two_devices_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	const u8 *xsdt, *fadt, *dsdt;
	struct lg_bus pio, mmio;
	static const u8 head[] = {
		0x10, 0x41, 0x06, 0x5c, 0x5f, 0x53, 0x42, 0x5f,
		/* Device (COM2), at 0x2f8, first */
		0x5b, 0x82, 0x2b, 0x43, 0x4f, 0x4d, 0x32, 0x08, 0x5f, 0x48, 0x49,
		0x44, 0x0c, 0x41, 0xd0, 0x05, 0x01, 0x08, 0x5f, 0x55, 0x49, 0x44,
		0x00, 0x08, 0x5f, 0x43, 0x52, 0x53, 0x11, 0x10, 0x0a, 0x0d, 0x47,
		0x01, 0xf8, 0x02, 0xf8, 0x02, 0x01, 0x08, 0x22, 0x08, 0x00, 0x79,
		0x00,
		/* Device (COM1): the same HID again, so _UID One */
		0x5b, 0x82, 0x2b, 0x43, 0x4f, 0x4d, 0x31, 0x08, 0x5f, 0x48, 0x49,
		0x44, 0x0c, 0x41, 0xd0, 0x05, 0x01, 0x08, 0x5f, 0x55, 0x49, 0x44,
		0x01,
	};

	machine_bus(test, &pio, &mmio);
	KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(&pio, 0x2f8, 8, "UART2", &no_ops, NULL, &com2), 0);
	KUNIT_ASSERT_EQ(test, lg_acpi_build(buf, BASE, &pio, &mmio), 0);
	xsdt = table(buf, lg_get_le64(buf + 24));
	fadt = table(buf, lg_get_le64(xsdt + 36));
	dsdt = table(buf, lg_get_le64(fadt + 140));
	KUNIT_EXPECT_EQ(test, memcmp(dsdt, "DSDT", 4), 0);
	KUNIT_EXPECT_EQ(test, sum(dsdt, lg_get_le32(dsdt + 4)), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(dsdt + 4), 36U + 14 + 8 + 2 * 45);
	KUNIT_EXPECT_EQ(test, memcmp(dsdt + 36 + 14, head, sizeof(head)), 0);
}

/* What the DSDT cannot say is refused, not written wrong. */
static void lg_acpi_refused_test(struct kunit *test)
{
	static const struct lg_acpi_dev bad_hid = { .name = "BAD0", .hid = "pnp0501", .gsi = 4 };
	static const struct lg_acpi_dev high_irq = { .name = "HIGH", .hid = "PNP0501", .gsi = 16 };
	static const struct lg_acpi_dev long_name = {
		.name = "LONG", .hid = "PNP050111", .gsi = 4,
	};
	static const struct lg_acpi_dev bad_acpi_id = {
		.name = "BADA", .hid = "LNRO000G", .gsi = 4,
	};
	static const struct lg_acpi_dev no_hid = { .name = "NONE", .gsi = 4 };
	const struct lg_acpi_dev *cases[] = {
		&bad_hid, &high_irq, &long_name, &no_hid, &bad_acpi_id,
	};
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	struct lg_bus pio, mmio;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		lg_bus_init(&pio);
		lg_bus_init(&mmio);
		KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(&pio, 0x3f8, 8, "x", &no_ops, NULL,
						      cases[i]), 0);
		KUNIT_EXPECT_EQ_MSG(test, lg_acpi_build(buf, BASE, &pio, &mmio), -EINVAL,
				    "%s", cases[i]->name);
	}
	/* No device at all: just _S5. */
	lg_bus_init(&pio);
	lg_bus_init(&mmio);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, BASE, &pio, &mmio), 0);
}

/*
 * A virtio-mmio window on the memory bus: a string _HID, Memory32Fixed
 * and its IRQ, after the port devices; a second one gets _UID 1.
 */
static void lg_acpi_mmio_device_test(struct kunit *test)
{
	static const struct lg_acpi_dev vd0 = { .name = "VR00", .hid = "LNRO0005", .gsi = 5 };
	static const struct lg_acpi_dev vd1 = { .name = "VR01", .hid = "LNRO0005", .gsi = 6 };
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	const u8 *xsdt, *fadt, *dsdt, *p;
	struct lg_bus pio, mmio;
	static const u8 dev0[] = {
		/* Device (VR00) { Name (_HID, "LNRO0005") Name (_UID, Zero) */
		0x5b, 0x82, 0x34, 0x56, 0x52, 0x30, 0x30, 0x08, 0x5f, 0x48, 0x49,
		0x44, 0x0d, 0x4c, 0x4e, 0x52, 0x4f, 0x30, 0x30, 0x30, 0x35, 0x00,
		0x08, 0x5f, 0x55, 0x49, 0x44, 0x00,
		/*
		 * Name (_CRS, ResourceTemplate () { Memory32Fixed (ReadWrite,
		 * 0xFE000000, 0x00001000) IRQNoFlags () {5} }) }
		 */
		0x08, 0x5f, 0x43, 0x52, 0x53, 0x11, 0x14, 0x0a, 0x11, 0x86, 0x09,
		0x00, 0x01, 0x00, 0x00, 0x00, 0xfe, 0x00, 0x10, 0x00, 0x00, 0x22,
		0x20, 0x00, 0x79, 0x00,
	};

	machine_bus(test, &pio, &mmio);
	KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(&mmio, 0xfe001000, 0x1000, "v1", &no_ops,
					      NULL, &vd1), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(&mmio, 0xfe000000, 0x1000, "v0", &no_ops,
					      NULL, &vd0), 0);
	KUNIT_ASSERT_EQ(test, lg_bus_add(&mmio, 0xfec00000, 0x1000, "ioapic", &no_ops,
					 NULL), 0);
	KUNIT_ASSERT_EQ(test, lg_acpi_build(buf, BASE, &pio, &mmio), 0);
	xsdt = table(buf, lg_get_le64(buf + 24));
	fadt = table(buf, lg_get_le64(xsdt + 36));
	dsdt = table(buf, lg_get_le64(fadt + 140));
	KUNIT_EXPECT_EQ(test, sum(dsdt, lg_get_le32(dsdt + 4)), 0);
	/* _S5, the scope head (two-byte length), COM1, then VR00 and VR01. */
	KUNIT_EXPECT_EQ(test, lg_get_le32(dsdt + 4), 36U + 14 + 8 + 45 + 2 * 54);
	p = dsdt + 36 + 14 + 8 + 45;
	KUNIT_EXPECT_EQ(test, memcmp(p, dev0, sizeof(dev0)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(p + 54 + 3, "VR01", 4), 0);
	KUNIT_EXPECT_EQ(test, p[54 + 27], 0x01);	/* _UID One */
	KUNIT_EXPECT_EQ(test, lg_get_le32(p + 54 + 41), 0xfe001000U);
	/* An MMIO window above 4 GiB cannot be Memory32Fixed. */
	lg_bus_init(&mmio);
	KUNIT_ASSERT_EQ(test, lg_bus_add_acpi(&mmio, 1ULL << 32, 0x1000, "hi", &no_ops,
					      NULL, &vd0), 0);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, BASE, &pio, &mmio), -EINVAL);
}

static struct kunit_case lg_acpi_cases[] = {
	KUNIT_CASE(lg_acpi_tables_test),
	KUNIT_CASE(lg_acpi_base_test),
	KUNIT_CASE(lg_acpi_two_devices_test),
	KUNIT_CASE(lg_acpi_refused_test),
	KUNIT_CASE(lg_acpi_mmio_device_test),
	{}
};

static struct kunit_suite lg_acpi_suite = {
	.name = "lguest-acpi",
	.test_cases = lg_acpi_cases,
};

kunit_test_suite(lg_acpi_suite);
