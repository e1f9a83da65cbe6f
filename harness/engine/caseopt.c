// SPDX-License-Identifier: GPL-2.0
/* caseopt.c - the case option layer (caseopt.h), made from FL_CASEOPTS. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "caseopt.h"
#include "perf.h"
#include "placement.h"

#define FL_MODE_NAME(id, name)	name,
const char *const fl_mode_names[FL_MODE_NR + 1] = {
	FL_MODES(FL_MODE_NAME) NULL
};

enum co_type {
	CO_INT, CO_ENUM, CO_TASKS, CO_CPUS, CO_MEM, CO_PERF, CO_SWEEP
};

struct co_def {
	const char *name;
	int letter;
	const char *meta, *def, *help;
	enum co_type type;
	size_t off;
	long long lo, hi;
};

/* where a row's value goes: a SWEEP has no field, it sets tasks */
#define CO_OFF(f)		offsetof(struct fl_caseopts, f)
#define CO_OFF_INT		CO_OFF
#define CO_OFF_ENUM		CO_OFF
#define CO_OFF_TASKS		CO_OFF
#define CO_OFF_CPUS		CO_OFF
#define CO_OFF_MEM		CO_OFF
#define CO_OFF_PERF		CO_OFF
#define CO_OFF_SWEEP(f)		CO_OFF(tasks)
#define CO_ROW(f, type, nm, let, meta, def, lo, hi, help)		\
	[FL_CO_##f] = { nm, let, meta, def, help, CO_##type,		\
			CO_OFF_##type(f), lo, hi },
static const struct co_def defs[FL_CO_NR] = { FL_CASEOPTS(CO_ROW) };

static int *ival(struct fl_caseopts *o, int id)
{
	return (int *)((char *)o + defs[id].off);
}

static char *sval(struct fl_caseopts *o, int id)
{
	return (char *)o + defs[id].off;
}

/*
 * One item of a -t list, the one parser of it: N or max, or a range
 * A..B, a number A and B a number >= A or max. [*a, *b], max being
 * `max`; N is N..N. 0, or -1 if it is none of these.
 */
static int task_item_range(const char *item, long long max, long long *a,
			   long long *b)
{
	const struct co_def *d = &defs[FL_CO_tasks];
	const char *dots = strstr(item, "..");
	char first[24];

	if (!dots) {
		if (!strcmp(item, "max"))
			*a = max;
		else if (fl_parse_int(item, d->lo, d->hi, a))
			return -1;
		*b = *a;
		return 0;
	}
	if (dots - item >= (long)sizeof(first))
		return -1;
	snprintf(first, sizeof(first), "%.*s", (int)(dots - item), item);
	if (fl_parse_int(first, d->lo, d->hi, a))
		return -1;
	if (!strcmp(dots + 2, "max")) {
		*b = max;
		return 0;
	}
	return fl_parse_int(dots + 2, *a, d->hi, b);
}

static int task_item(const char *item, void *arg)
{
	long long a, b;

	return task_item_range(item, defs[FL_CO_tasks].hi, &a, &b);
}

int fl_tasks_expand(const char *list, int max, int *out, int cap)
{
	char buf[FL_CO_STRLEN], *tok, *save;
	long long a, b;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok && n < cap;
	     tok = strtok_r(NULL, ",", &save)) {
		if (task_item_range(tok, max, &a, &b))
			continue;	/* fl_caseopt_set() refused it */
		/* A, 2A, 4A, ... below B, then B */
		for (; a < b && n < cap; a *= 2)
			out[n++] = a;
		if (n < cap)
			out[n++] = b;
	}
	return n;
}

static int enum_set(const struct co_def *d, int *out, const char *arg,
		    char *err, size_t errlen)
{
	char names[128], hint[96];
	int i;

	for (i = 0; i < FL_MODE_NR; i++)
		if (!strcmp(arg, fl_mode_names[i])) {
			*out = i;
			return 0;
		}
	snprintf(err, errlen, "--%s: '%s' is not one of %s%s", d->name, arg,
		 fl_join(names, sizeof(names), fl_mode_names, FL_MODE_NR, "|"),
		 fl_did_you_mean(hint, sizeof(hint), arg, fl_mode_names,
				 FL_MODE_NR, ""));
	return -1;
}

static int place_check(const struct co_def *d, const char *arg,
		       const struct fl_topo *t, char *err, size_t errlen)
{
	char msg[256];
	int r;

	if (!t)
		return 0;
	r = d->type == CO_CPUS ?
	    fl_placement_check(t, arg, "default", msg, sizeof(msg)) :
	    fl_placement_check(t, "none", arg, msg, sizeof(msg));
	if (r)
		snprintf(err, errlen, "%s", msg);
	return r;
}

int fl_caseopt_set(struct fl_caseopts *o, int id, const char *arg,
		   const struct fl_topo *t, char *err, size_t errlen)
{
	const struct co_def *d = &defs[id];
	long long v;

	if (d->type == CO_SWEEP) {	/* -t 1..max */
		if (arg) {
			snprintf(err, errlen, "--%s takes no value", d->name);
			return -1;
		}
		snprintf(sval(o, id), 64, "%s", d->def);
		o->set |= 1u << FL_CO_tasks;
		return 0;
	}
	if (!arg) {
		snprintf(err, errlen, "--%s needs a value", d->name);
		return -1;
	}
	switch (d->type) {
	case CO_INT:
		if (id == FL_CO_reps && !strcmp(arg, "auto")) {
			v = FL_REPS_AUTO;
		} else if (fl_parse_int(arg, d->lo, d->hi, &v)) {
			snprintf(err, errlen,
				 "--%s: '%s' is not in %lld..%lld%s",
				 d->name, arg, d->lo, d->hi,
				 id == FL_CO_reps ? " or auto" : "");
			return -1;
		}
		*ival(o, id) = (int)v;
		break;
	case CO_ENUM:
		if (enum_set(d, ival(o, id), arg, err, errlen))
			return -1;
		break;
	case CO_PERF: {
		enum fl_perf_what w;
		const char *ev;

		if (strlen(arg) >= FL_CO_STRLEN ||
		    fl_perf_parse(arg, &w, &ev)) {
			snprintf(err, errlen, "--%s: '%s' is not stat, "
				 "stat=EVENT,... (at most %d), lock or none",
				 d->name, arg, FL_PERF_MAX_EVENTS);
			return -1;
		}
		goto copy;
	}
	case CO_TASKS:
		if (strlen(arg) >= FL_CO_STRLEN ||
		    fl_parse_list(arg, task_item, (void *)d)) {
			snprintf(err, errlen, "--%s: '%s' is not a list of "
				 "counts in %lld..%lld, max or ranges A..B",
				 d->name, arg, d->lo, d->hi);
			return -1;
		}
		goto copy;
	case CO_CPUS:
	case CO_MEM:
		if (strlen(arg) >= FL_CO_STRLEN) {
			snprintf(err, errlen, "--%s: '%s' is too long",
				 d->name, arg);
			return -1;
		}
		if (place_check(d, arg, t, err, errlen))
			return -1;
copy:
		snprintf(sval(o, id), FL_CO_STRLEN, "%s", arg);
		break;
	case CO_SWEEP:		/* done above */
		break;
	}
	o->set |= 1u << id;
	return 0;
}

void fl_caseopt_text(const struct fl_caseopts *o, int id, char *buf,
		     size_t len)
{
	struct fl_caseopts *w = (struct fl_caseopts *)o;

	switch (defs[id].type) {
	case CO_INT:
		if (id == FL_CO_reps && *ival(w, id) == FL_REPS_AUTO)
			snprintf(buf, len, "auto");
		else
			snprintf(buf, len, "%d", *ival(w, id));
		break;
	case CO_ENUM:
		snprintf(buf, len, "%s", fl_mode_names[*ival(w, id)]);
		break;
	case CO_SWEEP:		/* a flag: no value of its own */
		snprintf(buf, len, "%s", "");
		break;
	default:
		snprintf(buf, len, "%s", sval(w, id));
	}
}

void fl_caseopts_default(struct fl_caseopts *o)
{
	char err[256];
	int id;

	memset(o, 0, sizeof(*o));
	for (id = 0; id < FL_CO_NR; id++)
		if (defs[id].type != CO_SWEEP &&
		    fl_caseopt_set(o, id, defs[id].def, NULL, err,
				   sizeof(err)))
			abort();	/* a bad default is a bug */
	o->set = 0;
}

void fl_caseopts_merge(struct fl_caseopts *dst,
		       const struct fl_caseopts *src)
{
	struct fl_caseopts *s = (struct fl_caseopts *)src;
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		if (!(src->set & (1u << id)))
			continue;
		if (defs[id].type == CO_INT || defs[id].type == CO_ENUM)
			*ival(dst, id) = *ival(s, id);
		else
			memcpy(sval(dst, id), sval(s, id), FL_CO_STRLEN);
		dst->set |= 1u << id;
	}
}

int fl_caseopts_getopt(struct option *opts, int n, char *shortopts,
		       size_t len)
{
	size_t off = strlen(shortopts);
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		opts[n].name = defs[id].name;
		opts[n].has_arg = fl_caseopt_flag(id) ? no_argument :
				  required_argument;
		opts[n].flag = NULL;
		opts[n].val = defs[id].letter ?: FL_CO_OPTVAL + id;
		n++;
		if (defs[id].letter && off + 3 < len) {
			shortopts[off++] = defs[id].letter;
			shortopts[off++] = ':';
			shortopts[off] = 0;
		}
	}
	memset(&opts[n], 0, sizeof(opts[n]));
	return n;
}

int fl_caseopt_of(int opt)
{
	int id;

	if (opt >= FL_CO_OPTVAL && opt < FL_CO_OPTVAL + FL_CO_NR)
		return opt - FL_CO_OPTVAL;
	for (id = 0; id < FL_CO_NR; id++)
		if (defs[id].letter && defs[id].letter == opt)
			return id;
	return -1;
}

void fl_caseopts_help(FILE *f)
{
	char left[64];
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		const struct co_def *d = &defs[id];

		if (d->letter)
			snprintf(left, sizeof(left), "-%c, --%s %s",
				 d->letter, d->name, d->meta);
		else
			snprintf(left, sizeof(left), "    --%s %s", d->name,
				 d->meta);
		if (d->type == CO_SWEEP) {	/* a flag: no default */
			fprintf(f, "  %-20s  %s\n", left, d->help);
			continue;
		}
		/* 24 columns of names, the text within 79 */
		if (24 + strlen(d->help) + strlen(d->def) + 3 <= 79)
			fprintf(f, "  %-20s  %s [%s]\n", left, d->help, d->def);
		else
			fprintf(f, "  %-20s  %s\n%24s[%s]\n", left, d->help, "",
				d->def);
	}
}

bool fl_caseopt_flag(int id)
{
	return defs[id].type == CO_SWEEP;
}

int fl_caseopt_lookup(const char *w, const char **inline_val)
{
	size_t n;
	int id;

	*inline_val = NULL;
	if (w[0] != '-' || !w[1])
		return -1;
	if (w[1] != '-') {
		for (id = 0; id < FL_CO_NR; id++)
			if (defs[id].letter == w[1]) {
				*inline_val = w[2] ? w + 2 : NULL;
				return id;
			}
		return -1;
	}
	n = strcspn(w + 2, "=");
	for (id = 0; id < FL_CO_NR; id++)
		if (strlen(defs[id].name) == n &&
		    !strncmp(defs[id].name, w + 2, n)) {
			*inline_val = w[2 + n] ? w + 3 + n : NULL;
			return id;
		}
	return -1;
}

int fl_caseopts_words(struct fl_caseopts *o, int argc, char **argv,
		      const struct fl_topo *t, char **ops, int max,
		      char *err, size_t errlen)
{
	const char *val;
	int i, id, nops = 0;
	bool opts_done = false;

	for (i = 0; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--")) {
			opts_done = true;
			continue;
		}
		if (opts_done || argv[i][0] != '-') {
			if (nops == max) {
				snprintf(err, errlen, "too many operands");
				return -1;
			}
			ops[nops++] = argv[i];
			continue;
		}
		id = fl_caseopt_lookup(argv[i], &val);
		if (id < 0) {
			snprintf(err, errlen, "unknown option '%s'", argv[i]);
			return -1;
		}
		if (fl_caseopt_flag(id)) {
			if (fl_caseopt_set(o, id, val, t, err, errlen))
				return -1;
			continue;
		}
		if (!val && ++i == argc) {
			snprintf(err, errlen, "option '%s' needs a value",
				 argv[i - 1]);
			return -1;
		}
		if (fl_caseopt_set(o, id, val ?: argv[i], t, err, errlen))
			return -1;
	}
	return nops;
}

void fl_caseopts_json(const struct fl_caseopts *o, json_object *obj)
{
	struct fl_caseopts *w = (struct fl_caseopts *)o;
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		if (id == FL_CO_tasks || id == FL_CO_mode ||
		    fl_caseopt_flag(id))
			continue;
		char text[FL_CO_STRLEN];

		fl_caseopt_text(o, id, text, sizeof(text));
		/* an INT is a number, but for -r auto */
		json_object_object_add(obj, defs[id].name,
				       defs[id].type == CO_INT &&
				       strcmp(text, "auto") ?
				       json_object_new_int(*ival(w, id)) :
				       json_object_new_string(text));
	}
}

int fl_caseopts_from_json(struct fl_caseopts *o, json_object *obj,
			  char *err, size_t errlen)
{
	json_object *v;
	char text[FL_CO_STRLEN];
	int id;

	for (id = 0; id < FL_CO_NR; id++) {
		if (id == FL_CO_tasks || id == FL_CO_mode ||
		    fl_caseopt_flag(id) ||
		    !json_object_object_get_ex(obj, defs[id].name, &v) ||
		    json_object_is_type(v, json_type_null))
			continue;
		if (defs[id].type == CO_INT &&
		    !json_object_is_type(v, json_type_string))
			snprintf(text, sizeof(text), "%lld",
				 (long long)json_object_get_int64(v));
		else
			snprintf(text, sizeof(text), "%s",
				 json_object_get_string(v));
		if (fl_caseopt_set(o, id, text, NULL, err, errlen))
			return -1;
	}
	return 0;
}

void fl_args_add(struct fl_args *a, const char *fmt, ...)
{
	va_list ap;

	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? 2 * a->cap : 32;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			abort();
	}
	va_start(ap, fmt);
	if (vasprintf(&a->v[a->n], fmt, ap) < 0)
		abort();
	va_end(ap);
	a->v[++a->n] = NULL;
}

void fl_args_free(struct fl_args *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static void shell_word(FILE *f, const char *w)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz"
				   "0123456789_@%+=:,./-";

	if (*w && strspn(w, safe) == strlen(w)) {
		fputs(w, f);
		return;
	}
	fputc('\'', f);
	for (; *w; w++)
		if (*w == '\'')
			fputs("'\\''", f);
		else
			fputc(*w, f);
	fputc('\'', f);
}

char *fl_args_shell(const struct fl_args *a)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	int i;

	for (i = 0; i < a->n; i++) {
		if (i)
			fputc(' ', f);
		shell_word(f, a->v[i]);
	}
	fclose(f);
	return buf;
}

void fl_replay_args(struct fl_args *a, const struct fl_replay *r)
{
	char val[FL_CO_STRLEN];
	int id, i;

	fl_args_add(a, "--seed");
	fl_args_add(a, "%llu", (unsigned long long)r->seed);
	for (id = 0; id < FL_CO_NR; id++) {
		if (fl_caseopt_flag(id))
			continue;	/* the case's own -t says it */
		if (id == FL_CO_timeout && !r->o->timeout)
			continue;	/* derived: say nothing */
		fl_caseopt_text(r->o, id, val, sizeof(val));
		if (id == FL_CO_min_cpu_share && !strcmp(val, defs[id].def))
			continue;	/* only marks reps: keep lines short */
		if (id == FL_CO_perf && !strcmp(val, defs[id].def))
			continue;	/* off: keep lines short */
		if (id == FL_CO_max_reps && (r->o->reps != FL_REPS_AUTO ||
					     !strcmp(val, defs[id].def)))
			continue;	/* no effect, or the default */
		if (defs[id].letter)
			fl_args_add(a, "-%c", defs[id].letter);
		else
			fl_args_add(a, "--%s", defs[id].name);
		if (id == FL_CO_tasks)
			fl_args_add(a, "%s", r->tasks);
		else if (id == FL_CO_mode)
			fl_args_add(a, "%s", r->mode);
		else {
			fl_caseopt_text(r->o, id, val, sizeof(val));
			fl_args_add(a, "%s", val);
		}
	}
	for (i = 0; i < r->nwith; i++) {
		fl_args_add(a, "--with");
		fl_args_add(a, "%s", r->with[i]);
	}
	fl_args_add(a, "%s", r->spec);
}

char *fl_replay_line(const struct fl_case *c, uint64_t run_seed,
		     char *const *with, int nwith)
{
	const char *inj = getenv("FAULTLINE_INJECT");
	const char *site = getenv("FAULTLINE_INJECT_SITE");
	struct fl_args a = { 0 };
	char tasks[16], *line;
	struct fl_replay r = {
		.seed = run_seed, .spec = c->spec, .tasks = tasks,
		.mode = fl_mode_names[c->processes ? FL_MODE_PROCESSES :
				      FL_MODE_THREADS],
		.o = &c->o, .with = with, .nwith = nwith,
	};

	snprintf(tasks, sizeof(tasks), "%d", c->tasks);
	/* the injection that made this case fail, if it was this workload's */
	if (inj && !strcmp(inj, c->wl->name)) {
		fl_args_add(&a, "FAULTLINE_INJECT=%s", inj);
		if (site && *site && strspn(site, "abcdefghijklmnopqrstuvwxyz"
						   "0123456789_") == strlen(site))
			fl_args_add(&a, "FAULTLINE_INJECT_SITE=%s", site);
	}
	fl_args_add(&a, "faultline");
	fl_args_add(&a, "run");
	fl_replay_args(&a, &r);
	line = fl_args_shell(&a);
	fl_args_free(&a);
	return line;
}
