// SPDX-License-Identifier: GPL-2.0
/*
 * args.c - what every command's option parsing shares: checked numbers
 * that end in a usage error, and the one-line error for an option that
 * getopt did not accept (with a "did you mean" for long options).
 */
#include <getopt.h>
#include <stdnoreturn.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "util.h"

long long fl_arg_long(const char *what, const char *s, long long lo,
		      long long hi)
{
	long long v;

	if (fl_parse_int(s, lo, hi, &v))
		fl_usage_error("%s: '%s' is not an integer in [%lld, %lld]",
			       what, s, lo, hi);
	return v;
}

double fl_arg_num(const char *what, const char *s, double lo, double hi)
{
	double v;

	if (fl_parse_num(s, lo, hi, &v))
		fl_usage_error("%s: '%s' is not a number in [%g, %g]", what,
			       s, lo, hi);
	return v;
}

uint64_t fl_arg_u64(const char *what, const char *s)
{
	uint64_t v;

	if (fl_parse_u64(s, &v))
		fl_usage_error("%s: '%s' is not a number", what, s);
	return v;
}

static noreturn void bad_option(const char *cmd, int argc, char **argv,
				const struct option *opts)
{
	const char *w = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	const char *names[128];
	char name[64], hint[96];
	int n = 0;

	if (optopt && strchr(w, '=') == NULL) {
		const struct option *o;

		/* a known option without its value */
		for (o = opts; o->name; o++)
			if ((w[1] == '-' && !strcmp(w + 2, o->name)) ||
			    (w[1] != '-' && optopt == o->val))
				fl_usage_error("%s: option '%s' needs a value",
					       cmd, w);
	}
	if (w[0] == '-' && w[1] == '-') {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(w + 2, "="),
			 w + 2);
		for (; n < 128 && opts[n].name; n++) {
			names[n] = opts[n].name;
			/* a flag given a value: --csv=x */
			if (opts[n].has_arg == no_argument &&
			    strchr(w, '=') && !strcmp(name, opts[n].name))
				fl_usage_error("%s: option '--%s' takes no "
					       "value", cmd, name);
		}
		if (*fl_did_you_mean(hint, sizeof(hint), name, names, n, "--"))
			fl_usage_error("%s: unknown option '--%s'%s", cmd, name,
				       hint);
	}
	fl_usage_error("%s: unknown option '%s' (see faultline %s --help)",
		       cmd, w, cmd);
}

int fl_getopt(const char *cmd, int argc, char **argv,
	      const char *shortopts, const struct option *longopts)
{
	static char **started;
	int opt;

	if (started != argv) {
		started = argv;
		optind = 0;	/* GNU getopt: start over, re-initialise */
		opterr = 0;
	}
	opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (opt == '?' || opt == ':')
		bad_option(cmd, argc, argv, longopts);
	if (opt == -1)
		started = NULL;
	return opt;
}
