// SPDX-License-Identifier: GPL-2.0
/*
 * test_hostile_stats.c - statistics on inputs that made GSL's default
 * error handler abort the program: the exact Mann-Whitney count for
 * 515+ reps a side, NaN and infinite reps in Welch's test. They must
 * return NaN or fall back, never abort.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "stats.h"

#define REPS 1000	/* run -r allows 1000 */

static void fill(double *x, size_t n, double base, int mod)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = base + (double)(i % mod);
}

static void test_mwu_many_reps(void **state)
{
	static double a[REPS], b[REPS];
	size_t n;
	double p;

	for (n = 500; n <= REPS; n += 50) {
		fill(a, n, 100, 7);
		fill(b, n, 99, 5);
		p = fl_mwu_p(a, n, b, n);
		if (!(p >= 0 && p <= 1))
			fail_msg("%zu reps a side: p %g", n, p);
	}
	/* the same samples: no difference at all */
	fill(a, REPS, 100, 7);
	p = fl_mwu_p(a, REPS, a, REPS);
	assert_true(p > 0.9);
}

static void test_decide_many_reps(void **state)
{
	static double a[REPS], b[REPS];
	struct fl_rule r;
	struct fl_decision d;

	fl_rule_default(&r);
	r.test = FL_TEST_MWU;
	fill(a, REPS, 100, 3);
	fill(b, REPS, 200, 3);
	fl_decide(&r, true, a, REPS, b, REPS, &d);
	assert_true(d.p_mwu < 1e-6);
	assert_int_equal(d.verdict, FL_BETTER);
}

static void test_welch_nonfinite(void **state)
{
	double a[] = { 100, 101, 99, 100, 100.5 };
	double n[] = { 100, NAN, 99, 100, 100.5 };
	double i[] = { 100, INFINITY, 99, 100, 100.5 };
	double m[] = { 100, -INFINITY, 99, 100, 100.5 };
	struct fl_rule r;
	struct fl_decision d;

	assert_true(isnan(fl_welch_p(a, 5, n, 5)));
	assert_true(isnan(fl_welch_p(n, 5, i, 5)));
	assert_true(isnan(fl_welch_p(i, 5, i, 5)));
	assert_true(isnan(fl_welch_p(i, 5, m, 5)));
	assert_true(isnan(fl_mwu_p(a, 5, n, 5)));
	assert_true(isnan(fl_change_bound(a, 5, i, 5, true, 0.05)));
	fl_rule_default(&r);
	fl_decide(&r, true, n, 5, i, 5, &d);
	assert_true(isnan(d.p_welch));
	assert_false(d.significant);
	fl_decide(&r, false, i, 5, m, 5, &d);
	assert_true(isnan(d.p));
	assert_false(d.significant);
	(void)fl_reps_needed(INFINITY, 3, 0.05, 0.8);
	(void)fl_reps_needed(NAN, 3, 0.05, 0.8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mwu_many_reps),
		cmocka_unit_test(test_decide_many_reps),
		cmocka_unit_test(test_welch_nonfinite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
