/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rundoc.h - a run directory's result.json (docs/results.md, schema
 * versions 1 and 2) loaded into plain structs for compare, bisect-step
 * and history. The names it reads are schema.h's.
 */
#ifndef FAULTLINE_RUNDOC_H
#define FAULTLINE_RUNDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"
#include "schema.h"

struct fl_rmetric {
	char *name;
	char *unit;
	bool higher_better;
	bool primary;
	double *reps;
	size_t n;
};

/* One rep's "sched" entry; NaN where the document says null. */
struct fl_rsched {
	double cpu_share, runq_share, steal_share;
	bool disturbed;
};

struct fl_rcase {
	char *key;
	char *workload;
	char *spec;		/* WORKLOAD:K=V,... as recorded */
	char *mode;
	int tasks;
	double duration, warmup;
	int reps;
	char *cpus, *mem;
	double timeout;
	struct fl_caseopts o;	/* the same, and every case option */
	char *status;		/* ok fail error crash timeout skip ... */
	enum fl_status st;	/* the same, typed */
	char *reason;		/* NULL when ok */
	char *replay;
	long long violations;
	struct fl_rmetric *metrics;
	size_t nmetrics;
	struct fl_rsched *sched;	/* [nsched]; none before it existed */
	size_t nsched;
};

struct fl_rundoc {
	char *dir;		/* the run directory as given */
	char *name;
	char *status;		/* complete running interrupted */
	char *started, *finished;
	char *version;		/* faultline_version */
	unsigned long long seed;
	int schema_version;
	char *argv;		/* JSON array text */
	char *hostname;
	char *release, *kversion, *cmdline;
	char *config_sha;	/* NULL if the config was not found */
	char *cpu_model;
	int pus, nodes;
	char *vm;		/* accel, vcpus, mem_mb, numa of system.vm as
				 * JSON text; NULL on bare metal */
	struct fl_rcase *cases;
	size_t ncases;
	/*
	 * A side of `compare --runs K` (group.h): its K run directories;
	 * 0 and NULL for one run.
	 */
	int nruns;
	const char **run_dirs;
};

/*
 * Load <path>/result.json (or path itself if it is a file). Returns 0,
 * or -1 with a one-line reason in err.
 */
int fl_rundoc_load(const char *path, struct fl_rundoc *doc,
		   char *err, size_t errlen);
void fl_rundoc_free(struct fl_rundoc *doc);

struct fl_rcase *fl_rundoc_case(const struct fl_rundoc *doc,
			       const char *key);
struct fl_rmetric *fl_case_metric(const struct fl_rcase *c, const char *name);
/*
 * The case options that change what a case measures, not only how long:
 * where its tasks ran (cpus), its memory policy (mem), and perf counting
 * beside it (perf: --perf stat cost page_fault1 5.9% here,
 * docs/compare.md). Duration, warm-up and reps may differ between two
 * runs that are compared. fl_measure_of() fills m[] with a case's values
 * in fl_measure_name[] order; the history database keeps them as they
 * are (hdb.c).
 */
#define FL_MEASURE_NR	3
#define FL_UNLIKE_LEN	(2 * FL_CO_STRLEN + 16)	/* "A against B" */
extern const char *const fl_measure_name[FL_MEASURE_NR];
void fl_measure_of(const struct fl_caseopts *o, const char *m[FL_MEASURE_NR]);
/*
 * The first of them in which b differs from a, with "A against B" in why
 * (FL_UNLIKE_LEN); NULL when they agree, or when either is not known
 * (NULL: a history row from before they were recorded).
 */
const char *fl_measure_unlike(const char *const a[FL_MEASURE_NR],
			      const char *const b[FL_MEASURE_NR], char *why,
			      size_t len);
/* fl_measure_unlike() of two runs of a case. */
const char *fl_rcase_unlike(const struct fl_rcase *a,
			    const struct fl_rcase *b, char *why, size_t len);
struct fl_rmetric *fl_case_primary(const struct fl_rcase *c);

#endif /* FAULTLINE_RUNDOC_H */
