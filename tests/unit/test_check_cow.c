// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: cow_storm's checks (workloads/check_cow.c) on synthetic
 * observations, one per violation and one per allowed corner case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"

#define FID	0x23
#define PAGE	17

static struct cow_window win(uint64_t lo, uint64_t hi, bool torn_ok)
{
	struct cow_window w = {
		.fid = FID, .task = 1, .page = PAGE, .lo = lo, .hi = hi,
		.torn_ok = torn_ok,
	};

	return w;
}

/* Bytes of a and b mixed by mask (1 bit per byte: from b), not a tag. */
static uint64_t mix(uint64_t a, uint64_t b, unsigned int mask)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= ((mask >> i) & 1 ? b : a) & (0xffULL << (8 * i));
	return v;
}

static void whole_tags(void **state)
{
	struct cow_window w = win(5, 7, false);
	uint64_t g = 0;

	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE, 5), &g),
			 COW_OK);
	assert_int_equal(g, 5);
	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE, 7), NULL),
			 COW_OK);
}

/* The case: a COW copy made while the writer stored gen g+1. */
static void torn_copy_allowed(void **state)
{
	struct cow_window w = win(0xaa, 0xab, true);
	uint64_t a = tag_make(FID, PAGE, 0xaa), b = tag_make(FID, PAGE, 0xab);
	unsigned int mask, torn = 0;

	for (mask = 1; mask < 255; mask++) {
		uint64_t v = mix(a, b, mask);
		int r = cow_check_word(&w, v, NULL);

		if (v == a || v == b)
			continue;
		assert_true(r == COW_TORN || r == COW_OK);
		torn += r == COW_TORN;
	}
	assert_true(torn > 0);
}

static void torn_needs_a_writer(void **state)
{
	struct cow_window w = win(0xaa, 0xab, false);
	uint64_t v = mix(tag_make(FID, PAGE, 0xaa), tag_make(FID, PAGE, 0xab),
			 0x40);

	assert_false(tag_ok(v));
	assert_int_equal(cow_check_word(&w, v, NULL), COW_BAD_CHECK);
}

static void torn_needs_two_gens(void **state)
{
	struct cow_window w = win(0xab, 0xab, true);
	uint64_t v = mix(tag_make(FID, PAGE, 0xaa), tag_make(FID, PAGE, 0xab),
			 0x40);

	assert_int_equal(cow_check_word(&w, v, NULL), COW_BAD_CHECK);
}

/* A byte from a generation outside the window is not a torn copy. */
static void torn_outside_window(void **state)
{
	struct cow_window w = win(0x10, 0x11, true);
	uint64_t v = mix(tag_make(FID, PAGE, 0x10), tag_make(FID, PAGE, 0x0f),
			 0x01);

	assert_false(tag_ok(v));
	assert_int_equal(cow_check_word(&w, v, NULL), COW_BAD_CHECK);
}

static void violations(void **state)
{
	struct cow_window w = win(9, 10, true);
	uint64_t g = 0;

	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE, 9) ^ 1ULL << 58,
					NULL), COW_BAD_CHECK);
	assert_int_equal(cow_check_word(&w, 0, NULL), COW_BAD_CHECK);
	assert_int_equal(cow_check_word(&w, tag_make(TAG_PRIV(1), PAGE, 3),
					NULL), COW_OWN_DROPPED);
	assert_int_equal(cow_check_word(&w, tag_make(TAG_PRIV(2), PAGE, 3),
					NULL), COW_OTHER_PRIV);
	assert_int_equal(cow_check_word(&w, tag_make(FID + 1, PAGE, 9), NULL),
			 COW_OTHER_FILE);
	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE + 1, 9), NULL),
			 COW_BAD_INDEX);
	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE, 8), &g),
			 COW_STALE);
	assert_int_equal(g, 8);
	assert_string_equal(cow_what(COW_STALE), "stale gen");
}

/* Generations are 24 bits: a window across the wrap still judges. */
static void generation_wrap(void **state)
{
	struct cow_window w = win(TAG_GEN_MASK, TAG_GEN_MASK + 2, false);

	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE, 1), NULL),
			 COW_OK);
	assert_int_equal(cow_check_word(&w, tag_make(FID, PAGE,
						     TAG_GEN_MASK - 1), NULL),
			 COW_STALE);
}

static void own_write(void **state)
{
	uint64_t own = tag_make(TAG_PRIV(3), PAGE, 12);

	assert_int_equal(cow_check_own(own, own), OWN_OK);
	assert_int_equal(cow_check_own(tag_make(TAG_PRIV(3), PAGE, 11), own),
			 OWN_OLDER);
	assert_int_equal(cow_check_own(tag_make(TAG_PRIV(4), PAGE, 12), own),
			 OWN_OTHER_TASK);
	assert_int_equal(cow_check_own(tag_make(FID, PAGE, 0), own), OWN_FILE);
	assert_int_equal(cow_check_own(own ^ 1, own), OWN_BAD_CHECK);
}

static void fork_snapshot(void **state)
{
	uint64_t snap = tag_make(TAG_ANON, 4, 7), wrote = tag_make(TAG_ANON, 4, 8);

	assert_int_equal(cow_check_child(snap, snap, wrote), FORK_OK);
	assert_int_equal(cow_check_child(wrote, snap, wrote),
			 FORK_CHILD_SAW_WRITE);
	assert_int_equal(cow_check_child(0, snap, wrote), FORK_CHILD_WRONG);
	assert_int_equal(cow_check_parent(wrote, snap, wrote, snap), FORK_OK);
	assert_int_equal(cow_check_parent(snap, snap, wrote, snap),
			 FORK_PARENT_LOST);
	assert_int_equal(cow_check_parent(wrote, wrote, wrote, snap),
			 FORK_PARENT_DATA);
	/* private anonymous memory reads zero after MADV_DONTNEED */
	assert_int_equal(cow_check_dropped(0), FORK_OK);
	assert_int_equal(cow_check_dropped(wrote), FORK_NOT_DROPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_tags),
		cmocka_unit_test(torn_copy_allowed),
		cmocka_unit_test(torn_needs_a_writer),
		cmocka_unit_test(torn_needs_two_gens),
		cmocka_unit_test(torn_outside_window),
		cmocka_unit_test(violations),
		cmocka_unit_test(generation_wrap),
		cmocka_unit_test(own_write),
		cmocka_unit_test(fork_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
