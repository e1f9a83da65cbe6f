/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plot.h - SVG plots by gnuplot for the HTML report. Every plot of a
 * report goes into one gnuplot script, in a private temporary
 * directory with the data files it reads; one fork/exec of gnuplot (no
 * shell) draws them all; fl_plot_close() removes the directory. The
 * gnuplot program is $FAULTLINE_GNUPLOT, else gnuplot on the PATH.
 */
#ifndef FAULTLINE_PLOT_H
#define FAULTLINE_PLOT_H

#include <stddef.h>
#include <stdio.h>

struct fl_plot {
	char dir[64];		/* the temporary directory, "" if none */
	FILE *gp;		/* the script being written */
	int n;			/* plots begun */
	int ndata;		/* data files made */
};

int fl_plot_open(struct fl_plot *p, char *err, size_t errlen);
/* A new data file in the directory, open for writing; path gets it. */
FILE *fl_plot_data(struct fl_plot *p, char *path, size_t len);
/*
 * Begin a plot of w x h pixels: reset, the SVG terminal, its output.
 * The caller writes its commands to p->gp. Returns the plot's id.
 */
int fl_plot_begin(struct fl_plot *p, int w, int h);
/* Write s to f as a gnuplot single-quoted string. */
void fl_plot_str(FILE *f, const char *s);
/*
 * Run gnuplot on the script. 0, or -1 with one line in err: gnuplot's
 * last line on stderr, or why it could not run.
 */
int fl_plot_run(struct fl_plot *p, char *err, size_t errlen);
/* Plot id's SVG from "<svg" on (malloc'd), or NULL if it is empty. */
char *fl_plot_svg(const struct fl_plot *p, int id);
/* Remove the directory and all in it. Safe to call twice. */
void fl_plot_close(struct fl_plot *p);

#endif /* FAULTLINE_PLOT_H */
