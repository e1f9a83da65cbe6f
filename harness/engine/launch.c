// SPDX-License-Identifier: GPL-2.0
/*
 * launch.c - the measured process of one case: for each rep, set up the
 * workload, start its tasks together (threads or processes), sample
 * their counters once a second, discard the warm-up, stop, join, verify.
 * Everything it learns goes into the shared memory, never only here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "parse.h"
#include "placement.h"
#include "stats.h"

struct task_slot {
	struct fl_task t;
	const struct fl_placement *pl;
	pthread_t th;
	pid_t pid;
	int ret;
};

static void futex_wait(int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void futex_wake(int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, 1 << 30, NULL, NULL, 0);
}

static void task_body(struct task_slot *s)
{
	struct fl_task *t = &s->t;
	struct fl_shared *shm = t->ctx->shm;
	int cpu;

	fl_place_task(s->pl, t->id, &cpu);
	t->cpu = cpu;
	t->rec->cpu = sched_getcpu();
	t->rec->node = fl_topo_node_of(s->pl->topo, t->rec->cpu);
	t->rec->pid = (int)syscall(SYS_gettid);
	t->rec->tgid = getpid();
	__atomic_add_fetch(&shm->ready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&shm->go, __ATOMIC_ACQUIRE))
		futex_wait(&shm->go, 0);
	s->ret = t->ctx->wl->worker(t);
	t->rec->cpu_end = sched_getcpu();
}

static void *task_thread(void *arg)
{
	task_body(arg);
	return NULL;
}

static int spawn(struct task_slot *s, bool processes)
{
	if (!processes)
		return -pthread_create(&s->th, NULL, task_thread, s);
	s->pid = fork();
	if (s->pid < 0)
		return -errno;
	if (s->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		task_body(s);
		_exit(s->ret ? 3 : 0);
	}
	return 0;
}

static const char *role_of(const struct fl_ctx *ctx, int id)
{
	return fl_task_role(ctx->wl, ctx->nr_tasks, id);
}

static void set_status(struct fl_shared *shm, int st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_status(struct fl_shared *shm, int st, const char *fmt, ...)
{
	va_list ap;

	if (shm->status != FL_ST_OK)
		return;		/* keep the first reason */
	shm->status = st;
	va_start(ap, fmt);
	vsnprintf(shm->reason, sizeof(shm->reason), fmt, ap);
	va_end(ap);
}

/* Reap any task process that ended on its own; report abnormal ends. */
static void check_children(struct fl_ctx *ctx, struct task_slot *s, int n)
{
	int i, st;

	for (i = 0; i < n; i++) {
		if (s[i].pid <= 0 || waitpid(s[i].pid, &st, WNOHANG) <= 0)
			continue;
		s[i].pid = 0;
		if (WIFSIGNALED(st))
			set_status(ctx->shm, FL_ST_CRASH,
				   "task %d (%s) killed by %s", i,
				   role_of(ctx, i), strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st))
			set_status(ctx->shm, FL_ST_ERROR,
				   "task %d (%s) failed", i, role_of(ctx, i));
		__atomic_store_n(&ctx->shm->stop, 1, __ATOMIC_RELAXED);
	}
}

static void join_all(struct fl_ctx *ctx, struct task_slot *s, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!ctx->processes) {
			pthread_join(s[i].th, NULL);
			if (s[i].ret)
				set_status(ctx->shm, FL_ST_ERROR,
					   "task %d (%s): %s", i,
					   role_of(ctx, i), strerror(-s[i].ret));
		}
	}
	if (ctx->processes) {
		for (i = 0; i < n; i++)
			while (s[i].pid > 0) {
				check_children(ctx, s, n);
				if (s[i].pid > 0)
					usleep(1000);
			}
	}
}

static void sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (time_t)t) * 1e9),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void total(const struct fl_shared *shm, int n, uint64_t *sum)
{
	int i, c;

	memset(sum, 0, FL_MAX_COUNTERS * sizeof(*sum));
	for (i = 0; i < n; i++)
		for (c = 0; c < FL_MAX_COUNTERS; c++)
			sum[c] += __atomic_load_n(&shm->task[i].cnt[c],
						  __ATOMIC_RELAXED);
}

static void lat_sum(const struct fl_shared *shm, int n,
		    struct fl_lathist *h)
{
	int i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < n; i++)
		if (shm->task[i].lat)
			fl_lathist_merge(h, shm->task[i].lat, 1);
}

struct snap {
	double t;
	uint64_t cnt[FL_MAX_TASKS][FL_MAX_COUNTERS];
	uint64_t vmstat[FL_MAX_VMSTAT];
	struct fl_lathist lat;
	struct fl_cpuacct cpu[FL_MAX_TASKS];
	uint64_t steal, cputime;
	int steal_ok;
};

/* A bench knob: the environment variable is set to 1. */
static bool knob(const char *name)
{
	const char *e = getenv(name);

	return e && *e == '1';
}

bool fl_no_monitors(void)
{
	return knob("FAULTLINE_NO_MONITORS");
}

static void take_snap(const struct fl_ctx *ctx, int n, struct snap *sn)
{
	int i;

	sn->t = fl_mono_sec();
	for (i = 0; i < n; i++)
		memcpy(sn->cnt[i], ctx->shm->task[i].cnt, sizeof(sn->cnt[i]));
	if (ctx->wl->latency)
		lat_sum(ctx->shm, n, &sn->lat);
	if (fl_no_monitors()) {	/* bench only: what the reads cost */
		memset(sn->vmstat, 0, sizeof(sn->vmstat));
		memset(sn->cpu, 0, sizeof(sn->cpu));
		sn->steal = sn->cputime = 0;
		sn->steal_ok = 0;
		return;
	}
	fl_vmstat_read(ctx->shm, sn->vmstat);
	for (i = 0; i < n; i++)
		fl_cpuacct_task(ctx->shm->task[i].tgid, ctx->shm->task[i].pid,
				&sn->cpu[i]);
	sn->steal_ok = !fl_cpuacct_steal(&sn->steal, &sn->cputime);
}

static void finish_rep(struct fl_ctx *ctx, int n, struct snap *a,
		       struct snap *b, struct fl_rep_rec *r)
{
	int i, c;

	r->meas_sec = b->t - a->t;
	for (i = 0; i < n; i++)
		for (c = 0; c < FL_MAX_COUNTERS; c++)
			r->delta[i * FL_MAX_COUNTERS + c] =
				b->cnt[i][c] - a->cnt[i][c];
	for (i = 0; i < ctx->shm->nvmstat; i++)
		r->vmstat[i] = b->vmstat[i] - a->vmstat[i];
	for (i = 0; i < n; i++) {
		struct fl_cpuacct *x = &a->cpu[i], *y = &b->cpu[i];

		r->cpu[i] = (struct fl_cpuacct){
			.oncpu_ns = y->oncpu_ns - x->oncpu_ns,
			.runq_ns = y->runq_ns - x->runq_ns,
			.utime = y->utime - x->utime,
			.stime = y->stime - x->stime,
			.nivcsw = y->nivcsw - x->nivcsw,
			.ok = x->ok && y->ok,
		};
	}
	r->steal_ok = a->steal_ok && b->steal_ok;
	r->steal = b->steal - a->steal;
	r->cputime = b->cputime - a->cputime;
	if (ctx->wl->latency) {
		fl_lathist_merge(&b->lat, &a->lat, -1);
		r->nlat = fl_lathist_total(&b->lat);
		r->lat[0] = fl_lathist_quantile(&b->lat, 0.50);
		r->lat[1] = fl_lathist_quantile(&b->lat, 0.99);
		r->lat[2] = fl_lathist_quantile(&b->lat, 0.999);
		r->lat[3] = fl_lathist_quantile(&b->lat, 1.0);
	}
}

/*
 * FAULTLINE_NO_SAMPLER=1: no per-second samples, for bench/ only; and
 * none with FAULTLINE_NO_MONITORS=1 either.
 */
static bool no_sampler(void)
{
	return knob("FAULTLINE_NO_SAMPLER") || fl_no_monitors();
}

/*
 * The measured window's edges: perf's counters (if any) are switched on
 * just before the first snapshot and off just after the last, so that
 * they cover the ops the snapshots count (a few ms more, not less).
 */
/*
 * perf switches its counters at some moment between the command and
 * its ack, and on a loaded machine that may take tens of ms: the ops in
 * perf's window are taken at the middle of each bracket, and half the
 * brackets' width is how far off that can be.
 */
static void perf_switch(struct fl_ctx *ctx, int n, struct fl_perf_run *pr,
			struct fl_rep_rec *r, const char *cmd, int sign)
{
	uint64_t before[FL_MAX_COUNTERS], after[FL_MAX_COUNTERS];

	total(ctx->shm, n, before);
	if (fl_perf_ctl(pr, cmd, &r->perf))
		return;
	total(ctx->shm, n, after);
	r->perf.ops += sign * ((double)before[0] + (double)after[0]) / 2;
	r->perf.ops_err += ((double)after[0] - (double)before[0]) / 2;
}

static void window_open(struct fl_ctx *ctx, int n, struct snap *a,
			struct fl_perf_run *pr, struct fl_rep_rec *r)
{
	if (pr->pid > 0)
		perf_switch(ctx, n, pr, r, "enable", -1);
	take_snap(ctx, n, a);
}

static void window_close(struct fl_ctx *ctx, int n, struct snap *b,
			 struct fl_perf_run *pr, struct fl_rep_rec *r)
{
	take_snap(ctx, n, b);
	if (pr->pid > 0)
		perf_switch(ctx, n, pr, r, "disable", 1);
}

/*
 * FAULTLINE_MONITOR_HZ=N (bench/sampler.sh only): N - 1 more full
 * snapshots (the window edges' /proc reads and all), evenly spaced in
 * every second of the rep and thrown away. The monitors' cost per
 * wake-up, too small to see among the noise at one a second, is then
 * multiplied by about N, and a bench can divide it back.
 */
static int monitor_hz(void)
{
	const char *e = getenv("FAULTLINE_MONITOR_HZ");
	long long hz;

	return e && !fl_parse_int(e, 2, 10000, &hz) ? (int)hz : 1;
}

/* Sleep from `from` to `to`, taking hz - 1 snapshots on the way. */
static void sleep_amplified(const struct fl_ctx *ctx, int n, double from,
			    double to, int hz, struct snap *scratch)
{
	int j;

	for (j = 1; j < hz && scratch; j++) {
		sleep_until(from + (to - from) * j / hz);
		take_snap(ctx, n, scratch);
	}
	sleep_until(to);
}

/* Sample once a second until warm-up plus duration have passed. */
static void sample(struct fl_ctx *ctx, const struct fl_case *c,
		   struct task_slot *s, int n, struct fl_rep_rec *r,
		   struct snap *a, struct snap *b, struct fl_perf_run *pr)
{
	uint64_t prev[FL_MAX_COUNTERS] = { 0 }, now[FL_MAX_COUNTERS];
	int secs = c->o.warmup + c->o.duration, i, k, hz = monitor_hz();
	double start = fl_mono_sec();
	struct snap *scratch;

	r->warm_samples = c->o.warmup;
	if (!c->o.warmup)
		window_open(ctx, n, a, pr, r);
	if (no_sampler()) {	/* bench only: measure the sampler's cost */
		if (c->o.warmup) {
			sleep_until(start + c->o.warmup);
			window_open(ctx, n, a, pr, r);
		}
		sleep_until(start + secs);
		window_close(ctx, n, b, pr, r);
		return;
	}
	scratch = hz > 1 ? malloc(sizeof(*scratch)) : NULL;
	for (i = 1; i <= secs; i++) {
		sleep_amplified(ctx, n, start + i - 1, start + i, hz, scratch);
		if (ctx->processes)
			check_children(ctx, s, n);
		total(ctx->shm, n, now);
		r->t[r->nsamples] = fl_mono_sec() - start;
		for (k = 0; k < FL_MAX_COUNTERS; k++)
			r->sample[r->nsamples * FL_MAX_COUNTERS + k] =
				now[k] - prev[k];
		memcpy(prev, now, sizeof(prev));
		r->nsamples++;
		if (i == c->o.warmup)
			window_open(ctx, n, a, pr, r);
		if (ctx->shm->status != FL_ST_OK)
			goto out;
	}
	window_close(ctx, n, b, pr, r);
out:
	free(scratch);
}

/* --perf: perf on the rep's tasks, its counters off for now. */
static void perf_start(const struct fl_shared *shm, int n,
		       struct fl_perf_run *pr, struct fl_rep_rec *r)
{
	int tids[FL_MAX_TASKS], i;

	pr->pid = 0;
	if (shm->perf.what == FL_PERF_NONE || !shm->perf.events[0])
		return;
	for (i = 0; i < n; i++)
		tids[i] = shm->task[i].pid;
	fl_perf_start(pr, shm->perf.what, shm->perf.events, tids, n,
		      &r->perf);
}

static int run_rep(const struct fl_case *c, struct fl_shared *shm,
		   const struct fl_placement *pl, int rep, struct snap *a,
		   struct snap *b)
{
	struct fl_ctx ctx = {
		.wl = c->wl, .nr_tasks = c->tasks, .processes = c->processes,
		.rep = rep, .shm = shm,
	};
	struct fl_rep_rec *r = &shm->rep_rec[rep];
	struct task_slot *s;
	struct fl_perf_run pr = { 0 };
	char tag[32];
	int i, n, rc;

	memcpy(ctx.param, c->param, sizeof(ctx.param));
	snprintf(tag, sizeof(tag), "rep%d", rep);
	ctx.seed = fl_hash64(c->seed, tag);
	shm->rep = rep;
	if (c->wl->threads_only && c->processes) {
		shm->status = FL_ST_SKIP;
		snprintf(shm->reason, sizeof(shm->reason),
			 "%s runs in threads mode only", c->wl->name);
		return -1;
	}
	rc = c->wl->setup ? c->wl->setup(&ctx) : 0;
	if (rc == FL_SKIP) {
		shm->status = FL_ST_SKIP;
		return -1;
	}
	if (rc) {
		set_status(shm, FL_ST_ERROR, "setup: %s%s%s", strerror(-rc),
			   shm->reason[0] ? ": " : "", shm->reason);
		return -1;
	}
	n = ctx.nr_tasks + ctx.nr_extra;
	if (n > FL_MAX_TASKS) {
		set_status(shm, FL_ST_ERROR, "%d tasks: at most %d", n,
			   FL_MAX_TASKS);
		goto out;
	}
	shm->ntasks = n;
	shm->nr_extra = ctx.nr_extra;
	shm->stop = shm->go = shm->ready = 0;
	for (i = 0; i < n; i++)
		memset(shm->task[i].cnt, 0, sizeof(shm->task[i].cnt));
	for (i = 0; i < n && shm->task[i].lat; i++)
		memset(shm->task[i].lat, 0, sizeof(struct fl_lathist));
	s = calloc(n, sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].t = (struct fl_task){
			.ctx = &ctx, .id = i, .cnt = shm->task[i].cnt,
			.rec = &shm->task[i],
			.rng = fl_hash64(ctx.seed, tag) + (uint64_t)i,
		};
		s[i].pl = pl;
		rc = spawn(&s[i], c->processes);
		if (rc) {
			set_status(shm, FL_ST_ERROR, "cannot start task %d: %s",
				   i, strerror(-rc));
			__atomic_store_n(&shm->stop, 1, __ATOMIC_RELAXED);
			n = i;
			break;
		}
	}
	while (__atomic_load_n(&shm->ready, __ATOMIC_ACQUIRE) < n &&
	       shm->status == FL_ST_OK) {
		if (c->processes)
			check_children(&ctx, s, n);
		usleep(200);
	}
	if (shm->status == FL_ST_OK)
		perf_start(shm, n, &pr, r);
	__atomic_store_n(&shm->go, 1, __ATOMIC_RELEASE);
	futex_wake(&shm->go);
	if (shm->status == FL_ST_OK)
		sample(&ctx, c, s, n, r, a, b, &pr);
	if (pr.pid > 0)
		fl_perf_finish(&pr, &r->perf);
	__atomic_store_n(&shm->stop, 1, __ATOMIC_RELAXED);
	join_all(&ctx, s, n);
	free(s);
	if (shm->status == FL_ST_OK && c->wl->verify &&
	    c->wl->verify(&ctx) != 0)
		set_status(shm, FL_ST_FAIL, "verify failed%s%s",
			   shm->reason[0] ? ": " : "", shm->reason);
	if (shm->status == FL_ST_OK && shm->nviol)
		set_status(shm, FL_ST_FAIL, "%d violation(s)", shm->nviol);
	if (shm->status == FL_ST_OK || shm->status == FL_ST_FAIL) {
		finish_rep(&ctx, n, a, b, r);
		r->done = 1;
	}
out:
	if (c->wl->teardown)
		c->wl->teardown(&ctx);
	return shm->status == FL_ST_OK ? 0 : -1;
}

/* The primary metric of a rep, as results.c computes it. */
static double primary_rate(const struct fl_shared *shm,
			   const struct fl_rep_rec *r)
{
	double sum = 0;
	int i;

	if (!r->done || r->meas_sec <= 0)
		return NAN;
	for (i = 0; i < shm->ntasks; i++)
		sum += r->delta[i * FL_MAX_COUNTERS] / r->meas_sec;
	return sum;
}

int fl_case_main(const struct fl_case *c, struct fl_shared *shm,
		 const struct fl_placement *pl)
{
	struct snap *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	int rep, max = fl_reps_max(&c->o);
	double *v = calloc(max, sizeof(*v));

	if (!a || !b || !v)
		return 3;
	shm->t0_ns = fl_now_ns();
	shm->ci_rel = NAN;
	for (rep = 0; rep < max; rep++) {
		shm->reps_used = rep + 1;
		if (run_rep(c, shm, pl, rep, a, b))
			break;
		if (c->o.reps != FL_REPS_AUTO)
			continue;
		v[rep] = primary_rate(shm, &shm->rep_rec[rep]);
		if (rep + 1 < FL_AUTO_MIN_REPS)
			continue;
		shm->ci_rel = fl_ci_rel(v, rep + 1, true);
		if (shm->ci_rel <= FL_AUTO_CI_PCT)
			break;	/* NaN (a zero rate) never stops early */
	}
	free(v);
	free(a);
	free(b);
	return 0;
}
