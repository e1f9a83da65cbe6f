/* SPDX-License-Identifier: GPL-2.0 */
/* results.h - the result document (docs/results.md) and KTAP. */
#ifndef FAULTLINE_RESULTS_H
#define FAULTLINE_RESULTS_H

#include <json-c/json.h>
#include <stdio.h>

#include "harness.h"
#include "stats.h"

struct fl_placement;

/* How a case ended, as the supervisor saw it. */
struct fl_case_end {
	enum fl_status status;
	const char *reason;
	double elapsed;
	const char *replay;
	const struct fl_placement *pl;
	json_object *kmsg;	/* { "kmsg": [...], "kmsg_note": ... } */
	json_object *aggressors;	/* taken over; NULL without --with */
};

/*
 * The case object, from the case and what its measured process left
 * in shm: the one place a case object is built (docs/results.md).
 */
json_object *fl_result_case(const struct fl_case *c,
			    const struct fl_shared *shm,
			    const struct fl_case_end *e);
/*
 * A run's document with no case yet: schema, run (name, status
 * "running", start time, argv as "faultline" argv..., version, seed,
 * the case option defaults), system, and an empty "cases" array.
 */
json_object *fl_result_doc(const char *name, const char *version,
			   int argc, char **argv, uint64_t seed,
			   const struct fl_caseopts *defaults,
			   json_object *system);
/* run.status, and run.finished unless it is "running". */
void fl_result_status(json_object *doc, const char *status);
/* The label of the case now running (NULL: none), so that a runner that
 * dies leaves a document naming the case it died in. */
void fl_result_case_running(json_object *doc, const char *label);

/* Write doc to dir/result.json atomically. 0 or -errno. */
int fl_result_write(json_object *doc, const char *dir);

/*
 * A case's outcome, typed: what KTAP, the closing table and the exit
 * code read. Strings point into the case object it was read from.
 */
struct fl_case_result {
	const char *label;	/* the case's one human name */
	enum fl_status status;
	const char *reason;	/* NULL when there is none */
	const char *replay;
	const char *metric;	/* primary metric, NULL if none */
	struct fl_summary primary;	/* its reps; mean per schema.h */
	int disturbed, nsched;	/* reps marked disturbed, reps with sched */
};

/* Read a case object as written by fl_result_case(); 0 or -1. */
int fl_case_result_of(json_object *case_obj, struct fl_case_result *r);

/* kselftest's exit code for a run: 0 pass, 1 fail, 4 all skipped. */
int fl_results_exit(const struct fl_case_result *r, int n);

/* KTAP to stdout and to a copy file (may be NULL). */
struct fl_ktap {
	FILE *copy;
	int n;
};
void fl_ktap_plan(struct fl_ktap *k, int ncases);
void fl_ktap_diag(struct fl_ktap *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fl_ktap_case(struct fl_ktap *k, const struct fl_case_result *r);
/* The readable table and kselftest's totals, as diagnostic lines. */
void fl_ktap_table(struct fl_ktap *k, const struct fl_case_result *r,
		   int n);

#endif /* FAULTLINE_RESULTS_H */
