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
#include "csv.h"
#include "export.h"
#include "hdb.h"
#include "kmsg.h"
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
	fputs(
"usage: faultline run [OPTIONS] [WORKLOAD[:KEY=VAL,...]]...\n"
"\n"
"Run workloads on the running kernel. Each WORKLOAD spec becomes one case\n"
"per mode and task count. Results: OUTPUT/RUN/result.json (docs/results.md)\n"
"and OUTPUT/RUN/ktap.txt; KTAP on stdout; progress on a terminal's stderr.\n"
"Options may come anywhere; -- ends them.\n"
"\n"
"case options (also on suite lines; [default]):\n", stdout);
	fl_caseopts_help(stdout);
	fputs(
"\n"
"run options:\n"
"  -o, --output DIR      where run directories go [results]\n"
"  -n, --name RUN        run name [RELEASE-YYYYMMDD-HHMMSS]\n"
"  -c, --suite FILE      add the cases of a suite file (configs/*.suite)\n"
"      --seed N          run seed; cases derive theirs from it [time]\n"
"      --with SPEC       run an aggressor beside each case:\n"
"                        stress-ng:ARGS or fio:JOBFILE (repeatable)\n"
"      --db FILE         history database [OUTPUT/faultline.db]\n"
"      --no-db           do not record the run in the history database\n"
"      --kernel-commit SHA  the kernel's git commit, for the history\n"
"  -q, --quiet           no progress line\n"
"      --strict          a kernel log that cannot be watched is an error\n"
"      --csv             also write RUN/result.csv: every metric per case and\n"
"                        rep; and RUN/scaling/WORKLOAD.csv in will-it-scale's\n"
"                        layout for each spec run at several task counts\n"
"  -h, --help            this text\n"
"\n"
"Options on the command line override a suite line's. Environment:\n"
"FAULTLINE_INJECT=WORKLOAD corrupts one observation of that workload's\n"
"checker (tests only). Exit: 0 all ok, 1 a case failed, 2 usage,\n"
"4 all skipped, 130 interrupted.\n", stdout);
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
	const char *output, *name, *db, *commit;
	bool no_db;
	char *suites[64], *with[16];
	int nsuites, nwith;
	unsigned long long seed;
	bool quiet;
	bool strict;
	bool csv;
	char **specs;
	int nspecs;
};

enum { O_SEED = FL_OPT_OWN, O_WITH, O_DB, O_NO_DB, O_COMMIT, O_STRICT,
       O_CSV };

/* run's own options; the case options come from caseopt.c */
static const struct option run_only[] = {
	{ "output",	required_argument, NULL, 'o' },
	{ "name",	required_argument, NULL, 'n' },
	{ "suite",	required_argument, NULL, 'c' },
	{ "seed",	required_argument, NULL, O_SEED },
	{ "with",	required_argument, NULL, O_WITH },
	{ "db",		required_argument, NULL, O_DB },
	{ "no-db",	no_argument,	   NULL, O_NO_DB },
	{ "kernel-commit", required_argument, NULL, O_COMMIT },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "strict",	no_argument,	   NULL, O_STRICT },
	{ "csv",	no_argument,	   NULL, O_CSV },
	{ "help",	no_argument,	   NULL, 'h' },
};
#define RUN_ONLY_NR	(int)(sizeof(run_only) / sizeof(run_only[0]))
#define RUN_SHORT	"o:n:c:qh"

static void run_table(struct option *opts, char *shortopts, size_t len)
{
	memcpy(opts, run_only, sizeof(run_only));
	snprintf(shortopts, len, RUN_SHORT);
	fl_caseopts_getopt(opts, RUN_ONLY_NR, shortopts, len);
}

static void run_option(struct runopts *r, int opt, char *arg)
{
	char err[256];

	switch (opt) {
	case 'o': r->output = arg; break;
	case 'n': r->name = arg; break;
	case 'q': r->quiet = true; break;
	case O_STRICT: r->strict = true; break;
	case O_CSV: r->csv = true; break;
	case O_DB: r->db = arg; break;
	case O_NO_DB: r->no_db = true; break;
	case O_COMMIT: r->commit = arg; break;
	case 'c':
		if (r->nsuites == 64)
			fl_usage_error("run: too many --suite");
		r->suites[r->nsuites++] = arg;
		break;
	case O_SEED:
		r->seed = fl_arg_u64("--seed", arg);
		break;
	case O_WITH:
		if (r->nwith == 16)
			fl_usage_error("run: too many --with");
		if (aggr_parse(arg, err, sizeof(err)))
			fl_usage_error("--with: %s", err);
		r->with[r->nwith++] = arg;
		break;
	}
}

static void parse(int argc, char **argv, struct runopts *r,
		  const struct fl_topo *t)
{
	struct option opts[RUN_ONLY_NR + FL_CO_NR + 1];
	char shortopts[64], err[256];
	int opt, id;

	run_table(opts, shortopts, sizeof(shortopts));
	while ((opt = fl_getopt("run", argc, argv, shortopts,
				 opts)) != -1) {
		if (opt == 'h') {
			usage();
			exit(0);
		}
		id = fl_caseopt_of(opt);
		if (id < 0)
			run_option(r, opt, optarg);
		else if (fl_caseopt_set(&r->o, id, optarg, t, err,
					sizeof(err)))
			fl_usage_error("%s", err);
	}
	r->specs = argv + optind;
	r->nspecs = argc - optind;
}

/* The run option word w names ("-q", "--db", "--db=X"), or NULL. */
static const struct option *run_only_lookup(const char *w)
{
	const struct option *p;
	size_t n = strcspn(w + 2, "=");

	for (p = run_only; p < run_only + RUN_ONLY_NR; p++)
		if (w[1] == '-' ? strlen(p->name) == n &&
				  !strncmp(w + 2, p->name, n) :
				  w[1] == p->val && !w[2])
			return p;
	return NULL;
}

int fl_run_args_check(int argc, char **argv, char *err, size_t errlen)
{
	struct fl_caseopts o;
	const struct option *p;
	const char *val;
	bool ended = false;
	int i, id;

	fl_caseopts_default(&o);
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (!ended && !strcmp(w, "--")) {
			ended = true;
			continue;
		}
		if (ended || w[0] != '-' || !w[1]) {
			struct fl_case c = { 0 };

			if (fl_params_parse(&c, w, err, errlen))
				return -1;
			fl_case_free_params(&c);
			continue;
		}
		id = fl_caseopt_lookup(w, &val);
		if (id >= 0) {
			if (!fl_caseopt_flag(id) && !val && ++i == argc)
				goto novalue;
			if (fl_caseopt_set(&o, id, fl_caseopt_flag(id) ? val :
					   val ?: argv[i], NULL, err, errlen))
				return -1;
			continue;
		}
		p = run_only_lookup(w);
		if (!p) {
			snprintf(err, errlen, "run: unknown option '%s'", w);
			return -1;
		}
		if (p->has_arg == required_argument && !strchr(w, '=') &&
		    ++i == argc)
			goto novalue;
	}
	return 0;
novalue:
	snprintf(err, errlen, "run: option '%s' needs a value", argv[i - 1]);
	return -1;
}

static bool has_ctrl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
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
	/* not ".", "..", hidden (.scratch), a path, control bytes or cut */
	if (strchr(name, '/') || !*name || *name == '.' || has_ctrl(name) ||
	    (r->name && strlen(r->name) >= nlen))
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

/*
 * "# kmsg: not watched: WHY": once when the run starts (obj NULL) and
 * after every case whose kernel log was not watched (its kmsg_note).
 */
static void kmsg_diag(struct fl_ktap *k, json_object *obj, bool strict)
{
	json_object *note;
	struct fl_kmsg *km;
	char why[160];
	int oom;

	if (obj) {
		if (json_object_object_get_ex(obj, "kmsg_note", &note) && note)
			fl_ktap_diag(k, "kmsg: not watched: %s",
				     json_object_get_string(note));
		return;
	}
	km = fl_kmsg_open();
	if (fl_kmsg_unwatched(km, why, sizeof(why)))
		fl_ktap_diag(k, "kmsg: not watched: %s%s", why, strict ?
			     "; --strict: every case is an error" :
			     "; a BUG: or WARNING: would go unseen");
	obj = json_object_new_object();
	fl_kmsg_collect(km, obj, &oom);
	json_object_put(obj);
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

/* --csv: RUN/result.csv and RUN/scaling/, from the document as saved. */
static void write_csv(struct fl_ktap *k, const char *dir)
{
	char err[512];

	if (fl_csv_run_files(dir, err, sizeof(err)))
		fl_warn("--csv: %s", err);
	else
		fl_ktap_diag(k, "csv: %s/result.csv", dir);
}

static void build_cases(struct fl_caselist *l, struct runopts *r,
			const struct fl_topo *t)
{
	char err[512];
	int i;

	for (i = 0; i < r->nsuites; i++)
		if (fl_suite_load(l, r->suites[i], &r->o, t, r->seed, err,
				  sizeof(err)))
			fl_usage_error("%s", err);
	for (i = 0; i < r->nspecs; i++)
		if (fl_cases_add(l, r->specs[i], &r->o, t, r->seed, err,
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
	struct fl_case_result *res;
	char dir[4096], name[256], err[256], scratch[4200], kpath[4200];
	json_object *doc, *arr;
	bool noaslr = aslr_off();
	pid_t guard;
	int i;

	if (fl_topo_load(&topo))
		fl_die(3, "cannot read the CPU topology (hwloc)");
	fl_caseopts_default(&r.o);
	r.seed = (unsigned long long)time(NULL);
	parse(argc, argv, &r, &topo);
	build_cases(&cases, &r, &topo);
	make_rundir(&r, dir, sizeof(dir), name, sizeof(name));

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	snprintf(scratch, sizeof(scratch), "%s/.scratch", dir);
	snprintf(kpath, sizeof(kpath), "%s/ktap.txt", dir);
	k.copy = fopen(kpath, "w");
	doc = fl_result_doc(name, fl_version, argc, argv, r.seed, &r.o,
			    fl_meta_system(&topo, noaslr));
	arr = json_object_object_get(doc, FLK_CASES);
	save(doc, dir);
	guard = aggr_guardian(scratch, dir);

	rc.with = r.with;
	rc.nwith = r.nwith;
	rc.scratch = scratch;
	rc.run_seed = r.seed;
	rc.progress = !r.quiet && isatty(STDERR_FILENO);
	rc.strict = r.strict;
	rc.ncases = cases.n;
	res = calloc(cases.n, sizeof(*res));
	rc.t_start = fl_mono_sec();
	for (i = 0; i < cases.n; i++)
		rc.expect_total += fl_reps_max(&cases.c[i].o) *
				   (cases.c[i].o.warmup + cases.c[i].o.duration);
	fl_ktap_plan(&k, cases.n);
	fl_ktap_diag(&k, "faultline %s, run %s, seed %llu", fl_version, name,
		     r.seed);
	kmsg_diag(&k, NULL, r.strict);
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
		fl_result_case_running(doc, c->label);
		save(doc, dir);
		obj = fl_supervise(c, &pl, &rc);
		if (r.nwith)
			fl_rmtree(scratch);
		json_object_array_add(arr, obj);
		if (fl_case_result_of(obj, &res[i]))
			fl_die(3, "BUG: case object without label or status");
		fl_ktap_case(&k, &res[i]);
		kmsg_diag(&k, obj, r.strict);
		save(doc, dir);
		rc.expect_done += fl_reps_max(&c->o) *
				  (c->o.warmup + c->o.duration);
	}
	if (interrupted)
		fl_ktap_diag(&k, "interrupted by signal %d after %d of %d cases",
			     interrupted, i, cases.n);
	fl_ktap_table(&k, res, i);
	fl_ktap_diag(&k, "results: %s/result.json", dir);
	fl_result_case_running(doc, NULL);
	fl_result_status(doc, interrupted ? FL_RUN_INTERRUPTED :
			 FL_RUN_COMPLETE);
	save(doc, dir);
	if (r.csv)
		write_csv(&k, dir);
	aggr_unguard(guard);
	fl_reproduce_write(dir, fl_argv);
	record(&r, dir);
	if (k.copy)
		fclose(k.copy);
	i = interrupted ? 130 : fl_results_exit(res, i);
	json_object_put(doc);
	free(res);
	fl_caselist_free(&cases);
	return i;
}
