// SPDX-License-Identifier: GPL-2.0
/*
 * export_doc.c - a run directory for the exporters: rundoc.c's struct,
 * plus what a case records that rundoc does not read (elapsed time,
 * violation records, kernel log lines) and the THP, ASLR and governor
 * settings reproduce.sh compares against.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "export.h"

static json_object *get(json_object *o, const char *k)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v) ||
	    json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

static char *str(json_object *o, const char *k)
{
	json_object *v = get(o, k);

	return v ? strdup(json_object_get_string(v)) : NULL;
}

/* One violation record as one line of text. */
static void violation(FILE *f, json_object *v)
{
	fprintf(f, "violation: rep %d task %d page %lld t_ns %lld: %s "
		"(expected %s, seen %s)\n",
		json_object_get_int(get(v, "rep")),
		json_object_get_int(get(v, "task")),
		(long long)json_object_get_int64(get(v, "page")),
		(long long)json_object_get_int64(get(v, "t_ns")),
		get(v, "what") ? json_object_get_string(get(v, "what")) : "?",
		get(v, "expected") ?
			json_object_get_string(get(v, "expected")) : "?",
		get(v, "seen") ? json_object_get_string(get(v, "seen")) : "?");
}

static void load_xcase(json_object *c, const struct fl_rcase *rc,
		       struct fl_xcase *x)
{
	json_object *viol = get(c, "violations"), *kmsg = get(c, "kmsg");
	json_object *el = get(c, "elapsed_sec");
	size_t i, len = 0, nv = 0, nk = 0;
	FILE *f;

	x->elapsed = el ? json_object_get_double(el) : -1;
	if (viol && json_object_is_type(viol, json_type_array))
		nv = json_object_array_length(viol);
	if (kmsg && json_object_is_type(kmsg, json_type_array))
		nk = json_object_array_length(kmsg);
	if (!nv && !nk)
		return;
	f = open_memstream(&x->detail, &len);
	for (i = 0; i < nv; i++)
		violation(f, json_object_array_get_idx(viol, i));
	if (rc->violations > (long long)nv)
		fprintf(f, "violations: %lld in all, %zu recorded\n",
			rc->violations, nv);
	for (i = 0; i < nk; i++)
		fprintf(f, "kmsg: %s\n", json_object_get_string(
				json_object_array_get_idx(kmsg, i)));
	fclose(f);
}

static int load_extra(const char *path, struct fl_xrun *r)
{
	struct stat st;
	json_object *root, *sys, *cases, *aslr;
	char *file;
	size_t i;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		if (asprintf(&file, "%s/result.json", path) < 0)
			abort();
	} else {
		file = strdup(path);
	}
	root = json_object_from_file(file);
	free(file);
	if (!root)
		return -1;
	sys = get(root, FLK_SYSTEM);
	cases = get(root, FLK_CASES);
	r->governor = str(get(sys, "cpu"), "governor");
	r->thp_enabled = str(get(sys, "thp"), "enabled");
	r->thp_defrag = str(get(sys, "thp"), "defrag");
	aslr = get(get(sys, "aslr"), "system");
	r->aslr = aslr ? json_object_get_int(aslr) : -1;
	for (i = 0; i < r->doc.ncases; i++)
		load_xcase(json_object_array_get_idx(cases, i),
			   &r->doc.cases[i], &r->x[i]);
	json_object_put(root);
	return 0;
}

int fl_xrun_load(const char *path, struct fl_xrun *r, char *err,
		 size_t errlen)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	if (fl_rundoc_load(path, &r->doc, err, errlen))
		return -1;
	r->x = calloc(r->doc.ncases + 1, sizeof(*r->x));
	for (i = 0; i < r->doc.ncases; i++)
		r->x[i].elapsed = -1;
	r->aslr = -1;
	if (load_extra(path, r)) {
		snprintf(err, errlen, "%s: cannot read again", path);
		return -1;
	}
	return 0;
}

void fl_xrun_free(struct fl_xrun *r)
{
	size_t i;

	for (i = 0; r->x && i < r->doc.ncases; i++)
		free(r->x[i].detail);
	free(r->x);
	free(r->governor);
	free(r->thp_enabled);
	free(r->thp_defrag);
	fl_rundoc_free(&r->doc);
	memset(r, 0, sizeof(*r));
}

char *fl_xcase_log(const struct fl_rcase *c, const struct fl_xcase *x)
{
	char *s;

	if (asprintf(&s, "%s: %s\n%s%s%s\n", c->status,
		     c->reason ? c->reason : "no reason recorded",
		     x->detail ? x->detail : "",
		     c->replay ? "replay: " : "",
		     c->replay ? c->replay : "") < 0)
		abort();
	return s;
}
