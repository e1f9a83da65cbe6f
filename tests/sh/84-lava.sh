#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/lava/faultline.yaml is YAML with what LAVA needs (metadata.format
# and name, run.steps, params for what the steps use), checked by
# js-yaml on node; its step script reports each case of a run with
# lava-test-case (a fake one here), with result, measurement and units,
# through the binary --faultline names when given.
. tests/sh/lib.sh
. tests/sh/synth_run.sh
command -v node > /dev/null || skip "no node (make deps: nodejs npm)"
DEF=ci/lava/faultline.yaml
node tests/schema/check-lava.js "$DEF" 2> "$TMP/v"
case $? in
0) ;;
2) skip "$(cat "$TMP/v")" ;;
*) cat "$TMP/v"; fail "$DEF is not a valid LAVA test definition" ;;
esac

# the checker refuses what LAVA would
printf 'metadata:\n  format: Lava-Test Test Definition 1.0\n  name: a b\nrun:\n  steps: [x]\n' \
	> "$TMP/bad1.yaml"
printf 'metadata:\n  format: Lava-Test Test Definition 1.0\n  name: ab\nrun:\n  steps: echo\n' \
	> "$TMP/bad2.yaml"
printf 'metadata:\n  format: Lava-Test Test Definition 1.0\n  name: ab\nrun:\n  steps:\n    - echo ${NOPE}\n' \
	> "$TMP/bad3.yaml"
printf 'metadata: {\n  format: x\n' > "$TMP/bad4.yaml"
for i in 1 2 3 4; do
	node tests/schema/check-lava.js "$TMP/bad$i.yaml" 2> /dev/null &&
		fail "bad$i.yaml accepted"
done

# the steps are shell
node -e 'const y = require("./.cache/npm/node_modules/js-yaml");
	process.stdout.write(y.load(require("fs").readFileSync(process.argv[1],
		"utf8")).run.steps.join("\n") + "\n")' "$DEF" > "$TMP/steps.sh"
sh -n "$TMP/steps.sh" || fail "run.steps is not sh"
assert_grep "ci/lava/faultline-lava.sh" "$TMP/steps.sh"
[ -x ci/lava/faultline-lava.sh ] || fail "faultline-lava.sh not executable"

# reporting, through a fake lava-test-case that logs its arguments
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "$*" >> "%s/calls"\n' "$TMP" > "$TMP/bin/lava-test-case"
chmod +x "$TMP/bin/lava-test-case"
synth_run "$TMP/run" r 6.1 "page_fault1/ok/1,2/" "mmap1/fail/1/" \
	"mmap2/timeout//" "cow_storm/skip//"
# the default binary is ./faultline; another FL (make asan) is named
with=""
[ "$FL" = ./faultline ] || with="--faultline $FL"
# shellcheck disable=SC2086
PATH=$TMP/bin:$PATH expect_rc 0 sh ci/lava/faultline-lava.sh $with \
	--report "$TMP/run"
[ "$(wc -l < "$TMP/calls")" -eq 4 ] || { cat "$TMP/calls"; fail "not 4 calls"; }
assert_grep '^page_fault1.size-1M.threads.1 --result pass --measurement 1.3333333333333333 --units ops/s$' "$TMP/calls"
assert_grep '^mmap1.size-1M.threads.1 --result fail --measurement 1 --units ops/s$' "$TMP/calls"
assert_grep '^mmap2.size-1M.threads.1 --result fail$' "$TMP/calls"
assert_grep '^cow_storm.size-1M.threads.1 --result skip$' "$TMP/calls"
# --faultline PATH: that binary exports (a wrapper that logs, then runs
# ours), and a missing one is "build: fail" with nothing built
: > "$TMP/calls"
printf '#!/bin/sh\necho "$*" >> "%s/used"\nexec "%s" "$@"\n' "$TMP" \
	"$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")" > "$TMP/bin/fl"
chmod +x "$TMP/bin/fl"
PATH=$TMP/bin:$PATH expect_rc 0 sh ci/lava/faultline-lava.sh \
	--faultline "$TMP/bin/fl" --report "$TMP/run"
assert_grep "^export --kcidb $TMP/run " "$TMP/used"
[ "$(wc -l < "$TMP/calls")" -eq 4 ] || { cat "$TMP/calls"; fail "not 4 calls"; }
: > "$TMP/calls"
PATH=$TMP/bin:$PATH expect_rc 1 sh ci/lava/faultline-lava.sh \
	--faultline "$TMP/none" --suite "$TMP/none"
[ "$(cat "$TMP/calls")" = "build --result fail" ] ||
	{ cat "$TMP/calls"; fail "a missing --faultline binary: not build: fail"; }
assert_grep "is not an executable" "$TMP/err"
echo "ok: LAVA definition and reporting"
