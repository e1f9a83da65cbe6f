#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A CLI that forgives: options after operands in every command, -- ends
# them, "did you mean" for commands, options, workloads, parameters and
# enum values, sizes as they are typed, history and import that take
# what users give them, and bisect-step that stops git bisect run on a
# usage error instead of marking a commit bad.
. tests/sh/lib.sh
. tests/sh/synth_run.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

# bad PATTERN ARGS...: exit 2, one line on stderr matching PATTERN
bad() {
	pat=$1; shift
	expect_rc 2 "$FL" "$@"
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
}

# run: options after the workload
expect_rc 0 "$FL" run page_fault1 -d 1 -r 2 -w 0 -t 1 -q --no-db \
	-o "$TMP" -n late
jq -e '.cases[0] | .duration == 1 and .reps == 2 and .warmup == 0' \
	"$TMP/late/result.json" > /dev/null || fail "late options ignored"
# one name per case for people: the label, in the test line, the
# diagnostic and the table alike (the key, with every parameter, is
# compare's)
for pat in '^ok 1 page_fault1|threads|1$' \
	'^# page_fault1|threads|1 ops_per_sec: [0-9]* (harmonic mean' \
	'^# page_fault1|threads|1  *ok '; do
	assert_grep "$pat" "$TMP/out"
done
assert_no_grep 'size=128M' "$TMP/out"
# ... and in the progress line (a terminal's stderr), which cut the key
# before the one parameter the user set
command -v script > /dev/null || fail "script missing (bsdutils)"
script -qec "$FL run -o $TMP -n tty --no-db -d 1 -w 0 -r 1 -t 1 \
	giant_vma:size=64M 2>&1 > /dev/null" /dev/null < /dev/null |
	tr '\r' '\n' > "$TMP/progress"
assert_grep '^.*\[1/1\] giant_vma:size=64M|threads|1 rep 1/1 ' "$TMP/progress"
# -- ends the options: what follows is a workload spec
bad "unknown workload '-d'" run -o "$TMP" -- -d

# hints
bad "did you mean 'page_fault1'" run -o "$TMP" pagefault1
bad "did you mean 'size'" run -o "$TMP" giant_vma:sise=1M
assert_grep "valid: size, backing" "$TMP/err"
bad "did you mean 'mmap'" run -o "$TMP" giant_vma:writer=mmpa
bad "did you mean 'threads'" run -o "$TMP" -m thread mmap1
bad "did you mean '--duration'" run -o "$TMP" --durration 3 mmap1
bad "did you mean 'compare'" comapre
bad "did you mean 'giant_vma'" list giant_vm
bad "out of range \[1M, 1T\]" run -o "$TMP" giant_vma:size=1

# list: sizes as users type them
expect_rc 0 "$FL" list giant_vma -s
expect_rc 0 "$FL" list giant_vma
assert_grep "1M\.\.1T" "$TMP/out"
assert_no_grep "1048576" "$TMP/out"

# one meaning per letter: -c and -m are --suite and --mode only
bad "vm: unknown option '-c'" vm -c 2 --kernel /bin/sh
bad "vm: unknown option '-m'" vm --kernel /bin/sh -m 1G
# vm checks RUN-ARGS on the host, and keeps what follows -- for them
bad "vm: RUN-ARGS: --duration: '0'" vm --kernel /bin/sh -- -d 0 mmap1
bad "vm: RUN-ARGS: .*did you mean 'page_fault1'" vm --kernel /bin/sh -- \
	pagefault1

# compare: options after the runs; added cases are named; no nan
synth_run "$TMP/a" a 6.1 "page_fault1/ok/10,11,10,11,10/" \
	"mmap1/ok/5,5,5,5,5/"
synth_run "$TMP/b" b 6.2 "mmap1/ok/5,5,5,5,5/" \
	"giant_vma/ok/1,1,1,1,1/"
synth_run "$TMP/c" c 6.3 "page_fault1/ok/10,11,10,11,10/" \
	"mmap1/ok/5,5,5,5,5/"
synth_run "$TMP/one" one 6.3 "page_fault1/ok/10/"
expect_rc 0 "$FL" compare "$TMP/a" "$TMP/b" --markdown
assert_grep "^## faultline compare" "$TMP/out"
assert_grep '^- `b` (ok): `giant_vma:size=1M' "$TMP/out"
# every table row has the header's 9 cells
sed 's/\\|//g' "$TMP/out" | awk -F'|' '/^\| / && NF != 11 { bad = 1 }
	END { exit bad }' || { cat "$TMP/out"; fail "markdown row cells"; }
expect_rc 0 "$FL" compare "$TMP/a" "$TMP/b"
assert_grep "^added \[1\] giant_vma:size=1M|threads|1" "$TMP/out"
expect_rc 0 "$FL" compare "$TMP/a" "$TMP/one" --markdown
assert_no_grep "nan" "$TMP/out"
# three runs, a case missing from the first NEW: every metric line has
# the same columns, each NEW run's in its own place
expect_rc 0 "$FL" compare "$TMP/a" "$TMP/b" "$TMP/c"
# (± is two bytes, one column)
sed 's/±/~/g' "$TMP/out" | grep ' faults_per_sec \*$' > "$TMP/pf"
[ "$(wc -l < "$TMP/pf")" -eq 2 ] || { cat "$TMP/out"; fail "metric lines"; }
awk '{ print length($0) }' "$TMP/pf" | sort -u > "$TMP/widths"
[ "$(wc -l < "$TMP/widths")" -eq 1 ] || { cat "$TMP/out"; fail "ragged"; }
# page_fault1: [1] is missing, so its columns are blank ("-") and [2]'s
# %change (0.0%) comes after them, not under [1]
pf=$(grep '^page_fault1' -A 3 "$TMP/out" | grep ' faults_per_sec \*$')
echo "$pf" | grep -q '^ *[0-9.]* *±[0-9]*% *[0-9.]*\.\.[0-9.]* *- *- ' &&
	echo "$pf" | grep -q ' - *+0\.0% ' ||
	{ cat "$TMP/out"; fail "missing run's columns not blank first"; }

# import DIR takes a results directory; history WORKLOAD takes the
# primary metric; a wrong metric names the ones that exist
mkdir -p "$TMP/res"
synth_run "$TMP/res/r1" r1 6.1 "page_fault1/ok/10,11,10,11,10/"
synth_run "$TMP/res/r2" r2 6.2 "page_fault1/ok/10,11,10,11,10/"
expect_rc 0 "$FL" import "$TMP/res" --db "$TMP/h.db"
[ "$(grep -c '^imported' "$TMP/out")" -eq 2 ] || fail "import DIR"
expect_rc 0 "$FL" history page_fault1 --db "$TMP/h.db"
assert_grep "faults_per_sec on" "$TMP/out"
# one mean: the harmonic one for rates, in history as in compare (reps
# 10,11,10,11,10: harmonic 10.38, arithmetic 10.40)
assert_grep "  10\.38 ± *5%" "$TMP/out"
expect_rc 0 "$FL" compare "$TMP/res/r1" "$TMP/res/r2"
[ "$(grep -c ' 10\.38 ' "$TMP/out")" -eq 1 ] && ! grep -q '10\.40' "$TMP/out" ||
	{ cat "$TMP/out"; fail "compare: not the harmonic mean"; }
bad "no metric 'ops_per_sec'.*recorded: faults_per_sec" \
	history --db "$TMP/h.db" page_fault1/ops_per_sec
bad "did you mean 'page_fault1'" history --db "$TMP/h.db" pagefault1

# --version is documented
expect_rc 0 "$FL" --version
assert_grep "^faultline " "$TMP/out"
expect_rc 0 "$FL" --help
assert_grep "[-]-version" "$TMP/out"
sed 's/\\//g' docs/faultline.1 | grep -q -- '--version' ||
	fail "man page: --version"

# bisect-step: a usage error stops git bisect run (>= 128), it does not
# mark the commit bad
command -v git > /dev/null || skip "git not installed"
repo=$TMP/repo
mkdir -p "$repo" && cd "$repo" || fail "cd"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@t
git init -q . || fail "git init"
for i in 1 2 3 4; do
	echo "$i" > n && git add n && git commit -q -m "$i" || fail "commit"
done
FLABS=$(cd "$OLDPWD" && cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
git bisect start HEAD HEAD~3 > /dev/null 2>&1 || fail "bisect start"
git bisect run "$FLABS" bisect-step --good /nonexistent \
	--metric x/y > "$TMP/bisect.log" 2>&1
rc=$?
git bisect log > "$TMP/bisect.state" 2>&1
git bisect reset -q > /dev/null 2>&1
[ "$rc" -ne 0 ] || { cat "$TMP/bisect.log"; fail "git bisect run went on"; }
grep -q "is the first bad commit" "$TMP/bisect.log" &&
	{ cat "$TMP/bisect.log"; fail "a usage error marked a commit bad"; }
grep -q "^git bisect bad" "$TMP/bisect.state" &&
	{ cat "$TMP/bisect.state"; fail "a commit was marked bad"; }
exit 0
