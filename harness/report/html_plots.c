// SPDX-License-Identifier: GPL-2.0
/*
 * html_plots.c - the report's plots of single runs: scaling curves,
 * latency percentiles, per-node throughput and per-second samples.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* One point of a scaling curve. */
struct spt {
	int tasks;
	double mean, ci;
};

static int by_tasks(const void *a, const void *b)
{
	return ((const struct spt *)a)->tasks - ((const struct spt *)b)->tasks;
}

static bool ok_primary(const struct fl_rcase *c)
{
	const struct fl_rmetric *m = fl_case_primary(c);

	return c->st == FL_ST_OK && m && m->n > 0;
}

/* The ok cases of run d with this spec and mode, by task count. */
static size_t curve(const struct fl_rundoc *d, const char *spec,
		    const char *mode, struct spt *pt)
{
	size_t k, n = 0;

	for (k = 0; k < d->ncases; k++) {
		const struct fl_rcase *c = &d->cases[k];

		if (!ok_primary(c) || strcmp(c->spec, spec) ||
		    strcmp(c->mode, mode))
			continue;
		pt[n].tasks = c->tasks;
		fl_html_mean_ci(fl_case_primary(c), &pt[n].mean, &pt[n].ci);
		n++;
	}
	qsort(pt, n, sizeof(*pt), by_tasks);
	return n;
}

static void eff_table(FILE *f, const char *run, const struct spt *pt,
		      size_t n)
{
	char a[32], b[32];
	size_t i;

	fputs("<table class=\"scaling\"><tr><th>run</th><th>tasks</th>"
	      "<th>mean</th><th>95% CI</th><th>efficiency</th></tr>\n", f);
	for (i = 0; i < n; i++) {
		fl_cmp_num(a, sizeof(a), pt[i].mean);
		fl_cmp_num(b, sizeof(b), pt[i].ci);
		fputs("<tr><td>", f);
		fl_html_esc(f, run);
		fprintf(f, "</td><td class=\"n\">%d</td><td class=\"n\">%s"
			"</td><td class=\"n\">&#177;%s</td>", pt[i].tasks, a,
			b);
		if (pt[0].tasks == 1)
			fprintf(f, "<td class=\"n\">%.1f%%</td></tr>\n",
				100 * pt[i].mean / (pt[i].tasks * pt[0].mean));
		else
			fputs("<td>-</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* One curve's data file and its plot clause (with a linear line). */
static void scaling_run(struct fl_report *r, int run, const struct spt *pt,
			size_t n, const char *sep)
{
	char path[128];
	FILE *d = fl_plot_data(&r->plot, path, sizeof(path));
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(d, "%d\t%.17g\t%.17g\t", pt[i].tasks, pt[i].mean,
			pt[i].ci);
		if (pt[0].tasks == 1)
			fprintf(d, "%.17g\n", pt[i].tasks * pt[0].mean);
		else
			fputs("?\n", d);
	}
	fclose(d);
	fprintf(r->plot.gp, "%s'%s' using 1:2:3 with yerrorlines lw 2 "
		"title ", sep, path);
	fl_plot_str(r->plot.gp, r->docs[run].name);
	if (pt[0].tasks == 1) {
		fprintf(r->plot.gp, ", '%s' using 1:4 with lines dt 2 lc "
			"rgb 'gray' title ", path);
		fprintf(r->plot.gp, "'linear from 1 task, ' . ");
		fl_plot_str(r->plot.gp, r->docs[run].name);
	}
}

static void scaling_group(struct fl_report *r, const struct fl_rcase *g,
			  struct spt *pt)
{
	FILE *gp = r->plot.gp;
	const char *sep = "plot ";
	char *tables = NULL, *cap;
	size_t tlen, n;
	FILE *t = open_memstream(&tables, &tlen);
	int i, id = -1;

	for (i = 0; i < r->n; i++) {
		n = curve(&r->docs[i], g->spec, g->mode, pt);
		if (n < 2)
			continue;
		if (id < 0) {
			id = fl_plot_begin(&r->plot, 720, 360);
			fputs("set xlabel 'tasks'\nset logscale x 2\n"
			      "set datafile missing '?'\nset yrange [0:*]\n"
			      "set offsets graph 0.05, graph 0.05, 0, 0\n"
			      "set ylabel ", gp);
			fl_plot_str(gp, fl_case_primary(g)->name);
			fputs("\nset title ", gp);
			fl_plot_str(gp, g->spec);
			fprintf(gp, " . ' (%s)'", g->mode);
			fputs("\n", gp);
		}
		scaling_run(r, i, pt, n, sep);
		sep = ", ";
		eff_table(t, r->docs[i].name, pt, n);
	}
	fclose(t);
	if (id >= 0) {
		fputs("\n", gp);
		if (asprintf(&cap, "%s, %s: primary metric against tasks; "
			     "dashed: linear scaling from the 1-task value; "
			     "efficiency = mean / (tasks &#215; 1-task mean)."
			     "\n%s", g->spec, g->mode, tables) < 0)
			abort();
		fl_html_figure(r, id, "scaling", cap);
		free(cap);
	}
	free(tables);
}

/* Is (spec, mode) of case k of run i the first of its group? */
static bool first_of_group(const struct fl_report *r, int i, size_t k)
{
	const struct fl_rcase *c = &r->docs[i].cases[k];
	int j;
	size_t l;

	for (j = 0; j <= i; j++)
		for (l = 0; l < (j == i ? k : r->docs[j].ncases); l++)
			if (!strcmp(r->docs[j].cases[l].spec, c->spec) &&
			    !strcmp(r->docs[j].cases[l].mode, c->mode))
				return false;
	return true;
}

void fl_html_scaling(struct fl_report *r)
{
	size_t k, most = 1;
	struct spt *pt;
	int i;

	for (i = 0; i < r->n; i++)
		if (r->docs[i].ncases > most)
			most = r->docs[i].ncases;
	pt = calloc(most, sizeof(*pt));
	fputs("<h2 id=\"scaling\">Scaling</h2>\n", r->f);
	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->docs[i].ncases; k++)
			if (fl_case_primary(&r->docs[i].cases[k]) &&
			    first_of_group(r, i, k))
				scaling_group(r, &r->docs[i].cases[k], pt);
	free(pt);
}

static bool has_latency(const struct fl_rcase *c)
{
	return c->st == FL_ST_OK && fl_case_metric(c, fl_latency_metrics[0]);
}

static void latency_run(struct fl_report *r, int i)
{
	const struct fl_rundoc *d = &r->docs[i];
	char path[128], *cap;
	FILE *f = fl_plot_data(&r->plot, path, sizeof(path));
	size_t k, j;
	int id;

	fputs("case", f);
	for (j = 0; j < 4; j++)
		fprintf(f, "\t%s", fl_latency_metrics[j]);
	fputs("\n", f);
	for (k = 0; k < d->ncases; k++) {
		if (!has_latency(&d->cases[k]))
			continue;
		fprintf(f, "%s", fl_html_label(r, i, k));
		for (j = 0; j < 4; j++) {
			const struct fl_rmetric *m = fl_case_metric(
				&d->cases[k], fl_latency_metrics[j]);
			double mean = NAN, ci;

			if (m && m->n)
				fl_html_mean_ci(m, &mean, &ci);
			fprintf(f, isnan(mean) ? "\t?" : "\t%.17g", mean);
		}
		fputs("\n", f);
	}
	fclose(f);
	id = fl_plot_begin(&r->plot, 900, 420);
	fprintf(r->plot.gp, "set style data histogram\n"
		"set style histogram clustered gap 1\n"
		"set style fill solid 0.8 border -1\nset logscale y\n"
		"set datafile missing '?'\nset ylabel 'fault latency (ns)'\n"
		"set xtics rotate by -20\nset key top left\n"
		"plot for [i=2:5] '%s' using i:xtic(1) title columnheader(i)"
		"\n", path);
	if (asprintf(&cap, "%s: fault latency percentiles, mean over reps, "
		     "log scale.", d->name) < 0)
		abort();
	fl_html_figure(r, id, "latency", cap);
	free(cap);
}

void fl_html_latency(struct fl_report *r)
{
	bool title = false;
	size_t k;
	int i;

	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->docs[i].ncases; k++)
			if (has_latency(&r->docs[i].cases[k]))
				break;
		if (k == r->docs[i].ncases)
			continue;
		if (!title)
			fputs("<h2 id=\"latency\">Fault latency</h2>\n", r->f);
		title = true;
		latency_run(r, i);
	}
}

static void nodes_case(struct fl_report *r, int i, size_t k)
{
	const struct fl_rcase_x *x = &r->x[i][k];
	char path[128], *cap;
	FILE *f = fl_plot_data(&r->plot, path, sizeof(path));
	size_t j;
	int id;

	for (j = 0; j < x->nn; j++) {
		struct fl_rmetric m = {
			.reps = x->nodes[j].reps, .n = x->nodes[j].n,
			.higher_better = true,
		};
		double mean = 0, ci = 0;

		if (m.n)
			fl_html_mean_ci(&m, &mean, &ci);
		fprintf(f, "node %d\t%.17g\t%.17g\n", x->nodes[j].node, mean,
			ci);
	}
	fclose(f);
	id = fl_plot_begin(&r->plot, 480, 300);
	fprintf(r->plot.gp, "set style data histogram\n"
		"set style histogram errorbars gap 1 lw 1\n"
		"set style fill solid 0.8 border -1\nset yrange [0:*]\n"
		"set key off\nset ylabel ");
	fl_plot_str(r->plot.gp, fl_case_primary(&r->docs[i].cases[k])->name);
	fprintf(r->plot.gp, "\nplot '%s' using 2:3:xtic(1)\n", path);
	if (asprintf(&cap, "%s, run %s: throughput per NUMA node.",
		     fl_html_label(r, i, k), r->docs[i].name) < 0)
		abort();
	fl_html_figure(r, id, "nodes", cap);
	free(cap);
}

void fl_html_nodes(struct fl_report *r)
{
	bool title = false;
	size_t k;
	int i;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->docs[i].ncases; k++) {
			if (r->x[i][k].nn < 2 ||
			    !ok_primary(&r->docs[i].cases[k]))
				continue;
			if (!title)
				fputs("<h2 id=\"nodes\">Throughput per node"
				      "</h2>\n", r->f);
			title = true;
			nodes_case(r, i, k);
		}
}

static bool has_series(const struct fl_rcase_x *x)
{
	size_t s;

	for (s = 0; s < x->ns; s++)
		if (x->s[s].n)
			return true;
	return false;
}

/*
 * One data block per rep of run i's case k that has samples (rate =
 * delta / interval), plotted in the run's colour; *nb counts blocks.
 */
static void series_run(struct fl_report *r, int i, size_t k, FILE *f,
		       const char *path, size_t *nb)
{
	const struct fl_rcase_x *x = &r->x[i][k];
	size_t j, s, first = *nb;

	for (s = 0; s < x->ns; s++) {
		const struct fl_rseries *e = &x->s[s];

		if (!e->n)
			continue;
		for (j = 0; j < e->n; j++) {
			double dt = e->t[j] - (j ? e->t[j - 1] : 0);

			fprintf(f, "%.17g\t%.17g\n", e->t[j],
				dt > 0 ? e->v[j] / dt : 0);
		}
		fputs("\n\n", f);
		fprintf(r->plot.gp, "%s'%s' index %zu using 1:2 with "
			"linespoints lc %d pt %d ", *nb ? ", " : "plot ",
			path, *nb, i + 1, i + 1);
		if (*nb == first) {
			fputs("title ", r->plot.gp);
			fl_plot_str(r->plot.gp, r->docs[i].name);
			fprintf(r->plot.gp, " . ' (%zu reps)'", x->ns);
		} else {
			fputs("notitle", r->plot.gp);
		}
		(*nb)++;
	}
}

/* The case with key key in every run, one colour per run. */
static void series_case(struct fl_report *r, int i, size_t k)
{
	const char *key = r->docs[i].cases[k].key;
	const struct fl_rcase_x *x = &r->x[i][k];
	char path[128], *cap;
	FILE *f = fl_plot_data(&r->plot, path, sizeof(path));
	size_t nb = 0;
	int id, j;

	id = fl_plot_begin(&r->plot, 560, 320);
	fprintf(r->plot.gp, "set xlabel 'seconds'\nset yrange [0:*]\n"
		"set key bottom right\nset ylabel ");
	fl_plot_str(r->plot.gp, x->counter);
	fputs(" . ' per second'\nset offsets 0.2, 0.2, 0, 0\n", r->plot.gp);
	for (j = i; j < r->n; j++) {
		const struct fl_rcase *c = fl_rundoc_case(&r->docs[j], key);

		if (c && has_series(&r->x[j][c - r->docs[j].cases]))
			series_run(r, j, c - r->docs[j].cases, f, path, &nb);
	}
	fputs("\n", r->plot.gp);
	fclose(f);
	if (asprintf(&cap, "%s: %s per second, every rep of each run "
		     "(warm-up: the first %d sample%s of each rep).",
		     fl_html_label(r, i, k), x->counter, x->s[0].warm,
		     x->s[0].warm == 1 ? "" : "s") < 0)
		abort();
	fl_html_figure(r, id, "series", cap);
	free(cap);
}

/* Has an earlier run, or an earlier case of run i, this key? */
static bool seen_key(const struct fl_report *r, int i, size_t k)
{
	const char *key = r->docs[i].cases[k].key;
	size_t l;
	int j;

	for (j = 0; j <= i; j++)
		for (l = 0; l < (j == i ? k : r->docs[j].ncases); l++)
			if (!strcmp(r->docs[j].cases[l].key, key) &&
			    has_series(&r->x[j][l]))
				return true;
	return false;
}

void fl_html_series(struct fl_report *r)
{
	bool title = false;
	size_t k;
	int i;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->docs[i].ncases; k++) {
			if (!has_series(&r->x[i][k]) || seen_key(r, i, k))
				continue;
			if (!title)
				fputs("<h2 id=\"series\">Per-second samples"
				      "</h2>\n", r->f);
			title = true;
			series_case(r, i, k);
		}
}
