// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the history database's schema version. A database of
 * version 0 (tests/data/history-v0.sql, written by faultline before the
 * schema had a version) is migrated forward and still reads its runs; a
 * new one gets the current version; a newer one is refused. Version 1
 * (tests/data/history-v1.sql) gains the columns of how a case was
 * measured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hdb.h"
#include "trend.h"

static char dir[] = "/tmp/faultline-hdb.XXXXXX", path[64];

static long long query(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void exec(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Load an SQL file (a .dump of an old database) into path. */
static void load(const char *file)
{
	FILE *f = fopen(file, "r");
	char *sql = NULL;
	size_t cap = 0;

	assert_non_null(f);
	assert_true(getdelim(&sql, &cap, '\0', f) > 0);
	fclose(f);
	exec(sql);
	free(sql);
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/faultline-hdb.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char p[80];

	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void migrate_v0(void **state)
{
	char err[256];
	struct fl_tpoint *p;
	sqlite3 *db;
	long n;

	load("tests/data/history-v0.sql");
	assert_int_equal(query("PRAGMA user_version;"), 0);
	assert_int_equal(query("SELECT count(*) FROM runs;"), 2);

	db = fl_hdb_open(path, err, sizeof(err));
	assert_non_null(db);
	assert_true(fl_hdb_version() >= 1);
	/* the runs are still there and read as a trend */
	n = fl_hdb_trend(db, "page_fault1:size=1M|threads|1", "faults_per_sec",
			 NULL, &p, err, sizeof(err));
	assert_int_equal(n, 2);
	assert_string_equal(p[0].run, "A");
	assert_string_equal(p[0].release, "6.1.0");
	assert_int_equal(p[0].n, 3);
	assert_true(p[0].v[0] > 99 && p[0].v[0] < 102);
	assert_string_equal(p[1].run, "B");
	fl_hdb_trend_free(p, n);
	fl_hdb_close(db);
	assert_int_equal(query("PRAGMA user_version;"), fl_hdb_version());
	assert_int_equal(query("SELECT count(*) FROM sqlite_master WHERE "
			       "type = 'index' AND name = 'metrics_name';"), 1);
	assert_int_equal(query("SELECT count(*) FROM reps;"), 10);
	/* opening again migrates nothing and loses nothing */
	db = fl_hdb_open(path, err, sizeof(err));
	assert_non_null(db);
	fl_hdb_close(db);
	assert_int_equal(query("SELECT count(*) FROM runs;"), 2);
	assert_int_equal(query("PRAGMA user_version;"), fl_hdb_version());
}

static void fresh(void **state)
{
	char err[256];
	sqlite3 *db = fl_hdb_open(path, err, sizeof(err));

	assert_non_null(db);
	fl_hdb_close(db);
	assert_int_equal(query("PRAGMA user_version;"), fl_hdb_version());
	assert_int_equal(query("SELECT count(*) FROM sqlite_master WHERE "
			       "name = 'metrics_name';"), 1);
}

/*
 * Version 1 (tests/data/history-v1.sql) gets version 2's cpus, mem and
 * perf columns: its rows read as unknown (NULL), never as unlike.
 */
static void migrate_v1(void **state)
{
	char err[256], why[64];
	struct fl_tpoint *p;
	sqlite3 *db;
	long n;

	load("tests/data/history-v1.sql");
	assert_int_equal(query("PRAGMA user_version;"), 1);
	assert_int_equal(query("SELECT count(*) FROM pragma_table_info('cases') "
			       "WHERE name IN ('cpus', 'mem', 'perf');"), 0);
	db = fl_hdb_open(path, err, sizeof(err));
	assert_non_null(db);
	assert_true(fl_hdb_version() >= 2);
	n = fl_hdb_trend(db, "page_fault1:size=1M|threads|1", "faults_per_sec",
			 NULL, &p, err, sizeof(err));
	assert_int_equal(n, 2);
	assert_string_equal(p[1].run, "B");
	assert_null(p[0].measure[2]);
	assert_null(fl_measure_unlike((const char *const *)p[0].measure,
				      (const char *const *)p[1].measure, why,
				      sizeof(why)));
	fl_hdb_trend_free(p, n);
	fl_hdb_close(db);
	assert_int_equal(query("SELECT count(*) FROM pragma_table_info('cases') "
			       "WHERE name IN ('cpus', 'mem', 'perf');"), 3);
	assert_int_equal(query("SELECT count(*) FROM reps;"), 6);
}

/*
 * Two points measured with and without perf counting are unlike; a row
 * from before the columns (NULL) is unlike nothing.
 */
static void unlike(void **state)
{
	const char *a[FL_MEASURE_NR] = { "compact", "default", "none" };
	const char *b[FL_MEASURE_NR] = { "compact", "default", "stat" };
	const char *c[FL_MEASURE_NR] = { "spread", "default", "stat" };
	const char *old[FL_MEASURE_NR] = { NULL, NULL, NULL };
	char why[FL_UNLIKE_LEN];

	assert_null(fl_measure_unlike(a, a, why, sizeof(why)));
	assert_string_equal(fl_measure_unlike(a, b, why, sizeof(why)), "perf");
	assert_string_equal(why, "none against stat");
	assert_string_equal(fl_measure_unlike(b, c, why, sizeof(why)), "cpus");
	assert_string_equal(why, "compact against spread");
	assert_null(fl_measure_unlike(old, b, why, sizeof(why)));
	assert_null(fl_measure_unlike(b, old, why, sizeof(why)));
}

static void newer(void **state)
{
	char err[256] = "", sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d;",
		 fl_hdb_version() + 1);
	exec(sql);
	assert_null(fl_hdb_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, "is newer than this faultline's"));
	/* refused, not changed */
	assert_int_equal(query("PRAGMA user_version;"), fl_hdb_version() + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrate_v0, setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_v1, setup, teardown),
		cmocka_unit_test(unlike),
		cmocka_unit_test_setup_teardown(fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(newer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
