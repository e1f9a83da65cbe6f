/* SPDX-License-Identifier: GPL-2.0 */
/* cli.h - subcommands and the small helpers every command shares. */
#ifndef FAULTLINE_CLI_H
#define FAULTLINE_CLI_H

#include <stdnoreturn.h>

/* Exit statuses, as kselftest uses them. */
#define FL_EXIT_PASS	0
#define FL_EXIT_FAIL	1
#define FL_EXIT_USAGE	2
#define FL_EXIT_SKIP	4

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

/* One line "faultline: <msg>" on stderr, then exit(2). */
noreturn void fl_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* One line "faultline: <msg>" on stderr, then exit(code). */
noreturn void fl_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "faultline: warning: <msg>" on stderr. */
void fl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* FAULTLINE_CLI_H */
