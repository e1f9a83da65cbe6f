// SPDX-License-Identifier: GPL-2.0
/*
 * compare_build.c - match cases of BASE and NEW runs by key and decide
 * every metric with the rule from stats.c.
 */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"

void fl_cmp_opts_default(struct fl_cmp_opts *o)
{
	memset(o, 0, sizeof(*o));
	fl_rule_default(&o->rule);
	o->runs = 1;
	o->base_runs = 1;
	o->gate = FL_GATE_PRIMARY;
}

static bool metric_wanted(const struct fl_cmp_opts *o, const char *name)
{
	const char *p = o->metrics;
	size_t n = strlen(name);

	if (!p)
		return true;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static bool case_wanted(const struct fl_cmp_opts *o, const struct fl_rcase *c)
{
	return !o->key_glob || !fnmatch(o->key_glob, c->key, 0) ||
	       !fnmatch(o->key_glob, c->workload, 0);
}

void fl_noise_of(const struct fl_rcase *c, struct fl_noise *n)
{
	double lost, outside;
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < c->nsched; i++) {
		const struct fl_rsched *s = &c->sched[i];

		if (isnan(s->cpu_share))
			continue;
		n->reps++;
		n->disturbed += s->disturbed;
		n->cpu_share += s->cpu_share;
		n->runq_share += isnan(s->runq_share) ? 0 : s->runq_share;
		n->steal_share += isnan(s->steal_share) ? 0 : s->steal_share;
	}
	if (!n->reps) {
		n->cpu_share = n->runq_share = n->steal_share = NAN;
		return;
	}
	n->cpu_share /= n->reps;
	n->runq_share /= n->reps;
	n->steal_share /= n->reps;
	lost = 1 - n->cpu_share;
	outside = n->runq_share + n->steal_share;
	n->src = n->disturbed && outside >= lost / 2 ? FL_NOISE_OUTSIDE :
		 FL_NOISE_WORKLOAD;
}

const char *fl_noise_name(enum fl_noise_src src)
{
	switch (src) {
	case FL_NOISE_OUTSIDE:	return "outside";
	case FL_NOISE_WORKLOAD:	return "workload";
	default:		return "unknown";
	}
}

static void side_noise(const struct fl_cmp_opts *o, const struct fl_rcase *bc,
		       struct fl_cmp_side *s)
{
	size_t i;

	for (i = 0; i < bc->nmetrics; i++) {
		const struct fl_cmp_metric *m = &s->m[i];

		if (!m->new || !m->base->primary)
			continue;
		s->noisy = m->d.verdict == FL_UNSTABLE ||
			   m->d.verdict == FL_DISTURBED ||
			   m->d.base.cov > o->rule.cov_limit ||
			   m->d.new.cov > o->rule.cov_limit;
	}
}

void fl_cmp_decide(const struct fl_cmp_opts *o, const struct fl_rmetric *b,
		   const struct fl_rmetric *n, struct fl_decision *d)
{
	if (o->base_runs > 1)
		fl_decide_predict(&o->rule, b->higher_better, b->reps, b->n,
				  n->reps, n->n, d);
	else
		fl_decide(&o->rule, b->higher_better, b->reps, b->n, n->reps,
			  n->n, d);
}

/*
 * The verdict on the CPU-time twin of a wall-clock rate (NAME_per_sec
 * has NAME_per_cpu_sec: ops per second the tasks were on a CPU), or -1
 * if the case has none.
 */
static int cpu_twin_verdict(const struct fl_cmp_opts *o,
			    const struct fl_rcase *bc,
			    const struct fl_rcase *nc, const char *name)
{
	const struct fl_rmetric *b, *n;
	struct fl_decision d;
	size_t len = strlen(name);
	char twin[128];

	if (len < 8 || strcmp(name + len - 8, "_per_sec") ||
	    snprintf(twin, sizeof(twin), "%.*s_per_cpu_sec", (int)(len - 8),
		     name) >= (int)sizeof(twin))
		return -1;
	b = fl_case_metric(bc, twin);
	n = fl_case_metric(nc, twin);
	if (!b || !n)
		return -1;
	fl_cmp_decide(o, b, n, &d);
	return d.verdict;
}

/*
 * A wall-clock rate that moved while a side lost CPU time to outside
 * load (run-queue wait, steal: see fl_noise_of()) is not called a
 * change of the kernel unless the same rate per CPU-second moved the
 * same way: the tasks did their work as fast whenever they ran.
 */
static bool disturbed(const struct fl_cmp_opts *o, const struct fl_noise *bn,
		      const struct fl_noise *nn, const struct fl_rcase *bc,
		      const struct fl_rcase *nc, const char *name,
		      enum fl_verdict v)
{
	int t;

	if (o->wall_clock || (v != FL_WORSE && v != FL_BETTER) ||
	    (bn->src != FL_NOISE_OUTSIDE && nn->src != FL_NOISE_OUTSIDE))
		return false;
	t = cpu_twin_verdict(o, bc, nc, name);
	return t >= 0 && t != (int)v;
}

bool fl_cmp_disturbed(const struct fl_cmp_opts *o, const struct fl_rcase *bc,
		      const struct fl_rcase *nc, const char *name,
		      enum fl_verdict v)
{
	struct fl_noise bn, nn;

	fl_noise_of(bc, &bn);
	fl_noise_of(nc, &nn);
	return disturbed(o, &bn, &nn, bc, nc, name, v);
}

static void side_build(struct fl_cmp *c, const struct fl_rcase *bc,
		       const struct fl_rundoc *nd, struct fl_cmp_side *s)
{
	const struct fl_cmp_opts *o = c->opts;
	bool bok, nok;
	size_t i;

	s->c = fl_rundoc_case(nd, bc->key);
	if (!s->c) {
		c->missing++;
		return;
	}
	bok = bc->st == FL_ST_OK;
	nok = s->c->st == FL_ST_OK;
	s->broken = bok && fl_status_broken(s->c->st);
	s->fixed = !bok && fl_status_broken(bc->st) && nok;
	c->broken += s->broken;
	c->fixed += s->fixed;
	if (!bok || !nok)
		return;
	fl_noise_of(bc, &s->base_noise);
	fl_noise_of(s->c, &s->new_noise);
	s->unlike = fl_rcase_unlike(bc, s->c, s->unlike_why,
				   sizeof(s->unlike_why));
	s->m = calloc(bc->nmetrics + 1, sizeof(*s->m));
	for (i = 0; i < bc->nmetrics; i++) {
		struct fl_cmp_metric *m = &s->m[i];

		m->base = &bc->metrics[i];
		if (!metric_wanted(o, m->base->name))
			continue;
		m->new = fl_case_metric(s->c, m->base->name);
		if (!m->new)
			continue;
		fl_cmp_decide(o, m->base, m->new, &m->d);
		if (disturbed(o, &s->base_noise, &s->new_noise, bc, s->c,
			      m->base->name, m->d.verdict))
			m->d.verdict = FL_DISTURBED;
		if (s->unlike && (m->d.verdict == FL_WORSE ||
				  m->d.verdict == FL_BETTER))
			m->d.verdict = FL_UNLIKE;
		m->gated = o->gate == FL_GATE_ALL || m->base->primary;
		if (!m->gated)
			continue;
		c->regressions += m->d.verdict == FL_WORSE;
		c->improvements += m->d.verdict == FL_BETTER;
		c->unstable += m->d.verdict == FL_UNSTABLE ||
			       m->d.verdict == FL_DISTURBED ||
			       m->d.verdict == FL_UNLIKE;
	}
	side_noise(o, bc, s);
}

void fl_cmp_build(struct fl_cmp *c, const struct fl_cmp_opts *o,
		  const struct fl_rundoc *base,
		  const struct fl_rundoc *new, int nnew)
{
	size_t i, k;
	int j;

	memset(c, 0, sizeof(*c));
	c->opts = o;
	c->base = base;
	c->new = new;
	c->nnew = nnew;
	c->cases = calloc(base->ncases + 1, sizeof(*c->cases));
	for (i = 0; i < base->ncases; i++) {
		struct fl_cmp_case *cc = &c->cases[c->ncases];

		if (!case_wanted(o, &base->cases[i]))
			continue;
		cc->base = &base->cases[i];
		cc->side = calloc(nnew, sizeof(*cc->side));
		for (j = 0; j < nnew; j++)
			side_build(c, cc->base, &new[j], &cc->side[j]);
		c->ncases++;
	}
	for (j = 0; j < nnew; j++)
		for (k = 0; k < new[j].ncases; k++) {
			const struct fl_rcase *nc = &new[j].cases[k];

			if (!case_wanted(o, nc) ||
			    fl_rundoc_case(base, nc->key))
				continue;
			c->added_case = realloc(c->added_case, (c->added + 1) *
						sizeof(*c->added_case));
			c->added_case[c->added].run = j;
			c->added_case[c->added++].c = nc;
		}
}

void fl_cmp_free(struct fl_cmp *c)
{
	size_t i;
	int j;

	for (i = 0; i < c->ncases; i++) {
		for (j = 0; j < c->nnew; j++)
			free(c->cases[i].side[j].m);
		free(c->cases[i].side);
	}
	free(c->cases);
	free(c->added_case);
	memset(c, 0, sizeof(*c));
}

int fl_cmp_status(const struct fl_cmp *c)
{
	return c->regressions || c->broken ? 1 : 0;
}

const char *fl_cmp_mark(const struct fl_cmp_metric *m)
{
	if (!m->new)
		return "n/a";
	switch (m->d.verdict) {
	case FL_SAME:		return "";
	case FL_BETTER:		return "better";
	case FL_WORSE:		return m->gated ? "REGRESSION" : "worse";
	case FL_UNSTABLE:	return "unstable";
	case FL_NODATA:		return "few-reps";
	case FL_DISTURBED:	return "disturbed";
	case FL_UNLIKE:		return "unlike";
	}
	return "?";
}

void fl_cmp_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1000)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.4g", v);
}

void fl_cmp_pct(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.1f%%", v);
}

void fl_cmp_p(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.3f", v);
}

void fl_cmp_option(struct fl_cmp_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 0x100:
		o->rule.threshold = fl_arg_num("--threshold", arg, 0, 1000);
		break;
	case 0x101:
		o->rule.alpha = fl_arg_num("--alpha", arg, 1e-9, 0.5);
		break;
	case 0x102:
		o->rule.cov_limit =
			fl_arg_num("--cov-limit", arg, 0, 1000) / 100;
		break;
	case 0x103:
		if (!strcmp(arg, "welch"))
			o->rule.test = FL_TEST_WELCH;
		else if (!strcmp(arg, "mwu"))
			o->rule.test = FL_TEST_MWU;
		else
			fl_usage_error("--test: '%s' is not welch or mwu", arg);
		break;
	case 0x104:
		if (!strcmp(arg, "primary"))
			o->gate = FL_GATE_PRIMARY;
		else if (!strcmp(arg, "all"))
			o->gate = FL_GATE_ALL;
		else
			fl_usage_error("--gate: '%s' is not primary or all",
				       arg);
		break;
	case 0x105:
		o->wall_clock = true;
		break;
	}
}

const char *fl_cmp_unit(const struct fl_cmp *c)
{
	if (c->opts->base_runs > 1)
		return "the run, each NEW against BASE's runs (--base-runs)";
	if (c->opts->runs > 1)
		return "the run (--runs)";
	return "the rep (one run a side)";
}

bool fl_cmp_by_run(const struct fl_cmp *c)
{
	return c->opts->runs > 1 || c->opts->base_runs > 1;
}

const char *fl_cmp_test_name(const struct fl_cmp *c)
{
	if (c->opts->base_runs > 1)
		return "Student's prediction test";
	return c->opts->rule.test == FL_TEST_MWU ? "Mann-Whitney" : "Welch";
}

bool fl_cmp_one_run_call(const struct fl_cmp *c)
{
	return !fl_cmp_by_run(c) && (c->regressions || c->improvements);
}
