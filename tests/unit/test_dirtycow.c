// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the dirtycow checker on made-up observations. File id 9,
 * task 2, page 5; its last forced write was number 100, to word 17.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "known_races.h"
#include "tag.h"

#define FID	9
#define TASK	2
#define PG	5

static uint64_t file(void)
{
	return tag_make(FID, PG, 0);
}

static uint64_t forced(unsigned int task, uint64_t n, unsigned int word)
{
	return tag_make(TAG_PRIV(task), PG, dc_gen(n, word));
}

static int judge(unsigned int read, bool stable, uint64_t v)
{
	struct dc_obs o = {
		.fid = FID, .task = TASK, .page = PG, .n = 100, .wrote = 17,
		.read = read, .stable = stable, .v = v,
	};

	return dc_judge(&o);
}

/* The view shows the forced write, or the file after a DONTNEED. */
static void allowed(void **state)
{
	assert_int_equal(judge(17, true, forced(TASK, 100, 17)), DC_OK);
	assert_int_equal(judge(17, false, forced(TASK, 100, 17)), DC_OK);
	assert_int_equal(judge(17, false, file()), DC_OK);
	/* another word: the file, or an older forced write to that word */
	assert_int_equal(judge(3, true, file()), DC_OK);
	assert_int_equal(judge(3, true, forced(TASK, 60, 3)), DC_OK);
	/*
	 * A DONTNEED in progress: the page it unmapped may still be read
	 * through a TLB entry its flush has not reached yet, while the
	 * forced write went to the page a new fault brought in.
	 */
	assert_int_equal(judge(17, false, forced(TASK, 99, 17)), DC_OK);
	/* the write number wraps with the 15 bits it has in a tag */
	assert_int_equal(dc_gen(1ULL << 15, 4), dc_gen(0, 4));
	assert_int_equal(dc_judge_file(FID, PG, file()), DC_OK);
}

static void violations(void **state)
{
	assert_int_equal(judge(17, true, file()), DC_LOST);
	assert_int_equal(judge(17, true, forced(TASK, 100, 17) ^ 1ULL << 60),
			 DC_BADTAG);
	assert_int_equal(judge(17, false, 0), DC_BADTAG);
	/* another task's write, another page's, another word's */
	assert_int_equal(judge(17, false, forced(TASK + 1, 100, 17)),
			 DC_FOREIGN);
	assert_int_equal(judge(17, false, tag_make(TAG_PRIV(TASK), PG + 1,
						    dc_gen(100, 17))),
			 DC_FOREIGN);
	assert_int_equal(judge(3, true, forced(TASK, 60, 4)), DC_FOREIGN);
	/* an older forced write to the word just overwritten, no DONTNEED */
	assert_int_equal(judge(17, true, forced(TASK, 99, 17)), DC_FOREIGN);
	/* the file itself: anything but its own tag */
	assert_int_equal(dc_judge_file(FID, PG, forced(TASK, 100, 17)),
			 DC_FILE);
	assert_int_equal(dc_judge_file(FID, PG, tag_make(FID, PG + 1, 0)),
			 DC_FILE);
	assert_string_equal(dc_what(DC_FILE), "read-only file changed");
	assert_int_equal(dc_judge_file(0, PG, forced(TASK, 100, 17)),
			 DC_ZEROPAGE);
	assert_string_equal(dc_what(DC_ZEROPAGE), "the zero page is not zero");
	assert_string_equal(dc_what(-1), "?");
}

/* backing=thp: the view and the source read zero, not a file. */
static void anon(void **state)
{
	struct dc_obs o = {
		.fid = 0, .task = TASK, .page = PG, .n = 100, .wrote = 17,
		.read = 17, .stable = false, .v = 0,
	};

	assert_int_equal(dc_judge(&o), DC_OK);
	o.stable = true;
	assert_int_equal(dc_judge(&o), DC_LOST);
	o.v = forced(TASK, 100, 17);
	assert_int_equal(dc_judge(&o), DC_OK);
	o.v = file();
	assert_int_equal(dc_judge(&o), DC_FOREIGN);
	assert_int_equal(dc_judge_file(0, PG, 0), DC_OK);
}

/* A whole DONTNEED ran between the write and the read: the source only. */
static void dropped(void **state)
{
	struct dc_obs o = {
		.fid = FID, .task = TASK, .page = PG, .n = 100, .wrote = 17,
		.read = 17, .dropped = true, .v = file(),
	};

	assert_int_equal(dc_judge(&o), DC_OK);
	o.v = forced(TASK, 100, 17);
	assert_int_equal(dc_judge(&o), DC_KEPT);
	o.v = forced(TASK, 99, 17);
	assert_int_equal(dc_judge(&o), DC_KEPT);
	o.fid = 0;
	o.v = 0;
	assert_int_equal(dc_judge(&o), DC_OK);
	o.v = file();
	assert_int_equal(dc_judge(&o), DC_KEPT);
	/* a corrupt word is bad check bits, whatever ran between */
	o.v = forced(TASK, 100, 17) ^ (1ULL << 58);
	assert_int_equal(dc_judge(&o), DC_BADTAG);
	assert_string_equal(dc_what(DC_KEPT),
			    "a forced write survived a completed MADV_DONTNEED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allowed),
		cmocka_unit_test(violations),
		cmocka_unit_test(anon),
		cmocka_unit_test(dropped),
	};

	return cmocka_run_group_tests_name("dirtycow", tests, NULL, NULL);
}
