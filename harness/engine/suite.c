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

int fl_cases_add(struct fl_caselist *l, const char *spec,
		 const struct fl_caseopts *o, const struct fl_topo *t,
		 uint64_t run_seed, char *err, size_t errlen)
{
	struct fl_case proto = { .o = *o };
	char buf[64], *tok, *save;
	int mode, n;

	if (fl_params_parse(&proto, spec, err, errlen))
		return -1;
	for (mode = FL_MODE_THREADS; mode <= FL_MODE_PROCESSES; mode++) {
		if (o->mode != mode && o->mode != FL_MODE_BOTH)
			continue;
		snprintf(buf, sizeof(buf), "%s", o->tasks);
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			struct fl_case *c = grow(l);
			long long v = 1;	/* checked by caseopt.c */

			fl_parse_int(tok, 1, FL_MAX_TASKS, &v);
			n = strcmp(tok, "max") ? (int)v : t->pus;
			*c = proto;
			fl_case_dup_params(c);
			c->tasks = n > 0 ? n : 1;
			c->processes = mode == FL_MODE_PROCESSES;
			snprintf(c->key, sizeof(c->key), "%s|%s|%d", c->spec,
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

/* Split a line into words; returns the count (at most max). */
static int split(char *line, char **argv, int max)
{
	int n = 0;

	while (*line && n < max) {
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
	char *argv[64], *specs[64];
	int argc = split(line, argv, 64), n, i;

	n = fl_caseopts_words(&o, argc, argv, t, specs, 64, err, errlen);
	if (n < 0)
		return -1;
	fl_caseopts_merge(&o, cli);	/* the command line wins */
	for (i = 0; i < n; i++)
		if (fl_cases_add(l, specs[i], &o, t, seed, err, errlen))
			return -1;
	return 0;
}

int fl_suite_load(struct fl_caselist *l, const char *path,
		  const struct fl_caseopts *cli, const struct fl_topo *t,
		  uint64_t run_seed, char *err, size_t errlen)
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
		if (load_line(l, line, cli, t, run_seed, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}
