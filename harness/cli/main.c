// SPDX-License-Identifier: GPL-2.0
/* main.c - faultline's entry point: dispatch to a subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "schema.h"
#include "util.h"

#ifndef FL_VERSION
#define FL_VERSION "unknown"
#endif

const char *fl_version = FL_VERSION;
const char *fl_self = "faultline";
char **fl_argv;
int fl_usage_exit = FL_EXIT_USAGE;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run",	 cmd_run,	  "run workloads on this kernel" },
	{ "list",	 cmd_list,	  "list workloads and their parameters" },
	{ "vm",		 cmd_vm,	  "boot kernel images in qemu and run there" },
	{ "compare",	 cmd_compare,	  "compare runs with statistics" },
	{ "bisect-step", cmd_bisect_step, "one `git bisect run` step" },
	{ "history",	 cmd_history,	  "trend of a metric across kernels" },
	{ "import",	 cmd_import,	  "index run directories into history" },
	{ "export",	 cmd_export,	  "runs as JUnit XML or KCIDB JSON for CI" },
	{ "report",	 cmd_report,	  "HTML report of runs, plots by gnuplot" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: faultline COMMAND [OPTIONS] [ARGS]\n"
		"       faultline --version | --help\n"
		"\n"
		"Stress and regression workloads for the kernel's page-fault\n"
		"path: mmap_lock vs per-VMA locks, filemap_map_pages(), COW,\n"
		"truncation.\n"
		"\n"
		"commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(f,
		"\n"
		"Options may come before or after operands; -- ends them.\n"
		"`faultline COMMAND --help` describes each command;\n"
		"man faultline has it all. --version prints the version\n"
		"(git describe of the build). Exit: 0 pass, 1 fail, 2 usage,\n"
		"4 skip (bisect-step: 0 good, 1 bad, 125 skip, 128+ error).\n");
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "faultline: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void fl_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	exit(fl_usage_exit);
}

void fl_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	exit(code);
}

void fl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}

void fl_warn_unfinished(const char *path, const char *status)
{
	if (fl_run_unfinished(status))
		fl_warn("%s: run is %s, not complete", path, status);
}

int main(int argc, char **argv)
{
	size_t i;

	fl_argv = argv;
	if (argc > 0)
		fl_self = argv[0];
	if (argc < 2) {
		usage(stderr);
		return FL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("faultline %s\n", fl_version);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	{
		const char *names[16];
		char hint[64];

		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			names[i] = commands[i].name;
		if (*fl_did_you_mean(hint, sizeof(hint), argv[1], names, i, ""))
			fl_usage_error("unknown command '%s'%s", argv[1], hint);
	}
	fl_usage_error("unknown command '%s' (try faultline --help)",
		       argv[1]);
}
