/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perflock.h - read what `perf lock contention` prints: a header, then
 * one line per lock (or caller),
 *
 *	contended  total wait  max wait  avg wait  type  caller
 *	        1    69.49 us  69.49 us  69.49 us  rwlock:R  kernel_wait4+0x9c
 *
 * with times as a number and a unit (ns, us, ms, s).
 */
#ifndef FAULTLINE_PERFLOCK_H
#define FAULTLINE_PERFLOCK_H

#define FL_LOCK_TOP	4

struct fl_lock_row {
	char what[80];		/* "type caller" */
	double contended;
	double wait_ns;		/* total wait */
};

struct fl_lock_sum {
	int rows;		/* lines read */
	double contended, wait_ns;	/* over all of them */
	int ntop;
	struct fl_lock_row top[FL_LOCK_TOP];	/* the first lines */
};

/* Parse text into s; the number of lock lines read. */
int fl_perflock_parse(const char *text, struct fl_lock_sum *s);

#endif /* FAULTLINE_PERFLOCK_H */
