// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - `faultline run`: options and suites into cases, then each case
 * under the supervisor, a result document rewritten after every case,
 * KTAP on stdout and a table at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "aggressor.h"
#include "cli.h"
#include "hist_db.h"
#include "meta.h"
#include "results.h"
#include "run.h"

static volatile int interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void usage(void)
{
	printf(
"usage: faultline run [OPTIONS] [WORKLOAD[:KEY=VAL,...]]...\n"
"\n"
"Run workloads on the running kernel. Each WORKLOAD spec becomes one case\n"
"per mode and task count. Results: OUTPUT/RUN/result.json (docs/results.md)\n"
"and OUTPUT/RUN/ktap.txt; KTAP on stdout; progress on a terminal's stderr.\n"
"\n"
"  -t, --tasks LIST      task counts, e.g. 1,2,max (max: usable CPUs) [1,max]\n"
"  -m, --mode MODE       threads, processes or both [threads]\n"
"  -d, --duration SEC    measured seconds per rep [5]\n"
"  -w, --warmup SEC      seconds discarded before measuring [1]\n"
"  -r, --reps N          repetitions per case [5]\n"
"  -o, --output DIR      where run directories go [results]\n"
"  -n, --name RUN        run name [RELEASE-YYYYMMDD-HHMMSS]\n"
"  -c, --suite FILE      add the cases of a suite file (configs/*.suite)\n"
"      --seed N          run seed; cases derive theirs from it [time]\n"
"      --timeout SEC     per-case watchdog [2 x expected + 30]\n"
"      --cpus POLICY     compact, spread, smt, none or a CPU list [compact]\n"
"      --mem POLICY      default, local, interleave, bind:N, preferred:N,\n"
"                        remote [default]\n"
"      --with SPEC       run an aggressor beside each case:\n"
"                        stress-ng:ARGS or fio:JOBFILE (repeatable)\n"
"      --db FILE         history database [OUTPUT/faultline.db]\n"
"      --no-db           do not record the run in the history database\n"
"      --kernel-commit SHA  the kernel's git commit, for the history\n"
"  -q, --quiet           no progress line\n"
"  -h, --help            this text\n"
"\n"
"Options on the command line override a suite line's. Environment:\n"
"FAULTLINE_INJECT=WORKLOAD corrupts one observation of that workload's\n"
"checker (tests only). Exit: 0 all ok, 1 a case failed, 2 usage,\n"
"4 all skipped, 130 interrupted.\n");
}

/* Disable ASLR for this process and its children, as will-it-scale
 * does, so that page-table layouts repeat; re-exec once to apply.
 * Not when ASLR is off system-wide (randomize_va_space 0, as in a
 * `faultline vm` guest): layouts repeat already, and a second exec of
 * the same file is what a guest kernel that leaks private writes into
 * the page cache would break (docs/mutants.md). */
static bool aslr_off(void)
{
	int pers = personality(0xffffffff);
	FILE *f;
	int c;

	if (pers == -1)
		return false;
	if (pers & ADDR_NO_RANDOMIZE)
		return true;
	f = fopen("/proc/sys/kernel/randomize_va_space", "r");
	if (f) {
		c = fgetc(f);
		fclose(f);
		if (c == '0')
			return true;
	}
	if (personality(pers | ADDR_NO_RANDOMIZE) == -1)
		return false;
	execv("/proc/self/exe", fl_argv);
	personality(pers);
	return false;
}

struct runopts {
	struct fl_caseopts o;
	unsigned int mask;
	const char *output, *name, *db, *commit;
	bool no_db;
	char *suites[64], *with[16];
	int nsuites, nwith;
	unsigned long long seed;
	bool quiet;
};

static void parse(int argc, char **argv, struct runopts *r,
		  const struct fl_topo *t)
{
	static const struct option run_only[] = {
		{ "output",	required_argument, NULL, 'o' },
		{ "name",	required_argument, NULL, 'n' },
		{ "suite",	required_argument, NULL, 'c' },
		{ "seed",	required_argument, NULL, OPT_SEED },
		{ "with",	required_argument, NULL, OPT_WITH },
		{ "db",		required_argument, NULL, OPT_DB },
		{ "no-db",	no_argument,	   NULL, OPT_NO_DB },
		{ "kernel-commit", required_argument, NULL, OPT_COMMIT },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct option opts[40];
	char err[256], *end;
	int n = 0, opt;
	size_t i;

	for (; fl_case_longopts[n].name; n++)
		opts[n] = fl_case_longopts[n];
	for (i = 0; i < sizeof(run_only) / sizeof(run_only[0]); i++)
		opts[n++] = run_only[i];
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+t:m:d:w:r:o:n:c:qh", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage();
			exit(0);
		case 'o': r->output = optarg; break;
		case 'n': r->name = optarg; break;
		case 'q': r->quiet = true; break;
		case OPT_DB: r->db = optarg; break;
		case OPT_NO_DB: r->no_db = true; break;
		case OPT_COMMIT: r->commit = optarg; break;
		case 'c':
			if (r->nsuites == 64)
				fl_usage_error("too many --suite");
			r->suites[r->nsuites++] = optarg;
			break;
		case OPT_SEED:
			errno = 0;
			r->seed = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end)
				fl_usage_error("--seed: '%s' is not a number",
					       optarg);
			break;
		case OPT_WITH:
			if (r->nwith == 16)
				fl_usage_error("too many --with");
			if (aggr_parse(optarg, err, sizeof(err)))
				fl_usage_error("--with: %s", err);
			r->with[r->nwith++] = optarg;
			break;
		case '?':
		case ':':
			fl_usage_error("run: bad option '%s' (see faultline run --help)",
				       argv[optind - 1]);
		default:
			if (fl_caseopt_set(&r->o, opt, optarg, t, err,
					   sizeof(err)))
				fl_usage_error("%s", err);
			r->mask |= opt == 't' ? FL_OPT_TASKS :
				   opt == 'm' ? FL_OPT_MODE :
				   opt == 'd' ? FL_OPT_DURATION :
				   opt == 'w' ? FL_OPT_WARMUP :
				   opt == 'r' ? FL_OPT_REPS :
				   opt == OPT_TIMEOUT ? FL_OPT_TIMEOUT :
				   opt == OPT_CPUS ? FL_OPT_CPUS : FL_OPT_MEM;
		}
	}
}

static void make_rundir(const struct runopts *r, char *dir, size_t len,
			char *name, size_t nlen)
{
	struct utsname u;
	char stamp[32];
	time_t now = time(NULL);
	int i = 2;

	uname(&u);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", gmtime(&now));
	if (r->name)
		snprintf(name, nlen, "%s", r->name);
	else
		snprintf(name, nlen, "%s-%s", u.release, stamp);
	if (strchr(name, '/') || !*name)
		fl_usage_error("--name: '%s' must be a plain name", name);
	if (mkdir(r->output, 0755) && errno != EEXIST)
		fl_usage_error("cannot create output directory '%s': %s",
			       r->output, strerror(errno));
	snprintf(dir, len, "%s/%s", r->output, name);
	while (mkdir(dir, 0755)) {
		if (errno != EEXIST || r->name)
			fl_usage_error("cannot create run directory '%s': %s",
				       dir, strerror(errno));
		/* a default name may repeat within a second: number it */
		snprintf(dir, len, "%s/%s-%d", r->output, name, i++);
	}
	snprintf(name, nlen, "%s", strrchr(dir, '/') + 1);
}

static json_object *run_obj(const struct runopts *r, const char *name,
			    int argc, char **argv)
{
	json_object *o = json_object_new_object(), *a, *d;
	char ts[32];
	time_t now = time(NULL);
	int i;

	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "status", json_object_new_string("running"));
	json_object_object_add(o, "started", json_object_new_string(ts));
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_string("faultline"));
	for (i = 0; i < argc; i++)
		json_object_array_add(a, json_object_new_string(argv[i]));
	json_object_object_add(o, "argv", a);
	json_object_object_add(o, "faultline_version",
			       json_object_new_string(fl_version));
	json_object_object_add(o, "seed", json_object_new_uint64(r->seed));
	d = json_object_new_object();
	json_object_object_add(d, "duration", json_object_new_int(r->o.duration));
	json_object_object_add(d, "warmup", json_object_new_int(r->o.warmup));
	json_object_object_add(d, "reps", json_object_new_int(r->o.reps));
	json_object_object_add(d, "cpus", json_object_new_string(r->o.cpus));
	json_object_object_add(d, "mem", json_object_new_string(r->o.mem));
	json_object_object_add(d, "timeout", json_object_new_int(r->o.timeout));
	json_object_object_add(o, "defaults", d);
	return o;
}

static void add_placement(json_object *obj, const struct fl_placement *pl)
{
	json_object *p = json_object_new_object(), *cpus;
	int i;

	json_object_object_add(p, "cpu_policy", json_object_get(
			       json_object_object_get(obj, "cpus")));
	json_object_object_add(p, "mem_policy", json_object_get(
			       json_object_object_get(obj, "mem")));
	json_object_object_add(p, "mem_note", pl->mem_note[0] ?
			       json_object_new_string(pl->mem_note) : NULL);
	cpus = json_object_new_array();
	for (i = 0; i < pl->ncpus; i++)
		json_object_array_add(cpus, json_object_new_int(pl->cpu[i]));
	json_object_object_add(p, "cpu_order", cpus);
	json_object_object_add(obj, "placement", p);
}

static void set_status(json_object *doc, const char *st)
{
	json_object *run = json_object_object_get(doc, "run");
	char ts[32];
	time_t now = time(NULL);

	json_object_object_add(run, "status", json_object_new_string(st));
	if (strcmp(st, "running")) {
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
		json_object_object_add(run, "finished",
				       json_object_new_string(ts));
	}
}

static void save(json_object *doc, const char *dir)
{
	int err = fl_result_write(doc, dir);

	if (err)
		fl_warn("cannot write %s/result.json: %s", dir, strerror(-err));
}

/* Every run is also recorded in the history database. */
static void record(const struct runopts *r, const char *dir)
{
	char db[4200], err[256];

	if (r->no_db)
		return;
	snprintf(db, sizeof(db), "%s/faultline.db", r->output);
	if (fl_history_record(r->db ? r->db : db, dir, r->commit, err,
			      sizeof(err)))
		fl_warn("history not recorded: %s", err);
}

static int exit_code(json_object *cases, bool intr)
{
	int i, n = (int)json_object_array_length(cases), skip = 0, bad = 0;

	if (intr)
		return 130;
	for (i = 0; i < n; i++) {
		const char *st = json_object_get_string(json_object_object_get(
			json_object_array_get_idx(cases, i), "status"));

		skip += !strcmp(st, "skip");
		bad += strcmp(st, "ok") && strcmp(st, "skip");
	}
	if (bad)
		return FL_EXIT_FAIL;
	return n && skip == n ? FL_EXIT_SKIP : FL_EXIT_PASS;
}

static void build_cases(struct fl_caselist *l, struct runopts *r, int argc,
			char **argv, const struct fl_topo *t)
{
	int i, first = optind;	/* suite parsing reuses getopt */
	char err[512];

	for (i = 0; i < r->nsuites; i++)
		if (fl_suite_load(l, r->suites[i], &r->o, r->mask, t, r->seed,
				  err, sizeof(err)))
			fl_usage_error("%s", err);
	for (i = first; i < argc; i++)
		if (fl_cases_add(l, argv[i], &r->o, t, r->seed, err,
				 sizeof(err)))
			fl_usage_error("%s", err);
	if (!l->n)
		fl_usage_error("run: no workload given (see faultline list)");
}

int cmd_run(int argc, char **argv)
{
	static struct fl_topo topo;
	static struct fl_placement pl;
	struct runopts r = { .output = "results" };
	struct fl_caselist cases = { 0 };
	struct fl_runctx rc = { .interrupted = &interrupted };
	struct fl_ktap k = { 0 };
	char dir[4096], name[256], err[256], scratch[4200], kpath[4200];
	json_object *doc, *arr;
	bool noaslr = aslr_off();
	int i;

	if (fl_topo_load(&topo))
		fl_die(3, "cannot read the CPU topology (hwloc)");
	fl_caseopts_default(&r.o);
	r.seed = (unsigned long long)time(NULL);
	parse(argc, argv, &r, &topo);
	build_cases(&cases, &r, argc, argv, &topo);
	make_rundir(&r, dir, sizeof(dir), name, sizeof(name));

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	snprintf(scratch, sizeof(scratch), "%s/.scratch", dir);
	snprintf(kpath, sizeof(kpath), "%s/ktap.txt", dir);
	k.copy = fopen(kpath, "w");
	doc = json_object_new_object();
	json_object_object_add(doc, "schema",
			       json_object_new_string("faultline-result"));
	json_object_object_add(doc, "schema_version", json_object_new_int(1));
	json_object_object_add(doc, "run", run_obj(&r, name, argc, argv));
	json_object_object_add(doc, "system", fl_meta_system(&topo, noaslr));
	arr = json_object_new_array();
	json_object_object_add(doc, "cases", arr);
	save(doc, dir);

	rc.with = r.with;
	rc.nwith = r.nwith;
	rc.scratch = scratch;
	rc.run_seed = r.seed;
	rc.progress = !r.quiet && isatty(STDERR_FILENO);
	rc.ncases = cases.n;
	rc.t_start = fl_mono_sec();
	for (i = 0; i < cases.n; i++)
		rc.expect_total += cases.c[i].o.reps *
				   (cases.c[i].o.warmup + cases.c[i].o.duration);
	fl_ktap_plan(&k, cases.n);
	fl_ktap_diag(&k, "faultline %s, run %s, seed %llu", fl_version, name,
		     r.seed);
	for (i = 0; i < cases.n && !interrupted; i++) {
		struct fl_case *c = &cases.c[i];
		json_object *obj;

		if (fl_placement_make(&pl, &topo, c->o.cpus, c->o.mem, err,
				      sizeof(err)))
			fl_usage_error("%s", err);
		if (r.nwith)
			mkdir(scratch, 0700);
		rc.index = i;
		/* named while it runs: if the runner dies, this says where */
		json_object_object_add(json_object_object_get(doc, "run"),
				       "case_running",
				       json_object_new_string(c->label));
		save(doc, dir);
		obj = fl_supervise(c, &pl, &rc);
		if (r.nwith)
			fl_rmtree(scratch);
		add_placement(obj, &pl);
		json_object_array_add(arr, obj);
		fl_ktap_case(&k, obj);
		save(doc, dir);
		rc.expect_done += c->o.reps * (c->o.warmup + c->o.duration);
	}
	if (interrupted)
		fl_ktap_diag(&k, "interrupted by signal %d after %d of %d cases",
			     interrupted, i, cases.n);
	fl_ktap_table(&k, arr);
	fl_ktap_diag(&k, "results: %s/result.json", dir);
	json_object_object_del(json_object_object_get(doc, "run"),
			       "case_running");
	set_status(doc, interrupted ? "interrupted" : "complete");
	save(doc, dir);
	record(&r, dir);
	if (k.copy)
		fclose(k.copy);
	i = exit_code(arr, interrupted);
	json_object_put(doc);
	return i;
}
