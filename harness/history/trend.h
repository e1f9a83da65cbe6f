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

#include "rundoc.h"

struct fl_tpoint {
	char *started, *run, *release, *commit, *status;
	char *measure[FL_MEASURE_NR];	/* rundoc.h; NULL before schema 2 */
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

#endif /* FAULTLINE_TREND_H */
