// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the mremap_race checker on made-up histories. State k has
 * the region in range k & 1; page 4 was written in states prev and cur.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "known_races.h"
#include "tag.h"

#define PG	4

static uint64_t t(uint64_t g)
{
	return tag_make(TAG_ANON, PG, g);
}

/* A read of range r in states lo..hi; page written in states prev, cur. */
static int judge(unsigned int r, uint64_t lo, uint64_t hi, bool dontunmap,
		 uint64_t prev, uint64_t cur, bool segv, uint64_t v)
{
	struct mr_obs o = {
		.page = PG, .range = r, .lo = lo, .hi = hi,
		.dontunmap = dontunmap, .prev = prev, .cur = cur,
		.segv = segv, .v = v,
	};

	return mr_judge(&o);
}

/* Stable windows: exactly the state's content. */
static void stable(void **state)
{
	/* state 6: region in A, page last written in state 4 */
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false, t(4)), MR_OK);
	/* the mover rewrote it in state 7 since: prev is state 6's */
	assert_int_equal(judge(0, 6, 6, false, 4, 7, false, t(4)), MR_OK);
	/* rewritten twice since: cannot tell, not judged */
	assert_int_equal(judge(0, 6, 6, false, 7, 9, false, t(3)), MR_OK);
	/* the other range: hole after a plain move, empty after DONTUNMAP */
	assert_int_equal(judge(1, 6, 6, false, 2, 4, true, 0), MR_OK);
	assert_int_equal(judge(1, 6, 6, true, 2, 4, false, 0), MR_OK);
	/* state 7: region in B */
	assert_int_equal(judge(1, 7, 7, false, 4, 7, false, t(7)), MR_OK);
}

/* A move in the window: either range, old or new content, or empty. */
static void moving(void **state)
{
	assert_int_equal(judge(0, 6, 7, false, 4, 7, false, t(4)), MR_OK);
	assert_int_equal(judge(0, 6, 7, false, 4, 7, false, t(7)), MR_OK);
	assert_int_equal(judge(1, 6, 7, false, 4, 7, false, t(7)), MR_OK);
	assert_int_equal(judge(0, 6, 7, false, 4, 7, true, 0), MR_OK);
	assert_int_equal(judge(1, 6, 7, false, 4, 7, true, 0), MR_OK);
	assert_int_equal(judge(0, 6, 7, true, 4, 7, false, 0), MR_OK);
	assert_int_equal(judge(1, 6, 7, true, 4, 7, true, 0), MR_OK);
}

static void violations(void **state)
{
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false, t(4) ^ 1ULL << 55),
			 MR_BADTAG);
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false,
			       tag_make(TAG_ANON, PG + 1, 4)), MR_FOREIGN);
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false,
			       tag_make(TAG_PRIV(0), PG, 4)), MR_FOREIGN);
	/* stale: the page's state 2 content in state 6 */
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false, t(2)), MR_GEN);
	/* a generation no state up to the window's end had */
	assert_int_equal(judge(0, 6, 7, false, 4, 7, false, t(8)), MR_GEN);
	assert_int_equal(judge(0, 6, 6, false, 2, 4, false, 0), MR_ZERO);
	assert_int_equal(judge(0, 6, 7, false, 4, 7, false, 0), MR_ZERO);
	assert_int_equal(judge(0, 6, 6, false, 2, 4, true, 0), MR_SEGV);
	assert_int_equal(judge(1, 6, 6, true, 2, 4, true, 0), MR_SEGV);
	assert_int_equal(judge(1, 6, 6, false, 2, 4, false, t(4)), MR_MAPPED);
	assert_int_equal(judge(1, 6, 6, false, 2, 4, false, 0), MR_MAPPED);
	assert_int_equal(judge(1, 6, 6, true, 2, 4, false, t(4)), MR_NOTZERO);
	assert_string_equal(mr_what(MR_NR), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stable),
		cmocka_unit_test(moving),
		cmocka_unit_test(violations),
	};

	return cmocka_run_group_tests_name("mremap_race", tests, NULL, NULL);
}
