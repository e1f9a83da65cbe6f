/* SPDX-License-Identifier: GPL-2.0 */
/* run.h - between `faultline run`'s option parsing, suites and cases. */
#ifndef FAULTLINE_RUN_H
#define FAULTLINE_RUN_H

#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>

#include "harness.h"
#include "placement.h"

enum {
	OPT_SEED = 256, OPT_TIMEOUT, OPT_CPUS, OPT_MEM, OPT_WITH, OPT_QUIET,
	OPT_DB, OPT_NO_DB, OPT_COMMIT,
};

/* The options a suite line may set, and that -t.. on the command line
 * override. */
extern const struct option fl_case_longopts[];
extern const char fl_case_shortopts[];

/* Apply one case option; -1 with err set if the value is bad. */
int fl_caseopt_set(struct fl_caseopts *o, int opt, const char *arg,
		   const struct fl_topo *t, char *err, size_t errlen);
void fl_caseopts_default(struct fl_caseopts *o);

/* A growable list of cases. */
struct fl_caselist {
	struct fl_case *c;
	int n, cap;
};

/* Add the cases of one spec under options o (modes x task counts). */
int fl_cases_add(struct fl_caselist *l, const char *spec,
		 const struct fl_caseopts *o, const struct fl_topo *t,
		 uint64_t run_seed, char *err, size_t errlen);
/*
 * Add every line of a suite file. Options explicitly given on the
 * command line (cli, mask) override a line's own.
 */
int fl_suite_load(struct fl_caselist *l, const char *path,
		  const struct fl_caseopts *cli, unsigned int mask,
		  const struct fl_topo *t, uint64_t run_seed, char *err,
		  size_t errlen);

/* What the supervisor needs besides the case. */
struct fl_runctx {
	volatile int *interrupted;
	char *const *with;
	int nwith;
	const char *scratch;
	uint64_t run_seed;
	bool progress;
	int index, ncases;
	double t_start, expect_done, expect_total;
};

/* Run one case in its own measured process; returns the case object. */
json_object *fl_supervise(const struct fl_case *c,
			  const struct fl_placement *pl,
			  struct fl_runctx *rc);
/* The command line that replays case c exactly. */
void fl_replay_cmd(const struct fl_case *c, const struct fl_runctx *rc,
		   char *buf, size_t len);

#endif /* FAULTLINE_RUN_H */
