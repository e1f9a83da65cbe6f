// SPDX-License-Identifier: GPL-2.0
/* compare_md.c - the comparison as a markdown summary for CI pages. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

static void cell_mean(FILE *f, const struct fl_summary *s)
{
	char v[32], lo[32], hi[32];

	if (!s->n) {
		fputs(" - | - |", f);
		return;
	}
	fl_cmp_num(v, sizeof(v), s->mean);
	fl_cmp_num(lo, sizeof(lo), s->min);
	fl_cmp_num(hi, sizeof(hi), s->max);
	if (isfinite(s->cov))
		fprintf(f, " %s ±%.1f%% | %s..%s |", v, s->cov * 100, lo, hi);
	else
		fprintf(f, " %s ±- | %s..%s |", v, lo, hi);
}

static void md_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void md_side(FILE *f, const struct fl_cmp *c, size_t ci, int j)
{
	const struct fl_cmp_case *cc = &c->cases[ci];
	const struct fl_cmp_side *s = &cc->side[j];
	bool first = true;
	size_t k;

	if (!s->c || !s->m) {
		fputs("| `", f);
		md_escape(f, cc->base->key);
		fprintf(f, "` | | | | | | | | %s |\n",
			!s->c ? "missing" :
			s->broken ? "**CORRECTNESS**" : "not compared");
		if (s->c && (s->broken || s->fixed))
			fprintf(f, "| | status | %s | | | %s | | | %s |\n",
				cc->base->status, s->c->status,
				s->broken ? "ok → not ok" : "fixed");
		return;
	}
	for (k = 0; k < cc->base->nmetrics; k++) {
		const struct fl_cmp_metric *m = &s->m[k];
		const char *mark = fl_cmp_mark(m);
		char pct[32], p[32];

		if (!m->new)
			continue;
		fputs("| ", f);
		if (first) {
			fputc('`', f);
			md_escape(f, cc->base->key);
			fputc('`', f);
			first = false;
		}
		fprintf(f, " | %s%s |", m->base->name,
			m->base->primary ? " \\*" : "");
		cell_mean(f, &m->d.base);
		fl_cmp_pct(pct, sizeof(pct), m->d.change);
		fprintf(f, " %s |", pct);
		cell_mean(f, &m->d.new);
		fl_cmp_p(p, sizeof(p), m->d.p);
		fprintf(f, " %s | ", p);
		if (m->d.verdict == FL_UNSTABLE)
			fprintf(f, "unstable (needs %s %d)",
				fl_cmp_by_run(c) ? "--runs" : "-r",
				m->d.reps_needed);
		else if (m->d.verdict == FL_WORSE && m->gated)
			fprintf(f, "**%s**", mark);
		else
			fputs(mark, f);
		fputs(" |\n", f);
	}
	if (s->unlike)
		fprintf(f, "| | unlike | --%s %s: measured differently, so "
			"no change is called | | | | | | unlike |\n", s->unlike,
			s->unlike_why);
	if (s->noisy && (s->base_noise.src == FL_NOISE_UNKNOWN ||
			 s->new_noise.src == FL_NOISE_UNKNOWN))
		fprintf(f, "| | noise | %s | | | %s | | | noise from %s |\n",
			fl_noise_name(s->base_noise.src),
			fl_noise_name(s->new_noise.src),
			fl_noise_name(s->new_noise.src));
	else if (s->noisy)
		fprintf(f, "| | noise | %s, %d/%d disturbed | cpu_share %.2f, "
			"wait %.2f, steal %.2f | | %s, %d/%d disturbed | "
			"cpu_share %.2f, wait %.2f, steal %.2f | | noise from "
			"%s |\n", fl_noise_name(s->base_noise.src),
			s->base_noise.disturbed, s->base_noise.reps,
			s->base_noise.cpu_share, s->base_noise.runq_share,
			s->base_noise.steal_share,
			fl_noise_name(s->new_noise.src),
			s->new_noise.disturbed, s->new_noise.reps,
			s->new_noise.cpu_share, s->new_noise.runq_share,
			s->new_noise.steal_share,
			fl_noise_name(s->new_noise.src));
}

void fl_cmp_print_markdown(const struct fl_cmp *c, FILE *f)
{
	const struct fl_rule *r = &c->opts->rule;
	size_t i;
	int j;

	fprintf(f, "## faultline compare: %s\n\n",
		fl_cmp_status(c) ? "FAIL" : "PASS");
	fprintf(f, "%d regression(s), %d correctness failure(s), "
		"%d unstable, %d improvement(s), %d fixed, %d missing, "
		"%d added.\n\n", c->regressions, c->broken, c->unstable,
		c->improvements, c->fixed, c->missing, c->added);
	if (fl_cmp_one_run_call(c))
		fprintf(f, "Note: %s.\n\n", FL_CMP_ONE_RUN_NOTE);
	fprintf(f, "Rule: %s p < %g and |%%change| ≥ %g%%; CoV > %g%% is "
		"unstable unless the reps suffice or the ranges are separated. "
		"Positive %%change is "
		"better. Means are harmonic for rates, arithmetic for "
		"lower-is-better metrics. The unit is %s.\n",
		fl_cmp_test_name(c),
		r->alpha, r->threshold, r->cov_limit * 100,
		fl_cmp_unit(c));
	for (j = 0; j < c->nnew; j++) {
		fprintf(f, "\n### base `%s` (%s) → `%s` (%s)\n\n",
			c->base->name, c->base->release ?: "?",
			c->new[j].name, c->new[j].release ?: "?");
		fputs("| case | metric | base ±%stddev | base range | %change "
		      "| new ±%stddev | new range | p | verdict |\n"
		      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: "
		      "| --- |\n", f);
		for (i = 0; i < c->ncases; i++)
			md_side(f, c, i, j);
	}
	if (c->added) {
		fputs("\n### Added\n\nCases only a new run has:\n\n", f);
		for (i = 0; i < (size_t)c->added; i++) {
			fprintf(f, "- `%s` (%s): ", c->new[c->added_case[i].run]
				.name, c->added_case[i].c->status);
			fputc('`', f);
			md_escape(f, c->added_case[i].c->key);
			fputs("`\n", f);
		}
	}
	fputs("\n### Reproduce\n\n", f);
	for (i = 0; i < c->ncases; i++)
		for (j = 0; j < c->nnew; j++) {
			const struct fl_cmp_side *s = &c->cases[i].side[j];
			bool flag = s->broken;
			size_t k;

			for (k = 0; s->m && k < c->cases[i].base->nmetrics;
			     k++)
				flag |= s->m[k].new &&
					(s->m[k].d.verdict == FL_WORSE ||
					 s->m[k].d.verdict == FL_UNSTABLE);
			if (flag && s->c->replay)
				fprintf(f, "```\n%s\n```\n", s->c->replay);
		}
}
