/* SPDX-License-Identifier: GPL-2.0 */
/* run.h - between `faultline run`'s option parsing, suites and cases. */
#ifndef FAULTLINE_RUN_H
#define FAULTLINE_RUN_H

#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "caseopt.h"
#include "harness.h"
#include "placement.h"


/* A growable list of cases. */
struct fl_caselist {
	struct fl_case *c;
	int n, cap;
};

/* Free the cases' parameter strings and the list. */
void fl_caselist_free(struct fl_caselist *l);
/* Add the cases of one spec under options o (modes x task counts). */
int fl_cases_add(struct fl_caselist *l, const char *spec,
		 const struct fl_caseopts *o, const struct fl_topo *t,
		 uint64_t run_seed, char *err, size_t errlen);
/*
 * Add every line of a suite file. Options explicitly given on the
 * command line (those set in cli) override a line's own.
 */
int fl_suite_load(struct fl_caselist *l, const char *path,
		  const struct fl_caseopts *cli, const struct fl_topo *t,
		  uint64_t run_seed, char *err, size_t errlen);

/* What the supervisor needs besides the case. */
struct fl_runctx {
	volatile int *interrupted;
	char *const *with;
	int nwith;
	const char *scratch;
	uint64_t run_seed;
	bool progress;
	bool strict;		/* an unwatched kernel log is an error */
	int index, ncases;
	double t_start, expect_done, expect_total;
};

/* Run one case in its own measured process; returns the case object. */
json_object *fl_supervise(const struct fl_case *c,
			  const struct fl_placement *pl,
			  struct fl_runctx *rc);

#endif /* FAULTLINE_RUN_H */
