// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: truncate_race's model (workloads/check_trunc.c) on
 * synthetic truncator logs, one per violation and one per allowed corner
 * case (a large folio across EOF, the zero tail past an odd EOF, a
 * partial page being zeroed during the access).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"

#define FID	0x31
#define P	1024

static uint64_t ring[TRC_RING], done[P], k;
static struct trc_hist h;

/* A fresh file of P pages, all filled by op 0. */
static int fresh(void **state)
{
	memset(ring, 0, sizeof(ring));
	memset(done, 0, sizeof(done));
	k = 0;
	ring[0] = rec_make(OP_FILL, 0, P, P, false);
	h.ring = ring;
	h.done = done;
	h.now = 0;
	h.fid = FID;
	h.shmem_large = false;
	return 0;
}

/* Log the next op as the truncator does; returns its number. */
static uint64_t op(int type, uint64_t lo, uint64_t hi, uint64_t size,
		   bool odd)
{
	uint64_t r = rec_make(type, lo, hi, size, odd), p;

	k++;
	ring[k % TRC_RING] = r;
	for (p = lo; p < hi; p++)
		done[p] = k;
	if (type == OP_SHRINK && odd)
		done[size - 1] = k;
	h.now = k;
	return k;
}

static int judge(uint64_t p, unsigned int w, uint64_t a, uint64_t b,
		 bool bus, uint64_t v, struct trc_result *r)
{
	struct trc_access x = {
		.page = p, .word = w, .a = a, .b = b, .bus = bus, .v = v,
	};
	struct trc_result tmp;

	trc_judge(&h, &x, r ? r : &tmp);
	return r ? r->verdict : tmp.verdict;
}

static void initial_fill(void **state)
{
	assert_int_equal(judge(5, 3, 0, 0, false, tag_make(FID, 5, 0), NULL),
			 TRC_OK);
	assert_int_equal(judge(5, 3, 0, 0, true, 0, NULL), TRC_SIGBUS_INSIDE);
}

static void beyond_eof(void **state)
{
	struct trc_result r;
	uint64_t s = op(OP_SHRINK, 4, P, 4, false);

	assert_int_equal(judge(10, 0, s, s, true, 0, &r), TRC_OK);
	assert_true(r.beyond);
	assert_int_equal(judge(10, 0, s, s, false, tag_make(FID, 10, 0), &r),
			 TRC_MISSING_SIGBUS);
	assert_int_equal(judge(2, 0, s, s, false, tag_make(FID, 2, 0), NULL),
			 TRC_OK);
	/* a window that includes the regrow: either is allowed */
	op(OP_EXTEND, 4, P, P, false);
	assert_int_equal(judge(10, 0, s, s + 1, true, 0, &r), TRC_OK);
	assert_false(r.beyond);
	assert_int_equal(judge(10, 0, s, s + 1, false, 0, NULL), TRC_OK);
	assert_int_equal(judge(10, 0, s - 1, s, false, tag_make(FID, 10, 0),
			       NULL), TRC_OK);
}

/* tmpfs huge=: a large folio may stay mapped across EOF (shmem only). */
static void shmem_large_folio(void **state)
{
	uint64_t s = op(OP_SHRINK, 4, P, 4, false);

	h.shmem_large = true;
	assert_int_equal(judge(10, 0, s, s, false, 0, NULL), TRC_OK_LARGE);
	assert_int_equal(judge(10, 0, s, s, false, tag_make(FID, 10, 0), NULL),
			 TRC_OK_LARGE);
	/* not another page's data, and not outside the PMD block of EOF */
	assert_int_equal(judge(10, 0, s, s, false, tag_make(FID, 11, 0), NULL),
			 TRC_MISSING_SIGBUS);
	assert_int_equal(judge(600, 0, s, s, false, 0, NULL),
			 TRC_MISSING_SIGBUS);
	h.shmem_large = false;
	assert_int_equal(judge(10, 0, s, s, false, 0, NULL),
			 TRC_MISSING_SIGBUS);
}

static void fills_and_stale(void **state)
{
	uint64_t f1 = op(OP_FILL, 0, 8, P, false);
	uint64_t f2 = op(OP_FILL, 3, 4, P, false);
	struct trc_result r;

	assert_int_equal(judge(3, 9, f2, f2, false, tag_make(FID, 3, f2), NULL),
			 TRC_OK);
	assert_int_equal(judge(3, 9, f2, f2, false, tag_make(FID, 3, f1), &r),
			 TRC_STALE);
	assert_int_equal(r.op, (int64_t)f2);
	/* during the fill, old or new */
	assert_int_equal(judge(3, 9, f1, f2, false, tag_make(FID, 3, f1), NULL),
			 TRC_OK);
	assert_int_equal(judge(3, 9, f2, f2, false, 0, NULL), TRC_ZERO);
	assert_int_equal(judge(3, 9, f2, f2, false,
			       tag_make(FID, 3, f2) ^ 1ULL << 60, NULL),
			 TRC_BAD_CHECK);
	assert_int_equal(judge(3, 9, f2, f2, false, tag_make(FID + 1, 3, f2),
			       NULL), TRC_OTHER_FILE);
	assert_int_equal(judge(3, 9, f2, f2, false, tag_make(FID, 4, f2), NULL),
			 TRC_BAD_INDEX);
}

static void never_wrote(void **state)
{
	uint64_t s = op(OP_SHRINK, 100, P, 100, false);
	uint64_t e = op(OP_EXTEND, 100, P, P, false);
	uint64_t f = op(OP_FILL, 100, 200, P, false);

	assert_int_equal(judge(150, 0, f, f, false, tag_make(FID, 150, e), NULL),
			 TRC_NEVER_WROTE);
	assert_int_equal(judge(150, 0, f, f, false, tag_make(FID, 150, s), NULL),
			 TRC_NEVER_WROTE);
	/* a page the fill did not cover reads zero after the regrow */
	assert_int_equal(judge(300, 0, f, f, false, 0, NULL), TRC_OK);
	assert_int_equal(judge(300, 0, f, f, false, tag_make(FID, 300, 0), NULL),
			 TRC_STALE);
}

static void punch(void **state)
{
	uint64_t pu = op(OP_PUNCH, 10, 20, P, false);
	uint64_t half = tag_make(FID, 15, 0) & 0xffffffff;

	assert_int_equal(judge(15, 0, pu, pu, false, 0, NULL), TRC_OK);
	assert_int_equal(judge(15, 0, pu, pu, false, tag_make(FID, 15, 0),
			       NULL), TRC_STALE);
	assert_int_equal(judge(15, 0, pu - 1, pu, false, tag_make(FID, 15, 0),
			       NULL), TRC_OK);
	/* a large folio is zeroed in place by a memset: half a word */
	assert_int_equal(judge(15, 0, pu - 1, pu, false, half, NULL), TRC_OK);
	assert_int_equal(judge(15, 0, pu, pu, false, half, NULL),
			 TRC_BAD_CHECK);
}

/* EOF inside page 6: below it the old data, past it zero. */
static void odd_eof_tail(void **state)
{
	uint64_t s = op(OP_SHRINK, 7, P, 7, true), e, f;
	unsigned int off = trc_eof_off(s), w = off / 8;
	uint64_t t = tag_make(FID, 6, 0);
	struct trc_result r;

	if (!(off % 8) || !w || w + 1 >= TAG_WORDS) {
		skip();		/* the op number gave no partial word here */
		return;
	}
	assert_int_equal(judge(6, 0, s, s, false, t, NULL), TRC_OK_TAIL);
	assert_int_equal(judge(6, w + 1, s, s, false, 0, NULL), TRC_OK_TAIL);
	assert_int_equal(judge(6, w, s, s, false, trc_cut(t, off, w), NULL),
			 TRC_OK_TAIL);
	assert_int_equal(judge(6, w + 1, s, s, false, t, &r),
			 TRC_TAIL_NOT_ZERO);
	assert_int_equal(judge(6, w, s, s, false, t, NULL), TRC_TAIL_NOT_ZERO);
	assert_int_equal(judge(7, 0, s, s, true, 0, NULL), TRC_OK);
	assert_int_equal(judge(6, 0, s, s, true, 0, NULL), TRC_SIGBUS_INSIDE);
	/* regrown: still cut until the fill */
	e = op(OP_EXTEND, 7, P, P, false);
	assert_int_equal(judge(6, w + 1, e, e, false, 0, NULL), TRC_OK_TAIL);
	assert_int_equal(judge(6, w + 1, e, e, false, t, NULL),
			 TRC_TAIL_NOT_ZERO);
	f = op(OP_FILL, 6, P, P, false);
	assert_int_equal(judge(6, w + 1, f, f, false, tag_make(FID, 6, f), NULL),
			 TRC_OK);
	assert_int_equal(judge(6, w + 1, f, f, false, 0, NULL), TRC_ZERO);
}

/* The truncate zeroes the tail with a memset: a word may be half done. */
static void odd_eof_zeroing(void **state)
{
	uint64_t s = op(OP_SHRINK, 7, P, 7, true);
	unsigned int off = trc_eof_off(s), w = off / 8 + 1;
	uint64_t t = tag_make(FID, 6, 0);

	if (w >= TAG_WORDS) {
		skip();
		return;
	}
	assert_int_equal(judge(6, w, s - 1, s, false, t & 0xffffffff, NULL),
			 TRC_OK);
	assert_int_equal(judge(6, w, s, s, false, t & 0xffffffff, NULL),
			 TRC_TAIL_NOT_ZERO);
}

static void private_writes(void **state)
{
	struct trc_mine mi = { .tag = tag_make(TAG_PRIV(0), 50, 1) };
	uint64_t s;

	mi.a = 0;
	mi.b = 0;
	assert_int_equal(trc_judge_priv(&h, &mi, 50, 0, 0, false, mi.tag),
			 TRP_OWN);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, 0, 0, false,
					tag_make(FID, 50, 0)), TRP_LOST);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, 0, 0, true, 0), TRP_LOST);
	s = op(OP_SHRINK, 40, P, 40, false);
	op(OP_EXTEND, 40, P, P, false);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, s + 1, s + 1, false,
					mi.tag), TRP_SURVIVED);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, s + 1, s + 1, false, 0),
			 TRP_GONE);
	/* a truncate during the access may or may not have removed it */
	assert_int_equal(trc_judge_priv(&h, &mi, 50, 0, s, false, mi.tag),
			 TRP_OWN);
	/* a punch leaves private pages alone */
	mi.a = mi.b = s + 1;
	op(OP_PUNCH, 45, 55, P, false);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, s + 2, s + 2, false,
					mi.tag), TRP_OWN);
	assert_int_equal(trc_judge_priv(&h, &mi, 50, s + 2, s + 2, false, 0),
			 TRP_LOST);
}

/*
 * Seen on tmpfs huge=always (6.18): after a truncate to 930 pages the
 * large folio of pages 512..1023 stayed mapped across EOF, read-only in a
 * private mapping; a write to page 949 was a COW in do_wp_page(), which
 * checks no i_size. The private copy beyond EOF is allowed within the
 * large-folio block of EOF, on shmem mounts with large folios only.
 */
static void shmem_large_private_cow(void **state)
{
	struct trc_mine mi = { .tag = tag_make(TAG_PRIV(1), 949, 1) };
	uint64_t s;

	mi.a = mi.b = 0;
	s = op(OP_SHRINK, 930, P, 930, false);
	/* on a mount without large folios: a survivor, and no SIGBUS */
	assert_int_equal(trc_judge_priv(&h, &mi, 949, s + 1, s + 1, false,
					mi.tag), TRP_SURVIVED);
	assert_int_equal(judge(949, 0, s, s, false, mi.tag, NULL),
			 TRC_MISSING_SIGBUS);
	/* with them, within the block of EOF: allowed */
	h.shmem_large = true;
	assert_int_equal(trc_judge_priv(&h, &mi, 949, s + 1, s + 1, false,
					mi.tag), TRP_OWN);
	assert_int_equal(judge(949, 0, s, s, false, mi.tag, NULL),
			 TRC_OK_LARGE);
}

/* The odd truncate keeps private pages of the page EOF is inside. */
static void private_odd_page(void **state)
{
	struct trc_mine mi = { .tag = tag_make(TAG_PRIV(0), 6, 1) };
	uint64_t s = op(OP_SHRINK, 7, P, 7, true);

	assert_int_equal(trc_judge_priv(&h, &mi, 6, s, s, false, mi.tag),
			 TRP_OWN);
	assert_int_equal(trc_judge_priv(&h, &mi, 6, s, s, false, 0), TRP_LOST);
}

static void history_gone(void **state)
{
	uint64_t i;

	for (i = 0; i < TRC_RING; i++)
		op(OP_FILL, 900, 901, P, false);
	/* page 3 was last written by op 0, long overwritten: not judged */
	assert_int_equal(judge(3, 0, k, k, false, 0, NULL), TRC_SKIP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(initial_fill, fresh),
		cmocka_unit_test_setup(beyond_eof, fresh),
		cmocka_unit_test_setup(shmem_large_folio, fresh),
		cmocka_unit_test_setup(shmem_large_private_cow, fresh),
		cmocka_unit_test_setup(fills_and_stale, fresh),
		cmocka_unit_test_setup(never_wrote, fresh),
		cmocka_unit_test_setup(punch, fresh),
		cmocka_unit_test_setup(odd_eof_tail, fresh),
		cmocka_unit_test_setup(odd_eof_zeroing, fresh),
		cmocka_unit_test_setup(private_writes, fresh),
		cmocka_unit_test_setup(private_odd_page, fresh),
		cmocka_unit_test_setup(history_gone, fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
