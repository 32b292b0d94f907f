// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for blkreq.c: where data and status are in the shapes of
 * chain a driver may send, and sector ranges at the disk's edge and past
 * the end of the arithmetic.
 */
#include <kunit/test.h>

#include "blkreq.h"

struct seg {
	u64 gpa;
	u32 len;
};

struct layout_case {
	const char *desc;
	bool from_guest;
	unsigned int n_out, n;
	struct seg seg[4];
	int ret;
	u64 status_gpa, len;
	unsigned int nr_data;
	u64 first_gpa;
};

static const struct layout_case layout_cases[] = {
	{ "read: header, data, status", false, 1, 3,
	  { { 0x1000, 16 }, { 0x2000, 4096 }, { 0x3000, 1 } },
	  0, 0x3000, 4096, 1, 0x2000 },
	{ "read: data and status in one buffer", false, 1, 2,
	  { { 0x1000, 16 }, { 0x2000, 513 } }, 0, 0x2200, 512, 1, 0x2000 },
	{ "read: two data buffers", false, 1, 4,
	  { { 0x1000, 16 }, { 0x2000, 512 }, { 0x4000, 1024 }, { 0x3000, 1 } },
	  0, 0x3000, 1536, 2, 0x2000 },
	{ "write: header and data in one buffer", true, 1, 2,
	  { { 0x1000, 16 + 512 }, { 0x3000, 1 } }, 0, 0x3000, 512, 1, 0x1010 },
	{ "write: header, data, status", true, 2, 3,
	  { { 0x1000, 16 }, { 0x2000, 1024 }, { 0x3000, 1 } },
	  0, 0x3000, 1024, 1, 0x2000 },
	{ "flush: header and status only", true, 1, 2,
	  { { 0x1000, 16 }, { 0x3000, 1 } }, 0, 0x3000, 0, 0, 0 },
	{ "status in the last non-empty writable buffer", false, 1, 3,
	  { { 0x1000, 16 }, { 0x3000, 1 }, { 0x5000, 0 } }, 0, 0x3000, 0, 0, 0 },
	{ "no writable byte for the status", true, 2, 2,
	  { { 0x1000, 16 }, { 0x2000, 512 } }, -EINVAL },
	{ "only empty writable buffers", true, 1, 2,
	  { { 0x1000, 16 }, { 0x3000, 0 } }, -EINVAL },
	{ "header shorter than 16 bytes", false, 1, 2,
	  { { 0x1000, 15 }, { 0x3000, 1 } }, -EIO, 0x3000 },
	{ "header split over two buffers", true, 2, 3,
	  { { 0x1000, 8 }, { 0x1800, 8 + 512 }, { 0x3000, 1 } },
	  0, 0x3000, 512, 1, 0x1808 },
};

static void layout_desc(const struct layout_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(layout, layout_cases, layout_desc);

static void lg_blk_layout_test(struct kunit *test)
{
	const struct layout_case *c = test->param_value;
	struct lg_vq_chain *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	struct lg_blk_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ch);
	KUNIT_ASSERT_NOT_NULL(test, r);
	ch->n = c->n;
	ch->n_out = c->n_out;
	for (i = 0; i < c->n; i++) {
		ch->seg[i].gpa = c->seg[i].gpa;
		ch->seg[i].len = c->seg[i].len;
		if (i < c->n_out)
			ch->out_len += c->seg[i].len;
		else
			ch->in_len += c->seg[i].len;
	}
	KUNIT_ASSERT_EQ(test, lg_blk_layout(ch, c->from_guest, r), c->ret);
	if (c->ret == -EINVAL)
		return;
	KUNIT_EXPECT_EQ(test, r->status_gpa, c->status_gpa);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, r->len, c->len);
	KUNIT_EXPECT_EQ(test, r->n, c->nr_data);
	if (c->nr_data)
		KUNIT_EXPECT_EQ(test, r->data[0].gpa, c->first_gpa);
}

struct range_case {
	const char *desc;
	u64 sector, len, capacity;
	int ret;
	u64 pos;
};

static const struct range_case range_cases[] = {
	{ "first sector", 0, 512, 8, 0, 0 },
	{ "last sector", 7, 512, 8, 0, 3584 },
	{ "one past the end", 8, 512, 8, -EIO },
	{ "runs past the end", 6, 1536, 8, -EIO },
	{ "the whole disk", 0, 4096, 8, 0, 0 },
	{ "nothing, at the end", 8, 0, 8, 0, 4096 },
	{ "not whole sectors", 0, 511, 8, -EIO },
	{ "sector that overflows a byte offset", 1ULL << 60, 512, ~0ULL, -EIO },
	{ "sector plus length wraps", ~0ULL, 1024, ~0ULL, -EIO },
	{ "4 GiB in one request", 0, 1ULL << 32, 1ULL << 23, 0, 0 },
};

static void range_desc(const struct range_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(range, range_cases, range_desc);

static void lg_blk_range_test(struct kunit *test)
{
	const struct range_case *c = test->param_value;
	u64 pos = 0;

	KUNIT_EXPECT_EQ(test, lg_blk_range(c->sector, c->len, c->capacity, &pos), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, pos, c->pos);
}

static struct kunit_case lg_blkreq_cases[] = {
	KUNIT_CASE_PARAM(lg_blk_layout_test, layout_gen_params),
	KUNIT_CASE_PARAM(lg_blk_range_test, range_gen_params),
	{}
};

static struct kunit_suite lg_blkreq_suite = {
	.name = "lguest-virtio-blk",
	.test_cases = lg_blkreq_cases,
};

kunit_test_suite(lg_blkreq_suite);
