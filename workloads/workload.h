/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workload.h - the one interface between faultline's harness and a workload.
 *
 * A workload is one file in workloads/ that defines one
 * `const struct fl_workload wl_NAME` and one line in workloads/registry.c.
 * The harness does everything else: parsing parameters, placing and pinning
 * tasks, starting them together, sampling the counters once a second,
 * the warm-up, repetitions, the watchdog, the kernel log and the results.
 *
 * Life of one repetition, all inside the measured (case) process:
 *
 *	setup(ctx)			once, before any task exists
 *	worker(task) x N+E		threads or forked processes, together
 *	  ... until fl_stopping(task)
 *	verify(ctx)			after every task has finished
 *	teardown(ctx)			always, if setup succeeded
 *
 * In process mode the tasks are fork()ed after setup(), so anything that
 * tasks must share has to be MAP_SHARED; ctx->priv itself is copied.
 */
#ifndef FAULTLINE_WORKLOAD_H
#define FAULTLINE_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FL_MAX_PARAMS	16
#define FL_MAX_COUNTERS	8	/* 8 x u64: exactly one cache line */

enum fl_kind {
	FL_THROUGHPUT,		/* measures a rate; fails only on errors */
	FL_RACE,		/* checks a correctness model while racing */
};

enum fl_ptype {
	FL_P_INT,		/* integer in [min, max] */
	FL_P_SIZE,		/* bytes, accepts K/M/G suffixes, [min, max] */
	FL_P_ENUM,		/* one of choices "a|b|c"; .i is the index */
	FL_P_BOOL,		/* 0/1, yes/no, on/off */
	FL_P_STR,		/* free text, e.g. a directory */
};

struct fl_param {
	const char *name;
	enum fl_ptype type;
	const char *def;	/* default, as it would be typed */
	long long min, max;	/* FL_P_INT and FL_P_SIZE */
	const char *choices;	/* FL_P_ENUM */
	const char *help;
};

/*
 * Enum parameters come from one list that the workload writes once:
 *
 *	#define BACKING(X) X(B_ANON, "anon") X(B_SHMEM, "shmem") \
 *			   X(B_FILE, "file")
 *	enum backing { BACKING(FL_ENUM_VALUE) };
 *	{ "backing", FL_P_ENUM, "anon", 0, 0, FL_ENUM_CHOICES(BACKING), ... }
 *
 * so the values and the strings cannot drift apart, and
 * fl_param_enum(ctx, "backing") reads it as an enum backing.
 */
#define FL_ENUM_VALUE(id, str)	id,
#define FL_ENUM_BAR(id, str)	"|" str
#define FL_ENUM_CHOICES(list)	(&(list(FL_ENUM_BAR))[1])

/* A parsed parameter value. ENUM: i is the index, s the choice. */
struct fl_pval {
	long long i;
	const char *s;
};

struct fl_shared;		/* harness-private shared state */
struct fl_task_rec;		/* harness-private per-task record */

/* Return values of setup() and verify() besides 0 and -errno. */
#define FL_SKIP		4	/* setup: case cannot run here (say why) */
#define FL_FAIL		1	/* verify: a correctness check failed */

struct fl_ctx {
	const struct fl_workload *wl;
	struct fl_pval param[FL_MAX_PARAMS];	/* same order as wl->params */
	int nr_tasks;		/* measured tasks, from -t */
	int nr_extra;		/* helper tasks (writers...), set in setup() */
	bool processes;		/* tasks are processes, not threads */
	int rep;		/* repetition number, from 0 */
	uint64_t seed;		/* this case and rep; replayable */
	void *priv;		/* the workload's own state */
	struct fl_shared *shm;
};

struct fl_task {
	struct fl_ctx *ctx;
	int id;			/* 0 .. nr_tasks + nr_extra - 1 */
	int cpu;		/* CPU it is pinned to, -1 if unpinned */
	uint64_t rng;		/* per-task PRNG state, seeded */
	uint64_t *cnt;		/* FL_MAX_COUNTERS, its own cache line */
	struct fl_task_rec *rec;
};

struct fl_workload {
	const char *name;
	const char *desc;	/* one line */
	enum fl_kind kind;
	const struct fl_param *params;	/* ends with { .name = NULL } */
	/*
	 * Names of bench-only parameters (NULL-terminated; may be NULL):
	 * parsed, recorded in the spec and replay command when not at
	 * their default, but not shown by `faultline list` or in an
	 * unknown-parameter hint, and not part of the case key, so that
	 * compare matches a run that sets one with a run that does not
	 * (docs/bench.md, "delay_ns"). A flag here rather than in struct
	 * fl_param: the tables there are positional, and -Wextra wants
	 * every field of a positional initializer.
	 */
	const char *const *hidden;
	const char *const *counters;	/* ends with NULL; [0] is primary */
	bool latency;		/* reports fault latency percentiles */
	bool threads_only;	/* processes mode makes no sense */
	/* the vma_lock_* vmstat counters tell its story: compare rows */
	bool vma_lock;

	int (*setup)(struct fl_ctx *ctx);	/* optional */
	int (*worker)(struct fl_task *t);	/* required; 0 or -errno */
	int (*verify)(struct fl_ctx *ctx);	/* optional */
	void (*teardown)(struct fl_ctx *ctx);	/* optional */
	/*
	 * Its tasks' roles, e.g. { "reader", "mover" }: [0] names the
	 * ctx->nr_tasks measured tasks, [1] the helpers (ids >= nr_tasks);
	 * NULL means "worker".
	 */
	const char *roles[2];
};

/* ---- services the harness gives workloads (harness/wlapi.c) ---- */

/* The index of parameter `name`; aborts if the workload has none. */
int fl_param_index(const struct fl_ctx *ctx, const char *name);

static inline long long fl_param_int(const struct fl_ctx *ctx,
				     const char *name)
{
	return ctx->param[fl_param_index(ctx, name)].i;
}

static inline const char *fl_param_str(const struct fl_ctx *ctx,
				       const char *name)
{
	return ctx->param[fl_param_index(ctx, name)].s;
}

/*
 * An FL_P_ENUM parameter as its value in the workload's enum (the
 * index of the choice); aborts if `name` is not an enum parameter.
 * tests/unit/test_wlparams.c checks every name workloads look up.
 */
int fl_param_enum(const struct fl_ctx *ctx, const char *name);

/* True once the harness wants the task to finish its loop and return. */
bool fl_stopping(const struct fl_task *t);

/* Count one event on counter c; plain store, one writer per counter. */
static inline void fl_inc(struct fl_task *t, int c)
{
	__atomic_store_n(&t->cnt[c], t->cnt[c] + 1, __ATOMIC_RELAXED);
}

static inline void fl_add(struct fl_task *t, int c, uint64_t n)
{
	__atomic_store_n(&t->cnt[c], t->cnt[c] + n, __ATOMIC_RELAXED);
}

/* Monotonic nanoseconds. */
uint64_t fl_now_ns(void);

/* splitmix64 step on *state. */
static inline uint64_t fl_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Record one timed fault, in nanoseconds, into the task's histogram. */
void fl_lat_record(struct fl_task *t, uint64_t ns);

/* Sample where the pages of [addr, addr+len) landed (move_pages(2)). */
void fl_note_pages(struct fl_task *t, const void *addr, size_t len);

/*
 * Report a correctness violation. Fails the case. `page` is the page
 * index (or address) concerned; expected/seen are raw tags or values.
 */
void fl_violation(struct fl_task *t, uint64_t page, uint64_t expected,
		  uint64_t seen, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Fault injection for tests: true exactly once per case when
 * FAULTLINE_INJECT names this workload. A checker corrupts the one
 * observation it is about to check when this returns true, to prove
 * that the checker fires.
 */
bool fl_inject(struct fl_task *t);

/* Say why setup() returns FL_SKIP, or why a hook failed. */
void fl_reason(struct fl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * An unlinked temporary file of `size` bytes in `dir` (NULL: /tmp, as
 * will-it-scale does). Returns an fd or -errno. Nothing is left behind.
 */
int fl_tmpfile(const char *dir, size_t size);

#endif /* FAULTLINE_WORKLOAD_H */
