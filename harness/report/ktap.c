// SPDX-License-Identifier: GPL-2.0
/*
 * ktap.c - KTAP on stdout, one test point per case, as kselftest does,
 * and the closing table as KTAP diagnostic lines so stdout stays KTAP.
 * A case is named by its label everywhere (test line, table, progress).
 */
#include <math.h>
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

static const char *which_mean(const struct fl_case_result *r)
{
	/* by the rule that chose it: one rep's hmean equals its amean */
	return r->primary.harmonic ? "harmonic" : "arithmetic";
}

void fl_ktap_case(struct fl_ktap *k, const struct fl_case_result *r)
{
	const struct fl_status_info *si = &fl_status_info[r->status];
	const char *reason = r->reason ? r->reason : "";

	k->n++;
	if (r->metric && r->primary.n)
		fl_ktap_diag(k, "%s %s: %.0f (%s mean of %zu reps)",
			     r->label, r->metric, r->primary.mean,
			     which_mean(r), r->primary.n);
	if (r->disturbed)
		fl_ktap_diag(k, "%s: %d of %d reps disturbed (cpu_share below "
			     "--min-cpu-share)", r->label, r->disturbed,
			     r->nsched);
	if (fl_status_broken(r->status))
		fl_ktap_diag(k, "replay: %s", r->replay ? r->replay : "?");
	if (si->outcome == FL_OUT_FAIL && *reason)
		fl_ktap_diag(k, "%s: %s", si->name, reason);
	emit(k, "%s %d %s", si->outcome == FL_OUT_PASS ||
	     si->outcome == FL_OUT_SKIP ? "ok" : "not ok", k->n, r->label);
	/* ERROR covers several statuses: say which */
	if (si->directive && !strcmp(si->directive, "ERROR"))
		emit(k, " # ERROR %s: %s", si->name, reason);
	else if (si->directive)
		emit(k, " # %s %s", si->directive, reason);
	emit(k, "\n");
}

int fl_results_exit(const struct fl_case_result *r, int n)
{
	int i, skip = 0, bad = 0;

	for (i = 0; i < n; i++) {
		skip += fl_status_outcome(r[i].status) == FL_OUT_SKIP;
		bad += fl_status_broken(r[i].status);
	}
	if (bad)
		return 1;
	return n && skip == n ? 4 : 0;
}

void fl_ktap_table(struct fl_ktap *k, const struct fl_case_result *r, int n)
{
	int i, w = 4, cnt[4] = { 0 };

	for (i = 0; i < n; i++)
		if ((int)strlen(r[i].label) > w)
			w = (int)strlen(r[i].label);
	fl_ktap_diag(k, "%-*s %-11s %14s %7s %4s", w, "case", "status",
		     "primary/s", "%stddev", "reps");
	for (i = 0; i < n; i++) {
		const struct fl_summary *s = &r[i].primary;

		cnt[fl_status_outcome(r[i].status)]++;
		fl_ktap_diag(k, "%-*s %-11s %14.0f %6.2f%% %4zu", w,
			     r[i].label, fl_status_name(r[i].status),
			     s->n ? s->mean : 0, s->n ? 100 * s->cov : 0,
			     s->n);
	}
	fl_ktap_diag(k, "primary/s: harmonic mean of the reps (arithmetic "
		     "if a rep is 0)");
	fl_ktap_diag(k, "Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d "
		     "error:%d", cnt[FL_OUT_PASS], cnt[FL_OUT_FAIL],
		     cnt[FL_OUT_SKIP], cnt[FL_OUT_ERROR]);
}
