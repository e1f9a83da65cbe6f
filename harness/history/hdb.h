/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hdb.h - the history database (SQLite): runs, kernels, cases,
 * metrics and their per-rep values. Safe for concurrent writers: WAL,
 * a busy timeout and one IMMEDIATE transaction per run recorded.
 */
#ifndef FAULTLINE_HDB_H
#define FAULTLINE_HDB_H

#include <stddef.h>
#include <sqlite3.h>

#include "rundoc.h"

#define FL_HDB_DB_DEFAULT	"results/faultline.db"
#define FL_HDB_NO_GATE		(-1)

/* Open (creating the file and schema if needed); NULL + err on failure. */
sqlite3 *fl_hdb_open(const char *path, char *err, size_t errlen);
/* Open an existing database for reading only (history, report). */
sqlite3 *fl_hdb_open_ro(const char *path, char *err, size_t errlen);
void fl_hdb_close(sqlite3 *db);
/*
 * The schema version fl_hdb_open() leaves in PRAGMA user_version; it
 * migrates an older database forward and refuses a newer one.
 */
int fl_hdb_version(void);
/*
 * The columns of a case that say how it was measured (cpus, mem, perf:
 * fl_rcase_unlike(), rundoc.h) as a SELECT list over cases aliased c:
 * NULLs in a database older than version 2 opened read-only.
 */
const char *fl_hdb_measure_cols(sqlite3 *db);

/*
 * Record one loaded run; a run already recorded (same host, name and
 * start time) is replaced. commit may be NULL; gate is the compare
 * status the nightly job got for it, or FL_HDB_NO_GATE. 0 or -1.
 */
int fl_hdb_record(sqlite3 *db, const struct fl_rundoc *doc,
		   const char *commit, int gate, char *err, size_t errlen);

/*
 * Convenience for `faultline run`: load <run_dir>/result.json and
 * record it in db_path. 0 or -1 with err set.
 */
int fl_history_record(const char *db_path, const char *run_dir,
		      const char *commit, char *err, size_t errlen);

/* Fingerprints the baseline search matches on (malloc'd text). */
char *fl_hdb_machine(const struct fl_rundoc *doc);
char *fl_hdb_config(const struct fl_rundoc *doc);

#endif /* FAULTLINE_HDB_H */
