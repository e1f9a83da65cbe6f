#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline report of a real short run (page_fault1 at 1 and 2 tasks):
# the scaling plot, one per-second plot per case, each drawn; the
# replay commands of result.json on the page; opens in headless
# Chromium without a console error (screenshot in tests/out/).
. tests/sh/lib.sh

command -v gnuplot > /dev/null || fail "no gnuplot (ci/deps.sh installs it)"
expect_rc 0 "$FL" run -q -d 1 -w 0 -r 2 -t 1,2 page_fault1 -o "$TMP" -n real
mkdir "$TMP/tmpd"
TMPDIR="$TMP/tmpd" expect_rc 0 "$FL" report -o "$TMP/rep" "$TMP/real"
[ -z "$(ls "$TMP/tmpd")" ] || fail "left in TMPDIR: $(ls "$TMP/tmpd")"
P="$TMP/rep/index.html"

awk '/<figure class="plot"/ { kind = $0; sub(/.*data-plot="/, "", kind)
		sub(/".*/, "", kind); svg = 0; path = 0 }
	/<svg/ { svg++ } /<path/ { path++ }
	/<\/figure>/ { print kind, svg, path }' "$P" > "$TMP/figs"
awk '$2 != 1 || $3 < 1 { bad = 1 } END { exit bad }' "$TMP/figs" ||
	{ cat "$TMP/figs"; fail "a figure without an SVG or a path"; }
[ "$(grep -c '^scaling ' "$TMP/figs")" -eq 1 ] || fail "no scaling plot"
[ "$(grep -c '^series ' "$TMP/figs")" -eq 2 ] || fail "not 2 series plots"
# single node here: per-node plots only where a case has two nodes
n=$(jq '[.cases[] | select((.per_node | length) > 1)] | length' \
	"$TMP/real/result.json")
[ "$(grep -c '^nodes ' "$TMP/figs")" -eq "$n" ] || fail "node plots"

# the replay command of every case, and the kernel release
jq -r '.cases[].replay' "$TMP/real/result.json" | while read -r cmd; do
	grep -qF "<code>$cmd</code>" "$P" || echo "$cmd"
done > "$TMP/missing"
[ -s "$TMP/missing" ] && fail "replay not on the page: $(cat "$TMP/missing")"
assert_grep "<th>kernel</th><td>$(uname -r)</td>" "$P"

. tests/sh/report_browser.sh
browser_check "$P" 91-report-real "$(wc -l < "$TMP/figs")"
