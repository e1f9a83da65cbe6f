// SPDX-License-Identifier: GPL-2.0
/*
 * reproduce.c - RUN/reproduce.sh: what the run saw (faultline version,
 * kernel release, config hash, kernel command line, THP, governor,
 * ASLR) and the command that ran, as a POSIX sh script that checks this
 * machine against it, sets THP back as root, warns about each
 * difference it cannot set, and runs the same command. docs/ci.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

/* s in single quotes, as sh reads it back. */
static void shq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (s = s ? s : ""; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void var(FILE *f, const char *name, const char *value)
{
	fprintf(f, "%s=", name);
	shq(f, value);
	fputc('\n', f);
}

static const char checks[] =
"sys=${FL_SYSFS:-/sys}\n"
"proc=${FL_PROCFS:-/proc}\n"
"warn() { echo \"reproduce.sh: warning: $*\" >&2; }\n"
"# differ WHAT RUN NOW: a warning when the run saw something else\n"
"differ() {\n"
"\t[ \"$2\" = \"$3\" ] ||\n"
"\t\twarn \"$1 differs: the run had '$2', this machine has '$3'\"\n"
"}\n"
"# \"always [madvise] never\" -> madvise\n"
"choice() { sed -n 's/.*\\[\\(.*\\)\\].*/\\1/p' \"$1\" 2> /dev/null; }\n"
"config_sha() {\n"
"\tfor f in \"$proc/config.gz\" \"/boot/config-$(uname -r)\"; do\n"
"\t\t[ -r \"$f\" ] || continue\n"
"\t\tgzip -dcf \"$f\" | sha256sum | cut -d' ' -f1\n"
"\t\treturn\n"
"\tdone\n"
"}\n"
"# thp NAME: set THP's NAME back to the run's (root only), or warn\n"
"thp() {\n"
"\tfile=$sys/kernel/mm/transparent_hugepage/$1\n"
"\tnow=$(choice \"$file\")\n"
"\teval want=\\$run_thp_$1\n"
"\t[ -z \"$want\" ] || [ \"$now\" = \"$want\" ] && return\n"
"\tif [ \"$(id -u)\" -eq 0 ] && echo \"$want\" 2> /dev/null > \"$file\"; then\n"
"\t\techo \"reproduce.sh: THP $1: $now -> $want\" >&2\n"
"\telse\n"
"\t\twarn \"THP $1 is '$now', the run had '$want' (root sets it back)\"\n"
"\tfi\n"
"}\n"
"\n"
"cd \"$run_cwd\" || exit 2\n"
"differ \"faultline version\" \"$run_version\" \\\n"
"\t\"$(\"$run_faultline\" --version 2> /dev/null | cut -d' ' -f2)\"\n"
"differ \"kernel release\" \"$run_release\" \"$(uname -r)\"\n"
"differ \"kernel config sha256\" \"$run_config_sha256\" \"$(config_sha)\"\n"
"differ \"kernel command line\" \"$run_cmdline\" \\\n"
"\t\"$(cat \"$proc/cmdline\" 2> /dev/null)\"\n"
"gov=$(cat \"$sys/devices/system/cpu/cpu0/cpufreq/scaling_governor\" \\\n"
"\t2> /dev/null)\n"
"differ \"CPU governor\" \"$run_governor\" \"${gov:-none}\"\n"
"thp enabled\n"
"thp defrag\n"
"# faultline turns ASLR off for its measured processes itself\n"
"aslr=$(cat \"$proc/sys/kernel/randomize_va_space\" 2> /dev/null)\n"
"[ \"$run_aslr\" = \"$aslr\" ] ||\n"
"\techo \"reproduce.sh: note: ASLR is $aslr, was $run_aslr;\" \\\n"
"\t\t\"faultline disables it for the measured process\" >&2\n";

static void script(FILE *f, const struct fl_xrun *r, char **argv)
{
	const struct fl_rundoc *d = &r->doc;
	const char *inject = getenv("FAULTLINE_INJECT");
	char *cwd = getcwd(NULL, 0), aslr[16] = "";
	int i;

	if (r->aslr >= 0)
		snprintf(aslr, sizeof(aslr), "%d", r->aslr);
	fprintf(f, "#!/bin/sh\n"
		"# reproduce.sh - written by faultline at the end of run %s.\n"
		"# Checks this machine against the one the run saw, sets THP\n"
		"# back (as root), warns about each difference it cannot set,\n"
		"# then runs the same command from the same directory; its\n"
		"# arguments are appended to it (e.g. -n again). docs/ci.md.\n"
		"set -u\n", d->name);
	var(f, "run_version", d->version);
	var(f, "run_release", d->release);
	var(f, "run_config_sha256", d->config_sha);
	var(f, "run_cmdline", d->cmdline);
	var(f, "run_governor", r->governor);
	var(f, "run_thp_enabled", r->thp_enabled);
	var(f, "run_thp_defrag", r->thp_defrag);
	var(f, "run_aslr", aslr);
	var(f, "run_cwd", cwd ? cwd : ".");
	var(f, "run_faultline", argv[0]);
	fputs(checks, f);
	if (inject) {
		fputs("FAULTLINE_INJECT=", f);
		shq(f, inject);
		fputs("\nexport FAULTLINE_INJECT\n", f);
	}
	fputs("exec \"$run_faultline\"", f);
	for (i = 1; argv[i]; i++) {
		fputs(i % 6 ? " " : " \\\n\t", f);
		shq(f, argv[i]);
	}
	fputs(" \"$@\"\n", f);
	free(cwd);
}

int fl_reproduce_write(const char *dir, char **argv)
{
	struct fl_xrun r;
	char err[512], *path, *tmp;
	FILE *f;
	int ret = -1;

	if (fl_xrun_load(dir, &r, err, sizeof(err))) {
		fprintf(stderr, "faultline: warning: no reproduce.sh: %s\n",
			err);
		fl_xrun_free(&r);
		return -1;
	}
	if (asprintf(&path, "%s/reproduce.sh", dir) < 0 ||
	    asprintf(&tmp, "%s/.reproduce.sh.tmp", dir) < 0)
		abort();
	f = fopen(tmp, "w");
	if (f) {
		script(f, &r, argv);
		ret = fclose(f) || chmod(tmp, 0755) || rename(tmp, path) ?
		      -1 : 0;
	}
	if (ret) {
		fprintf(stderr, "faultline: warning: cannot write %s: %s\n",
			path, strerror(errno));
		unlink(tmp);
	}
	free(path);
	free(tmp);
	fl_xrun_free(&r);
	return ret;
}
