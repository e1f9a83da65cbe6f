// SPDX-License-Identifier: GPL-2.0
/* list.c - `faultline list`: every workload, its counters and params. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "harness.h"

static const char *const type_name[] = {
	[FL_P_INT] = "int", [FL_P_SIZE] = "size", [FL_P_ENUM] = "enum",
	[FL_P_BOOL] = "bool", [FL_P_STR] = "string",
};

static void show(const struct fl_workload *w, bool verbose)
{
	const struct fl_param *p;
	const char *const *c;

	printf("%-16s %-10s %s\n", w->name,
	       w->kind == FL_RACE ? "race" : "throughput", w->desc);
	if (!verbose)
		return;
	printf("    metrics:");
	for (c = w->counters; c && *c; c++)
		printf(" %s_per_sec%s", *c, c == w->counters ? " (primary)" : "");
	if (w->latency)
		printf(" lat_p50_ns lat_p99_ns lat_p999_ns lat_max_ns");
	printf("\n");
	for (p = w->params; p && p->name; p++) {
		char range[96] = "";

		if (p->type == FL_P_ENUM)
			snprintf(range, sizeof(range), "%s", p->choices);
		else if (p->type == FL_P_INT || p->type == FL_P_SIZE)
			snprintf(range, sizeof(range), "%lld..%lld", p->min,
				 p->max);
		printf("    %-14s %-6s %-10s %-22s %s\n", p->name,
		       type_name[p->type], p->def, range, p->help);
	}
	if (w->threads_only)
		printf("    (threads mode only)\n");
}

int cmd_list(int argc, char **argv)
{
	bool verbose = true;
	int i, shown = 0;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: faultline list [-s|--short] [WORKLOAD]...\n"
		       "List workloads: kind, description, metrics and "
		       "parameters\n(name, type, default, range, help).\n");
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "-s") || !strcmp(argv[1], "--short"))) {
		verbose = false;
		argc--;
		argv++;
	}
	for (i = 1; i < argc; i++) {
		const struct fl_workload *w = fl_workload_find(argv[i]);

		if (!w)
			fl_usage_error("unknown workload '%s'", argv[i]);
		show(w, verbose);
		shown++;
	}
	for (i = 0; !shown && fl_workloads[i]; i++)
		show(fl_workloads[i], verbose);
	return 0;
}
