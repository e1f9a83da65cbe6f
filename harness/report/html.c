// SPDX-License-Identifier: GPL-2.0
/*
 * html.c - the report page: its frame, the metadata and replay
 * commands of every run, the CSV (csv.c); plots come from html_plots.c and
 * html_cmp.c. The page is written with a marker for each plot, gnuplot
 * draws them all at once, then the markers are replaced by the SVGs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "csv.h"
#include "html.h"
#include "stats.h"

#define MARK	"<!--fl-plot:"

static const char style[] =
	"body{font-family:sans-serif;margin:1em 2em;color:#222}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
	"font-size:90%}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"code{font-size:85%;word-break:break-all}"
	"figure{display:inline-block;margin:.5em;vertical-align:top}"
	"figcaption{font-size:85%;max-width:760px}"
	".worse{color:#b00;font-weight:bold}.better{color:#070}"
	".bad{color:#b00}\n";

void fl_html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

void fl_html_figure(struct fl_report *r, int id, const char *kind,
		    const char *caption)
{
	fprintf(r->f, "<figure class=\"plot\" data-plot=\"%s\">\n"
		MARK "%d-->\n<figcaption>%s</figcaption></figure>\n",
		kind, id, caption);
	r->nplots++;
}

void fl_html_mean_ci(const struct fl_rmetric *m, double *mean, double *ci)
{
	struct fl_summary s;

	fl_summarize(m->reps, m->n, m->higher_better, &s);
	*mean = s.mean;
	*ci = 0;
	if (m->n >= 2)
		*ci = gsl_cdf_tdist_Pinv(0.975, m->n - 1) * s.sd /
		      sqrt((double)m->n);
}

const char *fl_html_label(const struct fl_report *r, int run, size_t c)
{
	return r->x[run][c].label ?: r->docs[run].cases[c].key;
}

static void row(FILE *f, const char *k, const char *v)
{
	fprintf(f, "<tr><th>%s</th><td>", k);
	fl_html_esc(f, v ?: "-");
	fputs("</td></tr>\n", f);
}

static void meta(struct fl_report *r, int i)
{
	const struct fl_rundoc *d = &r->docs[i];
	char num[64];
	FILE *f = r->f;

	fprintf(f, "<h3 id=\"run-%d\">", i);
	fl_html_esc(f, d->name);
	fputs("</h3>\n<table class=\"meta\">\n", f);
	row(f, "directory", d->dir);
	row(f, "status", d->status);
	row(f, "started", d->started);
	row(f, "finished", d->finished);
	row(f, "kernel", d->release);
	row(f, "kernel version", d->kversion);
	row(f, "kernel cmdline", d->cmdline);
	row(f, "config sha256", d->config_sha ?: "not found");
	row(f, "host", d->hostname);
	row(f, "CPU", d->cpu_model);
	snprintf(num, sizeof(num), "%d CPUs, %d NUMA nodes", d->pus, d->nodes);
	row(f, "machine", num);
	row(f, "vm", d->vm ?: "none (bare metal)");
	row(f, "faultline", d->version);
	snprintf(num, sizeof(num), "%llu", d->seed);
	row(f, "seed", num);
	row(f, "argv", d->argv);
	fputs("</table>\n", f);
}

static void cases(struct fl_report *r, int i)
{
	const struct fl_rundoc *d = &r->docs[i];
	FILE *f = r->f;
	size_t k;

	fputs("<table class=\"cases\"><tr><th>case</th><th>status</th>"
	      "<th>primary mean</th><th>placement</th>"
	      "<th>replay</th></tr>\n", f);
	for (k = 0; k < d->ncases; k++) {
		const struct fl_rcase *c = &d->cases[k];
		const struct fl_rmetric *m = fl_case_primary(c);
		double mean = NAN, ci = 0;
		char num[32] = "-";

		if (m && m->n) {
			fl_html_mean_ci(m, &mean, &ci);
			fl_cmp_num(num, sizeof(num), mean);
		}
		fputs("<tr><td>", f);
		fl_html_esc(f, fl_html_label(r, i, k));
		fprintf(f, "</td><td%s>", c->st == FL_ST_OK ? "" :
			" class=\"bad\"");
		fl_html_esc(f, c->status);
		if (c->reason) {
			fputs(": ", f);
			fl_html_esc(f, c->reason);
		}
		fprintf(f, "</td><td class=\"n\">%s %s</td><td><code>", num,
			m && m->unit ? m->unit : "");
		fl_html_esc(f, r->x[i][k].placement ?: "-");
		fputs("</code></td><td><code>", f);
		fl_html_esc(f, c->replay ?: "-");
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void head(struct fl_report *r)
{
	FILE *f = r->f;
	int i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		"<meta charset=\"utf-8\">\n<title>faultline report: ");
	fl_html_esc(f, r->docs[r->n - 1].name);
	fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n"
		"<h1>faultline report</h1>\n<p>Runs:", style);
	for (i = 0; i < r->n; i++) {
		fprintf(f, " <a href=\"#run-%d\">", i);
		fl_html_esc(f, r->docs[i].name);
		fprintf(f, "</a>%s (", i == 0 && r->n > 1 ? " [base]" : "");
		fl_html_esc(f, r->docs[i].release);
		fputs(")", f);
	}
	fputs(". Means are harmonic for rates, arithmetic otherwise (as in "
	      "compare); whiskers are the 95% confidence interval of the "
	      "mean (Student's t, n-1 degrees of freedom).</p>\n", f);
}

/*
 * Write an SVG with its ids made unique on the page: gnuplot names
 * them alike in every plot (id='gpPt0', href='#gpPt0', url(#...)).
 */
static void svg_scoped(FILE *out, const char *svg, int id)
{
	static const char *const pre[] = {
		"id='", "id=\"", "href='#", "href=\"#", "url(#",
	};
	const char *p = svg;
	size_t i, len;

	while (*p) {
		for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
			len = strlen(pre[i]);
			if (!strncmp(p, pre[i], len))
				break;
		}
		if (i < sizeof(pre) / sizeof(pre[0])) {
			fprintf(out, "%sp%d-", pre[i], id);
			p += len;
		} else {
			fputc(*p++, out);
		}
	}
}

/* Copy the page to out, each marker replaced by its plot's SVG. */
static int finish(struct fl_report *r, const char *page, FILE *out,
		  char *err, size_t errlen)
{
	const char *p = page, *m;
	char *svg;
	int id;

	while ((m = strstr(p, MARK))) {
		fwrite(p, 1, m - p, out);
		id = atoi(m + strlen(MARK));
		svg = fl_plot_svg(&r->plot, id);
		if (!svg) {
			snprintf(err, errlen, "gnuplot drew no plot %d", id);
			return -1;
		}
		svg_scoped(out, svg, id);
		free(svg);
		p = strstr(m, "-->") + 3;
	}
	fputs(p, out);
	return 0;
}

static int body(struct fl_report *r, char *err, size_t errlen)
{
	int i;

	fl_html_scaling(r);
	if (r->n > 1)
		fl_html_compare(r);
	if (r->db && fl_html_history(r, err, errlen))
		return -1;
	fl_html_latency(r);
	fl_html_nodes(r);
	fl_html_series(r);
	fputs("<h2 id=\"meta\">Runs, cases and how to replay them</h2>\n",
	      r->f);
	for (i = 0; i < r->n; i++) {
		meta(r, i);
		cases(r, i);
	}
	fputs("</body></html>\n", r->f);
	return 0;
}

static int write_page(struct fl_report *r, const char *page,
		      const char *dir, char *err, size_t errlen)
{
	char *path, *tmp;
	FILE *out;
	int ret = -1;

	if (asprintf(&path, "%s/index.html", dir) < 0 ||
	    asprintf(&tmp, "%s/.index.html.tmp", dir) < 0)
		abort();
	out = fopen(tmp, "w");
	if (!out) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
	} else if (finish(r, page, out, err, errlen)) {
		fclose(out);
		unlink(tmp);
	} else if (fclose(out) || rename(tmp, path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
	} else {
		ret = 0;
	}
	free(path);
	free(tmp);
	return ret;
}

int fl_report_html(struct fl_report *r, const char *dir,
		   char *err, size_t errlen)
{
	char *page = NULL;
	size_t len;
	int ret = -1;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir,
			 strerror(errno));
		return -1;
	}
	if (fl_plot_open(&r->plot, err, errlen))
		return -1;
	r->f = open_memstream(&page, &len);
	head(r);
	if (body(r, err, errlen))
		goto out;
	fclose(r->f);
	r->f = NULL;
	if (fl_plot_run(&r->plot, err, errlen))
		goto out;
	ret = write_page(r, page, dir, err, errlen);
out:
	if (r->f)
		fclose(r->f);
	r->f = NULL;
	fl_plot_close(&r->plot);
	free(page);
	return ret;
}

void fl_report_csv(const struct fl_report *r, FILE *f)
{
	int i;

	fputs(FL_CSV_REPS_HEADER, f);
	for (i = 0; i < r->n; i++)
		fl_csv_reps(f, &r->docs[i]);
}
