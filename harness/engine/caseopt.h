/* SPDX-License-Identifier: GPL-2.0 */
/*
 * caseopt.h - the one option layer for case options (FL_CASEOPTS in
 * harness.h): `run`'s command line, suite lines, bisect-step's
 * overrides and vm's RUN-ARGS all parse, check and print them here,
 * and one function turns a case back into the command that replays it.
 */
#ifndef FAULTLINE_CASEOPT_H
#define FAULTLINE_CASEOPT_H

#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness.h"

struct fl_topo;

/* getopt value of a case option without a letter (see cli.h) */
#define FL_CO_OPTVAL	0x1000

/* Defaults, every value checked; nothing marked as set. */
void fl_caseopts_default(struct fl_caseopts *o);

/*
 * Check arg and store it as option id, marking it set. t may be NULL:
 * placement policies are then checked for form only (vm's RUN-ARGS
 * run on the guest's topology). 0, or -1 with a one-line err.
 */
int fl_caseopt_set(struct fl_caseopts *o, int id, const char *arg,
		   const struct fl_topo *t, char *err, size_t errlen);
/* The value as it would be typed. */
void fl_caseopt_text(const struct fl_caseopts *o, int id, char *buf,
		     size_t len);
/* Copy the options set in src into dst (src wins). */
void fl_caseopts_merge(struct fl_caseopts *dst,
		       const struct fl_caseopts *src);

/*
 * Append the case options to a getopt_long table (n entries so far,
 * room for FL_CO_NR more plus the end) and their letters to shortopts.
 * fl_caseopt_of() maps getopt's return value back to an id, or -1.
 */
int fl_caseopts_getopt(struct option *opts, int n, char *shortopts,
		       size_t len);
int fl_caseopt_of(int opt);
/* The case options of a --help text, one line each. */
void fl_caseopts_help(FILE *f);

/* A case option that takes no value (--sweep). */
bool fl_caseopt_flag(int id);
/*
 * The task counts of a checked -t list, max being the usable CPUs,
 * ranges A..B expanded to A, 2A, 4A, ... below B, then B; in order,
 * repeats kept. At most cap of them into out; returns how many.
 */
int fl_tasks_expand(const char *list, int max, int *out, int cap);

/* The option named by argv word w ("-t", "--tasks", "--tasks=1"), or -1. */
int fl_caseopt_lookup(const char *w, const char **inline_val);

/*
 * Parse the words of a suite line: case options anywhere (and "--"
 * ends them), the rest are operands, stored in ops (at most max).
 * Returns the number of operands, or -1 with err set.
 */
int fl_caseopts_words(struct fl_caseopts *o, int argc, char **argv,
		      const struct fl_topo *t, char **ops, int max,
		      char *err, size_t errlen);

/*
 * The result document records every case option but -t and -m (a case
 * has one task count and one mode, its own "tasks" and "mode") under
 * its long name: integers as numbers, the rest as strings. _json()
 * adds them to obj; _from_json() reads back those present, checked.
 */
void fl_caseopts_json(const struct fl_caseopts *o, json_object *obj);
int fl_caseopts_from_json(struct fl_caseopts *o, json_object *obj,
			  char *err, size_t errlen);

/* A growable argv of strings it owns. */
struct fl_args {
	char **v;
	int n, cap;
};
void fl_args_add(struct fl_args *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fl_args_free(struct fl_args *a);
/* The words joined into one line a POSIX shell reads back the same. */
char *fl_args_shell(const struct fl_args *a);

/* What the replay command of a case needs. */
struct fl_replay {
	uint64_t seed;			/* the run seed */
	const char *spec;		/* WORKLOAD:K=V,... */
	const char *tasks, *mode;	/* this case's -t and -m */
	const struct fl_caseopts *o;
	char *const *with;		/* --with specs */
	int nwith;
};

/* Append `--seed N -t T -m M ... SPEC`: the `run` arguments. */
void fl_replay_args(struct fl_args *a, const struct fl_replay *r);
/*
 * The replay command line of a case, shell-quoted, with
 * FAULTLINE_INJECT= in front when it is set for this workload.
 */
char *fl_replay_line(const struct fl_case *c, uint64_t run_seed,
		     char *const *with, int nwith);

#endif /* FAULTLINE_CASEOPT_H */
