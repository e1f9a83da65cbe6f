// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: a case object built from what a measured process left in
 * shared memory, the JSON round trip of a result document, and the
 * reader reading back what the writer wrote.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "caseopt.h"
#include "results.h"
#include "rundoc.h"

static struct fl_case c;
static struct fl_shared *shm;

static int setup(void **state)
{
	char err[256];
	struct fl_rep_rec *r;

	memset(&c, 0, sizeof(c));
	assert_int_equal(fl_params_parse(&c, "giant_vma:size=64M", err,
					 sizeof(err)), 0);
	c.tasks = 2;
	c.o.reps = 3;
	c.o.duration = 2;
	snprintf(c.key, sizeof(c.key), "%s|threads|2", c.spec);
	shm = fl_shared_alloc(&c);
	assert_non_null(shm);
	shm->ntasks = 2;
	shm->task[0].node = 0;
	shm->task[1].node = 1;
	shm->task[1].pages_by_node[1] = 32;
	/* rep 0 and 1 done, rep 2 crashed before it finished */
	r = &shm->rep_rec[0];
	r->done = 1;
	r->meas_sec = 2.0;
	r->delta[0 * FL_MAX_COUNTERS + 0] = 100;
	r->delta[1 * FL_MAX_COUNTERS + 0] = 300;
	r->nsamples = 2;
	r->sample[0] = 150;
	r->sample[FL_MAX_COUNTERS] = 250;
	r->nlat = 10;
	r->lat[1] = 4096;
	r = &shm->rep_rec[1];
	r->done = 1;
	r->meas_sec = 1.0;
	r->delta[0] = 50;
	r->delta[FL_MAX_COUNTERS] = 0;
	shm->rep_rec[2].nsamples = 1;
	return 0;
}

static int teardown(void **state)
{
	fl_shared_free(shm);
	fl_case_free_params(&c);
	return 0;
}

static json_object *get(json_object *o, const char *path)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o;
	     tok = strtok_r(NULL, ".", &save))
		o = json_object_is_type(o, json_type_array) ?
		    json_object_array_get_idx(o, atoi(tok)) :
		    json_object_object_get(o, tok);
	return o;
}

static double num(json_object *o, const char *path)
{
	json_object *v = get(o, path);

	if (!v)
		fail_msg("no %s", path);
	return json_object_get_double(v);
}

static void case_object(void **state)
{
	struct fl_case_end e = { .status = FL_ST_CRASH, .reason = "boom",
				 .elapsed = 1.5, .replay = "faultline run x" };
	json_object *o = fl_result_case(&c, shm, &e);
	struct fl_case_result r;

	assert_string_equal(json_object_get_string(get(o, "status")), "crash");
	assert_string_equal(json_object_get_string(get(o, "reason")), "boom");
	/* per-rep rates: (100 + 300) / 2 s and 50 / 1 s; rep 2 missing */
	assert_int_equal(json_object_array_length(
		get(o, "metrics.faults_per_sec.reps")), 2);
	assert_true(num(o, "metrics.faults_per_sec.reps.0") == 200.0);
	assert_true(num(o, "metrics.faults_per_sec.reps.1") == 50.0);
	assert_true(num(o, "metrics.faults_per_sec.per_task.0.1") == 150.0);
	assert_true(json_object_get_boolean(
		get(o, "metrics.faults_per_sec.primary")));
	/* per task: the mean over tasks that counted */
	assert_true(num(o, "metrics.faults_per_sec_per_task.reps.0") == 100.0);
	assert_true(num(o, "metrics.faults_per_sec_per_task.reps.1") == 50.0);
	assert_true(num(o, "metrics.lat_p99_ns.reps.0") == 4096.0);
	assert_string_equal(json_object_get_string(
		get(o, "metrics.lat_p99_ns.better")), "lower");
	/* per node: task 0 on node 0, task 1 on node 1 */
	assert_true(num(o, "per_node.0.faults_per_sec.0") == 50.0);
	assert_true(num(o, "per_node.1.faults_per_sec.0") == 150.0);
	assert_true(num(o, "task_info.1.pages_by_node.1") == 32);
	/* samples kept, also of the rep that did not finish */
	assert_int_equal(json_object_array_length(get(o, "samples")), 2);
	assert_true(num(o, "samples.1.rep") == 2);
	assert_true(num(o, "samples.0.counters.faults.1") == 250);
	/* seeds are strings, exact beyond 2^53 */
	assert_true(json_object_is_type(get(o, "seed"), json_type_string));
	assert_non_null(get(o, "spec"));
	assert_non_null(get(o, "placement.cpu_order"));
	/* the typed outcome reads it back; rates: harmonic mean */
	assert_int_equal(fl_case_result_of(o, &r), 0);
	assert_int_equal(r.status, FL_ST_CRASH);
	assert_string_equal(r.metric, "faults_per_sec");
	assert_true(fabs(r.primary.mean - 80.0) < 1e-9);
	json_object_put(o);
}

static void round_trip(void **state)
{
	char dir[] = "/tmp/faultline-unit.XXXXXX", path[64];
	json_object *doc = json_object_new_object(), *cases, *back;
	struct fl_case_end e = { .status = FL_ST_OK, .elapsed = 2.0,
				 .replay = "replay" };

	assert_non_null(mkdtemp(dir));
	json_object_object_add(doc, "schema",
			       json_object_new_string("faultline-result"));
	json_object_object_add(doc, "schema_version", json_object_new_int(1));
	cases = json_object_new_array();
	json_object_array_add(cases, fl_result_case(&c, shm, &e));
	json_object_object_add(doc, "cases", cases);
	assert_int_equal(fl_result_write(doc, dir), 0);
	snprintf(path, sizeof(path), "%s/result.json", dir);
	back = json_object_from_file(path);
	assert_non_null(back);
	assert_true(json_object_equal(doc, back));
	assert_true(num(back, "cases.0.metrics.faults_per_sec.reps.0") == 200);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);	/* no temporary file left */
	json_object_put(doc);
	json_object_put(back);
}

/*
 * What the writer writes, the reader reads back as it was: the run, the
 * case, every case option (through the one option table both ways) and
 * the reps. No field rebuilt or guessed on the way.
 */
static void writer_reader(void **state)
{
	char dir[] = "/tmp/faultline-unit.XXXXXX", path[64], err[256];
	char a[FL_CO_STRLEN], b[FL_CO_STRLEN];
	struct fl_case_end e = { .status = FL_ST_CRASH, .reason = "boom",
				 .elapsed = 1.5, .replay = "faultline run x" };
	struct fl_case k = c;	/* c's params: not freed here */
	const struct fl_rmetric *m;
	const struct fl_rcase *rc;
	struct fl_rundoc d;
	json_object *doc;
	int id;

	fl_caseopts_default(&k.o);
	k.o.reps = 3;
	k.o.duration = 2;
	k.o.warmup = 0;
	k.o.timeout = 9;
	k.o.min_cpu_share = 50;
	snprintf(k.o.cpus, sizeof(k.o.cpus), "none");
	snprintf(k.o.mem, sizeof(k.o.mem), "local");
	assert_non_null(mkdtemp(dir));
	doc = fl_result_doc("rt", "v9", 0, NULL, UINT64_MAX - 2, &k.o, NULL);
	json_object_array_add(json_object_object_get(doc, "cases"),
			      fl_result_case(&k, shm, &e));
	fl_result_status(doc, FL_RUN_COMPLETE);
	assert_int_equal(fl_result_write(doc, dir), 0);
	json_object_put(doc);

	assert_int_equal(fl_rundoc_load(dir, &d, err, sizeof(err)), 0);
	assert_string_equal(d.name, "rt");
	assert_string_equal(d.status, FL_RUN_COMPLETE);
	assert_string_equal(d.version, "v9");
	assert_true(d.seed == UINT64_MAX - 2);	/* beyond 2^53 */
	assert_int_equal(d.schema_version, FL_SCHEMA_VERSION);
	assert_int_equal(d.ncases, 1);
	rc = &d.cases[0];
	assert_string_equal(rc->key, k.key);
	assert_string_equal(rc->spec, k.spec);	/* recorded, not rebuilt */
	assert_string_equal(rc->workload, "giant_vma");
	assert_string_equal(rc->mode, "threads");
	assert_int_equal(rc->tasks, 2);
	assert_int_equal(rc->st, FL_ST_CRASH);
	assert_string_equal(rc->reason, "boom");
	assert_string_equal(rc->replay, "faultline run x");
	for (id = 0; id < FL_CO_NR; id++) {
		fl_caseopt_text(&k.o, id, a, sizeof(a));
		fl_caseopt_text(&rc->o, id, b, sizeof(b));
		assert_string_equal(a, b);
	}
	m = fl_case_metric(rc, "faults_per_sec");
	assert_non_null(m);
	assert_true(m->primary && m->higher_better);
	assert_int_equal(m->n, 2);
	assert_true(m->reps[0] == 200.0 && m->reps[1] == 50.0);
	fl_rundoc_free(&d);
	snprintf(path, sizeof(path), "%s/result.json", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(case_object, setup, teardown),
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_reader, setup, teardown),
	};

	return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
