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

static void lg_acpi_tables_test(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, LG_ACPI_SIZE, GFP_KERNEL);
	const u8 *xsdt, *fadt, *madt, *dsdt;
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

	KUNIT_ASSERT_EQ(test, lg_acpi_build(buf, BASE), 0);

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

	/* FADT: hardware-reduced, reset register, sleep registers. */
	KUNIT_EXPECT_EQ(test, memcmp(fadt, "FACP", 4), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 4), 276ULL);
	KUNIT_EXPECT_EQ(test, fadt[8], 6);
	KUNIT_EXPECT_EQ(test, sum(fadt, 276), 0);
	KUNIT_EXPECT_TRUE(test, lg_get_le32(fadt + 112) & BIT(20));
	KUNIT_EXPECT_TRUE(test, lg_get_le32(fadt + 112) & BIT(10));
	KUNIT_EXPECT_EQ(test, lg_get_le16(fadt + 109) & BIT(1), 0ULL);	/* no 8042 */
	KUNIT_EXPECT_EQ(test, fadt[116], 1);				/* SystemIO */
	KUNIT_EXPECT_EQ(test, fadt[117], 8);
	KUNIT_EXPECT_EQ(test, lg_get_le64(fadt + 120), (u64)LG_PORT_RESET);
	KUNIT_EXPECT_EQ(test, fadt[128], LG_RESET_VALUE);
	KUNIT_EXPECT_EQ(test, fadt[244], 1);
	KUNIT_EXPECT_EQ(test, lg_get_le64(fadt + 248), (u64)LG_PORT_SLEEP_CTL);
	KUNIT_EXPECT_EQ(test, lg_get_le64(fadt + 260), (u64)LG_PORT_SLEEP_STS);
	KUNIT_EXPECT_EQ(test, lg_get_le32(fadt + 40), lg_get_le64(fadt + 140));
	dsdt = table(buf, lg_get_le64(fadt + 140));

	/* MADT: LAPIC address, processor 0 enabled, the I/O APIC. */
	KUNIT_EXPECT_EQ(test, memcmp(madt, "APIC", 4), 0);
	KUNIT_EXPECT_EQ(test, sum(madt, lg_get_le32(madt + 4)), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 36), 0xfee00000ULL);
	KUNIT_EXPECT_EQ(test, lg_get_le32(madt + 40), 0ULL);		/* no PC-AT PICs */
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

	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, BASE + 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, 0xfffff800ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_acpi_build(buf, 0x80000000ULL), 0);
	KUNIT_EXPECT_EQ(test, lg_get_le64(buf + 24), 0x80000040ULL);
}

static struct kunit_case lg_acpi_cases[] = {
	KUNIT_CASE(lg_acpi_tables_test),
	KUNIT_CASE(lg_acpi_base_test),
	{}
};

static struct kunit_suite lg_acpi_suite = {
	.name = "lguest-acpi",
	.test_cases = lg_acpi_cases,
};

kunit_test_suite(lg_acpi_suite);
