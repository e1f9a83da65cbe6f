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

# toy_repo DIR N FN: make DIR a git repository of N commits and the
# working directory; commit i holds what "FN i" wrote, and a file n
# with i. Sets c1..cN to the commits' ids.
toy_repo() {
	mkdir -p "$1" && cd "$1" || fail "cd $1"
	export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t \
		GIT_COMMITTER_EMAIL=t@t
	git init -q . || fail "git init"
	_i=1
	while [ "$_i" -le "$2" ]; do
		"$3" "$_i"
		echo "$_i" > n
		git add -A && git commit -q -m "commit $_i" || fail "commit"
		eval "c$_i=\$(git rev-parse HEAD)"
		_i=$((_i + 1))
	done
}

# bisect_names GOOD BAD FIRST STEP: `git bisect run sh STEP` between
# GOOD and BAD names FIRST as the first bad commit; the bisection is
# reset after.
bisect_names() {
	git bisect start "$2" "$1" > /dev/null || fail "bisect start"
	git bisect run sh "$4" > "$TMP/bisect.log" 2>&1
	grep -q "^$3 is the first bad commit" "$TMP/bisect.log" || {
		cat "$TMP/bisect.log"; fail "git bisect did not name $3"; }
	git bisect reset > /dev/null 2>&1
}
# expect_vm_rc WANT CMD...: expect_rc for a `faultline vm` that must
# boot its guest. Debian's kernels under TCG now and then panic before
# the guest's init runs (seen: "Fatal exception in interrupt" 1.3 s
# into a 6.12 boot that passed on the next try): exit 3, did not boot.
# That one outcome is tried once more, and said; a guest that does not
# boot twice still fails the test, and 64-vm-noboot tests exit 3 itself.
expect_vm_rc() {
	_want=$1
	shift
	"$@" > "$TMP/out" 2> "$TMP/err"
	got=$?
	if [ "$got" -eq 3 ] && [ "$_want" -ne 3 ]; then
		echo "retry: the guest did not boot: $(tail -n 1 "$TMP/err")"
		"$@" > "$TMP/out" 2> "$TMP/err"
		got=$?
	fi
	[ "$got" -eq "$_want" ] || {
		cat "$TMP/out" "$TMP/err"
		fail "'$*' exited $got, expected $_want"
	}
}
