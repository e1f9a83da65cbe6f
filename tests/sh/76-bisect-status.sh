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

REPO="$TMP/toy"
mkdir -p "$REPO"
cd "$REPO" || fail "cd"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@t
git init -q . || fail "git init"
i=1
while [ $i -le 6 ]; do
	if [ $i -lt 4 ]; then : > inject; else echo mapfixed_race > inject; fi
	echo "$i" > n
	git add inject n && git commit -q -m "commit $i" || fail "commit"
	eval "c$i=\$(git rev-parse HEAD)"
	i=$((i + 1))
done

cat > "$TMP/step.sh" <<EOT
#!/bin/sh
inj=\$(cat inject)
exec env \${inj:+FAULTLINE_INJECT=\$inj} "$FLABS" bisect-step \\
	--good "$TMP/res/good" --metric mapfixed_race/status -o "$TMP/steps"
EOT
git bisect start "$c6" "$c1" > /dev/null || fail "bisect start"
git bisect run sh "$TMP/step.sh" > "$TMP/bisect.log" 2>&1
grep -q "^$c4 is the first bad commit" "$TMP/bisect.log" || {
	cat "$TMP/bisect.log"; fail "git bisect did not name commit 4"; }
git bisect reset -q > /dev/null 2>&1
exit 0
