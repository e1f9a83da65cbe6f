#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `bisect-step --metric W/status` bisects a race bug by the checker's
# verdict alone, with one rep (no metric, nothing to be too noisy):
# a toy git history of 6 commits, each selecting in file `inject` whether
# the step runs with FAULTLINE_INJECT=mapfixed_race (from commit 4 on):
# mapfixed_race:inject=stale then reports stale contents after
# mmap(MAP_FIXED), as a kernel with 06-mapfixed-stale-ptes does.
# git bisect must name commit 4; a metric verdict on the same one-rep
# runs could only skip. bench/bisect-tree.sh does this on kernels.
. tests/sh/lib.sh
command -v git > /dev/null || skip "git not installed"

FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
WL="mapfixed_race:inject=stale"
"$FLABS" run -q -o "$TMP/res" -n good -d 1 -w 0 -r 1 -t 2 "$WL" \
	> "$TMP/good.log" 2>&1 || { cat "$TMP/good.log"; fail "good run"; }

# usage: a status needs no metric and no reps, but an ok case
expect_rc 128 "$FLABS" bisect-step --good "$TMP/res/good" \
	--metric page_fault1/status
assert_grep "has no page_fault1 case" "$TMP/err"
expect_rc 128 "$FLABS" bisect-step --good "$TMP/res/good" \
	--metric mapfixed_race/faults_per_sec -r 1
assert_grep "at least 3" "$TMP/err"

# one step each way, on the running kernel
FAULTLINE_INJECT=mapfixed_race expect_rc 1 "$FLABS" bisect-step \
	--good "$TMP/res/good" --metric mapfixed_race/status -o "$TMP/s1"
assert_grep "^bad: case is fail: .*violation" "$TMP/out"
assert_grep '"what":"stale: gen' "$(ls -d "$TMP"/s1/step-*)/result.json"
expect_rc 0 "$FLABS" bisect-step --good "$TMP/res/good" \
	--metric mapfixed_race/status -o "$TMP/s2"
assert_grep "^good: case is ok" "$TMP/out"
assert_grep "^  step run: $TMP/s2/step-" "$TMP/out"
# the same one-rep good step judged by a metric cannot be decided
expect_rc 125 "$FLABS" bisect-step --good "$TMP/res/good" \
	--metric mapfixed_race/remaps_per_sec -o "$TMP/s3"
assert_grep "^skip: " "$TMP/out"

# commits 4 to 6 inject a mapfixed_race violation
put_inject() {
	if [ "$1" -lt 4 ]; then : > inject; else echo mapfixed_race > inject; fi
}
toy_repo "$TMP/toy" 6 put_inject

cat > "$TMP/step.sh" <<EOT
#!/bin/sh
inj=\$(cat inject)
exec env \${inj:+FAULTLINE_INJECT=\$inj} "$FLABS" bisect-step \\
	--good "$TMP/res/good" --metric mapfixed_race/status -o "$TMP/steps"
EOT
bisect_names "$c1" "$c6" "$c4" "$TMP/step.sh"
exit 0
