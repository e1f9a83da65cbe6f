#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Each thing in one place, as docs/cli.md describes the layout: harness/
# is folders by concern, the build writes under build/, the latency
# histogram and the history database have names of their own, and
# option parsing, number parsing, the "did you mean" hint, the statuses
# and the replay command line each live in one file. Reads the sources
# (and make -n); builds and runs nothing.
. tests/sh/lib.sh

# code PATTERN: lines of harness/*/*.c matching PATTERN (grep -E), but
# comment lines
code() {
	grep -nE "$1" harness/*/*.c | grep -vE '^[^:]+:[0-9]+:\s*(/\*|\*)'
}

# only_in FILE PATTERN WHAT: PATTERN occurs in FILE's code alone
only_in() {
	code "$2" | grep -v "^$1:" > "$TMP/found"
	[ ! -s "$TMP/found" ] || { cat "$TMP/found"; fail "$3 outside $1"; }
	grep -qE "$2" "$1" || fail "$3: not in $1 either (pattern stale?)"
}

# folders by concern: no file at the top of harness/
top=$(find harness -maxdepth 1 -type f)
[ -z "$top" ] || fail "files at the top of harness/:" $top

# build output under build/: every file the compiler would write
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD make -n -B faultline \
	> "$TMP/make" 2>&1 || { cat "$TMP/make"; fail "make -n"; }
grep -o ' -o [^ ]*' "$TMP/make" | awk '{ print $2 }' > "$TMP/outputs"
[ -s "$TMP/outputs" ] || { cat "$TMP/make"; fail "no -o in make -n"; }
outside=$(grep -v -e '^build/' -e '^faultline$' "$TMP/outputs")
[ -z "$outside" ] || fail "built outside build/:" $outside

# the latency histogram is lathist, the history database hdb: no bare
# "hist" file or symbol is left to mean either
files=$(find harness -name 'hist*' -type f ! -name history.c)
[ -z "$files" ] || fail "hist files:" $files
! grep -rnwE 'fl_hist|fl_hist_[a-z_]+|FL_HIST_[A-Z_]+' harness workloads \
	tests/unit bench ||
	fail "fl_hist symbols left (lathist's are fl_lathist_*)"

# one getopt loop head; one set of number parsers; one hint wording
only_in harness/cli/args.c 'getopt_long\(' "getopt_long()"
only_in harness/util/parse.c 'strto[a-z]*\(' "strto*()"
only_in harness/util/util.c 'did you mean ' "the did-you-mean wording"

# statuses: a case's by enum (schema.c's table), a run's by schema.h
! code 'strcmp\([^;]*"(ok|fail|error|crash|timeout|skip|interrupted)"' ||
	fail "a status compared by its name"
! code '"(complete|running)"' ||
	fail "a run status spelt outside schema.h"

# the replay command line: one builder writes --seed into it
code '"--seed"|--seed %' |
	grep -v 'fl_arg_u64("--seed"' > "$TMP/seed"
[ "$(cut -d: -f1 "$TMP/seed" | sort -u)" = harness/engine/caseopt.c ] ||
	{ cat "$TMP/seed"; fail "the replay line is built outside caseopt.c"; }
exit 0
