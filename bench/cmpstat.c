// SPDX-License-Identifier: GPL-2.0
/*
 * cmpstat.c - the numbers behind bench/compare.sh, from compare's own
 * code (stats.c, compare_build.c, rundoc.c):
 *
 *   cmpstat aa RUN...	A/A: compare each run with the next one at the
 *			default settings; per metric: comparisons, flagged
 *			(significant either way: all false), unstable, and
 *			the median CoV of the runs, and the share flagged
 *			with the noise guard off (the test and threshold only)
 *   cmpstat power COV|RUN...
 *			share of trials with a true 5% drop at reps=5 that
 *			compare flags as a regression; noise is Gaussian
 *			with CoV, or resampled from the per-rep deviations
 *			(value / run mean) of the primary metrics of RUNs
 *   cmpstat binom K N	the exact (Clopper-Pearson) 95% interval of a
 *			share of K in N, in percent: "LO HI"
 *   cmpstat t DF	the two-sided 95% t quantile with DF degrees of
 *			freedom (DF may be fractional: Welch)
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "compare.h"

#define TRIALS	20000
#define REPS	5
#define CHANGE	0.05

/* main.c is not in libfaultline.a */
void fl_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(2);
}

static void load_all(int n, char **paths, struct fl_rundoc *d)
{
	char err[512];
	int i;

	for (i = 0; i < n; i++)
		if (fl_rundoc_load(paths[i], &d[i], err, sizeof(err))) {
			fprintf(stderr, "cmpstat: %s\n", err);
			exit(2);
		}
}

struct tally {
	char name[64];
	int n, flagged, unstable, raw;	/* raw: flagged with no noise guard */
	double cov[4096];
	int ncov;
};

static struct tally *find(struct tally *t, int *nt, const char *name)
{
	int i;

	for (i = 0; i < *nt; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	snprintf(t[*nt].name, sizeof(t[*nt].name), "%s", name);
	return &t[(*nt)++];
}

/* the same pair decided with the noise guard off: what the test alone says */
static bool raw_flag(const struct fl_cmp_metric *m)
{
	struct fl_rule r;
	struct fl_decision d;

	fl_rule_default(&r);
	r.cov_limit = INFINITY;
	fl_decide(&r, m->base->higher_better, m->base->reps, m->base->n,
		  m->new->reps, m->new->n, &d);
	return d.verdict == FL_WORSE || d.verdict == FL_BETTER;
}

static int aa(int n, char **paths)
{
	struct fl_rundoc *d = calloc(n, sizeof(*d));
	static struct tally t[64];
	struct fl_cmp_opts o;
	int nt = 0, i, tot = 0, flag = 0;
	size_t c, k;

	load_all(n, paths, d);
	fl_cmp_opts_default(&o);
	for (i = 0; i + 1 < n; i++) {
		struct fl_cmp cmp;

		fl_cmp_build(&cmp, &o, &d[i], &d[i + 1], 1);
		for (c = 0; c < cmp.ncases; c++) {
			const struct fl_cmp_side *s = &cmp.cases[c].side[0];

			for (k = 0; s->m && k < cmp.cases[c].base->nmetrics;
			     k++) {
				const struct fl_cmp_metric *m = &s->m[k];
				struct tally *x;

				if (!m->new || m->d.verdict == FL_NODATA ||
				    !(m->d.base.mean > 0))
					continue;
				x = find(t, &nt, m->base->name);
				x->n++;
				x->flagged += m->d.verdict == FL_WORSE ||
					      m->d.verdict == FL_BETTER;
				x->unstable += m->d.verdict == FL_UNSTABLE;
				x->raw += raw_flag(m);
				if (x->ncov < 4096)
					x->cov[x->ncov++] = m->d.new.cov;
				if (m->base->primary) {
					tot++;
					flag += m->d.verdict == FL_WORSE ||
						m->d.verdict == FL_BETTER;
				}
			}
		}
		fl_cmp_free(&cmp);
	}
	printf("%-28s %5s %7s %8s %8s %10s %12s\n", "metric", "cmps",
	       "flagged", "fp_rate", "unstable", "median_cov",
	       "fp_no_guard");
	for (i = 0; i < nt; i++) {
		gsl_sort(t[i].cov, 1, t[i].ncov);
		printf("%-28s %5d %7d %7.1f%% %7.1f%% %9.2f%% %11.1f%%\n",
		       t[i].name,
		       t[i].n, t[i].flagged, 100.0 * t[i].flagged / t[i].n,
		       100.0 * t[i].unstable / t[i].n,
		       100 * gsl_stats_median_from_sorted_data(t[i].cov, 1,
							       t[i].ncov),
		       100.0 * t[i].raw / t[i].n);
	}
	printf("primary metrics: %d comparisons, %d flagged: fp_rate %.1f%%\n",
	       tot, flag, tot ? 100.0 * flag / tot : 0);
	return 0;
}

/* per-rep deviations value/mean - 1 of every primary metric */
static double *residuals(int n, char **paths, size_t *nr)
{
	struct fl_rundoc *d = calloc(n, sizeof(*d));
	double *r = NULL;
	size_t c, k;
	int i;

	load_all(n, paths, d);
	*nr = 0;
	for (i = 0; i < n; i++)
		for (c = 0; c < d[i].ncases; c++) {
			const struct fl_rmetric *m =
				fl_case_primary(&d[i].cases[c]);
			double mean;

			if (!m || m->n < 3 || strcmp(d[i].cases[c].status, "ok"))
				continue;
			mean = gsl_stats_mean(m->reps, 1, m->n);
			if (!(mean > 0))
				continue;
			r = realloc(r, (*nr + m->n) * sizeof(*r));
			for (k = 0; k < m->n; k++)
				r[(*nr)++] = m->reps[k] / mean - 1;
		}
	return r;
}

static double draw(gsl_rng *g, double cov, const double *res, size_t nr)
{
	if (res)
		return res[gsl_rng_uniform_int(g, nr)];
	return gsl_ran_gaussian(g, cov);
}

static int power(int n, char **args)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	double a[REPS], b[REPS], cov = 0, *res = NULL;
	int t, i, worse = 0, unst = 0, wrong = 0, aafp = 0;
	struct fl_rule r;
	struct fl_decision d;
	size_t nr = 0;
	char *end;

	cov = strtod(args[0], &end);
	if (n == 1 && !*end && end != args[0]) {
		cov /= 100;
	} else {
		res = residuals(n, args, &nr);
		if (nr < 10) {
			fprintf(stderr, "cmpstat: too few reps in the runs\n");
			return 2;
		}
		cov = gsl_stats_sd(res, 1, nr);
	}
	gsl_rng_set(g, 12345);
	fl_rule_default(&r);
	for (t = 0; t < TRIALS; t++) {
		for (i = 0; i < REPS; i++) {
			a[i] = 1000 * (1 + draw(g, cov, res, nr));
			b[i] = 1000 * (1 - CHANGE) * (1 + draw(g, cov, res, nr));
		}
		fl_decide(&r, true, a, REPS, b, REPS, &d);
		worse += d.verdict == FL_WORSE;
		unst += d.verdict == FL_UNSTABLE;
		wrong += d.verdict == FL_BETTER;
		for (i = 0; i < REPS; i++)	/* the same noise, no change */
			b[i] = 1000 * (1 + draw(g, cov, res, nr));
		fl_decide(&r, true, a, REPS, b, REPS, &d);
		aafp += d.verdict == FL_WORSE || d.verdict == FL_BETTER;
	}
	printf("noise %s cov %.2f%%%s: true -5%% at reps=%d, %d trials: "
	       "power %.1f%%, unstable %.1f%%, wrong sign %.2f%%; "
	       "A/A fp %.2f%%\n", res ? "resampled" : "gaussian", cov * 100,
	       res ? " (sd of the pooled residuals)" : "", REPS, TRIALS,
	       100.0 * worse / TRIALS, 100.0 * unst / TRIALS,
	       100.0 * wrong / TRIALS, 100.0 * aafp / TRIALS);
	gsl_rng_free(g);
	free(res);
	return 0;
}

static int binom(const char *ks, const char *ns)
{
	long k = strtol(ks, NULL, 10), n = strtol(ns, NULL, 10);
	double lo, hi;

	if (n <= 0 || k < 0 || k > n) {
		fprintf(stderr, "cmpstat: binom: need 0 <= K <= N, N > 0\n");
		return 2;
	}
	lo = k ? gsl_cdf_beta_Pinv(0.025, k, n - k + 1) : 0;
	hi = k < n ? gsl_cdf_beta_Pinv(0.975, k + 1, n - k) : 1;
	printf("%.2f %.2f\n", 100 * lo, 100 * hi);
	return 0;
}

static int tquant(const char *dfs)
{
	double df = strtod(dfs, NULL);

	if (!(df > 0)) {
		fprintf(stderr, "cmpstat: t: DF must be > 0\n");
		return 2;
	}
	printf("%.4f\n", gsl_cdf_tdist_Pinv(0.975, df));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "binom"))
		return binom(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "t"))
		return tquant(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "aa"))
		return aa(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "power"))
		return power(argc - 2, argv + 2);
	fprintf(stderr, "usage: cmpstat aa RUN... | power COV%%|RUN... | "
		"binom K N | t DF\n");
	return 2;
}
