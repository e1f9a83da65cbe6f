// SPDX-License-Identifier: GPL-2.0
/*
 * results.c - turn what a case's measured process left in shared memory
 * into the case object of the result document, and write the document.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "caseopt.h"
#include "placement.h"
#include "results.h"

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *metric(const char *unit, const char *better,
			   bool primary)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, FLK_UNIT, json_object_new_string(unit));
	json_object_object_add(m, FLK_BETTER, json_object_new_string(better));
	json_object_object_add(m, FLK_PRIMARY,
			       json_object_new_boolean(primary));
	json_object_object_add(m, FLK_REPS, json_object_new_array());
	return m;
}

static void push(json_object *m, const char *field, double v)
{
	json_object_array_add(json_object_object_get(m, field),
			      json_object_new_double(v));
}

/* per_node[node][name][rep] += v */
static void node_add(json_object *per_node, int node, const char *name,
		     int rep, double v)
{
	json_object *nm, *arr;
	char key[16];

	snprintf(key, sizeof(key), "%d", node);
	if (!json_object_object_get_ex(per_node, key, &nm)) {
		nm = json_object_new_object();
		json_object_object_add(per_node, key, nm);
	}
	if (!json_object_object_get_ex(nm, name, &arr)) {
		arr = json_object_new_array();
		json_object_object_add(nm, name, arr);
	}
	while ((int)json_object_array_length(arr) <= rep)
		json_object_array_add(arr, json_object_new_double(0));
	v += json_object_get_double(json_object_array_get_idx(arr, rep));
	json_object_array_put_idx(arr, rep, json_object_new_double(v));
}

static void add_rates(json_object *metrics, json_object *per_node,
		      const struct fl_case *c, const struct fl_shared *shm)
{
	const char *const *cn;
	int k, r, i;

	for (cn = c->wl->counters, k = 0; cn && *cn; cn++, k++) {
		char name[96], ptname[112];
		json_object *m, *pt;

		snprintf(name, sizeof(name), "%s" FL_RATE_SUFFIX, *cn);
		snprintf(ptname, sizeof(ptname), "%s" FL_PER_TASK_SUFFIX,
			 name);
		m = metric("ops/s", "higher", k == 0);
		pt = metric("ops/s", "higher", false);
		json_object_object_add(m, "per_task", json_object_new_array());
		for (r = 0; r < fl_reps_max(&c->o); r++) {
			const struct fl_rep_rec *rr = &shm->rep_rec[r];
			json_object *tasks;
			double sum = 0;
			int counted = 0;

			if (!rr->done || rr->meas_sec <= 0)
				continue;
			tasks = json_object_new_array();
			for (i = 0; i < shm->ntasks; i++) {
				double v = rr->delta[i * FL_MAX_COUNTERS + k] /
					   rr->meas_sec;

				json_object_array_add(tasks,
						      json_object_new_double(v));
				sum += v;
				counted += v > 0;
			}
			push(m, FLK_REPS, sum);
			push(pt, FLK_REPS, counted ? sum / counted : 0);
			json_object_array_add(json_object_object_get(m,
					      "per_task"), tasks);
			for (i = 0; k == 0 && i < shm->ntasks; i++)
				node_add(per_node, shm->task[i].node, name, r,
					 rr->delta[i * FL_MAX_COUNTERS] /
					 rr->meas_sec);
		}
		json_object_object_add(metrics, name, m);
		json_object_object_add(metrics, ptname, pt);
	}
}

/*
 * The measured tasks' on-CPU seconds in rep r (all tasks if `all`, the
 * helpers too); false if /proc could not tell for one of them.
 */
static bool oncpu_sec(const struct fl_case *c, const struct fl_shared *shm,
		      int r, bool all, double *sec)
{
	const struct fl_rep_rec *rr = &shm->rep_rec[r];
	int i, n = all ? shm->ntasks : shm->ntasks - shm->nr_extra;

	*sec = 0;
	for (i = 0; i < n; i++) {
		if (!rr->cpu[i].ok)
			return false;
		*sec += rr->cpu[i].oncpu_ns / 1e9;
	}
	return n > 0 && rr->meas_sec > 0;
}

/* cpu_share, and ops per CPU-second beside every rate. */
static void add_cpu(json_object *metrics, const struct fl_case *c,
		    const struct fl_shared *shm)
{
	json_object *share = metric("ratio", "higher", false);
	const char *const *cn;
	int k, r, i, n = shm->ntasks - shm->nr_extra;
	double sec;

	for (r = 0; r < fl_reps_max(&c->o); r++)
		if (shm->rep_rec[r].done && oncpu_sec(c, shm, r, false, &sec))
			push(share, FLK_REPS,
			     sec / (n * shm->rep_rec[r].meas_sec));
	json_object_object_add(metrics, FL_CPU_SHARE, share);
	for (cn = c->wl->counters, k = 0; cn && *cn; cn++, k++) {
		json_object *m = metric("ops/cpu-s", "higher", false);
		char name[96];

		snprintf(name, sizeof(name), "%s" FL_CPU_RATE_SUFFIX, *cn);
		for (r = 0; r < fl_reps_max(&c->o); r++) {
			const struct fl_rep_rec *rr = &shm->rep_rec[r];
			double ops = 0;

			if (!rr->done || !oncpu_sec(c, shm, r, true, &sec) ||
			    sec <= 0)
				continue;
			for (i = 0; i < shm->ntasks; i++)
				ops += rr->delta[i * FL_MAX_COUNTERS + k];
			push(m, FLK_REPS, ops / sec);
		}
		json_object_object_add(metrics, name, m);
	}
}

/* All tasks' primary ops in rep r's window. */
static double window_ops(const struct fl_shared *shm,
			 const struct fl_rep_rec *rr)
{
	double ops = 0;
	int i;

	for (i = 0; i < shm->ntasks; i++)
		ops += rr->delta[i * FL_MAX_COUNTERS];
	return ops;
}

/* "perf_" + the event with every other character than [a-z0-9] as _ */
static void perf_metric_name(const char *event, char *buf, size_t len)
{
	size_t i, off = snprintf(buf, len, FL_PERF_PREFIX);

	for (i = 0; event[i] && off + 1 < len; i++, off++)
		buf[off] = (event[i] >= 'a' && event[i] <= 'z') ||
			   (event[i] >= '0' && event[i] <= '9') ? event[i] :
			   (event[i] >= 'A' && event[i] <= 'Z') ?
			   event[i] - 'A' + 'a' : '_';
	buf[off < len ? off : len - 1] = 0;
	snprintf(buf + strlen(buf), len - strlen(buf), FL_PER_OP_SUFFIX);
}

/* --perf stat: each counted event per primary op, lower is better. */
static void add_perf(json_object *metrics, const struct fl_case *c,
		     const struct fl_shared *shm)
{
	int r, i;

	for (r = 0; r < fl_reps_max(&c->o); r++) {
		const struct fl_rep_rec *rr = &shm->rep_rec[r];
		double ops = rr->perf.ops;

		if (!rr->done || ops <= 0)
			continue;
		for (i = 0; i < rr->perf.n; i++) {
			const struct fl_perf_count *pc = &rr->perf.c[i];
			char name[FL_PERF_NAME + 16], unit[32];
			json_object *m;

			if (pc->why[0])
				continue;
			perf_metric_name(pc->event, name, sizeof(name));
			if (!json_object_object_get_ex(metrics, name, &m)) {
				snprintf(unit, sizeof(unit), "%s/op",
					 pc->unit[0] ? pc->unit : "events");
				m = metric(unit, "lower", false);
				json_object_object_add(metrics, name, m);
			}
			push(m, FLK_REPS, pc->value / ops);
		}
	}
}

/* --perf lock: contentions and wait per primary op, lower is better. */
static void add_lock(json_object *metrics, const struct fl_case *c,
		     const struct fl_shared *shm)
{
	json_object *n = metric("events/op", "lower", false);
	json_object *w = metric("ns/op", "lower", false);
	int r;

	for (r = 0; r < fl_reps_max(&c->o); r++) {
		const struct fl_rep_rec *rr = &shm->rep_rec[r];
		double ops = rr->perf.ops;

		if (!rr->done || ops <= 0 || !rr->perf.lock_ok)
			continue;
		push(n, FLK_REPS, rr->perf.lock.contended / ops);
		push(w, FLK_REPS, rr->perf.lock.wait_ns / ops);
	}
	json_object_object_add(metrics, FL_LOCK_CONTENDED, n);
	json_object_object_add(metrics, FL_LOCK_WAIT, w);
}

/* A rep's perf lock contention: totals, and its first lines. */
static json_object *lock_obj(const struct fl_perf_rep *p)
{
	json_object *o = json_object_new_object(), *top;
	int i;

	json_object_object_add(o, FLK_CONTENDED,
			       json_object_new_double(p->lock.contended));
	json_object_object_add(o, FLK_WAIT_NS,
			       json_object_new_double(p->lock.wait_ns));
	json_object_object_add(o, "lines", json_object_new_int(p->lock.rows));
	top = json_object_new_array();
	for (i = 0; i < p->lock.ntop; i++) {
		json_object *t = json_object_new_object();

		json_object_object_add(t, "lock", jstr(p->lock.top[i].what));
		json_object_object_add(t, FLK_CONTENDED, json_object_new_double(
					       p->lock.top[i].contended));
		json_object_object_add(t, FLK_WAIT_NS, json_object_new_double(
					       p->lock.top[i].wait_ns));
		json_object_array_add(top, t);
	}
	json_object_object_add(o, "top", top);
	return o;
}

/* The case's "perf": what was asked, left out, and the raw counts. */
static json_object *perf_obj(const struct fl_case *c,
			     const struct fl_shared *shm)
{
	const struct fl_perf_plan *pl = &shm->perf;
	json_object *o = json_object_new_object(), *reps;
	int r, i;

	json_object_object_add(o, FLK_PERF_EVENTS, pl->events[0] ?
			       jstr(pl->events) : NULL);
	json_object_object_add(o, FLK_PERF_SKIPPED, pl->skipped[0] ?
			       jstr(pl->skipped) : NULL);
	json_object_object_add(o, FLK_REASON, pl->reason[0] ?
			       jstr(pl->reason) : NULL);
	reps = json_object_new_array();
	for (r = 0; pl->events[0] && r < fl_reps_max(&c->o); r++) {
		const struct fl_rep_rec *rr = &shm->rep_rec[r];
		json_object *one, *cs;

		if (!rr->done)
			continue;
		one = json_object_new_object();
		cs = json_object_new_object();
		json_object_object_add(one, "rep", json_object_new_int(r));
		json_object_object_add(one, "ops",
				       json_object_new_double(rr->perf.ops));
		json_object_object_add(one, "ops_uncertainty",
				       json_object_new_double(rr->perf.ops_err));
		for (i = 0; i < rr->perf.n; i++) {
			const struct fl_perf_count *pc = &rr->perf.c[i];
			json_object *e = json_object_new_object();

			json_object_object_add(e, "value", pc->why[0] ? NULL :
					json_object_new_double(pc->value));
			json_object_object_add(e, FLK_UNIT, jstr(pc->unit));
			json_object_object_add(e, "running_pct",
					json_object_new_double(pc->pct));
			json_object_object_add(e, FLK_REASON, pc->why[0] ?
					       jstr(pc->why) : NULL);
			json_object_object_add(cs, pc->event, e);
		}
		json_object_object_add(one, "counts", cs);
		if (pl->what == FL_PERF_LOCK)
			json_object_object_add(one, "lock", rr->perf.lock_ok ?
					       lock_obj(&rr->perf) : NULL);
		json_object_object_add(one, FLK_REASON, rr->perf.err[0] ?
				       jstr(rr->perf.err) : NULL);
		json_object_array_add(reps, one);
	}
	json_object_object_add(o, FLK_REPS, reps);
	return o;
}

/* The index of vmstat counter name, or -1. */
static int vmstat_idx(const struct fl_shared *shm, const char *name)
{
	int v;

	for (v = 0; v < shm->nvmstat; v++)
		if (!strcmp(shm->vmstat_name[v], name))
			return v;
	return -1;
}

/*
 * The per-VMA-lock story (wl->vma_lock): every vma_lock_* counter per
 * primary op, and the share of per-VMA-lock faults that fell back to
 * mmap_lock: lock_vma_under_rcu() failing (abort) and a fault that
 * needed VM_FAULT_RETRY (retry), over those and the successes. A miss
 * (a detached VMA) is looked up again, not a fallback. NULL, or why
 * there are no rows.
 */
static const char *add_vma_lock(json_object *metrics, const struct fl_case *c,
				const struct fl_shared *shm)
{
	int s = vmstat_idx(shm, "vma_lock_success");
	int a = vmstat_idx(shm, "vma_lock_abort");
	int t = vmstat_idx(shm, "vma_lock_retry");
	int v, r, n = 0;

	for (v = 0; v < shm->nvmstat; v++) {
		const char *nm = shm->vmstat_name[v];
		char name[96];
		json_object *m;

		if (strncmp(nm, "vma_lock_", 9))
			continue;
		n++;
		snprintf(name, sizeof(name), "%s" FL_PER_OP_SUFFIX, nm);
		m = metric("events/op", v == s ? "higher" : "lower", false);
		for (r = 0; r < fl_reps_max(&c->o); r++) {
			const struct fl_rep_rec *rr = &shm->rep_rec[r];
			double ops = window_ops(shm, rr);

			if (rr->done && ops > 0)
				push(m, FLK_REPS, rr->vmstat[v] / ops);
		}
		json_object_object_add(metrics, name, m);
	}
	if (!n)
		return "this kernel has no vma_lock_* counters in /proc/vmstat "
		       "(CONFIG_PER_VMA_LOCK_STATS is off)";
	if (s >= 0 && a >= 0 && t >= 0) {
		json_object *m = metric("ratio", "lower", false);

		for (r = 0; r < fl_reps_max(&c->o); r++) {
			const struct fl_rep_rec *rr = &shm->rep_rec[r];
			double fb = rr->vmstat[a] + rr->vmstat[t];

			if (rr->done && fb + rr->vmstat[s] > 0)
				push(m, FLK_REPS, fb / (fb + rr->vmstat[s]));
		}
		json_object_object_add(metrics, FL_VMA_FALLBACK, m);
	}
	return NULL;
}

static json_object *i64_or_null(bool ok, uint64_t v)
{
	return ok ? json_object_new_int64((int64_t)v) : NULL;
}

/* Where each rep's time went: per task, and the machine's steal. */
static json_object *sched_obj(const struct fl_case *c,
			      const struct fl_shared *shm)
{
	json_object *all = json_object_new_array();
	double hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	int r, i, n = shm->ntasks - shm->nr_extra;

	for (r = 0; r < fl_reps_max(&c->o); r++) {
		const struct fl_rep_rec *rr = &shm->rep_rec[r];
		json_object *o, *ts;
		double sec, wait = 0, share = -1;

		if (!rr->done)
			continue;
		o = json_object_new_object();
		ts = json_object_new_array();
		for (i = 0; i < shm->ntasks; i++) {
			const struct fl_cpuacct *a = &rr->cpu[i];
			json_object *t = json_object_new_object();

			json_object_object_add(t, "id", json_object_new_int(i));
			json_object_object_add(t, FLK_ONCPU_NS,
					       i64_or_null(a->ok, a->oncpu_ns));
			json_object_object_add(t, FLK_RUNQ_NS,
					       i64_or_null(a->ok, a->runq_ns));
			json_object_object_add(t, "utime_sec", a->ok ?
				json_object_new_double(a->utime / hz) : NULL);
			json_object_object_add(t, "stime_sec", a->ok ?
				json_object_new_double(a->stime / hz) : NULL);
			json_object_object_add(t, "nivcsw",
					       i64_or_null(a->ok, a->nivcsw));
			json_object_array_add(ts, t);
			if (i < n)
				wait += a->runq_ns / 1e9;
		}
		json_object_object_add(o, "rep", json_object_new_int(r));
		json_object_object_add(o, FLK_WALL_SEC,
				       json_object_new_double(rr->meas_sec));
		if (oncpu_sec(c, shm, r, false, &sec))
			share = sec / (n * rr->meas_sec);
		json_object_object_add(o, FL_CPU_SHARE, share >= 0 ?
				       json_object_new_double(share) : NULL);
		json_object_object_add(o, FLK_RUNQ_SHARE, share >= 0 ?
				       json_object_new_double(wait /
					       (n * rr->meas_sec)) : NULL);
		json_object_object_add(o, "steal_sec", rr->steal_ok ?
				       json_object_new_double(rr->steal / hz) :
				       NULL);
		json_object_object_add(o, FLK_STEAL_SHARE,
				       rr->steal_ok && rr->cputime ?
				       json_object_new_double(
					       (double)rr->steal / rr->cputime) :
				       NULL);
		json_object_object_add(o, FLK_DISTURBED,
				       json_object_new_boolean(share >= 0 &&
				       share < c->o.min_cpu_share / 100.0));
		json_object_object_add(o, "per_task", ts);
		json_object_array_add(all, o);
	}
	return all;
}

static void add_latency(json_object *metrics, const struct fl_case *c,
			const struct fl_shared *shm)
{
	int q, r;

	for (q = 0; q < 4; q++) {
		json_object *m = metric("ns", "lower", false);

		for (r = 0; r < fl_reps_max(&c->o); r++)
			if (shm->rep_rec[r].done && shm->rep_rec[r].nlat)
				push(m, FLK_REPS,
				     (double)shm->rep_rec[r].lat[q]);
		json_object_object_add(metrics, fl_latency_metrics[q], m);
	}
}

static json_object *samples_obj(const struct fl_case *c,
				const struct fl_shared *shm)
{
	json_object *all = json_object_new_array();
	const char *const *cn;
	int r, s, k;

	for (r = 0; r < fl_reps_max(&c->o); r++) {
		const struct fl_rep_rec *rr = &shm->rep_rec[r];
		json_object *o, *t, *cs;

		if (!rr->nsamples)
			continue;
		o = json_object_new_object();
		t = json_object_new_array();
		cs = json_object_new_object();
		json_object_object_add(o, "rep", json_object_new_int(r));
		json_object_object_add(o, "warmup_samples",
				       json_object_new_int(rr->warm_samples));
		for (s = 0; s < rr->nsamples; s++)
			json_object_array_add(t, json_object_new_double(rr->t[s]));
		for (cn = c->wl->counters, k = 0; cn && *cn; cn++, k++) {
			json_object *v = json_object_new_array();

			for (s = 0; s < rr->nsamples; s++)
				json_object_array_add(v, json_object_new_int64(
					(int64_t)rr->sample[s * FL_MAX_COUNTERS + k]));
			json_object_object_add(cs, *cn, v);
		}
		json_object_object_add(o, "t", t);
		json_object_object_add(o, "counters", cs);
		json_object_array_add(all, o);
	}
	return all;
}

static json_object *tasks_obj(const struct fl_case *c,
			      const struct fl_shared *shm)
{
	json_object *all = json_object_new_array();
	int i, n;

	for (i = 0; i < shm->ntasks; i++) {
		const struct fl_task_rec *tr = &shm->task[i];
		json_object *o = json_object_new_object(), *pg;
		const char *role = fl_task_role(c->wl, c->tasks, i);

		json_object_object_add(o, "id", json_object_new_int(i));
		json_object_object_add(o, "role",
				       json_object_new_string(role));
		json_object_object_add(o, "cpu", json_object_new_int(tr->cpu));
		json_object_object_add(o, "cpu_end",
				       json_object_new_int(tr->cpu_end));
		json_object_object_add(o, "node", json_object_new_int(tr->node));
		pg = json_object_new_object();
		for (n = 0; n < FL_MAX_NODES; n++) {
			char k[16];

			if (!tr->pages_by_node[n])
				continue;
			snprintf(k, sizeof(k), "%d", n);
			json_object_object_add(pg, k, json_object_new_int64(
					       tr->pages_by_node[n]));
		}
		json_object_object_add(o, "pages_by_node", pg);
		json_object_array_add(all, o);
	}
	return all;
}

static json_object *vmstat_obj(const struct fl_case *c,
			       const struct fl_shared *shm)
{
	json_object *o = json_object_new_object();
	int v, r;

	for (v = 0; v < shm->nvmstat; v++) {
		json_object *a = json_object_new_array();

		for (r = 0; r < fl_reps_max(&c->o); r++)
			if (shm->rep_rec[r].done)
				json_object_array_add(a, json_object_new_int64(
					(int64_t)shm->rep_rec[r].vmstat[v]));
		json_object_object_add(o, shm->vmstat_name[v], a);
	}
	return o;
}

static json_object *violations_obj(const struct fl_shared *shm)
{
	json_object *all = json_object_new_array();
	int i, n = shm->nviol < FL_MAX_VIOL ? shm->nviol : FL_MAX_VIOL;
	char hex[32];

	for (i = 0; i < n; i++) {
		const struct fl_viol *v = &shm->viol[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "t_ns", json_object_new_int64((int64_t)v->t_ns));
		json_object_object_add(o, "task", json_object_new_int(v->task));
		json_object_object_add(o, "rep", json_object_new_int(v->rep));
		json_object_object_add(o, "page", json_object_new_int64((int64_t)v->page));
		snprintf(hex, sizeof(hex), "0x%016llx",
			 (unsigned long long)v->expected);
		json_object_object_add(o, "expected", json_object_new_string(hex));
		snprintf(hex, sizeof(hex), "0x%016llx",
			 (unsigned long long)v->seen);
		json_object_object_add(o, "seen", json_object_new_string(hex));
		json_object_object_add(o, "what", json_object_new_string(v->what));
		json_object_array_add(all, o);
	}
	return all;
}

static json_object *placement_obj(const struct fl_case *c,
				   const struct fl_placement *pl)
{
	json_object *p = json_object_new_object(), *cpus;
	int i;

	json_object_object_add(p, "cpu_policy", jstr(c->o.cpus));
	json_object_object_add(p, "mem_policy", jstr(c->o.mem));
	json_object_object_add(p, "mem_note", pl && pl->mem_note[0] ?
			       jstr(pl->mem_note) : NULL);
	cpus = json_object_new_array();
	for (i = 0; pl && i < pl->ncpus; i++)
		json_object_array_add(cpus, json_object_new_int(pl->cpu[i]));
	json_object_object_add(p, "cpu_order", cpus);
	return p;
}

static json_object *params_obj(const struct fl_case *c)
{
	json_object *params = json_object_new_object();
	const struct fl_param *p;
	char val[256];
	int i;

	for (i = 0, p = c->wl->params; p && p->name; p++, i++) {
		if (!fl_param_shown(c, i))	/* hidden, at its default */
			continue;
		fl_param_text(p, &c->param[i], val, sizeof(val));
		json_object_object_add(params, p->name, jstr(val));
	}
	return params;
}

static json_object *take(json_object *from, const char *key)
{
	json_object *v = NULL;

	if (from)
		json_object_object_get_ex(from, key, &v);
	return json_object_get(v);
}

/* What the case is: workload, parameters, mode, tasks, options. */
static void add_what(json_object *o, const struct fl_case *c,
		     const struct fl_shared *shm)
{
	char seed[32];

	json_object_object_add(o, FLK_KEY, jstr(c->key));
	json_object_object_add(o, FLK_LABEL, jstr(c->label));
	json_object_object_add(o, FLK_SPEC, jstr(c->spec));
	json_object_object_add(o, FLK_WORKLOAD, jstr(c->wl->name));
	json_object_object_add(o, "kind", jstr(c->wl->kind == FL_RACE ?
						"race" : "throughput"));
	json_object_object_add(o, FLK_PARAMS, params_obj(c));
	json_object_object_add(o, FLK_MODE, jstr(c->processes ? "processes" :
						 "threads"));
	json_object_object_add(o, FLK_TASKS, json_object_new_int(c->tasks));
	json_object_object_add(o, "extra_tasks",
			       json_object_new_int(shm->nr_extra));
	fl_caseopts_json(&c->o, o);
	fl_seed_text(c->seed, seed, sizeof(seed));
	json_object_object_add(o, FLK_SEED, jstr(seed));
}

json_object *fl_result_case(const struct fl_case *c,
			    const struct fl_shared *shm,
			    const struct fl_case_end *e)
{
	json_object *o = json_object_new_object(), *metrics, *pn;
	const char *vma_note = NULL;

	add_what(o, c, shm);
	json_object_object_add(o, FLK_REPLAY, jstr(e->replay));
	json_object_object_add(o, FLK_STATUS, jstr(fl_status_name(e->status)));
	json_object_object_add(o, FLK_REASON, e->reason && *e->reason ?
			       jstr(e->reason) : NULL);
	json_object_object_add(o, "elapsed_sec",
			       json_object_new_double(e->elapsed));
	json_object_object_add(o, FLK_REPS_USED,
			       json_object_new_int(shm->reps_used));
	json_object_object_add(o, "reps_ci_pct", isfinite(shm->ci_rel) ?
			       json_object_new_double(shm->ci_rel) : NULL);
	metrics = json_object_new_object();
	pn = json_object_new_object();
	add_rates(metrics, pn, c, shm);
	add_cpu(metrics, c, shm);
	if (c->wl->latency)
		add_latency(metrics, c, shm);
	if (shm->perf.what == FL_PERF_STAT)
		add_perf(metrics, c, shm);
	else if (shm->perf.what == FL_PERF_LOCK && shm->perf.events[0])
		add_lock(metrics, c, shm);
	if (c->wl->vma_lock)
		vma_note = add_vma_lock(metrics, c, shm);
	json_object_object_add(o, FLK_METRICS, metrics);
	json_object_object_add(o, FLK_SCHED, sched_obj(c, shm));
	if (c->o.perf[0] && strcmp(c->o.perf, "none"))
		json_object_object_add(o, FLK_PERF, perf_obj(c, shm));
	if (vma_note)
		json_object_object_add(o, FLK_VMA_LOCK_NOTE, jstr(vma_note));
	json_object_object_add(o, "samples", samples_obj(c, shm));
	json_object_object_add(o, "task_info", tasks_obj(c, shm));
	json_object_object_add(o, "per_node", pn);
	json_object_object_add(o, "placement", placement_obj(c, e->pl));
	json_object_object_add(o, "vmstat", vmstat_obj(c, shm));
	json_object_object_add(o, "violations", violations_obj(shm));
	json_object_object_add(o, FLK_VIOLATIONS_TOTAL,
			       json_object_new_int(shm->nviol));
	json_object_object_add(o, "kmsg", take(e->kmsg, "kmsg"));
	json_object_object_add(o, "kmsg_note", take(e->kmsg, "kmsg_note"));
	if (e->aggressors)
		json_object_object_add(o, "aggressors", e->aggressors);
	return o;
}

static void utc_now(char *buf, size_t len)
{
	time_t now = time(NULL);

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
}

json_object *fl_result_doc(const char *name, const char *version,
			   int argc, char **argv, uint64_t seed,
			   const struct fl_caseopts *o, json_object *system)
{
	json_object *doc = json_object_new_object();
	json_object *run = json_object_new_object(), *a, *d;
	char ts[32], text[32];
	int i;

	utc_now(ts, sizeof(ts));
	json_object_object_add(run, FLK_NAME, jstr(name));
	json_object_object_add(run, FLK_STATUS, jstr(FL_RUN_RUNNING));
	json_object_object_add(run, FLK_STARTED, jstr(ts));
	a = json_object_new_array();
	json_object_array_add(a, jstr("faultline"));
	for (i = 0; i < argc; i++)
		json_object_array_add(a, jstr(argv[i]));
	json_object_object_add(run, FLK_ARGV, a);
	json_object_object_add(run, FLK_VERSION, jstr(version));
	fl_seed_text(seed, text, sizeof(text));
	json_object_object_add(run, FLK_SEED, jstr(text));
	d = json_object_new_object();
	fl_caseopts_json(o, d);
	json_object_object_add(run, "defaults", d);

	json_object_object_add(doc, FLK_SCHEMA, jstr(FL_SCHEMA));
	json_object_object_add(doc, FLK_SCHEMA_VERSION,
			       json_object_new_int(FL_SCHEMA_VERSION));
	json_object_object_add(doc, FLK_RUN, run);
	json_object_object_add(doc, FLK_SYSTEM, system);
	json_object_object_add(doc, FLK_CASES, json_object_new_array());
	return doc;
}

void fl_result_status(json_object *doc, const char *status)
{
	json_object *run = json_object_object_get(doc, FLK_RUN);
	char ts[32];

	json_object_object_add(run, FLK_STATUS, jstr(status));
	if (strcmp(status, FL_RUN_RUNNING)) {
		utc_now(ts, sizeof(ts));
		json_object_object_add(run, FLK_FINISHED, jstr(ts));
	}
}

void fl_result_case_running(json_object *doc, const char *label)
{
	json_object *run = json_object_object_get(doc, FLK_RUN);

	if (label)
		json_object_object_add(run, FLK_CASE_RUNNING, jstr(label));
	else
		json_object_object_del(run, FLK_CASE_RUNNING);
}

static const char *member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ?
	       json_object_get_string(v) : NULL;
}

int fl_case_result_of(json_object *c, struct fl_case_result *r)
{
	json_object *metrics, *m, *reps;
	double v[1024];
	size_t n = 0;
	int st = fl_status_parse(member(c, FLK_STATUS));

	memset(r, 0, sizeof(*r));
	r->label = member(c, FLK_LABEL);
	r->reason = member(c, FLK_REASON);
	r->replay = member(c, FLK_REPLAY);
	if (st < 0 || !r->label)
		return -1;
	r->status = st;
	fl_summarize(v, 0, true, &r->primary);
	if (json_object_object_get_ex(c, FLK_SCHED, &reps)) {
		r->nsched = (int)json_object_array_length(reps);
		for (n = 0; n < (size_t)r->nsched; n++)
			r->disturbed += json_object_get_boolean(
				json_object_object_get(json_object_array_get_idx(
					reps, n), FLK_DISTURBED));
	}
	if (!json_object_object_get_ex(c, FLK_METRICS, &metrics))
		return 0;
	json_object_object_foreach(metrics, name, mo) {
		m = mo;
		if (!json_object_get_boolean(json_object_object_get(m,
							FLK_PRIMARY)))
			continue;
		r->metric = name;
		reps = json_object_object_get(m, FLK_REPS);
		for (n = 0; n < json_object_array_length(reps) && n < 1024;
		     n++)
			v[n] = json_object_get_double(
				json_object_array_get_idx(reps, n));
		fl_summarize(v, n, strcmp(member(m, FLK_BETTER) ?: "",
					  "lower"), &r->primary);
		break;
	}
	return 0;
}

int fl_result_write(json_object *doc, const char *dir)
{
	char tmp[4200], path[4200];

	snprintf(tmp, sizeof(tmp), "%s/.result.json.tmp", dir);
	snprintf(path, sizeof(path), "%s/result.json", dir);
	if (json_object_to_file_ext(tmp, doc, JSON_C_TO_STRING_PRETTY |
				    JSON_C_TO_STRING_NOSLASHESCAPE))
		return -EIO;
	if (rename(tmp, path))
		return -errno;
	return 0;
}
