// SPDX-License-Identifier: GPL-2.0
/* list.c - `faultline list`: every workload, its counters and params. */
#include <getopt.h>
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
	if (w->vma_lock)
		printf("    and vma_lock_*_per_op, vma_lock_fallback_share where "
		       "the kernel counts them\n");
	for (p = w->params; p && p->name; p++) {
		char range[96];

		if (fl_param_hidden(w, p))	/* bench only: docs/bench.md */
			continue;
		fl_param_range(p, range, sizeof(range));
		printf("    %-14s %-6s %-10s %-22s %s\n", p->name,
		       type_name[p->type], p->def, range, p->help);
	}
	if (w->threads_only)
		printf("    (threads mode only)\n");
}

static const char usage[] =
	"usage: faultline list [-s|--short] [WORKLOAD]...\n"
	"List workloads: kind, description, metrics and parameters\n"
	"(name, type, default, range, help). Sizes are shown as they are\n"
	"typed: 1M..1T.\n";

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "short", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool verbose = true;
	char err[256];
	int i, opt, shown = 0;

	while ((opt = fl_getopt("list", argc, argv, "sh",
				 longopts)) != -1) {
		switch (opt) {
		case 's': verbose = false; break;
		case 'h': fputs(usage, stdout); return 0;
		}
	}
	for (i = optind; i < argc; i++) {
		const struct fl_workload *w = fl_workload_find(argv[i]);

		if (!w) {
			fl_workload_unknown(argv[i], err, sizeof(err));
			fl_usage_error("%s", err);
		}
		show(w, verbose);
		shown++;
	}
	for (i = 0; !shown && fl_workloads[i]; i++)
		show(fl_workloads[i], verbose);
	return 0;
}
