/* SPDX-License-Identifier: GPL-2.0 */
/*
 * schema.h - the result document's vocabulary, in one place: its name
 * and version, the key names the writer (results.c) writes and the
 * reader (rundoc.c) reads, the case statuses and what each one means
 * for KTAP, the exit code, compare and bisect, the metric names, and
 * which mean is shown for a metric. docs/results.md describes it for
 * users; tests/sh/28-schema-doc.sh keeps the two in step.
 */
#ifndef FAULTLINE_SCHEMA_H
#define FAULTLINE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FL_SCHEMA		"faultline-result"
/*
 * 2: seeds are decimal strings (jq reads numbers as doubles), a case
 * records its spec and timeout, placement and kmsg are always there.
 * The reader still reads 1.
 */
#define FL_SCHEMA_VERSION	2
#define FL_SCHEMA_OLDEST	1

/* Keys both the writer and the reader use. */
#define FLK_SCHEMA		"schema"
#define FLK_SCHEMA_VERSION	"schema_version"
#define FLK_RUN			"run"
#define FLK_SYSTEM		"system"
#define FLK_CASES		"cases"
#define FLK_NAME		"name"
#define FLK_STATUS		"status"
#define FLK_STARTED		"started"
#define FLK_FINISHED		"finished"
#define FLK_CASE_RUNNING	"case_running"
#define FLK_ARGV		"argv"
#define FLK_VERSION		"faultline_version"
#define FLK_SEED		"seed"
#define FLK_KEY			"key"
#define FLK_LABEL		"label"
#define FLK_SPEC		"spec"
#define FLK_WORKLOAD		"workload"
#define FLK_PARAMS		"params"
#define FLK_MODE		"mode"
#define FLK_TASKS		"tasks"
#define FLK_DURATION		"duration"
#define FLK_WARMUP		"warmup"
#define FLK_REPS		"reps"
#define FLK_TIMEOUT		"timeout"
#define FLK_CPUS		"cpus"
#define FLK_MEM			"mem"
#define FLK_REPLAY		"replay"
#define FLK_REASON		"reason"
#define FLK_METRICS		"metrics"
#define FLK_UNIT		"unit"
#define FLK_BETTER		"better"
#define FLK_PRIMARY		"primary"
#define FLK_VIOLATIONS_TOTAL	"violations_total"
/* Where a rep's time went (case "sched"), and the noise guard's mark. */
#define FLK_SCHED		"sched"
#define FLK_REPS_USED		"reps_used"
#define FLK_WALL_SEC		"wall_sec"
#define FLK_RUNQ_SHARE		"runq_share"
#define FLK_STEAL_SHARE		"steal_share"
#define FLK_DISTURBED		"disturbed"
#define FLK_ONCPU_NS		"oncpu_ns"
#define FLK_RUNQ_NS		"runq_ns"
/* --perf (case "perf_data"; the option itself is "perf") and the
 * per-VMA-lock rows */
#define FLK_PERF		"perf_data"
#define FLK_PERF_EVENTS		"events"
#define FLK_PERF_SKIPPED	"skipped"
#define FLK_VMA_LOCK_NOTE	"vma_lock_note"
#define FLK_CONTENDED		"contended"
#define FLK_WAIT_NS		"wait_ns"

/* How a case ended; the names are the document's "status" values. */
enum fl_status {
	FL_ST_OK, FL_ST_FAIL, FL_ST_ERROR, FL_ST_CRASH, FL_ST_TIMEOUT,
	FL_ST_SKIP, FL_ST_INTERRUPTED,
	FL_ST_NR
};

/* The kselftest/KTAP view of a status. */
enum fl_outcome {
	FL_OUT_PASS,		/* ok */
	FL_OUT_FAIL,		/* not ok: a check failed */
	FL_OUT_SKIP,		/* ok # SKIP */
	FL_OUT_ERROR,		/* not ok # TIMEOUT or # ERROR */
};

struct fl_status_info {
	const char *name;
	enum fl_outcome outcome;
	const char *directive;	/* KTAP directive, NULL if none */
	bool bisect_bad;	/* git bisect: the kernel is bad (else skip) */
};

extern const struct fl_status_info fl_status_info[FL_ST_NR];

/* The status of a name, or -1 for a name this build does not know. */
int fl_status_parse(const char *name);
const char *fl_status_name(enum fl_status st);
enum fl_outcome fl_status_outcome(enum fl_status st);
/* ok -> this status is a correctness failure for compare's gate. */
bool fl_status_broken(enum fl_status st);

/*
 * The run's status (run.status): running while it runs, then complete,
 * or interrupted by a signal or a killed runner.
 */
#define FL_RUN_RUNNING		"running"
#define FL_RUN_COMPLETE		"complete"
#define FL_RUN_INTERRUPTED	"interrupted"
/* The run did not finish: a status other than complete (NULL: none). */
bool fl_run_unfinished(const char *status);

/* Metric names: "<counter>_per_sec", "<counter>_per_sec_per_task". */
#define FL_RATE_SUFFIX		"_per_sec"
#define FL_PER_TASK_SUFFIX	"_per_task"
/*
 * "cpu_share": the measured tasks' on-CPU time over tasks x the window;
 * "<counter>_per_cpu_sec": ops per on-CPU second of all the case's tasks.
 */
#define FL_CPU_SHARE		"cpu_share"
#define FL_CPU_RATE_SUFFIX	"_per_cpu_sec"
/*
 * --perf stat: "perf_<event>_per_op", the event ([^a-z0-9] as _) per
 * primary op. Workloads with vma_lock: "vma_lock_<counter>_per_op" and
 * "vma_lock_fallback_share" (results.c, add_vma_lock()).
 */
#define FL_PERF_PREFIX		"perf_"
#define FL_PER_OP_SUFFIX	"_per_op"
#define FL_VMA_FALLBACK		"vma_lock_fallback_share"
/* --perf lock: contentions and their total wait per primary op */
#define FL_LOCK_CONTENDED	"lock_contended_per_op"
#define FL_LOCK_WAIT		"lock_wait_ns_per_op"
extern const char *const fl_latency_metrics[4];

/*
 * The mean shown for a metric, everywhere (table, KTAP, compare,
 * history): harmonic for rates (higher is better), arithmetic for the
 * rest. NaN when n is 0.
 */
double fl_metric_mean(bool higher_better, const double *v, size_t n);

/* A seed as the document stores it: a decimal string, exact in jq. */
void fl_seed_text(uint64_t seed, char *buf, size_t len);

#endif /* FAULTLINE_SCHEMA_H */
