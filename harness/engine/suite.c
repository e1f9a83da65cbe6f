// SPDX-License-Identifier: GPL-2.0
/*
 * suite.c - case options, suite files and the expansion of one workload
 * spec into cases: every mode times every task count.
 *
 * A suite file has one spec per line, `WORKLOAD[:KEY=VAL,...] [OPTIONS]`,
 * OPTIONS being -t -m -d -w -r --cpus --mem --timeout. '#' starts a
 * comment. Options given on the command line win over a line's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

const char fl_case_shortopts[] = "t:m:d:w:r:";
const struct option fl_case_longopts[] = {
	{ "tasks",	required_argument, NULL, 't' },
	{ "mode",	required_argument, NULL, 'm' },
	{ "duration",	required_argument, NULL, 'd' },
	{ "warmup",	required_argument, NULL, 'w' },
	{ "reps",	required_argument, NULL, 'r' },
	{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "cpus",	required_argument, NULL, OPT_CPUS },
	{ "mem",	required_argument, NULL, OPT_MEM },
	{ NULL, 0, NULL, 0 },
};

void fl_caseopts_default(struct fl_caseopts *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->tasks, sizeof(o->tasks), "1,max");
	o->mode = FL_MODE_THREADS;
	o->duration = 5;
	o->warmup = 1;
	o->reps = 5;
	snprintf(o->cpus, sizeof(o->cpus), "compact");
	snprintf(o->mem, sizeof(o->mem), "default");
}

static int int_in(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int num_opt(const char *name, const char *arg, int lo, int hi, int *out,
		   char *err, size_t errlen)
{
	if (!int_in(arg, lo, hi, out))
		return 0;
	snprintf(err, errlen, "--%s: '%s' is not in %d..%d", name, arg, lo, hi);
	return -1;
}

static int check_tasks(const char *s)
{
	char buf[64], *tok, *save;
	int v;

	if (strlen(s) >= sizeof(buf) || !*s)
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, "max") && int_in(tok, 1, FL_MAX_TASKS, &v))
			return -1;
	return 0;
}

int fl_caseopt_set(struct fl_caseopts *o, int opt, const char *arg,
		   const struct fl_topo *t, char *err, size_t errlen)
{
	switch (opt) {
	case 't':
		if (check_tasks(arg))
			goto bad;
		snprintf(o->tasks, sizeof(o->tasks), "%s", arg);
		return 0;
	case 'm':
		if (!strcmp(arg, "threads"))
			o->mode = FL_MODE_THREADS;
		else if (!strcmp(arg, "processes"))
			o->mode = FL_MODE_PROCESSES;
		else if (!strcmp(arg, "both"))
			o->mode = FL_MODE_BOTH;
		else
			goto bad;
		return 0;
	case 'd':
		return num_opt("duration", arg, 1, 86400, &o->duration, err, errlen);
	case 'w':
		return num_opt("warmup", arg, 0, 3600, &o->warmup, err, errlen);
	case 'r':
		return num_opt("reps", arg, 1, 1000, &o->reps, err, errlen);
	case OPT_TIMEOUT:
		return num_opt("timeout", arg, 0, 864000, &o->timeout, err,
			       errlen);
	case OPT_CPUS:
		if (fl_placement_check(t, arg, "default", err, errlen))
			return -1;
		snprintf(o->cpus, sizeof(o->cpus), "%s", arg);
		return 0;
	case OPT_MEM:
		if (fl_placement_check(t, "none", arg, err, errlen))
			return -1;
		snprintf(o->mem, sizeof(o->mem), "%s", arg);
		return 0;
	}
	snprintf(err, errlen, "unknown option");
	return -1;
bad:
	snprintf(err, errlen, "--%s: bad value '%s'",
		 opt == 't' ? "tasks" : "mode", arg);
	return -1;
}

static struct fl_case *grow(struct fl_caselist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->c = realloc(l->c, l->cap * sizeof(*l->c));
	}
	memset(&l->c[l->n], 0, sizeof(l->c[0]));
	return &l->c[l->n++];
}

int fl_cases_add(struct fl_caselist *l, const char *spec,
		 const struct fl_caseopts *o, const struct fl_topo *t,
		 uint64_t run_seed, char *err, size_t errlen)
{
	struct fl_case proto = { .o = *o };
	char buf[64], *tok, *save;
	int mode, n;

	if (fl_params_parse(&proto, spec, err, errlen))
		return -1;
	for (mode = FL_MODE_THREADS; mode <= FL_MODE_PROCESSES; mode <<= 1) {
		if (!(o->mode & mode))
			continue;
		snprintf(buf, sizeof(buf), "%s", o->tasks);
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			struct fl_case *c = grow(l);

			n = strcmp(tok, "max") ? atoi(tok) : t->pus;
			*c = proto;
			c->tasks = n > 0 ? n : 1;
			c->processes = mode == FL_MODE_PROCESSES;
			snprintf(c->key, sizeof(c->key), "%s|%s|%d", c->spec,
				 c->processes ? "processes" : "threads",
				 c->tasks);
			fl_params_label(c, c->label, sizeof(c->label));
			snprintf(c->label + strlen(c->label),
				 sizeof(c->label) - strlen(c->label), "|%s|%d",
				 c->processes ? "processes" : "threads",
				 c->tasks);
			c->seed = fl_hash64(run_seed, c->key);
		}
	}
	return 0;
}

/* Split a line into words; returns the count (at most max - 1). */
static int split(char *line, char **argv, int max)
{
	int n = 0;

	argv[n++] = "suite";
	while (*line && n < max - 1) {
		while (isspace((unsigned char)*line))
			line++;
		if (!*line || *line == '#')
			break;
		argv[n++] = line;
		while (*line && !isspace((unsigned char)*line))
			line++;
		if (*line)
			*line++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

static int load_line(struct fl_caselist *l, char *line,
		     const struct fl_caseopts *cli, unsigned int mask,
		     const struct fl_topo *t, uint64_t seed, char *err,
		     size_t errlen)
{
	static const int bit[] = {
		['t'] = FL_OPT_TASKS, ['m'] = FL_OPT_MODE,
		['d'] = FL_OPT_DURATION, ['w'] = FL_OPT_WARMUP,
		['r'] = FL_OPT_REPS,
	};
	struct fl_caseopts o = *cli;
	char *argv[64];
	int argc = split(line, argv, 64), opt, b;

	if (argc < 2)
		return 0;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, fl_case_shortopts,
				  fl_case_longopts, NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			snprintf(err, errlen, "bad option '%s'",
				 argv[optind - 1]);
			return -1;
		}
		b = opt < 128 ? bit[opt] : opt == OPT_TIMEOUT ? FL_OPT_TIMEOUT :
		    opt == OPT_CPUS ? FL_OPT_CPUS : FL_OPT_MEM;
		if (mask & b)
			continue;	/* the command line wins */
		if (fl_caseopt_set(&o, opt, optarg, t, err, errlen))
			return -1;
	}
	for (; optind < argc; optind++)
		if (fl_cases_add(l, argv[optind], &o, t, seed, err, errlen))
			return -1;
	return 0;
}

int fl_suite_load(struct fl_caselist *l, const char *path,
		  const struct fl_caseopts *cli, unsigned int mask,
		  const struct fl_topo *t, uint64_t run_seed, char *err,
		  size_t errlen)
{
	char line[1024], alt[512], msg[256];
	FILE *f = fopen(path, "r");
	int lineno = 0;

	if (!f && !strchr(path, '/')) {
		snprintf(alt, sizeof(alt), "configs/%s.suite", path);
		f = fopen(alt, "r");
	}
	if (!f) {
		snprintf(err, errlen, "cannot read suite '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (load_line(l, line, cli, mask, t, run_seed, msg,
			      sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}
