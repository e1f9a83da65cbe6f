// SPDX-License-Identifier: GPL-2.0
/*
 * ktap.c - KTAP on stdout, one test point per case, as kselftest does,
 * and the closing table as KTAP diagnostic lines so stdout stays KTAP.
 */
#include <gsl/gsl_statistics_double.h>
#include <stdarg.h>
#include <string.h>

#include "results.h"

static void out(struct fl_ktap *k, const char *fmt, va_list ap)
{
	va_list ap2;

	va_copy(ap2, ap);
	vprintf(fmt, ap);
	fflush(stdout);
	if (k->copy) {
		vfprintf(k->copy, fmt, ap2);
		fflush(k->copy);
	}
	va_end(ap2);
}

static void emit(struct fl_ktap *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void emit(struct fl_ktap *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out(k, fmt, ap);
	va_end(ap);
}

void fl_ktap_plan(struct fl_ktap *k, int ncases)
{
	emit(k, "KTAP version 1\n1..%d\n", ncases);
}

void fl_ktap_diag(struct fl_ktap *k, const char *fmt, ...)
{
	va_list ap;

	emit(k, "# ");
	va_start(ap, fmt);
	out(k, fmt, ap);
	va_end(ap);
	emit(k, "\n");
}

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ?
	       json_object_get_string(v) : NULL;
}

/* The primary metric's name and its per-rep values. */
static const char *primary(json_object *c, double *v, int *n)
{
	json_object *metrics, *reps, *pr;

	*n = 0;
	if (!json_object_object_get_ex(c, "metrics", &metrics))
		return NULL;
	json_object_object_foreach(metrics, name, m) {
		if (!json_object_object_get_ex(m, "primary", &pr) ||
		    !json_object_get_boolean(pr))
			continue;
		json_object_object_get_ex(m, "reps", &reps);
		for (; *n < (int)json_object_array_length(reps) && *n < 256;
		     (*n)++)
			v[*n] = json_object_get_double(
				json_object_array_get_idx(reps, *n));
		return name;
	}
	return NULL;
}

void fl_ktap_case(struct fl_ktap *k, json_object *c)
{
	const char *st = str(c, "status"), *reason = str(c, "reason");
	const char *name;
	double v[256];
	int n;

	k->n++;
	name = primary(c, v, &n);
	if (name && n)
		fl_ktap_diag(k, "%s %s: %.0f (mean of %d reps)", str(c, "label"),
			     name, gsl_stats_mean(v, 1, n), n);
	if (strcmp(st, "ok") && strcmp(st, "skip"))
		fl_ktap_diag(k, "replay: %s", str(c, "replay"));
	if (!strcmp(st, "skip"))
		emit(k, "ok %d %s # SKIP %s\n", k->n, str(c, "key"),
		     reason ? reason : "");
	else if (!strcmp(st, "ok"))
		emit(k, "ok %d %s\n", k->n, str(c, "key"));
	else
		emit(k, "not ok %d %s # %s: %s\n", k->n, str(c, "key"),
		     st, reason ? reason : "");
}

void fl_ktap_table(struct fl_ktap *k, json_object *cases)
{
	int i, n, pass = 0, fail = 0, skip = 0;
	double v[256], mean, sd;
	const char *name, *st;

	fl_ktap_diag(k, "%-58s %-7s %14s %7s %4s", "case", "status",
		     "primary/s", "%stddev", "reps");
	for (i = 0; i < (int)json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		st = str(c, "status");
		pass += !strcmp(st, "ok");
		skip += !strcmp(st, "skip");
		fail += strcmp(st, "ok") && strcmp(st, "skip");
		name = primary(c, v, &n);
		mean = n ? gsl_stats_mean(v, 1, n) : 0;
		sd = n > 1 ? gsl_stats_sd(v, 1, n) : 0;
		fl_ktap_diag(k, "%-58.58s %-7s %14.0f %6.2f%% %4d",
			     str(c, "label"), st, mean,
			     mean > 0 ? 100 * sd / mean : 0, n);
		(void)name;
	}
	fl_ktap_diag(k, "Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0",
		     pass, fail, skip);
}
