/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf.h - --perf: perf stat counters, or lock contention from perf lock,
 * over a rep's measured window. perf runs as a child
 * of the measured process (posix_spawnp, no shell), attached to the
 * case's tasks with -t, started with its events disabled and switched
 * on and off through --control at the window's edges.
 */
#ifndef FAULTLINE_PERF_H
#define FAULTLINE_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "perfcsv.h"
#include "perflock.h"

/* --perf stat without a list: software events, and two hardware ones */
#define FL_PERF_DEFAULT_EVENTS	"task-clock,page-faults,minor-faults," \
				"major-faults,context-switches," \
				"cpu-migrations,cycles,instructions"

enum fl_perf_what { FL_PERF_NONE, FL_PERF_STAT, FL_PERF_LOCK };

/*
 * Parse a --perf value: none, stat, stat=EVENTS or lock. *events is
 * the list asked for (the default list for a bare stat). 0 or -1.
 */
int fl_perf_parse(const char *arg, enum fl_perf_what *what,
		  const char **events);

/* The case's perf set-up, decided by the supervisor before the case. */
struct fl_perf_plan {
	enum fl_perf_what what;
	char events[512];	/* the events to count, "" if none */
	char skipped[512];	/* "EVENT: why; ..." of those left out */
	char reason[256];	/* why there is nothing at all, or "" */
};

/*
 * Decide what a --perf value can do on this machine: a short perf stat
 * of `true` tells which events perf can open; for lock, whether the
 * lock tracepoints are there. Fills plan; runs perf, so not in a measured
 * window.
 */
void fl_perf_plan(const char *arg, struct fl_perf_plan *plan);

/* One rep's counts. */
struct fl_perf_rep {
	int n;
	struct fl_perf_count c[FL_PERF_MAX_EVENTS];
	double ops, ops_err;	/* primary ops in perf's window, +- */
	struct fl_lock_sum lock;	/* --perf lock */
	bool lock_ok;		/* lock has perf lock contention's word */
	char err[160];		/* why this rep has no counts, or "" */
};

/* A running perf stat. */
struct fl_perf_run {
	pid_t pid;
	enum fl_perf_what what;
	int ctl, ack, out;	/* control, acknowledgement, its stderr */
	int data;		/* --perf lock: perf.data, a memfd */
};

/*
 * Start perf on tids, counters off: perf stat -e events (FL_PERF_STAT)
 * or perf lock record (FL_PERF_LOCK). 0, or -1 with r->err set.
 */
int fl_perf_start(struct fl_perf_run *p, enum fl_perf_what what,
		  const char *events, const int *tids, int n,
		  struct fl_perf_rep *r);
/* "enable" or "disable", waiting for perf's ack. 0, or -1 (r->err). */
int fl_perf_ctl(struct fl_perf_run *p, const char *cmd,
		struct fl_perf_rep *r);
/* Stop perf, wait for it and parse its counts (or contention) into r. */
void fl_perf_finish(struct fl_perf_run *p, struct fl_perf_rep *r);

#endif /* FAULTLINE_PERF_H */
