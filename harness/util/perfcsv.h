/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perfcsv.h - read what `perf stat -x,` prints: one line per event,
 *
 *	value,unit,event,run time (ns),percent running,metric,metric unit
 *
 * where value is a count, or "<not supported>" / "<not counted>".
 */
#ifndef FAULTLINE_PERFCSV_H
#define FAULTLINE_PERFCSV_H

#include <stddef.h>

#define FL_PERF_MAX_EVENTS	16
#define FL_PERF_NAME		64

struct fl_perf_count {
	char event[FL_PERF_NAME];
	char unit[16];		/* "msec", or "" for a count */
	double value;		/* as perf scaled it; NaN if not counted */
	double pct;		/* percent of the time the counter ran */
	char why[32];		/* "not supported", ...; "" if counted */
};

/*
 * Parse text into at most max counts. Lines that are not event lines
 * (comments, blank lines, perf's messages) are passed over. Returns the
 * number of counts read.
 */
int fl_perfcsv_parse(const char *text, struct fl_perf_count *out, int max);

#endif /* FAULTLINE_PERFCSV_H */
