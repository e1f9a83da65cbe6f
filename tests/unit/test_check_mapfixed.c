// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: mapfixed_race's model (workloads/check_mapfixed.c) on a
 * synthetic remapper history, one per violation and one per allowed
 * corner case (a read spanning a replacement, anonymous states, writes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"

static const unsigned int fid[3] = { 0x11, 0x12, 0x13 };
static uint64_t hist[MFC_HIST];
static struct mfc_hist h;

/* States: 0 file 0, 1 file 1, 2 anonymous, 3 files 0 and 2 in chunks of 4. */
static int setup(void **state)
{
	memset(hist, 0, sizeof(hist));
	hist[0] = st_make(0, 0, 64);
	hist[1] = st_make(1, 1, 64);
	hist[2] = st_make(MFC_ANON, MFC_ANON, 64);
	hist[3] = st_make(0, 2, 4);
	h.hist = hist;
	h.first = 0;
	h.fid = fid;
	h.nfiles = 3;
	h.any_gen = false;
	return 0;
}

static void allowed(void **state)
{
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x12, 5, 0), NULL),
			 MFC_OK);
	/* a read spanning the replacement of 1 by 2 sees either */
	assert_int_equal(mfc_judge(&h, 5, 1, 2, tag_make(0x12, 5, 0), NULL),
			 MFC_OK);
	assert_int_equal(mfc_judge(&h, 5, 1, 2, 0, NULL), MFC_OK);
	assert_int_equal(mfc_judge(&h, 5, 1, 2, tag_make(TAG_ANON, 5, 2), NULL),
			 MFC_OK);
	/* span: page 5 is in the second chunk of 4, file 2 */
	assert_int_equal(mfc_judge(&h, 5, 3, 3, tag_make(0x13, 5, 0), NULL),
			 MFC_OK);
	assert_int_equal(mfc_judge(&h, 2, 3, 3, tag_make(0x11, 2, 0), NULL),
			 MFC_OK);
}

static void violations(void **state)
{
	uint64_t g = 99;

	assert_int_equal(mfc_judge(&h, 5, 2, 2, tag_make(0x12, 5, 0), &g),
			 MFC_STALE);
	assert_int_equal(g, 1);
	assert_int_equal(mfc_judge(&h, 5, 1, 1, 0, NULL), MFC_ZERO);
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x12, 5, 0) ^ 1, NULL),
			 MFC_BAD_CHECK);
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x12, 6, 0), NULL),
			 MFC_BAD_INDEX);
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x13, 5, 0), NULL),
			 MFC_RETIRED);
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x7f, 5, 0), NULL),
			 MFC_FOREIGN);
	assert_int_equal(mfc_judge(&h, 5, 2, 2, tag_make(TAG_ANON, 5, 9), NULL),
			 MFC_OTHER_ANON);
	/* page 2 shows file 0 in the span state: file 2 is not mapped there */
	assert_int_equal(mfc_judge(&h, 2, 3, 3, tag_make(0x13, 2, 0), NULL),
			 MFC_RETIRED);
	assert_string_equal(mfc_what(MFC_OTHER_ANON), "other anon gen");
}

/* access=write: files are written, any generation of the right file. */
static void written_files(void **state)
{
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x12, 5, 7), NULL),
			 MFC_RETIRED);
	h.any_gen = true;
	assert_int_equal(mfc_judge(&h, 5, 1, 1, tag_make(0x12, 5, 7), NULL),
			 MFC_OK);
	assert_int_equal(mfc_judge(&h, 5, 2, 2, tag_make(0x12, 5, 7), NULL),
			 MFC_STALE);
	assert_int_equal(mfc_check_file(&h, 1, 5, tag_make(0x12, 5, 7)),
			 MFC_OK);
	/* a write that landed in the wrong file */
	assert_int_equal(mfc_check_file(&h, 1, 5, tag_make(0x11, 5, 1)),
			 MFC_RETIRED);
	assert_int_equal(mfc_check_file(&h, 1, 5, 0), MFC_ZERO);
	assert_int_equal(mfc_check_file(&h, 1, 5, tag_make(0x12, 4, 1)),
			 MFC_BAD_INDEX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(allowed, setup),
		cmocka_unit_test_setup(violations, setup),
		cmocka_unit_test_setup(written_files, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
