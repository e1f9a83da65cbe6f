#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/nightly.sh leaves report/index.html next to summary.md, and its
# last line says where: the first night with no baseline, the second
# compared with the first and with the trend from the history database.
. tests/sh/lib.sh

command -v gnuplot > /dev/null || fail "no gnuplot (ci/deps.sh installs it)"
FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
export FAULTLINE="$FLABS"
printf 'page_fault1\t-t 1,2 -d 1 -w 0 -r 3\n' > "$TMP/mini.suite"
night() {
	sh ci/nightly.sh --suite "$TMP/mini.suite" -o "$TMP/res" \
		--db "$TMP/h.db" -n "$1" > "$TMP/$1.log" 2>&1
	rc=$?
	[ $rc -le 1 ] || { cat "$TMP/$1.log"; fail "nightly $1 exited $rc"; }
	[ -s "$TMP/res/$1/summary.md" ] || fail "$1: no summary.md"
	P="$TMP/res/$1/report/index.html"
	[ -s "$P" ] || { cat "$TMP/$1.log"; fail "$1: no report/index.html"; }
	# and its last line says where the report is
	assert_grep "; report: $P\$" "$TMP/$1.log"
}
kinds() { grep -o 'data-plot="[a-z]*"' "$P" | sort | uniq -c; }

night n1
kinds | grep -q ' data-plot="scaling"' || fail "n1: no scaling plot"
kinds | grep -q ' data-plot="compare"' && fail "n1: compare without a base"
night n2
kinds > "$TMP/kinds"
for k in scaling compare history series; do
	grep -q "data-plot=\"$k\"" "$TMP/kinds" ||
		{ cat "$TMP/kinds"; fail "n2: no $k plot"; }
done
assert_grep "<p>Base: n1\." "$P"
