// SPDX-License-Identifier: GPL-2.0
/*
 * html_cmp.c - the report's comparisons: grouped bars of every run
 * against the base with 95% confidence intervals and compare's marks,
 * compare's verdict table, and each metric's trend across kernels from
 * the history database with its change points.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hdb.h"
#include "html.h"
#include "trend.h"

static const struct fl_cmp_metric *side_metric(const struct fl_cmp_case *cc,
					       int j, size_t mi)
{
	const struct fl_cmp_metric *m;

	if (!cc->side[j].m)
		return NULL;
	m = &cc->side[j].m[mi];
	return m->new ? m : NULL;
}

static long primary_index(const struct fl_rcase *c)
{
	const struct fl_rmetric *m = fl_case_primary(c);

	return m ? m - c->metrics : -1;
}

/* A mark as the text output prints it, "unstable:-rN" included. */
static void mark_of(const struct fl_cmp_metric *m, char *buf, size_t len)
{
	if (m->d.verdict == FL_UNSTABLE)
		snprintf(buf, len, "unstable:-r%d", m->d.reps_needed);
	else
		snprintf(buf, len, "%s", fl_cmp_mark(m));
}

/* One row of the bars: the case, then mean and CI per run, in %. */
static void bar_row(FILE *f, const struct fl_cmp *c, size_t ci, long mi,
		    const char *label)
{
	const struct fl_cmp_case *cc = &c->cases[ci];
	const struct fl_rmetric *bm = &cc->base->metrics[mi];
	double bmean, bci, mean, h;
	char mark[48], pct[32];
	int j;

	fl_html_mean_ci(bm, &bmean, &bci);
	fprintf(f, "%s", label);
	for (j = 0; j < c->nnew; j++) {
		const struct fl_cmp_metric *m = side_metric(cc, j, mi);

		if (!m)
			continue;
		mark_of(m, mark, sizeof(mark));
		fl_cmp_pct(pct, sizeof(pct), m->d.change);
		fprintf(f, " [%s%s%s]", pct, *mark ? " " : "", mark);
	}
	fprintf(f, "\t100\t%.17g", 100 * bci / bmean);
	for (j = 0; j < c->nnew; j++) {
		const struct fl_cmp_metric *m = side_metric(cc, j, mi);

		if (!m) {
			fputs("\t?\t?", f);
			continue;
		}
		fl_html_mean_ci(m->new, &mean, &h);
		fprintf(f, "\t%.17g\t%.17g", 100 * mean / bmean,
			100 * h / bmean);
	}
	fputs("\n", f);
}

static void bars(struct fl_report *r, const struct fl_cmp *c,
		 const char *wl)
{
	char path[128], *cap;
	FILE *f = fl_plot_data(&r->plot, path, sizeof(path));
	FILE *gp = r->plot.gp;
	size_t k, rows = 0;
	int id, j;

	for (k = 0; k < c->ncases; k++) {
		const struct fl_rcase *b = c->cases[k].base;
		long mi = primary_index(b);
		double mean, h;

		if (strcmp(b->workload, wl) || mi < 0 || !b->metrics[mi].n)
			continue;
		fl_html_mean_ci(&b->metrics[mi], &mean, &h);
		if (!(mean > 0))
			continue;
		bar_row(f, c, k, mi, fl_html_label(r, 0, b - r->docs[0].cases));
		rows++;
	}
	fclose(f);
	if (!rows)
		return;
	id = fl_plot_begin(&r->plot, 900, 300 + 14 * rows);
	fputs("set style data histogram\nset style histogram errorbars "
	      "gap 1 lw 1\nset style fill solid 0.7 border -1\n"
	      "set datafile missing '?'\nset yrange [0:*]\n"
	      "set ylabel 'primary metric, % of base mean'\n"
	      "set xtics rotate by -25 font ',9'\nset key top left\n"
	      "set title ", gp);
	fl_plot_str(gp, wl);
	fprintf(gp, "\nplot '%s' using 2:3:xtic(1) title ", path);
	fl_plot_str(gp, r->docs[0].name);
	for (j = 0; j < c->nnew; j++) {
		fprintf(gp, ", '' using %d:%d title ", 4 + 2 * j, 5 + 2 * j);
		fl_plot_str(gp, r->docs[j + 1].name);
	}
	fputs("\n", gp);
	if (asprintf(&cap, "%s: each run's primary metric as %% of the base "
		     "run's mean, whiskers the 95%% CI; in brackets the "
		     "%%change and compare's mark for each newer run.",
		     wl) < 0)
		abort();
	fl_html_figure(r, id, "compare", cap);
	free(cap);
}

static void verdict_row(FILE *f, const struct fl_cmp_metric *m,
			const char *label, const char *run)
{
	char bmean[32], nmean[32], pct[32], p[32], mark[48];

	fl_cmp_num(bmean, sizeof(bmean), m->d.base.mean);
	fl_cmp_num(nmean, sizeof(nmean), m->d.new.mean);
	fl_cmp_pct(pct, sizeof(pct), m->d.change);
	fl_cmp_p(p, sizeof(p), m->d.p);
	mark_of(m, mark, sizeof(mark));
	fputs("<tr><td>", f);
	fl_html_esc(f, label);
	fputs("</td><td>", f);
	fl_html_esc(f, m->base->name);
	fputs("</td><td>", f);
	fl_html_esc(f, run);
	fprintf(f, "</td><td class=\"n\">%s &#177;%.0f%%</td>"
		"<td class=\"n\">%s &#177;%.0f%%</td><td class=\"n\">%s</td>"
		"<td class=\"n\">%s</td><td class=\"%s\">%s</td></tr>\n",
		bmean, m->d.base.cov * 100, nmean, m->d.new.cov * 100, pct, p,
		m->d.verdict == FL_WORSE ? "worse" :
		m->d.verdict == FL_BETTER ? "better" : "", mark);
}

static void verdicts(struct fl_report *r, const struct fl_cmp *c)
{
	FILE *f = r->f;
	size_t k, mi;
	int j;

	fputs("<table class=\"verdicts\"><tr><th>case</th><th>metric</th>"
	      "<th>run</th><th>base mean</th><th>new mean</th>"
	      "<th>%change</th><th>p</th><th>mark</th></tr>\n", f);
	for (k = 0; k < c->ncases; k++) {
		const struct fl_rcase *b = c->cases[k].base;
		const char *label = fl_html_label(r, 0, b - r->docs[0].cases);

		for (mi = 0; mi < b->nmetrics; mi++)
			for (j = 0; j < c->nnew; j++) {
				const struct fl_cmp_metric *m =
					side_metric(&c->cases[k], j, mi);

				if (m)
					verdict_row(f, m, label,
						    r->docs[j + 1].name);
			}
	}
	fputs("</table>\n", f);
}

void fl_html_compare(struct fl_report *r)
{
	struct fl_cmp c;
	size_t k, l;

	fl_cmp_build(&c, &r->cmp, &r->docs[0], &r->docs[1], r->n - 1);
	fprintf(r->f, "<h2 id=\"compare\">Against the base run</h2>\n"
		"<p>Base: ");
	fl_html_esc(r->f, r->docs[0].name);
	fprintf(r->f, ". Gate: %s (%d regressions, %d improvements, "
		"%d unstable, %d broken, %d fixed, %d missing).</p>\n",
		fl_cmp_status(&c) ? "FAIL" : "pass", c.regressions,
		c.improvements, c.unstable, c.broken, c.fixed, c.missing);
	for (k = 0; k < c.ncases; k++) {
		const char *wl = c.cases[k].base->workload;

		for (l = 0; l < k; l++)
			if (!strcmp(c.cases[l].base->workload, wl))
				break;
		if (l == k)
			bars(r, &c, wl);
	}
	verdicts(r, &c);
	fl_cmp_free(&c);
}

/* The 95% CI half-width of one recorded point. */
static double ci_of(const struct fl_tpoint *p)
{
	struct fl_rmetric m = {
		.reps = p->v, .n = p->n, .higher_better = p->higher,
	};
	double mean, ci;

	fl_html_mean_ci(&m, &mean, &ci);
	return ci;
}

/* The trend of one case's primary metric, change points marked. */
static void trend_plot(struct fl_report *r, const struct fl_rcase *c,
		       const char *label, struct fl_tpoint *p, long n)
{
	const struct fl_tpoint *prev = NULL;
	char path[128], *cap, *cps = NULL;
	FILE *f = fl_plot_data(&r->plot, path, sizeof(path));
	size_t cplen;
	FILE *cp = open_memstream(&cps, &cplen);
	struct fl_decision d;
	char why[FL_UNLIKE_LEN];
	long i;
	int id;

	for (i = 0; i < n; i++) {
		if (fl_status_parse(p[i].status) != FL_ST_OK || !p[i].n)
			continue;
		fl_decide(&r->cmp.rule, p[i].higher, prev ? prev->v : p[i].v,
			  prev ? prev->n : p[i].n, p[i].v, p[i].n, &d);
		fprintf(f, "%ld\t%.17g\t%s %.10s\t%.17g\t", i, d.new.mean,
			p[i].release ?: "?", p[i].started, ci_of(&p[i]));
		if (prev && fl_measure_unlike((const char *const *)prev->measure,
					      (const char *const *)p[i].measure,
					      why, sizeof(why)))
			d.verdict = FL_UNLIKE;	/* not the kernel's */
		if (prev && (d.verdict == FL_WORSE || d.verdict == FL_BETTER)) {
			fprintf(f, "%.17g\n", d.new.mean);
			fprintf(cp, "<li>%s: ", fl_verdict_name(d.verdict));
			fl_html_esc(cp, p[i].release);
			fprintf(cp, " (run ");
			fl_html_esc(cp, p[i].run);
			fprintf(cp, ") %+.1f%%, p=%.3g</li>", d.change, d.p);
		} else {
			fputs("?\n", f);
		}
		prev = &p[i];
	}
	fclose(f);
	fclose(cp);
	id = fl_plot_begin(&r->plot, 720, 340);
	fputs("set datafile missing '?'\nset yrange [0:*]\n"
	      "set offsets 0.3, 0.3, 0, 0\n"
	      "set xtics rotate by -25 font ',9'\nset ylabel ", r->plot.gp);
	fl_plot_str(r->plot.gp, fl_case_primary(c)->name);
	fprintf(r->plot.gp, "\nplot '%s' using 1:2:4:xtic(3) with yerrorlines "
		"lw 2 title 'mean, 95%% CI', '' using 1:5 with points pt 7 ps 2 "
		"lc rgb 'red' title 'change point'\n", path);
	if (asprintf(&cap, "%s: %s across the recorded runs on this "
		     "machine, oldest first. Change points (compare's rule "
		     "against the run before): %s%s%s", label,
		     fl_case_primary(c)->name, *cps ? "<ul>" : "none.", cps,
		     *cps ? "</ul>" : "") < 0)
		abort();
	fl_html_figure(r, id, "history", cap);
	free(cap);
	free(cps);
}

int fl_html_history(struct fl_report *r, char *err, size_t errlen)
{
	const struct fl_rundoc *d = &r->docs[r->n - 1];
	char *machine = fl_hdb_machine(d);
	struct fl_tpoint *p;
	sqlite3 *db;
	size_t k;
	long n = 0;

	if (access(r->db, R_OK)) {
		snprintf(err, errlen, "%s: %s", r->db, strerror(errno));
		free(machine);
		return -1;
	}
	db = fl_hdb_open_ro(r->db, err, errlen);
	if (!db) {
		free(machine);
		return -1;
	}
	fputs("<h2 id=\"history\">Across kernels</h2>\n", r->f);
	for (k = 0; k < d->ncases; k++) {
		const struct fl_rmetric *m = fl_case_primary(&d->cases[k]);

		if (!m)
			continue;
		n = fl_hdb_trend(db, d->cases[k].key, m->name, machine, &p,
				 err, errlen);
		if (n < 0)
			break;
		if (n >= 2)
			trend_plot(r, &d->cases[k],
				   fl_html_label(r, r->n - 1, k), p, n);
		fl_hdb_trend_free(p, n);
	}
	fl_hdb_close(db);
	free(machine);
	return n < 0 ? -1 : 0;
}
