// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the fork_race checker on made-up fork windows. Writer 3,
 * page 7; the incarnation's writes have generations > base.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "known_races.h"
#include "tag.h"

#define W	3
#define P	7

static uint64_t t(uint64_t g)
{
	return tag_make(TAG_PRIV(W), P, g);
}

/* Allowed: each generation in [lo, hi]; zero only before any write. */
static void window(void **state)
{
	uint64_t g;

	for (g = 10; g <= 14; g++)
		assert_int_equal(fr_judge(W, P, 5, 10, 14, t(g)), FR_OK);
	assert_int_equal(fr_judge(W, P, 5, 0, 0, 0), FR_OK);
	/* the first write was under way during fork: zero or it */
	assert_int_equal(fr_judge(W, P, 5, 0, 6, 0), FR_OK);
	assert_int_equal(fr_judge(W, P, 5, 0, 6, t(6)), FR_OK);
	/* a write completed before fork, none begun during it */
	assert_int_equal(fr_judge(W, P, 5, 9, 9, t(9)), FR_OK);
}

/* Generations wrap at 2^24: compared near the window, not as numbers. */
static void wrap(void **state)
{
	uint64_t lo = (1ULL << 24) - 2, hi = (1ULL << 24) + 3;

	assert_int_equal(fr_judge(W, P, lo - 4, lo, hi, t(1)), FR_OK);
	assert_int_equal(fr_judge(W, P, lo - 4, lo, hi, t(lo)), FR_OK);
	assert_int_equal(fr_judge(W, P, lo - 4, lo, hi, t(hi + 1)), FR_FUTURE);
	assert_int_equal(fr_judge(W, P, lo - 4, lo, hi, t(lo - 1)), FR_STALE);
	assert_int_equal(kr_gen_near(5, 3), 5);
	assert_int_equal(kr_gen_near((1ULL << 24) - 1, 3), (1ULL << 24) - 1);
	assert_int_equal(kr_gen_near(2, (1ULL << 24) + 1), (1ULL << 24) + 2);
}

static void violations(void **state)
{
	assert_int_equal(fr_judge(W, P, 5, 10, 14, t(12) ^ 1ULL << 58),
			 FR_BADTAG);
	assert_int_equal(fr_judge(W, P, 5, 10, 14,
				  tag_make(TAG_PRIV(W + 1), P, 12)),
			 FR_FOREIGN);
	assert_int_equal(fr_judge(W, P, 5, 10, 14,
				  tag_make(TAG_PRIV(W), P + 1, 12)),
			 FR_FOREIGN);
	assert_int_equal(fr_judge(W, P, 5, 10, 14, 0), FR_ZERO);
	assert_int_equal(fr_judge(W, P, 5, 10, 14, t(9)), FR_STALE);
	/* a previous incarnation of the region (munmapped) */
	assert_int_equal(fr_judge(W, P, 5, 0, 8, t(4)), FR_STALE);
	assert_int_equal(fr_judge(W, P, 5, 10, 14, t(15)), FR_FUTURE);
}

static void own(void **state)
{
	assert_int_equal(fr_judge_own(W, P, 0, 0), FR_OK);
	assert_int_equal(fr_judge_own(W, P, 9, t(9)), FR_OK);
	assert_int_equal(fr_judge_own(W, P, 9, t(8)), FR_LOST);
	assert_int_equal(fr_judge_own(W, P, 9, 0), FR_LOST);
	assert_int_equal(fr_judge_own(W, P, 0, t(1)), FR_LOST);
	assert_int_equal(fr_judge_childword(0), FR_OK);
	assert_int_equal(fr_judge_childword(tag_make(TAG_PRIV(0x7f), P, 1)),
			 FR_LEAK);
	assert_string_equal(fr_what(FR_LOST), "parent lost its own write");
	assert_string_equal(fr_what(FR_LEAK), "parent sees a fork child's write");
	assert_string_equal(fr_what(FR_NR), "?");
}

/* order=1: writer W's sequence of N pages, round R up to page `upto`. */
#define N	8
#define R	41

static void seq(uint64_t *v, int upto, uint64_t round)
{
	int o;

	for (o = 0; o < N; o++)
		v[o] = o < upto ? tag_make(TAG_PRIV(W), o, round) : 0;
}

/* Allowed: every prefix, and the low lane whole with the high dropped. */
static void order_prefix(void **state)
{
	unsigned int at, later;
	uint64_t v[N];
	int k;

	for (k = 0; k <= N; k++) {
		seq(v, k, R);
		assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_OK);
	}
	seq(v, N, R);
	for (k = 1; k < N; k += 2)
		v[k] = 0;
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_OK);
	/* rounds wrap at 2^24 */
	seq(v, 3, (1ULL << 24) + 2);
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_OK);
}

static void order_violations(void **state)
{
	unsigned int at, later;
	uint64_t v[N];

	/* page 2 (low lane) missing, page 5 (high lane) written after it */
	seq(v, 6, R);
	v[2] = 0;
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_TORN);
	assert_int_equal(at, 2);
	assert_int_equal(later, 5);
	/* the high lane whole, the low lane dropped: not a state it passes */
	seq(v, N, R);
	v[0] = v[2] = v[4] = v[6] = 0;
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_TORN);
	assert_int_equal(at, 0);
	/* the low lane whole but for one page, the high lane dropped */
	seq(v, N, R);
	v[1] = v[3] = v[5] = v[7] = v[4] = 0;
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_TORN);
	assert_int_equal(at, 1);
	/* a page of the last round survived the drop */
	seq(v, 4, R);
	v[6] = tag_make(TAG_PRIV(W), 6, R - 1);
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_MIXED);
	seq(v, 4, R);
	v[1] = tag_make(TAG_PRIV(W), 1, R - 1);
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_MIXED);
	assert_int_equal(at, 1);
	seq(v, 4, R);
	v[3] ^= 1ULL << 58;
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_BADTAG);
	assert_int_equal(at, 3);
	seq(v, 4, R);
	v[3] = tag_make(TAG_PRIV(W + 1), 3, R);
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_FOREIGN);
	seq(v, 4, R);
	v[3] = tag_make(TAG_PRIV(W), 2, R);
	assert_int_equal(fr_judge_order(W, v, N, &at, &later), FR_FOREIGN);
	assert_string_equal(fr_what(FR_TORN),
			    "zero, but a later write of the same writer is in the snapshot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(window),
		cmocka_unit_test(wrap),
		cmocka_unit_test(violations),
		cmocka_unit_test(own),
		cmocka_unit_test(order_prefix),
		cmocka_unit_test(order_violations),
	};

	return cmocka_run_group_tests_name("fork_race", tests, NULL, NULL);
}
