// SPDX-License-Identifier: GPL-2.0
/*
 * compare.c - `faultline compare BASE NEW [NEW...]`: the regression
 * gate. Exit 0 when nothing regressed, 1 on a regression or an
 * ok -> not ok case, 2 on bad usage or a run that cannot be read.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compare.h"
#include "group.h"

#define EXIT_UNREADABLE	FL_EXIT_USAGE

static const char usage[] =
	"usage: faultline compare [OPTIONS] BASE NEW [NEW...]\n"
	"       faultline compare --runs K [OPTIONS] BASE1..BASEK NEW1..NEWK "
	"[...]\n"
	"       faultline compare --base-runs K [OPTIONS] BASE1..BASEK NEW "
	"[NEW...]\n"
	"\n"
	"Compare run directories (each holding result.json) case by case:\n"
	"cases match on workload, parameters, mode and task count. For every\n"
	"metric: base and new mean (harmonic for rates, arithmetic where lower\n"
	"is better), %stddev (CoV), min..max, %change (positive is better),\n"
	"the p-value and a mark. A change is significant when the test gives\n"
	"p < alpha AND |%change| >= threshold. A side with CoV above the limit\n"
	"is 'unstable' (never a regression) until it has the reps the power\n"
	"estimate asks for (the mark says how many: -r N), unless the two\n"
	"sides' ranges do not overlap (the kernel test robot's rule).\n"
	"With --runs K, each side is K runs of one kernel and the run is the\n"
	"unit: a metric's values are the runs' means, so that how far the\n"
	"level moves between runs enters the verdict, which the reps of one\n"
	"run cannot show (docs/compare.md). With --base-runs K, BASE is K\n"
	"runs and each NEW one run, judged by Student's prediction test on\n"
	"the spread of BASE's run means. Otherwise the rep is the unit.\n"
	"A noisy case says where its noise came from: 'outside' (reps\n"
	"disturbed by run-queue wait or steal) or 'workload'.\n"
	"A case whose sides ran with another --perf, --cpus or --mem is\n"
	"measured unlike: its changes are marked 'unlike', never called.\n"
	"\n"
	"options:\n"
	FL_CMP_HELP
	"  --key GLOB        only cases whose key or workload matches\n"
	"  --metric LIST     only these metrics (comma separated)\n"
	"  --runs K          K run directories a side, the run as the unit\n"
	"                    (K >= 3 for a verdict; default 1)\n"
	"  --base-runs K     BASE is the first K run directories, each NEW one\n"
	"                    run, judged against the spread of BASE's runs\n"
	"                    (K >= 3; the nightly job's gate)\n"
	"  --json            print JSON instead of the table\n"
	"  --markdown        print markdown instead of the table\n"
	"  --csv             print CSV instead: a row per case, NEW run and\n"
	"                    metric, the numbers of --json, exact\n"
	"  -h, --help        this text\n"
	"\n"
	"exit: 0 no regression, 1 a gated metric regressed or a case went\n"
	"from ok to not ok (fail, error, crash, timeout), 2 bad usage\n"
	"or a run directory that cannot be read.\n";

enum { OUT_TEXT, OUT_JSON, OUT_MD, OUT_CSV };

struct loader {
	char **paths;
	struct fl_rundoc *docs;
	char (*err)[512];
	int *failed;
	int n, next;
	pthread_mutex_t lock;
};

static void *load_some(void *arg)
{
	struct loader *l = arg;
	int i;

	for (;;) {
		pthread_mutex_lock(&l->lock);
		i = l->next++;
		pthread_mutex_unlock(&l->lock);
		if (i >= l->n)
			return NULL;
		l->failed[i] = fl_rundoc_load(l->paths[i], &l->docs[i],
					      l->err[i], sizeof(l->err[i]));
	}
}

/* Parsing JSON is most of compare's time: load on every CPU. */
static void load_all(char **paths, struct fl_rundoc *docs, int n)
{
	struct loader l = {
		.paths = paths, .docs = docs, .n = n,
		.lock = PTHREAD_MUTEX_INITIALIZER,
	};
	pthread_t tid[8];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus, i;

	if (nt > n)
		nt = n;
	l.err = calloc(n, sizeof(*l.err));
	l.failed = calloc(n, sizeof(*l.failed));
	for (i = 1; i < nt; i++)
		if (pthread_create(&tid[i], NULL, load_some, &l))
			nt = i;
	load_some(&l);
	for (i = 1; i < nt; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < n; i++)
		if (l.failed[i])
			fl_die(EXIT_UNREADABLE, "compare: %s", l.err[i]);
	free(l.err);
	free(l.failed);
}

/*
 * The sides of the comparison (group.h): BASE the first `first` runs,
 * then every `each` runs one NEW side (--runs K: K and K; --base-runs
 * K: K and 1, a NEW run's values its mean); with one run a side, the
 * runs themselves. BASE's runs may have run other kernels only with
 * --base-runs (earlier nights).
 */
static struct fl_rundoc *group_sides(struct fl_rundoc *docs, int n,
				     int first, int each, int *ns)
{
	struct fl_rundoc *g;
	char err[512];
	int i, at;

	*ns = 1 + (n - first) / each;
	if (first == 1 && each == 1)
		return docs;
	g = calloc(*ns, sizeof(*g));
	if (!g)
		fl_die(EXIT_UNREADABLE, "compare: out of memory");
	for (i = 0, at = 0; i < *ns; at += i ? each : first, i++)
		if (fl_rundoc_group(docs + at, i ? each : first,
				    i || first == each, &g[i], err, sizeof(err)))
			fl_usage_error("compare: %s %d: %s", first == each ?
				       "--runs" : "--base-runs", first, err);
	return g;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		FL_CMP_LONGOPTS,
		{ "key", required_argument, NULL, 'k' },
		{ "metric", required_argument, NULL, 'M' },
		{ "runs", required_argument, NULL, 'R' },
		{ "base-runs", required_argument, NULL, 'B' },
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'D' },
		{ "csv", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fl_cmp_opts o;
	struct fl_rundoc *docs, *sides;
	struct fl_cmp c;
	int opt, out = OUT_TEXT, i, n, ns, ret;

	fl_cmp_opts_default(&o);
	while ((opt = fl_getopt("compare", argc, argv, "h",
				 longopts)) != -1) {
		if (opt >= FL_CMP_OPT_FIRST && opt <= FL_CMP_OPT_LAST) {
			fl_cmp_option(&o, opt, optarg);
			continue;
		}
		switch (opt) {
		case 'k': o.key_glob = optarg; break;
		case 'M': o.metrics = optarg; break;
		case 'R':
			o.runs = fl_arg_long("--runs", optarg, 1, 1000);
			break;
		case 'B':
			o.base_runs = fl_arg_long("--base-runs", optarg, 1,
						   1000);
			break;
		case 'j': out = OUT_JSON; break;
		case 'D': out = OUT_MD; break;
		case 'C': out = OUT_CSV; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	n = argc - optind;
	if (o.runs > 1 && o.base_runs > 1)
		fl_usage_error("compare: --runs and --base-runs do not go "
			       "together");
	if (o.base_runs > 1 && n < o.base_runs + 1)
		fl_usage_error("compare: --base-runs %d needs %d BASE runs and "
			       "at least one NEW run", o.base_runs, o.base_runs);
	if (n < 2 * o.runs)
		fl_usage_error("compare: needs BASE and at least one NEW run "
			       "directory%s", o.runs > 1 ? ", --runs each" : "");
	if (n % o.runs)
		fl_usage_error("compare: --runs %d: %d run directories are not "
			       "sides of %d", o.runs, n, o.runs);
	docs = calloc(n, sizeof(*docs));
	load_all(argv + optind, docs, n);
	for (i = 0; i < n; i++)
		fl_warn_unfinished(docs[i].dir, docs[i].status);

	sides = o.base_runs > 1 ? group_sides(docs, n, o.base_runs, 1, &ns) :
		group_sides(docs, n, o.runs, o.runs, &ns);
	fl_cmp_build(&c, &o, &sides[0], &sides[1], ns - 1);
	if (out == OUT_JSON)
		fl_cmp_print_json(&c, stdout);
	else if (out == OUT_MD)
		fl_cmp_print_markdown(&c, stdout);
	else if (out == OUT_CSV)
		fl_cmp_print_csv(&c, stdout);
	else
		fl_cmp_print_text(&c, stdout);
	ret = fl_cmp_status(&c);
	fl_cmp_free(&c);
	if (sides != docs) {
		for (i = 0; i < ns; i++)
			fl_rundoc_group_free(&sides[i]);
		free(sides);
	}
	for (i = 0; i < n; i++)
		fl_rundoc_free(&docs[i]);
	free(docs);
	return ret;
}
