// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the KCIDB test path of a case key, JUnit's escaping of
 * what XML cannot hold, and KCIDB's cap on a log excerpt.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export.h"

static void path_is(const char *key, const char *want)
{
	struct fl_rcase c = { .key = (char *)key };
	char *p = fl_kcidb_path(&c);

	assert_string_equal(p, want);
	free(p);
}

static void test_path(void **state)
{
	path_is("giant_vma:access=write,size=1G|threads|2",
		"faultline.giant_vma.access-write_size-1G.threads.2");
	path_is("mmap1|processes|16", "faultline.mmap1.processes.16");
	/* '/', '.', ' ' are not in KCIDB's path alphabet */
	path_is("w:dir=/tmp/a b,f=1.5|threads|1",
		"faultline.w.dir-_tmp_a_b_f-1_5.threads.1");
	/* an empty part still makes a segment */
	path_is("w:|threads|1", "faultline.w._.threads.1");
}

/* A one-case run in memory, as fl_xrun_load() would leave it. */
static void one_case(struct fl_xrun *r, struct fl_rcase *c,
		     struct fl_xcase *x, const char *reason,
		     const char *detail)
{
	memset(r, 0, sizeof(*r));
	memset(c, 0, sizeof(*c));
	c->key = "w:a=1|threads|1";
	c->workload = "w";
	c->status = "fail";
	c->st = FL_ST_FAIL;
	c->reason = (char *)reason;
	x->elapsed = 1.5;
	x->detail = (char *)detail;
	r->doc.name = "run";
	r->doc.started = "2026-11-22T04:00:00Z";
	r->doc.cases = c;
	r->doc.ncases = 1;
	r->x = x;
}

static char *junit(const struct fl_xrun *r)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(fl_export_junit(f, r, 1), 0);
	fclose(f);
	return buf;
}

static void test_junit_escape(void **state)
{
	struct fl_xrun r;
	struct fl_rcase c;
	struct fl_xcase x;
	char *s;

	one_case(&r, &c, &x, "a<b & \"c\"\n",
		 "kmsg: bell\a esc\x1b bad\xff\xfe ok \xc3\xa9\n");
	s = junit(&r);
	assert_non_null(strstr(s,
			       "message=\"a&lt;b &amp; &quot;c&quot;&#10;\""));
	/* control characters and bytes that are not UTF-8 become '?' */
	assert_non_null(strstr(s, "kmsg: bell? esc? bad?? ok \xc3\xa9\n"));
	assert_null(strchr(s, '\a'));
	assert_null(strchr(s, '\x1b'));
	assert_non_null(strstr(s, "time=\"1.500\""));
	assert_non_null(strstr(s, "timestamp=\"2026-11-22T04:00:00\""));
	assert_non_null(strstr(s, "hostname=\"localhost\""));
	free(s);
}

static void test_kcidb_log_cap(void **state)
{
	struct fl_xrun r;
	struct fl_rcase c;
	struct fl_xcase x;
	char *detail = malloc(3 * FL_KCIDB_LOG_MAX), *buf, *log, *end;
	size_t len, i;
	FILE *f;

	for (i = 0; i + 1 < 3 * FL_KCIDB_LOG_MAX; i++)
		detail[i] = i % 100 == 99 ? '\n' : 'x';
	detail[i] = '\0';
	one_case(&r, &c, &x, "many", detail);
	f = open_memstream(&buf, &len);
	assert_int_equal(fl_export_kcidb(f, &r, 1, "o"), 0);
	fclose(f);
	log = strstr(buf, "\"log_excerpt\": \"");
	assert_non_null(log);
	log += strlen("\"log_excerpt\": \"");
	end = strstr(log, "\",");
	assert_non_null(end);
	/* JSON escapes each newline as two characters; whole lines only */
	len = end - log;
	assert_true(len > FL_KCIDB_LOG_MAX / 2);
	assert_true(len < FL_KCIDB_LOG_MAX + FL_KCIDB_LOG_MAX / 50);
	assert_memory_equal(end - 2, "\\n", 2);
	free(buf);
	free(detail);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_junit_escape),
		cmocka_unit_test(test_kcidb_log_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
