// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the perf stat -x, and perf lock contention parsers
 * (perfcsv.c, perflock.c) on real output (tests/data/perf-*.txt, how
 * each was captured is in its head), and
 * the --perf value (perf.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "perf.h"
#include "perfcsv.h"
#include "perflock.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[8192];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

static void real_output(void **state)
{
	struct fl_perf_count c[FL_PERF_MAX_EVENTS];
	int n = fl_perfcsv_parse(slurp("tests/data/perf-stat-x.txt"), c,
				 FL_PERF_MAX_EVENTS);

	/* nine events; the comments and "Events enabled" are no events */
	assert_int_equal(n, 9);
	assert_string_equal(c[0].event, "task-clock");
	assert_string_equal(c[0].unit, "msec");
	assert_true(fabs(c[0].value - 272.94) < 1e-9);
	assert_true(fabs(c[0].pct - 100) < 1e-9);
	assert_string_equal(c[0].why, "");
	assert_string_equal(c[1].event, "page-faults");
	assert_string_equal(c[1].unit, "");
	assert_true(c[1].value == 0);
	assert_string_equal(c[4].event, "context-switches");
	assert_true(c[4].value == 120);
	assert_string_equal(c[5].event, "cpu-migrations");
	assert_true(c[5].value == 2);
	/* no hardware PMU: not supported, and no number */
	assert_string_equal(c[6].event, "cycles");
	assert_string_equal(c[6].why, "not supported");
	assert_true(isnan(c[6].value));
	assert_string_equal(c[7].event, "instructions");
	assert_string_equal(c[7].why, "not supported");
	/* an event name with a comma in it stays whole */
	assert_string_equal(c[8].event, "software/config=2,period=1000/");
	assert_true(c[8].value == 0);
	assert_true(fabs(c[8].pct - 100) < 1e-9);
}

static void other_lines(void **state)
{
	struct fl_perf_count c[4];
	/* old perf: no metric fields; then lines that are no event */
	const char *text = "1234,,page-faults,5000,50.00\n"
			   "event syntax error: 'x'\n"
			   "abc,,page-faults,5000,100.00,,\n"
			   "1,,,5000,100.00,,\n"
			   "1,,ev,notanumber,100.00,,\n"
			   "<not counted>,,minor-faults,0,0.00,,\n"
			   "\n";

	assert_int_equal(fl_perfcsv_parse(text, c, 4), 2);
	assert_string_equal(c[0].event, "page-faults");
	assert_true(c[0].value == 1234 && c[0].pct == 50);
	assert_string_equal(c[1].event, "minor-faults");
	assert_string_equal(c[1].why, "not counted");
	/* never more than max */
	assert_int_equal(fl_perfcsv_parse(slurp("tests/data/perf-stat-x.txt"),
					  c, 3), 3);
	assert_int_equal(fl_perfcsv_parse("", c, 4), 0);
}

static void lock_output(void **state)
{
	struct fl_lock_sum s;

	/* twelve lines; the header and the comments are none */
	assert_int_equal(fl_perflock_parse(
		slurp("tests/data/perf-lock-contention.txt"), &s), 12);
	assert_true(s.contended == 5 + 4 + 4 + 2 + 2 + 1 + 1 + 2 + 1 + 1 + 1 + 4);
	/* 1.39 ms + 156.39 us + ... + 9.32 us, in ns */
	assert_true(fabs(s.wait_ns - (1.39e6 + 156.39e3 + 75.34e3 + 59.15e3 +
				      58.13e3 + 57.17e3 + 55.48e3 + 27.81e3 +
				      25.34e3 + 22.80e3 + 16.76e3 + 9.32e3))
		    < 1e-3);
	assert_int_equal(s.ntop, FL_LOCK_TOP);
	assert_string_equal(s.top[0].what,
			    "spinlock shrink_dcache_parent+0x81");
	assert_true(s.top[0].contended == 5);
	assert_true(fabs(s.top[0].wait_ns - 1.39e6) < 1e-6);
	assert_string_equal(s.top[3].what,
			    "spinlock exit_to_user_mode_loop+0x51");
	/* no contention: the header alone; a bad unit or a column short */
	assert_int_equal(fl_perflock_parse(" contended   total wait     max "
					   "wait     avg wait         type   "
					   "caller\n\n", &s), 0);
	assert_true(s.contended == 0 && s.ntop == 0);
	assert_int_equal(fl_perflock_parse("1 2 xs 2 us 2 us spinlock f\n"
					   "1 2 us 2 us 2 us spinlock\n"
					   "1 2 us 2 us 2 us rwsem:W f+0x1\n",
					   &s), 1);
	assert_true(fabs(s.wait_ns - 2000) < 1e-9);
	assert_string_equal(s.top[0].what, "rwsem:W f+0x1");
}

static void perf_values(void **state)
{
	enum fl_perf_what w;
	const char *ev;

	assert_int_equal(fl_perf_parse("none", &w, &ev), 0);
	assert_int_equal(w, FL_PERF_NONE);
	assert_int_equal(fl_perf_parse("lock", &w, &ev), 0);
	assert_int_equal(w, FL_PERF_LOCK);
	assert_int_equal(fl_perf_parse("stat", &w, &ev), 0);
	assert_int_equal(w, FL_PERF_STAT);
	assert_string_equal(ev, FL_PERF_DEFAULT_EVENTS);
	assert_int_equal(fl_perf_parse("stat=task-clock,cpu/event=0x3c/",
				       &w, &ev), 0);
	assert_string_equal(ev, "task-clock,cpu/event=0x3c/");
	assert_int_equal(fl_perf_parse("stat=", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stat=a,,b", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stat=a,", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stat=a;b", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stat=a b", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stats", &w, &ev), -1);
	assert_int_equal(fl_perf_parse("", &w, &ev), -1);
	/* at most FL_PERF_MAX_EVENTS (16); a cpu/.../ term is one */
	assert_int_equal(fl_perf_parse("stat=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p",
				       &w, &ev), 0);
	assert_int_equal(fl_perf_parse("stat=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
				       &w, &ev), -1);
	assert_int_equal(fl_perf_parse("stat=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,"
				       "cpu/event=0x3c,umask=0/", &w, &ev), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_output),
		cmocka_unit_test(other_lines),
		cmocka_unit_test(lock_output),
		cmocka_unit_test(perf_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
