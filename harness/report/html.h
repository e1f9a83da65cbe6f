/* SPDX-License-Identifier: GPL-2.0 */
/*
 * html.h - `faultline report`: a static, self-contained HTML page of
 * one or more runs (SVG plots by gnuplot, inlined; no script), and the
 * per-rep CSV of every metric.
 */
#ifndef FAULTLINE_HTML_H
#define FAULTLINE_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "compare.h"
#include "plot.h"
#include "rundoc_series.h"

struct fl_report {
	struct fl_rundoc *docs;		/* [n]; docs[0] is the base */
	struct fl_rcase_x **x;		/* [n][docs[i].ncases] */
	int n;
	const char *db;			/* history database, or NULL */
	struct fl_cmp_opts cmp;
	/* while writing */
	FILE *f;			/* the page, with plot markers */
	struct fl_plot plot;
	int nplots;
};

/* Write DIR/index.html. 0, or -1 with one line in err. */
int fl_report_html(struct fl_report *r, const char *dir,
		   char *err, size_t errlen);
/* Write every metric's per-rep values as CSV to f. */
void fl_report_csv(const struct fl_report *r, FILE *f);

/* html.c, for the sections in html_*.c */
void fl_html_esc(FILE *f, const char *s);
/* A figure holding plot id, with a caption (HTML). */
void fl_html_figure(struct fl_report *r, int id, const char *kind,
		    const char *caption);
/* Mean (as compare shows it) and 95% CI half-width of a metric. */
void fl_html_mean_ci(const struct fl_rmetric *m, double *mean,
		     double *ci);
const char *fl_html_label(const struct fl_report *r, int run, size_t c);

/* html_plots.c */
void fl_html_scaling(struct fl_report *r);
void fl_html_series(struct fl_report *r);
void fl_html_latency(struct fl_report *r);
void fl_html_nodes(struct fl_report *r);
/* html_cmp.c */
void fl_html_compare(struct fl_report *r);
int fl_html_history(struct fl_report *r, char *err, size_t errlen);

#endif /* FAULTLINE_HTML_H */
