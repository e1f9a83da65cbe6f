// SPDX-License-Identifier: GPL-2.0
/*
 * test_report.c - pieces of `faultline report` with known answers: the
 * 95% confidence interval (against the t table), gnuplot and HTML
 * quoting, and the CSV's quoting and shortest exact numbers.
 */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "html.h"

/* main.c is not in libfaultline.a: the helpers the code under test uses */
void fl_usage_error(const char *fmt, ...)
{
	fail_msg("unexpected usage error: %s", fmt);
	exit(2);
}

void fl_die(int code, const char *fmt, ...)
{
	fail_msg("unexpected fl_die: %s", fmt);
	exit(code);
}

void fl_warn(const char *fmt, ...)
{
}

/* Run fn on a memory stream; return what it wrote (malloc'd). */
#define CAPTURE(buf, call) do {					\
	size_t _len;						\
	FILE *f = open_memstream(&(buf), &_len);		\
	call;							\
	fclose(f);						\
} while (0)

static void test_mean_ci(void **state)
{
	double v[] = { 1, 2, 3, 4, 5 }, mean, ci;
	struct fl_rmetric m = { .reps = v, .n = 5, .higher_better = false };

	fl_html_mean_ci(&m, &mean, &ci);
	assert_true(fabs(mean - 3) < 1e-12);
	/* t(0.975, 4) = 2.776445 from the table; sd = sqrt(2.5) */
	assert_true(fabs(ci - 2.776445 * sqrt(2.5) / sqrt(5)) < 1e-5);
	m.n = 1;
	fl_html_mean_ci(&m, &mean, &ci);
	assert_true(ci == 0);
}

static void test_quoting(void **state)
{
	char *buf;

	CAPTURE(buf, fl_plot_str(f, "it's\na|b"));
	assert_string_equal(buf, "'it''sa|b'");
	free(buf);
	CAPTURE(buf, fl_html_esc(f, "<a href=\"x\">&</a>"));
	assert_string_equal(buf,
			    "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
	free(buf);
}

static void test_csv(void **state)
{
	double v[] = { 0.1, 1e-7, 2.5e300, 1.0000000000000002 };
	struct fl_rmetric m = { .name = "faults_per_sec", .unit = "ops/s",
				.reps = v, .n = 4 };
	struct fl_rcase c = { .key = "w:a=1,b=2|threads|1", .workload = "w",
			      .mode = "threads", .tasks = 1, .status = "ok",
			      .metrics = &m, .nmetrics = 1 };
	struct fl_rundoc d = { .name = "r\"1", .cases = &c, .ncases = 1 };
	struct fl_report r = { .docs = &d, .n = 1 };
	const char *pre = "\"r\"\"1\",\"w:a=1,b=2|threads|1\",\"w\","
			  "\"threads\",1,\"ok\",\"faults_per_sec\",\"ops/s\",";
	char *buf, *want;

	CAPTURE(buf, fl_report_csv(&r, f));
	if (asprintf(&want, "run,key,workload,mode,tasks,status,metric,unit,"
		     "rep,value\n%s0,0.1\n%s1,1e-07\n%s2,2.5e+300\n"
		     "%s3,1.0000000000000002\n", pre, pre, pre, pre) < 0)
		abort();
	assert_string_equal(buf, want);
	free(buf);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mean_ci),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
