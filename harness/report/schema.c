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
const struct fl_status_info fl_status_info[FL_ST_NR] = {
	[FL_ST_OK]	    = { "ok",		FL_OUT_PASS,  NULL,	 false },
	[FL_ST_FAIL]	    = { "fail",		FL_OUT_FAIL,  NULL,	 true },
	[FL_ST_ERROR]	    = { "error",	FL_OUT_ERROR, "ERROR",	 false },
	[FL_ST_CRASH]	    = { "crash",	FL_OUT_ERROR, "ERROR",	 true },
	[FL_ST_TIMEOUT]	    = { "timeout",	FL_OUT_ERROR, "TIMEOUT", true },
	[FL_ST_SKIP]	    = { "skip",		FL_OUT_SKIP,  "SKIP",	 false },
	[FL_ST_INTERRUPTED] = { "interrupted",	FL_OUT_ERROR, "ERROR",	 false },
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
