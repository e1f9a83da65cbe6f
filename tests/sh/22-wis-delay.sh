#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# delay_ns, the will-it-scale loops' hidden bench knob (docs/bench.md):
# it slows the real workload (a 50 us busy wait per op is far more than
# page_fault1's fault or mmap1's mmap/munmap pair, so the delayed rate
# is below a fifth of the plain one in the same test: a relation, not a
# timing), the result says what ran (spec, params, label, replay) while
# the key leaves it out, so that compare matches the two runs; list and
# the unknown-parameter hint do not show it, and one case given twice
# with different values is refused.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

run() {
	name=$1; shift
	expect_rc 0 "$FL" run -q -o "$TMP" -n "$name" --no-db -d 1 -w 0 \
		-r 1 -t 1 -m threads "$@"
}
run a page_fault1 mmap1
run b page_fault1:delay_ns=50000 mmap1:delay_ns=50000

# rate KEY RUN: ops per on-CPU second where the document has it (other
# load on the machine then drops out), else ops per second
rate() {
	jq -r --arg k "$1" '.cases[] | select(.key == $k) | .metrics |
		(.ops_per_cpu_sec // .ops_per_sec).reps[0]' \
		"$TMP/$2/result.json"
}
for wl in page_fault1 mmap1; do
	key="$wl:size=128M|threads|1"
	a=$(rate "$key" a)
	b=$(rate "$key" b)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" != null ] && [ "$b" != null ] ||
		fail "$wl: no rate in a ($a) or b ($b)"
	awk -v a="$a" -v b="$b" 'BEGIN { exit !(a > 0 && b < a / 5) }' ||
		fail "$wl: delay_ns=50000 ran at $b ops/s, plain at $a: not below a fifth"
	jq -e --arg k "$key" --arg w "$wl" '.cases[] | select(.key == $k) |
		.spec == ($w + ":delay_ns=50000,size=128M") and
		.params.delay_ns == "50000" and
		.label == ($w + ":delay_ns=50000|threads|1") and
		(.replay | endswith(" " + $w + ":delay_ns=50000,size=128M"))' \
		"$TMP/b/result.json" > /dev/null ||
		fail "$wl: run b does not record delay_ns=50000"
	# at its default it is nowhere: documents stay as they were
	jq -e --arg k "$key" --arg w "$wl" '.cases[] | select(.key == $k) |
		.spec == ($w + ":size=128M") and
		(.params | has("delay_ns") | not)' \
		"$TMP/a/result.json" > /dev/null ||
		fail "$wl: run a shows delay_ns at its default"
done

# compare matches the two runs case by case and sees the slowdown
"$FL" compare --json "$TMP/a" "$TMP/b" > "$TMP/cmp.json" 2> "$TMP/err"
[ $? -le 1 ] || { cat "$TMP/err"; fail "compare a b"; }
jq -e '(.added // []) == [] and ([.cases[] | .key] | length) == 2' \
	"$TMP/cmp.json" > /dev/null || fail "compare did not match a and b"

# hidden: not in list, not in the hint; refused twice with two values
expect_rc 0 "$FL" list page_fault1 mmap1 mmap2 page_fault2 page_fault3
assert_no_grep delay_ns "$TMP/out"
expect_rc 2 "$FL" run -o "$TMP" -n c page_fault1:bogus=1
assert_no_grep delay_ns "$TMP/err"
expect_rc 2 "$FL" run -o "$TMP" -n c page_fault1 page_fault1:delay_ns=5
assert_grep "given twice with different bench parameters" "$TMP/err"
one_line "$TMP/err"
expect_rc 2 "$FL" run -o "$TMP" -n c page_fault1:delay_ns=-1
assert_grep "delay_ns" "$TMP/err"
echo "delay_ns slows page_fault1 and mmap1 and is recorded, not listed"
