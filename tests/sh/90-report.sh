#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# faultline report on synthetic runs: every kind of plot is there and
# drawn (an <svg> with a <path>), compare's marks are on the page, the
# trend shows the change point, nothing is fetched or scripted, the
# temporary directory is removed, a gnuplot error is one line and exit
# 1; the page opens in headless Chromium without a console error (the
# screenshot goes to tests/out/). The --help options are in the man page.
. tests/sh/lib.sh
. tests/sh/synth_run.sh

command -v gnuplot > /dev/null || fail "no gnuplot (ci/deps.sh installs it)"

# enrich WORKLOAD:size=1M|threads|1 cases: page_fault1 at 1, 2 and 4
# tasks (rates x tasks x 0.9, except x SLOW2 at 2), per-second samples
# and two NUMA nodes; giant_vma with all four latency percentiles
enrich() {	# enrich DIR SLOW2
	jq --argjson slow "$2" '
	def lat($m): { unit: "ns", better: "lower", primary: false,
		reps: [$m, $m * 1.01, $m * 0.99, $m, $m] };
	def scaled($t): .key |= sub("\\|1$"; "|\($t)") | .tasks = $t
		| .label = "page_fault1|threads|\($t)"
		| .metrics.faults_per_sec.reps |= map(. * $t *
			(if $t == 1 then 1 elif $t == 2 then $slow
			 else 0.9 end))
		| .samples = [range(0; 2) as $r | { rep: $r,
			warmup_samples: 1, t: [1, 2, 3],
			counters: { faults: [90, 100 + $r, 104] } }]
		| .per_node = { "0": { faults_per_sec: [60, 61, 59] },
			"1": { faults_per_sec: [40, 41, 39] } };
	.system.topology.numa_nodes = 2
	| .cases = [ (.cases[0] as $c | (1, 2, 4) as $t | $c | scaled($t)),
		(.cases[1] | .metrics += { lat_p50_ns: lat(900),
			lat_p999_ns: lat(40000), lat_max_ns: lat(900000) }) ]
	' "$1/result.json" > "$1/r.tmp" && mv "$1/r.tmp" "$1/result.json" ||
		fail "jq could not enrich $1"
}

R=100,101,99,100.5,99.5
L=3000,3100,2900,3000,3050
SYNTH_STARTED=2026-11-20T00:00:00Z synth_run "$TMP/base" base 6.1.0 \
	"page_fault1/ok/$R/" "giant_vma/ok/$R/$L"
SYNTH_STARTED=2026-11-21T00:00:00Z synth_run "$TMP/new" new 6.12.0 \
	"page_fault1/ok/$R/" "giant_vma/ok/$R/$L"
enrich "$TMP/base" 0.9
enrich "$TMP/new" 0.7

mkdir "$TMP/tmpd"
export TMPDIR="$TMP/tmpd"
expect_rc 0 "$FL" report -o "$TMP/rep" --compare "$TMP/base" "$TMP/new"
P="$TMP/rep/index.html"
[ -s "$P" ] || fail "no index.html"
[ -z "$(ls "$TMP/tmpd")" ] || fail "left in TMPDIR: $(ls "$TMP/tmpd")"

# every figure holds one SVG with at least one path; count by kind
awk '/<figure class="plot"/ { n++; kind = $0; sub(/.*data-plot="/, "", kind)
		sub(/".*/, "", kind); svg = 0; path = 0 }
	/<svg/ { svg++ } /<path/ { path++ }
	/<\/figure>/ { print kind, svg, path }' "$P" > "$TMP/figs"
awk '$2 != 1 || $3 < 1 { bad = 1 } END { exit bad }' "$TMP/figs" ||
	{ cat "$TMP/figs"; fail "a figure without an SVG or a path"; }
count() { grep -c "^$1 " "$TMP/figs"; }
# scaling: page_fault1 and giant_vma is one task count only
[ "$(count scaling)" -eq 1 ] || fail "scaling plots: $(count scaling)"
[ "$(count compare)" -eq 2 ] || fail "compare plots: $(count compare)"
[ "$(count latency)" -eq 2 ] || fail "latency plots: $(count latency)"
# per node: the three page_fault1 cases of both runs
[ "$(count nodes)" -eq 6 ] || fail "node plots: $(count nodes)"
# per-second samples: one plot per page_fault1 case, both runs in it
[ "$(count series)" -eq 3 ] || fail "series plots: $(count series)"

# the efficiency table: 2 tasks at 0.9 x 2 in base = 90.0%
assert_grep '<td class="n">2</td>.*<td class="n">90.0%</td>' "$P"
# compare's verdicts: the 2-task case is 0.7/0.9 of base, -22.2%
expect_rc 1 "$FL" compare "$TMP/base" "$TMP/new"
assert_grep "REGRESSION" "$TMP/out"
row="<td>page_fault1|threads|2</td><td>faults_per_sec</td><td>new</td>"
assert_grep "$row.*-22.2%.*REGRESSION" "$P"
assert_grep "Gate: FAIL (1 regressions" "$P"
# metadata and the replay command of each case
assert_grep "<th>config sha256</th><td>c0ffee" "$P"
assert_grep "<code>faultline run --seed 1 -t 1 -m threads" "$P"
# the SVGs' ids are unique on the page (gnuplot names them alike)
grep -o ' id=["'"'"][^"'"'"]*' "$P" | sort | uniq -d > "$TMP/dup"
[ -s "$TMP/dup" ] && fail "duplicate ids: $(head -n 3 "$TMP/dup")"
# static: no script, nothing fetched
assert_no_grep "<script" "$P"
grep -Eq '(src|href)="(https?:)?//' "$P" && fail "the page fetches something"

# history: three kernels, the drop from 6.1.0 to 6.12.0 is a change point
DB="$TMP/h.db"
expect_rc 0 "$FL" import -q --db "$DB" "$TMP/base" "$TMP/new"
SYNTH_STARTED=2026-11-22T00:00:00Z synth_run "$TMP/newer" newer 6.13.0 \
	"page_fault1/ok/$R/" "giant_vma/ok/$R/$L"
enrich "$TMP/newer" 0.7
expect_rc 0 "$FL" import -q --db "$DB" "$TMP/newer"
expect_rc 0 "$FL" report -o "$TMP/hist" --db "$DB" "$TMP/newer"
awk '/data-plot="history"/ { n++ } END { print n + 0 }' "$TMP/hist/index.html" \
	> "$TMP/nh"
[ "$(cat "$TMP/nh")" -eq 4 ] || fail "history plots: $(cat "$TMP/nh")"
assert_grep "<li>worse: 6.12.0 (run new) -22.2%" "$TMP/hist/index.html"
# the same change points as faultline history marks, and only them
expect_rc 0 "$FL" history --db "$DB" page_fault1
cp "$TMP/out" "$TMP/hist.txt"
assert_grep "6.12.0 .* new .*-22.2%  << worse" "$TMP/hist.txt"
expect_rc 0 "$FL" history --db "$DB" giant_vma
cat "$TMP/out" >> "$TMP/hist.txt"
want=$(grep -c "<<" "$TMP/hist.txt")
got=$(grep -o "<li>" "$TMP/hist/index.html" | wc -l)
[ "$want" -eq 1 ] && [ "$got" -eq "$want" ] ||
	fail "change points: history marks $want, the report $got"
expect_rc 1 "$FL" report -o "$TMP/hist2" --db "$TMP/nosuch.db" "$TMP/new"
one_line "$TMP/err"

# a gnuplot error: exit 1, one line, no page, no temporary files left
cat > "$TMP/badgnuplot" <<'EOT'
#!/bin/sh
echo "  plot foo" >&2
echo '"x.gp" line 3: undefined variable: foo' >&2
exit 1
EOT
chmod +x "$TMP/badgnuplot"
FAULTLINE_GNUPLOT="$TMP/badgnuplot" expect_rc 1 "$FL" report -o "$TMP/bad" \
	"$TMP/base"
one_line "$TMP/err"
assert_grep "report: gnuplot: .*undefined variable: foo" "$TMP/err"
[ -e "$TMP/bad/index.html" ] && fail "a page despite the gnuplot error"
[ -z "$(ls "$TMP/tmpd")" ] || fail "left in TMPDIR after an error"
FAULTLINE_GNUPLOT=/nonexistent expect_rc 1 "$FL" report -o "$TMP/bad" \
	"$TMP/base"
one_line "$TMP/err"
assert_grep "cannot run /nonexistent" "$TMP/err"

# a signal while gnuplot runs: gnuplot ended, the directory removed,
# faultline dies of the signal (143 for SIGTERM)
printf '#!/bin/sh\nexec sleep 30\n' > "$TMP/slowgnuplot"
chmod +x "$TMP/slowgnuplot"
FAULTLINE_GNUPLOT="$TMP/slowgnuplot" "$FL" report -o "$TMP/sig" "$TMP/base" \
	2> /dev/null &
pid=$!
i=0
while [ -z "$(ls "$TMP/tmpd")" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -n "$(ls "$TMP/tmpd")" ] || fail "no temporary directory while plotting"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || fail "SIGTERM: exit $rc, expected 143"
[ -z "$(ls "$TMP/tmpd")" ] || fail "left in TMPDIR after SIGTERM"
[ -e "$TMP/sig/index.html" ] && fail "a page despite SIGTERM"

# usage errors
expect_rc 2 "$FL" report "$TMP/base"
one_line "$TMP/err"
expect_rc 2 "$FL" report -o "$TMP/x" "$TMP/nosuch"
one_line "$TMP/err"

# the man page documents every option of report --help
sed 's/\\//g' docs/faultline.1 > "$TMP/man.txt"
"$FL" report --help | grep -o -- '--[a-z][a-z-]*' | sort -u |
while read -r opt; do
	grep -qF -- "$opt" "$TMP/man.txt" || echo "$opt"
done > "$TMP/undoc"
[ -s "$TMP/undoc" ] && fail "not in docs/faultline.1: $(cat "$TMP/undoc")"
grep -q '^\.SS report\|^\.B report\|faultline report' "$TMP/man.txt" ||
	fail "no report section in docs/faultline.1"

. tests/sh/report_browser.sh
browser_check "$P" 90-report "$(wc -l < "$TMP/figs")"
