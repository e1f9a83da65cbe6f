// SPDX-License-Identifier: GPL-2.0
/* Unit tests: suite files, option precedence and case expansion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "run.h"

static struct fl_topo topo;

static const char *write_suite(const char *text)
{
	static char path[] = "/tmp/faultline-suite.XXXXXX";
	int fd;

	strcpy(path, "/tmp/faultline-suite.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void expansion(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts cli;
	char err[256];
	const char *p = write_suite(
		"# a comment\n"
		"page_fault1 -t 1,2 -d 3 -r 2\n"
		"\n"
		"giant_vma:size=64M -m both -t 1 --cpus none # trailing\n");

	fl_caseopts_default(&cli);
	cli.duration = 7;	/* given on the command line: wins */
	assert_int_equal(fl_suite_load(&l, p, &cli, FL_OPT_DURATION, &topo,
				       42, err, sizeof(err)), 0);
	unlink(p);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.c[0].key, "page_fault1:size=128M|threads|1");
	assert_int_equal(l.c[1].tasks, 2);
	assert_int_equal(l.c[0].o.duration, 7);
	assert_int_equal(l.c[0].o.reps, 2);
	assert_false(l.c[2].processes);
	assert_true(l.c[3].processes);
	assert_string_equal(l.c[3].o.cpus, "none");
	assert_string_equal(l.c[3].label, "giant_vma:size=64M|processes|1");
	/* seeds: derived from run seed and key, so a replay matches */
	assert_true(l.c[2].seed != l.c[3].seed);
	assert_true(l.c[0].seed == fl_hash64(42, l.c[0].key));
	free(l.c);
}

static void max_tasks(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts o;
	char err[256];

	fl_caseopts_default(&o);
	snprintf(o.tasks, sizeof(o.tasks), "max");
	assert_int_equal(fl_cases_add(&l, "mmap1", &o, &topo, 1, err,
				      sizeof(err)), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.c[0].tasks, topo.pus);
	free(l.c);
}

static void bad_line(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts cli;
	char err[256];
	const char *p = write_suite("mmap1\nmmap1 -d 0\n");

	fl_caseopts_default(&cli);
	assert_int_equal(fl_suite_load(&l, p, &cli, 0, &topo, 1, err,
				       sizeof(err)), -1);
	unlink(p);
	assert_non_null(strstr(err, ":2: --duration: '0' is not in 1..86400"));
	free(l.c);
}

static void bad_options(void **state)
{
	struct fl_caseopts o;
	char err[256];

	fl_caseopts_default(&o);
	assert_int_equal(fl_caseopt_set(&o, 't', "0", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, 't', "1,x", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, 'm', "fibers", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, 'r', "0", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, 't', "1,2,max", &topo, err,
					sizeof(err)), 0);
}

static int setup(void **state)
{
	return fl_topo_load(&topo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expansion),
		cmocka_unit_test(max_tasks),
		cmocka_unit_test(bad_line),
		cmocka_unit_test(bad_options),
	};

	return cmocka_run_group_tests_name("suite", tests, setup, NULL);
}
