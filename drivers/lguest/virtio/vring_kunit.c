// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vring.c on a fake guest memory: every well-formed chain
 * shape, every malformed one (each its own case), index wraparound, and
 * event-index interrupt and notification suppression.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "vring.h"

#define RAM		0x10000
#define DESC		0x1000
#define AVAIL		0x2000
#define USED		0x3000
#define IND		0x4000
#define NUM		8

struct fake {
	u8 ram[RAM];
	int reads;
};

static int fake_read(void *ctx, u64 gpa, void *buf, size_t len)
{
	struct fake *f = ctx;

	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(buf, f->ram + gpa, len);
	f->reads++;
	return 0;
}

static int fake_write(void *ctx, u64 gpa, const void *buf, size_t len)
{
	struct fake *f = ctx;

	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(f->ram + gpa, buf, len);
	return 0;
}

static void put16(struct fake *f, u64 gpa, u16 v)
{
	f->ram[gpa] = v;
	f->ram[gpa + 1] = v >> 8;
}

static u16 get16(struct fake *f, u64 gpa)
{
	return f->ram[gpa] | f->ram[gpa + 1] << 8;
}

static u32 get32(struct fake *f, u64 gpa)
{
	return get16(f, gpa) | (u32)get16(f, gpa + 2) << 16;
}

static void put_desc(struct fake *f, u64 table, u16 i, u64 addr, u32 len,
		     u16 flags, u16 next)
{
	u8 *d = f->ram + table + 16 * i;
	int b;

	for (b = 0; b < 8; b++)
		d[b] = addr >> (8 * b);
	for (b = 0; b < 4; b++)
		d[8 + b] = len >> (8 * b);
	put16(f, table + 16 * i + 12, flags);
	put16(f, table + 16 * i + 14, next);
}

/* Makes @head available as the driver would: ring entry, then the index. */
static void make_avail(struct fake *f, u16 *idx, u16 head)
{
	put16(f, AVAIL + 4 + 2 * (*idx % NUM), head);
	(*idx)++;
	put16(f, AVAIL + 2, *idx);
}

struct env {
	struct fake *f;
	struct lg_gmem m;
	struct lg_vq vq;
	struct lg_vq_chain *c;
};

static void env_init(struct kunit *test, struct env *e)
{
	const char *why = NULL;

	e->f = kunit_kzalloc(test, sizeof(*e->f), GFP_KERNEL);
	e->c = kunit_kzalloc(test, sizeof(*e->c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->f);
	KUNIT_ASSERT_NOT_NULL(test, e->c);
	e->m = (struct lg_gmem) {
		.read = fake_read, .write = fake_write, .ctx = e->f, .size = RAM,
	};
	e->vq = (struct lg_vq) {
		.num = NUM, .desc = DESC, .avail = AVAIL, .used = USED,
		.indirect = true,
	};
	KUNIT_ASSERT_EQ(test, lg_vq_check(&e->vq, RAM, &why), 0);
}

/* ---- chain shapes ------------------------------------------------------ */

struct d {
	u64 addr;
	u32 len;
	u16 flags, next;
};

#define N	LG_VRING_DESC_NEXT
#define W	LG_VRING_DESC_WRITE
#define I	LG_VRING_DESC_INDIRECT

struct pop_case {
	const char *desc;
	u16 head;
	struct d ring[4];	/* descriptors 0-3 of the table */
	struct d ind[4];	/* an indirect table at IND */
	bool no_indirect;	/* VIRTIO_F_INDIRECT_DESC not negotiated */
	int ret;		/* 1: a chain; else the error */
	unsigned int n, n_out;
	u64 out_len, in_len;
};

static const struct pop_case pop_cases[] = {
	{ "one readable buffer", 0, { { 0x8000, 16 } }, {}, false, 1, 1, 1, 16, 0 },
	{ "one writable buffer", 0, { { 0x8000, 1, W } }, {}, false, 1, 1, 0, 0, 1 },
	{ "readable, readable, writable", 1,
	  { {}, { 0x8000, 16, N, 2 }, { 0x9000, 512, N, 3 }, { 0xa000, 1, W } },
	  {}, false, 1, 3, 2, 528, 1 },
	{ "a chain ending at the last byte of RAM", 0, { { RAM - 4, 4 } }, {},
	  false, 1, 1, 1, 4, 0 },
	{ "a zero-length buffer", 0, { { 0x8000, 0 } }, {}, false, 1, 1, 1, 0, 0 },
	{ "an indirect table of three", 0, { { IND, 48, I } },
	  { { 0x8000, 16, N, 1 }, { 0x9000, 100, N | W, 2 }, { 0xa000, 1, W } },
	  false, 1, 3, 1, 16, 101 },
	{ "a direct buffer then an indirect table", 0,
	  { { 0x8000, 8, N, 1 }, { IND, 32, I } },
	  { { 0x9000, 4, N, 1 }, { 0xa000, 2, W } }, false, 1, 3, 2, 12, 2 },
	{ "head past the table", NUM, {}, {}, false, -EINVAL },
	{ "next past the table", 0, { { 0x8000, 4, N, NUM } }, {}, false, -EINVAL },
	{ "a chain that loops", 0, { { 0x8000, 4, N, 1 }, { 0x8000, 4, N, 0 } }, {},
	  false, -EINVAL },
	{ "a descriptor pointing at itself", 2, { {}, {}, { 0x8000, 4, N, 2 } }, {},
	  false, -EINVAL },
	{ "readable after writable", 0, { { 0x8000, 4, W | N, 1 }, { 0x9000, 4 } },
	  {}, false, -EINVAL },
	{ "buffer past the end of RAM", 0, { { RAM - 4, 5 } }, {}, false, -EINVAL },
	{ "buffer starting past RAM", 0, { { RAM, 1 } }, {}, false, -EINVAL },
	{ "4 GiB long buffer", 0, { { 0x8000, 0xffffffff } }, {}, false, -EINVAL },
	{ "address that wraps", 0, { { ~0ULL - 3, 16 } }, {}, false, -EINVAL },
	{ "indirect without the feature", 0, { { IND, 16, I } },
	  { { 0x8000, 4 } }, true, -EINVAL },
	{ "indirect with NEXT", 0, { { IND, 16, I | N, 1 }, { 0x8000, 4 } },
	  { { 0x8000, 4 } }, false, -EINVAL },
	{ "indirect inside indirect", 0, { { IND, 16, I } },
	  { { IND, 16, I } }, false, -EINVAL },
	{ "indirect length not a multiple of 16", 0, { { IND, 20, I } },
	  { { 0x8000, 4 } }, false, -EINVAL },
	{ "indirect length zero", 0, { { IND, 0, I } }, {}, false, -EINVAL },
	{ "indirect table outside RAM", 0, { { RAM - 16, 32, I } }, {}, false, -EINVAL },
	{ "indirect table misaligned", 0, { { IND + 8, 16, I } }, {}, false, -EINVAL },
	{ "indirect table longer than the device takes", 0,
	  { { IND, 16 * (LG_VQ_SEGS_MAX + 1), I } }, {}, false, -EINVAL },
	{ "indirect chain that loops", 0, { { IND, 32, I } },
	  { { 0x8000, 4, N, 1 }, { 0x8000, 4, N, 0 } }, false, -EINVAL },
	{ "indirect next past its table", 0, { { IND, 32, I } },
	  { { 0x8000, 4, N, 2 } }, false, -EINVAL },
	{ "indirect buffer outside RAM", 0, { { IND, 16, I } },
	  { { RAM, 4 } }, false, -EINVAL },
	{ "readable indirect after writable direct", 0,
	  { { 0x8000, 4, W | N, 1 }, { IND, 16, I } }, { { 0x9000, 4 } },
	  false, -EINVAL },
};

static void pop_desc(const struct pop_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pop, pop_cases, pop_desc);

static void lg_vq_pop_test(struct kunit *test)
{
	const struct pop_case *c = test->param_value;
	const char *why = NULL;
	struct env e;
	u16 idx = 0;
	int i, ret;

	env_init(test, &e);
	e.vq.indirect = !c->no_indirect;
	for (i = 0; i < 4; i++) {
		put_desc(e.f, DESC, i, c->ring[i].addr, c->ring[i].len,
			 c->ring[i].flags, c->ring[i].next);
		put_desc(e.f, IND, i, c->ind[i].addr, c->ind[i].len,
			 c->ind[i].flags, c->ind[i].next);
	}
	make_avail(e.f, &idx, c->head);
	ret = lg_vq_pop(&e.vq, &e.m, e.c, &why);
	KUNIT_ASSERT_EQ(test, ret, c->ret);
	if (ret < 0) {
		KUNIT_EXPECT_NOT_NULL(test, why);
		return;
	}
	KUNIT_EXPECT_EQ(test, e.c->head, c->head);
	KUNIT_EXPECT_EQ(test, e.c->n, c->n);
	KUNIT_EXPECT_EQ(test, e.c->n_out, c->n_out);
	KUNIT_EXPECT_EQ(test, e.c->out_len, c->out_len);
	KUNIT_EXPECT_EQ(test, e.c->in_len, c->in_len);
	KUNIT_EXPECT_EQ(test, e.vq.last_avail, 1);
	/* Nothing more is available. */
	KUNIT_EXPECT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 0);
}

/* A chain as long as the queue is fine; one longer must loop. */
static void lg_vq_pop_full_ring_test(struct kunit *test)
{
	const char *why = NULL;
	struct env e;
	u16 idx = 0;
	int i;

	env_init(test, &e);
	for (i = 0; i < NUM; i++)
		put_desc(e.f, DESC, i, 0x8000 + i, 1, i < NUM - 1 ? N : 0, i + 1);
	make_avail(e.f, &idx, 0);
	KUNIT_ASSERT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 1);
	KUNIT_EXPECT_EQ(test, e.c->n, (unsigned int)NUM);
}

/* The driver's index may not run ahead of the device by more than the ring. */
static void lg_vq_avail_jump_test(struct kunit *test)
{
	const char *why = NULL;
	struct env e;

	env_init(test, &e);
	put_desc(e.f, DESC, 0, 0x8000, 4, 0, 0);
	put16(e.f, AVAIL + 2, NUM + 1);
	KUNIT_EXPECT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, e.vq.last_avail, 0);
	put16(e.f, AVAIL + 2, NUM);
	KUNIT_EXPECT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 1);
}

/* Indices run through 65535 to 0 on both rings. */
static void lg_vq_wraparound_test(struct kunit *test)
{
	const char *why = NULL;
	struct env e;
	u16 idx = 0xfffe;
	int i;

	env_init(test, &e);
	e.vq.last_avail = 0xfffe;
	e.vq.used_idx = 0xfffe;
	put16(e.f, AVAIL + 2, idx);
	for (i = 0; i < 4; i++) {
		put_desc(e.f, DESC, i, 0x8000 + 16 * i, 16, 0, 0);
		make_avail(e.f, &idx, i);
	}
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 1);
		KUNIT_EXPECT_EQ(test, e.c->head, i);
		KUNIT_ASSERT_EQ(test, lg_vq_push(&e.vq, &e.m, e.c->head, 16 * i), 0);
	}
	KUNIT_EXPECT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 0);
	KUNIT_EXPECT_EQ(test, e.vq.last_avail, 2);
	KUNIT_EXPECT_EQ(test, get16(e.f, USED + 2), 2);
	/* Entry 0xffff sits in slot 7, entry 0 in slot 0. */
	KUNIT_EXPECT_EQ(test, get32(e.f, USED + 4 + 8 * 7), 1U);
	KUNIT_EXPECT_EQ(test, get32(e.f, USED + 4 + 8 * 7 + 4), 16U);
	KUNIT_EXPECT_EQ(test, get32(e.f, USED + 4 + 8 * 0), 2U);
}

/* ---- interrupts and notifications -------------------------------------- */

struct signal_case {
	const char *desc;
	bool event_idx;
	u16 avail_flags, used_event;
	u16 pushes;		/* pushes since the last signal */
	bool first;		/* no signal was sent before */
	bool want;
};

static const struct signal_case signal_cases[] = {
	{ "no event idx, driver wants interrupts", false, 0, 0, 1, false, true },
	{ "no event idx, NO_INTERRUPT set", false, 1, 0, 1, false, false },
	{ "event idx, first signal always", true, 0, 100, 1, true, true },
	{ "event idx, used_event just passed", true, 0, 10, 1, false, true },
	{ "event idx, used_event not reached", true, 0, 12, 1, false, false },
	{ "event idx, used_event passed within a batch", true, 0, 10, 3, false, true },
	{ "event idx, used_event behind the old index", true, 0, 5, 1, false, false },
	{ "event idx ignores NO_INTERRUPT", true, 1, 10, 1, false, true },
};

static void signal_desc(const struct signal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(signal, signal_cases, signal_desc);

static void lg_vq_signal_test(struct kunit *test)
{
	const struct signal_case *c = test->param_value;
	struct env e;
	int i;

	env_init(test, &e);
	e.vq.event_idx = c->event_idx;
	/* The last signal was at used index 10; pushes follow from there. */
	e.vq.used_idx = 10;
	e.vq.signalled = 10;
	e.vq.signalled_valid = !c->first;
	put16(e.f, AVAIL, c->avail_flags);
	put16(e.f, AVAIL + 4 + 2 * NUM, c->used_event);
	for (i = 0; i < c->pushes; i++)
		KUNIT_ASSERT_EQ(test, lg_vq_push(&e.vq, &e.m, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, lg_vq_should_signal(&e.vq, &e.m), c->want);
}

/* With event idx, sleeping asks for a notification at last_avail. */
static void lg_vq_want_notify_test(struct kunit *test)
{
	const char *why = NULL;
	struct env e;
	u16 idx = 0;

	env_init(test, &e);
	e.vq.event_idx = true;
	put_desc(e.f, DESC, 0, 0x8000, 4, 0, 0);
	make_avail(e.f, &idx, 0);
	KUNIT_ASSERT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 1);
	KUNIT_EXPECT_EQ(test, lg_vq_want_notify(&e.vq, &e.m), 0);
	KUNIT_EXPECT_EQ(test, get16(e.f, USED + 4 + 8 * NUM), 1);
	/* The driver added one meanwhile: the device must not sleep. */
	make_avail(e.f, &idx, 0);
	KUNIT_EXPECT_EQ(test, lg_vq_want_notify(&e.vq, &e.m), 1);
}

/* ---- ring checks and copies --------------------------------------------- */

struct check_case {
	const char *desc;
	u16 num;
	u64 desc_gpa, avail, used;
	int err;
};

static const struct check_case check_cases[] = {
	{ "a good ring", NUM, DESC, AVAIL, USED, 0 },
	{ "size zero", 0, DESC, AVAIL, USED, -EINVAL },
	{ "size not a power of two", 6, DESC, AVAIL, USED, -EINVAL },
	{ "size above the maximum", 2 * LG_VQ_NUM_MAX, DESC, AVAIL, USED, -EINVAL },
	{ "descriptors misaligned", NUM, DESC + 8, AVAIL, USED, -EINVAL },
	{ "avail misaligned", NUM, DESC, AVAIL + 1, USED, -EINVAL },
	{ "used misaligned", NUM, DESC, AVAIL, USED + 2, -EINVAL },
	{ "descriptors past RAM", NUM, RAM - 64, AVAIL, USED, -EINVAL },
	{ "used ring's last field past RAM", NUM, DESC, AVAIL, RAM - 68, -EINVAL },
	{ "used ring just fits", NUM, DESC, AVAIL, RAM - 72, 0 },
	{ "avail wraps the address space", NUM, DESC, ~0ULL - 1, USED, -EINVAL },
};

static void check_desc(const struct check_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check, check_cases, check_desc);

static void lg_vq_check_test(struct kunit *test)
{
	const struct check_case *c = test->param_value;
	struct lg_vq vq = {
		.num = c->num, .desc = c->desc_gpa, .avail = c->avail, .used = c->used,
	};
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, lg_vq_check(&vq, RAM, &why), c->err);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, why);
}

/* Copies start at an offset over the readable or writable buffers only. */
static void lg_vq_copy_test(struct kunit *test)
{
	const char *why = NULL;
	struct env e;
	u16 idx = 0;
	u8 buf[8];

	env_init(test, &e);
	put_desc(e.f, DESC, 0, 0x8000, 3, N, 1);
	put_desc(e.f, DESC, 1, 0x9000, 3, N, 2);
	put_desc(e.f, DESC, 2, 0xa000, 4, W | N, 3);
	put_desc(e.f, DESC, 3, 0xb000, 4, W, 0);
	memcpy(e.f->ram + 0x8000, "abc", 3);
	memcpy(e.f->ram + 0x9000, "def", 3);
	make_avail(e.f, &idx, 0);
	KUNIT_ASSERT_EQ(test, lg_vq_pop(&e.vq, &e.m, e.c, &why), 1);
	KUNIT_EXPECT_EQ(test, lg_vq_copy_from(&e.m, e.c, 2, buf, 8), 4UL);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "cdef", 4), 0);
	KUNIT_EXPECT_EQ(test, lg_vq_copy_to(&e.m, e.c, 3, "WXYZ", 4), 4UL);
	KUNIT_EXPECT_EQ(test, memcmp(e.f->ram + 0xa003, "W", 1), 0);
	KUNIT_EXPECT_EQ(test, memcmp(e.f->ram + 0xb000, "XYZ", 3), 0);
	/* Past the writable bytes: nothing more is written. */
	KUNIT_EXPECT_EQ(test, lg_vq_copy_to(&e.m, e.c, 6, "1234", 4), 2UL);
	KUNIT_EXPECT_EQ(test, e.f->ram[0xb004], 0);
}

static struct kunit_case lg_vring_cases[] = {
	KUNIT_CASE_PARAM(lg_vq_pop_test, pop_gen_params),
	KUNIT_CASE(lg_vq_pop_full_ring_test),
	KUNIT_CASE(lg_vq_avail_jump_test),
	KUNIT_CASE(lg_vq_wraparound_test),
	KUNIT_CASE_PARAM(lg_vq_signal_test, signal_gen_params),
	KUNIT_CASE(lg_vq_want_notify_test),
	KUNIT_CASE_PARAM(lg_vq_check_test, check_gen_params),
	KUNIT_CASE(lg_vq_copy_test),
	{}
};

static struct kunit_suite lg_vring_suite = {
	.name = "lguest-vring",
	.test_cases = lg_vring_cases,
};

kunit_test_suite(lg_vring_suite);
