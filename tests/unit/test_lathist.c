// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the log-linear latency histogram. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lathist.h"

static void buckets_bound_values(void **state)
{
	uint64_t v;
	int b;

	for (v = 0; v < (1ULL << 40); v = v * 3 / 2 + 1) {
		b = fl_lathist_bucket(v);
		assert_true(b >= 0 && b < FL_LATHIST_BUCKETS);
		assert_true(fl_lathist_lower(b) <= v);
		if (b + 1 < FL_LATHIST_BUCKETS)
			assert_true(v < fl_lathist_lower(b + 1));
		/* relative error of a bucket: at most 1/16 */
		assert_true(v - fl_lathist_lower(b) <= v / 16 + 1);
	}
	assert_int_equal(fl_lathist_bucket(UINT64_MAX), FL_LATHIST_BUCKETS - 1);
}

static void quantiles(void **state)
{
	static struct fl_lathist h, snap;
	uint64_t v, p50, p99;

	for (v = 1; v <= 10000; v++)
		h.count[fl_lathist_bucket(v)]++;
	assert_int_equal(fl_lathist_total(&h), 10000);
	p50 = fl_lathist_quantile(&h, 0.5);
	p99 = fl_lathist_quantile(&h, 0.99);
	assert_true(p50 >= 5000 * 15 / 16 && p50 <= 5001);
	assert_true(p99 >= 9900 * 15 / 16 && p99 <= 9901);
	assert_true(fl_lathist_quantile(&h, 1.0) >= 10000 * 15 / 16);
	/* a snapshot subtracted leaves only what came after it */
	snap = h;
	for (v = 0; v < 100; v++)
		h.count[fl_lathist_bucket(1000000)]++;
	fl_lathist_merge(&h, &snap, -1);
	assert_int_equal(fl_lathist_total(&h), 100);
	assert_int_equal(fl_lathist_quantile(&h, 0.5),
			 fl_lathist_lower(fl_lathist_bucket(1000000)));
}

static void empty(void **state)
{
	static struct fl_lathist h;

	assert_int_equal(fl_lathist_quantile(&h, 0.99), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buckets_bound_values),
		cmocka_unit_test(quantiles),
		cmocka_unit_test(empty),
	};

	return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}
