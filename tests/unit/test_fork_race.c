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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(window),
		cmocka_unit_test(wrap),
		cmocka_unit_test(violations),
		cmocka_unit_test(own),
	};

	return cmocka_run_group_tests_name("fork_race", tests, NULL, NULL);
}
