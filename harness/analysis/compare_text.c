// SPDX-License-Identifier: GPL-2.0
/*
 * compare_text.c - the terminal table, in the kernel test robot's
 * "%stddev %change %stddev" layout, plus min..max, p and a mark.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

static void side_cols(FILE *f, const struct fl_summary *s)
{
	char v[32], cv[32], lo[32], hi[32];

	fl_cmp_num(v, sizeof(v), s->mean);
	fl_cmp_num(lo, sizeof(lo), s->min);
	fl_cmp_num(hi, sizeof(hi), s->max);
	/* "±" is two bytes: a width of 8 shows as 7 columns */
	if (isfinite(s->cov))
		snprintf(cv, sizeof(cv), "±%.0f%%", s->cov * 100);
	else		/* "-", one byte: 7 wide */
		snprintf(cv, sizeof(cv), " -");
	fprintf(f, "%12s %8s %10s..%-10s", v, cv, lo, hi);
}

static void mark_col(FILE *f, const struct fl_cmp *c,
		     const struct fl_cmp_metric *m)
{
	char buf[48];

	if (m->d.verdict == FL_UNSTABLE && fl_cmp_by_run(c))
		snprintf(buf, sizeof(buf), "unstable:%druns", m->d.reps_needed);
	else if (m->d.verdict == FL_UNSTABLE)
		snprintf(buf, sizeof(buf), "unstable:-r%d", m->d.reps_needed);
	else
		snprintf(buf, sizeof(buf), "%s", fl_cmp_mark(m));
	fprintf(f, " %-16s", buf);
}

/* The columns of a NEW run that has no such case or metric. */
static void blank_cols(FILE *f)
{
	fprintf(f, " %9s  %12s %7s %10s  %-10s %6s %-16s", "-", "-", "", "",
		"", "-", "");
}

static const struct fl_cmp_metric *side_metric(const struct fl_cmp_case *cc,
					       int j, size_t mi)
{
	const struct fl_cmp_metric *m;

	if (!cc->side[j].m)
		return NULL;
	m = &cc->side[j].m[mi];
	return m->new ? m : NULL;
}

/*
 * One metric: the base columns, then every NEW run's columns in its
 * own place, blank where that run lacks the case or the metric.
 */
static void metric_line(FILE *f, const struct fl_cmp *c, size_t ci,
			size_t mi)
{
	const struct fl_cmp_case *cc = &c->cases[ci];
	const struct fl_rmetric *bm = &cc->base->metrics[mi];
	const struct fl_cmp_metric *m = NULL;
	char pct[32];
	int j;

	for (j = 0; j < c->nnew && !m; j++)
		m = side_metric(cc, j, mi);
	if (!m)
		return;
	side_cols(f, &m->d.base);
	for (j = 0; j < c->nnew; j++) {
		m = side_metric(cc, j, mi);
		if (!m) {
			blank_cols(f);
			continue;
		}
		fl_cmp_pct(pct, sizeof(pct), m->d.change);
		fprintf(f, " %9s  ", pct);
		side_cols(f, &m->d.new);
		if (isnan(m->d.p))
			fprintf(f, " %6s", "-");
		else
			fprintf(f, " %6.3f", m->d.p);
		mark_col(f, c, m);
	}
	fprintf(f, " %s%s\n", bm->name, bm->primary ? " *" : "");
}

static void status_lines(FILE *f, const struct fl_cmp *c, size_t ci)
{
	const struct fl_cmp_case *cc = &c->cases[ci];
	int j;

	for (j = 0; j < c->nnew; j++) {
		const struct fl_cmp_side *s = &cc->side[j];

		if (!s->c)
			fprintf(f, "  [%d] missing: no such case in %s\n",
				j + 1, c->new[j].dir);
		else if (s->broken)
			fprintf(f, "  [%d] CORRECTNESS: ok -> %s%s%s\n", j + 1,
				s->c->status, s->c->reason ? ": " : "",
				s->c->reason ?: "");
		else if (s->fixed)
			fprintf(f, "  [%d] fixed: %s -> ok\n", j + 1,
				cc->base->status);
		else if (cc->base->st != FL_ST_OK || s->c->st != FL_ST_OK)
			fprintf(f, "  [%d] not compared: %s -> %s\n", j + 1,
				cc->base->status, s->c->status);
		else if (s->unlike)
			fprintf(f, "  [%d] unlike: --%s %s: measured "
				"differently, so no change is called\n", j + 1,
				s->unlike, s->unlike_why);
	}
}

static void noise_part(FILE *f, const char *tag, const struct fl_noise *n)
{
	if (n->src == FL_NOISE_UNKNOWN) {
		fprintf(f, "%s unknown (no sched data)", tag);
		return;
	}
	fprintf(f, "%s %s (%d/%d reps disturbed; cpu_share %.2f, "
		"run-queue wait %.2f, steal %.2f)", tag, fl_noise_name(n->src),
		n->disturbed, n->reps, n->cpu_share, n->runq_share,
		n->steal_share);
}

/* For a noisy case: did the noise come from outside or the workload? */
static void noise_lines(FILE *f, const struct fl_cmp *c, size_t ci)
{
	const struct fl_cmp_case *cc = &c->cases[ci];
	int j;

	for (j = 0; j < c->nnew; j++) {
		const struct fl_cmp_side *s = &cc->side[j];

		if (!s->m || !s->noisy)
			continue;
		fprintf(f, "  [%d] noise: ", j + 1);
		noise_part(f, "base", &s->base_noise);
		noise_part(f, "; new", &s->new_noise);
		fputc('\n', f);
	}
}

static bool side_flagged(const struct fl_cmp_side *s, size_t nm)
{
	size_t i;

	if (s->broken)
		return true;
	for (i = 0; s->m && i < nm; i++)
		if (s->m[i].new && (s->m[i].d.verdict == FL_WORSE ||
				    s->m[i].d.verdict == FL_UNSTABLE))
			return true;
	return false;
}

static void run_line(FILE *f, const char *tag, const struct fl_rundoc *d)
{
	int r;

	fprintf(f, "%-6s %s  (%s, %s%s)\n", tag, d->dir,
		d->release ?: "?", d->name,
		fl_run_unfinished(d->status) ? ", INCOMPLETE" : "");
	for (r = 1; r < d->nruns; r++)
		fprintf(f, "%-6s %s\n", "", d->run_dirs[r]);
}

void fl_cmp_print_text(const struct fl_cmp *c, FILE *f)
{
	const struct fl_rule *r = &c->opts->rule;
	char tag[16];
	size_t i, k;
	int j;

	run_line(f, "base", c->base);
	for (j = 0; j < c->nnew; j++) {
		snprintf(tag, sizeof(tag), "[%d]", j + 1);
		run_line(f, tag, &c->new[j]);
	}
	fprintf(f, "\n%12s %7s %10s  %-10s", "mean", "%stddev", "min", "max");
	for (j = 0; j < c->nnew; j++)
		fprintf(f, " %9s  %12s %7s %10s  %-10s %6s %-16s", "%change",
			"mean", "%stddev", "min", "max", "p", "mark");
	fprintf(f, " metric (* primary)\n");

	for (i = 0; i < c->ncases; i++) {
		fprintf(f, "\n%s\n", c->cases[i].base->key);
		status_lines(f, c, i);
		for (k = 0; k < c->cases[i].base->nmetrics; k++)
			metric_line(f, c, i, k);
		noise_lines(f, c, i);
	}

	fprintf(f, "\n");
	for (k = 0; k < (size_t)c->added; k++)
		fprintf(f, "added [%d] %s (%s)\n", c->added_case[k].run + 1,
			c->added_case[k].c->key, c->added_case[k].c->status);
	for (i = 0; i < c->ncases; i++)
		for (j = 0; j < c->nnew; j++) {
			const struct fl_cmp_side *s = &c->cases[i].side[j];

			if (s->c && side_flagged(s, c->cases[i].base->nmetrics))
				fprintf(f, "reproduce [%d] %s:\n  %s\n", j + 1,
					s->c->key, s->c->replay ?: "?");
		}
	fprintf(f, "\nrule: %s p < %g and |%%change| >= %g%%; CoV > %g%% is "
		"unstable unless reps suffice or ranges separate; %s; gate: "
		"%s metrics; unit: %s\n",
		fl_cmp_test_name(c),
		r->alpha, r->threshold, r->cov_limit * 100,
		c->opts->wall_clock ? "wall-clock rates as measured" :
		"a rate moved only by CPU time lost to outside load is "
		"disturbed",
		c->opts->gate == FL_GATE_ALL ? "all" : "primary",
		fl_cmp_unit(c));
	if (fl_cmp_one_run_call(c))
		fprintf(f, "note: %s\n", FL_CMP_ONE_RUN_NOTE);
	fprintf(f, "%d regression(s), %d correctness failure(s), "
		"%d unstable, %d improvement(s), %d fixed, %d missing, "
		"%d added: %s\n", c->regressions, c->broken, c->unstable,
		c->improvements, c->fixed, c->missing, c->added,
		fl_cmp_status(c) ? "FAIL" : "PASS");
}
