/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.h - one BASE run against one or more NEW runs: the matched
 * cases, a decision per metric, and the four ways to print it.
 */
#ifndef FAULTLINE_COMPARE_H
#define FAULTLINE_COMPARE_H

#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>

#include "rundoc.h"
#include "stats.h"

enum fl_gate {
	FL_GATE_PRIMARY,	/* only primary metrics can fail the gate */
	FL_GATE_ALL,		/* every metric can */
};

struct fl_cmp_opts {
	struct fl_rule rule;
	enum fl_gate gate;
	const char *key_glob;	/* only cases whose key matches */
	const char *metrics;	/* comma list of metric names, or NULL */
	bool wall_clock;	/* no outside-load veto (outside_veto()) */
	int runs;		/* runs a side, the run as unit (group.h) */
	int base_runs;		/* BASE is this many runs, each NEW one */
};

struct fl_cmp_metric {
	const struct fl_rmetric *base, *new;
	struct fl_decision d;
	bool gated;		/* counts for the exit status */
};

/*
 * Where a case's noise came from, from its reps' "sched" entries: from
 * outside when some rep was disturbed (cpu_share below --min-cpu-share)
 * and run-queue wait plus steal account for at least half the CPU time
 * the tasks lost; from the workload itself otherwise (the tasks had
 * their CPUs, or were off them blocked or asleep, not waiting to run).
 */
enum fl_noise_src {
	FL_NOISE_UNKNOWN,	/* no sched data (older documents) */
	FL_NOISE_OUTSIDE,
	FL_NOISE_WORKLOAD,
};

struct fl_noise {
	int reps;		/* reps with a known cpu_share */
	int disturbed;
	double cpu_share, runq_share, steal_share;	/* means over reps */
	enum fl_noise_src src;
};

void fl_noise_of(const struct fl_rcase *c, struct fl_noise *n);
const char *fl_noise_name(enum fl_noise_src src);

/* One base case against one new run. */
struct fl_cmp_side {
	const struct fl_rcase *c;	/* NULL: missing in that run */
	bool broken;		/* base ok, new not ok (always flagged) */
	bool fixed;		/* base not ok, new ok */
	struct fl_cmp_metric *m;	/* [case->nmetrics], NULL if no stats */
	bool noisy;		/* the primary metric's CoV is over the limit
				 * on a side, or its verdict is unstable */
	struct fl_noise base_noise, new_noise;
	const char *unlike;	/* fl_rcase_unlike(), or NULL */
	char unlike_why[FL_UNLIKE_LEN];
};

struct fl_cmp_case {
	const struct fl_rcase *base;
	struct fl_cmp_side *side;	/* one per new run */
};

/* A case only a new run has. */
struct fl_cmp_added {
	int run;			/* index into new */
	const struct fl_rcase *c;
};

struct fl_cmp {
	const struct fl_cmp_opts *opts;
	const struct fl_rundoc *base;
	const struct fl_rundoc *new;	/* array of nnew */
	int nnew;
	struct fl_cmp_case *cases;
	size_t ncases;
	/* totals over every new run */
	int regressions, improvements, unstable, broken, fixed, missing;
	int added;		/* cases only in a new run */
	struct fl_cmp_added *added_case;	/* [added] */
};

void fl_cmp_opts_default(struct fl_cmp_opts *o);
void fl_cmp_build(struct fl_cmp *c, const struct fl_cmp_opts *o,
		  const struct fl_rundoc *base,
		  const struct fl_rundoc *new, int nnew);
void fl_cmp_free(struct fl_cmp *c);
/*
 * The rule's test on one metric: fl_decide_predict() with --base-runs
 * (a new run against earlier runs), else fl_decide() (two samples).
 */
void fl_cmp_decide(const struct fl_cmp_opts *o, const struct fl_rmetric *b,
		   const struct fl_rmetric *n, struct fl_decision *d);
/*
 * A WORSE or BETTER verdict v on metric name that only CPU time lost to
 * outside load explains: a side's noise came from outside and the
 * per-CPU-second twin (name_per_cpu_sec) does not agree. False with
 * --wall-clock.
 */
bool fl_cmp_disturbed(const struct fl_cmp_opts *o, const struct fl_rcase *bc,
		      const struct fl_rcase *nc, const char *name,
		      enum fl_verdict v);
/* 0 pass, 1 regression or correctness failure */
int fl_cmp_status(const struct fl_cmp *c);

void fl_cmp_print_text(const struct fl_cmp *c, FILE *f);
void fl_cmp_print_markdown(const struct fl_cmp *c, FILE *f);
void fl_cmp_print_json(const struct fl_cmp *c, FILE *f);
/* A row per case, NEW run and metric; the numbers of --json, exact. */
void fl_cmp_print_csv(const struct fl_cmp *c, FILE *f);

/*
 * What a value is: "the rep (one run a side)", or a run (--runs,
 * --base-runs); fl_cmp_by_run() is true for the latter.
 */
const char *fl_cmp_unit(const struct fl_cmp *c);
bool fl_cmp_by_run(const struct fl_cmp *c);
/* "Welch", "Mann-Whitney" or, with --base-runs, the prediction test */
const char *fl_cmp_test_name(const struct fl_cmp *c);
/*
 * A change called with one run a side: the verdict has not seen the
 * spread between runs (the printers say so and name --runs).
 */
bool fl_cmp_one_run_call(const struct fl_cmp *c);
#define FL_CMP_ONE_RUN_NOTE \
	"one run a side: the spread between runs is not in this verdict "\
	"(docs/compare.md); confirm with --runs 3"
/* Short mark for a decision: "", "worse", "better", "unstable", ... */
const char *fl_cmp_mark(const struct fl_cmp_metric *m);
/* Number as LKP prints it: integral when large, 4 digits otherwise. */
void fl_cmp_num(char *buf, size_t len, double v);
/* %change as "+1.2%", p as "0.012"; "-" when there is none (NaN). */
void fl_cmp_pct(char *buf, size_t len, double v);
void fl_cmp_p(char *buf, size_t len, double v);

#endif /* FAULTLINE_COMPARE_H */

/*
 * Options compare, bisect-step and history share: --threshold,
 * --alpha, --cov-limit, --test, --gate. fl_cmp_option() applies one
 * (by its long name) or calls fl_usage_error().
 */
#define FL_CMP_LONGOPTS \
	{ "threshold", required_argument, NULL, 0x100 }, \
	{ "alpha", required_argument, NULL, 0x101 }, \
	{ "cov-limit", required_argument, NULL, 0x102 }, \
	{ "test", required_argument, NULL, 0x103 }, \
	{ "gate", required_argument, NULL, 0x104 }, \
	{ "wall-clock", no_argument, NULL, 0x105 }
#define FL_CMP_OPT_FIRST	0x100
#define FL_CMP_OPT_LAST		0x105
#define FL_CMP_HELP \
	"  --threshold PCT   smallest |%change| that counts (default 3)\n" \
	"  --alpha A         significance level (default 0.05)\n" \
	"  --cov-limit PCT   CoV above which a case is unstable (default 5)\n"\
	"  --test welch|mwu  Welch's t-test or Mann-Whitney U (welch)\n" \
	"  --gate primary|all  metrics that can fail the gate (primary)\n" \
	"  --wall-clock      judge a rate by wall-clock time alone, also when\n" \
	"                    a side lost CPU time to outside load (compare)\n"

void fl_cmp_option(struct fl_cmp_opts *o, int opt, const char *arg);
