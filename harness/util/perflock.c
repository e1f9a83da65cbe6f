// SPDX-License-Identifier: GPL-2.0
/*
 * perflock.c - parse `perf lock contention` output (perflock.h). A line
 * counts only if it has all the columns, each time with a known unit;
 * anything else (the header, perf's messages) is passed over.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "perflock.h"

static int time_ns(const char *v, const char *unit, double *ns)
{
	static const struct { const char *u; double f; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	double x;
	size_t i;

	if (fl_parse_num(v, 0, HUGE_VAL, &x))
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].u)) {
			*ns = x * units[i].f;
			return 0;
		}
	return -1;
}

/* count, three times (value unit), type, caller: exactly 9 words */
static int parse_line(char *line, struct fl_lock_row *r)
{
	char *w[10], *save;
	double ns;
	int n = 0, i;

	for (w[n] = strtok_r(line, " \t", &save); w[n] && n < 9;
	     w[n] = strtok_r(NULL, " \t", &save))
		n++;
	if (n != 9 || w[9])
		return -1;
	if (fl_parse_num(w[0], 0, HUGE_VAL, &r->contended))
		return -1;
	for (i = 1; i < 7; i += 2)
		if (time_ns(w[i], w[i + 1], &ns))
			return -1;
		else if (i == 1)
			r->wait_ns = ns;
	snprintf(r->what, sizeof(r->what), "%s %s", w[7], w[8]);
	return 0;
}

int fl_perflock_parse(const char *text, struct fl_lock_sum *s)
{
	struct fl_lock_row r;
	char line[512];

	memset(s, 0, sizeof(*s));
	while (*text) {
		size_t len = strcspn(text, "\n");

		if (len < sizeof(line)) {
			memcpy(line, text, len);
			line[len] = 0;
			if (!parse_line(line, &r)) {
				s->rows++;
				s->contended += r.contended;
				s->wait_ns += r.wait_ns;
				if (s->ntop < FL_LOCK_TOP)
					s->top[s->ntop++] = r;
			}
		}
		text += len + (text[len] == '\n');
	}
	return s->rows;
}
