/* SPDX-License-Identifier: GPL-2.0 */
/*
 * group.h - K runs of one kernel as one side of a comparison, the run
 * as the unit (`compare --runs K`).
 */
#ifndef FAULTLINE_GROUP_H
#define FAULTLINE_GROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "rundoc.h"
#include "stats.h"

/*
 * Fill g from runs[0..k-1], which must have run one kernel (release,
 * version, config) if one_kernel is set, and must have measured each
 * case alike (fl_rcase_unlike()): the first run's metadata;
 * every case any run has (a key twice in one run: the first), with
 * each metric's values the runs' means (one per run that has it),
 * the reps' sched entries of all runs, the violations summed and the
 * first status that is not ok. g points into runs: free it first, with
 * fl_rundoc_group_free(). Returns 0, or -1 with a one-line reason.
 */
int fl_rundoc_group(const struct fl_rundoc *runs, int k, bool one_kernel,
		    struct fl_rundoc *g, char *err, size_t errlen);
void fl_rundoc_group_free(struct fl_rundoc *g);

#endif /* FAULTLINE_GROUP_H */
