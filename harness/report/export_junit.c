// SPDX-License-Identifier: GPL-2.0
/*
 * export_junit.c - run directories as JUnit XML, in the Ant layout
 * that Jenkins and GitLab read and tests/schema/JUnit.xsd describes:
 * a testsuite per run, a testcase per case (classname
 * faultline.WORKLOAD, name the case key), failure for fail, error for
 * crash, timeout, error and interrupted, skipped for skip.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "export.h"

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * s as XML character data or (attr) an attribute value: markup
 * escaped, characters XML 1.0 forbids and bytes that are not UTF-8
 * as '?'.
 */
static void xml(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n;

	while (*p) {
		switch (*p) {
		case '&': fputs("&amp;", f); p++; continue;
		case '<': fputs("&lt;", f); p++; continue;
		case '>': fputs("&gt;", f); p++; continue;
		case '"': fputs(attr ? "&quot;" : "\"", f); p++; continue;
		case '\n': fputs(attr ? "&#10;" : "\n", f); p++; continue;
		case '\t': fputs(attr ? "&#9;" : "\t", f); p++; continue;
		case '\r': fputs("&#13;", f); p++; continue;
		}
		n = utf8_len(p);
		if (!n || *p < 0x20) {
			fputc('?', f);
			p++;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
}

static void property(FILE *f, const char *name, const char *value)
{
	if (!value)
		return;
	fprintf(f, "      <property name=\"%s\" value=\"", name);
	xml(f, value, true);
	fputs("\"/>\n", f);
}

/* The run's argv (a JSON array) as one shell command line; malloc'd. */
static char *command(const char *argv)
{
	json_object *a = argv ? json_tokener_parse(argv) : NULL;
	const char *w;
	char *buf = NULL;
	size_t len, i;
	FILE *f;

	if (!a || !json_object_is_type(a, json_type_array)) {
		json_object_put(a);
		return argv ? strdup(argv) : NULL;
	}
	f = open_memstream(&buf, &len);
	for (i = 0; i < json_object_array_length(a); i++) {
		w = json_object_get_string(json_object_array_get_idx(a, i));
		if (i)
			fputc(' ', f);
		if (*w && !w[strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789"
				     "_@%+=:,./-")]) {
			fputs(w, f);
			continue;
		}
		fputc('\'', f);
		for (; *w; w++) {
			if (*w == '\'')
				fputs("'\\''", f);
			else
				fputc(*w, f);
		}
		fputc('\'', f);
	}
	fclose(f);
	json_object_put(a);
	return buf;
}

static void properties(FILE *f, const struct fl_rundoc *d)
{
	char seed[32];
	char *cmd = command(d->argv);

	snprintf(seed, sizeof(seed), "%llu", d->seed);
	fputs("    <properties>\n", f);
	property(f, "faultline.version", d->version);
	property(f, "faultline.command", cmd);
	free(cmd);
	property(f, "faultline.seed", seed);
	property(f, "run.status", d->status);
	property(f, "kernel.release", d->release);
	property(f, "kernel.version", d->kversion);
	property(f, "kernel.cmdline", d->cmdline);
	property(f, "kernel.config_sha256", d->config_sha);
	property(f, "cpu.model", d->cpu_model);
	property(f, "vm", d->vm);
	fputs("    </properties>\n", f);
}

static void verdict(FILE *f, const struct fl_rcase *c,
		    const struct fl_xcase *x)
{
	enum fl_outcome out = fl_status_outcome(c->st);
	const char *el = out == FL_OUT_FAIL ? "failure" : "error";
	char *log;

	if (out == FL_OUT_PASS)
		return;
	if (out == FL_OUT_SKIP) {
		fputs("      <skipped message=\"", f);
		xml(f, c->reason, true);
		fputs("\"/>\n", f);
		return;
	}
	fprintf(f, "      <%s type=\"%s\" message=\"", el, c->status);
	xml(f, c->reason ? c->reason : c->status, true);
	fputs("\">", f);
	log = fl_xcase_log(c, x);
	xml(f, log, false);
	free(log);
	fprintf(f, "</%s>\n", el);
}

static void testcase(FILE *f, const struct fl_rcase *c,
		     const struct fl_xcase *x)
{
	fputs("    <testcase classname=\"faultline.", f);
	xml(f, c->workload, true);
	fputs("\" name=\"", f);
	xml(f, c->key, true);
	fprintf(f, "\" time=\"%.3f\"", x->elapsed > 0 ? x->elapsed : 0);
	if (fl_status_outcome(c->st) == FL_OUT_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	verdict(f, c, x);
	fputs("    </testcase>\n", f);
}

/* Every case's metrics, one a line: JUnit has no place for numbers. */
static void metrics_out(FILE *f, const struct fl_rundoc *d)
{
	const struct fl_rmetric *m;
	size_t i, j;
	double mean;

	fputs("    <system-out>\n", f);
	for (i = 0; i < d->ncases; i++) {
		for (j = 0; j < d->cases[i].nmetrics; j++) {
			m = &d->cases[i].metrics[j];
			mean = fl_metric_mean(m->higher_better, m->reps, m->n);
			if (isnan(mean))
				continue;
			xml(f, d->cases[i].key, false);
			fprintf(f, " %s %.6g", m->name, mean);
			if (m->unit) {
				fputc(' ', f);
				xml(f, m->unit, false);
			}
			fprintf(f, " (%zu reps)\n", m->n);
		}
	}
	fputs("</system-out>\n    <system-err></system-err>\n", f);
}

static void testsuite(FILE *f, const struct fl_xrun *r, size_t id)
{
	const struct fl_rundoc *d = &r->doc;
	int count[4] = { 0 };
	double time = 0;
	size_t i;

	for (i = 0; i < d->ncases; i++) {
		count[fl_status_outcome(d->cases[i].st)]++;
		if (r->x[i].elapsed > 0)
			time += r->x[i].elapsed;
	}
	fprintf(f, "  <testsuite package=\"faultline\" id=\"%zu\" name=\"",
		id);
	xml(f, d->name, true);
	/* the Ant schema's timestamp has no zone: ours is UTC */
	fprintf(f, "\" timestamp=\"%.19s\" hostname=\"",
		d->started ? d->started : "");
	xml(f, d->hostname ? d->hostname : "localhost", true);
	fprintf(f, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" "
		"skipped=\"%d\" time=\"%.3f\">\n", d->ncases,
		count[FL_OUT_FAIL], count[FL_OUT_ERROR], count[FL_OUT_SKIP],
		time);
	properties(f, d);
	for (i = 0; i < d->ncases; i++)
		testcase(f, &d->cases[i], &r->x[i]);
	metrics_out(f, d);
	fputs("  </testsuite>\n", f);
}

int fl_export_junit(FILE *f, const struct fl_xrun *runs, size_t n)
{
	size_t i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n",
	      f);
	for (i = 0; i < n; i++)
		testsuite(f, &runs[i], i);
	fputs("</testsuites>\n", f);
	return fflush(f) || ferror(f) ? -1 : 0;
}
