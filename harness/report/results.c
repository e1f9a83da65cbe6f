// SPDX-License-Identifier: GPL-2.0
/*
 * results.c - turn what a case's measured process left in shared memory
 * into the case object of the result document, and write the document.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"

const char *const fl_status_name[] = {
	[FL_ST_OK] = "ok", [FL_ST_FAIL] = "fail", [FL_ST_ERROR] = "error",
	[FL_ST_CRASH] = "crash", [FL_ST_TIMEOUT] = "timeout",
	[FL_ST_SKIP] = "skip", [FL_ST_INTERRUPTED] = "interrupted",
};

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *metric(const char *unit, const char *better,
			   bool primary)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "unit", json_object_new_string(unit));
	json_object_object_add(m, "better", json_object_new_string(better));
	json_object_object_add(m, "primary", json_object_new_boolean(primary));
	json_object_object_add(m, "reps", json_object_new_array());
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

		snprintf(name, sizeof(name), "%s_per_sec", *cn);
		snprintf(ptname, sizeof(ptname), "%s_per_task", name);
		m = metric("ops/s", "higher", k == 0);
		pt = metric("ops/s", "higher", false);
		json_object_object_add(m, "per_task", json_object_new_array());
		for (r = 0; r < c->o.reps; r++) {
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
			push(m, "reps", sum);
			push(pt, "reps", counted ? sum / counted : 0);
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

static void add_latency(json_object *metrics, const struct fl_case *c,
			const struct fl_shared *shm)
{
	static const char *const names[] = {
		"lat_p50_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns",
	};
	int q, r;

	for (q = 0; q < 4; q++) {
		json_object *m = metric("ns", "lower", false);

		for (r = 0; r < c->o.reps; r++)
			if (shm->rep_rec[r].done && shm->rep_rec[r].nlat)
				push(m, "reps", (double)shm->rep_rec[r].lat[q]);
		json_object_object_add(metrics, names[q], m);
	}
}

static json_object *samples_obj(const struct fl_case *c,
				const struct fl_shared *shm)
{
	json_object *all = json_object_new_array();
	const char *const *cn;
	int r, s, k;

	for (r = 0; r < c->o.reps; r++) {
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
	struct fl_ctx ctx = { .wl = c->wl, .nr_tasks = c->tasks,
			      .nr_extra = shm->nr_extra,
			      .processes = c->processes };
	json_object *all = json_object_new_array();
	int i, n;

	memcpy(ctx.param, c->param, sizeof(ctx.param));
	for (i = 0; i < shm->ntasks; i++) {
		const struct fl_task_rec *tr = &shm->task[i];
		json_object *o = json_object_new_object(), *pg;
		const char *role = c->wl->role ? c->wl->role(&ctx, i) : NULL;

		json_object_object_add(o, "id", json_object_new_int(i));
		json_object_object_add(o, "role",
				       json_object_new_string(role ? role : "worker"));
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

		for (r = 0; r < c->o.reps; r++)
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

json_object *fl_result_case(const struct fl_case *c,
			    const struct fl_shared *shm, int status,
			    const char *reason, double elapsed,
			    const char *replay)
{
	json_object *o = json_object_new_object(), *params, *metrics, *pn;
	const struct fl_param *p;
	char val[256];
	int i;

	json_object_object_add(o, "key", json_object_new_string(c->key));
	json_object_object_add(o, "label", json_object_new_string(c->label));
	json_object_object_add(o, "workload", json_object_new_string(c->wl->name));
	json_object_object_add(o, "kind", json_object_new_string(
			       c->wl->kind == FL_RACE ? "race" : "throughput"));
	params = json_object_new_object();
	for (i = 0, p = c->wl->params; p && p->name; p++, i++) {
		fl_param_text(p, &c->param[i], val, sizeof(val));
		json_object_object_add(params, p->name,
				       json_object_new_string(val));
	}
	json_object_object_add(o, "params", params);
	json_object_object_add(o, "mode", json_object_new_string(
			       c->processes ? "processes" : "threads"));
	json_object_object_add(o, "tasks", json_object_new_int(c->tasks));
	json_object_object_add(o, "extra_tasks", json_object_new_int(shm->nr_extra));
	json_object_object_add(o, "duration", json_object_new_int(c->o.duration));
	json_object_object_add(o, "warmup", json_object_new_int(c->o.warmup));
	json_object_object_add(o, "reps", json_object_new_int(c->o.reps));
	json_object_object_add(o, "cpus", json_object_new_string(c->o.cpus));
	json_object_object_add(o, "mem", json_object_new_string(c->o.mem));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)c->seed));
	json_object_object_add(o, "replay", json_object_new_string(replay));
	json_object_object_add(o, "status",
			       json_object_new_string(fl_status_name[status]));
	json_object_object_add(o, "reason", jstr(reason && *reason ? reason : NULL));
	json_object_object_add(o, "elapsed_sec", json_object_new_double(elapsed));

	metrics = json_object_new_object();
	pn = json_object_new_object();
	add_rates(metrics, pn, c, shm);
	if (c->wl->latency)
		add_latency(metrics, c, shm);
	json_object_object_add(o, "metrics", metrics);
	json_object_object_add(o, "samples", samples_obj(c, shm));
	json_object_object_add(o, "task_info", tasks_obj(c, shm));
	json_object_object_add(o, "per_node", pn);
	json_object_object_add(o, "vmstat", vmstat_obj(c, shm));
	json_object_object_add(o, "violations", violations_obj(shm));
	json_object_object_add(o, "violations_total",
			       json_object_new_int(shm->nviol));
	return o;
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
