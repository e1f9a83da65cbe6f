// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: CPU and memory policies over a made-up topology of two
 * nodes, two cores each, two PUs per core (hwloc logical order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "placement.h"

static struct fl_topo t;
static struct fl_placement pl;
static char err[256];

static int setup(void **state)
{
	static const int os[] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	int i;

	memset(&t, 0, sizeof(t));
	t.packages = 1;
	t.nnodes = 2;
	t.cores = 4;
	t.pus = 8;
	for (i = 0; i < 8; i++) {
		t.pu_os[i] = os[i];
		t.pu_core[i] = i / 2;
		t.pu_node[i] = i / 4;
	}
	t.node[0].id = 0;
	t.node[1].id = 1;
	t.dist[0][0] = t.dist[1][1] = 10;
	t.dist[0][1] = t.dist[1][0] = 21;
	return 0;
}

static void expect_order(const char *policy, const int *want, int n)
{
	int i;

	assert_int_equal(fl_placement_make(&pl, &t, policy, "default", err,
					   sizeof(err)), 0);
	assert_int_equal(pl.ncpus, n);
	for (i = 0; i < n; i++)
		if (pl.cpu[i] != want[i])
			fail_msg("%s: cpu[%d] = %d, want %d", policy, i,
				 pl.cpu[i], want[i]);
}

static void cpu_policies(void **state)
{
	static const int compact[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const int spread[] = { 0, 2, 1, 3, 4, 6, 5, 7 };
	static const int smt[] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	static const int list[] = { 1, 2, 7 };

	expect_order("compact", compact, 8);
	expect_order("spread", spread, 8);
	expect_order("smt", smt, 8);
	expect_order("1-2,7", list, 3);
	expect_order("none", NULL, 0);
}

static void cpu_errors(void **state)
{
	assert_int_equal(fl_placement_check(&t, "9", "default", err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "CPU 9 is not usable"));
	assert_int_equal(fl_placement_check(&t, "loose", "default", err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "compact|spread|smt|none"));
	assert_int_equal(fl_placement_check(&t, "3-1", "default", err,
					    sizeof(err)), -1);
}

static void mem_policies(void **state)
{
	assert_int_equal(fl_placement_make(&pl, &t, "none", "bind:1", err,
					   sizeof(err)), 0);
	assert_int_equal(pl.mem, FL_MEM_BIND);
	assert_int_equal(pl.mem_node, 1);
	assert_int_equal(fl_placement_make(&pl, &t, "none", "remote", err,
					   sizeof(err)), 0);
	assert_int_equal(pl.mem, FL_MEM_REMOTE);
	assert_int_equal(fl_placement_check(&t, "none", "bind:5", err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "no NUMA node '5'"));
	assert_int_equal(fl_placement_check(&t, "none", "bind:", err,
					    sizeof(err)), -1);
	assert_int_equal(fl_placement_check(&t, "none", "everywhere", err,
					    sizeof(err)), -1);
	assert_int_equal(fl_topo_node_of(&t, 6), 1);
	assert_int_equal(fl_topo_node_of(&t, 1), 0);
	assert_int_equal(fl_topo_node_of(&t, 99), -1);
}

static void single_node_remote(void **state)
{
	t.nnodes = 1;
	assert_int_equal(fl_placement_make(&pl, &t, "compact", "remote", err,
					   sizeof(err)), 0);
	assert_non_null(strstr(pl.mem_note, "single node"));
}

static void real_topology(void **state)
{
	static struct fl_topo real;

	assert_int_equal(fl_topo_load(&real), 0);
	assert_true(real.pus >= 1);
	assert_true(real.cores >= 1 && real.cores <= real.pus);
	assert_true(real.nnodes >= 1);
	assert_int_equal(fl_topo_node_of(&real, real.pu_os[0]),
			 real.pu_node[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(cpu_policies, setup),
		cmocka_unit_test_setup(cpu_errors, setup),
		cmocka_unit_test_setup(mem_policies, setup),
		cmocka_unit_test_setup(single_node_remote, setup),
		cmocka_unit_test(real_topology),
	};

	return cmocka_run_group_tests_name("placement", tests, NULL, NULL);
}
