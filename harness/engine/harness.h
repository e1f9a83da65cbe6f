/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - the runner's own types: cases, the memory the supervisor
 * shares with a case's measured process, and the helpers between the
 * runner's files. Workloads never include this; they see workload.h.
 */
#ifndef FAULTLINE_HARNESS_H
#define FAULTLINE_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "workload.h"
#include "lathist.h"
#include "schema.h"
#include "util.h"

#define FL_MAX_NODES	64
#define FL_MAX_VIOL	64
#define FL_MAX_VMSTAT	64
#define FL_MAX_TASKS	1024

enum fl_mode { FL_MODE_THREADS = 1, FL_MODE_PROCESSES = 2, FL_MODE_BOTH = 3 };

/* Everything a case is run with besides the workload and its params. */
struct fl_caseopts {
	char tasks[64];		/* "1,2,max" */
	int mode;		/* enum fl_mode */
	int duration;		/* measured seconds per rep */
	int warmup;		/* discarded seconds per rep */
	int reps;
	int timeout;		/* per case; 0: derived */
	char cpus[64];		/* compact|spread|smt|none|LIST */
	char mem[64];		/* default|local|interleave|bind:N|... */
};

/* Bits of fl_caseopts given explicitly on the command line. */
enum {
	FL_OPT_TASKS = 1 << 0, FL_OPT_MODE = 1 << 1, FL_OPT_DURATION = 1 << 2,
	FL_OPT_WARMUP = 1 << 3, FL_OPT_REPS = 1 << 4, FL_OPT_TIMEOUT = 1 << 5,
	FL_OPT_CPUS = 1 << 6, FL_OPT_MEM = 1 << 7,
};

struct fl_case {
	const struct fl_workload *wl;
	struct fl_pval param[FL_MAX_PARAMS];
	char spec[512];		/* canonical "wl:k=v,..." */
	char key[600];		/* spec|mode|tasks */
	char label[600];	/* key with only non-default params */
	bool processes;
	int tasks;
	struct fl_caseopts o;
	uint64_t seed;
};

/* Per task, in shared memory, each on its own cache lines. */
struct fl_task_rec {
	uint64_t cnt[FL_MAX_COUNTERS];
	int cpu, cpu_end, node;
	int pid;
	uint32_t pages_by_node[FL_MAX_NODES];
	struct fl_hist *lat;	/* NULL unless wl->latency */
} __attribute__((aligned(64)));

struct fl_viol {
	uint64_t t_ns;
	int task, rep;
	uint64_t page, expected, seen;
	char what[160];
};

/* One repetition's outcome, filled by the case process. */
struct fl_rep_rec {
	int done;
	int nsamples, warm_samples;
	double meas_sec;
	double *t;		/* [nsamples] seconds since start */
	uint64_t *sample;	/* [nsamples][FL_MAX_COUNTERS] deltas */
	uint64_t *delta;	/* [ntasks][FL_MAX_COUNTERS], measured */
	uint64_t vmstat[FL_MAX_VMSTAT];
	uint64_t lat[4];	/* p50, p99, p99.9, max in ns */
	uint64_t nlat;
};

struct fl_shared {
	int stop __attribute__((aligned(64)));
	int go __attribute__((aligned(64)));
	int ready;
	int inject_left;
	int status;		/* enum fl_status, set by the case process */
	char reason[256];
	int rep;		/* rep in progress, for the progress line */
	int ntasks;		/* nr_tasks + nr_extra of the last rep */
	int nr_extra;
	int nviol;		/* total; records kept up to FL_MAX_VIOL */
	struct fl_viol viol[FL_MAX_VIOL];
	int nvmstat;
	char vmstat_name[FL_MAX_VMSTAT][64];
	int max_samples;
	struct fl_rep_rec *rep_rec;	/* [reps] */
	struct fl_task_rec *task;	/* [FL_MAX_TASKS] */
	uint64_t t0_ns;		/* case start, for violation times */
	size_t map_size;
};

/* params.c */
int fl_params_parse(struct fl_case *c, const char *spec, char *err,
		    size_t errlen);
void fl_params_canon(const struct fl_case *c, char *buf, size_t len);
void fl_params_label(const struct fl_case *c, char *buf, size_t len);
void fl_param_text(const struct fl_param *p, const struct fl_pval *v,
		   char *buf, size_t len);
int fl_parse_size(const char *s, long long *out);

/* registry (workloads/registry.c) */
extern const struct fl_workload *const fl_workloads[];
const struct fl_workload *fl_workload_find(const char *name);

/* shm.c */
struct fl_shared *fl_shared_alloc(const struct fl_case *c);
void fl_shared_free(struct fl_shared *shm);

/* launch.c: the measured process; returns its exit code */
struct fl_placement;
int fl_case_main(const struct fl_case *c, struct fl_shared *shm,
		 const struct fl_placement *pl);

/* vmstat.c */
int fl_vmstat_names(struct fl_shared *shm);
void fl_vmstat_read(const struct fl_shared *shm, uint64_t *vals);


#endif /* FAULTLINE_HARNESS_H */
