// SPDX-License-Identifier: GPL-2.0
/* hdb.c - open the history database and record runs in it. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hdb.h"
#include "util.h"
#include "stats.h"

#define BUSY_MS	120000	/* a nightly job may hold the lock a while */

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS kernels ("
	" id INTEGER PRIMARY KEY,"
	" release TEXT NOT NULL, version TEXT, config_sha256 TEXT,"
	" git_commit TEXT,"
	" UNIQUE (release, version, config_sha256, git_commit));"
	"CREATE TABLE IF NOT EXISTS runs ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL, dir TEXT NOT NULL,"
	" started TEXT NOT NULL, finished TEXT, status TEXT,"
	" hostname TEXT NOT NULL, machine TEXT, config TEXT,"
	" kernel_id INTEGER REFERENCES kernels(id),"
	" faultline_version TEXT, seed INTEGER, argv TEXT, cmdline TEXT,"
	" vm TEXT, all_ok INTEGER, gate INTEGER, imported TEXT,"
	" UNIQUE (hostname, name, started));"
	"CREATE TABLE IF NOT EXISTS cases ("
	" id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL, workload TEXT NOT NULL, mode TEXT,"
	" tasks INTEGER, status TEXT NOT NULL, reason TEXT,"
	" violations INTEGER, replay TEXT,"
	" UNIQUE (run_id, key));"
	"CREATE TABLE IF NOT EXISTS metrics ("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL, unit TEXT, better TEXT, is_primary INTEGER,"
	" n INTEGER, mean REAL, cov REAL,"
	" UNIQUE (case_id, name));"
	"CREATE TABLE IF NOT EXISTS reps ("
	" metric_id INTEGER NOT NULL REFERENCES metrics(id) "
	"  ON DELETE CASCADE,"
	" rep INTEGER NOT NULL, value REAL NOT NULL,"
	" PRIMARY KEY (metric_id, rep));"
	"CREATE INDEX IF NOT EXISTS cases_wl ON cases (workload);"
	"CREATE INDEX IF NOT EXISTS runs_started ON runs (started);";

/*
 * The schema's version, in PRAGMA user_version. Version 0 is the schema
 * above as it was before it had a version; migrate[v] takes a database of
 * version v to v + 1. A new version adds one entry (and a data file of
 * the old version under tests/data/ for test_hdb.c); it never edits one.
 */
static const char *const migrate[] = {
	/* 0 -> 1: the version is recorded; metric lookups by name */
	"CREATE INDEX IF NOT EXISTS metrics_name ON metrics (name);",
	/* 1 -> 2: how each case was measured: fl_rcase_unlike(), rundoc.h */
	"ALTER TABLE cases ADD COLUMN cpus TEXT;"
	"ALTER TABLE cases ADD COLUMN mem TEXT;"
	"ALTER TABLE cases ADD COLUMN perf TEXT;",
};
#define HDB_VERSION	((int)(sizeof(migrate) / sizeof(migrate[0])))

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version;", -1, &s, NULL))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* In the open transaction: create what is missing, migrate forward. */
static int upgrade(sqlite3 *db, char **msg)
{
	char sql[64];
	int v = user_version(db);

	if (v < 0 || v > HDB_VERSION) {
		*msg = sqlite3_mprintf(v < 0 ? "cannot read its schema version"
				       : "schema version %d is newer than "
				       "this faultline's (%d)", v, HDB_VERSION);
		return -1;
	}
	if (sqlite3_exec(db, schema, NULL, NULL, msg))
		return -1;
	for (; v < HDB_VERSION; v++)
		if (sqlite3_exec(db, migrate[v], NULL, NULL, msg))
			return -1;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d;", HDB_VERSION);
	return sqlite3_exec(db, sql, NULL, NULL, msg) ? -1 : 0;
}

int fl_hdb_version(void)
{
	return HDB_VERSION;
}

const char *fl_hdb_measure_cols(sqlite3 *db)
{
	sqlite3_stmt *s;
	bool has = false;

	if (!sqlite3_prepare_v2(db, "SELECT count(*) FROM "
				"pragma_table_info('cases') WHERE name = 'perf'",
				-1, &s, NULL)) {
		has = sqlite3_step(s) == SQLITE_ROW &&
		      sqlite3_column_int(s, 0) == 1;
		sqlite3_finalize(s);
	}
	return has ? "c.cpus, c.mem, c.perf" : "NULL, NULL, NULL";
}

static int fail(sqlite3 *db, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

/*
 * Some lock waits return SQLITE_BUSY without calling the busy handler
 * (switching a new file to WAL while another connection opens it):
 * retry those for as long as the busy timeout would have waited.
 */
static int exec_retry(sqlite3 *db, const char *sql, char **msg)
{
	int waited = 0, rc;

	for (;;) {
		sqlite3_free(*msg);
		*msg = NULL;
		rc = sqlite3_exec(db, sql, NULL, NULL, msg);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited >= BUSY_MS)
			return rc;
		usleep(10000);
		waited += 10;
	}
}

sqlite3 *fl_hdb_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *db;
	char *msg = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_MS);
	/* the WAL switch and the schema race other openers of a new file */
	if (exec_retry(db, "PRAGMA journal_mode=WAL;", &msg) ||
	    exec_retry(db, "PRAGMA foreign_keys=ON;"
		       "PRAGMA synchronous=NORMAL;", &msg) ||
	    exec_retry(db, "BEGIN IMMEDIATE;", &msg) ||
	    upgrade(db, &msg) ||
	    sqlite3_exec(db, "COMMIT;", NULL, NULL, &msg)) {
		snprintf(err, errlen, "%s: %s", path, msg ?: "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

void fl_hdb_close(sqlite3 *db)
{
	sqlite3_close(db);
}

char *fl_hdb_machine(const struct fl_rundoc *d)
{
	char *s;

	if (asprintf(&s, "%s|%s|%d pus|%d nodes|vm=%s", d->hostname ?: "?",
		     d->cpu_model ?: "?", d->pus, d->nodes, d->vm ?: "none") < 0)
		abort();
	return s;
}

/*
 * sha256 over every case's key, duration, warm-up, reps and placement,
 * and its --perf when it has one (fl_rcase_unlike(): a run with perf
 * counting is no baseline for one without; left out at none, so that
 * runs recorded before it still match).
 */
char *fl_hdb_config(const struct fl_rundoc *d)
{
	char *text, *hex = malloc(65);
	size_t len, k;
	FILE *f = open_memstream(&text, &len);

	for (k = 0; k < d->ncases; k++) {
		const struct fl_rcase *c = &d->cases[k];

		fprintf(f, "%s|%g|%g|%d|%s|%s", c->key, c->duration,
			c->warmup, c->reps, c->cpus ?: "", c->mem ?: "");
		if (strcmp(c->o.perf, "none"))
			fprintf(f, "|perf=%s", c->o.perf);
		fputc('\n', f);
	}
	fclose(f);
	fl_sha256_hex(text, len, hex);
	free(text);
	return hex;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Run one statement with the given text binds; returns the step code. */
static int exec_bind(sqlite3 *db, const char *sql, sqlite3_int64 *rowid,
		     int n, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int i, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	va_start(ap, n);
	for (i = 1; i <= n; i++)
		bind_text(s, i, va_arg(ap, const char *));
	va_end(ap);
	rc = sqlite3_step(s);
	if (rowid && rc == SQLITE_ROW)
		*rowid = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

static sqlite3_int64 kernel_id(sqlite3 *db, const struct fl_rundoc *d,
			       const char *commit)
{
	sqlite3_int64 id = -1;

	exec_bind(db, "INSERT OR IGNORE INTO kernels (release, version, "
		  "config_sha256, git_commit) VALUES (?, ?, ?, ?)", NULL, 4,
		  d->release ?: "unknown", d->kversion, d->config_sha, commit);
	/* IS matches NULLs too, unlike = */
	exec_bind(db, "SELECT id FROM kernels WHERE release IS ? AND "
		  "version IS ? AND config_sha256 IS ? AND git_commit IS ?",
		  &id, 4, d->release ?: "unknown", d->kversion, d->config_sha,
		  commit);
	return id;
}

static int record_metric(sqlite3 *db, sqlite3_int64 case_id,
			 const struct fl_rmetric *m)
{
	struct fl_summary s;
	sqlite3_stmt *st;
	sqlite3_int64 mid;
	size_t i;
	int rc;

	fl_summarize(m->reps, m->n, m->higher_better, &s);
	if (sqlite3_prepare_v2(db, "INSERT INTO metrics (case_id, name, unit,"
			       " better, is_primary, n, mean, cov) VALUES "
			       "(?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, case_id);
	bind_text(st, 2, m->name);
	bind_text(st, 3, m->unit);
	bind_text(st, 4, m->higher_better ? "higher" : "lower");
	sqlite3_bind_int(st, 5, m->primary);
	sqlite3_bind_int(st, 6, (int)m->n);
	if (m->n) {
		sqlite3_bind_double(st, 7, s.mean);
		sqlite3_bind_double(st, 8, s.cov);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	mid = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, "INSERT INTO reps (metric_id, rep, value) "
			       "VALUES (?, ?, ?)", -1, &st, NULL))
		return -1;
	for (i = 0; i < m->n; i++) {
		sqlite3_bind_int64(st, 1, mid);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_double(st, 3, m->reps[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

static int record_case(sqlite3 *db, sqlite3_int64 run_id,
		       const struct fl_rcase *c)
{
	sqlite3_stmt *st;
	const char *m[FL_MEASURE_NR];
	sqlite3_int64 cid;
	size_t i;
	int rc, k;

	if (sqlite3_prepare_v2(db, "INSERT INTO cases (run_id, key, "
			       "workload, mode, tasks, status, reason, "
			       "violations, replay, cpus, mem, perf) VALUES "
			       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
			       NULL))
		return -1;
	sqlite3_bind_int64(st, 1, run_id);
	bind_text(st, 2, c->key);
	bind_text(st, 3, c->workload);
	bind_text(st, 4, c->mode);
	sqlite3_bind_int(st, 5, c->tasks);
	bind_text(st, 6, c->status);
	bind_text(st, 7, c->reason);
	sqlite3_bind_int64(st, 8, c->violations);
	bind_text(st, 9, c->replay);
	fl_measure_of(&c->o, m);
	for (k = 0; k < FL_MEASURE_NR; k++)
		bind_text(st, 10 + k, m[k]);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	cid = sqlite3_last_insert_rowid(db);
	for (i = 0; i < c->nmetrics; i++)
		if (record_metric(db, cid, &c->metrics[i]))
			return -1;
	return 0;
}

static int record(sqlite3 *db, const struct fl_rundoc *d, const char *commit,
		  int gate)
{
	char *machine = fl_hdb_machine(d), *config = fl_hdb_config(d);
	char *dir = realpath(d->dir, NULL), now[32];
	time_t t = time(NULL);
	sqlite3_stmt *st;
	sqlite3_int64 kid, rid;
	bool all_ok = d->status && !fl_run_unfinished(d->status);
	size_t i;
	int rc = -1;

	for (i = 0; i < d->ncases; i++)
		all_ok &= !fl_status_broken(d->cases[i].st);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	kid = kernel_id(db, d, commit);
	if (kid < 0)
		goto out;
	/* a re-import replaces the run; cases, metrics, reps cascade */
	exec_bind(db, "DELETE FROM runs WHERE hostname IS ? AND name IS ? "
		  "AND started IS ?", NULL, 3, d->hostname ?: "?", d->name,
		  d->started ?: "?");
	if (sqlite3_prepare_v2(db, "INSERT INTO runs (name, dir, started, "
			       "finished, status, hostname, machine, config, "
			       "kernel_id, faultline_version, seed, argv, "
			       "cmdline, vm, all_ok, gate, imported) VALUES "
			       "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st,
			       NULL))
		goto out;
	bind_text(st, 1, d->name);
	bind_text(st, 2, dir ?: d->dir);
	bind_text(st, 3, d->started ?: "?");
	bind_text(st, 4, d->finished);
	bind_text(st, 5, d->status);
	bind_text(st, 6, d->hostname ?: "?");
	bind_text(st, 7, machine);
	bind_text(st, 8, config);
	sqlite3_bind_int64(st, 9, kid);
	bind_text(st, 10, d->version);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)d->seed);
	bind_text(st, 12, d->argv);
	bind_text(st, 13, d->cmdline);
	bind_text(st, 14, d->vm);
	sqlite3_bind_int(st, 15, all_ok);
	if (gate != FL_HDB_NO_GATE)
		sqlite3_bind_int(st, 16, gate);
	bind_text(st, 17, now);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	if (i != SQLITE_DONE)
		goto out;
	rid = sqlite3_last_insert_rowid(db);
	for (i = 0; i < d->ncases; i++)
		if (record_case(db, rid, &d->cases[i]))
			goto out;
	rc = 0;
out:
	free(machine);
	free(config);
	free(dir);
	return rc;
}

int fl_hdb_record(sqlite3 *db, const struct fl_rundoc *doc,
		   const char *commit, int gate, char *err, size_t errlen)
{
	char *msg = NULL;

	if (exec_retry(db, "BEGIN IMMEDIATE", &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		return fail(db, err, errlen, "begin");
	}
	sqlite3_free(msg);
	if (record(db, doc, commit, gate)) {
		fail(db, err, errlen, doc->dir);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(db, err, errlen, "commit");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int fl_history_record(const char *db_path, const char *run_dir,
		      const char *commit, char *err, size_t errlen)
{
	struct fl_rundoc doc;
	sqlite3 *db;
	int ret = -1;

	if (fl_rundoc_load(run_dir, &doc, err, errlen))
		goto out;
	db = fl_hdb_open(db_path, err, errlen);
	if (db) {
		ret = fl_hdb_record(db, &doc, commit, FL_HDB_NO_GATE, err,
				     errlen);
		fl_hdb_close(db);
	}
out:
	fl_rundoc_free(&doc);
	return ret;
}
