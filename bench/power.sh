#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/power.sh - issue 13's two verdict targets, on real runs: how
# often compare calls a change that is not there (A/A false alarms, at
# most 2% per comparison over at least 40 pairs), and how often it
# calls a true 2% slowdown (power, at least 90%, within 2 minutes per
# case).
#
# A is `faultline run -t TASKS -m MODE CASE` at faultline's default reps,
# duration and warm-up (RUN_ARGS adds options); B is the same with the
# hidden parameter delay_ns=D (docs/bench.md), a calibrated busy wait in
# every op: a real slowdown of the real workload. D comes from a pilot A
# run: per-op time p = 1e9 / ops_per_cpu_sec (or TASKS x 1e9 /
# ops_per_sec where the document has no CPU time), D = SLOW / (100 -
# SLOW) x p, so that B runs at (100 - SLOW)% of A's rate.
#
# The runs are interleaved, A1 B1 A2 B2 ... A40 B40 A41, so that drift
# of the machine falls on both arms alike. With RUNS=K, each of
# those is a side of K consecutive runs, compared with `compare --runs
# K` (the run as the unit); the A/A table then also gives the verdict
# of one run a side (the rep as the unit) on the same runs: the first
# run of A_i against the first of A_i+1. With K >= 3, also the first run
# of A_i+1 against the K of A_i (compare --base-runs K, the nightly
# gate). Then, with `faultline compare
# --json` at each --threshold of THRESHOLDS (the first decides the exit
# status; compare's default is 3):
#   A/A    A_i vs A_i+1, i = 1..PAIRS: a primary verdict of regression
#          or improvement is a false alarm; unstable and disturbed
#          (compare's noise guard) are counted apart.
#   power  A_i vs B_i: the share called a regression.
# for ops_per_sec (the primary, what the gate judges) and ops_per_cpu_sec.
# Each share comes with its exact (Clopper-Pearson) 95% interval.
# `cmpstat aa` (bench/cmpstat.c, compare's own code) adds the A/A table
# of every metric at the default rule, with the noise guard on and off.
# The slowdown actually obtained: the mean of B's per-run means (each
# the harmonic mean of its reps, as compare takes it) over A's, with a
# 95% interval (delta method, Welch's degrees of freedom), and the mean
# of B_i / ((A_i + A_i+1) / 2) over the pairs (drift cancels).
#
# Environment:
#   FL          faultline binary [./faultline]
#   PAIRS       A/B pairs [40; QUICK=1: 5]
#   CASE        a will-it-scale loop [page_fault1]
#   TASKS, MODE [1], [threads]
#   RUN_ARGS    more options for every run [none: faultline's defaults,
#               -d 5 -w 1 -r 5; QUICK=1: -d 1 -w 1 -r 5]
#   SLOW        the slowdown of B, percent [2]
#   DELAY_NS    B's delay_ns [from the pilot run]
#   THRESHOLDS  compare --threshold values, percent [3 2 1]
#   CMP_ARGS    more options for every compare, e.g. "--alpha 0.01"
#   RUNS        runs a side, the run as the unit (compare --runs) [1]
#   AB          0: A runs only: A/A, no power [1]
#   AUTO        1: a second pass with -r auto [0]
#   AUTO_PAIRS  its pairs [10]
#   OUT         runs and report [bench/out/power]
#   ANALYSE_ONLY 1: no runs, analyse those in OUT/runs again (same
#               PAIRS, RUNS, AB), into OUT/report-again.txt
# Per run: OUT/runs/{pilot,aNN,bNN}/ (result.json, ktap.txt), its
# output in OUT/logs/;
# OUT/runs.txt: pass, run, wall seconds, load average; OUT/report.txt.
# Exit: 0 targets met, 1 missed (or not judged: fewer than 40 pairs),
# 2 error.
set -u
cd "$(dirname "$0")/.." || exit 2

FL=${FL:-./faultline}
if [ "${QUICK:-0}" = 1 ]; then
	PAIRS=${PAIRS:-5}
	RUN_ARGS=${RUN_ARGS--d 1 -w 1 -r 5}
fi
PAIRS=${PAIRS:-40}
RUN_ARGS=${RUN_ARGS:-}
CASE=${CASE:-page_fault1}
TASKS=${TASKS:-1}
MODE=${MODE:-threads}
SLOW=${SLOW:-2}
DELAY_NS=${DELAY_NS:-}
THRESHOLDS=${THRESHOLDS:-3 2 1}
AUTO=${AUTO:-0}
CMP_ARGS=${CMP_ARGS:-}
RUNS=${RUNS:-1}
AB=${AB:-1}
AUTO_PAIRS=${AUTO_PAIRS:-10}
OUT=${OUT:-bench/out/power}
MINPAIRS=40		# issue 13: at least 40 pairs
AA_MAX=2		# false alarms, % per comparison
POWER_MIN=90		# % of true 2% slowdowns called
CASE_MAX=120		# seconds per case

[ -x "$FL" ] || { echo "power: error: no $FL; run make first" >&2; exit 2; }
for n in "PAIRS=$PAIRS" "AUTO_PAIRS=$AUTO_PAIRS" "RUNS=$RUNS"; do
	case ${n#*=} in
	''|*[!0-9]*|0) echo "power: error: $n: not a count >= 1" >&2; exit 2 ;;
	esac
done
command -v jq > /dev/null ||
	{ echo "power: error: jq missing (make deps)" >&2; exit 2; }
ANALYSE_ONLY=${ANALYSE_ONLY:-0}
if [ "$ANALYSE_ONLY" = 1 ]; then
	[ -d "$OUT/runs" ] ||
		{ echo "power: error: no $OUT/runs to analyse" >&2; exit 2; }
else
	rm -rf "$OUT"
fi
mkdir -p "$OUT/logs" || exit 2
. "$(dirname "$0")/common.inc"
bench_setup power
REPORT=$OUT/report.txt
[ "$ANALYSE_ONLY" = 1 ] && REPORT=$OUT/report-again.txt && : > "$REPORT"
say() { echo "$*" | tee -a "$REPORT"; }

[ -f build/libfaultline.a ] || make -s build/libfaultline.a || exit 2
# shellcheck disable=SC2046
cc -O2 $(make -s cflags) -o "$TMP/cmpstat" bench/cmpstat.c \
	build/libfaultline.a $(make -s ldlibs) || exit 2
CS=$TMP/cmpstat

# run PASS NAME SPEC [ARGS...]: one faultline run into OUT/PASS/NAME
run() {
	_p=$1 _n=$2 _s=$3
	shift 3
	_t0=$(date +%s.%N)
	"$FL" run -q --no-db -o "$OUT/$_p" -n "$_n" -t "$TASKS" -m "$MODE" \
		"$@" "$_s" > "$OUT/logs/$_p-$_n.txt" 2>&1
	_rc=$?
	_t1=$(date +%s.%N)
	if [ $_rc -gt 1 ]; then
		cat "$OUT/logs/$_p-$_n.txt" >&2
		echo "power: error: run $_p/$_n exited $_rc" >&2
		exit 2
	fi
	echo "$_p $_n $(echo "$_t0 $_t1" | awk '{ printf "%.1f", $2 - $1 }')" \
	     "$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/runs.txt"
}

# means DIR: "status ops cpu reps_used cpu_share" of its one case; ops
# and cpu are the harmonic means of ops_per_sec and ops_per_cpu_sec
means() {
	jq -r 'def h: if length > 0 and all(. > 0) then
			length / (map(1 / .) | add) else "NA" end;
		def m: if length > 0 then add / length else "NA" end;
		.cases[0] | [.status, (.metrics.ops_per_sec.reps // [] | h),
		 (.metrics.ops_per_cpu_sec.reps // [] | h), .reps_used,
		 (.metrics.cpu_share.reps // [] | m)] | @tsv' \
		"$1/result.json" | tr '\t' ' '
}

# verdicts BASE NEW THRESHOLD [OPTION]: "ops_verdict cpu_verdict
# ops_change cpu_change" of the case (a failed case: "broken"); BASE
# and NEW are lists of run directories, grouped by OPTION [--runs RUNS]
verdicts() {
	# shellcheck disable=SC2086
	"$FL" compare --json ${4:---runs $RUNS} $CMP_ARGS --threshold "$3" $1 $2 \
		> "$TMP/cmp.json" 2> "$TMP/cmp.err"
	[ $? -le 1 ] || { cat "$TMP/cmp.err" >&2; return 1; }
	jq -r 'def v($m): [.metrics[]? | select(.name == $m)] |
			if length == 0 then ["none", "NA"] else
			[.[0].verdict, (.[0].change_pct // "NA")] end;
		.cases[0].runs[0] |
		if .broken or .status != "ok" then "broken broken NA NA"
		else (v("ops_per_sec") + v("ops_per_cpu_sec")) |
			"\(.[0]) \(.[2]) \(.[1]) \(.[3])" end' "$TMP/cmp.json"
}

# share K N: "K/N (P%, 95% LO-HI%)"
share() {
	echo "$1 $2 $($CS binom "$1" "$2")" | awk '{ printf "%d/%d (%.1f%%," \
		" 95%% %.1f-%.1f%%)", $1, $2, 100 * $1 / $2, $3, $4 }'
}

# pass NAME NPAIRS ARGS...: the interleaved runs
pass() {
	_name=$1 _np=$2
	shift 2
	mkdir -p "$OUT/$_name"
	_i=1
	while [ $_i -le $((_np * RUNS)) ]; do
		run "$_name" "a$(printf %03d $_i)" "$CASE" "$@"
		if [ $((_i % RUNS)) = 0 ] && [ "$AB" = 1 ]; then
			_j=$((_i - RUNS + 1))
			while [ $_j -le $_i ]; do
				run "$_name" "b$(printf %03d $_j)" "$BSPEC" "$@"
				_j=$((_j + 1))
			done
		fi
		_i=$((_i + 1))
	done
	while [ $_i -le $(((_np + 1) * RUNS)) ]; do
		run "$_name" "a$(printf %03d $_i)" "$CASE" "$@"
		_i=$((_i + 1))
	done
}

# side DIR ARM I: the run directories of side I of ARM (a or b)
side() {
	_k=$((($3 - 1) * RUNS + 1))
	while [ $_k -le $(($3 * RUNS)) ]; do
		printf '%s/%s%03d ' "$1" "$2" $_k
		_k=$((_k + 1))
	done
}

# rows DIR THRESHOLD KIND: "n flagged unstable" of the KIND rows of
# DIR/verdicts.txt at THRESHOLD (flagged: a primary verdict either way)
rows() {
	awk -v th="$2" -v k="$3" '$1 == th && $2 == k { n++
			if ($4 == "worse" || $4 == "better") f++
			if ($4 == "unstable") u++ }
		END { print n + 0, f + 0, u + 0 }' "$1/verdicts.txt"
}

# analyse NAME NPAIRS: tables and summary lines; sets met=1 when the
# first threshold's targets are met
analyse() {
	_name=$1 _np=$2 _d=$OUT/$1
	: > "$_d/verdicts.txt"
	for th in $THRESHOLDS; do
		_i=1
		while [ $_i -le "$_np" ]; do
			a=$(side "$_d" a $_i)
			a2=$(side "$_d" a $((_i + 1)))
			v1=$(verdicts "$a" "$a2" "$th") || exit 2
			echo "$th aa $_i $v1" >> "$_d/verdicts.txt"
			if [ "$AB" = 1 ]; then
				v2=$(verdicts "$a" "$(side "$_d" b $_i)" "$th") ||
					exit 2
				echo "$th ab $_i $v2" >> "$_d/verdicts.txt"
				b=$(side "$_d" b $_i)
				if [ "$RUNS" -gt 1 ]; then
					v5=$(verdicts "${a%% *}" "${b%% *}" \
					     "$th" "--runs 1") || exit 2
					echo "$th b1 $_i $v5" >> "$_d/verdicts.txt"
				fi
				if [ "$RUNS" -ge 3 ]; then
					v6=$(verdicts "$a" "${b%% *}" "$th" \
					     "--base-runs $RUNS") || exit 2
					echo "$th bp $_i $v6" >> "$_d/verdicts.txt"
				fi
			fi
			if [ "$RUNS" -gt 1 ]; then
				v3=$(verdicts "${a%% *}" "${a2%% *}" "$th" \
				     "--runs 1") || exit 2
				echo "$th a1 $_i $v3" >> "$_d/verdicts.txt"
			fi
			if [ "$RUNS" -ge 3 ]; then
				v4=$(verdicts "$a" "${a2%% *}" "$th" \
				     "--base-runs $RUNS") || exit 2
				echo "$th ap $_i $v4" >> "$_d/verdicts.txt"
			fi
			if [ "$RUNS" -gt 1 ] && [ $((_i % 2)) = 1 ]; then
				# sides i and i+1 as one window, split into
				# its odd and even runs: interleaved A/A
				set -- $a $a2
				x= y=
				while [ $# -ge 2 ]; do
					x="$x $1" y="$y $2"
					shift 2
				done
				v7=$(verdicts "$x" "$y" "$th") || exit 2
				echo "$th ai $_i $v7" >> "$_d/verdicts.txt"
			fi
			_i=$((_i + 1))
		done
	done
	say "## $_name: verdicts per compare --threshold (A/A: A_i vs A_i+1;" \
	    "power: A_i vs B_i, B slowed by $SLOW%)"
	say "threshold metric           A/A: alarms unstable disturbed  power: called unstable disturbed better other"
	awk '{
		for (k = 0; k < 2; k++) {
			key = $1 " " $2 " " (k ? "ops_per_cpu_sec" : "ops_per_sec")
			v = $(4 + k)
			n[key]++
			if (v == "worse" || v == "better")
				flag[key]++
			if (v == "worse")
				worse[key]++
			if (v == "better")
				better[key]++
			if (v == "unstable")
				unst[key]++
			if (v == "disturbed")
				dist[key]++
		}
		if (!seen[$1]++)
			th[++nth] = $1
	} END {
		for (t = 1; t <= nth; t++)
			for (k = 0; k < 2; k++) {
				m = k ? "ops_per_cpu_sec" : "ops_per_sec"
				a = th[t] " aa " m
				b = th[t] " ab " m
				o = n[b] - worse[b] - unst[b] - dist[b]
				o -= better[b]
				printf "%8s%% %-16s %5d/%-3d %8d %9d  %12d/%-3d" \
				       " %8d %9d %6d %5d\n", th[t], m,
				       flag[a], n[a], unst[a], dist[a], worse[b],
				       n[b], unst[b], dist[b], better[b], o
			}
	}' "$_d/verdicts.txt" | tee -a "$REPORT"
	say "# other: same, few-reps, no data or a broken case"

	say "## $_name: A/A of every metric at compare's default rule" \
	    "(cmpstat aa: flagged either way, unstable, with the guard off)"
	# shellcheck disable=SC2046
	"$CS" aa $(ls -d "$_d"/a[0-9]* | sort -V) | tee -a "$REPORT"

	# per-run means, then the slowdown obtained
	for r in $(ls -d "$_d"/a[0-9]* "$_d"/b[0-9]* | sort); do
		echo "$(basename "$r") $(means "$r")"
	done > "$_d/means.txt"
	_th=${THRESHOLDS%% *}
	# shellcheck disable=SC2046
	set -- $(awk -v th="$_th" '$1 == th {
			k = $2 " " (NR)
			n[$2]++
			if ($2 == "aa" && ($4 == "worse" || $4 == "better")) fa++
			if ($2 == "aa" && ($5 == "worse" || $5 == "better")) fc++
			if ($2 == "ab" && $4 == "worse") wo++
			if ($2 == "ab" && $5 == "worse") wc++
			if ($2 == "aa" && $4 == "unstable") ua++
			if ($2 == "aa" && $4 == "disturbed") da++
			if ($2 == "ab" && $4 == "unstable") ub++
			if ($2 == "ab" && $4 == "disturbed") db++
		} END { print n["aa"] + 0, fa + 0, fc + 0, n["ab"] + 0, wo + 0,
			      wc + 0, ua + 0, da + 0, ub + 0, db + 0 }' \
		"$_d/verdicts.txt")
	naa=$1 fa=$2 fc=$3 nab=$4 wo=$5 wc=$6 ua=$7 da=$8 ub=$9 db=${10}
	judged=1
	[ "$_np" -ge $MINPAIRS ] || judged=0
	tgt() {	# tgt OK: the verdict word
		if [ $judged = 0 ]; then
			echo "not judged (PAIRS $_np < $MINPAIRS)"
		elif [ "$1" = 1 ]; then
			echo ok
		else
			echo MISS
		fi
	}
	aa_ok=$(awk -v k="$fa" -v n="$naa" \
		'BEGIN { print (n > 0 && 100 * k / n <= '$AA_MAX') }')
	pw_ok=$(awk -v k="$wo" -v n="$nab" \
		'BEGIN { print (n > 0 && 100 * k / n >= '$POWER_MIN') }')
	say "summary: power: $_name: A/A false alarms, ops_per_sec," \
	    "threshold $_th%: $(share "$fa" "$naa"), unstable $ua," \
	    "disturbed $da; target <= $AA_MAX%: $(tgt "$aa_ok")"
	if [ "$RUNS" -gt 1 ]; then
		# shellcheck disable=SC2046
		set -- $(rows "$_d" "$_th" a1)
		say "summary: power: $_name: the same A/A pairs with one run" \
		    "a side (the rep as the unit): false alarms $(share "$2" "$1")," \
		    "unstable $3"
	fi
	if [ "$RUNS" -ge 3 ]; then
		# shellcheck disable=SC2046
		set -- $(rows "$_d" "$_th" ap)
		say "summary: power: $_name: the first run of A_i+1 against the" \
		    "$RUNS runs of A_i (compare --base-runs $RUNS): false alarms" \
		    "$(share "$2" "$1"), unstable $3"
	fi
	if [ "$RUNS" -gt 1 ]; then
		# shellcheck disable=SC2046
		set -- $(rows "$_d" "$_th" ai)
		say "summary: power: $_name: interleaved A/A, the odd runs of" \
		    "A_i and A_i+1 against the even ones (--runs $RUNS, i odd):" \
		    "false alarms $(share "$2" "$1"), unstable $3"
	fi
	if [ "$AB" = 0 ]; then
		say "summary: power: $_name: no B runs (AB=0): power not" \
		    "measured"
		pw_ok=0
	else
	say "summary: power: $_name: $SLOW% slowdown called, ops_per_sec," \
	    "threshold $_th%: $(share "$wo" "$nab"), unstable $ub," \
	    "disturbed $db; target >= $POWER_MIN%: $(tgt "$pw_ok")"
	for kind in b1 bp; do
		[ "$RUNS" -gt 1 ] || continue
		[ $kind = bp ] && [ "$RUNS" -lt 3 ] && continue
		# shellcheck disable=SC2046
		set -- $(awk -v th="$_th" -v k=$kind '$1 == th && $2 == k {
				n++; if ($4 == "worse") w++
				if ($4 == "unstable") u++ }
			END { print n + 0, w + 0, u + 0 }' "$_d/verdicts.txt")
		what="one run a side (the first of A_i and of B_i)"
		[ $kind = bp ] && what="the first run of B_i against the $RUNS of A_i (--base-runs $RUNS)"
		say "summary: power: $_name: $SLOW% slowdown called, $what:" \
		    "$(share "$2" "$1"), unstable $3"
	done
	say "summary: power: $_name: ops_per_cpu_sec, threshold $_th%:" \
	    "A/A false alarms $(share "$fc" "$naa"); slowdown called" \
	    "$(share "$wc" "$nab")"
	fi

	for col in 3 4; do
		m=ops_per_sec
		[ $col = 4 ] && m=ops_per_cpu_sec
		# "nA mA vA nB mB vB": per-run means, their mean and variance
		# shellcheck disable=SC2046
		set -- $(awk -v c=$col '$2 == "ok" && $c != "NA" {
				k = substr($1, 1, 1)
				n[k]++; s[k] += $c; q[k] += $c * $c
			} END {
				for (i = 0; i < 2; i++) {
					k = i ? "b" : "a"
					m = n[k] ? s[k] / n[k] : 0
					v = q[k] - n[k] * m * m
					v = n[k] > 1 ? v / (n[k] - 1) : 0
					printf "%d %.6f %.6f ", n[k], m, v
				}
			}' "$_d/means.txt")
		if [ "$1" -lt 2 ] || [ "$4" -lt 2 ]; then
			say "summary: power: $_name: B against A, $m:" \
			    "too few runs with a value"
			continue
		fi
		# relative variances of the two means, Welch's df
		df=$(echo "$*" | awk '{ a = $3 / ($1 * $2 * $2)
			b = $6 / ($4 * $5 * $5)
			d = a * a / ($1 - 1) + b * b / ($4 - 1)
			printf "%.3f\n", (d > 0 ? (a + b) ^ 2 / d : 1e6) }')
		tq=$($CS t "$df")
		pooled=$(echo "$* $tq" | awk '{ r = $5 / $2
			se = r * sqrt($3 / ($1 * $2 * $2) + $6 / ($4 * $5 * $5))
			printf "%+.2f%% +- %.2f%% (95%%, means of %d A and" \
			       " %d B runs)",
			       100 * (r - 1), 100 * $7 * se, $1, $4 }')
		# B_i against the mean of the A runs on either side
		# shellcheck disable=SC2046
		# (with RUNS=K, the mean of each side's K run means)
		set -- $(awk -v c=$col -v k="$RUNS" '$2 == "ok" && $c != "NA" {
				g = substr($1, 1, 1) int((substr($1, 2) - 1) / k)
				v[g] += $c; cnt[g]++
			} END {
				for (i = 0; i <= 999; i++) {
					a = "a" i; b = "b" i; a2 = "a" (i + 1)
					if (!(a in v) || !(b in v) || !(a2 in v))
						continue
					ma = (v[a] / cnt[a] + v[a2] / cnt[a2]) / 2
					d = v[b] / cnt[b] / ma - 1
					n++; s += d; q += d * d
				}
				m = n ? s / n : 0
				sd = n > 1 ? sqrt((q - n * m * m) / (n - 1)) : 0
				printf "%d %.8f %.8f\n", n, m, sd
			}' "$_d/means.txt")
		if [ "$1" -ge 2 ]; then
			tq=$($CS t $(($1 - 1)))
			brk=$(echo "$* $tq" | awk '{ printf "%+.2f%% +- %.2f%%" \
				" (95%%, %d pairs)", 100 * $2,
				100 * $4 * $3 / sqrt($1), $1 }')
		else
			brk="too few pairs"
		fi
		say "summary: power: $_name: B against A (the slowdown" \
		    "obtained), $m: $pooled; B_i against A_i, A_i+1: $brk"
	done

	# time per case, reps and the machine's share of CPU for the tasks
	# shellcheck disable=SC2046
	# (a side: the sum of its K runs)
	set -- $(awk -v p="$_name" -v k="$RUNS" '$1 == p && $2 != "pilot" {
			g = substr($2, 1, 1) int((substr($2, 2) - 1) / k)
			t[g] += $3 }
		END { for (g in t) { n++; s += t[g]; if (t[g] > mx) mx = t[g] }
		      printf "%.1f %.1f\n", n ? s / n : 0, mx }' \
		"$OUT/runs.txt")
	tmean=$1 tmax=$2
	reps=$(awk '$2 == "ok" { n++; s += $5; if (!mn || $5 < mn) mn = $5
			if ($5 > mx) mx = $5 }
		END { printf "reps %.1f (%d-%d)", n ? s / n : 0, mn, mx }' \
		"$_d/means.txt")
	share_cpu=$(awk '$2 == "ok" && $6 != "NA" { n++; s += $6 }
		END { printf "%.3f", n ? s / n : 0 }' "$_d/means.txt")
	t_ok=$(awk -v t="$tmax" 'BEGIN { print (t <= '$CASE_MAX') }')
	say "summary: power: $_name: per case (one side, $RUNS run(s)) ${tmean} s mean," \
	    "${tmax} s max, $reps, cpu_share $share_cpu; target <= ${CASE_MAX} s:" \
	    "$(tgt "$t_ok")"
	met=0
	[ $judged = 1 ] && [ "$aa_ok" = 1 ] && [ "$pw_ok" = 1 ] &&
		[ "$t_ok" = 1 ] && met=1
}

t_all=$(date +%s)
say "# bench/power.sh on $(uname -r), $(nproc) CPUs, $(date -u +%FT%TZ)," \
    "$("$FL" --version 2> /dev/null)"
say "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
args=${RUN_ARGS:-"(faultline's default reps, duration and warm-up)"}
say "# $CASE -t $TASKS -m $MODE $args; $PAIRS pairs; thresholds $THRESHOLDS"
if [ "$ANALYSE_ONLY" = 1 ]; then
	say "# ANALYSE_ONLY=1: the runs in $OUT/runs again, with this" \
	    "faultline's compare"
	analyse runs "$PAIRS"
	exit $((1 - met))
fi
mkdir -p "$OUT/runs"
: > "$OUT/runs.txt"
# shellcheck disable=SC2086
run runs pilot "$CASE" $RUN_ARGS
# shellcheck disable=SC2046
set -- $(means "$OUT/runs/pilot")
[ "$1" = ok ] || { cat "$OUT/logs/runs-pilot.txt" >&2
	echo "power: error: the pilot run's case is $1" >&2; exit 2; }
say "# pilot: $(jq -r '.cases[0] | "-d \(.duration) -w \(.warmup) -r \(.reps)"' \
	"$OUT/runs/pilot/result.json"), ops_per_sec $2, ops_per_cpu_sec $3," \
    "cpu_share $5, $(awk '$2 == "pilot" { print $3 }' "$OUT/runs.txt") s"
if [ -z "$DELAY_NS" ]; then
	DELAY_NS=$(echo "$2 $3" | awk -v t="$TASKS" -v s="$SLOW" '{
		p = $2 != "NA" && $2 > 0 ? 1e9 / $2 : t * 1e9 / $1
		d = s / (100 - s) * p
		printf "%d\n", d < 1 ? 1 : d + 0.5 }')
fi
case $CASE in
*:*) BSPEC="$CASE,delay_ns=$DELAY_NS" ;;
*) BSPEC="$CASE:delay_ns=$DELAY_NS" ;;
esac
say "# B: $BSPEC (for a $SLOW% slowdown)"

# shellcheck disable=SC2086
pass runs "$PAIRS" $RUN_ARGS
say "# $(grep -c "^runs [ab]" "$OUT/runs.txt") runs; load average after:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
analyse runs "$PAIRS"
met_all=$met
if [ "$AUTO" = 1 ]; then
	# shellcheck disable=SC2086
	pass auto "$AUTO_PAIRS" $RUN_ARGS -r auto
	say "# -r auto: $(((2 * AUTO_PAIRS + 1) * RUNS)) runs; load average after:" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)"
	analyse auto "$AUTO_PAIRS"
	[ "$met" = 1 ] && met_all=1
fi
say "# wall time $(($(date +%s) - t_all)) s; load average after:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
[ "$met_all" = 1 ]
