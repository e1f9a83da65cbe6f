// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - means, spread, Welch's t-test, Mann-Whitney U, the reps
 * estimate and the decision rule. Moments and distributions are GSL's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

#define MIN_REPS	3	/* the kernel test robot's minimum a side */
#define MAX_REPS	1000
#define MWU_EXACT_MAX	200000.0	/* enumerate up to this many splits */

/*
 * GSL's default error handler aborts the program (an overflow, a NaN
 * argument): every entry point turns it off, and what cannot be computed
 * is NaN, which compare prints as "-".
 */
static void gsl_quiet(void)
{
	static bool done;

	if (!done) {
		gsl_set_error_handler_off();
		done = true;
	}
}

static bool all_finite(const double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

double fl_amean(const double *x, size_t n)
{
	return n ? gsl_stats_mean(x, 1, n) : NAN;
}

double fl_hmean(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++) {
		if (!(x[i] > 0))
			return NAN;
		s += 1.0 / x[i];
	}
	return n / s;
}

void fl_summarize(const double *x, size_t n, bool higher_better,
		  struct fl_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n) {
		s->mean = s->amean = s->sd = s->min = s->max = NAN;
		return;
	}
	s->amean = fl_amean(x, n);
	s->mean = higher_better ? fl_hmean(x, n) : s->amean;
	s->harmonic = higher_better && !isnan(s->mean);
	if (isnan(s->mean))	/* zero or negative rates: hmean undefined */
		s->mean = s->amean;
	s->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, s->amean) : 0;
	s->cov = s->amean != 0 ? fabs(s->sd / s->amean) : 0;
	gsl_stats_minmax(&s->min, &s->max, x, 1, n);
}

double fl_welch_p(const double *a, size_t na, const double *b, size_t nb)
{
	double ma, mb, va, vb, se2, t, df;

	gsl_quiet();
	if (na < 2 || nb < 2 ||
	    !all_finite(a, na) || !all_finite(b, nb))
		return NAN;
	ma = gsl_stats_mean(a, 1, na);
	mb = gsl_stats_mean(b, 1, nb);
	va = gsl_stats_variance_m(a, 1, na, ma) / na;
	vb = gsl_stats_variance_m(b, 1, nb, mb) / nb;
	se2 = va + vb;
	if (se2 == 0)		/* no spread at all: equal or certain */
		return ma == mb ? 1.0 : 0.0;
	t = (ma - mb) / sqrt(se2);
	/* Welch-Satterthwaite degrees of freedom */
	df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
	if (!isfinite(t) || !(df > 0))
		return NAN;
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

double fl_change_bound(const double *base, size_t nb, const double *new,
		       size_t nn, bool higher_better, double alpha)
{
	double mb, mn, vb, vn, se2, diff, df, t;

	gsl_quiet();
	if (nb < 2 || nn < 2 ||
	    !all_finite(base, nb) || !all_finite(new, nn))
		return NAN;
	mb = gsl_stats_mean(base, 1, nb);
	mn = gsl_stats_mean(new, 1, nn);
	if (mb == 0 || !isfinite(mb) || !isfinite(mn))
		return NAN;
	vb = gsl_stats_variance_m(base, 1, nb, mb) / nb;
	vn = gsl_stats_variance_m(new, 1, nn, mn) / nn;
	se2 = vb + vn;
	diff = higher_better ? mn - mb : mb - mn;
	if (se2 == 0)
		return diff / fabs(mb) * 100;
	/* Welch-Satterthwaite degrees of freedom, as fl_welch_p() */
	df = se2 * se2 / (vb * vb / (nb - 1) + vn * vn / (nn - 1));
	t = gsl_cdf_tdist_Qinv(alpha, df);
	return (diff - t * sqrt(se2)) / fabs(mb) * 100;
}

/* Midranks of the pooled sample; ranks[i] belongs to pooled[i]. */
static void midranks(const double *v, size_t n, double *ranks)
{
	size_t *idx = malloc(n * sizeof(*idx));
	size_t i, j, k;

	gsl_sort_index(idx, v, 1, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[idx[j]] == v[idx[i]]; j++)
			;
		for (k = i; k < j; k++)	/* ranks i+1 .. j, averaged */
			ranks[idx[k]] = (i + 1 + j) / 2.0;
	}
	free(idx);
}

struct mwu_enum {
	const double *r;
	size_t n, k;
	double mid, dev;	/* E[W] and |W_obs - E[W]| */
	double hits, total;
};

/* Every way to give k of the n pooled ranks to the first sample. */
static void mwu_walk(struct mwu_enum *e, size_t from, size_t left, double w)
{
	size_t i;

	if (!left) {
		e->total++;
		if (fabs(w - e->mid) >= e->dev - 1e-9)
			e->hits++;
		return;
	}
	for (i = from; i + left <= e->n; i++)
		mwu_walk(e, i + 1, left - 1, w + e->r[i]);
}

double fl_mwu_p(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i;
	size_t nnan = 0;
	double *v, *r, w = 0, mid, p, ties = 0;

	if (!na || !nb)
		return NAN;
	gsl_quiet();
	for (i = 0; i < na; i++)
		nnan += isnan(a[i]) != 0;
	for (i = 0; i < nb; i++)
		nnan += isnan(b[i]) != 0;
	if (nnan)		/* no rank for NaN */
		return NAN;
	v = malloc(n * sizeof(*v));
	r = malloc(n * sizeof(*r));
	memcpy(v, a, na * sizeof(*v));
	memcpy(v + na, b, nb * sizeof(*v));
	midranks(v, n, r);
	for (i = 0; i < na; i++)
		w += r[i];
	mid = na * (n + 1) / 2.0;

	/* lnchoose: choose(n, na) overflows a double from n = 1030 */
	if (gsl_sf_lnchoose(n, na) <= log(MWU_EXACT_MAX)) {
		struct mwu_enum e = {
			.r = r, .n = n, .k = na, .mid = mid,
			.dev = fabs(w - mid),
		};

		mwu_walk(&e, 0, na, 0);
		p = e.hits / e.total;
	} else {
		/* normal approximation with the tie correction */
		double *s = malloc(n * sizeof(*s)), var, z;
		size_t j;

		memcpy(s, v, n * sizeof(*s));
		gsl_sort(s, 1, n);
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && s[j] == s[i]; j++)
				;
			ties += pow(j - i, 3) - (j - i);
		}
		free(s);
		var = na * nb / 12.0 * ((n + 1) - ties / ((double)n * (n - 1)));
		z = var > 0 ? (fabs(w - mid) - 0.5) / sqrt(var) : 0;
		p = z > 0 ? 2 * gsl_cdf_ugaussian_Q(z) : 1.0;
	}
	free(v);
	free(r);
	return p > 1 ? 1 : p;
}

int fl_reps_needed(double cov, double pct, double alpha, double power)
{
	double d, n, za, zb;
	int i;

	gsl_quiet();
	if (!(pct > 0) || !(cov >= 0))
		return MAX_REPS;
	d = pct / 100.0;
	za = gsl_cdf_ugaussian_Pinv(1 - alpha / 2);
	zb = gsl_cdf_ugaussian_Pinv(power);
	n = 2 * pow((za + zb) * cov / d, 2);
	/* refine with the t distribution at the implied degrees of freedom */
	for (i = 0; i < 20; i++) {
		double df = 2 * fmax(n, MIN_REPS) - 2;
		double m = 2 * pow((gsl_cdf_tdist_Pinv(1 - alpha / 2, df) +
				    gsl_cdf_tdist_Pinv(power, df)) * cov / d, 2);

		if (fabs(m - n) < 0.01)
			break;
		n = m;
	}
	n = ceil(n);
	if (n < MIN_REPS)
		return MIN_REPS;
	return n > MAX_REPS ? MAX_REPS : (int)n;
}

void fl_rule_default(struct fl_rule *r)
{
	r->alpha = 0.05;
	r->threshold = 3.0;
	r->cov_limit = 0.05;
	r->power = 0.8;
	r->test = FL_TEST_WELCH;
}

/* What both decisions start with: the summaries and the %change. */
static void decide_start(bool higher_better, const double *base, size_t nb,
			 const double *new, size_t nn, struct fl_decision *d)
{
	gsl_quiet();
	memset(d, 0, sizeof(*d));
	fl_summarize(base, nb, higher_better, &d->base);
	fl_summarize(new, nn, higher_better, &d->new);
	d->p = d->p_welch = d->p_mwu = NAN;
	d->change = NAN;
	if (nb && nn && d->base.mean != 0) {
		d->change = (d->new.mean - d->base.mean) / fabs(d->base.mean);
		d->change *= higher_better ? 100 : -100;
	}
}

void fl_decide(const struct fl_rule *r, bool higher_better,
	       const double *base, size_t nb, const double *new, size_t nn,
	       struct fl_decision *d)
{
	double cov;
	size_t n;

	decide_start(higher_better, base, nb, new, nn, d);
	if (nb < MIN_REPS || nn < MIN_REPS) {
		d->verdict = FL_NODATA;
		return;
	}
	d->p_welch = fl_welch_p(base, nb, new, nn);
	d->p_mwu = fl_mwu_p(base, nb, new, nn);
	d->p = r->test == FL_TEST_MWU ? d->p_mwu : d->p_welch;
	d->significant = d->p < r->alpha && fabs(d->change) >= r->threshold;

	cov = fmax(d->base.cov, d->new.cov);
	n = nb < nn ? nb : nn;
	/* the estimate costs GSL quantiles: only where the guard applies */
	if (cov > r->cov_limit)
		d->reps_needed = fl_reps_needed(cov, r->threshold, r->alpha,
						r->power);
	/*
	 * The kernel test robot's rule overrides the noise guard: ranges
	 * that do not overlap, where that is itself unlikely by chance
	 * (exact Mann-Whitney p < alpha: 2 of 252 orderings for 5 reps a
	 * side, but 2 of 20 for 3, which is not enough).
	 */
	d->separated = d->base.max < d->new.min || d->new.max < d->base.min;
	if (cov > r->cov_limit && n < (size_t)d->reps_needed &&
	    !(d->significant && d->separated && d->p_mwu < r->alpha))
		d->verdict = FL_UNSTABLE;
	else if (!d->significant)
		d->verdict = FL_SAME;
	else
		d->verdict = d->change > 0 ? FL_BETTER : FL_WORSE;
}

/*
 * A new value against the spread of earlier ones: Student's prediction
 * test. t = (mean(new) - mean(base)) / (sd(base) sqrt(1/nn + 1/nb)) on
 * nb - 1 degrees of freedom, the new side's spread assumed the same as
 * the base's (one run has none of its own to show).
 */
static double predict_p(const double *base, size_t nb, const double *new,
			size_t nn)
{
	double mb, mn, sd, t;

	if (nb < 2 || !nn || !all_finite(base, nb) || !all_finite(new, nn))
		return NAN;
	mb = gsl_stats_mean(base, 1, nb);
	mn = gsl_stats_mean(new, 1, nn);
	sd = gsl_stats_sd_m(base, 1, nb, mb);
	if (sd == 0)
		return mn == mb ? 1 : 0;
	t = (mn - mb) / (sd * sqrt(1.0 / nn + 1.0 / nb));
	return 2 * gsl_cdf_tdist_Q(fabs(t), nb - 1);
}

void fl_decide_predict(const struct fl_rule *r, bool higher_better,
		       const double *base, size_t nb, const double *new,
		       size_t nn, struct fl_decision *d)
{
	decide_start(higher_better, base, nb, new, nn, d);
	if (nb < MIN_REPS || !nn) {
		d->verdict = FL_NODATA;
		return;
	}
	d->p = predict_p(base, nb, new, nn);
	d->significant = d->p < r->alpha && fabs(d->change) >= r->threshold;
	if (d->base.cov > r->cov_limit)
		d->reps_needed = fl_reps_needed(d->base.cov, r->threshold,
						r->alpha, r->power);
	if (d->base.cov > r->cov_limit && nb < (size_t)d->reps_needed)
		d->verdict = FL_UNSTABLE;
	else if (!d->significant)
		d->verdict = FL_SAME;
	else
		d->verdict = d->change > 0 ? FL_BETTER : FL_WORSE;
}

const char *fl_verdict_name(enum fl_verdict v)
{
	switch (v) {
	case FL_SAME:		return "same";
	case FL_BETTER:		return "better";
	case FL_WORSE:		return "worse";
	case FL_UNSTABLE:	return "unstable";
	case FL_NODATA:		return "nodata";
	case FL_DISTURBED:	return "disturbed";
	case FL_UNLIKE:		return "unlike";
	}
	return "?";
}

double fl_ci_rel(const double *x, size_t n, bool higher_better)
{
	double *y, m, sd, t;
	size_t i;

	if (n < 2)
		return NAN;
	y = malloc(n * sizeof(*y));
	if (!y)
		return NAN;
	for (i = 0; i < n; i++) {
		if (higher_better && !(x[i] > 0)) {
			free(y);
			return NAN;
		}
		y[i] = higher_better ? 1 / x[i] : x[i];
	}
	m = gsl_stats_mean(y, 1, n);
	sd = gsl_stats_sd_m(y, 1, n, m);
	free(y);
	t = gsl_cdf_tdist_Qinv(0.025, (double)(n - 1));
	return m ? 100 * t * sd / sqrt((double)n) / fabs(m) : NAN;
}
