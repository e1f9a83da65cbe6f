#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline export: --help, options anywhere, every bad input one line
# "faultline: ..." with exit 2, and every option of --help in the man
# page (as 10-usage.sh checks for the other commands).
. tests/sh/lib.sh
. tests/sh/synth_run.sh

synth_run "$TMP/a" a 6.1 "page_fault1/ok/1,2,3/"
echo '{ "schema": "other" }' > "$TMP/bad.json"

expect_rc 0 "$FL" export --help
assert_grep "^usage: faultline export" "$TMP/out"
expect_rc 0 "$FL" --help
assert_grep "^  export " "$TMP/out"

bad() {	# bad PATTERN ARGS...
	pat=$1; shift
	expect_rc 2 "$FL" export "$@"
	one_line "$TMP/err"
	assert_grep "^faultline: .*$pat" "$TMP/err"
	[ -s "$TMP/out" ] && fail "'$*' wrote to stdout"
	return 0
}
bad "give --junit or --kcidb"		"$TMP/a"
bad "give one of --junit and --kcidb"	--junit --kcidb "$TMP/a"
bad "no run directory given"		--junit
bad "unknown option '--junot'"		--junot "$TMP/a"
bad "origin 'a b' is not"		--kcidb --origin 'a b' "$TMP/a"
bad "--origin is for --kcidb"		--junit --origin x "$TMP/a"
bad "No such file"			--junit "$TMP/nonexistent"
bad "not a faultline result document"	--kcidb "$TMP/bad.json"
bad "option '-o' needs a value"		--junit "$TMP/a" -o

# options after operands; an unwritable output is exit 3, nothing left
expect_rc 0 "$FL" export "$TMP/a" --kcidb -o "$TMP/k.json"
[ -s "$TMP/k.json" ] || fail "no output file"
expect_rc 3 "$FL" export --junit -o "$TMP/nodir/j.xml" "$TMP/a"
one_line "$TMP/err"
[ -e "$TMP/nodir" ] && fail "created the directory"

sed 's/\\//g' docs/faultline.1 > "$TMP/man.txt"
"$FL" export --help | grep -o -- '--[a-z][a-z-]*' | sort -u |
while read -r opt; do
	grep -qF -- "$opt" "$TMP/man.txt" || echo "$opt"
done > "$TMP/undocumented"
[ -s "$TMP/undocumented" ] &&
	fail "not in docs/faultline.1: $(cat "$TMP/undocumented")"
grep -qF 'faultline export --junit' README.md || fail "no export line in README.md"
echo "ok: export usage"
