// SPDX-License-Identifier: GPL-2.0
/*
 * export_kcidb.c - run directories as one KCIDB I/O document (schema
 * FL_KCIDB_MAJOR.FL_KCIDB_MINOR, kernelci/kcidb-io; a copy is in
 * tests/schema/). The kernel a run saw is a checkout (its release) and
 * a build (release and config hash); each case is a test with path
 * faultline.WORKLOAD.PARAMS.MODE.TASKS and status PASS, FAIL, ERROR or
 * SKIP, its primary metric as the test's number; each metric of a
 * passed case is a DONE sub-test with its mean as number and unit.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "export.h"

static const char *const kcidb_status[] = {
	[FL_OUT_PASS] = "PASS", [FL_OUT_FAIL] = "FAIL",
	[FL_OUT_SKIP] = "SKIP", [FL_OUT_ERROR] = "ERROR",
};

static void add_str(json_object *o, const char *k, const char *v)
{
	if (v)
		json_object_object_add(o, k, json_object_new_string(v));
}

static json_object *idf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static json_object *idf(const char *fmt, ...)
{
	json_object *o;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	o = json_object_new_string(s);
	free(s);
	return o;
}

/* s with every character outside [a-zA-Z0-9_-] as '_' (none: '_'). */
static void segment(FILE *f, const char *s, size_t n)
{
	size_t i;

	if (!n)
		fputc('_', f);
	for (i = 0; i < n; i++) {
		unsigned char ch = s[i];

		fputc(isalnum(ch) || ch == '-' || ch == '_' ? ch :
		      ch == '=' ? '-' : '_', f);
	}
}

/*
 * "wl:a=1,b=x|threads|2" -> "faultline.wl.a-1_b-x.threads.2": one
 * segment per part of the key, '=' as '-', anything else KCIDB's path
 * does not allow as '_'.
 */
char *fl_kcidb_path(const struct fl_rcase *c)
{
	const char *p = c->key, *end;
	size_t len;
	char *buf;
	FILE *f = open_memstream(&buf, &len);

	fputs("faultline", f);
	while (*p) {
		end = p + strcspn(p, ":|");
		fputc('.', f);
		segment(f, p, end - p);
		p = *end ? end + 1 : end;
	}
	fclose(f);
	return buf;
}

static const char *release_of(const struct fl_rundoc *d)
{
	return d->release ? d->release : "unknown";
}

static json_object *checkout(const struct fl_rundoc *d, const char *origin)
{
	json_object *o = json_object_new_object(), *misc;

	json_object_object_add(o, "id",
			       idf("%s:%s", origin, release_of(d)));
	add_str(o, "origin", origin);
	json_object_object_add(o, "comment",
			       idf("Linux %s", release_of(d)));
	json_object_object_add(o, "valid", json_object_new_boolean(1));
	misc = json_object_new_object();
	add_str(misc, "kernel_release", d->release);
	add_str(misc, "kernel_version", d->kversion);
	json_object_object_add(o, "misc", misc);
	return o;
}

static json_object *build_id(const struct fl_rundoc *d, const char *origin)
{
	return idf("%s:%s:%s", origin, release_of(d),
		   d->config_sha ? d->config_sha : "noconfig");
}

/* The kernel ran, so it built: PASS. */
static json_object *build(const struct fl_rundoc *d, const char *origin)
{
	json_object *o = json_object_new_object(), *misc;

	json_object_object_add(o, "id", build_id(d, origin));
	json_object_object_add(o, "checkout_id",
			       idf("%s:%s", origin, release_of(d)));
	add_str(o, "origin", origin);
	json_object_object_add(o, "status", json_object_new_string("PASS"));
	misc = json_object_new_object();
	add_str(misc, "kernel_release", d->release);
	add_str(misc, "config_sha256", d->config_sha);
	json_object_object_add(o, "misc", misc);
	return o;
}

static json_object *number(const struct fl_rmetric *m, double mean)
{
	json_object *n = json_object_new_object();

	json_object_object_add(n, "value", json_object_new_double(mean));
	add_str(n, "unit", m->unit);
	return n;
}

static json_object *metrics_misc(const struct fl_rcase *c)
{
	json_object *all = json_object_new_object(), *o, *reps;
	const struct fl_rmetric *m;
	double mean;
	size_t i, j;

	for (i = 0; i < c->nmetrics; i++) {
		m = &c->metrics[i];
		o = json_object_new_object();
		add_str(o, "unit", m->unit);
		add_str(o, "better", m->higher_better ? "higher" : "lower");
		mean = fl_metric_mean(m->higher_better, m->reps, m->n);
		if (!isnan(mean))
			json_object_object_add(o, "mean",
					       json_object_new_double(mean));
		reps = json_object_new_array();
		for (j = 0; j < m->n; j++)
			json_object_array_add(reps, isfinite(m->reps[j]) ?
				json_object_new_double(m->reps[j]) : NULL);
		json_object_object_add(o, "reps", reps);
		json_object_object_add(all, m->name, o);
	}
	return all;
}

static json_object *environment(const struct fl_rundoc *d)
{
	json_object *e = json_object_new_object(), *misc;

	json_object_object_add(e, "comment", idf("%s: %s, %d CPUs, %d nodes",
		d->hostname ? d->hostname : "?",
		d->cpu_model ? d->cpu_model : "?", d->pus, d->nodes));
	misc = json_object_new_object();
	add_str(misc, "hostname", d->hostname);
	add_str(misc, "cpu_model", d->cpu_model);
	json_object_object_add(misc, "pus", json_object_new_int(d->pus));
	json_object_object_add(misc, "numa_nodes",
			       json_object_new_int(d->nodes));
	if (d->vm)
		json_object_object_add(misc, "vm",
				       json_tokener_parse(d->vm));
	json_object_object_add(e, "misc", misc);
	return e;
}

/* What every test of a run shares. */
static json_object *test_common(const struct fl_rundoc *d,
				const char *origin, const char *id,
				const char *path, const char *status)
{
	json_object *t = json_object_new_object();

	json_object_object_add(t, "id", idf("%s:%s", origin, id));
	json_object_object_add(t, "build_id", build_id(d, origin));
	add_str(t, "origin", origin);
	add_str(t, "path", path);
	add_str(t, "status", status);
	/* KCIDB wants date-time with a zone; started ends in Z */
	add_str(t, "start_time", d->started);
	json_object_object_add(t, "environment", environment(d));
	return t;
}

static json_object *case_misc(const struct fl_rundoc *d,
			      const struct fl_rcase *c)
{
	json_object *misc = json_object_new_object();
	char seed[32];

	snprintf(seed, sizeof(seed), "%llu", d->seed);
	add_str(misc, "run", d->name);
	add_str(misc, "faultline_version", d->version);
	add_str(misc, "run_seed", seed);
	add_str(misc, "key", c->key);
	add_str(misc, "spec", c->spec);
	add_str(misc, "status", c->status);
	add_str(misc, "reason", c->reason);
	add_str(misc, "replay", c->replay);
	json_object_object_add(misc, "violations_total",
			       json_object_new_int64(c->violations));
	json_object_object_add(misc, "metrics", metrics_misc(c));
	return misc;
}

/* The log excerpt: at most FL_KCIDB_LOG_MAX bytes, whole lines. */
static void log_excerpt(json_object *t, const struct fl_rcase *c,
			const struct fl_xcase *x)
{
	char *log = fl_xcase_log(c, x), *nl;

	if (strlen(log) >= FL_KCIDB_LOG_MAX) {
		log[FL_KCIDB_LOG_MAX - 1] = '\0';
		nl = strrchr(log, '\n');
		if (nl)
			nl[1] = '\0';
	}
	add_str(t, "log_excerpt", log);
	free(log);
}

static void add_tests(json_object *tests, const struct fl_xrun *r,
		      const char *origin)
{
	const struct fl_rundoc *d = &r->doc;
	const struct fl_rcase *c;
	const struct fl_rmetric *m;
	json_object *t;
	char *path, *sub, *id;
	double mean;
	size_t i, j;

	for (i = 0; i < d->ncases; i++) {
		enum fl_outcome out;

		c = &d->cases[i];
		out = fl_status_outcome(c->st);
		path = fl_kcidb_path(c);
		if (asprintf(&id, "%s/%s", d->name, c->key) < 0)
			abort();
		t = test_common(d, origin, id, path, kcidb_status[out]);
		if (r->x[i].elapsed >= 0)
			json_object_object_add(t, "duration",
				json_object_new_double(r->x[i].elapsed));
		m = fl_case_primary(c);
		mean = m ? fl_metric_mean(m->higher_better, m->reps, m->n) :
			   NAN;
		if (out != FL_OUT_SKIP && !isnan(mean))
			json_object_object_add(t, "number", number(m, mean));
		if (out != FL_OUT_PASS)
			log_excerpt(t, c, &r->x[i]);
		json_object_object_add(t, "misc", case_misc(d, c));
		json_object_array_add(tests, t);
		for (j = 0; out == FL_OUT_PASS && j < c->nmetrics; j++) {
			m = &c->metrics[j];
			mean = fl_metric_mean(m->higher_better, m->reps, m->n);
			if (isnan(mean))
				continue;
			if (asprintf(&sub, "%s.%s", path, m->name) < 0)
				abort();
			free(id);
			if (asprintf(&id, "%s/%s/%s", d->name, c->key,
				     m->name) < 0)
				abort();
			t = test_common(d, origin, id, sub, "DONE");
			json_object_object_add(t, "number", number(m, mean));
			json_object_array_add(tests, t);
			free(sub);
		}
		free(id);
		free(path);
	}
}

/* Add o to arr unless an object with the same id is there. */
static void add_once(json_object *arr, json_object *o)
{
	const char *id = json_object_get_string(
				json_object_object_get(o, "id"));
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++)
		if (!strcmp(id, json_object_get_string(json_object_object_get(
				json_object_array_get_idx(arr, i), "id")))) {
			json_object_put(o);
			return;
		}
	json_object_array_add(arr, o);
}

int fl_export_kcidb(FILE *f, const struct fl_xrun *runs, size_t n,
		    const char *origin)
{
	json_object *doc = json_object_new_object(), *v;
	json_object *checkouts = json_object_new_array();
	json_object *builds = json_object_new_array();
	json_object *tests = json_object_new_array();
	int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE;
	size_t i;
	int ret;

	v = json_object_new_object();
	json_object_object_add(v, "major", json_object_new_int(FL_KCIDB_MAJOR));
	json_object_object_add(v, "minor", json_object_new_int(FL_KCIDB_MINOR));
	json_object_object_add(doc, "version", v);
	for (i = 0; i < n; i++) {
		add_once(checkouts, checkout(&runs[i].doc, origin));
		add_once(builds, build(&runs[i].doc, origin));
		add_tests(tests, &runs[i], origin);
	}
	json_object_object_add(doc, "checkouts", checkouts);
	json_object_object_add(doc, "builds", builds);
	json_object_object_add(doc, "tests", tests);
	fputs(json_object_to_json_string_ext(doc, flags), f);
	fputc('\n', f);
	json_object_put(doc);
	ret = fflush(f) || ferror(f) ? -1 : 0;
	return ret;
}
