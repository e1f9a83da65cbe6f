// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the stack_race checker on made-up observations. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "known_races.h"
#include "tag.h"

static void pages(void **state)
{
	uint64_t want = tag_make(TAG_PRIV(1), 3, 42);

	assert_int_equal(sr_judge_page(want, false, want), SR_OK);
	assert_int_equal(sr_judge_page(want, true, 0), SR_SEGV);
	assert_int_equal(sr_judge_page(want, true, want), SR_SEGV);
	assert_int_equal(sr_judge_page(want, false, 0), SR_LOST);
	assert_int_equal(sr_judge_page(want, false,
				       tag_make(TAG_PRIV(1), 3, 41)), SR_LOST);
}

static void gap(void **state)
{
	assert_int_equal(sr_judge_gap(true), SR_OK);
	assert_int_equal(sr_judge_gap(false), SR_GAP);
	assert_string_equal(sr_what(SR_GAP),
			    "access in the stack guard gap did not fault");
	assert_string_equal(sr_what(SR_NR), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages),
		cmocka_unit_test(gap),
	};

	return cmocka_run_group_tests_name("stack_race", tests, NULL, NULL);
}
