// SPDX-License-Identifier: GPL-2.0
/*
 * history.c - `faultline history WORKLOAD/METRIC`: the trend of one
 * metric across kernel builds, from the history database, with change
 * points marked where consecutive runs differ by compare's rule. Also
 * `--last-good RUN`: the baseline the nightly job compares against.
 */
#include <math.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>
#include <unistd.h>
#include <errno.h>

#include "cli.h"
#include "compare.h"
#include "csv.h"
#include "hdb.h"
#include "trend.h"
#include "util.h"

static const char usage[] =
	"usage: faultline history [OPTIONS] WORKLOAD[/METRIC]\n"
	"       faultline history [--db FILE] --last-good RUN [--runs N]\n"
	"\n"
	"Print the trend of METRIC (default: WORKLOAD's primary metric) for\n"
	"every case of WORKLOAD recorded in the history database, oldest\n"
	"first, one series per case key and machine:\n"
	"kernel, commit, run, reps, mean (harmonic for rates) ±%stddev and the\n"
	"%change from the previous run (positive is better). A change point\n"
	"('<<') is where a run differs from the one before it by compare's\n"
	"rule: significant test AND |%change| >= threshold, not unstable.\n"
	"\n"
	"--last-good RUN prints the directory of the newest earlier run\n"
	"with the same cases and machine whose cases were all ok and whose\n"
	"gate did not fail, or nothing if there is none; with --runs N, the\n"
	"newest N such runs, newest first, one a line (compare --base-runs).\n"
	"\n"
	"options:\n"
	"  --db FILE         database (default " FL_HDB_DB_DEFAULT ")\n"
	"  --kernel GLOB     only kernels whose release or commit matches\n"
	"  --key GLOB        only cases whose key matches\n"
	"  --runs N          --last-good: up to N runs [1]\n"
	"  --csv             print CSV instead: a row per run and rep, with\n"
	"                    the values as recorded, the mean, %change and\n"
	"                    verdict; a header row, no series titles\n"
	FL_CMP_HELP
	"  -h, --help        this text\n"
	"\n"
	"exit: 0, or 2 on bad usage (also: no such metric recorded; the\n"
	"error names the workloads or metrics that are).\n";

struct point {
	char *key, *machine, *started, *name, *release, *commit, *status;
	char *measure[FL_MEASURE_NR];	/* rundoc.h; NULL before schema 2 */
	bool higher;
	double *v;
	size_t n;
};

static char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

/*
 * A column that the schema says is NOT NULL may still be NULL in a
 * database written by something else: never hand strcmp a NULL.
 */
static char *col_or(sqlite3_stmt *s, int i, const char *def)
{
	char *t = col(s, i);

	return t ?: strdup(def);
}

static void load_reps(sqlite3 *db, sqlite3_int64 mid, struct point *p)
{
	sqlite3_stmt *s;

	sqlite3_prepare_v2(db, "SELECT value FROM reps WHERE metric_id = ? "
			   "ORDER BY rep", -1, &s, NULL);
	sqlite3_bind_int64(s, 1, mid);
	p->v = malloc(sizeof(double));
	while (sqlite3_step(s) == SQLITE_ROW) {
		p->v = realloc(p->v, (p->n + 1) * sizeof(double));
		p->v[p->n++] = sqlite3_column_double(s, 0);
	}
	sqlite3_finalize(s);
}

/*
 * A change between two points measured unlike (fl_measure_unlike()) is not
 * the kernel's: its verdict becomes FL_UNLIKE, why "--OPT A against B".
 */
static void unlike_point(const struct point *prev, const struct point *p,
			 struct fl_decision *d, char *why, size_t len)
{
	char w[FL_UNLIKE_LEN];
	const char *opt;

	if (!prev || (d->verdict != FL_WORSE && d->verdict != FL_BETTER))
		return;
	opt = fl_measure_unlike((const char *const *)prev->measure,
				(const char *const *)p->measure, w, sizeof(w));
	if (!opt)
		return;
	d->verdict = FL_UNLIKE;
	snprintf(why, len, "--%s %s", opt, w);
}

static void print_point(const struct fl_cmp_opts *o, const struct point *p,
			const struct point *prev)
{
	struct fl_decision d;
	char mean[32];
	char why[FL_UNLIKE_LEN + 16];

	printf("  %-20s  %-24s %-12.12s %-26s", p->started,
	       p->release ?: "?", p->commit ?: "-", p->name);
	if (fl_status_parse(p->status) != FL_ST_OK) {
		printf(" %s\n", p->status);
		return;
	}
	fl_decide(&o->rule, p->higher, prev ? prev->v : p->v,
		  prev ? prev->n : p->n, p->v, p->n, &d);
	unlike_point(prev, p, &d, why, sizeof(why));
	fl_cmp_num(mean, sizeof(mean), d.new.mean);
	printf(" %3zu %12s ±%3.0f%%", p->n, mean, d.new.cov * 100);
	if (!prev) {
		printf("\n");
		return;
	}
	printf(" %+8.1f%%", d.change);
	if (d.verdict == FL_WORSE || d.verdict == FL_BETTER)
		printf("  << %s (p=%.3g)", fl_verdict_name(d.verdict), d.p);
	else if (d.verdict == FL_UNLIKE)
		printf("  unlike (%s)", why);
	else if (d.verdict == FL_UNSTABLE)
		printf("  unstable (needs -r %d)", d.reps_needed);
	printf("\n");
}

/* The text output's title and column heads of a series. */
static void series_head(const struct point *p, const char *metric,
			int rows)
{
	printf("%s%s  %s on %s\n", rows ? "\n" : "", p->key, metric,
	       p->machine ?: "?");
	printf("  %-20s  %-24s %-12s %-26s %3s %12s %5s %9s\n", "started",
	       "kernel", "commit", "run", "n", "mean", "%sd", "%change");
}

#define HIST_CSV_HEADER \
	"key,machine,started,run,kernel,commit,status,metric,rep,value," \
	"mean,change_pct,verdict\n"

/*
 * --csv: a row per rep of p, values as recorded, with the run's mean
 * and, from the second ok point on, the %change and verdict the text
 * shows (empty where it shows none).
 */
static void csv_point(const struct fl_cmp_opts *o, const struct point *p,
		      const struct point *prev, const char *metric)
{
	struct fl_decision d = { .new.mean = NAN, .change = NAN };
	bool ok = fl_status_parse(p->status) == FL_ST_OK;
	char why[FL_UNLIKE_LEN + 16];
	size_t i;

	if (ok) {
		fl_decide(&o->rule, p->higher, prev ? prev->v : p->v,
			  prev ? prev->n : p->n, p->v, p->n, &d);
		unlike_point(prev, p, &d, why, sizeof(why));
	}
	for (i = 0; i < (p->n ? p->n : 1); i++) {
		fl_csv_str(stdout, p->key);
		fl_csv_str(stdout, p->machine);
		fl_csv_str(stdout, p->started);
		fl_csv_str(stdout, p->name);
		fl_csv_str(stdout, p->release);
		fl_csv_str(stdout, p->commit);
		fl_csv_str(stdout, p->status);
		fl_csv_str(stdout, metric);
		if (p->n) {
			printf("%zu,", i);
			fl_csv_num(stdout, p->v[i]);
		} else {
			putchar(',');
		}
		putchar(',');
		fl_csv_num(stdout, ok ? d.new.mean : NAN);
		putchar(',');
		fl_csv_num(stdout, ok && prev ? d.change : NAN);
		printf(",\"%s\"\n", ok && prev ?
		       fl_verdict_name(d.verdict) : "");
	}
}

static void free_point(struct point *p)
{
	int i;

	for (i = 0; i < FL_MEASURE_NR; i++)
		free(p->measure[i]);
	free(p->key);
	free(p->machine);
	free(p->started);
	free(p->name);
	free(p->release);
	free(p->commit);
	free(p->status);
	free(p->v);
}

static int trend(sqlite3 *db, const struct fl_cmp_opts *o, bool csv,
		 const char *wl,
		 const char *metric, const char *kglob)
{
	sqlite3_stmt *s;
	struct point prev = { 0 }, p;
	bool have_prev = false;
	int rows = 0;
	char *sql;
	int i;

	sql = sqlite3_mprintf(
		"SELECT c.key, r.machine, r.started, r.name, k.release, "
		"k.git_commit, c.status, m.better, m.id, %s "
		"FROM metrics m JOIN cases c ON m.case_id = c.id "
		"JOIN runs r ON c.run_id = r.id "
		"JOIN kernels k ON r.kernel_id = k.id "
		"WHERE c.workload = ? AND m.name = ? "
		"ORDER BY c.key, r.machine, r.started, r.id",
		fl_hdb_measure_cols(db));
	if (!sql)
		abort();
	sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	sqlite3_bind_text(s, 1, wl, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	if (csv)
		fputs(HIST_CSV_HEADER, stdout);
	while (sqlite3_step(s) == SQLITE_ROW) {
		memset(&p, 0, sizeof(p));
		p.key = col_or(s, 0, "?");
		p.machine = col(s, 1);
		p.started = col_or(s, 2, "?");
		p.name = col_or(s, 3, "?");
		p.release = col(s, 4);
		p.commit = col(s, 5);
		p.status = col_or(s, 6, "?");
		p.higher = strcmp((const char *)sqlite3_column_text(s, 7) ?:
				   "", "lower") != 0;
		if ((o->key_glob && fnmatch(o->key_glob, p.key, 0)) ||
		    (kglob && fnmatch(kglob, p.release ?: "", 0) &&
		     fnmatch(kglob, p.commit ?: "", 0))) {
			free_point(&p);
			continue;
		}
		load_reps(db, sqlite3_column_int64(s, 8), &p);
		for (i = 0; i < FL_MEASURE_NR; i++)
			p.measure[i] = col(s, 9 + i);
		if (!have_prev || strcmp(prev.key, p.key) ||
		    strcmp(prev.machine ?: "", p.machine ?: "")) {
			if (have_prev)
				free_point(&prev);
			have_prev = false;
			if (!csv)
				series_head(&p, metric, rows);
		}
		if (csv)
			csv_point(o, &p, have_prev ? &prev : NULL, metric);
		else
			print_point(o, &p, have_prev ? &prev : NULL);
		rows++;
		if (fl_status_parse(p.status) != FL_ST_OK) {
			free_point(&p);	/* keep the last ok point */
			continue;
		}
		if (have_prev)
			free_point(&prev);
		prev = p;
		have_prev = true;
	}
	sqlite3_finalize(s);
	if (have_prev)
		free_point(&prev);
	if (!rows)
		fl_usage_error("history: no %s/%s recorded in the database%s",
			       wl, metric, kglob ? " for that --kernel" : "");
	return 0;
}

/* The distinct first column of a query with one text parameter. */
static int names(sqlite3 *db, const char *sql, const char *arg,
		 char **out, int max)
{
	sqlite3_stmt *s;
	int n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(s) == SQLITE_ROW)
		if ((out[n] = col(s, 0)))	/* NULL: nothing to offer */
			n++;
	sqlite3_finalize(s);
	return n;
}

static noreturn void unknown(const char *what, const char *typed,
			     char **known, int n, const char *where)
{
	const char *const *kn = (const char *const *)known;
	char list[1024], hint[160];

	fl_join(list, sizeof(list), kn, n, ", ");
	fl_usage_error("history: no %s '%s' recorded%s%s; recorded: %s",
		       what, typed, where,
		       fl_did_you_mean(hint, sizeof(hint), typed, kn, n, ""),
		       n ? list : "none");
}

static void free_names(char **known, int n)
{
	while (n > 0)
		free(known[--n]);
}

/*
 * WORKLOAD[/METRIC] into its parts, checked against what the database
 * holds; without a metric, the workload's primary one.
 */
static void resolve(sqlite3 *db, const char *arg, char **wl, char **metric)
{
	char *known[256], *slash;
	int n, i;

	*metric = NULL;
	*wl = strdup(arg);
	slash = strchr(*wl, '/');
	if (slash)
		*slash = 0;
	if (!**wl || (slash && !slash[1]))
		fl_usage_error("history: '%s' is not WORKLOAD[/METRIC]", arg);
	n = names(db, "SELECT DISTINCT workload FROM cases ORDER BY 1",
		  NULL, known, 256);
	for (i = 0; i < n && strcmp(known[i], *wl); i++)
		;
	if (i == n)
		unknown("workload", *wl, known, n, "");
	free_names(known, n);
	if (slash) {
		*metric = strdup(slash + 1);
		n = names(db, "SELECT DISTINCT m.name FROM metrics m JOIN "
			  "cases c ON m.case_id = c.id WHERE c.workload = ? "
			  "ORDER BY 1", *wl, known, 256);
		for (i = 0; i < n && strcmp(known[i], *metric); i++)
			;
		if (i == n)
			unknown("metric", *metric, known, n, " for that "
				"workload");
		free_names(known, n);
		return;
	}
	n = names(db, "SELECT m.name FROM metrics m JOIN cases c ON "
		  "m.case_id = c.id WHERE c.workload = ? AND m.is_primary "
		  "ORDER BY m.id DESC LIMIT 1", *wl, known, 1);
	if (!n)
		fl_usage_error("history: %s has no primary metric recorded",
			       *wl);
	*metric = known[0];
}


/*
 * Open for reading only: a missing file is an error (not a new empty
 * database and its -wal and -shm files), and a database this user may
 * not write (root's, in root's directory) is still read: when SQLite
 * cannot set up the WAL index, read the file as immutable.
 */
sqlite3 *fl_hdb_open_ro(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *uri;
	int rc;

	if (access(path, R_OK)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master;",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		return db;
	}
	sqlite3_close(db);
	db = NULL;
	uri = sqlite3_mprintf("file:%s?immutable=1", path);
	if (!uri)
		abort();
	/* a URI's path: '?' and '#' would end it, '%' escape */
	if (strpbrk(path, "?#%"))
		rc = SQLITE_CANTOPEN;
	else
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
				     SQLITE_OPEN_URI, NULL);
	sqlite3_free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master;",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static int last_good(sqlite3 *db, const char *run, int nruns)
{
	struct fl_rundoc d;
	char err[512], *machine, *config;
	sqlite3_stmt *s;

	if (fl_rundoc_load(run, &d, err, sizeof(err)))
		fl_usage_error("history: %s", err);
	machine = fl_hdb_machine(&d);
	config = fl_hdb_config(&d);
	if (!db)		/* the run is checked all the same */
		goto out;
	sqlite3_prepare_v2(db,
		"SELECT dir FROM runs WHERE machine = ? AND config = ? "
		"AND dir IS NOT NULL AND all_ok = 1 "
		"AND (gate IS NULL OR gate = 0) "
		"AND started < ? ORDER BY started DESC, id DESC LIMIT ?",
		-1, &s, NULL);
	sqlite3_bind_text(s, 1, machine, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, config, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d.started ?: "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, nruns);
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("%s\n", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
out:
	free(machine);
	free(config);
	fl_rundoc_free(&d);
	return 0;
}

int cmd_history(int argc, char **argv)
{
	static const struct option longopts[] = {
		FL_CMP_LONGOPTS,
		{ "db", required_argument, NULL, 'b' },
		{ "kernel", required_argument, NULL, 'K' },
		{ "key", required_argument, NULL, 'k' },
		{ "last-good", required_argument, NULL, 'L' },
		{ "runs", required_argument, NULL, 'R' },
		{ "csv", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = FL_HDB_DB_DEFAULT, *kglob = NULL, *good = NULL;
	bool csv = false;
	struct fl_cmp_opts o;
	char err[512], *wl, *metric;
	sqlite3 *db;
	int opt, ret, nruns = 0;

	fl_cmp_opts_default(&o);
	while ((opt = fl_getopt("history", argc, argv, "h",
				 longopts)) != -1) {
		if (opt >= FL_CMP_OPT_FIRST && opt <= FL_CMP_OPT_LAST) {
			fl_cmp_option(&o, opt, optarg);
			continue;
		}
		switch (opt) {
		case 'b': path = optarg; break;
		case 'K': kglob = optarg; break;
		case 'k': o.key_glob = optarg; break;
		case 'L': good = optarg; break;
		case 'R':
			nruns = fl_arg_long("--runs", optarg, 1, 1000);
			break;
		case 'C': csv = true; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	if (nruns && !good)
		fl_usage_error("history: --runs goes with --last-good");
	if (good && csv)
		fl_usage_error("history: --csv is for a trend, not "
			       "--last-good");
	if (good ? argc - optind != 0 : argc - optind != 1)
		fl_usage_error("history: needs exactly one WORKLOAD[/METRIC], "
			       "or --last-good RUN");
	if (good && access(path, F_OK) && errno == ENOENT)
		db = NULL;	/* no database yet: no earlier good run */
	else if (!(db = fl_hdb_open_ro(path, err, sizeof(err))))
		fl_usage_error("history: %s", err);
	if (!good)
		resolve(db, argv[optind], &wl, &metric);
	ret = good ? last_good(db, good, nruns ?: 1) :
	      trend(db, &o, csv, wl, metric, kglob);
	fl_hdb_close(db);
	if (!good) {
		free(wl);
		free(metric);
	}
	return ret;
}
