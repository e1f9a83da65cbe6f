// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the result-document reader on numbers an int cannot hold
 * (make ubsan: a float-to-int cast of them was undefined behaviour).
 * The document is tests/fuzz/corpus/rundoc/synth-v1.json, edited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "rundoc.h"

static char *doc;

/* The document with the first `from` replaced by `to`, loaded. */
static int load(const char *from, const char *to, struct fl_rundoc *d,
		char *err)
{
	char path[] = "/tmp/faultline-rundoc.XXXXXX";
	char *at = strstr(doc, from);
	int fd = mkstemp(path), rc;
	FILE *f = fdopen(fd, "w");

	assert_non_null(at);
	assert_non_null(f);
	fprintf(f, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
	fclose(f);
	memset(d, 0, sizeof(*d));
	rc = fl_rundoc_load(path, d, err, 256);
	if (rc)
		print_message("load: %s\n", err);
	unlink(path);
	return rc;
}

static int setup(void **state)
{
	FILE *f = fopen("tests/fuzz/corpus/rundoc/synth-v1.json", "r");
	size_t cap = 0;

	assert_non_null(f);
	assert_true(getdelim(&doc, &cap, '\0', f) > 0);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	free(doc);
	return 0;
}

static void huge_counts(void **state)
{
	struct fl_rundoc d;
	char err[256];

	assert_int_equal(load("\"tasks\": 1,", "\"tasks\": 1e300,", &d, err),
			 0);
	assert_int_equal(d.cases[0].tasks, 0);	/* none, not UB */
	assert_int_equal(d.cases[1].tasks, 1);
	fl_rundoc_free(&d);
	/* the first case's reps, not the defaults' */
#define CASE_REPS(n)	"\"reps\": " n ",\n      \"cpus\": \"compact\", " \
			"\"mem\": \"default\", \"seed\""
	assert_int_equal(load(CASE_REPS("5"), CASE_REPS("-1e19"), &d, err), -1);
	assert_non_null(strstr(err, "--reps"));	/* the case option check */
	assert_int_equal(load("\"pus\": 2", "\"pus\": 3e9", &d, err), 0);
	assert_int_equal(d.pus, 0);
	fl_rundoc_free(&d);
	assert_int_equal(load("\"pus\": 2", "\"pus\": 2147483647", &d, err),
			 0);
	assert_int_equal(d.pus, 2147483647);
	fl_rundoc_free(&d);
}

static void bad_version(void **state)
{
	struct fl_rundoc d;
	char err[256];

#define VERSION(v)	"\"schema_version\": " v
	assert_int_equal(load(VERSION("1"), VERSION("NaN"), &d, err), -1);
	assert_non_null(strstr(err, "schema_version"));
	assert_int_equal(load(VERSION("1"), VERSION("1e300"), &d, err), -1);
	assert_int_equal(load(VERSION("1"), VERSION("1.5"), &d, err), -1);
	/* a failed load frees what it read (make fuzz: a leak) */
	assert_null(d.dir);
	assert_null(d.name);
}

/* The run's seed: a number in v1, a decimal string in v2, all 64 bits. */
static void seeds(void **state)
{
	struct fl_rundoc d;
	char err[256];

#define RUN_SEED(v)	"\"faultline_version\": \"test\", \"seed\": " v
	assert_int_equal(load(RUN_SEED("1"), RUN_SEED("1"), &d, err), 0);
	assert_int_equal(d.seed, 1);
	fl_rundoc_free(&d);
	assert_int_equal(load(RUN_SEED("1"),
			      RUN_SEED("\"18446744073709551615\""), &d, err),
			 0);
	assert_true(d.seed == 18446744073709551615ull);
	fl_rundoc_free(&d);
	/* not a seed: an error, not seed 0 or a wrapped -1 */
	assert_int_equal(load(RUN_SEED("1"), RUN_SEED("\"abc\""), &d, err),
			 -1);
	assert_non_null(strstr(err, "run.seed: 'abc'"));
	fl_rundoc_free(&d);
	assert_int_equal(load(RUN_SEED("1"), RUN_SEED("\"-1\""), &d, err), -1);
	fl_rundoc_free(&d);
	assert_int_equal(load(RUN_SEED("1"),
			      RUN_SEED("\"18446744073709551616\""), &d, err),
			 -1);
	fl_rundoc_free(&d);
	assert_int_equal(load(RUN_SEED("1"), RUN_SEED("\"0x10\""), &d, err),
			 -1);
	fl_rundoc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(huge_counts),
		cmocka_unit_test(bad_version),
		cmocka_unit_test(seeds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
