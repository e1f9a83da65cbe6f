/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aggressor.h - stress-ng and fio started beside a case (--with).
 *
 * The runner calls aggr_start() just before a case's measured process
 * starts and aggr_stop() right after it ends, whatever its outcome.
 */
#ifndef FAULTLINE_AGGRESSOR_H
#define FAULTLINE_AGGRESSOR_H

#include <sys/types.h>

#include <json-c/json.h>

struct aggr;

/* Check one --with SPEC ("stress-ng:ARGS" or "fio:JOBFILE"); 0 or -1. */
int aggr_parse(const char *spec, char *err, size_t errlen);

/*
 * Start every spec. `dir` is a scratch directory the aggressors may use
 * (it is removed by the runner). Returns NULL only if nothing to start.
 */
struct aggr *aggr_start(char *const *specs, int nr, const char *dir);

/*
 * Stop them all (SIGTERM, then SIGKILL), reap, and return their parsed
 * metrics, the case's "aggressors" array. Frees `a`. NULL is fine (and
 * gives NULL).
 */
json_object *aggr_stop(struct aggr *a);

/*
 * A process that cleans up after a runner that dies, even by SIGKILL:
 * kills the aggressors left (FL_AGGR_DIR=scratch), removes scratch and
 * marks rundir's result.json interrupted. aggr_unguard() on a normal exit.
 */
pid_t aggr_guardian(const char *scratch, const char *rundir);
void aggr_unguard(pid_t guardian);

#endif /* FAULTLINE_AGGRESSOR_H */
