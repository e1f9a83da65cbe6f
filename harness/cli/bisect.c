// SPDX-License-Identifier: GPL-2.0
/*
 * bisect.c - `faultline bisect-step`: one step of `git bisect run`.
 * Re-run one case of a known-good run, on this kernel or in a VM with
 * --kernel, and answer with git bisect's exit codes: 0 good, 1 bad,
 * 125 skip (unstable, did not boot, could not run), 128+ harness error.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "caseopt.h"
#include "compare.h"
#include "group.h"
#include "vm.h"

#define STEP_GOOD	0
#define STEP_BAD	1
#define STEP_SKIP	125
#define STEP_ERROR	128
#define VM_NOBOOT	3

static const char usage[] =
	"usage: faultline bisect-step --good RUN --metric WORKLOAD/METRIC\n"
	"                             [OPTIONS] [RUN-OPTIONS]\n"
	"\n"
	"One step of `git bisect run`: run the case of WORKLOAD in the good\n"
	"run directory RUN again, with the same parameters, mode, tasks,\n"
	"durations, reps, placement and seed (RUN-OPTIONS override them), on\n"
	"the running kernel, or inside `faultline vm` with --kernel. Then\n"
	"compare METRIC with compare's rule (METRIC `status`: the case's\n"
	"status alone, see --metric) and exit:\n"
	"  0    good: no significant regression; when too noisy to call a\n"
	"       change, good if the reps exclude a regression as large as\n"
	"       --threshold (one-sided 1 - alpha bound of Welch's interval)\n"
	"  1    bad: a significant regression, or the case went from ok to\n"
	"       fail, crash or timeout\n"
	"  125  skip: too noisy for the reps taken (unstable), the image did\n"
	"       not boot, or the case could not run (error, skip)\n"
	"  128  bad usage or a harness error: git bisect run stops (it\n"
	"       would take 2 for 'bad'); 128+N: the step run died of signal N\n"
	"\n"
	"options:\n"
	"  --good RUN        run directory of a good kernel (result.json);\n"
	"                    given 3 or more times (runs of one good kernel),\n"
	"                    the step run is judged against their spread, the\n"
	"                    run as the unit (compare --base-runs)\n"
	"  --metric W/M      workload and metric, e.g. giant_vma/faults_per_sec\n"
	"                    W/status: no metric, the case's status decides:\n"
	"                    ok good; fail (a checker's violation or a bad\n"
	"                    kernel log line), crash, timeout bad; else skip\n"
	"  --key GLOB        which case of W, when RUN has several\n"
	FL_CMP_HELP
	"  -o, --output DIR  where step runs go (default results/bisect)\n"
	"  --kernel IMAGE    boot IMAGE with `faultline vm` and run there\n"
	"  --accel A         passed to faultline vm (auto, kvm, tcg)\n"
	"  --append ARGS     passed to faultline vm: kernel command line\n"
	"  --vm-arg ARG      any other faultline vm option (repeatable)\n"
	"  --set K=V,...     change workload parameters of the step run (a toy\n"
	"                    history can select a configuration this way)\n"
	"  --seed N          run seed of the step run (the good run's)\n"
	"  -h, --help        this text\n"
	"run options: any case option of `faultline run` (-t N -m MODE -d SEC\n"
	"  -w SEC -r N --cpus P --mem P --timeout SEC) overrides the good\n"
	"  case's; each is checked as `run` checks it. Options may come in\n"
	"  any order.\n";

enum {
	O_GOOD = FL_OPT_OWN, O_METRIC, O_KEY, O_KERNEL, O_ACCEL, O_APPEND,
	O_VMARG, O_SEED, O_SET,
};

struct step {
	const char *good, *wl, *metric, *key_glob, *outdir, *kernel;
	const char *goods[16];	/* every --good; good is the first */
	int ngood;
	const char *accel, *append;
	const char *vmargs[16];
	int nvmargs;
	struct fl_caseopts ov;		/* overrides: those set */
	const char *seed;
	const char *set;		/* --set K=V,...: override parameters */
	bool status;		/* --metric W/status: judge the status alone */
};

/* The one ok case of the good run that has the metric (any, for status). */
static const struct fl_rcase *pick(const struct fl_rundoc *d,
				   const struct step *s)
{
	const struct fl_rcase *found = NULL;
	int hits = 0, wl = 0;
	size_t i;

	for (i = 0; i < d->ncases; i++) {
		const struct fl_rcase *c = &d->cases[i];

		if (strcmp(c->workload, s->wl))
			continue;
		wl++;
		if (s->key_glob && fnmatch(s->key_glob, c->key, 0))
			continue;
		if (c->st != FL_ST_OK ||
		    (!s->status && !fl_case_metric(c, s->metric)))
			continue;
		found = c;
		hits++;
	}
	if (!wl)
		fl_usage_error("bisect-step: %s has no %s case", d->dir, s->wl);
	if (!hits && s->status)
		fl_usage_error("bisect-step: no ok %s case in %s", s->wl,
			       d->dir);
	if (!hits)
		fl_usage_error("bisect-step: no ok %s case with metric %s in %s",
			       s->wl, s->metric, d->dir);
	if (hits > 1)
		fl_usage_error("bisect-step: %d %s cases in %s; pick one with "
			       "--key GLOB", hits, s->wl, d->dir);
	return found;
}

/*
 * WORKLOAD:K=V,... with the K=V pairs of `set` replacing or added to
 * those of `spec`. The caller frees it.
 */
static char *with_set(const char *spec, const char *set)
{
	char *out, *p, *s = strdup(set), *tok, *save;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	const char *colon = strchr(spec, ':'), *q;

	fprintf(f, "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec),
		spec);
	fputc(':', f);
	fputs(s, f);
	for (q = colon; q && *q; ) {
		size_t n;
		bool dup = false;

		q++;
		n = strcspn(q, ",");
		strcpy(s, set);
		for (tok = strtok_r(s, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			p = strchr(tok, '=');
			if (p && (size_t)(p - tok) < n && q[p - tok] == '=' &&
			    !strncmp(q, tok, p - tok))
				dup = true;
		}
		if (!dup)
			fprintf(f, ",%.*s", (int)n, q);
		q += n;
	}
	fclose(f);
	free(s);
	return out;
}

/* argv for `faultline [vm ... --] run ...` */
static void build_argv(struct fl_args *a, const struct step *s,
		       const struct fl_rundoc *d, const struct fl_rcase *c,
		       const char *name)
{
	struct fl_caseopts o = c->o;	/* as the good run recorded it */
	struct fl_replay r = { .seed = d->seed };
	char tasks[64], mode[64], *set = NULL;
	int i;

	fl_args_add(a, "%s", fl_self);
	if (s->kernel) {
		fl_args_add(a, "vm");
		fl_args_add(a, "--kernel");
		fl_args_add(a, "%s", s->kernel);
		fl_args_add(a, "-o");
		fl_args_add(a, "%s", s->outdir);
		fl_args_add(a, "-n");
		fl_args_add(a, "%s", name);
		if (s->accel) {
			fl_args_add(a, "--accel");
			fl_args_add(a, "%s", s->accel);
		}
		if (s->append) {
			fl_args_add(a, "--append");
			fl_args_add(a, "%s", s->append);
		}
		for (i = 0; i < s->nvmargs; i++)
			fl_args_add(a, "%s", s->vmargs[i]);
		fl_args_add(a, "--");
	} else {
		fl_args_add(a, "run");
		fl_args_add(a, "-o");
		fl_args_add(a, "%s", s->outdir);
		fl_args_add(a, "-n");
		fl_args_add(a, "%s", name);
	}
	fl_caseopts_merge(&o, &s->ov);
	snprintf(tasks, sizeof(tasks), "%d", c->tasks);
	snprintf(mode, sizeof(mode), "%s", c->mode ?: "threads");
	if (s->ov.set & (1u << FL_CO_tasks))
		fl_caseopt_text(&o, FL_CO_tasks, tasks, sizeof(tasks));
	if (s->ov.set & (1u << FL_CO_mode))
		fl_caseopt_text(&o, FL_CO_mode, mode, sizeof(mode));
	if (s->seed)
		r.seed = fl_arg_u64("--seed", s->seed);
	r.tasks = tasks;
	r.mode = mode;
	r.o = &o;
	if (s->set)
		set = with_set(c->spec, s->set);
	r.spec = set ?: c->spec;
	fl_replay_args(a, &r);	/* copies */
	free(set);
}

/* Run it with stdout on our stderr; returns the exit status or 128+sig. */
static int spawn(const struct fl_args *a)
{
	char *line = fl_args_shell(a), **argv = a->v;
	pid_t pid;
	int st;

	fprintf(stderr, "bisect-step: %s\n", line);
	free(line);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execv("/proc/self/exe", argv);
		perror("faultline: bisect-step: exec /proc/self/exe");
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static int verdict(const struct step *s, const struct fl_cmp_opts *o,
		   const struct fl_rcase *gc, const char *dir)
{
	struct fl_rundoc nd;
	struct fl_rundoc ng = { 0 };
	const struct fl_rcase *nc;
	const struct fl_rmetric *gm, *nm;
	struct fl_decision d;
	double worst;
	bool rescued;
	bool disturbed;
	char err[512];
	int ret;

	if (fl_rundoc_load(dir, &nd, err, sizeof(err))) {
		printf("skip: no result from the step run: %s\n", err);
		return STEP_SKIP;
	}
	/* with --set the key differs: the step run has the one case */
	nc = s->set && nd.ncases == 1 ? &nd.cases[0] :
	     fl_rundoc_case(&nd, gc->key);
	if (!nc) {
		printf("skip: the step run has no case %s\n", gc->key);
		ret = STEP_SKIP;
		goto out;
	}
	if (nc->st != FL_ST_OK) {
		bool bad = fl_status_info[nc->st].bisect_bad;

		printf("%s: case is %s%s%s\n", bad ? "bad" : "skip",
		       nc->status, nc->reason ? ": " : "", nc->reason ?: "");
		printf("  step run: %s\n", dir);
		ret = bad ? STEP_BAD : STEP_SKIP;
		goto out;
	}
	if (s->status) {
		printf("good: case is ok\n  step run: %s\n", dir);
		ret = STEP_GOOD;
		goto out;
	}
	gm = fl_case_metric(gc, s->metric);
	nm = fl_case_metric(nc, s->metric);
	if (!nm) {
		printf("skip: the step run has no metric %s\n", s->metric);
		ret = STEP_SKIP;
		goto out;
	}
	if (o->base_runs > 1) {
		/* the good runs' means against this run's mean */
		if (fl_rundoc_group(&nd, 1, true, &ng, err, sizeof(err)))
			fl_die(STEP_ERROR, "bisect-step: %s", err);
		nc = fl_rundoc_case(&ng, nc->key);
		nm = fl_case_metric(nc, s->metric);
	}
	fl_cmp_decide(o, gm, nm, &d);
	disturbed = fl_cmp_disturbed(o, gc, nc, s->metric, d.verdict);
	if (disturbed)
		d.verdict = FL_DISTURBED;
	/*
	 * Too noisy to call a change, but good if even the worst change the
	 * reps allow (one-sided, 1 - alpha) is smaller than the regression
	 * bisected for: a noisy good kernel is not skipped, a bad one is
	 * never called good.
	 */
	worst = fl_change_bound(gm->reps, gm->n, nm->reps, nm->n,
				gm->higher_better, o->rule.alpha);
	rescued = d.verdict == FL_UNSTABLE && worst > -o->rule.threshold &&
		  o->base_runs == 1;	/* the bound is of reps, not runs */
	if (rescued)
		d.verdict = FL_SAME;
	switch (d.verdict) {
	case FL_WORSE:
		ret = STEP_BAD;
		break;
	case FL_SAME:
	case FL_BETTER:
		ret = STEP_GOOD;
		break;
	default:
		ret = STEP_SKIP;
	}
	printf("%s: %s %s %+.1f%% (good %g ±%.1f%%, now %g ±%.1f%%, "
	       "p=%.3g, n=%zu/%zu)", ret == STEP_BAD ? "bad" :
	       ret == STEP_GOOD ? "good" : "skip", s->wl, s->metric,
	       d.change, d.base.mean, d.base.cov * 100, d.new.mean,
	       d.new.cov * 100, d.p, d.base.n, d.new.n);
	if (d.verdict == FL_UNSTABLE && o->base_runs > 1)
		printf(" unstable: needs %d good runs", d.reps_needed);
	else if (d.verdict == FL_UNSTABLE)
		printf(" unstable: needs -r %d", d.reps_needed);
	else if (disturbed)
		printf(" disturbed: CPU time lost to outside load, the rate per CPU-second did not move so");
	else if (rescued)
		printf(" noisy, but a regression of %g%% is excluded (worst %+.1f%%)",
		       o->rule.threshold, worst);
	if (o->base_runs > 1)
		printf(" (the run as the unit: %d good runs)", o->base_runs);
	printf("\n  step run: %s\n", dir);
out:
	if (ng.cases)
		fl_rundoc_group_free(&ng);
	fl_rundoc_free(&nd);
	return ret;
}

static const struct option own[] = {
	FL_CMP_LONGOPTS,
	{ "good", required_argument, NULL, O_GOOD },
	{ "metric", required_argument, NULL, O_METRIC },
	{ "key", required_argument, NULL, O_KEY },
	{ "output", required_argument, NULL, 'o' },
	{ "kernel", required_argument, NULL, O_KERNEL },
	{ "accel", required_argument, NULL, O_ACCEL },
	{ "append", required_argument, NULL, O_APPEND },
	{ "vm-arg", required_argument, NULL, O_VMARG },
	{ "seed", required_argument, NULL, O_SEED },
	{ "set", required_argument, NULL, O_SET },
	{ "help", no_argument, NULL, 'h' },
};
#define OWN_NR	(int)(sizeof(own) / sizeof(own[0]))

static void step_option(struct step *s, int opt, const char *arg)
{
	switch (opt) {
	case O_GOOD:
		if (s->ngood == 16)
			fl_usage_error("bisect-step: too many --good");
		s->goods[s->ngood++] = arg;
		s->good = s->goods[0];
		break;
	case O_METRIC: s->wl = arg; break;
	case O_KEY: s->key_glob = arg; break;
	case 'o': s->outdir = arg; break;
	case O_KERNEL: s->kernel = arg; break;
	case O_ACCEL:
		if (vm_accel_parse(arg) < 0)
			fl_usage_error("bisect-step: --accel is auto, kvm or "
				       "tcg, not '%s'", arg);
		s->accel = arg;
		break;
	case O_APPEND: s->append = arg; break;
	case O_VMARG:
		if (s->nvmargs == 16)
			fl_usage_error("bisect-step: too many --vm-arg");
		s->vmargs[s->nvmargs++] = arg;
		break;
	case O_SEED:
		fl_arg_u64("--seed", arg);
		s->seed = arg;
		break;
	case O_SET: s->set = arg; break;
	}
}

static void parse(int argc, char **argv, struct step *s,
		  struct fl_cmp_opts *o)
{
	struct option opts[OWN_NR + FL_CO_NR + 1];
	char shortopts[64] = "o:h", err[256], *slash;
	int opt, id;

	memcpy(opts, own, sizeof(own));
	fl_caseopts_getopt(opts, OWN_NR, shortopts, sizeof(shortopts));
	fl_caseopts_default(&s->ov);
	while ((opt = fl_getopt("bisect-step", argc, argv, shortopts,
				 opts)) != -1) {
		if (opt >= FL_CMP_OPT_FIRST && opt <= FL_CMP_OPT_LAST) {
			fl_cmp_option(o, opt, optarg);
			continue;
		}
		if (opt == 'h') {
			fputs(usage, stdout);
			exit(0);
		}
		id = fl_caseopt_of(opt);
		if (id < 0)
			step_option(s, opt, optarg);
		else if (fl_caseopt_set(&s->ov, id, optarg, NULL, err,
					sizeof(err)))
			fl_usage_error("bisect-step: %s", err);
	}
	if (optind < argc)
		fl_usage_error("bisect-step: unexpected argument '%s'",
			       argv[optind]);
	if (!s->good || !s->wl)
		fl_usage_error("bisect-step: needs --good RUN and --metric "
			       "WORKLOAD/METRIC");
	s->wl = strdup(s->wl);
	slash = strchr(s->wl, '/');
	if (!slash || slash == s->wl || !slash[1])
		fl_usage_error("bisect-step: --metric '%s' is not "
			       "WORKLOAD/METRIC", s->wl);
	*slash = 0;
	s->metric = slash + 1;
	s->status = !strcmp(s->metric, "status");
	if (s->ngood == 2)
		fl_usage_error("bisect-step: --good: one run, or at least 3 "
			       "(two cannot show how far runs spread)");
	/* a metric needs reps to compare; a status does not */
	if (!s->status && (s->ov.set & (1u << FL_CO_reps)) &&
	    s->ov.reps != FL_REPS_AUTO && s->ov.reps < 3)
		fl_usage_error("bisect-step: --reps: at least 3 for a verdict");
	if (s->kernel && access(s->kernel, R_OK))
		fl_usage_error("bisect-step: --kernel %s: cannot read it",
			       s->kernel);
}

/*
 * An override of --cpus, --mem or --perf that makes the step measure
 * unlike the good run (fl_measure_unlike()) would make every step differ for
 * the harness's sake, not the kernel's: refuse it before running.
 */
static void check_alike(const struct fl_rcase *gc, const struct step *s)
{
	const char *good[FL_MEASURE_NR], *step[FL_MEASURE_NR], *opt;
	struct fl_caseopts o = gc->o;
	char why[FL_UNLIKE_LEN];

	fl_caseopts_merge(&o, &s->ov);
	fl_measure_of(&gc->o, good);
	fl_measure_of(&o, step);
	opt = fl_measure_unlike(good, step, why, sizeof(why));
	if (opt)
		fl_usage_error("bisect-step: --%s %s (good run, step): the step "
			       "must measure alike", opt, why);
}

int cmd_bisect_step(int argc, char **argv)
{
	struct step s = { .outdir = "results/bisect" };
	struct fl_cmp_opts o;
	const struct fl_rcase *gc;
	struct fl_rundoc gd[16], gg;
	struct fl_args av = { 0 };
	char err[512], name[128], *dir;
	time_t now = time(NULL);
	int rc, i;

	/* git bisect run takes 1..127 but 125 for bad: stop it instead */
	fl_usage_exit = STEP_ERROR;
	fl_cmp_opts_default(&o);
	parse(argc, argv, &s, &o);
	for (i = 0; i < s.ngood; i++)
		if (fl_rundoc_load(s.goods[i], &gd[i], err, sizeof(err)))
			fl_usage_error("bisect-step: %s", err);
	if (s.ngood > 1) {
		if (fl_rundoc_group(gd, s.ngood, true, &gg, err, sizeof(err)))
			fl_usage_error("bisect-step: --good: %s", err);
		o.base_runs = s.ngood;
	}
	gc = pick(s.ngood > 1 ? &gg : &gd[0], &s);
	if (!s.status && !fl_case_metric(gc, s.metric))
		fl_usage_error("bisect-step: no metric %s", s.metric);
	if (!s.status)
		check_alike(gc, &s);

	strftime(name, sizeof(name), "step-%Y%m%d-%H%M%S", gmtime(&now));
	snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%d",
		 (int)getpid());
	if (mkdir(s.outdir, 0777) && access(s.outdir, W_OK))
		fl_die(STEP_ERROR, "bisect-step: cannot use %s", s.outdir);
	build_argv(&av, &s, &gd[0], gc, name);
	rc = spawn(&av);
	fl_args_free(&av);
	if (asprintf(&dir, "%s/%s", s.outdir, name) < 0)
		abort();
	if (rc < 0 || rc == 127)
		fl_die(STEP_ERROR, "bisect-step: cannot start %s", fl_self);
	if (rc == FL_EXIT_USAGE)
		fl_die(STEP_ERROR, "bisect-step: the step run rejected its "
		       "arguments (exit 2); see above");
	if (s.kernel && rc == VM_NOBOOT) {
		printf("skip: %s did not boot\n", s.kernel);
		rc = STEP_SKIP;
	} else if (rc >= 128) {
		fl_die(STEP_ERROR, "bisect-step: the step run died (exit %d)",
		       rc);
	} else {
		rc = verdict(&s, &o, gc, dir);
	}
	fflush(stdout);
	if (s.ngood > 1)
		fl_rundoc_group_free(&gg);
	for (i = 0; i < s.ngood; i++)
		fl_rundoc_free(&gd[i]);
	free(dir);
	free((void *)s.wl);	/* parse()'s copy; s.metric is in it */
	return rc;
}
