// SPDX-License-Identifier: GPL-2.0
/* csv.c - the CSV outputs (csv.h), from the loaded result document. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "parse.h"

void fl_csv_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs("\",", f);
}

/* The shortest %g that reads back as exactly v. */
void fl_csv_num(FILE *f, double v)
{
	char buf[40];
	double back;
	int prec;

	if (!isfinite(v))
		return;
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (!fl_parse_num(buf, -HUGE_VAL, HUGE_VAL, &back) && back == v)
			break;
	}
	fprintf(f, "%.*g", prec, v);
}

void fl_csv_reps(FILE *f, const struct fl_rundoc *d)
{
	size_t k, m, j;

	for (k = 0; k < d->ncases; k++) {
		const struct fl_rcase *c = &d->cases[k];

		for (m = 0; m < c->nmetrics; m++) {
			const struct fl_rmetric *mt = &c->metrics[m];

			for (j = 0; j < mt->n; j++) {
				fl_csv_str(f, d->name);
				fl_csv_str(f, c->key);
				fl_csv_str(f, c->workload);
				fl_csv_str(f, c->mode);
				fprintf(f, "%d,", c->tasks);
				fl_csv_str(f, c->status);
				fl_csv_str(f, mt->name);
				fl_csv_str(f, mt->unit);
				fprintf(f, "%zu,", j);
				fl_csv_num(f, mt->reps[j]);
				fputc('\n', f);
			}
		}
	}
}

/* The primary metric's mean of spec's ok case at tasks in mode, or NaN. */
static double wis_mean(const struct fl_rundoc *d, const char *spec,
		       const char *mode, int tasks)
{
	size_t k;

	for (k = 0; k < d->ncases; k++) {
		const struct fl_rcase *c = &d->cases[k];
		const struct fl_rmetric *m = fl_case_primary(c);

		if (c->tasks == tasks && c->st == FL_ST_OK && m && m->n &&
		    !strcmp(c->spec, spec) && !strcmp(c->mode, mode))
			return fl_metric_mean(m->higher_better, m->reps, m->n);
	}
	return NAN;
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* spec's distinct task counts, ascending, into t (d->ncases long). */
static int spec_tasks(const struct fl_rundoc *d, const char *spec, int *t)
{
	size_t k;
	int n = 0, i;

	for (k = 0; k < d->ncases; k++) {
		if (strcmp(d->cases[k].spec, spec))
			continue;
		for (i = 0; i < n && t[i] != d->cases[k].tasks; i++)
			;
		if (i == n)
			t[n++] = d->cases[k].tasks;
	}
	qsort(t, n, sizeof(*t), by_int);
	return n;
}

int fl_csv_wis(FILE *f, const struct fl_rundoc *d, const char *spec)
{
	int *t = calloc(d->ncases + 1, sizeof(*t)), n, i;
	double p, th, one = NAN;

	if (!t)
		abort();
	n = spec_tasks(d, spec, t);
	if (n && t[0] == 1) {
		p = wis_mean(d, spec, "processes", 1);
		th = wis_mean(d, spec, "threads", 1);
		one = isnan(p) ? th : isnan(th) ? p : fmax(p, th);
	}
	fputs(FL_CSV_WIS_HEADER, f);
	for (i = 0; i < n; i++) {
		fprintf(f, "%d,", t[i]);
		fl_csv_num(f, wis_mean(d, spec, "processes", t[i]));
		fputc(',', f);
		fl_csv_num(f, wis_mean(d, spec, "threads", t[i]));
		fputc(',', f);
		fl_csv_num(f, one * t[i]);
		fputc('\n', f);
	}
	free(t);
	return n;
}

static int write_file(const char *path, const char *text, char *err,
		      size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (f)
		fputs(text, f);
	if (!f || fclose(f)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* RUN/scaling/NAME.csv and NAME.title for spec. */
static int wis_file(const struct fl_rundoc *d, const char *dir,
		    const char *name, const char *spec, char *err,
		    size_t errlen)
{
	char *path, *tpath, *text, *title;
	size_t len;
	FILE *m = open_memstream(&text, &len);
	int ret;

	if (!m)
		abort();
	fl_csv_wis(m, d, spec);
	fclose(m);
	if (asprintf(&path, "%s/scaling/%s.csv", dir, name) < 0 ||
	    asprintf(&tpath, "%s/scaling/%s.title", dir, name) < 0 ||
	    asprintf(&title, "%s\n", spec) < 0)
		abort();
	ret = write_file(path, text, err, errlen);
	if (!ret)
		ret = write_file(tpath, title, err, errlen);
	free(path);
	free(tpath);
	free(text);
	free(title);
	return ret;
}

/* Case k is the first of its spec, and its spec has two task counts. */
static bool sweep_at(const struct fl_rundoc *d, size_t k, int *t)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (!strcmp(d->cases[j].spec, d->cases[k].spec))
			return false;
	return spec_tasks(d, d->cases[k].spec, t) >= 2;
}

/* Every sweep, named by its workload: NAME, NAME-2, ... */
static int wis_files(const struct fl_rundoc *d, const char *dir,
		     char *err, size_t errlen)
{
	int *t = calloc(d->ncases + 1, sizeof(*t)), same, ret = 0;
	char *sub, name[128];
	size_t k, j;

	if (!t || asprintf(&sub, "%s/scaling", dir) < 0)
		abort();
	for (k = 0; k < d->ncases && !ret; k++) {
		const struct fl_rcase *c = &d->cases[k];

		if (!sweep_at(d, k, t))
			continue;
		for (same = 1, j = 0; j < k; j++)
			if (!strcmp(d->cases[j].workload, c->workload) &&
			    sweep_at(d, j, t))
				same++;
		if (same > 1)
			snprintf(name, sizeof(name), "%s-%d", c->workload,
				 same);
		else
			snprintf(name, sizeof(name), "%s", c->workload);
		if (mkdir(sub, 0755) && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", sub,
				 strerror(errno));
			ret = -1;
			break;
		}
		ret = wis_file(d, dir, name, c->spec, err, errlen);
	}
	free(sub);
	free(t);
	return ret;
}

int fl_csv_run_files(const char *dir, char *err, size_t errlen)
{
	struct fl_rundoc d;
	char *path, *text;
	size_t len;
	FILE *m;
	int ret;

	if (fl_rundoc_load(dir, &d, err, errlen))
		return -1;
	m = open_memstream(&text, &len);
	if (!m)
		abort();
	fputs(FL_CSV_REPS_HEADER, m);
	fl_csv_reps(m, &d);
	fclose(m);
	if (asprintf(&path, "%s/result.csv", dir) < 0)
		abort();
	ret = write_file(path, text, err, errlen);
	if (!ret)
		ret = wis_files(&d, dir, err, errlen);
	free(path);
	free(text);
	fl_rundoc_free(&d);
	return ret;
}
