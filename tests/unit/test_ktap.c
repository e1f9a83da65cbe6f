// SPDX-License-Identifier: GPL-2.0
/* Unit tests: KTAP lines for ok, failed and skipped cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results.h"

static json_object *mk(const char *key, const char *status,
		       const char *reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "key", json_object_new_string(key));
	json_object_object_add(o, "label", json_object_new_string(key));
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "reason",
			       reason ? json_object_new_string(reason) : NULL);
	json_object_object_add(o, "replay", json_object_new_string("REPLAY"));
	return o;
}

static void stream(void **state)
{
	struct fl_ktap k = { .copy = tmpfile() };
	json_object *cases = json_object_new_array();
	char buf[4096];
	size_t n;

	json_object_array_add(cases, mk("a|threads|1", "ok", NULL));
	json_object_array_add(cases, mk("b|threads|2", "fail", "2 violation(s)"));
	json_object_array_add(cases, mk("c|threads|1", "skip", "no NUMA"));
	fl_ktap_plan(&k, 3);
	fl_ktap_case(&k, json_object_array_get_idx(cases, 0));
	fl_ktap_case(&k, json_object_array_get_idx(cases, 1));
	fl_ktap_case(&k, json_object_array_get_idx(cases, 2));
	fl_ktap_table(&k, cases);
	rewind(k.copy);
	n = fread(buf, 1, sizeof(buf) - 1, k.copy);
	buf[n] = '\0';
	assert_true(!strncmp(buf, "KTAP version 1\n1..3\n", 20));
	assert_non_null(strstr(buf, "\nok 1 a|threads|1\n"));
	assert_non_null(strstr(buf, "\nnot ok 2 b|threads|2 # fail: 2 violation(s)\n"));
	assert_non_null(strstr(buf, "\n# replay: REPLAY\nnot ok 2"));
	assert_non_null(strstr(buf, "\nok 3 c|threads|1 # SKIP no NUMA\n"));
	assert_non_null(strstr(buf, "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0\n"));
	fclose(k.copy);
	json_object_put(cases);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stream),
	};

	return cmocka_run_group_tests_name("ktap", tests, NULL, NULL);
}
