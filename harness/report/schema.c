// SPDX-License-Identifier: GPL-2.0
/* schema.c - statuses, metric names and means (schema.h). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "stats.h"

/*
 * fail, crash and timeout may be the kernel's doing, so git bisect
 * calls them bad; error (the harness or the set-up could not run the
 * case), skip and interrupted say nothing about the kernel.
 */
#define ST(st, name, out, dir, bad)				\
	[FL_ST_##st] = { name, FL_OUT_##out, dir, bad }
const struct fl_status_info fl_status_info[FL_ST_NR] = {
	ST(OK, "ok", PASS, NULL, false),
	ST(FAIL, "fail", FAIL, NULL, true),
	ST(ERROR, "error", ERROR, "ERROR", false),
	ST(CRASH, "crash", ERROR, "ERROR", true),
	ST(TIMEOUT, "timeout", ERROR, "TIMEOUT", true),
	ST(SKIP, "skip", SKIP, "SKIP", false),
	ST(INTERRUPTED, "interrupted", ERROR, "ERROR", false),
};

const char *const fl_latency_metrics[4] = {
	"lat_p50_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns",
};

int fl_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < FL_ST_NR; i++)
		if (!strcmp(name, fl_status_info[i].name))
			return i;
	return -1;
}

const char *fl_status_name(enum fl_status st)
{
	return (unsigned int)st < FL_ST_NR ? fl_status_info[st].name : "?";
}

enum fl_outcome fl_status_outcome(enum fl_status st)
{
	return (unsigned int)st < FL_ST_NR ? fl_status_info[st].outcome :
	       FL_OUT_ERROR;
}

bool fl_status_broken(enum fl_status st)
{
	enum fl_outcome o = fl_status_outcome(st);

	return o == FL_OUT_FAIL || o == FL_OUT_ERROR;
}

bool fl_run_unfinished(const char *status)
{
	return status && strcmp(status, FL_RUN_COMPLETE);
}

double fl_metric_mean(bool higher_better, const double *v, size_t n)
{
	struct fl_summary s;

	if (!n)
		return NAN;
	fl_summarize(v, n, higher_better, &s);
	return s.mean;
}

void fl_seed_text(uint64_t seed, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64, seed);
}
