/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - the statistics behind compare, bisect-step and history.
 *
 * Everything works on per-rep values. Distributions and moments come
 * from GSL; only the bookkeeping around them lives here.
 */
#ifndef FAULTLINE_STATS_H
#define FAULTLINE_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Summary of one side: the per-rep values of one metric in one run. */
struct fl_summary {
	size_t n;
	double mean;		/* hmean if higher is better, else amean */
	bool harmonic;		/* mean is the hmean (no rep was <= 0) */
	double amean;
	double sd;		/* sample standard deviation (n - 1) */
	double cov;		/* sd / amean, as a fraction; 0 if n < 2 */
	double min, max;
};

enum fl_test {
	FL_TEST_WELCH,		/* Welch's unequal-variance t-test */
	FL_TEST_MWU,		/* Mann-Whitney U, exact for small n */
};

/* Knobs of the decision rule; fl_rule_default() fills the defaults. */
struct fl_rule {
	double alpha;		/* p below this is significant (0.05) */
	double threshold;	/* |%change| at least this (3.0 percent) */
	double cov_limit;	/* CoV above this is noisy (0.05) */
	double power;		/* power used by the reps estimate (0.8) */
	enum fl_test test;
};

enum fl_verdict {
	FL_SAME,		/* no significant change */
	FL_BETTER,		/* significant improvement */
	FL_WORSE,		/* significant regression */
	FL_UNSTABLE,		/* too noisy for the reps taken */
	FL_NODATA,		/* fewer than 2 reps on a side */
	FL_DISTURBED,		/* changed, but only in wall-clock time lost to
				 * outside load: compare decides it */
	FL_UNLIKE,		/* changed, but the two sides were measured
				 * differently (fl_rcase_unlike()) */
};

struct fl_decision {
	struct fl_summary base, new;
	double change;		/* percent; positive means better */
	double p;		/* p-value of the chosen test */
	double p_welch, p_mwu;
	bool significant;	/* p < alpha and |change| >= threshold */
	bool separated;		/* the two sides' ranges do not overlap */
	int reps_needed;	/* reps a side to resolve the noise; 0 if
				 * the CoV is within the limit */
	enum fl_verdict verdict;
};

double fl_amean(const double *x, size_t n);
/* Harmonic mean; NaN if any value is <= 0. */
double fl_hmean(const double *x, size_t n);
void fl_summarize(const double *x, size_t n, bool higher_better,
		  struct fl_summary *s);

/* Two-sided p-value of Welch's t-test; NaN if it cannot be computed. */
double fl_welch_p(const double *a, size_t na, const double *b, size_t nb);
/* Two-sided p-value of the Mann-Whitney U test (exact, ties averaged). */
double fl_mwu_p(const double *a, size_t na, const double *b, size_t nb);

/*
 * The worst %change (positive is better) that the reps do not exclude at
 * one-sided confidence 1 - alpha: the lower end of Welch's interval for
 * the difference of the means, over the base mean. NaN if it cannot be
 * computed (fewer than 2 reps a side, a zero base mean).
 */
double fl_change_bound(const double *base, size_t nb, const double *new,
		       size_t nn, bool higher_better, double alpha);

/*
 * Reps a side for a two-sample t-test to detect a change of `pct`
 * percent with noise `cov` (fraction) at level alpha and the given
 * power. Capped at 1000.
 */
int fl_reps_needed(double cov, double pct, double alpha, double power);

/*
 * Half the width of the 95% confidence interval of the mean shown for
 * a metric (fl_metric_mean()), in percent of that mean; Student's t on
 * n - 1 degrees of freedom. For rates (higher is better) the interval
 * is the one of the mean of the reciprocals, whose inverse is the
 * harmonic mean: the same relative half-width to first order. NaN if
 * n < 2 or a value is not positive where a reciprocal is taken.
 */
double fl_ci_rel(const double *x, size_t n, bool higher_better);

void fl_rule_default(struct fl_rule *r);
void fl_decide(const struct fl_rule *r, bool higher_better,
	       const double *base, size_t nb, const double *new, size_t nn,
	       struct fl_decision *d);
/*
 * fl_decide() for NEW values (one run's mean: compare --base-runs)
 * against BASE values that are the means of earlier runs: Student's
 * prediction test on the base's spread (p; p_welch and p_mwu NaN), the
 * threshold, and the noise guard on the base's CoV, with no
 * separated-ranges override. At least 3 base values, else nodata.
 */
void fl_decide_predict(const struct fl_rule *r, bool higher_better,
		       const double *base, size_t nb, const double *new,
		       size_t nn, struct fl_decision *d);

const char *fl_verdict_name(enum fl_verdict v);

#endif /* FAULTLINE_STATS_H */
