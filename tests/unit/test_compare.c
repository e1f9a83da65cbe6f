// SPDX-License-Identifier: GPL-2.0
/*
 * test_compare.c - result.json loading and the case-by-case comparison:
 * matching by key, ok -> not ok, fixed, missing and added cases, the
 * gate over primary or all metrics, filters, and loader errors.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <math.h>

#include "cli.h"
#include "compare.h"
#include "rundoc.h"

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

static char dir[] = "/tmp/test_compare.XXXXXX";

/* A case: WL, status, primary rate reps, latency reps ("" = none). */
static void write_run(const char *name, const char *schema, int ncases,
		      const char *const *cases)
{
	char path[256];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/result.json", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{ \"schema\": \"%s\", \"schema_version\": 1,\n"
		"\"run\": { \"name\": \"%s\", \"status\": \"complete\", "
		"\"started\": \"2026-01-01T00:00:00Z\", \"seed\": 42 },\n"
		"\"system\": { \"hostname\": \"h\", \"kernel\": "
		"{ \"release\": \"6.1\" } },\n\"cases\": [", schema, name);
	for (i = 0; i < ncases; i++) {
		char wl[64], st[16], rates[128], lats[128];

		/* "wl st rates lats" separated by spaces */
		lats[0] = 0;
		sscanf(cases[i], "%63s %15s %127s %127s", wl, st, rates, lats);
		fprintf(f, "%s{ \"key\": \"%s:a=1|threads|2\", "
			"\"workload\": \"%s\", \"params\": { \"a\": \"1\" }, "
			"\"mode\": \"threads\", \"tasks\": 2, "
			"\"duration\": 2, \"warmup\": 1, \"reps\": 5, "
			"\"status\": \"%s\", \"replay\": \"faultline run %s\", "
			"\"metrics\": { \"ops_per_sec\": { \"better\": "
			"\"higher\", \"primary\": true, \"reps\": [%s] }",
			i ? ",\n" : "", wl, wl, st, wl, rates);
		if (lats[0])
			fprintf(f, ", \"lat_p99_ns\": { \"better\": \"lower\", "
				"\"reps\": [%s] }", lats);
		fprintf(f, " } }");
	}
	fprintf(f, "] }\n");
	fclose(f);
}

static void load(const char *name, struct fl_rundoc *d)
{
	char path[256], err[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (fl_rundoc_load(path, d, err, sizeof(err)))
		fail_msg("%s", err);
}

static const char *const base_cases[] = {
	"w1 ok 100,101,99,100.5,99.5 50,51,49,50,50",
	"w2 ok 10,10.1,9.9,10,10",
	"w3 ok 5,5,5.1,4.9,5",
	"w4 fail 1,1,1",
};

static int setup(void **state)
{
	static const char *const new_cases[] = {
		/* -10% rate; latency +10% (worse, not primary) */
		"w1 ok 90,90.9,89.1,90.45,89.55 55,56.1,53.9,55,55",
		"w2 crash 10,10.1",
		/* w3 missing; w4 fixed; w5 added */
		"w4 ok 1,1,1",
		"w5 ok 1,2,3",
	};

	if (!mkdtemp(dir))
		return -1;
	write_run("base", "faultline-result", 4, base_cases);
	write_run("new", "faultline-result", 4, new_cases);
	write_run("other", "something-else", 0, NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void test_load(void **state)
{
	struct fl_rundoc d;
	struct fl_rcase *c;
	struct fl_rmetric *m;

	load("base", &d);
	assert_string_equal(d.name, "base");
	assert_string_equal(d.release, "6.1");
	assert_int_equal(d.seed, 42);
	assert_int_equal(d.ncases, 4);
	c = fl_rundoc_case(&d, "w1:a=1|threads|2");
	assert_non_null(c);
	assert_string_equal(c->spec, "w1:a=1");
	assert_int_equal(c->tasks, 2);
	assert_int_equal(c->reps, 5);
	m = fl_case_primary(c);
	assert_string_equal(m->name, "ops_per_sec");
	assert_true(m->higher_better);
	assert_int_equal(m->n, 5);
	assert_true(m->reps[4] == 99.5);
	m = fl_case_metric(c, "lat_p99_ns");
	assert_non_null(m);
	assert_false(m->higher_better);
	assert_null(fl_case_metric(c, "nope"));
	assert_null(fl_rundoc_case(&d, "w9:a=1|threads|2"));
	fl_rundoc_free(&d);
}

/* Schema 2: seeds are strings (exact past 2^53), the spec is recorded. */
static void test_load_v2(void **state)
{
	char path[256];
	struct fl_rundoc d;
	FILE *f;

	snprintf(path, sizeof(path), "%s/v2", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/v2/result.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{ \"schema\": \"faultline-result\", \"schema_version\": 2,\n"
	      "\"run\": { \"name\": \"v2\", \"status\": \"complete\", "
	      "\"seed\": \"16045690984503098046\" },\n\"cases\": [ { "
	      "\"key\": \"w:b=2,a=1|threads|3\", \"workload\": \"w\", "
	      "\"spec\": \"w:b=2,a=1\", \"params\": { \"zz\": \"9\" }, "
	      "\"tasks\": 3, \"status\": \"timeout\", \"timeout\": 40, "
	      "\"metrics\": { } } ] }\n", f);
	fclose(f);
	load("v2", &d);
	assert_int_equal(d.schema_version, 2);
	assert_true(d.seed == 16045690984503098046ULL);
	assert_string_equal(d.cases[0].spec, "w:b=2,a=1");
	assert_int_equal(d.cases[0].tasks, 3);
	assert_int_equal(d.cases[0].st, FL_ST_TIMEOUT);
	assert_true(d.cases[0].timeout == 40);
	/* every case option, read back through the one option layer */
	assert_int_equal(d.cases[0].o.timeout, 40);
	assert_int_equal(d.cases[0].o.reps, 5);	/* absent: default */
	assert_string_equal(d.cases[0].o.cpus, "compact");
	fl_rundoc_free(&d);
}

static void test_load_errors(void **state)
{
	struct fl_rundoc d;
	char path[256], err[256];

	snprintf(path, sizeof(path), "%s/other", dir);
	assert_int_equal(fl_rundoc_load(path, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a faultline result document"));
	fl_rundoc_free(&d);
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(fl_rundoc_load(path, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	fl_rundoc_free(&d);
}

static void test_status_broken(void **state)
{
	assert_false(fl_status_broken(fl_status_parse("ok")));
	assert_false(fl_status_broken(fl_status_parse("skip")));
	assert_true(fl_status_broken(fl_status_parse("fail")));
	assert_true(fl_status_broken(fl_status_parse("crash")));
	assert_true(fl_status_broken(fl_status_parse("timeout")));
	assert_true(fl_status_broken(fl_status_parse("error")));
	assert_int_equal(fl_status_parse("bogus"), -1);
}

static void test_build(void **state)
{
	struct fl_rundoc b, n;
	struct fl_cmp_opts o;
	struct fl_cmp c;
	const struct fl_cmp_side *s;

	load("base", &b);
	load("new", &n);
	fl_cmp_opts_default(&o);
	fl_cmp_build(&c, &o, &b, &n, 1);
	assert_int_equal(c.ncases, 4);
	assert_int_equal(c.regressions, 1);	/* w1 primary only */
	assert_int_equal(c.broken, 1);		/* w2 ok -> crash */
	assert_int_equal(c.fixed, 1);		/* w4 fail -> ok */
	assert_int_equal(c.missing, 1);		/* w3 */
	assert_int_equal(c.added, 1);		/* w5 */
	assert_int_equal(fl_cmp_status(&c), 1);

	s = &c.cases[0].side[0];
	assert_non_null(s->m);
	assert_int_equal(s->m[0].d.verdict, FL_WORSE);
	assert_true(s->m[0].gated);
	assert_true(s->m[0].d.change < -9.9 && s->m[0].d.change > -10.1);
	assert_int_equal(s->m[1].d.verdict, FL_WORSE);	/* latency */
	assert_false(s->m[1].gated);
	assert_string_equal(fl_cmp_mark(&s->m[0]), "REGRESSION");
	assert_string_equal(fl_cmp_mark(&s->m[1]), "worse");
	assert_true(c.cases[1].side[0].broken);
	assert_null(c.cases[1].side[0].m);	/* no stats across ok/crash */
	assert_null(c.cases[2].side[0].c);
	fl_cmp_free(&c);

	o.gate = FL_GATE_ALL;
	fl_cmp_build(&c, &o, &b, &n, 1);
	assert_int_equal(c.regressions, 2);
	fl_cmp_free(&c);

	/* filters: only w1's latency; then only w3 (missing: passes) */
	fl_cmp_opts_default(&o);
	o.key_glob = "w1*";
	o.metrics = "lat_p99_ns";
	fl_cmp_build(&c, &o, &b, &n, 1);
	assert_int_equal(c.ncases, 1);
	assert_null(c.cases[0].side[0].m[0].new);	/* filtered out */
	assert_int_equal(c.regressions, 0);
	fl_cmp_free(&c);
	o.metrics = NULL;
	o.key_glob = "w3";
	fl_cmp_build(&c, &o, &b, &n, 1);
	assert_int_equal(c.ncases, 1);
	assert_int_equal(fl_cmp_status(&c), 0);
	fl_cmp_free(&c);
	fl_rundoc_free(&b);
	fl_rundoc_free(&n);
}

/* A/A and several NEW runs: the base against itself flags nothing. */
static void test_build_aa(void **state)
{
	struct fl_rundoc d[3];
	struct fl_cmp_opts o;
	struct fl_cmp c;

	load("base", &d[0]);
	load("base", &d[1]);
	load("new", &d[2]);
	fl_cmp_opts_default(&o);
	fl_cmp_build(&c, &o, &d[0], &d[1], 1);
	assert_int_equal(fl_cmp_status(&c), 0);
	assert_int_equal(c.regressions + c.broken + c.unstable + c.missing, 0);
	assert_int_equal(c.cases[0].side[0].m[0].d.verdict, FL_SAME);
	fl_cmp_free(&c);
	fl_cmp_build(&c, &o, &d[0], &d[1], 2);
	assert_int_equal(c.nnew, 2);
	assert_int_equal(c.regressions, 1);
	assert_int_equal(c.cases[0].side[1].m[0].d.verdict, FL_WORSE);
	fl_cmp_free(&c);
	fl_rundoc_free(&d[0]);
	fl_rundoc_free(&d[1]);
	fl_rundoc_free(&d[2]);
}

/*
 * Made-up "sched" entries: REPS values "share:wait:steal:disturbed"
 * separated by spaces; "n" for a rep whose cpu_share is null.
 */
static void write_sched_run(const char *name, const char *const *cases,
			    int ncases)
{
	char path[256];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/result.json", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{ \"schema\": \"faultline-result\", "
		"\"schema_version\": 2, \"run\": { \"name\": \"%s\", "
		"\"status\": \"complete\" }, \"system\": {}, "
		"\"cases\": [", name);
	for (i = 0; i < ncases; i++) {
		char wl[32], rates[128], sched[256], *tok, *save;
		const char *sep = "";

		sched[0] = 0;
		sscanf(cases[i], "%31s %127s %255[^\n]", wl, rates, sched);
		fprintf(f, "%s{ \"key\": \"%s|threads|2\", \"workload\": "
			"\"%s\", \"spec\": \"%s\", \"status\": \"ok\", "
			"\"metrics\": { \"ops_per_sec\": { \"better\": "
			"\"higher\", \"primary\": true, \"reps\": [%s] } }",
			i ? ", " : "", wl, wl, wl, rates);
		if (sched[0]) {
			fprintf(f, ", \"sched\": [");
			for (tok = strtok_r(sched, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save)) {
				double sh, w, st;
				int d;

				if (!strcmp(tok, "n"))
					fprintf(f, "%s{ \"cpu_share\": null, "
						"\"disturbed\": false }", sep);
				else if (sscanf(tok, "%lf:%lf:%lf:%d", &sh, &w,
						&st, &d) == 4)
					fprintf(f, "%s{ \"cpu_share\": %g, "
						"\"runq_share\": %g, "
						"\"steal_share\": %g, "
						"\"disturbed\": %s }", sep,
						sh, w, st, d ? "true" :
						"false");
				sep = ", ";
			}
			fputc(']', f);
		}
		fputc('}', f);
	}
	fprintf(f, "] }\n");
	fclose(f);
}

/* The noise guard: outside (run-queue wait, steal) or the workload. */
static void test_noise(void **state)
{
	static const char *const base[] = {
		/* noisy; two reps lost CPU to other tasks: outside */
		"n1 100,70,100,99,72 0.99:0.01:0:0 0.70:0.28:0:1 "
		"0.98:0.01:0:0 0.99:0:0:0 0.72:0.2:0.06:1",
		/* noisy; disturbed, but the tasks slept: the workload */
		"n2 100,60,100,99,62 0.99:0:0:0 0.6:0.02:0:1 0.99:0:0:0 "
		"0.99:0:0:0 0.62:0.01:0.01:1",
		/* noisy, never disturbed: the workload */
		"n3 100,80,100,99,82 0.99:0:0:0 0.99:0:0:0 0.99:0.01:0:0 "
		"0.99:0:0:0 0.98:0.01:0:0",
		/* noisy, an older document: no sched */
		"n4 100,80,100,99,82",
		/* quiet; one null cpu_share is left out */
		"q1 100,100.1,99.9,100,100 0.99:0:0:0 n 0.99:0:0:0",
	};
	struct fl_rundoc b;
	struct fl_cmp_opts o;
	struct fl_cmp c;
	struct fl_noise n;
	char *buf;
	size_t len;
	FILE *f;

	write_sched_run("noise", base, 5);
	load("noise", &b);
	assert_int_equal(b.cases[0].nsched, 5);
	assert_true(b.cases[0].sched[1].disturbed);
	assert_true(isnan(b.cases[4].sched[1].cpu_share));

	fl_noise_of(&b.cases[0], &n);
	assert_int_equal(n.src, FL_NOISE_OUTSIDE);
	assert_int_equal(n.disturbed, 2);
	assert_int_equal(n.reps, 5);
	assert_true(fabs(n.cpu_share - 0.876) < 1e-9);
	fl_noise_of(&b.cases[1], &n);
	assert_int_equal(n.src, FL_NOISE_WORKLOAD);
	assert_int_equal(n.disturbed, 2);
	fl_noise_of(&b.cases[2], &n);
	assert_int_equal(n.src, FL_NOISE_WORKLOAD);
	assert_int_equal(n.disturbed, 0);
	fl_noise_of(&b.cases[3], &n);
	assert_int_equal(n.src, FL_NOISE_UNKNOWN);
	assert_int_equal(n.reps, 0);
	fl_noise_of(&b.cases[4], &n);
	assert_int_equal(n.reps, 2);

	fl_cmp_opts_default(&o);
	fl_cmp_build(&c, &o, &b, &b, 1);
	assert_true(c.cases[0].side[0].noisy);
	assert_true(c.cases[3].side[0].noisy);
	assert_false(c.cases[4].side[0].noisy);
	assert_int_equal(c.cases[0].side[0].new_noise.src, FL_NOISE_OUTSIDE);

	f = open_memstream(&buf, &len);
	fl_cmp_print_text(&c, f);
	fclose(f);
	assert_non_null(strstr(buf, "[1] noise: base outside (2/5 reps "
			       "disturbed; cpu_share 0.88, run-queue wait "
			       "0.10, steal 0.01)"));
	assert_non_null(strstr(buf, "noise: base workload (2/5"));
	assert_non_null(strstr(buf, "noise: base unknown (no sched data)"));
	assert_null(strstr(strstr(buf, "q1|"), "noise:"));
	free(buf);
	f = open_memstream(&buf, &len);
	fl_cmp_print_json(&c, f);
	fclose(f);
	assert_non_null(strstr(buf, "\"source\": \"outside\""));
	assert_non_null(strstr(buf, "\"disturbed_reps\": 2"));
	free(buf);
	f = open_memstream(&buf, &len);
	fl_cmp_print_markdown(&c, f);
	fclose(f);
	assert_non_null(strstr(buf, "| noise from outside |"));
	assert_non_null(strstr(buf, "| noise from workload |"));
	assert_non_null(strstr(buf, "| noise | unknown | | | unknown |"));
	assert_null(strstr(buf, "nan"));
	free(buf);
	fl_cmp_free(&c);
	fl_rundoc_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_v2),
		cmocka_unit_test(test_status_broken),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_aa),
		cmocka_unit_test(test_noise),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
