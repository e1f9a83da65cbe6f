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
#include "compare.h"

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
	"compare METRIC with compare's rule and exit:\n"
	"  0    good: no significant regression\n"
	"  1    bad: a significant regression, or the case went from ok to\n"
	"       fail, crash or timeout\n"
	"  125  skip: too noisy for the reps taken (unstable), the image did\n"
	"       not boot, or the case could not run (error, skip)\n"
	"  128+ harness error: git bisect run stops\n"
	"Bad usage exits 2, which git bisect would take for 'bad': try the\n"
	"command once by hand first (ci/bisect.sh does).\n"
	"\n"
	"options:\n"
	"  --good RUN        run directory of a good kernel (result.json)\n"
	"  --metric W/M      workload and metric, e.g. giant_vma/faults_per_sec\n"
	"  --key GLOB        which case of W, when RUN has several\n"
	FL_CMP_HELP
	"  -o, --output DIR  where step runs go (default results/bisect)\n"
	"  --kernel IMAGE    boot IMAGE with `faultline vm` and run there\n"
	"  --accel A         passed to faultline vm (auto, kvm, tcg)\n"
	"  --append ARGS     passed to faultline vm: kernel command line\n"
	"  --vm-arg ARG      any other faultline vm option (repeatable)\n"
	"  --set K=V,...     change workload parameters of the step run (a toy\n"
	"                    history can select a configuration this way)\n"
	"run options (override the good case's): -t N -m MODE -d SEC -w SEC\n"
	"  -r N --cpus P --mem P --timeout SEC --seed N\n"
	"  -h, --help        this text\n";

enum {
	O_GOOD = 0x200, O_METRIC, O_KEY, O_KERNEL, O_ACCEL, O_APPEND,
	O_VMARG, O_CPUS, O_MEM, O_TIMEOUT, O_SEED, O_SET,
};

struct step {
	const char *good, *wl, *metric, *key_glob, *outdir, *kernel;
	const char *accel, *append;
	const char *vmargs[16];
	int nvmargs;
	/* overrides, NULL when not given */
	const char *tasks, *mode, *dur, *warm, *reps, *cpus, *mem, *tmo;
	const char *seed;
	const char *set;		/* --set K=V,...: override parameters */
};

/* The one ok case of the good run that has the metric. */
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
		if (c->st != FL_ST_OK || !fl_case_metric(c, s->metric))
			continue;
		found = c;
		hits++;
	}
	if (!wl)
		fl_usage_error("bisect-step: %s has no %s case", d->dir, s->wl);
	if (!hits)
		fl_usage_error("bisect-step: no ok %s case with metric %s in %s",
			       s->wl, s->metric, d->dir);
	if (hits > 1)
		fl_usage_error("bisect-step: %d %s cases in %s; pick one with "
			       "--key GLOB", hits, s->wl, d->dir);
	return found;
}

static char *fmt_num(double v)
{
	char *s;

	if (asprintf(&s, "%g", v) < 0)
		abort();
	return s;
}

/*
 * WORKLOAD:K=V,... with the K=V pairs of `set` replacing or added to
 * those of `spec`. Leaked, like the rest of the argv.
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

/* argv for `faultline [vm ... --] run ...`; strings are leaked. */
static char **build_argv(const struct step *s, const struct fl_rundoc *d,
			 const struct fl_rcase *c, const char *name)
{
	char **a = calloc(64 + s->nvmargs, sizeof(*a)), *seed, *t;
	int n = 0, i;

	a[n++] = (char *)fl_self;
	if (s->kernel) {
		a[n++] = "vm";
		a[n++] = "--kernel";
		a[n++] = (char *)s->kernel;
		a[n++] = "-o";
		a[n++] = (char *)s->outdir;
		a[n++] = "-n";
		a[n++] = (char *)name;
		if (s->accel) {
			a[n++] = "--accel";
			a[n++] = (char *)s->accel;
		}
		if (s->append) {
			a[n++] = "--append";
			a[n++] = (char *)s->append;
		}
		for (i = 0; i < s->nvmargs; i++)
			a[n++] = (char *)s->vmargs[i];
		a[n++] = "--";
	} else {
		a[n++] = "run";
		a[n++] = "-o";
		a[n++] = (char *)s->outdir;
		a[n++] = "-n";
		a[n++] = (char *)name;
	}
	if (asprintf(&seed, "%llu", d->seed) < 0 ||
	    asprintf(&t, "%d", c->tasks) < 0)
		abort();
	a[n++] = "--seed";
	a[n++] = (char *)(s->seed ?: seed);
	a[n++] = "-t";
	a[n++] = (char *)(s->tasks ?: t);
	a[n++] = "-m";
	a[n++] = (char *)(s->mode ?: c->mode ?: "threads");
	a[n++] = "-d";
	a[n++] = s->dur ? (char *)s->dur : fmt_num(c->duration);
	a[n++] = "-w";
	a[n++] = s->warm ? (char *)s->warm : fmt_num(c->warmup);
	a[n++] = "-r";
	a[n++] = s->reps ? (char *)s->reps : fmt_num(c->reps);
	if (s->cpus || c->cpus) {
		a[n++] = "--cpus";
		a[n++] = (char *)(s->cpus ?: c->cpus);
	}
	if (s->mem || c->mem) {
		a[n++] = "--mem";
		a[n++] = (char *)(s->mem ?: c->mem);
	}
	if (s->tmo || c->timeout > 0) {
		a[n++] = "--timeout";
		a[n++] = s->tmo ? (char *)s->tmo : fmt_num(c->timeout);
	}
	a[n++] = s->set ? with_set(c->spec, s->set) : c->spec;
	a[n] = NULL;
	return a;
}

/* Run it with stdout on our stderr; returns the exit status or 128+sig. */
static int spawn(char **argv)
{
	pid_t pid;
	int st, i;

	fprintf(stderr, "bisect-step:");
	for (i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fprintf(stderr, "\n");
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
	const struct fl_rcase *nc;
	const struct fl_rmetric *gm, *nm;
	struct fl_decision d;
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
		ret = bad ? STEP_BAD : STEP_SKIP;
		goto out;
	}
	gm = fl_case_metric(gc, s->metric);
	nm = fl_case_metric(nc, s->metric);
	if (!nm) {
		printf("skip: the step run has no metric %s\n", s->metric);
		ret = STEP_SKIP;
		goto out;
	}
	fl_decide(&o->rule, gm->higher_better, gm->reps, gm->n, nm->reps,
		  nm->n, &d);
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
	if (d.verdict == FL_UNSTABLE)
		printf(" unstable: needs -r %d", d.reps_needed);
	printf("\n  step run: %s\n", dir);
out:
	fl_rundoc_free(&nd);
	return ret;
}

static void parse(int argc, char **argv, struct step *s,
		  struct fl_cmp_opts *o)
{
	static const struct option longopts[] = {
		FL_CMP_LONGOPTS,
		{ "good", required_argument, NULL, O_GOOD },
		{ "metric", required_argument, NULL, O_METRIC },
		{ "key", required_argument, NULL, O_KEY },
		{ "output", required_argument, NULL, 'o' },
		{ "kernel", required_argument, NULL, O_KERNEL },
		{ "accel", required_argument, NULL, O_ACCEL },
		{ "append", required_argument, NULL, O_APPEND },
		{ "vm-arg", required_argument, NULL, O_VMARG },
		{ "tasks", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'm' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "reps", required_argument, NULL, 'r' },
		{ "cpus", required_argument, NULL, O_CPUS },
		{ "mem", required_argument, NULL, O_MEM },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "seed", required_argument, NULL, O_SEED },
		{ "set", required_argument, NULL, O_SET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *slash;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:t:m:d:w:r:h", longopts,
				  NULL)) != -1) {
		if (opt >= FL_CMP_OPT_FIRST && opt <= FL_CMP_OPT_LAST) {
			fl_cmp_option(o, opt, optarg);
			continue;
		}
		switch (opt) {
		case O_GOOD: s->good = optarg; break;
		case O_METRIC: s->wl = optarg; break;
		case O_KEY: s->key_glob = optarg; break;
		case 'o': s->outdir = optarg; break;
		case O_KERNEL: s->kernel = optarg; break;
		case O_ACCEL: s->accel = optarg; break;
		case O_APPEND: s->append = optarg; break;
		case O_VMARG:
			if (s->nvmargs == 16)
				fl_usage_error("bisect-step: too many --vm-arg");
			s->vmargs[s->nvmargs++] = optarg;
			break;
		case 't': s->tasks = optarg; break;
		case 'm': s->mode = optarg; break;
		case 'd': s->dur = optarg; break;
		case 'w': s->warm = optarg; break;
		case 'r':
			fl_parse_long("-r", optarg, 3, 100000);
			s->reps = optarg;
			break;
		case O_CPUS: s->cpus = optarg; break;
		case O_MEM: s->mem = optarg; break;
		case O_TIMEOUT: s->tmo = optarg; break;
		case O_SEED: s->seed = optarg; break;
		case O_SET: s->set = optarg; break;
		case 'h': fputs(usage, stdout); exit(0);
		default:
			fl_usage_error("bisect-step: unknown or incomplete "
				       "option '%s' (try faultline bisect-step "
				       "--help)", argv[optind - 1]);
		}
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
	if (s->kernel && access(s->kernel, R_OK))
		fl_usage_error("bisect-step: --kernel %s: cannot read it",
			       s->kernel);
}

int cmd_bisect_step(int argc, char **argv)
{
	struct step s = { .outdir = "results/bisect" };
	struct fl_cmp_opts o;
	const struct fl_rcase *gc;
	struct fl_rundoc gd;
	char err[512], name[128], *dir, **av;
	time_t now = time(NULL);
	int rc;

	fl_cmp_opts_default(&o);
	parse(argc, argv, &s, &o);
	if (fl_rundoc_load(s.good, &gd, err, sizeof(err)))
		fl_usage_error("bisect-step: %s", err);
	gc = pick(&gd, &s);
	if (!fl_case_metric(gc, s.metric))
		fl_usage_error("bisect-step: no metric %s", s.metric);

	strftime(name, sizeof(name), "step-%Y%m%d-%H%M%S", gmtime(&now));
	snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%d",
		 (int)getpid());
	if (mkdir(s.outdir, 0777) && access(s.outdir, W_OK))
		fl_die(STEP_ERROR, "bisect-step: cannot use %s", s.outdir);
	av = build_argv(&s, &gd, gc, name);
	rc = spawn(av);
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
	fl_rundoc_free(&gd);
	return rc;
}
