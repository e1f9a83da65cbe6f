/* SPDX-License-Identifier: GPL-2.0 */
/* cli.h - subcommands and the small helpers every command shares. */
#ifndef FAULTLINE_CLI_H
#define FAULTLINE_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

/* Exit statuses, as kselftest uses them. */
#define FL_EXIT_PASS	0
#define FL_EXIT_FAIL	1
#define FL_EXIT_USAGE	2
#define FL_EXIT_SKIP	4

/*
 * The status fl_usage_error() exits with: 2, but bisect-step sets 128
 * so that `git bisect run` stops instead of calling the commit bad.
 */
extern int fl_usage_exit;

/*
 * getopt values, so that no two option tables clash: letters below
 * 0x100, compare's shared options (FL_CMP_LONGOPTS) from 0x100, a
 * command's own long options from FL_OPT_OWN, the case options from
 * FL_CO_OPTVAL (caseopt.h).
 */
#define FL_OPT_OWN	0x200

extern const char *fl_version;	/* git describe, from the build */
extern const char *fl_self;	/* path of this executable */
extern char **fl_argv;		/* argv as main() got it */

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_vm(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bisect_step(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* One line "faultline: <msg>" on stderr, then exit(fl_usage_exit). */
noreturn void fl_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* One line "faultline: <msg>" on stderr, then exit(code). */
noreturn void fl_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "faultline: warning: <msg>" on stderr. */
void fl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* That warning for a run whose status is not complete (schema.h). */
void fl_warn_unfinished(const char *path, const char *status);

/* args.c: checked option values; a bad one is a usage error. */
long long fl_arg_long(const char *what, const char *s, long long lo,
		      long long hi);
double fl_arg_num(const char *what, const char *s, double lo, double hi);
uint64_t fl_arg_u64(const char *what, const char *s);
/*
 * getopt_long() for command cmd: from the start of its argv, whatever
 * another command left in getopt's state; with GNU permutation, so
 * options go anywhere and "--" ends them; an unknown option (with the
 * nearest long name) or a missing value is a usage error. Returns the
 * option, or -1 when there are no more (operands from optind on).
 */
struct option;
int fl_getopt(const char *cmd, int argc, char **argv,
	      const char *shortopts, const struct option *longopts);

/* run.c: check vm's RUN-ARGS on the host; 0, or -1 with err. */
int fl_run_args_check(int argc, char **argv, char *err, size_t errlen);

#endif /* FAULTLINE_CLI_H */
