// SPDX-License-Identifier: GPL-2.0
/*
 * params.c - "WORKLOAD:key=val,key=val" into typed, checked values, and
 * back into a canonical spelling used in case keys and replay commands.
 */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

/* A parameter's bounds as a user types them: sizes as 1M, 1T. */
static void range_text(const struct fl_param *p, char *lo, size_t llen,
		       char *hi, size_t hlen)
{
	if (p->type == FL_P_SIZE) {
		fl_size_text(p->min, lo, llen);
		fl_size_text(p->max, hi, hlen);
	} else {
		snprintf(lo, llen, "%lld", p->min);
		snprintf(hi, hlen, "%lld", p->max);
	}
}

/* Index of `val` in "a|b|c", or -1. */
static int enum_index(const char *choices, const char *val)
{
	size_t n = strlen(val);
	const char *p = choices;
	int i = 0;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && !strncmp(p, val, n))
			return i;
		p = bar ? bar + 1 : NULL;
		i++;
	}
	return -1;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

/* The hint for val among the enum's choices (a|b|c), or "". */
static const char *enum_hint(const char *choices, const char *val,
			     char *buf, size_t len)
{
	const char *names[64];
	char copy[512], *tok, *save;
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", choices);
	for (tok = strtok_r(copy, "|", &save); tok && n < 64;
	     tok = strtok_r(NULL, "|", &save))
		names[n++] = tok;
	return fl_did_you_mean(buf, len, val, names, n, "");
}

void fl_param_range(const struct fl_param *p, char *buf, size_t len)
{
	char lo[32], hi[32];

	if (p->type == FL_P_ENUM) {
		snprintf(buf, len, "%s", p->choices);
	} else if (p->type == FL_P_INT || p->type == FL_P_SIZE) {
		range_text(p, lo, sizeof(lo), hi, sizeof(hi));
		snprintf(buf, len, "%s..%s", lo, hi);
	} else {
		*buf = 0;
	}
}

static int set_value(const struct fl_param *p, struct fl_pval *v,
		     const char *val, char *err, size_t errlen)
{
	char lo[32], hi[32], hint[96];
	long long n;
	int i;

	switch (p->type) {
	case FL_P_INT:
		if (fl_parse_int(val, LLONG_MIN, LLONG_MAX, &n)) {
			snprintf(err, errlen, "parameter %s: '%s' is not an integer",
				 p->name, val);
			return -1;
		}
		goto range;
	case FL_P_SIZE:
		if (fl_parse_size(val, &n)) {
			snprintf(err, errlen, "parameter %s: '%s' is not a size",
				 p->name, val);
			return -1;
		}
range:
		if (n < p->min || n > p->max) {
			range_text(p, lo, sizeof(lo), hi, sizeof(hi));
			snprintf(err, errlen,
				 "parameter %s: %s is out of range [%s, %s]",
				 p->name, val, lo, hi);
			return -1;
		}
		v->i = n;
		v->s = NULL;
		return 0;
	case FL_P_ENUM:
		i = enum_index(p->choices, val);
		if (i < 0) {
			snprintf(err, errlen, "parameter %s: '%s' is not one "
				 "of %s%s", p->name, val, p->choices,
				 enum_hint(p->choices, val, hint,
					   sizeof(hint)));
			return -1;
		}
		v->i = i;
		v->s = strdup(val);
		return 0;
	case FL_P_BOOL:
		i = parse_bool(val);
		if (i < 0) {
			snprintf(err, errlen, "parameter %s: '%s' is not a boolean",
				 p->name, val);
			return -1;
		}
		v->i = i;
		v->s = NULL;
		return 0;
	case FL_P_STR:
		v->i = 0;
		v->s = strdup(val);
		return 0;
	}
	return -1;
}

void fl_workload_unknown(const char *name, char *err, size_t errlen)
{
	const char *names[64];
	char hint[96];
	size_t n = 0;

	while (n < 64 && fl_workloads[n]) {
		names[n] = fl_workloads[n]->name;
		n++;
	}
	snprintf(err, errlen, "unknown workload '%s'%s (see faultline list)",
		 name, fl_did_you_mean(hint, sizeof(hint), name, names, n, ""));
}

/* Name the valid parameters, and the nearest one if it is close. */
static void unknown_param(const struct fl_workload *wl, const char *name,
			  char *err, size_t errlen)
{
	const char *names[FL_MAX_PARAMS] = { NULL };
	const struct fl_param *p;
	char valid[512], hint[96];
	size_t n = 0;

	for (p = wl->params; p && p->name; p++)
		if (!fl_param_hidden(wl, p))
			names[n++] = p->name;
	fl_did_you_mean(hint, sizeof(hint), name, names, n, "");
	snprintf(err, errlen, "%s: unknown parameter '%s'%s (%s%s)",
		 wl->name, name, hint, n ? "valid: " : "it has none",
		 fl_join(valid, sizeof(valid), names, n, ", "));
}

int fl_params_parse(struct fl_case *c, const char *spec, char *err,
		    size_t errlen)
{
	char name[64], *buf, *tok, *save;
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct fl_param *p;
	int i;

	if (len == 0 || len >= sizeof(name)) {
		snprintf(err, errlen, "bad workload spec '%s'", spec);
		return -1;
	}
	memcpy(name, spec, len);
	name[len] = '\0';
	c->wl = fl_workload_find(name);
	if (!c->wl) {
		fl_workload_unknown(name, err, errlen);
		return -1;
	}
	memset(c->param, 0, sizeof(c->param));
	for (i = 0, p = c->wl->params; p && p->name; p++, i++)
		if (set_value(p, &c->param[i], p->def, err, errlen))
			goto bad;	/* a bad default is a workload bug */
	if (!colon || !colon[1])
		goto canon;

	buf = strdup(colon + 1);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			snprintf(err, errlen, "%s: '%s' is not key=value",
				 name, tok);
			free(buf);
			goto bad;
		}
		*eq = '\0';
		for (i = 0, p = c->wl->params; p && p->name; p++, i++)
			if (!strcmp(p->name, tok))
				break;
		if (!p || !p->name) {
			unknown_param(c->wl, tok, err, errlen);
			free(buf);
			goto bad;
		}
		free((void *)c->param[i].s);	/* the default's, or a repeat */
		c->param[i].s = NULL;
		if (set_value(p, &c->param[i], eq + 1, err, errlen)) {
			free(buf);
			goto bad;
		}
	}
	free(buf);
canon:
	fl_params_canon(c, c->spec, sizeof(c->spec));
	return 0;
bad:
	fl_case_free_params(c);
	return -1;
}

void fl_case_free_params(struct fl_case *c)
{
	int i;

	for (i = 0; i < FL_MAX_PARAMS; i++) {
		free((void *)c->param[i].s);
		c->param[i].s = NULL;
	}
}

void fl_case_dup_params(struct fl_case *c)
{
	int i;

	for (i = 0; i < FL_MAX_PARAMS; i++)
		if (c->param[i].s && !(c->param[i].s = strdup(c->param[i].s)))
			abort();
}

void fl_param_text(const struct fl_param *p, const struct fl_pval *v,
		   char *buf, size_t len)
{
	switch (p->type) {
	case FL_P_SIZE:
		fl_size_text(v->i, buf, len);
		break;
	case FL_P_INT:
	case FL_P_BOOL:
		snprintf(buf, len, "%lld", v->i);
		break;
	default:
		snprintf(buf, len, "%s", v->s ? v->s : "");
	}
}

static int cmp_param(const void *a, const void *b)
{
	return strcmp((*(const struct fl_param *const *)a)->name,
		      (*(const struct fl_param *const *)b)->name);
}

bool fl_param_hidden(const struct fl_workload *wl, const struct fl_param *p)
{
	const char *const *h;

	for (h = wl->hidden; h && *h; h++)
		if (!strcmp(*h, p->name))
			return true;
	return false;
}

/* v is p's default, as the two are spelt */
static bool at_default(const struct fl_param *p, const struct fl_pval *v)
{
	char val[256], dval[256], e[8];
	struct fl_pval def;

	if (set_value(p, &def, p->def, e, sizeof(e)))
		return false;
	fl_param_text(p, v, val, sizeof(val));
	fl_param_text(p, &def, dval, sizeof(dval));
	free((void *)def.s);
	return !strcmp(val, dval);
}

bool fl_param_shown(const struct fl_case *c, int i)
{
	const struct fl_param *p = &c->wl->params[i];

	return !fl_param_hidden(c->wl, p) || !at_default(p, &c->param[i]);
}

/*
 * "wl:a=1,b=x" with every parameter, sorted by name; a hidden one only
 * when it is not at its default, and never with ident (the key's part).
 */
static void canon(const struct fl_case *c, char *buf, size_t len,
		  bool ident)
{
	const struct fl_param *sorted[FL_MAX_PARAMS];
	const struct fl_param *p;
	size_t off;
	int i, n = 0;

	for (i = 0, p = c->wl->params; p && p->name; p++, i++)
		if (ident ? !fl_param_hidden(c->wl, p) : fl_param_shown(c, i))
			sorted[n++] = p;
	qsort(sorted, n, sizeof(sorted[0]), cmp_param);
	off = snprintf(buf, len, "%s", c->wl->name);
	for (i = 0; i < n && off < len; i++) {
		char val[256];

		fl_param_text(sorted[i], &c->param[sorted[i] - c->wl->params],
			      val, sizeof(val));
		off += snprintf(buf + off, len - off, "%c%s=%s",
				i ? ',' : ':', sorted[i]->name, val);
	}
}

void fl_params_canon(const struct fl_case *c, char *buf, size_t len)
{
	canon(c, buf, len, false);
}

void fl_params_ident(const struct fl_case *c, char *buf, size_t len)
{
	canon(c, buf, len, true);
}

/* "wl:b=x" with only the parameters that differ from their defaults. */
void fl_params_label(const struct fl_case *c, char *buf, size_t len)
{
	const struct fl_param *p;
	char val[256];
	size_t off = snprintf(buf, len, "%s", c->wl->name);
	int i, n = 0;

	for (i = 0, p = c->wl->params; p && p->name && off < len; p++, i++) {
		if (at_default(p, &c->param[i]))
			continue;
		fl_param_text(p, &c->param[i], val, sizeof(val));
		off += snprintf(buf + off, len - off, "%c%s=%s",
				n++ ? ',' : ':', p->name, val);
	}
}
