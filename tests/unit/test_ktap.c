// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: KTAP lines for ok, failed, skipped, timed-out and crashed
 * cases; KTAP's own directives; totals that count errors; the harmonic
 * mean for rates in the diagnostics and the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results.h"

static void mk(struct fl_case_result *r, const char *label,
	       enum fl_status st, const char *reason)
{
	static const double none[1];

	memset(r, 0, sizeof(*r));
	r->label = label;
	r->status = st;
	r->reason = reason;
	r->replay = "REPLAY";
	fl_summarize(none, 0, true, &r->primary);
}

static char *run(struct fl_case_result *r, int n, char *buf, size_t len)
{
	struct fl_ktap k = { .copy = tmpfile() };
	size_t got;
	int i;

	fl_ktap_plan(&k, n);
	for (i = 0; i < n; i++)
		fl_ktap_case(&k, &r[i]);
	fl_ktap_table(&k, r, n);
	rewind(k.copy);
	got = fread(buf, 1, len - 1, k.copy);
	buf[got] = '\0';
	fclose(k.copy);
	return buf;
}

static void stream(void **state)
{
	struct fl_case_result r[5];
	char buf[8192];

	mk(&r[0], "a|threads|1", FL_ST_OK, NULL);
	mk(&r[1], "b|threads|2", FL_ST_FAIL, "2 violation(s)");
	mk(&r[2], "c|threads|1", FL_ST_SKIP, "no NUMA");
	mk(&r[3], "d|threads|1", FL_ST_TIMEOUT, "watchdog: 30 s");
	mk(&r[4], "e|threads|1", FL_ST_CRASH, "killed by SIGSEGV");
	run(r, 5, buf, sizeof(buf));
	assert_true(!strncmp(buf, "KTAP version 1\n1..5\n", 20));
	assert_non_null(strstr(buf, "\nok 1 a|threads|1\n"));
	assert_non_null(strstr(buf, "\n# fail: 2 violation(s)\n"
				    "not ok 2 b|threads|2\n"));
	assert_non_null(strstr(buf, "\n# replay: REPLAY\n# fail:"));
	assert_non_null(strstr(buf, "\nok 3 c|threads|1 # SKIP no NUMA\n"));
	assert_non_null(strstr(buf,
		"\nnot ok 4 d|threads|1 # TIMEOUT watchdog: 30 s\n"));
	assert_non_null(strstr(buf,
		"\nnot ok 5 e|threads|1 # ERROR crash: killed by SIGSEGV\n"));
	assert_null(strstr(buf, "# timeout:"));
	assert_non_null(strstr(buf, "# Totals: pass:1 fail:1 xfail:0 xpass:0 "
				    "skip:1 error:2\n"));
	assert_int_equal(fl_results_exit(r, 5), 1);
	assert_int_equal(fl_results_exit(&r[2], 1), 4);
	assert_int_equal(fl_results_exit(r, 1), 0);
}

/* One run shows one mean: the harmonic one, for rates. */
static void harmonic(void **state)
{
	static const double reps[] = { 100, 300 };
	struct fl_case_result r;
	char buf[4096];

	mk(&r, "pf|threads|1", FL_ST_OK, NULL);
	r.metric = "ops_per_sec";
	fl_summarize(reps, 2, true, &r.primary);
	run(&r, 1, buf, sizeof(buf));
	/* harmonic 150, arithmetic 200 */
	assert_non_null(strstr(buf, "ops_per_sec: 150 (harmonic mean"));
	assert_non_null(strstr(buf, "ok                     150"));
	assert_null(strstr(buf, " 200 "));
	/*
	 * Named by the rule, not by comparing the two means: equal reps
	 * (or one rep) have equal means, and that is still the harmonic
	 * one for a rate (it said "arithmetic" there, or either, as the
	 * last bit of 1/(1/x) fell).
	 */
	fl_summarize((const double[]){ 4, 4 }, 2, true, &r.primary);
	run(&r, 1, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ops_per_sec: 4 (harmonic mean of 2"));
	/* lower is better: the arithmetic mean */
	r.metric = "lat_p99_ns";
	fl_summarize(reps, 2, false, &r.primary);
	run(&r, 1, buf, sizeof(buf));
	assert_non_null(strstr(buf, "lat_p99_ns: 200 (arithmetic mean of 2"));
	/* a rep of 0: the harmonic mean is undefined, so arithmetic */
	r.metric = "ops_per_sec";
	fl_summarize((const double[]){ 0, 4 }, 2, true, &r.primary);
	run(&r, 1, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ops_per_sec: 2 (arithmetic mean of 2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stream),
		cmocka_unit_test(harmonic),
	};

	return cmocka_run_group_tests_name("ktap", tests, NULL, NULL);
}
