/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trend.h - one case's metric across the runs recorded in the history
 * database, oldest first, for the HTML report's trend plots.
 */
#ifndef FAULTLINE_TREND_H
#define FAULTLINE_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

struct fl_tpoint {
	char *started, *run, *release, *commit, *status;
	char *measure[3];	/* cpus, mem, perf; NULL before schema 2 */
	bool higher;
	double *v;		/* per-rep values */
	size_t n;
};

/*
 * Every run of case key on machine (fl_hdb_machine(); NULL: any) that
 * recorded metric. Returns the number of points (*out malloc'd), or -1
 * with err set.
 */
long fl_hdb_trend(sqlite3 *db, const char *key, const char *metric,
		  const char *machine, struct fl_tpoint **out,
		  char *err, size_t errlen);
void fl_hdb_trend_free(struct fl_tpoint *p, long n);

/*
 * The option (cpus, mem or perf, as recorded: fl_hdb_measure_cols()) in
 * which point b was measured unlike point a (fl_rcase_unlike(), rundoc.h),
 * with "A against B" in why; NULL when they agree or either predates
 * the columns.
 */
const char *fl_hdb_unlike(char *const a[3], char *const b[3], char *why,
			  size_t len);

#endif /* FAULTLINE_TREND_H */
