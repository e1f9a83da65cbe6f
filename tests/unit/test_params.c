// SPDX-License-Identifier: GPL-2.0
/* Unit tests: workload parameter parsing and canonical spelling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct fl_case c;
static char err[256];

static int parse(const char *spec)
{
	fl_case_free_params(&c);	/* the last parse's strings */
	memset(&c, 0, sizeof(c));
	err[0] = '\0';
	return fl_params_parse(&c, spec, err, sizeof(err));
}

static void defaults(void **state)
{
	assert_int_equal(parse("giant_vma"), 0);
	assert_int_equal(c.param[0].i, 1LL << 30);
	assert_string_equal(c.param[1].s, "anon");
	assert_string_equal(c.spec, "giant_vma:access=write,backing=anon,"
			    "check=1,dir=/tmp,pattern=seq,size=1G,thp=never,"
			    "writer=none");
}

static void values(void **state)
{
	char label[600];

	assert_int_equal(parse("giant_vma:size=64M,backing=shmem,check=no"), 0);
	assert_int_equal(c.param[0].i, 64LL << 20);
	assert_int_equal(c.param[1].i, 1);
	assert_int_equal(c.param[6].i, 0);
	fl_params_label(&c, label, sizeof(label));
	assert_string_equal(label, "giant_vma:size=64M,backing=shmem,check=0");
}

static void errors(void **state)
{
	static const struct { const char *spec, *msg; } bad[] = {
		{ "nosuch", "unknown workload 'nosuch'" },
		{ "giant_vma:bogus=1", "unknown parameter 'bogus'" },
		{ "giant_vma:size=1", "out of range" },
		{ "giant_vma:size=lots", "is not a size" },
		{ "giant_vma:backing=disk", "is not one of anon|shmem|file" },
		{ "giant_vma:check=maybe", "is not a boolean" },
		{ "giant_vma:size", "is not key=value" },
		{ ":size=1", "bad workload spec" },
		/* hints: the nearest name, the valid ones, sizes as typed */
		{ "pagefault1", "did you mean 'page_fault1'?" },
		{ "giant_vma:sise=1M", "did you mean 'size'? (valid: size, " },
		{ "giant_vma:writer=mmpa", "did you mean 'mmap'?" },
		{ "giant_vma:size=1", "[1M, 1T]" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i].spec), -1);
		if (!strstr(err, bad[i].msg))
			fail_msg("%s: got '%s', want '%s'", bad[i].spec, err,
				 bad[i].msg);
	}
}

/*
 * A hidden (bench-only) parameter: in the spec only when not at its
 * default, never in the key's part (ident), in the label like any
 * other, and not named by the unknown-parameter hint.
 */
static void hidden(void **state)
{
	char buf[600];

	assert_int_equal(parse("page_fault1"), 0);
	assert_string_equal(c.spec, "page_fault1:size=128M");
	fl_params_ident(&c, buf, sizeof(buf));
	assert_string_equal(buf, "page_fault1:size=128M");
	assert_int_equal(parse("page_fault1:delay_ns=0"), 0);
	assert_string_equal(c.spec, "page_fault1:size=128M");
	assert_int_equal(parse("page_fault1:delay_ns=40,size=1M"), 0);
	assert_string_equal(c.spec, "page_fault1:delay_ns=40,size=1M");
	fl_params_ident(&c, buf, sizeof(buf));
	assert_string_equal(buf, "page_fault1:size=1M");
	fl_params_label(&c, buf, sizeof(buf));
	assert_string_equal(buf, "page_fault1:size=1M,delay_ns=40");
	/* the spec parses back to itself: a replay runs the same */
	snprintf(buf, sizeof(buf), "%s", c.spec);
	assert_int_equal(parse(buf), 0);
	assert_string_equal(c.spec, buf);
	assert_int_equal(parse("page_fault1:delay_n=1"), -1);
	assert_non_null(strstr(err, "(valid: size)"));
	assert_null(strstr(err, "delay_ns"));
	/* a workload without hidden ones keeps every parameter */
	assert_int_equal(parse("giant_vma"), 0);
	fl_params_ident(&c, buf, sizeof(buf));
	assert_string_equal(buf, c.spec);
}

static void sizes(void **state)
{
	long long v;

	assert_int_equal(fl_parse_size("4K", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(fl_parse_size("3g", &v), 0);
	assert_int_equal(v, 3LL << 30);
	assert_int_equal(fl_parse_size("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(fl_parse_size("12MB", &v), 0);
	assert_int_equal(v, 12LL << 20);
	assert_int_equal(fl_parse_size("12x", &v), -1);
	assert_int_equal(fl_parse_size("-1", &v), -1);
	assert_int_equal(fl_parse_size("", &v), -1);
}

static int count_item(const char *item, void *arg)
{
	return ++*(int *)arg > 2 ? 7 : 0;
}

/* The one copy of each parser (util/parse.c) and "did you mean". */
static void parsers(void **state)
{
	static const char *const names[] = { "threads", "processes", "both" };
	char buf[32];
	long long v;
	uint64_t u;
	double d;
	int n = 0;

	assert_int_equal(fl_parse_int("12", 1, 12, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(fl_parse_int("13", 1, 12, &v), -1);
	assert_int_equal(fl_parse_int("1x", 1, 12, &v), -1);
	assert_int_equal(fl_parse_int("", 1, 12, &v), -1);
	assert_int_equal(fl_parse_int("010", 1, 12, &v), 0);
	assert_int_equal(v, 10);		/* not octal */
	assert_int_equal(fl_parse_int("0xa", 1, 12, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(fl_parse_u64("16045690984503098046", &u), 0);
	assert_true(u == 16045690984503098046ULL);
	assert_int_equal(fl_parse_u64("-1", &u), -1);
	assert_int_equal(fl_parse_num("0.05", 0, 1, &d), 0);
	assert_int_equal(fl_parse_num("nan", 0, 1, &d), -1);
	fl_size_text(1LL << 40, buf, sizeof(buf));
	assert_string_equal(buf, "1T");
	fl_size_text(1536LL << 20, buf, sizeof(buf));
	assert_string_equal(buf, "1536M");
	fl_size_text(4097, buf, sizeof(buf));
	assert_string_equal(buf, "4097");
	assert_int_equal(fl_parse_list("a,b", count_item, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(fl_parse_list("a,b,c", count_item, &n), 7);
	n = 0;
	assert_int_equal(fl_parse_list("a,,b", count_item, &n), -1);
	assert_string_equal(fl_nearest("thread", names, 3), "threads");
	assert_string_equal(fl_nearest("proceses", names, 3), "processes");
	assert_null(fl_nearest("fibers", names, 3));
	assert_int_equal(fl_edit_distance("mmpa", "mmap"), 1);
	/* the one wording of the hint, or nothing */
	assert_string_equal(fl_did_you_mean(buf, sizeof(buf), "thread", names, 3,
					    "--"), "; did you mean '--threads'?");
	assert_string_equal(fl_did_you_mean(buf, sizeof(buf), "fibers", names, 3,
					    ""), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(values),
		cmocka_unit_test(errors),
		cmocka_unit_test(hidden),
		cmocka_unit_test(sizes),
		cmocka_unit_test(parsers),
	};

	return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
