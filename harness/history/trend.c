// SPDX-License-Identifier: GPL-2.0
/* trend.c - the recorded values of one case's metric, oldest first. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "hdb.h"
#include "trend.h"
#include "util.h"

static char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static void load_reps(sqlite3 *db, sqlite3_int64 mid, struct fl_tpoint *p)
{
	sqlite3_stmt *s;

	p->v = malloc(sizeof(double));
	if (sqlite3_prepare_v2(db, "SELECT value FROM reps WHERE "
			       "metric_id = ? ORDER BY rep", -1, &s, NULL))
		return;
	sqlite3_bind_int64(s, 1, mid);
	while (sqlite3_step(s) == SQLITE_ROW) {
		p->v = fl_realloc(p->v, (p->n + 1) * sizeof(double));
		p->v[p->n++] = sqlite3_column_double(s, 0);
	}
	sqlite3_finalize(s);
}

long fl_hdb_trend(sqlite3 *db, const char *key, const char *metric,
		  const char *machine, struct fl_tpoint **out,
		  char *err, size_t errlen)
{
	struct fl_tpoint *p = NULL, *q;
	sqlite3_stmt *s;
	long n = 0;
	char *sql = sqlite3_mprintf(
		"SELECT r.started, r.name, k.release, k.git_commit, "
		"c.status, m.better, m.id, %s "
		"FROM metrics m JOIN cases c ON m.case_id = c.id "
		"JOIN runs r ON c.run_id = r.id "
		"JOIN kernels k ON r.kernel_id = k.id "
		"WHERE c.key = ?1 AND m.name = ?2 "
		"AND (?3 IS NULL OR r.machine = ?3) "
		"ORDER BY r.started, r.id", fl_hdb_measure_cols(db));
	int i, rc;

	if (!sql)
		abort();
	rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc) {
		snprintf(err, errlen, "history: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	if (machine)
		sqlite3_bind_text(s, 3, machine, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		p = fl_realloc(p, (n + 1) * sizeof(*p));
		q = &p[n++];
		memset(q, 0, sizeof(*q));
		q->started = col(s, 0);
		q->run = col(s, 1);
		q->release = col(s, 2);
		q->commit = col(s, 3);
		q->status = col(s, 4);
		q->higher = strcmp((const char *)sqlite3_column_text(s, 5) ?:
				   "", "lower") != 0;
		load_reps(db, sqlite3_column_int64(s, 6), q);
		for (i = 0; i < FL_MEASURE_NR; i++)
			q->measure[i] = col(s, 7 + i);
	}
	sqlite3_finalize(s);
	*out = p;
	return n;
}

void fl_hdb_trend_free(struct fl_tpoint *p, long n)
{
	long i;
	int j;

	for (i = 0; i < n; i++) {
		free(p[i].started);
		free(p[i].run);
		free(p[i].release);
		free(p[i].commit);
		free(p[i].status);
		free(p[i].v);
		for (j = 0; j < FL_MEASURE_NR; j++)
			free(p[i].measure[j]);
	}
	free(p);
}

