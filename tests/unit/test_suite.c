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

#include "caseopt.h"
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
		"-m both giant_vma:size=64M -t 1 --cpus=none # trailing\n");

	fl_caseopts_default(&cli);
	/* given on the command line: wins */
	assert_int_equal(fl_caseopt_set(&cli, FL_CO_duration, "7", &topo,
					err, sizeof(err)), 0);
	assert_int_equal(fl_suite_load(&l, p, &cli, &topo, 42, err,
				       sizeof(err)), 0);
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
	fl_caselist_free(&l);
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
	fl_caselist_free(&l);
}

static void bad_line(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts cli;
	char err[256];
	const char *p = write_suite("mmap1\nmmap1 -d 0\n");

	fl_caseopts_default(&cli);
	assert_int_equal(fl_suite_load(&l, p, &cli, &topo, 1, err,
				       sizeof(err)), -1);
	unlink(p);
	assert_non_null(strstr(err, ":2: --duration: '0' is not in 1..86400"));
	fl_caselist_free(&l);
}

static void bad_options(void **state)
{
	struct fl_caseopts o;
	char err[256];

	fl_caseopts_default(&o);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, "0", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, "1,x", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, "1,,2", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_mode, "fibers", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_reps, "0", &topo, err,
					sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_cpus, "nowhere", &topo,
					err, sizeof(err)), -1);
	assert_int_equal(o.set, 0);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, "1,2,max", &topo, err,
					sizeof(err)), 0);
	assert_int_equal(o.set, 1u << FL_CO_tasks);
}

/* Suite lines: an unknown or valueless option is named. */
static void bad_words(void **state)
{
	struct fl_caseopts o;
	char *ops[4], err[256];
	char *w1[] = { "mmap1", "--bogus", "1" }, *w2[] = { "mmap1", "-d" };
	char *w3[] = { "-d2", "--", "-weird" };

	fl_caseopts_default(&o);
	assert_int_equal(fl_caseopts_words(&o, 3, w1, &topo, ops, 4, err,
					   sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown option '--bogus'"));
	assert_int_equal(fl_caseopts_words(&o, 2, w2, &topo, ops, 4, err,
					   sizeof(err)), -1);
	assert_non_null(strstr(err, "'-d' needs a value"));
	assert_int_equal(fl_caseopts_words(&o, 3, w3, &topo, ops, 4, err,
					   sizeof(err)), 1);
	assert_string_equal(ops[0], "-weird");
	assert_int_equal(o.duration, 2);
}

/* The option table: one name, one letter, one getopt value each. */
static void table(void **state)
{
	struct option opts[FL_CO_NR + 1];
	char shortopts[64] = "", text[64];
	struct fl_caseopts o;
	const char *val;
	int i, j, n;

	n = fl_caseopts_getopt(opts, 0, shortopts, sizeof(shortopts));
	assert_int_equal(n, FL_CO_NR);
	assert_null(opts[n].name);
	for (i = 0; i < n; i++) {
		assert_int_equal(fl_caseopt_of(opts[i].val), i);
		/* clear of letters' and compare's (0x100..) values */
		assert_true(opts[i].val < 0x80 ||
			    opts[i].val >= FL_CO_OPTVAL);
		for (j = i + 1; j < n; j++) {
			assert_string_not_equal(opts[i].name, opts[j].name);
			assert_int_not_equal(opts[i].val, opts[j].val);
		}
	}
	/* the defaults print as they are typed, and read back */
	fl_caseopts_default(&o);
	for (i = 0; i < n; i++) {
		char word[80];

		fl_caseopt_text(&o, i, text, sizeof(text));
		snprintf(word, sizeof(word), "--%s=%s", opts[i].name, text);
		assert_int_equal(fl_caseopt_lookup(word, &val), i);
		assert_string_equal(val, text);
	}
}

/*
 * The replay line: the seed, the options and the spec, shell-quoted;
 * its words read back as the same options, so none is left out (and a
 * new row of FL_CASEOPTS needs no edit here).
 */
static void replay(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts o, back;
	struct fl_args a = { 0 };
	static const char prefix[] = "faultline run --seed 7 -t 1 -m threads "
		"-d 3 -w 0 -r 4 --timeout 9 --cpus none --mem local "
		"--min-cpu-share 50 --perf stat ";
	char err[256], *line, *ops[4], x[FL_CO_STRLEN], y[FL_CO_STRLEN];
	static const struct { int id; const char *v; } set[] = {
		{ FL_CO_duration, "3" }, { FL_CO_warmup, "0" },
		{ FL_CO_reps, "4" }, { FL_CO_cpus, "none" },
		{ FL_CO_mem, "local" }, { FL_CO_perf, "stat" },
	};
	const char *end;
	int id;

	fl_caseopts_default(&o);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_timeout, "9", &topo, err,
					sizeof(err)), 0);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_min_cpu_share, "50", &topo,
					err, sizeof(err)), 0);
	/* the rest off their defaults too, so that the read-back tells */
	for (id = 0; id < (int)(sizeof(set) / sizeof(set[0])); id++)
		assert_int_equal(fl_caseopt_set(&o, set[id].id, set[id].v,
						&topo, err, sizeof(err)), 0);
	assert_int_equal(fl_cases_add(&l, "giant_vma:dir=/tmp/a b", &o, &topo,
				      7, err, sizeof(err)), 0);
	line = fl_replay_line(&l.c[0], 7, NULL, 0);
	assert_true(!strncmp(line, prefix, strlen(prefix)));
	/* the spec last, one quoted word */
	end = strstr(line, " 'giant_vma:");
	assert_non_null(end);
	assert_non_null(strstr(end, "dir=/tmp/a b,"));
	assert_ptr_equal(strchr(end + 2, '\''), line + strlen(line) - 1);
	free(line);

	fl_replay_args(&a, &(struct fl_replay){ .seed = 7,
		.spec = l.c[0].spec, .tasks = "1", .mode = "threads",
		.o = &l.c[0].o });
	assert_string_equal(a.v[0], "--seed");
	fl_caseopts_default(&back);
	assert_int_equal(fl_caseopts_words(&back, a.n - 2, a.v + 2, &topo,
					   ops, 4, err, sizeof(err)), 1);
	assert_string_equal(ops[0], l.c[0].spec);
	/* -t: the case's own count, not the list it came from */
	assert_string_equal(back.tasks, "1");
	for (id = 0; id < FL_CO_NR; id++) {
		if (id == FL_CO_tasks || id == FL_CO_sweep)
			continue;
		fl_caseopt_text(&l.c[0].o, id, x, sizeof(x));
		fl_caseopt_text(&back, id, y, sizeof(y));
		assert_string_equal(x, y);
	}
	fl_args_free(&a);
	fl_caselist_free(&l);
}

/*
 * A hidden (bench-only) parameter is in the spec, the label and the
 * replay, not in the key (nor in the seed, made from the key); the same
 * case twice with two values of it is refused, not run once.
 */
static void hidden(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts o;
	char err[256], *line;

	fl_caseopts_default(&o);
	snprintf(o.tasks, sizeof(o.tasks), "1");
	assert_int_equal(fl_cases_add(&l, "page_fault1:delay_ns=40", &o,
				      &topo, 7, err, sizeof(err)), 0);
	assert_string_equal(l.c[0].key, "page_fault1:size=128M|threads|1");
	assert_string_equal(l.c[0].spec, "page_fault1:delay_ns=40,size=128M");
	assert_string_equal(l.c[0].label, "page_fault1:delay_ns=40|threads|1");
	assert_true(l.c[0].seed == fl_hash64(7, l.c[0].key));
	line = fl_replay_line(&l.c[0], 7, NULL, 0);
	assert_non_null(strstr(line, " page_fault1:delay_ns=40,size=128M"));
	free(line);
	assert_int_equal(fl_cases_add(&l, "page_fault1", &o, &topo, 7, err,
				      sizeof(err)), -1);
	assert_non_null(strstr(err, "given twice with different bench "
				    "parameters"));
	assert_int_equal(fl_cases_add(&l, "page_fault1:delay_ns=40", &o, &topo,
				      7, err, sizeof(err)), 0);
	assert_int_equal(l.n, 1);	/* the same: run once */
	fl_caselist_free(&l);
}

/* -t ranges: A, 2A, 4A, ... below B, then B; max is the CPUs given. */
static void ranges(void **state)
{
	struct fl_caseopts o;
	char err[256];
	int t[64];
	static const char *const bad[] = { "8..2", "max..4", "1..", "..4",
					   "1..x", "1...4", "0..4" };
	size_t i;

	assert_int_equal(fl_tasks_expand("1..8", 2, t, 64), 4);
	assert_int_equal(t[0], 1);
	assert_int_equal(t[1], 2);
	assert_int_equal(t[2], 4);
	assert_int_equal(t[3], 8);
	assert_int_equal(fl_tasks_expand("3..10", 2, t, 64), 3);
	assert_int_equal(t[1], 6);
	assert_int_equal(t[2], 10);
	assert_int_equal(fl_tasks_expand("1..max", 6, t, 64), 4);
	assert_int_equal(t[3], 6);
	assert_int_equal(fl_tasks_expand("1..max", 1, t, 64), 1);
	assert_int_equal(t[0], 1);
	assert_int_equal(fl_tasks_expand("4..max", 2, t, 64), 1);
	assert_int_equal(t[0], 2);
	assert_int_equal(fl_tasks_expand("2,max,1..2", 3, t, 64), 4);
	assert_int_equal(t[1], 3);
	assert_int_equal(t[3], 2);
	fl_caseopts_default(&o);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, bad[i], &topo,
						err, sizeof(err)), -1);
	assert_int_equal(fl_caseopt_set(&o, FL_CO_tasks, "2..max", &topo, err,
					sizeof(err)), 0);
}

/* --sweep is -t 1..max, on a suite line too; the command line wins. */
static void sweep(void **state)
{
	struct fl_caselist l = { 0 };
	struct fl_caseopts cli, o;
	char err[256], *ops[2];
	char *w[] = { "mmap1", "--sweep=2" };
	int t[64], n = fl_tasks_expand("1..max", topo.pus, t, 64), i;
	const char *p = write_suite("mmap1 -t 3 --sweep\n");

	fl_caseopts_default(&cli);
	assert_int_equal(fl_suite_load(&l, p, &cli, &topo, 1, err,
				       sizeof(err)), 0);
	assert_int_equal(l.n, n);
	for (i = 0; i < n; i++)
		assert_int_equal(l.c[i].tasks, t[i]);
	assert_int_equal(l.c[n - 1].tasks, topo.pus);
	fl_caselist_free(&l);
	assert_int_equal(fl_caseopt_set(&cli, FL_CO_tasks, "3", &topo, err,
					sizeof(err)), 0);
	assert_int_equal(fl_suite_load(&l, p, &cli, &topo, 1, err,
				       sizeof(err)), 0);
	unlink(p);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.c[0].tasks, 3);
	fl_caselist_free(&l);
	fl_caseopts_default(&o);
	assert_int_equal(fl_caseopts_words(&o, 2, w, &topo, ops, 2, err,
					   sizeof(err)), -1);
	assert_non_null(strstr(err, "--sweep takes no value"));
	/* no field of its own: the tasks option is what is set */
	assert_int_equal(fl_caseopt_set(&o, FL_CO_sweep, NULL, &topo, err,
					sizeof(err)), 0);
	assert_string_equal(o.tasks, "1..max");
	assert_int_equal(o.set, 1u << FL_CO_tasks);
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
		cmocka_unit_test(bad_words),
		cmocka_unit_test(table),
		cmocka_unit_test(replay),
		cmocka_unit_test(hidden),
		cmocka_unit_test(ranges),
		cmocka_unit_test(sweep),
	};

	return cmocka_run_group_tests_name("suite", tests, setup, NULL);
}
