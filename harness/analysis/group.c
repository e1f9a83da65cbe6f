// SPDX-License-Identifier: GPL-2.0
/*
 * group.c - several runs of one kernel as one side of a comparison,
 * with the run as the unit, as the kernel test robot counts: a metric's
 * values are the runs' means (fl_summarize(): harmonic for rates), one
 * per run. The reps of one run share its minute on the machine and
 * cannot show how far the level moves between runs (docs/compare.md
 * measured up to 10% a few seconds apart); the means of runs do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The worse of two statuses: a run's failure is the group's. */
static bool worse_status(const struct fl_rcase *c, const struct fl_rcase *g)
{
	return g->st == FL_ST_OK && c->st != FL_ST_OK;
}

static int add_metric(struct fl_rcase *g, const struct fl_rmetric *m,
		      size_t k)
{
	struct fl_rmetric *gm = fl_case_metric(g, m->name);
	struct fl_summary s;

	if (!gm) {
		gm = &g->metrics[g->nmetrics++];
		*gm = *m;	/* name, unit, direction: the first run's */
		gm->reps = calloc(k, sizeof(*gm->reps));
		gm->n = 0;
		if (!gm->reps)
			return -1;
	}
	if (!m->n)
		return 0;
	fl_summarize(m->reps, m->n, m->higher_better, &s);
	gm->reps[gm->n++] = s.mean;
	return 0;
}

static int add_case(struct fl_rcase *g, const struct fl_rcase *c, size_t k,
		    size_t maxm)
{
	size_t i;

	if (!g->key) {
		*g = *c;	/* strings and options: the first run's */
		g->metrics = calloc(maxm, sizeof(*g->metrics));
		g->nmetrics = 0;
		g->sched = NULL;
		g->nsched = 0;
		g->violations = 0;
		if (!g->metrics)
			return -1;
	} else if (worse_status(c, g)) {
		g->status = c->status;
		g->st = c->st;
		g->reason = c->reason;
		g->replay = c->replay;
	}
	g->violations += c->violations;
	for (i = 0; i < c->nmetrics; i++)
		if (add_metric(g, &c->metrics[i], k))
			return -1;
	if (c->nsched) {
		size_t n = g->nsched + c->nsched;
		struct fl_rsched *s = realloc(g->sched, n * sizeof(*s));

		if (!s)
			return -1;
		memcpy(s + g->nsched, c->sched, c->nsched * sizeof(*s));
		g->sched = s;
		g->nsched += c->nsched;
	}
	return 0;
}

int fl_rundoc_group(const struct fl_rundoc *runs, int k, bool one_kernel,
		    struct fl_rundoc *g, char *err, size_t errlen)
{
	char why[FL_UNLIKE_LEN];
	const char *opt;
	size_t i, maxc = 0, maxm = 0;
	int r;

	for (r = 1; one_kernel && r < k; r++)
		if (!same(runs[r].release, runs[0].release) ||
		    !same(runs[r].kversion, runs[0].kversion) ||
		    !same(runs[r].config_sha, runs[0].config_sha)) {
			snprintf(err, errlen, "%s and %s ran different kernels "
				 "(%s, %s): a side's runs must share one",
				 runs[0].dir, runs[r].dir,
				 runs[0].release ?: "?",
				 runs[r].release ?: "?");
			return -1;
		}
	*g = runs[0];		/* the metadata of the first run */
	g->nruns = k;
	g->run_dirs = calloc(k, sizeof(*g->run_dirs));
	for (r = 0; r < k; r++) {
		maxc += runs[r].ncases;
		for (i = 0; i < runs[r].ncases; i++)
			maxm += runs[r].cases[i].nmetrics;
		if (g->run_dirs)
			g->run_dirs[r] = runs[r].dir;
		if (fl_run_unfinished(runs[r].status))
			g->status = runs[r].status;
	}
	g->cases = calloc(maxc + 1, sizeof(*g->cases));
	g->ncases = 0;
	if (!g->run_dirs || !g->cases)
		goto oom;
	for (r = 0; r < k; r++)
		for (i = 0; i < runs[r].ncases; i++) {
			const struct fl_rcase *c = &runs[r].cases[i];
			struct fl_rcase *gc = fl_rundoc_case(g, c->key);

			if (fl_rundoc_case(&runs[r], c->key) != c)
				continue;	/* a duplicate: the first */
			opt = gc ? fl_rcase_unlike(gc, c, why, sizeof(why)) :
				   NULL;
			if (opt) {
				snprintf(err, errlen, "%s and %s measured %s "
					 "differently (--%s %s): a side's runs "
					 "must measure alike", runs[0].dir,
					 runs[r].dir, c->key, opt, why);
				fl_rundoc_group_free(g);
				return -1;
			}
			if (!gc)
				gc = &g->cases[g->ncases++];
			if (add_case(gc, c, k, maxm))
				goto oom;
		}
	return 0;
oom:
	fl_rundoc_group_free(g);
	snprintf(err, errlen, "out of memory");
	return -1;
}

void fl_rundoc_group_free(struct fl_rundoc *g)
{
	size_t i, j;

	for (i = 0; g->cases && i < g->ncases; i++) {
		for (j = 0; j < g->cases[i].nmetrics; j++)
			free(g->cases[i].metrics[j].reps);
		free(g->cases[i].metrics);
		free(g->cases[i].sched);
	}
	free(g->cases);
	free(g->run_dirs);
	memset(g, 0, sizeof(*g));
}
