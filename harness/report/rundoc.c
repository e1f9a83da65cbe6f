// SPDX-License-Identifier: GPL-2.0
/* rundoc.c - load result.json into struct fl_rundoc with json-c. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "caseopt.h"
#include "parse.h"
#include "rundoc.h"

static json_object *get(json_object *o, const char *k)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v))
		return NULL;
	return v;
}

/* A string member, duplicated; NULL when absent or null. */
static char *str(json_object *o, const char *k)
{
	json_object *v = get(o, k);

	if (!v || json_object_is_type(v, json_type_null))
		return NULL;
	return strdup(json_object_get_string(v));
}

static double num(json_object *o, const char *k, double def)
{
	json_object *v = get(o, k);

	return v && !json_object_is_type(v, json_type_null) ?
		json_object_get_double(v) : def;
}

/* num() as an int; 0 if it is none (NaN, huge): a cast would be UB */
static int inum(json_object *o, const char *k)
{
	double d = num(o, k, 0);

	return d > INT_MIN - 1.0 && d < INT_MAX + 1.0 ? (int)d : 0;
}

static char *text(json_object *v)
{
	if (!v || json_object_is_type(v, json_type_null))
		return NULL;
	return strdup(json_object_to_json_string_ext(v,
						JSON_C_TO_STRING_PLAIN));
}

static int load_metric(const char *name, json_object *m,
		       struct fl_rmetric *out)
{
	json_object *reps = get(m, FLK_REPS);
	const char *better;
	size_t i;

	out->name = strdup(name);
	out->unit = str(m, FLK_UNIT);
	better = json_object_get_string(get(m, FLK_BETTER));
	out->higher_better = !better || strcmp(better, "lower");
	out->primary = json_object_get_boolean(get(m, FLK_PRIMARY));
	if (!reps || !json_object_is_type(reps, json_type_array))
		return -1;
	out->n = json_object_array_length(reps);
	out->reps = calloc(out->n + 1, sizeof(double));
	for (i = 0; i < out->n; i++)
		out->reps[i] = json_object_get_double(
				json_object_array_get_idx(reps, i));
	return 0;
}

/* "sched": where each rep's time went; absent in older documents. */
static void load_sched(json_object *a, struct fl_rcase *out)
{
	size_t i, n;

	if (!a || !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	out->sched = calloc(n + 1, sizeof(*out->sched));
	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(a, i);
		struct fl_rsched *s = &out->sched[i];

		s->cpu_share = num(r, FL_CPU_SHARE, NAN);
		s->runq_share = num(r, FLK_RUNQ_SHARE, NAN);
		s->steal_share = num(r, FLK_STEAL_SHARE, NAN);
		s->disturbed = json_object_get_boolean(get(r, FLK_DISTURBED));
	}
	out->nsched = n;
}

/*
 * Schema 1 did not record the spec: WORKLOAD:K=V,... from the params
 * object, which the writer sorted by name as the spec is.
 */
static char *spec_of(const char *wl, json_object *params)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	const char *sep = ":";

	fputs(wl, f);
	if (params) {
		json_object_object_foreach(params, k, v) {
			fprintf(f, "%s%s=%s", sep, k,
				json_object_get_string(v));
			sep = ",";
		}
	}
	fclose(f);
	return buf;
}

/*
 * The run's seed: a decimal string since schema 2 (exact in jq), a
 * number before. A string that is not one is an error, not seed 0.
 */
static int seed_of(json_object *v, unsigned long long *out, char *err,
		   size_t errlen)
{
	const char *s = json_object_get_string(v);
	uint64_t seed;

	*out = 0;
	if (!v || !json_object_is_type(v, json_type_string)) {
		*out = (unsigned long long)json_object_get_uint64(v);
		return 0;
	}
	if (!s[strspn(s, "0123456789")] && !fl_parse_u64(s, &seed)) {
		*out = seed;
		return 0;
	}
	snprintf(err, errlen, "run.seed: '%.40s' is not a 64-bit decimal", s);
	return -1;
}

static int load_case(json_object *c, int version, struct fl_rcase *out,
		     char *err, size_t errlen)
{
	json_object *metrics = get(c, FLK_METRICS);
	char msg[256];
	int st;
	size_t i = 0;

	out->key = str(c, FLK_KEY);
	out->workload = str(c, FLK_WORKLOAD);
	out->status = str(c, FLK_STATUS);
	if (!out->key || !out->workload || !out->status) {
		snprintf(err, errlen, "a case lacks key, workload or status");
		return -1;
	}
	st = fl_status_parse(out->status);
	if (st < 0) {
		snprintf(err, errlen, "case %s: unknown status '%s'",
			 out->key, out->status);
		return -1;
	}
	out->st = st;
	out->spec = version >= 2 ? str(c, FLK_SPEC) :
		    spec_of(out->workload, get(c, FLK_PARAMS));
	if (!out->spec) {
		snprintf(err, errlen, "case %s has no spec", out->key);
		return -1;
	}
	out->mode = str(c, FLK_MODE);
	out->tasks = inum(c, FLK_TASKS);
	out->duration = num(c, FLK_DURATION, 0);
	out->warmup = num(c, FLK_WARMUP, 0);
	out->reps = inum(c, FLK_REPS);	/* -r; 0 for auto */
	out->timeout = num(c, FLK_TIMEOUT, 0);
	out->cpus = str(c, FLK_CPUS);
	out->mem = str(c, FLK_MEM);
	out->reason = str(c, FLK_REASON);
	out->replay = str(c, FLK_REPLAY);
	out->violations = (long long)num(c, FLK_VIOLATIONS_TOTAL, 0);
	fl_caseopts_default(&out->o);
	if (fl_caseopts_from_json(&out->o, c, msg, sizeof(msg))) {
		snprintf(err, errlen, "case %s: %s", out->key, msg);
		return -1;
	}
	load_sched(get(c, FLK_SCHED), out);
	if (!metrics || !json_object_is_type(metrics, json_type_object))
		return 0;
	out->metrics = calloc(json_object_object_length(metrics) + 1,
			      sizeof(*out->metrics));
	json_object_object_foreach(metrics, k, v) {
		if (load_metric(k, v, &out->metrics[i])) {
			snprintf(err, errlen, "case %s: metric %s has no reps",
				 out->key, k);
			out->nmetrics = i + 1;
			return -1;
		}
		i++;
	}
	out->nmetrics = i;
	return 0;
}

/*
 * The machine part of system.vm: accelerator, vCPUs, memory, NUMA. The
 * rest (image, its hash, cmdline) belongs to the kernel, not the
 * machine, and must not keep the nightly job from finding a baseline.
 */
static char *vm_machine(json_object *vm)
{
	static const char *const keys[] = { "accel", "vcpus", "mem_mb",
					    "numa", NULL };
	json_object *o;
	char *s;
	int i;

	if (!vm || !json_object_is_type(vm, json_type_object))
		return NULL;
	o = json_object_new_object();
	for (i = 0; keys[i]; i++)
		if (get(vm, keys[i]))
			json_object_object_add(o, keys[i],
					       json_object_get(get(vm, keys[i])));
	s = text(o);
	json_object_put(o);
	return s;
}

/*
 * Type checks before anything is read: a member of the wrong JSON type
 * refuses the document with its name rather than being read as
 * something else (json_object_object_foreach on a non-object crashes).
 */
#define T(x)	(1u << json_type_##x)
#define TNUM	(T(int) | T(double))
#define TSTR	T(string)
#define TOBJ	T(object)
#define TARR	T(array)
#define TNUL	T(null)

struct want {
	const char *key;
	unsigned int types;
};

static const struct want want_root[] = {
	{ FLK_SCHEMA, TSTR }, { FLK_SCHEMA_VERSION, TNUM },
	{ FLK_RUN, TOBJ }, { FLK_SYSTEM, TOBJ | TNUL }, { FLK_CASES, TARR },
	{ NULL, 0 }
};

static const struct want want_run[] = {
	{ FLK_NAME, TSTR }, { FLK_STATUS, TSTR | TNUL },
	{ FLK_STARTED, TSTR | TNUL }, { FLK_FINISHED, TSTR | TNUL },
	{ FLK_VERSION, TSTR | TNUL }, { FLK_SEED, TSTR | TNUM | TNUL },
	{ FLK_ARGV, TARR | TNUL }, { "defaults", TOBJ | TNUL },
	{ NULL, 0 }
};

static const struct want want_system[] = {
	{ "hostname", TSTR | TNUL }, { "kernel", TOBJ | TNUL },
	{ "cpu", TOBJ | TNUL }, { "topology", TOBJ | TNUL },
	{ "vm", TOBJ | TNUL }, { "thp", TOBJ | TNUL },
	{ "aslr", TOBJ | TNUL }, { NULL, 0 }
};

static const struct want want_kernel[] = {
	{ "release", TSTR | TNUL }, { "version", TSTR | TNUL },
	{ "cmdline", TSTR | TNUL }, { "config", TOBJ | TNUL },
	{ NULL, 0 }
};

static const struct want want_config[] = {
	{ "sha256", TSTR | TNUL }, { NULL, 0 }
};

static const struct want want_cpu[] = {
	{ "model", TSTR | TNUL }, { "governor", TSTR | TNUL }, { NULL, 0 }
};

static const struct want want_topology[] = {
	{ "pus", TNUM | TNUL }, { "numa_nodes", TNUM | TNUL }, { NULL, 0 }
};

static const struct want want_case[] = {
	{ FLK_KEY, TSTR }, { FLK_WORKLOAD, TSTR }, { FLK_STATUS, TSTR },
	{ FLK_LABEL, TSTR | TNUL }, { FLK_SPEC, TSTR | TNUL },
	{ FLK_PARAMS, TOBJ | TNUL }, { FLK_MODE, TSTR | TNUL },
	{ FLK_TASKS, TNUM | TNUL }, { FLK_DURATION, TNUM | TNUL },
	{ FLK_WARMUP, TNUM | TNUL },
	{ FLK_REPS, TNUM | TSTR | TNUL },	/* -r auto: "auto" */
	{ FLK_TIMEOUT, TNUM | TNUL }, { FLK_CPUS, TSTR | TNUL },
	{ FLK_MEM, TSTR | TNUL }, { FLK_REPLAY, TSTR | TNUL },
	{ FLK_REASON, TSTR | TNUL }, { FLK_METRICS, TOBJ | TNUL },
	{ FLK_VIOLATIONS_TOTAL, TNUM | TNUL }, { "samples", TARR | TNUL },
	{ "per_node", TOBJ | TNUL }, { FLK_PERF, TOBJ | TNUL },
	{ FLK_VMA_LOCK_NOTE, TSTR | TNUL }, { NULL, 0 }
};

static const struct want want_metric[] = {
	{ FLK_UNIT, TSTR | TNUL }, { FLK_BETTER, TSTR | TNUL },
	{ FLK_PRIMARY, T(boolean) | TNUL }, { FLK_REPS, TARR },
	{ NULL, 0 }
};

/* "an object or null" */
static void types_text(unsigned int types, char *buf, size_t len)
{
	static const struct { json_type t; const char *s; } names[] = {
		{ json_type_object, "an object" },
		{ json_type_array, "an array" },
		{ json_type_string, "a string" },
		{ json_type_int, "a number" },
		{ json_type_boolean, "a boolean" },
		{ json_type_null, "null" },
	};
	size_t i, off = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (types & (1u << names[i].t))
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%s%s", off ? " or " : "",
					names[i].s);
}

/* Check o's members against w; where names o ("" for the root). */
static int check(json_object *o, const char *where, const struct want *w,
		 char *err, size_t errlen)
{
	json_object *v;
	char exp[64];

	if (!o || !json_object_is_type(o, json_type_object))
		return 0;
	for (; w->key; w++) {
		if (!json_object_object_get_ex(o, w->key, &v) ||
		    (w->types & (1u << json_object_get_type(v))))
			continue;
		types_text(w->types, exp, sizeof(exp));
		snprintf(err, errlen, "%s%s%s is %s, not %s", where,
			 *where ? "." : "", w->key,
			 json_type_to_name(json_object_get_type(v)), exp);
		return -1;
	}
	return 0;
}

static int check_doc(json_object *root, char *err, size_t errlen)
{
	json_object *sys = get(root, FLK_SYSTEM), *kern = get(sys, "kernel");
	json_object *cases = get(root, FLK_CASES), *c, *m, *reps;
	char where[128];
	size_t i, j;

	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "the document is %s, not an object",
			 json_type_to_name(json_object_get_type(root)));
		return -1;
	}
	if (check(root, "", want_root, err, errlen) ||
	    check(get(root, FLK_RUN), "run", want_run, err, errlen) ||
	    check(sys, "system", want_system, err, errlen) ||
	    check(kern, "system.kernel", want_kernel, err, errlen) ||
	    check(get(kern, "config"), "system.kernel.config", want_config,
		  err, errlen) ||
	    check(get(sys, "cpu"), "system.cpu", want_cpu, err, errlen) ||
	    check(get(sys, "topology"), "system.topology", want_topology,
		  err, errlen))
		return -1;
	for (i = 0; cases && i < json_object_array_length(cases); i++) {
		c = json_object_array_get_idx(cases, i);
		if (!json_object_is_type(c, json_type_object)) {
			snprintf(err, errlen, "cases[%zu] is %s, not an object",
				 i, json_type_to_name(json_object_get_type(c)));
			return -1;
		}
		snprintf(where, sizeof(where), "cases[%zu]", i);
		if (check(c, where, want_case, err, errlen))
			return -1;
		m = get(c, FLK_METRICS);
		if (!m)
			continue;
		json_object_object_foreach(m, k, v) {
			snprintf(where, sizeof(where), "cases[%zu].metrics.%s",
				 i, k);
			if (!json_object_is_type(v, json_type_object)) {
				snprintf(err, errlen, "%s is %s, not an object",
					 where, json_type_to_name(
						json_object_get_type(v)));
				return -1;
			}
			if (check(v, where, want_metric, err, errlen))
				return -1;
			reps = get(v, FLK_REPS);
			for (j = 0; reps && j < json_object_array_length(reps);
			     j++) {
				json_type t = json_object_get_type(
					json_object_array_get_idx(reps, j));

				if (t == json_type_int || t == json_type_double)
					continue;
				snprintf(err, errlen, "%s.reps[%zu] is %s, not "
					 "a number", where, j,
					 json_type_to_name(t));
				return -1;
			}
		}
	}
	return 0;
}

static int load(json_object *root, struct fl_rundoc *doc,
		char *err, size_t errlen)
{
	json_object *run = get(root, FLK_RUN), *sys = get(root, FLK_SYSTEM);
	json_object *kern = get(sys, "kernel"), *topo = get(sys, "topology");
	json_object *cases = get(root, FLK_CASES);
	const char *schema = json_object_get_string(get(root, FLK_SCHEMA));
	double version = num(root, FLK_SCHEMA_VERSION, 0);
	size_t i;

	if (!schema || strcmp(schema, FL_SCHEMA)) {
		snprintf(err, errlen, "not a faultline result document");
		return -1;
	}
	/* so written, NaN fails before the cast */
	if (!(version >= FL_SCHEMA_OLDEST && version <= FL_SCHEMA_VERSION) ||
	    version != (int)version) {
		snprintf(err, errlen, "schema_version %g, this build reads "
			 "%d to %d", version, FL_SCHEMA_OLDEST,
			 FL_SCHEMA_VERSION);
		return -1;
	}
	if (check_doc(root, err, errlen))
		return -1;
	doc->schema_version = (int)version;
	if (!run || !cases || !json_object_is_type(cases, json_type_array)) {
		snprintf(err, errlen, "no run or cases");
		return -1;
	}
	doc->name = str(run, FLK_NAME);
	doc->status = str(run, FLK_STATUS);
	doc->started = str(run, FLK_STARTED);
	doc->finished = str(run, FLK_FINISHED);
	doc->version = str(run, FLK_VERSION);
	if (seed_of(get(run, FLK_SEED), &doc->seed, err, errlen))
		return -1;
	doc->argv = text(get(run, FLK_ARGV));
	doc->hostname = str(sys, "hostname");
	doc->release = str(kern, "release");
	doc->kversion = str(kern, "version");
	doc->cmdline = str(kern, "cmdline");
	doc->config_sha = str(get(kern, "config"), "sha256");
	doc->cpu_model = str(get(sys, "cpu"), "model");
	doc->pus = inum(topo, "pus");
	doc->nodes = inum(topo, "numa_nodes");
	doc->vm = vm_machine(get(sys, "vm"));
	if (!doc->name) {
		snprintf(err, errlen, "run has no name");
		return -1;
	}
	doc->ncases = json_object_array_length(cases);
	doc->cases = calloc(doc->ncases + 1, sizeof(*doc->cases));
	for (i = 0; i < doc->ncases; i++)
		if (load_case(json_object_array_get_idx(cases, i),
			      doc->schema_version, &doc->cases[i], err,
			      errlen))
			return -1;
	return 0;
}

static int load_path(const char *path, struct fl_rundoc *doc,
		     char *err, size_t errlen)
{
	struct stat st;
	json_object *root;
	char *file;
	int ret;

	memset(doc, 0, sizeof(*doc));
	doc->dir = strdup(path);
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (asprintf(&file, "%s/result.json", path) < 0)
			abort();
	} else {
		file = strdup(path);
	}
	root = json_object_from_file(file);
	if (!root) {
		snprintf(err, errlen, "%s: cannot read: %s", file,
			 json_util_get_last_err() ?: "not JSON");
		/* json-c's message ends with a newline */
		err[strcspn(err, "\n")] = 0;
		free(file);
		return -1;
	}
	ret = load(root, doc, err, errlen);
	if (ret) {
		char *tmp = strdup(err);

		snprintf(err, errlen, "%s: %s", file, tmp);
		free(tmp);
	}
	json_object_put(root);
	free(file);
	return ret;
}

/* On failure, what was read so far is freed (doc is left zeroed). */
int fl_rundoc_load(const char *path, struct fl_rundoc *doc,
		   char *err, size_t errlen)
{
	int ret = load_path(path, doc, err, errlen);

	if (ret)
		fl_rundoc_free(doc);
	return ret;
}

static void free_case(struct fl_rcase *c)
{
	size_t i;

	for (i = 0; i < c->nmetrics; i++) {
		free(c->metrics[i].name);
		free(c->metrics[i].unit);
		free(c->metrics[i].reps);
	}
	free(c->metrics);
	free(c->sched);
	free(c->key);
	free(c->workload);
	free(c->spec);
	free(c->mode);
	free(c->cpus);
	free(c->mem);
	free(c->status);
	free(c->reason);
	free(c->replay);
}

void fl_rundoc_free(struct fl_rundoc *doc)
{
	size_t i;

	for (i = 0; i < doc->ncases; i++)
		free_case(&doc->cases[i]);
	free(doc->cases);
	free(doc->dir);
	free(doc->name);
	free(doc->status);
	free(doc->started);
	free(doc->finished);
	free(doc->version);
	free(doc->argv);
	free(doc->hostname);
	free(doc->release);
	free(doc->kversion);
	free(doc->cmdline);
	free(doc->config_sha);
	free(doc->cpu_model);
	free(doc->vm);
	memset(doc, 0, sizeof(*doc));
}

struct fl_rcase *fl_rundoc_case(const struct fl_rundoc *doc, const char *key)
{
	size_t i;

	for (i = 0; i < doc->ncases; i++)
		if (!strcmp(doc->cases[i].key, key))
			return &doc->cases[i];
	return NULL;
}

struct fl_rmetric *fl_case_metric(const struct fl_rcase *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nmetrics; i++)
		if (!strcmp(c->metrics[i].name, name))
			return &c->metrics[i];
	return NULL;
}

struct fl_rmetric *fl_case_primary(const struct fl_rcase *c)
{
	size_t i;

	for (i = 0; i < c->nmetrics; i++)
		if (c->metrics[i].primary)
			return &c->metrics[i];
	return c->nmetrics ? &c->metrics[0] : NULL;
}

const char *const fl_measure_name[FL_MEASURE_NR] = { "cpus", "mem", "perf" };

void fl_measure_of(const struct fl_caseopts *o, const char *m[FL_MEASURE_NR])
{
	m[0] = o->cpus;
	m[1] = o->mem;
	m[2] = o->perf;
}

const char *fl_measure_unlike(const char *const a[FL_MEASURE_NR],
			      const char *const b[FL_MEASURE_NR], char *why,
			      size_t len)
{
	int i;

	for (i = 0; i < FL_MEASURE_NR; i++)
		if (a[i] && b[i] && strcmp(a[i], b[i])) {
			snprintf(why, len, "%s against %s", a[i], b[i]);
			return fl_measure_name[i];
		}
	return NULL;
}

const char *fl_rcase_unlike(const struct fl_rcase *a,
			    const struct fl_rcase *b, char *why, size_t len)
{
	const char *x[FL_MEASURE_NR], *y[FL_MEASURE_NR];

	fl_measure_of(&a->o, x);
	fl_measure_of(&b->o, y);
	return fl_measure_unlike(x, y, why, len);
}
