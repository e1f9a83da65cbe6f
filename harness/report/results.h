/* SPDX-License-Identifier: GPL-2.0 */
/* results.h - the result document (docs/results.md) and KTAP. */
#ifndef FAULTLINE_RESULTS_H
#define FAULTLINE_RESULTS_H

#include <json-c/json.h>
#include <stdio.h>

#include "harness.h"

extern const char *const fl_status_name[];

/* The case object, from what the measured process left in shm. */
json_object *fl_result_case(const struct fl_case *c,
			    const struct fl_shared *shm, int status,
			    const char *reason, double elapsed,
			    const char *replay);
/* Write doc to dir/result.json atomically. 0 or -errno. */
int fl_result_write(json_object *doc, const char *dir);

/* KTAP to stdout and to a copy file (may be NULL). */
struct fl_ktap {
	FILE *copy;
	int n;
};
void fl_ktap_plan(struct fl_ktap *k, int ncases);
void fl_ktap_diag(struct fl_ktap *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fl_ktap_case(struct fl_ktap *k, json_object *case_obj);
/* The readable table, as KTAP diagnostic lines. */
void fl_ktap_table(struct fl_ktap *k, json_object *cases);

#endif /* FAULTLINE_RESULTS_H */
