// SPDX-License-Identifier: GPL-2.0
/*
 * import.c - `faultline import RUN...`: index run directories into the
 * history database. Every run is one transaction, so concurrent
 * importers (two nightly jobs) wait for each other and lose nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "hdb.h"

static const char usage[] =
	"usage: faultline import [OPTIONS] RUN|DIR...\n"
	"\n"
	"Record run directories (each holding result.json), or every run\n"
	"directory in a results directory DIR, in the history database:\n"
	"the run, its kernel (release, version, config hash, and\n"
	"the commit if given), every case with its status, every metric with\n"
	"its per-rep values. Importing a run again replaces it.\n"
	"\n"
	"options:\n"
	"  --db FILE            database (default " FL_HDB_DB_DEFAULT ")\n"
	"  --kernel-commit SHA  the kernel's git commit, for every RUN\n"
	"  --gate N             the gate status compare gave this run (0 pass,\n"
	"                       1 fail); a failed run is never a baseline\n"
	"  -q, --quiet          print nothing\n"
	"  -h, --help           this text\n";

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A run directory, or a results directory: then each of its
 * subdirectories that holds a result.json, in name order.
 */
static void add_runs(const char *arg, char ***paths, int *n)
{
	char *p, **found = NULL;
	struct dirent *e;
	struct stat st;
	int nf = 0, i;
	DIR *d;

	if (asprintf(&p, "%s/result.json", arg) < 0)
		abort();
	if (!stat(p, &st) || stat(arg, &st) || !S_ISDIR(st.st_mode) ||
	    !(d = opendir(arg))) {
		free(p);
		*paths = fl_realloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = strdup(arg);
		return;
	}
	free(p);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s/result.json", arg, e->d_name) < 0)
			abort();
		if (!stat(p, &st) && S_ISREG(st.st_mode)) {
			found = fl_realloc(found, (nf + 1) * sizeof(*found));
			p[strlen(p) - strlen("/result.json")] = 0;
			found[nf++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	if (!nf)
		fl_usage_error("import: %s holds no result.json, nor any run "
			       "directory that does", arg);
	qsort(found, nf, sizeof(*found), by_name);
	*paths = fl_realloc(*paths, (*n + nf) * sizeof(**paths));
	for (i = 0; i < nf; i++)
		(*paths)[(*n)++] = found[i];
	free(found);
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'b' },
		{ "kernel-commit", required_argument, NULL, 'k' },
		{ "gate", required_argument, NULL, 'g' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = FL_HDB_DB_DEFAULT, *commit = NULL;
	struct fl_rundoc *docs;
	int opt, gate = FL_HDB_NO_GATE, quiet = 0, i, n = 0;
	char **paths = NULL;
	char err[512];
	sqlite3 *db;

	while ((opt = fl_getopt("import", argc, argv, "qh",
				 longopts)) != -1) {
		switch (opt) {
		case 'b': path = optarg; break;
		case 'k': commit = optarg; break;
		case 'g':
			gate = (int)fl_arg_long("--gate", optarg, 0, 255);
			break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	if (argc - optind < 1)
		fl_usage_error("import: needs at least one run directory");
	for (i = optind; i < argc; i++)
		add_runs(argv[i], &paths, &n);
	docs = calloc(n, sizeof(*docs));
	for (i = 0; i < n; i++)
		if (fl_rundoc_load(paths[i], &docs[i], err, sizeof(err)))
			fl_usage_error("import: %s", err);
	db = fl_hdb_open(path, err, sizeof(err));
	if (!db)
		fl_usage_error("import: %s", err);
	for (i = 0; i < n; i++) {
		if (fl_hdb_record(db, &docs[i], commit, gate, err,
				   sizeof(err)))
			fl_die(FL_EXIT_FAIL, "import: %s", err);
		if (!quiet)
			printf("imported %s (%s, %zu cases) into %s\n",
			       docs[i].dir, docs[i].release ?: "?",
			       docs[i].ncases, path);
		fl_rundoc_free(&docs[i]);
	}
	fl_hdb_close(db);
	free(docs);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return 0;
}
