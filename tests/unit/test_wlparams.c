// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: every workload's parameter table is sound (names, types,
 * defaults, enum choices), and every parameter name a workload looks
 * up at run time (fl_param_int/str/enum/index(ctx, "name") in
 * workloads/) is one its table has, of a type that fits: a misspelt
 * name fails here, not in the middle of a run. A lookup in a shared
 * header (wis.h) must be a parameter of a workload that includes it.
 */
#include <dirent.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static const struct fl_param *find(const struct fl_workload *w,
				   const char *name)
{
	const struct fl_param *p;

	for (p = w->params; p && p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* The accessor fits the type: enum wants ENUM, str wants STR or ENUM. */
static bool fits(const char *how, const struct fl_param *p)
{
	if (!strcmp(how, "enum"))
		return p->type == FL_P_ENUM;
	if (!strcmp(how, "str"))
		return p->type == FL_P_STR || p->type == FL_P_ENUM;
	if (!strcmp(how, "int"))
		return p->type != FL_P_STR;
	return true;	/* index */
}

static void tables(void **state)
{
	int i;

	for (i = 0; fl_workloads[i]; i++) {
		const struct fl_workload *w = fl_workloads[i];
		const struct fl_param *p, *q;
		const char *const *h;
		struct fl_case c = { 0 };
		char err[256];

		/* every default parses and is in range */
		if (fl_params_parse(&c, w->name, err, sizeof(err)))
			fail_msg("%s: defaults: %s", w->name, err);
		for (p = w->params; p && p->name; p++) {
			if (strspn(p->name, "abcdefghijklmnopqrstuvwxyz"
				   "0123456789_") != strlen(p->name) ||
			    !p->help)
				fail_msg("%s: parameter '%s'", w->name,
					 p->name);
			for (q = p + 1; q->name; q++)
				if (!strcmp(p->name, q->name))
					fail_msg("%s: %s twice", w->name,
						 p->name);
			if ((p->type == FL_P_INT || p->type == FL_P_SIZE) &&
			    p->min > p->max)
				fail_msg("%s: %s: min > max", w->name, p->name);
			if (p->type == FL_P_ENUM &&
			    (!p->choices || !*p->choices ||
			     strstr(p->choices, "||") ||
			     p->choices[strlen(p->choices) - 1] == '|'))
				fail_msg("%s: %s: choices '%s'", w->name,
					 p->name, p->choices ?: "");
		}
		/* a hidden name is one of its parameters */
		for (h = w->hidden; h && *h; h++)
			if (!find(w, *h))
				fail_msg("%s: hidden '%s' is no parameter",
					 w->name, *h);
		fl_case_free_params(&c);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (fread(buf, 1, n, f) != (size_t)n)
		n = 0;
	fclose(f);
	return buf;
}

/*
 * Check every lookup in src against the workloads ws (nw of them): in
 * each of them (all = true) or in at least one. Returns the number of
 * lookups; a bad one is reported in err and counted in *bad.
 */
static int check_lookups(const char *file, const char *src,
			 const struct fl_workload *const *ws, int nw,
			 bool all, int *bad, char *err, size_t errlen)
{
	regex_t re;
	regmatch_t m[3];
	const char *s = src;
	int n = 0, i, hits;

	assert_int_equal(regcomp(&re, "fl_param_(int|str|enum|index)"
				 "\\([^,()]*,[[:space:]]*\"([^\"]*)\"\\)",
				 REG_EXTENDED), 0);
	while (!regexec(&re, s, 3, m, 0)) {
		char how[8], name[64];

		snprintf(how, sizeof(how), "%.*s", (int)(m[1].rm_eo -
			 m[1].rm_so), s + m[1].rm_so);
		snprintf(name, sizeof(name), "%.*s", (int)(m[2].rm_eo -
			 m[2].rm_so), s + m[2].rm_so);
		for (i = 0, hits = 0; i < nw; i++) {
			const struct fl_param *p = find(ws[i], name);

			hits += p && fits(how, p);
		}
		if (!nw || (all ? hits != nw : !hits)) {
			snprintf(err, errlen,
				 "%s: fl_param_%s(\"%s\"): no such "
				 "%sparameter", file, how, name,
				 !strcmp(how, "enum") ? "enum " : "");
			(*bad)++;
		}
		n++;
		s += m[0].rm_eo;
	}
	regfree(&re);
	return n;
}

/* The workloads a source file defines (.name = "..."). */
static int defined_in(const char *src, const struct fl_workload **ws,
		      int max)
{
	regex_t re;
	regmatch_t m[2];
	const char *s = src;
	int n = 0;

	assert_int_equal(regcomp(&re, "\\.name = \"([a-z0-9_]+)\"",
				 REG_EXTENDED), 0);
	while (n < max && !regexec(&re, s, 2, m, 0)) {
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)(m[1].rm_eo -
			 m[1].rm_so), s + m[1].rm_so);
		ws[n] = fl_workload_find(name);
		if (ws[n])
			n++;
		s += m[0].rm_eo;
	}
	regfree(&re);
	return n;
}

static void lookups(void **state)
{
	const struct fl_workload *ws[64], *inc[64];
	char path[512], err[512] = "", *src, *hdr;
	int nf = 0, nl = 0, bad = 0, ninc = 0, n;
	struct dirent *e;
	DIR *d = opendir("workloads");

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "workloads/%s", e->d_name);
		src = slurp(path);
		assert_non_null(src);
		n = defined_in(src, ws, 64);
		if (n) {
			nf++;
			nl += check_lookups(path, src, ws, n, true, &bad, err,
					    sizeof(err));
			if (strstr(src, "#include \"wis.h\""))
				inc[ninc++] = ws[0];
		}
		free(src);
	}
	closedir(d);
	hdr = slurp("workloads/wis.h");
	assert_non_null(hdr);
	nl += check_lookups("workloads/wis.h", hdr, inc, ninc, false, &bad,
			    err, sizeof(err));
	free(hdr);
	if (bad)
		fail_msg("%d bad lookup(s), e.g. %s", bad, err);
	/* the scan saw the workloads and their lookups */
	for (n = 0; fl_workloads[n]; n++)
		;
	assert_int_equal(nf, n);
	assert_true(ninc >= 5);
	assert_true(nl >= 20);
}

/* The check catches what it is for: a misspelt name, a wrong type. */
static void catches_typos(void **state)
{
	const struct fl_workload *gv = fl_workload_find("giant_vma");
	char err[256];
	int bad = 0, n;

	assert_non_null(gv);
	n = check_lookups("x.c", "fl_param_int(ctx, \"nmae\")", &gv, 1,
			  true, &bad, err, sizeof(err));
	assert_int_equal(n, 1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(err, "\"nmae\""));
	check_lookups("x.c", "fl_param_enum(ctx, \"size\")", &gv, 1, true,
		      &bad, err, sizeof(err));
	assert_int_equal(bad, 2);
	check_lookups("x.c", "fl_param_enum(t->ctx,\n\t\"writer\")", &gv,
		      1, true, &bad, err, sizeof(err));
	assert_int_equal(bad, 2);
}

/* FL_ENUM_CHOICES: the strings come from the same list as the values. */
#define COLOURS(X)	X(RED, "red") X(GREEN, "green") X(BLUE, "blue")
enum colour { COLOURS(FL_ENUM_VALUE) };
static const char *const colours = FL_ENUM_CHOICES(COLOURS);

static void enum_list(void **state)
{
	assert_string_equal(colours, "red|green|blue");
	assert_int_equal(BLUE, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tables),
		cmocka_unit_test(lookups),
		cmocka_unit_test(catches_typos),
		cmocka_unit_test(enum_list),
	};

	return cmocka_run_group_tests_name("wlparams", tests, NULL, NULL);
}
