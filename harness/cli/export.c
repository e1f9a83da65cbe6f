// SPDX-License-Identifier: GPL-2.0
/*
 * export.c - `faultline export --junit|--kcidb RUN...`: run directories
 * as JUnit XML or a KCIDB I/O document, for CI systems (docs/ci.md).
 * Exit 0 when written, 2 on bad usage or a run that cannot be read,
 * 3 when the output cannot be written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"

static const char usage[] =
	"usage: faultline export --junit|--kcidb [OPTIONS] RUN...\n"
	"\n"
	"Write run directories (each holding result.json) in a format CI\n"
	"systems read. The runs' verdicts do not change the exit status.\n"
	"\n"
	"  --junit           JUnit XML: a testsuite per run, a testcase per\n"
	"                    case (classname faultline.WORKLOAD, name the\n"
	"                    case key); failure for fail, error for crash,\n"
	"                    timeout and error, skipped for skip\n"
	"  --kcidb           KCIDB I/O JSON (schema 5.3): a checkout and a\n"
	"                    build per kernel release and config, a test per\n"
	"                    case (path faultline.WORKLOAD.PARAMS.MODE.TASKS)\n"
	"                    and per metric of a passed case\n"
	"  --origin NAME     KCIDB origin, [a-z0-9_]+ [faultline]\n"
	"  -o, --output FILE write FILE (replaced whole) [stdout]\n"
	"  -h, --help        this text\n"
	"\n"
	"exit: 0 written, 2 bad usage or a run that cannot be read,\n"
	"3 the output cannot be written.\n";

enum { FMT_NONE, FMT_JUNIT, FMT_KCIDB };

static void check_origin(const char *s)
{
	if (!*s || s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_")])
		fl_usage_error("export: origin '%s' is not [a-z0-9_]+", s);
}

static void load(char **paths, int n, struct fl_xrun *runs)
{
	char err[512];
	int i;

	for (i = 0; i < n; i++) {
		if (fl_xrun_load(paths[i], &runs[i], err, sizeof(err)))
			fl_die(FL_EXIT_USAGE, "export: %s", err);
		if (!runs[i].doc.started)
			fl_die(FL_EXIT_USAGE, "export: %s: run has no start "
			       "time", paths[i]);
		fl_warn_unfinished(paths[i], runs[i].doc.status);
	}
}

static int write_all(FILE *f, int fmt, const struct fl_xrun *runs, int n,
		     const char *origin)
{
	return fmt == FMT_JUNIT ? fl_export_junit(f, runs, n) :
				  fl_export_kcidb(f, runs, n, origin);
}

/* To FILE.tmp, then rename: a reader never sees half a document. */
static void output(const char *file, int fmt, const struct fl_xrun *runs,
		   int n, const char *origin)
{
	char *tmp;
	FILE *f;

	if (!file) {
		if (write_all(stdout, fmt, runs, n, origin))
			fl_die(3, "export: cannot write stdout: %s",
			       strerror(errno));
		return;
	}
	if (asprintf(&tmp, "%s.tmp", file) < 0)
		abort();
	f = fopen(tmp, "w");
	if (!f)
		fl_die(3, "export: cannot write %s: %s", tmp, strerror(errno));
	if (write_all(f, fmt, runs, n, origin) | fclose(f) ||
	    rename(tmp, file)) {
		unlink(tmp);
		fl_die(3, "export: cannot write %s: %s", file,
		       strerror(errno));
	}
	free(tmp);
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "junit", no_argument, NULL, 'J' },
		{ "kcidb", no_argument, NULL, 'K' },
		{ "origin", required_argument, NULL, 'O' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *file = NULL, *origin = NULL;
	struct fl_xrun *runs;
	int opt, fmt = FMT_NONE, n, i;

	while ((opt = fl_getopt("export", argc, argv, "ho:",
				 longopts)) != -1) {
		switch (opt) {
		case 'J':
		case 'K':
			if (fmt != FMT_NONE)
				fl_usage_error("export: give one of --junit "
					       "and --kcidb");
			fmt = opt == 'J' ? FMT_JUNIT : FMT_KCIDB;
			break;
		case 'O': origin = optarg; break;
		case 'o': file = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	if (fmt == FMT_NONE)
		fl_usage_error("export: give --junit or --kcidb");
	if (origin && fmt != FMT_KCIDB)
		fl_usage_error("export: --origin is for --kcidb");
	check_origin(origin ? origin : "faultline");
	n = argc - optind;
	if (n < 1)
		fl_usage_error("export: no run directory given");
	runs = calloc(n, sizeof(*runs));
	load(argv + optind, n, runs);
	output(file, fmt, runs, n, origin ? origin : "faultline");
	for (i = 0; i < n; i++)
		fl_xrun_free(&runs[i]);
	free(runs);
	return 0;
}
