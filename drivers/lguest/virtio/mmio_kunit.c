// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for mmio.c: identity registers, access sizes, feature
 * negotiation, enabling queues with good and bad rings, reset, and the
 * configuration space.
 */
#include <kunit/test.h>
#include <linux/bits.h>

#include "mmio.h"

static const u8 cfg[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99 };

static void dev_init(struct lg_vmmio *t)
{
	memset(t, 0, sizeof(*t));
	t->device_id = 2;
	t->device_features = BIT_ULL(LG_VIRTIO_F_VERSION_1) | BIT_ULL(9);
	t->nr_queues = 1;
	t->config = cfg;
	t->config_len = sizeof(cfg);
	t->ram_size = 1 << 20;
}

static u64 rd(struct kunit *test, struct lg_vmmio *t, u64 off, unsigned int size)
{
	u64 v = 0xdead;

	KUNIT_EXPECT_EQ(test, lg_vmmio_read(t, off, size, &v), 0);
	return v;
}

static enum lg_vmmio_event wr(struct kunit *test, struct lg_vmmio *t, u64 off, u64 val)
{
	enum lg_vmmio_event ev;

	KUNIT_EXPECT_EQ(test, lg_vmmio_write(t, off, 4, val, &ev), 0);
	return ev;
}

static void lg_vmmio_identity_test(struct kunit *test)
{
	struct lg_vmmio t;

	dev_init(&t);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x000, 4), 0x74726976ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x004, 4), 2ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x008, 4), 2ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x034, 4), (u64)LG_VQ_NUM_MAX);
	wr(test, &t, 0x030, 1);		/* a queue the device does not have */
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x034, 4), 0ULL);
	/* Features in two 32-bit halves. */
	wr(test, &t, 0x014, 0);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x010, 4), (u64)BIT(9));
	wr(test, &t, 0x014, 1);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x010, 4), 1ULL);
	wr(test, &t, 0x014, 2);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x010, 4), 0ULL);
}

struct size_case {
	const char *desc;
	u64 off;
	unsigned int size;
	int err;
};

static const struct size_case size_cases[] = {
	{ "32-bit status", 0x070, 4, 0 },
	{ "byte status", 0x070, 1, -EINVAL },
	{ "16-bit magic", 0x000, 2, -EINVAL },
	{ "64-bit descriptor address", 0x080, 8, -EINVAL },
	{ "misaligned control register", 0x072, 4, -EINVAL },
	{ "byte of configuration", 0x101, 1, 0 },
	{ "16-bit configuration", 0x102, 2, 0 },
	{ "64-bit configuration", 0x100, 8, 0 },
	{ "3-byte configuration", 0x100, 3, -EINVAL },
};

static void size_desc(const struct size_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(size, size_cases, size_desc);

static void lg_vmmio_size_test(struct kunit *test)
{
	const struct size_case *c = test->param_value;
	enum lg_vmmio_event ev;
	struct lg_vmmio t;
	u64 v;

	dev_init(&t);
	KUNIT_EXPECT_EQ(test, lg_vmmio_read(&t, c->off, c->size, &v), c->err);
	KUNIT_EXPECT_EQ(test, lg_vmmio_write(&t, c->off, c->size, 0, &ev), c->err);
}

/* The configuration space reads little-endian, zeros past its end. */
static void lg_vmmio_config_test(struct kunit *test)
{
	struct lg_vmmio t;

	dev_init(&t);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x100, 1), 0x11ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x102, 2), 0x4433ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x100, 8), 0x8877665544332211ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x108, 4), 0x99ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x200, 4), 0ULL);
}

struct feat_case {
	const char *desc;
	u64 driver;
	bool ok;
};

static const struct feat_case feat_cases[] = {
	{ "VERSION_1 alone", BIT_ULL(LG_VIRTIO_F_VERSION_1), true },
	{ "VERSION_1 and flush", BIT_ULL(LG_VIRTIO_F_VERSION_1) | BIT_ULL(9), true },
	{ "legacy driver (no VERSION_1)", BIT_ULL(9), false },
	{ "a feature not offered", BIT_ULL(LG_VIRTIO_F_VERSION_1) | BIT_ULL(3), false },
};

static void feat_desc(const struct feat_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(feat, feat_cases, feat_desc);

static void lg_vmmio_features_test(struct kunit *test)
{
	const struct feat_case *c = test->param_value;
	struct lg_vmmio t;
	u32 s = LG_VIRTIO_S_ACKNOWLEDGE | LG_VIRTIO_S_DRIVER;

	dev_init(&t);
	wr(test, &t, 0x070, s);
	wr(test, &t, 0x024, 0);
	wr(test, &t, 0x020, (u32)c->driver);
	wr(test, &t, 0x024, 1);
	wr(test, &t, 0x020, c->driver >> 32);
	wr(test, &t, 0x070, s | LG_VIRTIO_S_FEATURES_OK);
	KUNIT_EXPECT_EQ(test, !!(rd(test, &t, 0x070, 4) & LG_VIRTIO_S_FEATURES_OK), c->ok);
	KUNIT_EXPECT_EQ(test, t.driver_features, c->driver);
	/* Once accepted, features are fixed. */
	if (c->ok) {
		wr(test, &t, 0x024, 0);
		wr(test, &t, 0x020, 0);
		KUNIT_EXPECT_EQ(test, t.driver_features, c->driver);
	}
}

static void setup_queue(struct kunit *test, struct lg_vmmio *t, u32 num, u64 desc)
{
	wr(test, t, 0x030, 0);
	wr(test, t, 0x038, num);
	wr(test, t, 0x080, (u32)desc);
	wr(test, t, 0x084, desc >> 32);
	wr(test, t, 0x090, 0x2000);
	wr(test, t, 0x094, 0);
	wr(test, t, 0x0a0, 0x3000);
	wr(test, t, 0x0a4, 0);
}

static void lg_vmmio_queue_test(struct kunit *test)
{
	struct lg_vmmio t;

	dev_init(&t);
	wr(test, &t, 0x070, LG_VIRTIO_S_ACKNOWLEDGE | LG_VIRTIO_S_DRIVER);
	setup_queue(test, &t, 16, 0x1000);
	KUNIT_EXPECT_EQ(test, wr(test, &t, 0x044, 1), LG_VMMIO_NONE);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x044, 4), 1ULL);
	KUNIT_EXPECT_EQ(test, t.vq[0].num, 16);
	KUNIT_EXPECT_EQ(test, t.vq[0].desc, 0x1000ULL);
	KUNIT_EXPECT_FALSE(test, lg_vmmio_live(&t, 0));
	/* An enabled queue's registers do not change. */
	wr(test, &t, 0x080, 0x5000);
	KUNIT_EXPECT_EQ(test, t.vq[0].desc, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, wr(test, &t, 0x070, LG_VIRTIO_S_ACKNOWLEDGE |
				 LG_VIRTIO_S_DRIVER | LG_VIRTIO_S_DRIVER_OK),
			LG_VMMIO_DRIVER_OK);
	KUNIT_EXPECT_TRUE(test, lg_vmmio_live(&t, 0));
	KUNIT_EXPECT_FALSE(test, lg_vmmio_live(&t, 1));
	/* Interrupt status, and the driver's ACK. */
	t.isr = LG_VIRTIO_INT_VRING | LG_VIRTIO_INT_CONFIG;
	KUNIT_EXPECT_EQ(test, wr(test, &t, 0x064, LG_VIRTIO_INT_VRING), LG_VMMIO_ACK);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x060, 4), (u64)LG_VIRTIO_INT_CONFIG);
	/* Reset: nothing is left enabled. */
	KUNIT_EXPECT_EQ(test, wr(test, &t, 0x070, 0), LG_VMMIO_RESET);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x044, 4), 0ULL);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x060, 4), 0ULL);
	KUNIT_EXPECT_EQ(test, t.vq[0].num, 0);
	KUNIT_EXPECT_FALSE(test, lg_vmmio_live(&t, 0));
}

struct ring_case {
	const char *desc;
	u32 num;
	u64 desc_gpa;
};

static const struct ring_case ring_cases[] = {
	{ "queue size 0", 0, 0x1000 },
	{ "queue size above the maximum", 2 * LG_VQ_NUM_MAX, 0x1000 },
	{ "descriptors outside RAM", 16, 1ULL << 40 },
	{ "descriptors misaligned", 16, 0x1004 },
};

static void ring_desc(const struct ring_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ring, ring_cases, ring_desc);

static void lg_vmmio_bad_ring_test(struct kunit *test)
{
	const struct ring_case *c = test->param_value;
	struct lg_vmmio t;

	dev_init(&t);
	setup_queue(test, &t, c->num, c->desc_gpa);
	KUNIT_EXPECT_EQ(test, wr(test, &t, 0x044, 1), LG_VMMIO_BROKEN);
	KUNIT_EXPECT_NOT_NULL(test, t.why);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x044, 4), 0ULL);
	KUNIT_EXPECT_TRUE(test, rd(test, &t, 0x070, 4) & LG_VIRTIO_S_NEEDS_RESET);
	/* The driver cannot clear NEEDS_RESET but by a reset. */
	wr(test, &t, 0x070, LG_VIRTIO_S_DRIVER_OK);
	KUNIT_EXPECT_TRUE(test, rd(test, &t, 0x070, 4) & LG_VIRTIO_S_NEEDS_RESET);
	KUNIT_EXPECT_FALSE(test, lg_vmmio_live(&t, 0));
	wr(test, &t, 0x070, 0);
	KUNIT_EXPECT_EQ(test, rd(test, &t, 0x070, 4), 0ULL);
}

static struct kunit_case lg_vmmio_cases[] = {
	KUNIT_CASE(lg_vmmio_identity_test),
	KUNIT_CASE_PARAM(lg_vmmio_size_test, size_gen_params),
	KUNIT_CASE(lg_vmmio_config_test),
	KUNIT_CASE_PARAM(lg_vmmio_features_test, feat_gen_params),
	KUNIT_CASE(lg_vmmio_queue_test),
	KUNIT_CASE_PARAM(lg_vmmio_bad_ring_test, ring_gen_params),
	{}
};

static struct kunit_suite lg_vmmio_suite = {
	.name = "lguest-virtio-mmio",
	.test_cases = lg_vmmio_cases,
};

kunit_test_suite(lg_vmmio_suite);
