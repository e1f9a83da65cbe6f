#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# docs/results.md and the document faultline writes name the same keys:
# every key of a produced result.json is documented, and every key the
# doc shows occurs in a produced document. Children of maps whose keys
# are data (params, metrics, vmstat, per_node, ...) are not keys.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

expect_rc 0 "$FL" run -q -o "$TMP" -n doc --no-db -d 1 -w 0 -r 1 -t 1 \
	--perf stat page_fault1 giant_vma:size=64M
doc=$TMP/doc/result.json
md=docs/results.md

# Produced keys, leaving out keys that are data.
jq -r '
  def data: ["params", "metrics", "counters", "per_node", "vmstat",
	     "pages_by_node", "options", "counts"];
  paths as $p | range(0; $p | length) as $i | $p[$i] |
  select(type == "string") |
  select(test("^[0-9]+$") | not) |
  select($i == 0 or ((data | index([$p[$i - 1]])) == null)) |
  select($i < 2 or ($p[$i - 1] | tostring | test("^[0-9]+$") | not) or
	 $p[$i - 2] != "per_node")' "$doc" | sort -u > "$TMP/produced"
[ -s "$TMP/produced" ] || fail "no keys read from $doc"

# Documented keys: every "name": in the doc's code blocks.
awk '/^```/ { code = !code; next } code' "$md" |
	grep -o '"[A-Za-z_0-9-]*":' | tr -d '":' | sort -u > "$TMP/documented"

missing=$(comm -23 "$TMP/produced" "$TMP/documented")
[ -z "$missing" ] || fail "keys written but not in $md:" $missing

# All keys of the document, data included (the doc's examples are data).
jq -r 'paths | .[] | select(type == "string")' "$doc" | sort -u \
	> "$TMP/all"
# Written only when they happen: aggressors (--with, checked by
# 43-races-aggressors.sh), a violation's fields (41-races-inject.sh) and
# case_running, only while a case runs (27-case-running.sh); a rep's
# perf counts only where perf runs (29-perf.sh), its lock sums only with
# --perf lock (29-perf-lock.sh), vma_lock_note only on a kernel without
# the counters (29-vma-lock.sh).
stale=$(comm -13 "$TMP/all" "$TMP/documented" |
	grep -vxE 'aggressors|t_ns|task|page|expected|seen|what|case_running' |
	grep -vxE 'ops|ops_uncertainty|running_pct|value|vma_lock_note' |
	grep -vxE 'lock|contended|wait_ns|lines|top')
[ -z "$stale" ] || fail "keys in $md that no document has:" $stale
# Seeds are strings, so jq keeps all 64 bits.
jq -e '[.run.seed, .cases[].seed] |
	all(type == "string" and test("^[0-9]+$"))' "$doc" > /dev/null ||
	fail "a seed is not a decimal string"
# The version the doc describes is the one written (v1 is still read:
# test_rundoc loads a v1 document).
v=$(sed -n '1s/^# The result document (schema version \([0-9]*\))$/\1/p' "$md")
[ -n "$v" ] || fail "no schema version in the title of $md"
jq -e ".schema_version == $v" "$doc" > /dev/null ||
	fail "$doc is not schema_version $v, as $md says"
echo "$(wc -l < "$TMP/produced") keys documented, none stale"
