#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/wis.sh - faultline's page_fault1, page_fault2, page_fault3 and
# mmap1 against will-it-scale's tests of the same names, interleaved.
#
# For every test x mode (threads, processes) x tasks (1, 2) and every
# rep, the two tools run back to back, alternating which goes first, and
# never at the same time. Both measure the same thing:
#
#   - the same loop: 128 MB region, one op per page written or per
#     mmap/munmap pair, a per-task unlinked file in /tmp for the
#     file-backed tests;
#   - the same pinning: task i on core i % cores (will-it-scale: hwloc
#     cores; faultline: --cpus compact, one PU per core);
#   - ASLR off for both (will-it-scale under `setarch -R` as its
#     runtest.py does; faultline turns it off itself);
#   - the same window: tasks start together, the first WARMUP seconds
#     are discarded, the next DURATION seconds are measured, and the
#     value is ops per second over that window (faultline: counter
#     delta over the measured time; will-it-scale: the mean of its
#     per-second "total:" samples WARMUP+1 .. WARMUP+DURATION, which is
#     exactly its own "average:" when WARMUP=6, its built-in warm-up).
#
# will-it-scale's C binaries are driven directly (never runtest.py);
# its output is line-buffered with stdbuf and read with awk, and it is
# stopped (with its process group) once the window is complete.
#
# Environment:
#   WIS_DIR    will-it-scale checkout; built there. Unset/absent: skip.
#   FL         faultline binary [./faultline]
#   REPS       reps per case and tool [5; QUICK=1: 3]
#   WARMUP     seconds discarded [1]
#   DURATION   seconds measured [2; QUICK=1: 1]
#   TESTS      [page_fault1 page_fault2 page_fault3 mmap1]
#   MODES      [threads processes]
#   TASKS      [1 2]
#   OUT        raw data [bench/out/wis]
#
# Output: a table per case: means, CoV across reps of each tool, the
# ratio faultline/will-it-scale of the means with the standard error of
# the per-rep (paired) ratios. Targets: ratio in 0.97..1.03, faultline's
# CoV <= will-it-scale's. Raw per-rep values: $OUT/reps.csv.
# Exit: 0 targets met, 1 a target missed, 2 error, 4 skipped.
set -u
cd "$(dirname "$0")/.." || exit 2

FL=${FL:-./faultline}
if [ "${QUICK:-0}" = 1 ]; then
	REPS=${REPS:-3}
	DURATION=${DURATION:-1}
fi
REPS=${REPS:-5}
WARMUP=${WARMUP:-1}
DURATION=${DURATION:-2}
TESTS=${TESTS:-page_fault1 page_fault2 page_fault3 mmap1}
MODES=${MODES:-threads processes}
TASKS=${TASKS:-1 2}
OUT=${OUT:-bench/out/wis}

if [ -z "${WIS_DIR:-}" ]; then
	echo "wis: SKIP: WIS_DIR is not set; point it at a will-it-scale" \
	     "checkout (https://github.com/antonblanchard/will-it-scale)"
	exit 4
fi
if [ ! -f "$WIS_DIR/main.c" ] || [ ! -d "$WIS_DIR/tests" ]; then
	echo "wis: SKIP: WIS_DIR=$WIS_DIR is not a will-it-scale checkout"
	exit 4
fi
if [ ! -x "$FL" ]; then
	echo "wis: error: no $FL; run make first" >&2
	exit 2
fi
for c in stdbuf setsid setarch; do
	command -v "$c" > /dev/null || {
		echo "wis: error: $c not found (coreutils/util-linux)" >&2
		exit 2
	}
done

rm -rf "$OUT"
mkdir -p "$OUT/fl" || exit 2
TMP=$(mktemp -d /tmp/faultline-bench-wis.XXXXXX) || exit 2
wpid=
cleanup() {
	[ -n "$wpid" ] && kill -KILL "-$wpid" 2> /dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy: other work may rebuild ./faultline meanwhile.
cp "$FL" "$TMP/faultline" || exit 2
FL=$TMP/faultline

# Build only the binaries compared, with will-it-scale's own Makefile.
bins=
for t in $TESTS; do
	for m in $MODES; do
		bins="$bins ${t}_$m"
	done
done
# shellcheck disable=SC2086
if ! make -C "$WIS_DIR" $bins > "$OUT/wis-build.log" 2>&1; then
	cat "$OUT/wis-build.log" >&2
	echo "wis: error: cannot build will-it-scale in $WIS_DIR" \
	     "(it needs libhwloc-dev)" >&2
	exit 2
fi

# group_alive PGID: a process of the group is still running (not zombie)
group_alive() {
	ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { n++ }
		END { exit !n }'
}

# wis_once TEST MODE TASKS: sets v to will-it-scale's ops/s over the
# window (no subshell, so that the EXIT trap can stop it). The
# shell's read takes a pipe byte by byte, so each per-second sample is
# seen as soon as will-it-scale prints it (awk may buffer its input).
wis_once() {
	fifo=$TMP/fifo
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	setsid stdbuf -oL setarch -R "$WIS_DIR/${1}_$2" -t "$3" \
		> "$fifo" 2> "$TMP/wis.err" &
	wpid=$!
	k=0
	sum=0
	while IFS= read -r line; do
		case $line in
		min:*" max:"*" total:"*) ;;
		*) continue ;;
		esac
		k=$((k + 1))
		[ $k -gt "$WARMUP" ] && sum=$((sum + ${line##*total:}))
		[ $k -eq $((WARMUP + DURATION)) ] && break
	done < "$fifo"
	kill -TERM "-$wpid" 2> /dev/null
	wait "$wpid" 2> /dev/null
	i=0
	while group_alive "$wpid" && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	wpid=
	v=
	if [ $k -ne $((WARMUP + DURATION)) ]; then
		cat "$TMP/wis.err" >&2
		return 1
	fi
	v=$(awk -v s="$sum" -v d="$DURATION" 'BEGIN { printf "%.1f", s / d }')
}

# fl_once TEST MODE TASKS NAME: faultline's ops/s over the window
fl_once() {
	"$FL" run -q -t "$3" -m "$2" -w "$WARMUP" -d "$DURATION" -r 1 \
		--cpus compact -o "$OUT/fl" -n "$4" "$1" \
		> "$OUT/fl/$4.ktap" 2>&1
	# 1: the case failed; a kernel log line from other work on this
	# machine does that, and the rep still counts (status below)
	[ $? -le 1 ] || return 1
	tr -d ' \t\n' < "$OUT/fl/$4/result.json" | awk '{
		s = substr($0, index($0, "\"cases\":["))
		if (!match(s, /"status":"[a-z]+"/))
			exit 1
		st = substr(s, RSTART + 10, RLENGTH - 11)
		if (st != "ok" && (st != "fail" ||
		    index(s, "\"reason\":\"kernellog:") == 0))
			exit 1
		if (!match(s, /"ops_per_sec":[{][^}]*[}]/))
			exit 1
		m = substr(s, RSTART, RLENGTH)
		if (!match(m, /"reps":[[][^]]+[]]/))
			exit 1
		r = substr(m, RSTART + 8, RLENGTH - 9)
		split(r, v, ",")
		printf "%.1f\n", v[1]
	}'
}

ncase=0
for t in $TESTS; do for m in $MODES; do for n in $TASKS; do
	ncase=$((ncase + 1))
done; done; done
est=$((REPS * ncase * 2 * (WARMUP + DURATION + 1)))
echo "# wis: faultline vs will-it-scale ($WIS_DIR," \
     "$(git -C "$WIS_DIR" describe --always 2>/dev/null || echo '?'))"
echo "# $(uname -r), $(nproc) CPUs; $ncase cases x $REPS reps x 2 tools," \
     "-w $WARMUP -d $DURATION; about $((est / 60)) min"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

CSV=$OUT/reps.csv
echo "test,mode,tasks,rep,tool,ops_per_sec,loadavg1" > "$CSV"
err=0
rep=1
while [ $rep -le "$REPS" ]; do
	k=0
	for t in $TESTS; do for m in $MODES; do for n in $TASKS; do
		k=$((k + 1))
		if [ $(((rep + k) % 2)) -eq 0 ]; then
			order="wis fl"
		else
			order="fl wis"
		fi
		for tool in $order; do
			if [ $tool = wis ]; then
				wis_once "$t" "$m" "$n" || v=
			else
				v=$(fl_once "$t" "$m" "$n" "$t-$m-$n-r$rep")
			fi
			if [ -z "$v" ]; then
				echo "wis: error: $tool $t $m $n rep $rep" \
				     "failed" >&2
				err=1
				continue
			fi
			la=$(cut -d' ' -f1 /proc/loadavg)
			echo "$t,$m,$n,$rep,$tool,$v,$la" >> "$CSV"
		done
	done; done; done
	echo "# rep $rep/$REPS done, load average $(cut -d' ' -f1 /proc/loadavg)"
	rep=$((rep + 1))
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

awk -F, -v out="$OUT/summary.txt" '
NR == 1 { next }
{
	c = $1 "|" $2 "|" $3
	if (!(c in seen)) {
		seen[c] = 1
		order[++nc] = c
	}
	k = c SUBSEP $5
	n[k]++
	s[k] += $6
	ss[k] += $6 * $6
	val[k, $4] = $6
	if ($4 > maxrep)
		maxrep = $4
}
function mean(k) { return n[k] ? s[k] / n[k] : 0 }
function cov(k,	m, var) {
	if (n[k] < 2)
		return -1
	m = mean(k)
	var = (ss[k] - n[k] * m * m) / (n[k] - 1)
	return var > 0 && m > 0 ? 100 * sqrt(var) / m : 0
}
BEGIN {
	hdr = sprintf("%-24s %12s %12s %6s %6s %7s %7s  %s", "case",
		      "faultline", "wis", "fl%cv", "wis%cv", "ratio", "+-se",
		      "verdict")
	print hdr
	print hdr > out
}
END {
	bad = 0
	for (i = 1; i <= nc; i++) {
		c = order[i]
		f = c SUBSEP "fl"
		w = c SUBSEP "wis"
		np = 0; rs = 0; rss = 0
		for (r = 1; r <= maxrep; r++)
			if ((f, r) in val && (w, r) in val && val[w, r] > 0) {
				x = val[f, r] / val[w, r]
				np++; rs += x; rss += x * x
			}
		ratio = mean(w) > 0 ? mean(f) / mean(w) : 0
		se = np > 1 ? sqrt((rss - rs * rs / np) / (np - 1) / np) : 0
		cf = cov(f); cw = cov(w)
		v = ""
		if (ratio < 0.97 || ratio > 1.03) {
			v = v " ratio-MISS"; nr++
		}
		if (cf > cw) {
			v = v " cov-MISS"; ncv++
		}
		if (v == "")
			v = " ok"
		line = sprintf("%-24s %12.0f %12.0f %6.2f %6.2f %7.4f %7.4f %s",
			       c, mean(f), mean(w), cf, cw, ratio, se, v)
		print line
		print line > out
	}
	line = sprintf("summary: wis: %d cases; ratio within 0.97-1.03: %d/%d;" \
		       " faultline CoV <= will-it-scale CoV: %d/%d",
		       nc, nc - nr, nc, nc - ncv, nc)
	print line
	print line > out
	exit (nr + ncv) ? 1 : 0
}' "$CSV"
rc=$?
echo "# raw: $CSV"
[ $err -ne 0 ] && exit 2
exit $rc
