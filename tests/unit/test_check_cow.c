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

/*
 * The 6.12 TCG false alarm: cow_storm:shared=none,shared_writer=1,
 * processes, tmpfs. The pread() of page 216 began while the file held
 * gen 42 (s0 = 84) and its copy_to_user() (rep movsb, a byte at a time
 * under TCG) was stalled inside one word until the writer had stored gen
 * 198 (s1 = 398): byte 0 of gen 42, bytes 1..7 of gen 198. Each byte is
 * from a generation of the window [42, 199], so the word is allowed.
 */
#define F216	0x4e
#define P216	216

static void torn_wide_window(void **state)
{
	struct cow_window w = {
		.fid = F216, .task = 1, .page = P216,
		.lo = seq_lo(84), .hi = seq_hi(398), .torn_ok = true,
	};
	uint64_t seen = 0xa564e000d800002aULL;

	assert_int_equal(w.lo, 42);
	assert_int_equal(w.hi, 199);
	assert_true(tag_make(F216, P216, 199) == 0xc734e000d80000c7ULL);
	assert_true(mix(tag_make(F216, P216, 198), tag_make(F216, P216, 42),
			0x01) == seen);
	assert_false(tag_ok(seen));
	assert_int_equal(cow_check_word(&w, seen, NULL), COW_TORN);
	/* with no writer it is not a torn copy */
	w.torn_ok = false;
	assert_int_equal(cow_check_word(&w, seen, NULL), COW_BAD_CHECK);
}

/* The same word is a violation if gen 42 was over before the read. */
static void torn_wide_window_needs_the_gen(void **state)
{
	struct cow_window w = {
		.fid = F216, .task = 1, .page = P216, .lo = 43, .hi = 199,
		.torn_ok = true,
	};

	assert_int_equal(cow_check_word(&w, 0xa564e000d800002aULL, NULL),
			 COW_BAD_CHECK);
	w.lo = 150;
	assert_int_equal(cow_check_word(&w, 0xa564e000d800002aULL, NULL),
			 COW_BAD_CHECK);
}

/*
 * However wide the window, a byte no generation of this file's page has
 * is a violation: a private write (file id 0x80 | task) in the check
 * bits' byte, another file, another page; and whole private tags are
 * judged as such.
 */
static void torn_wide_window_still_catches(void **state)
{
	struct cow_window w = {
		.fid = F216, .task = 1, .page = P216, .lo = 0,
		.hi = 2 * (TAG_GEN_MASK + 1), .torn_ok = true,
	};
	/* bytes from the private tag: 5 and 6 hold the file id's nibbles */
	static const unsigned int masks[] = { 0x20, 0x40, 0x60, 0xc1, 0x7f };
	uint64_t file = tag_make(F216, P216, 198);
	uint64_t priv = tag_make(TAG_PRIV(1), P216, 42);
	unsigned int i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		uint64_t v = mix(file, priv, masks[i]);

		assert_false(tag_ok(v));
		assert_int_equal(cow_check_word(&w, v, NULL), COW_BAD_CHECK);
	}
	assert_int_equal(cow_check_word(&w, priv, NULL), COW_OWN_DROPPED);
	assert_int_equal(cow_check_word(&w, tag_make(TAG_PRIV(2), P216, 42),
					NULL), COW_OTHER_PRIV);
	/* another file's file id byte, another page's index byte */
	assert_int_equal(cow_check_word(&w, mix(file, tag_make(F216 + 1, P216,
								   198), 0x20),
					NULL), COW_BAD_CHECK);
	assert_int_equal(cow_check_word(&w, mix(file, tag_make(F216, P216 + 1,
								   198), 0x08),
					NULL), COW_BAD_CHECK);
	assert_int_equal(cow_check_word(&w, 0, NULL), COW_BAD_CHECK);
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
		cmocka_unit_test(torn_wide_window),
		cmocka_unit_test(torn_wide_window_needs_the_gen),
		cmocka_unit_test(torn_wide_window_still_catches),
		cmocka_unit_test(violations),
		cmocka_unit_test(generation_wrap),
		cmocka_unit_test(own_write),
		cmocka_unit_test(fork_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
