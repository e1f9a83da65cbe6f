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
#include "perf.h"
#include "schema.h"
#include "parse.h"
#include "util.h"

#define FL_MAX_NODES	64
#define FL_MAX_VIOL	64
#define FL_MAX_VMSTAT	64
#define FL_MAX_TASKS	1024

/* -m: the values and their names come from this one list. */
#define FL_MODES(X)							\
	X(THREADS, "threads")						\
	X(PROCESSES, "processes")					\
	X(BOTH, "both")
#define FL_MODE_ENUM(id, name)	FL_MODE_##id,
enum fl_mode { FL_MODES(FL_MODE_ENUM) FL_MODE_NR };
extern const char *const fl_mode_names[FL_MODE_NR + 1];

/*
 * The case options: everything a case is run with besides the workload
 * and its parameters, one line each. This list is the only place an
 * option is defined: caseopt.c makes the getopt tables, the checks,
 * --help, the suite-line parser and the replay command line from it.
 * Adding one: a line here and its entry in docs/faultline.1.
 *
 *	X(field, type, long name, letter, METAVAR, default, min, max, help)
 *
 * Types: INT (min..max), ENUM (enum fl_mode), TASKS (a list of counts
 * in min..max or "max", and ranges A..B: A, 2A, 4A, ... below B, then
 * B), CPUS and MEM (placement policies), PERF (what --perf measures,
 * perf.h), and SWEEP: a flag with no value and no field of its own that
 * sets tasks to its default column (1..max), as if that -t were given
 * there (command line, suite line). The string types hold FL_CO_STRLEN
 * bytes.
 */
#define FL_CASEOPTS(X)							\
	X(tasks, TASKS, "tasks", 't', "LIST", "1,max", 1, FL_MAX_TASKS,	\
	  "task counts, e.g. 1,2,max or 1..max (max: usable CPUs)")	\
	X(sweep, SWEEP, "sweep", 0, "", "1..max", 0, 0,			\
	  "scaling sweep, 1,2,4,... and max: -t 1..max")		\
	X(mode, ENUM, "mode", 'm', "MODE", "threads", 0, 0,		\
	  "threads, processes or both")					\
	X(duration, INT, "duration", 'd', "SEC", "5", 1, 86400,		\
	  "measured seconds per rep")					\
	X(warmup, INT, "warmup", 'w', "SEC", "1", 0, 3600,		\
	  "seconds discarded before measuring")				\
	X(reps, INT, "reps", 'r', "N", "5", 1, 1000,			\
	  "repetitions per case, or auto")				\
	X(max_reps, INT, "max-reps", 0, "N", "30", 2, 1000,		\
	  "-r auto: at most this many reps")				\
	X(timeout, INT, "timeout", 0, "SEC", "0", 0, 864000,		\
	  "per-case watchdog; 0: 2 x expected + 30")			\
	X(cpus, CPUS, "cpus", 0, "POLICY", "compact", 0, 0,		\
	  "compact, spread, smt, none or a CPU list")			\
	X(mem, MEM, "mem", 0, "POLICY", "default", 0, 0,		\
	  "default, local, interleave, bind:N, preferred:N, remote")	\
	X(min_cpu_share, INT, "min-cpu-share", 0, "PCT", "90", 0, 100,	\
	  "on-CPU percent below which a rep is disturbed")	\
	X(perf, PERF, "perf", 0, "WHAT", "none", 0, 0,			\
	  "perf counters: stat[=EVENTS], lock or none")

#define FL_CO_FIELD_INT(f)	int f;
#define FL_CO_FIELD_ENUM(f)	int f;
#define FL_CO_STRLEN		256
#define FL_CO_FIELD_TASKS(f)	char f[FL_CO_STRLEN];
#define FL_CO_FIELD_CPUS(f)	char f[FL_CO_STRLEN];
#define FL_CO_FIELD_MEM(f)	char f[FL_CO_STRLEN];
#define FL_CO_FIELD_PERF(f)	char f[FL_CO_STRLEN];
#define FL_CO_FIELD_SWEEP(f)
#define FL_CO_FIELD(f, type, ...)	FL_CO_FIELD_##type(f)
#define FL_CO_ID(f, ...)	FL_CO_##f,

enum fl_caseopt_id { FL_CASEOPTS(FL_CO_ID) FL_CO_NR };

struct fl_caseopts {
	FL_CASEOPTS(FL_CO_FIELD)
	unsigned int set;	/* bit (1 << id): given explicitly */
};

/*
 * -r auto is reps 0: reps are added, at least FL_AUTO_MIN_REPS and at
 * most --max-reps, until the primary metric's 95% confidence interval
 * is within +-FL_AUTO_CI_PCT percent of its mean (fl_ci_rel()).
 */
#define FL_REPS_AUTO		0
#define FL_AUTO_MIN_REPS	5
#define FL_AUTO_CI_PCT		1.0

/* The reps a case may run: -r N, or --max-reps for -r auto. */
static inline int fl_reps_max(const struct fl_caseopts *o)
{
	return o->reps == FL_REPS_AUTO ? o->max_reps : o->reps;
}

/* The role of task id of a case with nr_tasks measured tasks. */
static inline const char *fl_task_role(const struct fl_workload *wl,
				       int nr_tasks, int id)
{
	const char *r = wl->roles[id >= nr_tasks];

	return r ? r : "worker";
}

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
	int tgid;		/* with pid: /proc/TGID/task/PID/ */
	uint32_t pages_by_node[FL_MAX_NODES];
	struct fl_lathist *lat;	/* NULL unless wl->latency */
} __attribute__((aligned(64)));

/* Where one task's time went (cpuacct.c); deltas over a window. */
struct fl_cpuacct {
	uint64_t oncpu_ns, runq_ns;	/* schedstat */
	uint64_t utime, stime;		/* clock ticks */
	uint64_t nivcsw;
	int ok;				/* all of it could be read */
};

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
	struct fl_cpuacct *cpu;	/* [ntasks], over the measured window */
	uint64_t steal, cputime;	/* /proc/stat cpu line: steal, all */
	int steal_ok;
	struct fl_perf_rep perf;	/* --perf stat */
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
	int reps_used;		/* reps run (-r auto: where it stopped) */
	double ci_rel;		/* -r auto: the last 95% CI half-width, % */
	struct fl_perf_plan perf;	/* --perf, as the supervisor found it */
	size_t map_size;
};

/* params.c */
/*
 * Parse spec into c->wl and c->param[]. String values are c's own: free
 * them with fl_case_free_params() (done already when this fails).
 */
int fl_params_parse(struct fl_case *c, const char *spec, char *err,
		    size_t errlen);
void fl_case_free_params(struct fl_case *c);
/* Give c copies of its string values (after a struct copy). */
void fl_case_dup_params(struct fl_case *c);
/* The spec: "wl:a=1,b=x", every parameter, sorted (c->spec) */
void fl_params_canon(const struct fl_case *c, char *buf, size_t len);
/* The same without the hidden (bench-only) ones: the case key's part */
void fl_params_ident(const struct fl_case *c, char *buf, size_t len);
/* p is one of wl's hidden parameters (struct fl_workload.hidden) */
bool fl_param_hidden(const struct fl_workload *wl, const struct fl_param *p);
/* c's parameter i goes into its spec and params: not hidden at default */
bool fl_param_shown(const struct fl_case *c, int i);
void fl_params_label(const struct fl_case *c, char *buf, size_t len);
void fl_param_text(const struct fl_param *p, const struct fl_pval *v,
		   char *buf, size_t len);
/* bounds or choices as `list` shows them, e.g. 1M..1T or a|b */
void fl_param_range(const struct fl_param *p, char *buf, size_t len);
/* "unknown workload 'x'; did you mean 'y'?" */
void fl_workload_unknown(const char *name, char *err, size_t errlen);

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
/*
 * FAULTLINE_NO_MONITORS=1 (bench/sampler.sh only): no per-second
 * sampler and no /proc reads (schedstat, stat, status, /proc/stat,
 * vmstat) at the window's edges: the result has no sched data, no
 * cpu_share, no *_per_cpu_sec and no vmstat.
 */
bool fl_no_monitors(void);

/* cpuacct.c */
void fl_cpuacct_task(int tgid, int tid, struct fl_cpuacct *a);
int fl_cpuacct_steal(uint64_t *steal, uint64_t *total);

/* vmstat.c */
int fl_vmstat_names(struct fl_shared *shm);
void fl_vmstat_read(const struct fl_shared *shm, uint64_t *vals);


#endif /* FAULTLINE_HARNESS_H */
