#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/sampler.sh - what the per-second sampler costs the workload.
#
# Runs one case (default page_fault1, threads, as many tasks as CPUs, so
# that every sampler wake-up has to take a CPU from a worker: the worst
# case) alternately with the sampler (the default) and without it
# (FAULTLINE_NO_SAMPLER=1: the measured process only sleeps to the end
# of the warm-up and of the window, and snapshots the counters there).
# Runs come in pairs, in alternating order (on/off, off/on, ...), each
# `-r 1 -w WARMUP -d DURATION`. Pairs continue until the 95% interval
# of the paired difference is within +-0.25% (so that 0.5% is
# resolved), or until BUDGET seconds or MAXPAIRS pairs, and at least
# MINPAIRS pairs.
#
# While a run is in its window, /proc/.../schedstat (run time and
# run-queue wait, in ns) is read twice for the supervisor, the measured
# process's main thread (the sampler) and every worker. Reported:
#   raw         mean over pairs of (off - on) / off of ops/s, in %, with
#               its 95% interval (t quantile); positive: the sampler
#               costs throughput. On a shared machine the noise of
#               ops/s is that of whatever else runs.
#   normalised  the same for ops/s divided by the workers' share of time
#               on a CPU, run / (run + wait): throughput as if nothing
#               else had taken CPU time from them. Other load mostly
#               cancels; cache and scheduling effects of the sampler
#               remain.
#   cpu         the sampler thread's CPU time per second (with minus
#               without), as a share of the busy CPUs: its direct cost,
#               which normalising removes, so it is added back.
#   superv.     the supervisor's CPU time per second, the same in both
#               arms (it polls the measured process).
# Verdict: overhead = normalised + cpu, with the normalised 95%
# interval; target <= 0.5%: ok when the interval's upper end is
# <= 0.5%, MISS when its lower end is above, else "not resolved".
#
# Environment: FL [./faultline], CASE [page_fault1], MODE [threads],
# TASKS [nproc], WARMUP [1], DURATION [2], BUDGET [300], MINPAIRS [10],
# MAXPAIRS [200], OUT [bench/out/sampler]. KNOB [FAULTLINE_NO_SAMPLER]
# and NAME [sampler]: the variable set to 1 in the "off" arm (none when
# KNOB is empty), and the name in the summary, for measuring another
# switch the same way: FAULTLINE_NO_CHECKS (bench/honest.sh), or
# FAULTLINE_NO_MONITORS, the sampler and the /proc reads at the window's
# edges together (issue 13's "monitors": KNOB=FAULTLINE_NO_MONITORS
# NAME=monitors). ON_ARGS: more `faultline run` options for the "on"
# arm only, e.g. ON_ARGS="--perf stat" KNOB= NAME=perf-stat for what
# perf's counters cost.
# AMPLIFY=N (with KNOB=FAULTLINE_NO_MONITORS): the "on" arm runs with
# FAULTLINE_MONITOR_HZ=N, N - 1 more full snapshots (the window edges'
# /proc reads and all) a second, so that a cost too small to resolve at
# one a second is multiplied; the overhead and its interval are then
# divided by the ratio of the snapshots taken, (N - 1) x S + 2 with S =
# WARMUP + DURATION, to those of a plain run, at most S + 2 (its S
# per-second wake-ups counted as full snapshots, though they read no
# /proc file). That assumes a snapshot costs the same at N a second as
# at one, which a cold cache makes optimistic; run two values of N to
# see whether the cost per snapshot holds.
# TARGET [0.5]: the overhead target in percent, or "none" to measure
# only (the verdict is then "measured" and the exit 0).
# Exit: 0 target met, 1 missed or not resolved, 2 error.
set -u
cd "$(dirname "$0")/.." || exit 2

FL=${FL:-./faultline}
CASE=${CASE:-page_fault1}
MODE=${MODE:-threads}
TASKS=${TASKS:-$(nproc)}
WARMUP=${WARMUP:-1}
DURATION=${DURATION:-2}
BUDGET=${BUDGET:-300}
MINPAIRS=${MINPAIRS:-10}
MAXPAIRS=${MAXPAIRS:-200}
OUT=${OUT:-bench/out/sampler}
KNOB=${KNOB-FAULTLINE_NO_SAMPLER}
ON_ARGS=${ON_ARGS:-}
AMPLIFY=${AMPLIFY:-1}
case $AMPLIFY in
""|*[!0-9]*|0) echo "sampler: error: AMPLIFY=$AMPLIFY: a count of 1 or more" >&2
	exit 2 ;;
esac
if [ "$AMPLIFY" -gt 1 ] && [ "$KNOB" != FAULTLINE_NO_MONITORS ]; then
	echo "sampler: error: AMPLIFY needs KNOB=FAULTLINE_NO_MONITORS" >&2
	exit 2
fi
# the divisor of an amplified overhead (AMPLIFY above)
SCALE=$(awk -v n="$AMPLIFY" -v s=$((WARMUP + DURATION)) \
	'BEGIN { printf "%.6f\n", (n > 1 ? ((n - 1) * s + 2) / (s + 2) : 1) }')
NAME=${NAME:-sampler}
TARGET=${TARGET:-0.5}

[ -x "$FL" ] || { echo "sampler: error: no $FL; run make first" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/res" || exit 2
. "$(dirname "$0")/common.inc"
bench_setup sampler

# cpu SUP MEASURED: "sup_run main_run workers_run workers_wait nworkers",
# nanoseconds from /proc/.../schedstat (run time, run-queue wait). The
# workers (CPU-bound, always runnable) give the wall time as
# (run + wait) / n, without a coarse clock, and their share of it on a
# CPU, run / (run + wait), says how much other work took from them.
cpu() {
	w=
	for t in /proc/"$2"/task/*; do
		[ "${t##*/}" = "$2" ] || w="$w $t/schedstat"
	done
	# its children but perf (--perf in ON_ARGS), which is not a worker
	for c in $(ps -o pid=,comm= --ppid "$2" |
		   awk '$2 != "perf" { print $1 }'); do
		w="$w $(echo /proc/"$c"/task/*/schedstat)"
	done
	# shellcheck disable=SC2086
	awk -v s="$1" -v m="$2" -v w="$w" 'BEGIN {
		getline x < ("/proc/" s "/task/" s "/schedstat")
		split(x, b, " ")
		getline y < ("/proc/" m "/task/" m "/schedstat")
		split(y, c, " ")
		n = split(w, f, " ")
		for (i = 1; i <= n; i++) {
			z = ""
			getline z < f[i]
			split(z, d, " ")
			r += d[1]; q += d[2]
		}
		if (b[1] == "" || c[1] == "" || !n)
			exit 1
		printf "%s %s %.0f %.0f %d\n", b[1], c[1], r, q, n
	}'
}

# once OFF NAME: one run; appends "arm ops sup_us_per_s main_us_per_s"
once() {
	args=
	if [ "$1" = 1 ]; then
		arm=off
		[ -z "$KNOB" ] || export "$KNOB=1"
	else
		arm=on
		[ -z "$KNOB" ] || unset "$KNOB"
		args=$ON_ARGS
		[ "$AMPLIFY" = 1 ] ||
			export FAULTLINE_MONITOR_HZ="$AMPLIFY"
	fi
	# shellcheck disable=SC2086
	"$FL" run -q -t "$TASKS" -m "$MODE" -w "$WARMUP" -d "$DURATION" \
		-r 1 --cpus compact -o "$OUT/res" -n "$2" $args "$CASE" \
		> "$OUT/res/$2.ktap" 2>&1 &
	bg=$!
	[ -z "$KNOB" ] || unset "$KNOB"
	unset FAULTLINE_MONITOR_HZ
	spid=
	mpid=
	while kill -0 "$bg" 2> /dev/null && [ -z "$mpid" ]; do
		[ -n "$spid" ] || spid=$(sup_of "$bg")
		[ -n "$spid" ] && mpid=$(ps -o pid=,pgid= --ppid "$spid" |
			awk '$1 == $2 { print $1; exit }')
		[ -n "$mpid" ] || sleep 0.02
	done
	a=
	b=
	if [ -n "$mpid" ]; then
		sleep "$WARMUP.3"
		a=$(cpu "$spid" "$mpid")
		sleep "$((DURATION - 1)).2"
		b=$(cpu "$spid" "$mpid")
	fi
	wait "$bg"
	st=$?
	bg=
	[ $st -le 1 ] || { cat "$OUT/res/$2.ktap" >&2; return 1; }
	ops=$(tr -d ' \t\n' < "$OUT/res/$2/result.json" | awk '{
		s = substr($0, index($0, "\"cases\":["))
		if (!match(s, /"ops_per_sec":[{][^}]*[}]/))
			exit 1
		m = substr(s, RSTART, RLENGTH)
		if (!match(m, /"reps":[[][^]]+[]]/))
			exit 1
		split(substr(m, RSTART + 8, RLENGTH - 9), v, ",")
		printf "%.1f\n", v[1]
	}')
	[ -n "$ops" ] || return 1
	# arm, ops/s, supervisor and sampler us per s, workers' CPU share,
	# ops per s of worker CPU time x tasks (ops/s as if nothing else ran)
	echo "$a $b" | awk -v arm="$arm" -v ops="$ops" -v t="$TASKS" '{
		su = ms = u = no = "NA"
		wall = NF == 10 && $10 > 0 ? ($8 + $9 - $3 - $4) / $10 : 0
		if ($5 == $10 && wall > 0 && $8 > $3) {
			su = sprintf("%.1f", ($6 - $1) / wall * 1e6)
			ms = sprintf("%.1f", ($7 - $2) / wall * 1e6)
			u = ($8 - $3) / ($8 + $9 - $3 - $4)
			no = sprintf("%.1f", ops / u)
			u = sprintf("%.4f", u)
		}
		print arm, ops, su, ms, u, no
	}' >> "$OUT/runs.txt"
}

# analyse RUNS: the table and verdict. Each line of RUNS: arm ops/s
# supervisor_us/s sampler_us/s worker_cpu_share normalised_ops/s
analyse() {
	awk -v tasks="$TASKS" -v name="$NAME" -v scale="$SCALE" \
	    -v target="$TARGET" '
	# two-sided 95% t quantiles, df 1..30; normal beyond
	function tq(df,	q) {
		split("12.71 4.30 3.18 2.78 2.57 2.45 2.36 2.31 2.26 2.23 " \
		      "2.20 2.18 2.16 2.14 2.13 2.12 2.11 2.10 2.09 2.09 " \
		      "2.08 2.07 2.07 2.06 2.06 2.06 2.05 2.05 2.05 2.04",
		      q, " ")
		return df < 1 ? 99 : df <= 30 ? q[df] : 1.96
	}
	function med(k, c,	arr, n, i, j, t) {
		n = cnt[k, c]
		for (i = 1; i <= n; i++)
			arr[i] = val[k, c, i]
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && arr[j - 1] > arr[j]; j--) {
				t = arr[j]; arr[j] = arr[j - 1]; arr[j - 1] = t
			}
		if (!n)
			return -1
		return n % 2 ? arr[(n + 1) / 2] : \
		       (arr[n / 2] + arr[n / 2 + 1]) / 2
	}
	function mean(k, c) { return cnt[k, c] ? sum[k, c] / cnt[k, c] : 0 }
	function cov(k, c,	m, v) {
		m = mean(k, c)
		if (cnt[k, c] < 2 || m <= 0)
			return 0
		v = (sq[k, c] - cnt[k, c] * m * m) / (cnt[k, c] - 1)
		return v > 0 ? 100 * sqrt(v) / m : 0
	}
	function add(k, c, x) {
		if (x == "NA")
			return
		cnt[k, c]++; sum[k, c] += x; sq[k, c] += x * x
		val[k, c, cnt[k, c]] = x
	}
	# paired relative difference (off - on) / off in %, column c
	function pair(c, a, b,	on, off) {
		on = a == "on" ? pa[c] : b
		off = a == "on" ? b : pa[c]
		if (on == "NA" || off == "NA" || off <= 0)
			return
		d = 100 * (off - on) / off
		np[c]++; ds[c] += d; dss[c] += d * d
	}
	function ci(c,	se) {
		if (np[c] < 2)
			return 99
		se = sqrt((dss[c] - ds[c] * ds[c] / np[c]) / (np[c] - 1) / np[c])
		return tq(np[c] - 1) * se
	}
	{
		for (c = 2; c <= 6; c++)
			add($1, c, $c)
		if (NR % 2 == 1) {
			a = $1
			for (c = 2; c <= 6; c++)
				pa[c] = $c
			next
		}
		pair(2, a, $2)
		pair(6, a, $6)
	}
	END {
		printf "halfwidth %.4f\n", (ci(6) < 99 ? ci(6) : ci(2)) / scale
		printf "%-11s %5s %10s %6s %10s %6s %7s %9s %9s\n", "arm",
		       "runs", "ops/s", "%cv", "ops/cpu-s", "%cv", "cpu%",
		       "sampler", "superv."
		for (i = 1; i <= 2; i++) {
			k = i == 1 ? "on" : "off"
			printf "%-11s %5d %10.0f %6.2f %10.0f %6.2f %7.2f " \
			       "%9.1f %9.1f\n", "sampler " k, cnt[k, 2],
			       mean(k, 2), cov(k, 2), mean(k, 6), cov(k, 6),
			       100 * mean(k, 5), med(k, 4), med(k, 3)
		}
		print "# ops/cpu-s: ops/s divided by the share of time the workers" \
		      " ran on a CPU (cpu%); sampler, superv.: median" \
		      " microseconds of CPU per second"
		direct = (med("on", 4) - med("off", 4)) / 1e4 / tasks
		printf "raw: throughput overhead %.3f%% +- %.3f%% (95%%, %d " \
		       "pairs)\n", np[2] ? ds[2] / np[2] : 0, ci(2), np[2]
		printf "cpu: the sampler thread uses %.1f us/s: %.5f%% of %d " \
		       "busy CPUs\n", med("on", 4) - med("off", 4), direct,
		       tasks
		m = np[6] ? ds[6] / np[6] : 0
		h = ci(6)
		printf "normalised: overhead %.3f%% +- %.3f%% (95%%, %d " \
		       "pairs)\n", m, h, np[6]
		# the sampler thread CPU time is outside the normalised
		# figure (it takes CPU from the workers): add it
		m += direct
		if (scale > 1) {
			printf "amplified: the on arm took at least %.2f " \
			       "times the snapshots of a plain run; the " \
			       "summary divides by that\n", scale
			m /= scale
			h /= scale
		}
		if (target == "none")
			v = "measured"
		else if (m + h <= target)
			v = "ok"
		else if (m - h > target)
			v = "MISS"
		else
			v = "not resolved"
		printf "summary: %s: overhead %.3f%% +- %.3f%% (95%%," \
		       " %d pairs: CPU-normalised throughput + sampler CPU%s)," \
		       " target %s: %s\n", name, m, h, np[6],
		       (scale > 1 ? sprintf(", amplified %.2fx", scale) : ""),
		       target == "none" ? "none" : "<= " target "%", v
	}' "$1"
}

echo "# sampler: $CASE, $MODE, $TASKS tasks, -w $WARMUP -d $DURATION -r 1" \
     "per run; pairs until +-0.25% or ${BUDGET}s; $(uname -r)," \
     "$("$FL" --version 2> /dev/null)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$OUT/runs.txt"
t0=$(date +%s)
pair=0
while [ $pair -lt "$MAXPAIRS" ]; do
	pair=$((pair + 1))
	if [ $((pair % 2)) -eq 1 ]; then
		first=0 second=1
	else
		first=1 second=0
	fi
	once $first "p$pair-a" && once $second "p$pair-b" || {
		echo "sampler: error: pair $pair failed" >&2
		exit 2
	}
	# stop once the 95% interval of the paired difference of the
	# CPU-normalised throughput is within +-0.25%
	hw=$(analyse "$OUT/runs.txt" | awk '/^halfwidth/ { print $2 }')
	[ $pair -lt "$MINPAIRS" ] && continue
	awk -v h="$hw" 'BEGIN { exit !(h <= 0.25) }' && break
	[ $(($(date +%s) - t0)) -ge "$BUDGET" ] && break
done
echo "# $pair pairs in $(($(date +%s) - t0)) s; load average after:" \
     "$(cut -d' ' -f1-3 /proc/loadavg)"
analyse "$OUT/runs.txt" | grep -v '^halfwidth' | tee "$OUT/summary.txt"
awk '/^summary:/ { exit $NF == "ok" || $NF == "measured" ? 0 : 1 }' "$OUT/summary.txt"
