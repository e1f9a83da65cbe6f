// SPDX-License-Identifier: GPL-2.0
/* compare_json.c - the comparison as one JSON document (json-c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "compare.h"

static json_object *dbl(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *run_obj(const struct fl_rundoc *d)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "dir", jstr(d->dir));
	json_object_object_add(o, "name", jstr(d->name));
	json_object_object_add(o, "status", jstr(d->status));
	json_object_object_add(o, "kernel", jstr(d->release));
	json_object_object_add(o, "config_sha256", jstr(d->config_sha));
	if (d->nruns) {
		json_object *a = json_object_new_array();
		int r;

		for (r = 0; r < d->nruns; r++)
			json_object_array_add(a, jstr(d->run_dirs[r]));
		json_object_object_add(o, "runs", a);
	}
	return o;
}

static json_object *summary(const struct fl_summary *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "n", json_object_new_int((int)s->n));
	json_object_object_add(o, "mean", dbl(s->mean));
	json_object_object_add(o, "amean", dbl(s->amean));
	json_object_object_add(o, "sd", dbl(s->sd));
	json_object_object_add(o, "cov", dbl(s->cov));
	json_object_object_add(o, "min", dbl(s->min));
	json_object_object_add(o, "max", dbl(s->max));
	return o;
}

static json_object *metric(const struct fl_cmp_metric *m)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", jstr(m->base->name));
	json_object_object_add(o, "unit", jstr(m->base->unit));
	json_object_object_add(o, "better", jstr(m->base->higher_better ?
						 "higher" : "lower"));
	json_object_object_add(o, "primary",
			       json_object_new_boolean(m->base->primary));
	json_object_object_add(o, "gated", json_object_new_boolean(m->gated));
	json_object_object_add(o, "base", summary(&m->d.base));
	json_object_object_add(o, "new", summary(&m->d.new));
	json_object_object_add(o, "change_pct", dbl(m->d.change));
	json_object_object_add(o, "p", dbl(m->d.p));
	json_object_object_add(o, "p_welch", dbl(m->d.p_welch));
	json_object_object_add(o, "p_mwu", dbl(m->d.p_mwu));
	json_object_object_add(o, "significant",
			       json_object_new_boolean(m->d.significant));
	json_object_object_add(o, "verdict",
			       jstr(fl_verdict_name(m->d.verdict)));
	json_object_object_add(o, "reps_needed",
			       json_object_new_int(m->d.reps_needed));
	return o;
}

static json_object *noise(const struct fl_noise *n)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "source", jstr(fl_noise_name(n->src)));
	json_object_object_add(o, "reps", json_object_new_int(n->reps));
	json_object_object_add(o, "disturbed_reps",
			       json_object_new_int(n->disturbed));
	json_object_object_add(o, "cpu_share", dbl(n->cpu_share));
	json_object_object_add(o, "runq_share", dbl(n->runq_share));
	json_object_object_add(o, "steal_share", dbl(n->steal_share));
	return o;
}

static json_object *side(const struct fl_cmp_case *cc,
			 const struct fl_cmp_side *s, int j)
{
	json_object *o = json_object_new_object(), *ms;
	size_t k;

	json_object_object_add(o, "new", json_object_new_int(j));
	json_object_object_add(o, "status",
			       jstr(s->c ? s->c->status : "missing"));
	json_object_object_add(o, "reason", jstr(s->c ? s->c->reason : NULL));
	json_object_object_add(o, "broken", json_object_new_boolean(s->broken));
	json_object_object_add(o, "fixed", json_object_new_boolean(s->fixed));
	json_object_object_add(o, "replay", jstr(s->c ? s->c->replay : NULL));
	ms = json_object_new_array();
	for (k = 0; s->m && k < cc->base->nmetrics; k++)
		if (s->m[k].new)
			json_object_array_add(ms, metric(&s->m[k]));
	json_object_object_add(o, "metrics", ms);
	if (s->m) {
		json_object_object_add(o, "noisy",
				       json_object_new_boolean(s->noisy));
		json_object_object_add(o, "base_noise", noise(&s->base_noise));
		json_object_object_add(o, "new_noise", noise(&s->new_noise));
		json_object_object_add(o, "unlike", s->unlike ?
				       json_object_new_string(s->unlike) : NULL);
		json_object_object_add(o, "unlike_detail", s->unlike ?
				       json_object_new_string(s->unlike_why) :
				       NULL);
	}
	return o;
}

void fl_cmp_print_json(const struct fl_cmp *c, FILE *f)
{
	const struct fl_rule *r = &c->opts->rule;
	json_object *root = json_object_new_object(), *a, *rule, *tot;
	size_t i;
	int j;

	json_object_object_add(root, "schema",
			       jstr("faultline-compare"));
	json_object_object_add(root, "schema_version", json_object_new_int(1));
	json_object_object_add(root, "verdict",
			       jstr(fl_cmp_status(c) ? "fail" : "pass"));
	rule = json_object_new_object();
	json_object_object_add(rule, "test", jstr(r->test == FL_TEST_MWU ?
						  "mwu" : "welch"));
	json_object_object_add(rule, "alpha", dbl(r->alpha));
	json_object_object_add(rule, "threshold_pct", dbl(r->threshold));
	json_object_object_add(rule, "cov_limit", dbl(r->cov_limit));
	json_object_object_add(rule, "unit", jstr(fl_cmp_by_run(c) ? "run" :
						  "rep"));
	json_object_object_add(rule, "runs",
			       json_object_new_int(c->opts->runs));
	json_object_object_add(rule, "base_runs",
			       json_object_new_int(c->opts->base_runs));
	json_object_object_add(rule, "wall_clock",
			       json_object_new_boolean(c->opts->wall_clock));
	json_object_object_add(rule, "gate", jstr(c->opts->gate ==
						  FL_GATE_ALL ? "all" :
						  "primary"));
	json_object_object_add(root, "rule", rule);
	tot = json_object_new_object();
	json_object_object_add(tot, "regressions",
			       json_object_new_int(c->regressions));
	json_object_object_add(tot, "correctness",
			       json_object_new_int(c->broken));
	json_object_object_add(tot, "unstable", json_object_new_int(c->unstable));
	json_object_object_add(tot, "improvements",
			       json_object_new_int(c->improvements));
	json_object_object_add(tot, "fixed", json_object_new_int(c->fixed));
	json_object_object_add(tot, "missing", json_object_new_int(c->missing));
	json_object_object_add(tot, "added", json_object_new_int(c->added));
	json_object_object_add(root, "totals", tot);
	json_object_object_add(root, "base", run_obj(c->base));
	a = json_object_new_array();
	for (j = 0; j < c->nnew; j++)
		json_object_array_add(a, run_obj(&c->new[j]));
	json_object_object_add(root, "new", a);
	a = json_object_new_array();
	for (i = 0; i < c->ncases; i++) {
		const struct fl_cmp_case *cc = &c->cases[i];
		json_object *co = json_object_new_object(), *sides;

		json_object_object_add(co, "key", jstr(cc->base->key));
		json_object_object_add(co, "workload",
				       jstr(cc->base->workload));
		json_object_object_add(co, "base_status",
				       jstr(cc->base->status));
		sides = json_object_new_array();
		for (j = 0; j < c->nnew; j++)
			json_object_array_add(sides, side(cc, &cc->side[j], j));
		json_object_object_add(co, "runs", sides);
		json_object_array_add(a, co);
	}
	json_object_object_add(root, "cases", a);
	a = json_object_new_array();
	for (j = 0; j < c->added; j++) {
		json_object *ao = json_object_new_object();

		json_object_object_add(ao, "new", json_object_new_int(
				       c->added_case[j].run));
		json_object_object_add(ao, "key",
				       jstr(c->added_case[j].c->key));
		json_object_object_add(ao, "status",
				       jstr(c->added_case[j].c->status));
		json_object_array_add(a, ao);
	}
	json_object_object_add(root, "added", a);
	fprintf(f, "%s\n", json_object_to_json_string_ext(root,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
