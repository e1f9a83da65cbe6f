// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the stress-ng YAML and fio JSON readers of --with, on the
 * inputs make fuzz found crashing them. They are static, so aggressor.c
 * is included (its object in the library is then not linked).
 */
#include "../../harness/engine/aggressor.c"	/* first: _GNU_SOURCE */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static json_object *parse(bool fio, const char *text)
{
	char path[] = "/tmp/faultline-aggr.XXXXXX", why[256] = "";
	int fd = mkstemp(path);
	json_object *o;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	o = fio ? parse_fio(path, why, sizeof(why)) :
		  parse_stress_ng(path, why, sizeof(why));
	unlink(path);
	assert_true(o || why[0]);	/* a result or a reason */
	return o;
}

static void fio_jobs_not_array(void **state)
{
	/* json-c asserted (abort) on the length of a non-array */
	assert_null(parse(true, "fio-3.33\n{ \"jobs\": 5 }\n"));
	assert_null(parse(true, "{ \"jobs\": { \"jobname\": \"x\" } }"));
	assert_null(parse(true, "{ \"jobs\": null }"));
}

static void fio_ok(void **state)
{
	json_object *o = parse(true, "fio-3.33\n{ \"jobs\": [ { \"jobname\": "
			       "\"rw\", \"read\": { \"iops\": 100.5 } } ] }\n");
	json_object *j, *v;

	assert_non_null(o);
	assert_int_equal(json_object_array_length(o), 1);
	j = json_object_array_get_idx(o, 0);
	assert_true(json_object_object_get_ex(j, "read_iops", &v));
	assert_true(json_object_get_double(v) == 100.5);
	json_object_put(o);
}

static void yaml_lone_quote(void **state)
{
	/* "'" alone: was a string of length -1 */
	json_object *o = parse(false, "metrics:\n    - stressor: '\n"
			       "      bogo-ops: ''\n");
	json_object *j, *v;

	assert_non_null(o);
	j = json_object_array_get_idx(o, 0);
	assert_true(json_object_object_get_ex(j, "stressor", &v));
	assert_string_equal(json_object_get_string(v), "'");
	assert_true(json_object_object_get_ex(j, "bogo-ops", &v));
	assert_string_equal(json_object_get_string(v), "");
	json_object_put(o);
}

static void yaml_huge_number(void **state)
{
	/* 1e31 has no '.' or 'e': it was cast to long long (UB) */
	json_object *o = parse(false, "metrics:\n    - bogo-ops: "
			       "10000000000000000000000000000000\n");
	json_object *v;

	assert_non_null(o);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(o, 0),
					      "bogo-ops", &v));
	assert_true(json_object_is_type(v, json_type_double));
	assert_true(json_object_get_double(v) == 1e31);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fio_jobs_not_array),
		cmocka_unit_test(fio_ok),
		cmocka_unit_test(yaml_lone_quote),
		cmocka_unit_test(yaml_huge_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
