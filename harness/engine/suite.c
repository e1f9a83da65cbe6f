// SPDX-License-Identifier: GPL-2.0
/*
 * suite.c - case options, suite files and the expansion of one workload
 * spec into cases: every mode times every task count.
 *
 * A suite file has one spec per line, `WORKLOAD[:KEY=VAL,...] [OPTIONS]`,
 * OPTIONS being the case options (caseopt.h), anywhere on the line.
 * '#' starts a comment. Options given on the command line win.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caseopt.h"
#include "run.h"

static struct fl_case *grow(struct fl_caselist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->c = realloc(l->c, l->cap * sizeof(*l->c));
	}
	memset(&l->c[l->n], 0, sizeof(l->c[0]));
	return &l->c[l->n++];
}

/*
 * The case with key, or NULL. A key is a case's identity in the result
 * document and in history (UNIQUE): it must not be there twice.
 */
static struct fl_case *find_key(struct fl_caselist *l, const char *key)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->c[i].key, key))
			return &l->c[i];
	return NULL;
}

/* The first case option (but tasks and mode) a and b differ in, or -1. */
static int opts_differ(const struct fl_caseopts *a,
		       const struct fl_caseopts *b)
{
	char x[FL_CO_STRLEN], y[FL_CO_STRLEN];
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		if (id == FL_CO_tasks || id == FL_CO_mode)
			continue;
		fl_caseopt_text(a, id, x, sizeof(x));
		fl_caseopt_text(b, id, y, sizeof(y));
		if (strcmp(x, y))
			return id;
	}
	return -1;
}

int fl_cases_add(struct fl_caselist *l, const char *spec,
		 const struct fl_caseopts *o, const struct fl_topo *t,
		 uint64_t run_seed, char *err, size_t errlen)
{
	struct fl_case proto = { .o = *o };
	char ident[sizeof(proto.spec)];
	int mode, n, i, counts[2 * FL_CO_STRLEN], ncounts;

	if (fl_params_parse(&proto, spec, err, errlen))
		return -1;
	/* the key leaves hidden (bench-only) parameters out: params.c */
	fl_params_ident(&proto, ident, sizeof(ident));
	/*
	 * a -t list is under FL_CO_STRLEN bytes, and an item of n bytes
	 * gives at most 11 counts for 8 bytes ("1..1024,")
	 */
	ncounts = fl_tasks_expand(o->tasks, t->pus > 0 ? t->pus : 1, counts,
				  2 * FL_CO_STRLEN);
	for (mode = FL_MODE_THREADS; mode <= FL_MODE_PROCESSES; mode++) {
		if (o->mode != mode && o->mode != FL_MODE_BOTH)
			continue;
		for (i = 0; i < ncounts; i++) {
			struct fl_case *c, *dup;
			char key[sizeof(c->key)];

			n = counts[i];
			snprintf(key, sizeof(key), "%s|%s|%d", ident,
				 fl_mode_names[mode], n > 0 ? n : 1);
			dup = find_key(l, key);
			if (dup && (opts_differ(&dup->o, o) >= 0 ||
				    strcmp(dup->spec, proto.spec))) {
				snprintf(err, errlen, "case %s given twice with "
					 "different %s", key,
					 strcmp(dup->spec, proto.spec) ?
					 "bench parameters" : "options");
				fl_case_free_params(&proto);
				return -1;
			}
			if (dup) {	/* e.g. -t 1,max on one CPU: run it once */
				fprintf(stderr, "faultline: note: case %s given "
					"twice, run once\n", key);
				continue;
			}
			c = grow(l);
			*c = proto;
			fl_case_dup_params(c);
			c->tasks = n > 0 ? n : 1;
			c->processes = mode == FL_MODE_PROCESSES;
			snprintf(c->key, sizeof(c->key), "%s|%s|%d", ident,
				 fl_mode_names[mode], c->tasks);
			fl_params_label(c, c->label, sizeof(c->label));
			snprintf(c->label + strlen(c->label),
				 sizeof(c->label) - strlen(c->label), "|%s|%d",
				 fl_mode_names[mode], c->tasks);
			c->seed = fl_hash64(run_seed, c->key);
		}
	}
	fl_case_free_params(&proto);
	return 0;
}

void fl_caselist_free(struct fl_caselist *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		fl_case_free_params(&l->c[i]);
	free(l->c);
	l->c = NULL;
	l->n = l->cap = 0;
}

/* Split a line into words; returns the count (argv holds them all). */
static int split(char *line, char **argv)
{
	int n = 0;

	while (*line) {
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
	return n;
}

static int load_line(struct fl_caselist *l, char *line,
		     const struct fl_caseopts *cli, const struct fl_topo *t,
		     uint64_t seed, char *err, size_t errlen)
{
	struct fl_caseopts o = *cli;
	/* a word takes two bytes at least: no line has more words */
	int max = strlen(line) / 2 + 1, argc, n, i, ret = -1;
	char **argv = calloc(2 * max, sizeof(*argv)), **specs = argv + max;

	if (!argv)
		abort();
	argc = split(line, argv);
	n = fl_caseopts_words(&o, argc, argv, t, specs, max, err, errlen);
	if (n < 0)
		goto out;
	fl_caseopts_merge(&o, cli);	/* the command line wins */
	for (i = 0; i < n; i++)
		if (fl_cases_add(l, specs[i], &o, t, seed, err, errlen))
			goto out;
	ret = 0;
out:
	free(argv);
	return ret;
}

int fl_suite_load(struct fl_caselist *l, const char *path,
		  const struct fl_caseopts *cli, const struct fl_topo *t,
		  uint64_t run_seed, char *err, size_t errlen)
{
	char *line = NULL, alt[512], msg[256];
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	int lineno = 0, ret = 0;

	if (!f && !strchr(path, '/')) {
		snprintf(alt, sizeof(alt), "configs/%s.suite", path);
		f = fopen(alt, "r");
	}
	if (!f) {
		snprintf(err, errlen, "cannot read suite '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	/* /dev/zero would be read forever, a directory as an empty suite */
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "suite '%s' is not a regular file", path);
		fclose(f);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (strlen(line) != (size_t)len) {
			snprintf(msg, sizeof(msg), "a NUL byte in the line");
			ret = -1;
		} else {
			ret = load_line(l, line, cli, t, run_seed, msg,
					sizeof(msg));
		}
		if (ret) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			break;
		}
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}
