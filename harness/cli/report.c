// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - `faultline report RUN... -o DIR`: a static HTML page of
 * one or more runs, with SVG plots drawn by gnuplot. Exit 0 written,
 * 1 gnuplot or writing failed, 2 bad usage or an unreadable run.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "html.h"

static const char usage[] =
	"usage: faultline report [OPTIONS] -o DIR RUN [RUN...]\n"
	"\n"
	"Write DIR/index.html: a static page with no script and nothing\n"
	"fetched, its SVG plots drawn by gnuplot and inlined. For each\n"
	"workload and mode, the primary metric against tasks with the\n"
	"linear-scaling line from the 1-task value and the efficiency; the\n"
	"fault latency percentiles; throughput per NUMA node where there\n"
	"are several; each case's per-second samples; every run's kernel,\n"
	"config hash, machine, placement and the command that replays each\n"
	"case. With several runs (the first, or --compare's, is the base):\n"
	"grouped bars with 95% confidence intervals and compare's marks and\n"
	"verdicts. With --db: each case's primary metric across the kernels\n"
	"recorded, change points marked.\n"
	"\n"
	"options:\n"
	"  -o, --output DIR  where index.html goes (created if needed)\n"
	"  --compare BASE    compare the runs against BASE\n"
	"  --db FILE         history database for the trends\n"
	"  --csv             also write DIR/report.csv: one row per case,\n"
	"                    metric and rep, values exact (shortest %g)\n"
	FL_CMP_HELP
	"  -h, --help        this text\n"
	"\n"
	"gnuplot ($FAULTLINE_GNUPLOT, else gnuplot on the PATH) is run\n"
	"once, without a shell, on files in a temporary directory that is\n"
	"always removed.\n"
	"exit: 0 written, 1 gnuplot or writing failed, 2 bad usage or a run\n"
	"that cannot be read.\n";

static void load(struct fl_report *r, char **paths, int n)
{
	char err[512];
	int i;

	r->docs = calloc(n, sizeof(*r->docs));
	r->x = calloc(n, sizeof(*r->x));
	r->n = n;
	for (i = 0; i < n; i++) {
		if (fl_rundoc_load(paths[i], &r->docs[i], err, sizeof(err)))
			fl_die(FL_EXIT_USAGE, "report: %s", err);
		r->x[i] = fl_rundoc_series(&r->docs[i], err, sizeof(err));
		if (!r->x[i])
			fl_die(FL_EXIT_USAGE, "report: %s", err);
		fl_warn_unfinished(r->docs[i].dir, r->docs[i].status);
	}
}

static void write_csv(const struct fl_report *r, const char *dir)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/report.csv", dir) < 0)
		abort();
	f = fopen(path, "w");
	if (!f)
		fl_die(FL_EXIT_FAIL, "report: cannot write %s", path);
	fl_report_csv(r, f);
	if (fclose(f))
		fl_die(FL_EXIT_FAIL, "report: cannot write %s", path);
	free(path);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		FL_CMP_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "compare", required_argument, NULL, FL_OPT_OWN },
		{ "db", required_argument, NULL, FL_OPT_OWN + 1 },
		{ "csv", no_argument, NULL, FL_OPT_OWN + 2 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fl_report r = { 0 };
	const char *dir = NULL, *base = NULL;
	char err[512], **paths;
	bool csv = false;
	int opt, n, i;

	fl_cmp_opts_default(&r.cmp);
	while ((opt = fl_getopt("report", argc, argv, "ho:",
				 longopts)) != -1) {
		if (opt >= FL_CMP_OPT_FIRST && opt <= FL_CMP_OPT_LAST) {
			fl_cmp_option(&r.cmp, opt, optarg);
			continue;
		}
		switch (opt) {
		case 'o': dir = optarg; break;
		case FL_OPT_OWN: base = optarg; break;
		case FL_OPT_OWN + 1: r.db = optarg; break;
		case FL_OPT_OWN + 2: csv = true; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	n = argc - optind;
	if (n < 1)
		fl_usage_error("report: needs at least one RUN directory");
	if (!dir)
		fl_usage_error("report: needs -o DIR");
	paths = calloc(n + 2, sizeof(*paths));
	i = 0;
	if (base)
		paths[i++] = (char *)base;
	memcpy(paths + i, argv + optind, n * sizeof(*paths));
	load(&r, paths, n + i);
	if (fl_report_html(&r, dir, err, sizeof(err)))
		fl_die(FL_EXIT_FAIL, "report: %s", err);
	if (csv)
		write_csv(&r, dir);
	for (i = 0; i < r.n; i++) {
		fl_rundoc_series_free(r.x[i], r.docs[i].ncases);
		fl_rundoc_free(&r.docs[i]);
	}
	free(r.docs);
	free(r.x);
	free(paths);
	return 0;
}
