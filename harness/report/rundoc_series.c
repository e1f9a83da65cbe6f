// SPDX-License-Identifier: GPL-2.0
/* rundoc_series.c - samples, per-node rates and placement of each case. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "rundoc_series.h"

#define FLK_SAMPLES		"samples"
#define FLK_REP			"rep"
#define FLK_WARMUP_SAMPLES	"warmup_samples"
#define FLK_T			"t"
#define FLK_COUNTERS		"counters"
#define FLK_PER_NODE		"per_node"
#define FLK_PLACEMENT		"placement"

static json_object *get(json_object *o, const char *k)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v))
		return NULL;
	return v;
}

/* A JSON array of numbers as doubles; *n its length. */
static double *nums(json_object *a, size_t *n)
{
	double *v;
	size_t i;

	*n = 0;
	if (!a || !json_object_is_type(a, json_type_array))
		return calloc(1, sizeof(double));
	*n = json_object_array_length(a);
	v = calloc(*n + 1, sizeof(double));
	for (i = 0; i < *n; i++)
		v[i] = json_object_get_double(json_object_array_get_idx(a, i));
	return v;
}

static void load_samples(json_object *arr, struct fl_rcase_x *x)
{
	size_t i, nt;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return;
	x->ns = json_object_array_length(arr);
	x->s = calloc(x->ns + 1, sizeof(*x->s));
	for (i = 0; i < x->ns; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		struct fl_rseries *s = &x->s[i];

		s->rep = json_object_get_int(get(e, FLK_REP));
		s->warm = json_object_get_int(get(e, FLK_WARMUP_SAMPLES));
		s->t = nums(get(e, FLK_T), &nt);
		s->v = nums(get(get(e, FLK_COUNTERS), x->counter), &s->n);
		if (nt < s->n)
			s->n = nt;
	}
}

static void load_nodes(json_object *pn, const char *metric,
		       struct fl_rcase_x *x)
{
	size_t n = 0;

	if (!pn || !json_object_is_type(pn, json_type_object))
		return;
	x->nodes = calloc(json_object_object_length(pn) + 1,
			  sizeof(*x->nodes));
	json_object_object_foreach(pn, k, v) {
		x->nodes[n].node = atoi(k);
		x->nodes[n].reps = nums(get(v, metric), &x->nodes[n].n);
		n++;
	}
	x->nn = n;
}

static void load_case(json_object *c, const struct fl_rcase *rc,
		      struct fl_rcase_x *x)
{
	const struct fl_rmetric *m = fl_case_primary(rc);
	json_object *lab = get(c, "label"), *pl = get(c, FLK_PLACEMENT);
	size_t len;

	if (lab && json_object_is_type(lab, json_type_string))
		x->label = strdup(json_object_get_string(lab));
	if (m) {
		x->counter = strdup(m->name);
		len = strlen(x->counter);
		if (len > strlen(FL_RATE_SUFFIX) &&
		    !strcmp(x->counter + len - strlen(FL_RATE_SUFFIX),
			    FL_RATE_SUFFIX))
			x->counter[len - strlen(FL_RATE_SUFFIX)] = 0;
		load_samples(get(c, FLK_SAMPLES), x);
		load_nodes(get(c, FLK_PER_NODE), m->name, x);
	}
	if (pl && !json_object_is_type(pl, json_type_null))
		x->placement = strdup(json_object_to_json_string_ext(pl,
						JSON_C_TO_STRING_PLAIN));
}

struct fl_rcase_x *fl_rundoc_series(const struct fl_rundoc *doc,
				    char *err, size_t errlen)
{
	struct fl_rcase_x *x;
	json_object *root, *cases;
	struct stat st;
	char *file;
	size_t i;

	if (!stat(doc->dir, &st) && S_ISDIR(st.st_mode)) {
		if (asprintf(&file, "%s/result.json", doc->dir) < 0)
			abort();
	} else {
		file = strdup(doc->dir);
	}
	root = json_object_from_file(file);
	cases = get(root, FLK_CASES);
	if (!cases || !json_object_is_type(cases, json_type_array) ||
	    json_object_array_length(cases) != doc->ncases) {
		snprintf(err, errlen, "%s: cannot read its cases again", file);
		json_object_put(root);
		free(file);
		return NULL;
	}
	x = calloc(doc->ncases + 1, sizeof(*x));
	for (i = 0; i < doc->ncases; i++)
		load_case(json_object_array_get_idx(cases, i),
			  &doc->cases[i], &x[i]);
	json_object_put(root);
	free(file);
	return x;
}

void fl_rundoc_series_free(struct fl_rcase_x *x, size_t n)
{
	size_t i, j;

	if (!x)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; j < x[i].ns; j++) {
			free(x[i].s[j].t);
			free(x[i].s[j].v);
		}
		for (j = 0; j < x[i].nn; j++)
			free(x[i].nodes[j].reps);
		free(x[i].s);
		free(x[i].nodes);
		free(x[i].label);
		free(x[i].counter);
		free(x[i].placement);
	}
	free(x);
}
