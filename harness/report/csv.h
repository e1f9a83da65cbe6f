/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csv.h - the CSV outputs (RFC 4180): every value read from the result
 * document through rundoc.h, numbers as the shortest %g that reads back
 * exactly. Used by `run --csv`, `report --csv`, `compare --csv` and
 * `history --csv`; docs/results.md describes the columns.
 */
#ifndef FAULTLINE_CSV_H
#define FAULTLINE_CSV_H

#include <stdio.h>

#include "rundoc.h"

/* A quoted field and its comma (quotes doubled, as jq's @csv). */
void fl_csv_str(FILE *f, const char *s);
/* A number, exact; an empty field for NaN or infinity. No comma. */
void fl_csv_num(FILE *f, double v);

/* The per-rep layout: one row per case, metric and rep. */
#define FL_CSV_REPS_HEADER \
	"run,key,workload,mode,tasks,status,metric,unit,rep,value\n"
void fl_csv_reps(FILE *f, const struct fl_rundoc *d);

/*
 * will-it-scale's layout (runtest.py) for the cases of one spec:
 * tasks,processes,threads,linear; a row per task count, the mean of
 * the primary metric (fl_metric_mean) of an ok case in each mode, an
 * empty field where that mode has no ok case; linear is the larger of
 * the two 1-task means times tasks (empty without a 1-task case).
 * Returns the number of rows.
 */
#define FL_CSV_WIS_HEADER	"tasks,processes,threads,linear\n"
int fl_csv_wis(FILE *f, const struct fl_rundoc *d, const char *spec);

/*
 * Write RUN/result.csv (the per-rep layout) and, for each spec with
 * cases at two task counts or more, RUN/scaling/WORKLOAD[-N].csv in
 * will-it-scale's layout with its spec in WORKLOAD[-N].title. 0, or
 * -1 with one line in err.
 */
int fl_csv_run_files(const char *dir, char *err, size_t errlen);

#endif /* FAULTLINE_CSV_H */
