// SPDX-License-Identifier: GPL-2.0
/*
 * test_stats.c - the statistics and the decision rule on samples with
 * known answers: textbook examples, exact enumerations, and GSL-drawn
 * samples with known mean and variance.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9g, want %.9g +- %g", got, want, tol);
}

static void test_means(void **state)
{
	const double a[] = { 1, 2, 3, 4 };
	const double h[] = { 1, 2, 4 };
	const double z[] = { 1, 0, 2 };

	assert_near(fl_amean(a, N(a)), 2.5, 1e-12);
	assert_near(fl_hmean(h, N(h)), 3 / 1.75, 1e-12);
	assert_true(isnan(fl_hmean(z, N(z))));
	assert_true(isnan(fl_amean(a, 0)));
}

static void test_summary(void **state)
{
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct fl_summary s;

	fl_summarize(x, N(x), false, &s);
	assert_int_equal(s.n, 8);
	assert_near(s.mean, 5, 1e-12);
	assert_near(s.sd, sqrt(32.0 / 7), 1e-12);	/* n - 1 */
	assert_near(s.cov, sqrt(32.0 / 7) / 5, 1e-12);
	assert_near(s.min, 2, 0);
	assert_near(s.max, 9, 0);
	fl_summarize(x, N(x), true, &s);	/* rates: harmonic mean */
	assert_near(s.mean, fl_hmean(x, N(x)), 1e-12);
	assert_true(s.mean < s.amean);
}

/* Known mean and variance: 20000 draws of N(50, 5^2). */
static void test_summary_drawn(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	static double x[20000];
	struct fl_summary s;
	size_t i;

	gsl_rng_set(r, 42);
	for (i = 0; i < N(x); i++)
		x[i] = 50 + gsl_ran_gaussian(r, 5);
	fl_summarize(x, N(x), false, &s);
	/* standard errors: 0.035 for the mean, 0.025 for the sd */
	assert_near(s.mean, 50, 0.15);
	assert_near(s.sd, 5, 0.1);
	assert_near(s.cov, 0.1, 0.003);
	gsl_rng_free(r);
}

/* Wikipedia, "Welch's t-test", examples 1 and 2 (p = 0.021, 0.149). */
static void test_welch_textbook(void **state)
{
	const double a1[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
			      21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
	const double a2[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
			      24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
	const double b1[] = { 17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2,
			      14.7, 21.8 };
	const double b2[] = { 21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7,
			      23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5,
			      22.5, 23.5, 21.5, 21.8 };

	assert_near(fl_welch_p(a1, N(a1), a2, N(a2)), 0.021, 0.0006);
	assert_near(fl_welch_p(b1, N(b1), b2, N(b2)), 0.149, 0.0006);
	/* symmetric in its arguments */
	assert_near(fl_welch_p(a2, N(a2), a1, N(a1)),
		    fl_welch_p(a1, N(a1), a2, N(a2)), 1e-12);
}

static void test_welch_degenerate(void **state)
{
	const double c[] = { 5, 5, 5 }, d[] = { 6, 6, 6 };

	assert_near(fl_welch_p(c, 3, c, 3), 1, 0);
	assert_near(fl_welch_p(c, 3, d, 3), 0, 0);
	assert_true(isnan(fl_welch_p(c, 1, d, 3)));
}

/* Exact Mann-Whitney: full separation of 3+3 is 2 of C(6,3) = 20. */
static void test_mwu_exact(void **state)
{
	const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	const double c[] = { 1, 2, 3, 4, 5 }, d[] = { 6, 7, 8, 9, 10 };
	const double e[] = { 1, 3, 5 }, f[] = { 2, 4, 6 };

	assert_near(fl_mwu_p(a, 3, b, 3), 2.0 / 20, 1e-12);
	assert_near(fl_mwu_p(b, 3, a, 3), 2.0 / 20, 1e-12);
	assert_near(fl_mwu_p(c, 5, d, 5), 2.0 / 252, 1e-12);
	/* W = 9, E[W] = 10.5: sums <= 9 or >= 12 are 14 of 20 */
	assert_near(fl_mwu_p(e, 3, f, 3), 14.0 / 20, 1e-12);
	/* identical samples: W = E[W], every split counts */
	assert_near(fl_mwu_p(a, 3, a, 3), 1, 1e-12);
}

/* Ties: {1,1,2} vs {2,3,3}: midranks 1.5 1.5 3.5 | 3.5 5.5 5.5, W = 6.5,
 * E[W] = 10.5; splits with |W - 10.5| >= 4: {1.5,1.5,3.5} and
 * {3.5,5.5,5.5} twice each (two 3.5s) -> 4 of 20. */
static void test_mwu_ties(void **state)
{
	const double a[] = { 1, 1, 2 }, b[] = { 2, 3, 3 };

	assert_near(fl_mwu_p(a, 3, b, 3), 4.0 / 20, 1e-12);
}

static void test_mwu_normal(void **state)
{
	double a[20], b[20];
	int i;

	for (i = 0; i < 20; i++) {
		a[i] = i;
		b[i] = i + 100;		/* full separation */
	}
	assert_true(fl_mwu_p(a, 20, b, 20) < 1e-6);
	for (i = 0; i < 20; i++)
		b[i] = i + 0.5;		/* interleaved */
	assert_true(fl_mwu_p(a, 20, b, 20) > 0.5);
}

/* Textbook: d = 1 at alpha 0.05, power 0.8 needs 17 a side (G*Power). */
static void test_reps_needed(void **state)
{
	assert_int_equal(fl_reps_needed(0.05, 5, 0.05, 0.8), 17);
	/* d = 0.5: 64 a side */
	assert_int_equal(fl_reps_needed(0.06, 3, 0.05, 0.8), 64);
	assert_int_equal(fl_reps_needed(0.001, 3, 0.05, 0.8), 3);
	assert_int_equal(fl_reps_needed(5, 0.1, 0.05, 0.8), 1000);
}

static const double base5[] = { 100, 101, 99, 100.5, 99.5 };

static void scaled(double *out, const double *in, size_t n, double f)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = in[i] * f;
}

static void test_decide_rates(void **state)
{
	struct fl_rule r;
	struct fl_decision d;
	double x[5];

	fl_rule_default(&r);
	scaled(x, base5, 5, 0.9);
	fl_decide(&r, true, base5, 5, x, 5, &d);
	assert_int_equal(d.verdict, FL_WORSE);
	assert_near(d.change, -10, 1e-9);
	assert_true(d.p < 0.001);

	scaled(x, base5, 5, 1.1);
	fl_decide(&r, true, base5, 5, x, 5, &d);
	assert_int_equal(d.verdict, FL_BETTER);
	assert_near(d.change, 10, 1e-9);

	/* significant by the test, but under the 3% threshold */
	scaled(x, base5, 5, 0.98);
	fl_decide(&r, true, base5, 5, x, 5, &d);
	assert_true(d.p < 0.05);
	assert_false(d.significant);
	assert_int_equal(d.verdict, FL_SAME);

	/* the same with --threshold 1 is a regression */
	r.threshold = 1;
	fl_decide(&r, true, base5, 5, x, 5, &d);
	assert_int_equal(d.verdict, FL_WORSE);
}

static void test_decide_lower_better(void **state)
{
	struct fl_rule r;
	struct fl_decision d;
	double x[5];

	fl_rule_default(&r);
	scaled(x, base5, 5, 1.1);	/* latency up 10%: worse */
	fl_decide(&r, false, base5, 5, x, 5, &d);
	assert_int_equal(d.verdict, FL_WORSE);
	assert_near(d.change, -10, 1e-9);
	assert_near(d.new.mean, fl_amean(x, 5), 1e-9);
}

static void test_decide_unstable(void **state)
{
	const double noisy[] = { 100, 120, 85, 110, 90 };	/* CoV 14% */
	double x[5];
	struct fl_rule r;
	struct fl_decision d;

	fl_rule_default(&r);
	scaled(x, noisy, 5, 0.75);	/* -25%: significant, ranges overlap */
	fl_decide(&r, true, noisy, 5, x, 5, &d);
	assert_true(d.p < 0.05);
	assert_true(d.significant);
	assert_int_equal(d.verdict, FL_UNSTABLE);
	assert_true(d.reps_needed > 5);
	assert_int_equal(d.reps_needed,
			 fl_reps_needed(fmax(d.base.cov, d.new.cov), 3,
					0.05, 0.8));
	/* a looser noise limit lets the test decide */
	r.cov_limit = 0.2;
	fl_decide(&r, true, noisy, 5, x, 5, &d);
	assert_int_equal(d.verdict, FL_WORSE);
}

static void test_decide_separated(void **state)
{
	const double noisy[] = { 100, 120, 85, 110, 90 };	/* CoV 14% */
	double x[5];
	struct fl_rule r;
	struct fl_decision d;

	fl_rule_default(&r);
	scaled(x, noisy, 5, 0.7);	/* -30%: 84 below 85, no overlap */
	fl_decide(&r, true, noisy, 5, x, 5, &d);
	assert_true(d.significant);
	assert_true(d.separated);
	assert_true(d.reps_needed > 5);	/* noisy, but... */
	assert_int_equal(d.verdict, FL_WORSE);
	fl_decide(&r, true, x, 5, noisy, 5, &d);
	assert_int_equal(d.verdict, FL_BETTER);
	/* 3 reps a side separate by chance 1 time in 10: not enough */
	fl_decide(&r, true, noisy, 3, x, 3, &d);
	assert_true(d.separated);
	assert_int_equal(d.verdict, FL_UNSTABLE);
	/* separated but under the threshold: not a change */
	r.threshold = 50;
	fl_decide(&r, true, noisy, 5, x, 5, &d);
	assert_true(d.separated);
	assert_false(d.significant);
	assert_int_equal(d.verdict, FL_SAME);
}

static void test_decide_nodata(void **state)
{
	struct fl_rule r;
	struct fl_decision d;

	fl_rule_default(&r);
	fl_decide(&r, true, base5, 2, base5, 5, &d);
	assert_int_equal(d.verdict, FL_NODATA);
	fl_decide(&r, true, base5, 5, base5, 0, &d);
	assert_int_equal(d.verdict, FL_NODATA);
}

/*
 * The rule on GSL-drawn samples: with no change (A/A) at most 5% of
 * 4000 trials flag; with a true 10% drop at CoV 2% and 5 reps, at
 * least 99% flag as worse. Seeds are fixed, so this is deterministic.
 */
static double trial_rate(double cov, double factor, enum fl_verdict want)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	struct fl_rule r;
	struct fl_decision d;
	double a[5], b[5];
	int t, i, hit = 0, trials = 4000;

	gsl_rng_set(g, 7);
	fl_rule_default(&r);
	for (t = 0; t < trials; t++) {
		for (i = 0; i < 5; i++) {
			a[i] = 1000 * (1 + gsl_ran_gaussian(g, cov));
			b[i] = 1000 * factor * (1 + gsl_ran_gaussian(g, cov));
		}
		fl_decide(&r, true, a, 5, b, 5, &d);
		hit += d.verdict == want;
	}
	gsl_rng_free(g);
	return (double)hit / trials;
}

static void test_decide_drawn(void **state)
{
	double fp = trial_rate(0.02, 1.0, FL_WORSE) +
		    trial_rate(0.02, 1.0, FL_BETTER);

	assert_true(fp <= 0.05);
	assert_true(trial_rate(0.02, 0.9, FL_WORSE) >= 0.99);
	assert_true(trial_rate(0.02, 1.1, FL_BETTER) >= 0.99);
}

/*
 * The prediction test (compare --base-runs): base 1, 2, 3 against a new
 * 5 is t = 3 / sqrt(1 + 1/3) = 2.598 on 2 degrees of freedom, whose
 * two-sided p has the closed form 1 - t / sqrt(t^2 + 2) = 0.12168.
 */
static void test_decide_predict(void **state)
{
	double base[] = { 1, 2, 3 }, five = 5, flat[] = { 10, 10, 10 };
	struct fl_rule r;
	struct fl_decision d;
	double t = 3 / sqrt(4.0 / 3);

	(void)state;
	fl_rule_default(&r);
	r.cov_limit = 10;	/* this test is of the p-value */
	fl_decide_predict(&r, true, base, 3, &five, 1, &d);
	assert_near(d.p, 1 - t / sqrt(t * t + 2), 1e-9);
	assert_true(isnan(d.p_welch) && isnan(d.p_mwu));
	assert_int_equal(d.verdict, FL_SAME);	/* p = 0.12 */
	/* two base runs are too few; a flat base makes any move certain */
	fl_decide_predict(&r, true, base, 2, &five, 1, &d);
	assert_int_equal(d.verdict, FL_NODATA);
	five = 9;
	fl_decide_predict(&r, true, flat, 3, &five, 1, &d);
	assert_int_equal(d.verdict, FL_WORSE);
	five = 10;
	fl_decide_predict(&r, true, flat, 3, &five, 1, &d);
	assert_int_equal(d.verdict, FL_SAME);
	/* a noisy base is unstable, with the runs it would need */
	r.cov_limit = 0.05;
	five = 2;
	fl_decide_predict(&r, true, base, 3, &five, 1, &d);
	assert_int_equal(d.verdict, FL_UNSTABLE);
	assert_true(d.reps_needed > 3);
}

/* One new run against five earlier ones, drawn: as trial_rate(). */
static double predict_rate(double cov, double factor, enum fl_verdict want)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	struct fl_rule r;
	struct fl_decision d;
	double a[5], b;
	int t, i, hit = 0, trials = 4000;

	gsl_rng_set(g, 11);
	fl_rule_default(&r);
	for (t = 0; t < trials; t++) {
		for (i = 0; i < 5; i++)
			a[i] = 1000 * (1 + gsl_ran_gaussian(g, cov));
		b = 1000 * factor * (1 + gsl_ran_gaussian(g, cov));
		fl_decide_predict(&r, true, a, 5, &b, 1, &d);
		hit += d.verdict == want;
	}
	gsl_rng_free(g);
	return (double)hit / trials;
}

static void test_predict_drawn(void **state)
{
	(void)state;
	assert_true(predict_rate(0.02, 1.0, FL_WORSE) +
		    predict_rate(0.02, 1.0, FL_BETTER) <= 0.05);
	/* measured: 0.039 and 0.927 */
	assert_true(predict_rate(0.02, 0.9, FL_WORSE) >= 0.9);
}

/*
 * The worst change the reps allow: 9, 10, 11 against itself has means
 * 10, standard errors sqrt(1/3) a side, 4 degrees of freedom, so the
 * one-sided 95% bound is -t(0.95, 4) * sqrt(2/3) / 10 = -17.41%.
 */
static void test_change_bound(void **state)
{
	const double a[] = { 9, 10, 11 };
	const double flat[] = { 10, 10, 10 };
	const double up[] = { 13, 15, 17 };
	const double down[] = { 4, 5, 6 };

	assert_float_equal(fl_change_bound(a, 3, a, 3, true, 0.05),
			   -17.407, 0.01);
	/* lower is better: the same sample, the same bound */
	assert_float_equal(fl_change_bound(a, 3, a, 3, false, 0.05),
			   -17.407, 0.01);
	/* no spread: the change itself */
	assert_float_equal(fl_change_bound(flat, 3, flat, 3, true, 0.05),
			   0, 1e-9);
	/* clearly better: even the worst case is an improvement */
	assert_true(fl_change_bound(a, 3, up, 3, true, 0.05) > 0);
	/* clearly worse: a 50% drop is not excluded at -40% */
	assert_true(fl_change_bound(a, 3, down, 3, true, 0.05) < -40);
	/* a looser alpha gives a tighter bound */
	assert_true(fl_change_bound(a, 3, a, 3, true, 0.2) >
		    fl_change_bound(a, 3, a, 3, true, 0.05));
	assert_true(isnan(fl_change_bound(a, 1, a, 3, true, 0.05)));
	assert_true(isnan(fl_change_bound(flat, 3, a, 0, true, 0.05)));
}

/*
 * -r auto's stopping rule: 1..5 has mean 3, sd sqrt(2.5) and
 * t(0.975, 4) = 2.776 (any t table): +-65.44%. Rates use the
 * reciprocals, so 1, 1/2, ... 1/5 give the same.
 */
static void test_ci_rel(void **state)
{
	const double x[] = { 1, 2, 3, 4, 5 };
	const double r[] = { 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5 };
	const double same[] = { 7, 7, 7 }, bad[] = { 1, 0, 2 };

	assert_true(fabs(fl_ci_rel(x, 5, false) - 65.4414) < 1e-3);
	assert_true(fabs(fl_ci_rel(r, 5, true) - 65.4414) < 1e-3);
	/* as a rate, 1..5 is judged on 1, 1/2, ...: mean 0.4567, sd
	 * 0.3244, so +-88.20% */
	assert_true(fabs(fl_ci_rel(x, 5, true) - 88.198) < 1e-2);
	assert_true(fl_ci_rel(same, 3, true) == 0);
	assert_true(isnan(fl_ci_rel(x, 1, false)));
	assert_true(isnan(fl_ci_rel(bad, 3, true)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_means),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_drawn),
		cmocka_unit_test(test_welch_textbook),
		cmocka_unit_test(test_welch_degenerate),
		cmocka_unit_test(test_mwu_exact),
		cmocka_unit_test(test_mwu_ties),
		cmocka_unit_test(test_mwu_normal),
		cmocka_unit_test(test_reps_needed),
		cmocka_unit_test(test_decide_rates),
		cmocka_unit_test(test_decide_lower_better),
		cmocka_unit_test(test_decide_unstable),
		cmocka_unit_test(test_decide_separated),
		cmocka_unit_test(test_decide_nodata),
		cmocka_unit_test(test_decide_drawn),
		cmocka_unit_test(test_decide_predict),
		cmocka_unit_test(test_predict_drawn),
		cmocka_unit_test(test_change_bound),
		cmocka_unit_test(test_ci_rel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
