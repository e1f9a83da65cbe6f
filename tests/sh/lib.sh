# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/sh/*.sh. Each test script is one test point: it exits
# 0 on pass, 1 on the first failed assertion, 4 to skip (last line: why).
set -u
FL=${FL:-./faultline}
TMP=$(mktemp -d /tmp/faultline-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
# expect_rc RC CMD...: run CMD, assert its exit status.
expect_rc() {
	want=$1; shift
	"$@" > "$TMP/out" 2> "$TMP/err"
	got=$?
	[ "$got" -eq "$want" ] || {
		cat "$TMP/out" "$TMP/err"
		fail "'$*' exited $got, expected $want"
	}
}
# assert_grep PATTERN FILE
assert_grep() {
	grep -q -- "$1" "$2" || { cat "$2"; fail "no '$1' in $2"; }
}
assert_no_grep() {
	! grep -q -- "$1" "$2" || { cat "$2"; fail "unexpected '$1' in $2"; }
}
# one_line FILE: the file holds exactly one line (a one-line error)
one_line() {
	[ "$(wc -l < "$1")" -eq 1 ] || { cat "$1"; fail "$1 is not one line"; }
}
# jq-free JSON checks use faultline's own reader where needed; plain
# grep is enough for presence of keys in the pretty-printed document.
