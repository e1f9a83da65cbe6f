// SPDX-License-Identifier: GPL-2.0
/*
 * test_honest.c - the fault-count bound of workloads/honest.h: the
 * fewest faults that can map a range, when one fault maps at most one
 * aligned block; the block size; the injection site selection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "honest.h"

#define PG	4096UL
#define PMD	(512 * PG)

static void test_aligned(void **state)
{
	assert_int_equal(honest_min_faults(0, 4 * PMD, PMD), 4);
	assert_int_equal(honest_min_faults(8 * PMD, PMD, PMD), 1);
	/* one page a fault: the page count */
	assert_int_equal(honest_min_faults(PMD, 100 * PG, PG), 100);
}

static void test_unaligned(void **state)
{
	/* blocks cut by either end do not count: a neighbour may map them */
	assert_int_equal(honest_min_faults(PG, 4 * PMD, PMD), 3);
	assert_int_equal(honest_min_faults(PMD - PG, PMD + 2 * PG, PMD), 1);
	assert_int_equal(honest_min_faults(PMD - PG, PMD + PG, PMD), 1);
	assert_int_equal(honest_min_faults(PMD - PG, PMD, PMD), 0);
	assert_int_equal(honest_min_faults(PG, PMD, PMD), 0);
	/* a page range that does not start on a page: whole pages only */
	assert_int_equal(honest_min_faults(PG + 8, 3 * PG, PG), 2);
}

static void test_small(void **state)
{
	assert_int_equal(honest_min_faults(0, 0, PMD), 0);
	assert_int_equal(honest_min_faults(0, PMD - PG, PMD), 0);
	assert_int_equal(honest_min_faults(0, PMD, 0), 0);
	assert_int_equal(honest_min_faults(0, PG - 1, PG), 0);
}

/* The bound never exceeds the pages in the range, for any block. */
static void test_never_above_pages(void **state)
{
	uintptr_t start;
	size_t len, span;

	for (span = PG; span <= PMD; span *= 8)
		for (start = 0; start < 2 * PMD; start += 37 * PG)
			for (len = 0; len < 3 * PMD; len += 61 * PG)
				assert_true(honest_min_faults(start, len, span)
					    <= len / PG);
}

static void test_span(void **state)
{
	size_t pg = getpagesize(), span = honest_span(), want = 0;
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size",
			"r");

	assert_true(span >= pg);
	assert_int_equal(span % pg, 0);
	if (f) {
		assert_int_equal(fscanf(f, "%zu", &want), 1);
		fclose(f);
		assert_int_equal(span, want);
	}
}

static void test_site(void **state)
{
	unsetenv("FAULTLINE_INJECT_SITE");
	assert_true(honest_site("faults", true));
	assert_false(honest_site("faults", false));
	setenv("FAULTLINE_INJECT_SITE", "content", 1);
	assert_true(honest_site("content", false));
	assert_false(honest_site("faults", true));
	setenv("FAULTLINE_INJECT_SITE", "", 1);
	assert_true(honest_site("faults", true));
	unsetenv("FAULTLINE_INJECT_SITE");
}

static void test_kfaults(void **state)
{
	uint64_t a = honest_kfaults(), b;
	char *p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;

	assert_true(p != MAP_FAILED);
	madvise(p, 16 * PG, MADV_NOHUGEPAGE);	/* fails only without THP */
	for (i = 0; i < 16; i++)
		p[i * PG] = 1;
	b = honest_kfaults();
	munmap(p, 16 * PG);
	/* 16 pages, no THP: the kernel handled at least 16 faults */
	assert_true(b - a >= 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aligned),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_never_above_pages),
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_kfaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
