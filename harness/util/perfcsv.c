// SPDX-License-Identifier: GPL-2.0
/*
 * perfcsv.c - parse `perf stat -x,` output (perfcsv.h). An event name
 * may itself hold commas (cpu/event=0x3c,umask=0/), so the fields are
 * counted from both ends: value and unit first, then the event, then
 * run time, percent and the two metric fields (absent in old perf).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "perfcsv.h"

#define MAX_FIELDS	32

static int split(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	for (; *line && n < MAX_FIELDS; line++)
		if (*line == ',') {
			*line = 0;
			f[n++] = line + 1;
		}
	return n;
}

static int number(const char *s, double *v)
{
	return fl_parse_num(s, -HUGE_VAL, HUGE_VAL, v);
}

/* One line; 0 if it is an event line. */
static int parse_line(char *line, struct fl_perf_count *c)
{
	char *f[MAX_FIELDS], *ev;
	int n = split(line, f), last, i;
	double rt;

	if (n < 5)
		return -1;
	/* with the metric fields there are 7 or more, else exactly 5 */
	last = n >= 7 ? n - 5 : n - 3;
	if (last < 2 || number(f[last + 1], &rt) ||
	    number(f[last + 2], &c->pct))
		return -1;
	memset(c->event, 0, sizeof(c->event));
	ev = c->event;
	for (i = 2; i <= last; i++)
		snprintf(ev + strlen(ev), sizeof(c->event) - strlen(ev),
			 "%s%s", i > 2 ? "," : "", f[i]);
	if (!*c->event)
		return -1;
	snprintf(c->unit, sizeof(c->unit), "%s", f[1]);
	c->why[0] = 0;
	if (f[0][0] == '<') {
		size_t len = strcspn(f[0] + 1, ">");

		snprintf(c->why, sizeof(c->why), "%.*s", (int)len, f[0] + 1);
		c->value = NAN;
		return 0;
	}
	return number(f[0], &c->value);
}

int fl_perfcsv_parse(const char *text, struct fl_perf_count *out, int max)
{
	char line[512];
	int n = 0;

	while (*text && n < max) {
		size_t len = strcspn(text, "\n");

		if (len < sizeof(line) && *text != '#') {
			memcpy(line, text, len);
			line[len] = 0;
			if (!parse_line(line, &out[n]))
				n++;
		}
		text += len + (text[len] == '\n');
	}
	return n;
}
