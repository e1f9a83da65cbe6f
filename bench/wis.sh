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
#   REPS       reps per case and tool, even: half with each order [6;
#              QUICK=1: 4]
#   WARMUP     seconds discarded [1]
#   DURATION   seconds measured [2; QUICK=1: 1]
#   TESTS      [page_fault1 page_fault2 page_fault3 mmap1]
#   MODES      [threads processes]
#   TASKS      [1 2]
#   OUT        raw data [bench/out/wis]
#   TMPFS      1: each run of either tool gets a fresh, private tmpfs on
#              /tmp (unshare -m), where both put their file [1 as root,
#              else 0]. /tmp is often a disk (here ext4 on a virtual
#              disk), and the flusher writing back page_fault3's dirty
#              shared pages then lands in some reps and not others.
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
	REPS=${REPS:-4}
	DURATION=${DURATION:-1}
fi
REPS=${REPS:-6}
WARMUP=${WARMUP:-1}
DURATION=${DURATION:-2}
TESTS=${TESTS:-page_fault1 page_fault2 page_fault3 mmap1}
MODES=${MODES:-threads processes}
TASKS=${TASKS:-1 2}
OUT=${OUT:-bench/out/wis}
if [ -z "${TMPFS:-}" ]; then
	TMPFS=0
	[ "$(id -u)" = 0 ] && command -v unshare > /dev/null && TMPFS=1
fi

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
fpid=
cleanup() {
	[ -n "$wpid" ] && kill -KILL "-$wpid" 2> /dev/null
	[ -n "$fpid" ] && kill "$fpid" 2> /dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Private copies of both tools (other work may rebuild ./faultline
# meanwhile), outside /tmp, which each run may see as a fresh tmpfs.
BIN=$PWD/$OUT/bin
case $OUT in
/*) BIN=$OUT/bin ;;
esac
case $BIN in
/tmp/*)
	if [ "$TMPFS" = 1 ]; then
		echo "wis: error: OUT=$OUT is under /tmp, which TMPFS=1 hides" \
		     "from the runs; use another OUT, or TMPFS=0" >&2
		exit 2
	fi ;;
esac
mkdir -p "$BIN" || exit 2
cp "$FL" "$BIN/faultline" || exit 2
FL=$BIN/faultline
# IN_TMP CMD...: CMD in a mount namespace of its own, /tmp a new tmpfs
IN_TMP=
if [ "$TMPFS" = 1 ]; then
	printf '%s\n' 'mount -t tmpfs -o mode=1777 none /tmp && exec "$@"' \
		> "$BIN/in-tmp.sh" || exit 2
	IN_TMP="unshare -m sh $BIN/in-tmp.sh"
fi

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
for b in $bins; do
	cp "$WIS_DIR/$b" "$BIN/" || exit 2
done

# group_alive PGID: a process of the group is still running (not zombie)
group_alive() {
	ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { n++ }
		END { exit !n }'
}

# workers PID: the schedstat files of PID's threads but its main thread
# and of every thread of its children: the tasks of either tool
workers() {
	for _t in /proc/"$1"/task/*; do
		[ "${_t##*/}" = "$1" ] || echo "$_t/schedstat"
	done
	for _c in $(ps -o pid= --ppid "$1"); do
		for _t in /proc/"$_c"/task/*; do
			echo "$_t/schedstat"
		done
	done
}

# cpustat PID: "run wait n", the workers' summed run time and run-queue
# wait in ns (/proc/.../schedstat) and how many there are
cpustat() {
	# shellcheck disable=SC2046
	awk 'BEGIN {
		for (i = 1; i < ARGC; i++) {
			z = ""
			if ((getline z < ARGV[i]) > 0) {
				split(z, d, " ")
				r += d[1]; q += d[2]; n++
			}
		}
		printf "%.0f %.0f %d\n", r, q, n
	}' $(workers "$1")
}

# share TASKS "A" "B": the workers' share of the time on a CPU between
# two cpustat readings, run / (run + wait); NA unless all were seen
share() {
	echo "$2 $3" | awk -v t="$1" '{
		d = $4 + $5 - $1 - $2
		if (NF == 6 && $3 == t && $6 == t && d > 0 && $4 > $1)
			printf "%.4f\n", ($4 - $1) / d
		else
			print "NA"
	}'
}

# wis_once TEST MODE TASKS: sets v to will-it-scale's ops/s over the
# window and u to its workers' CPU share in the window (no subshell, so
# that the EXIT trap can stop it). The shell's read takes a pipe byte
# by byte, so each per-second sample is seen as soon as will-it-scale
# prints it (awk may buffer its input).
wis_once() {
	fifo=$TMP/fifo
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	# shellcheck disable=SC2086
	setsid $IN_TMP stdbuf -oL setarch -R "$BIN/${1}_$2" -t "$3" \
		> "$fifo" 2> "$TMP/wis.err" &
	wpid=$!
	_k=0
	sum=0
	a=
	b=
	while IFS= read -r line; do
		case $line in
		min:*" max:"*" total:"*) ;;
		warmup) [ "$WARMUP" -eq 0 ] && a=$(cpustat "$wpid")
			continue ;;
		*) continue ;;
		esac
		_k=$((_k + 1))
		[ $_k -gt "$WARMUP" ] && sum=$((sum + ${line##*total:}))
		[ $_k -eq "$WARMUP" ] && a=$(cpustat "$wpid")
		if [ $_k -eq $((WARMUP + DURATION)) ]; then
			b=$(cpustat "$wpid")
			break
		fi
	done < "$fifo"
	kill -TERM "-$wpid" 2> /dev/null
	wait "$wpid" 2> /dev/null
	_i=0
	while group_alive "$wpid" && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	wpid=
	v=
	if [ $_k -ne $((WARMUP + DURATION)) ]; then
		cat "$TMP/wis.err" >&2
		return 1
	fi
	v=$(awk -v s="$sum" -v d="$DURATION" 'BEGIN { printf "%.1f", s / d }')
	u=$(share "$3" "$a" "$b")
}

# fl_once TEST MODE TASKS NAME: sets v to faultline's ops/s over the
# window and u to its workers' CPU share, read from about 0.1 s into
# the window to 0.5 s before its end (faultline prints nothing
# meanwhile, and finding its tasks may take a while on a busy machine)
fl_once() {
	v=
	u=NA
	# shellcheck disable=SC2086
	$IN_TMP "$FL" run -q -t "$3" -m "$2" -w "$WARMUP" -d "$DURATION" -r 1 \
		--cpus compact -o "$OUT/fl" -n "$4" "$1" \
		> "$OUT/fl/$4.ktap" 2>&1 &
	fpid=$!
	spid=
	mpid=
	_n=0
	while kill -0 "$fpid" 2> /dev/null && [ "$_n" -lt "$3" ]; do
		[ -n "$spid" ] || spid=$(sup_of "$fpid")
		[ -n "$spid" ] && [ -z "$mpid" ] &&
			mpid=$(ps -o pid=,pgid= --ppid "$spid" |
				awk '$1 == $2 { print $1; exit }')
		[ -n "$mpid" ] && _n=$(workers "$mpid" | wc -l)
		[ "$_n" -lt "$3" ] && sleep 0.01
	done
	if [ "$_n" -eq "$3" ]; then
		sleep "$WARMUP.1"
		a=$(cpustat "$mpid")
		sleep "$((DURATION - 1)).4"
		b=$(cpustat "$mpid")
		u=$(share "$3" "$a" "$b")
	fi
	wait "$fpid"
	st=$?
	fpid=
	# 1: the case failed; a kernel log line from other work on this
	# machine does that, and the rep still counts (status below)
	[ $st -le 1 ] || return 1
	v=$(tr -d ' \t\n' < "$OUT/fl/$4/result.json" | awk '{
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
	}')
	[ -n "$v" ]
}

# sup_of PID: PID if it runs our faultline copy, else its child that does
sup_of() {
	for _p in "$1" $(ps -o pid= --ppid "$1"); do
		if [ "$(readlink "/proc/$_p/exe")" = "$FL" ]; then
			echo "$_p"
			return
		fi
	done
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
if [ "$TMPFS" = 1 ]; then
	echo "# /tmp: a fresh private tmpfs for each run of either tool (TMPFS=1)"
else
	echo "# /tmp: the machine's ($(stat -f -c %T /tmp)), shared by all runs"
fi

CSV=$OUT/reps.csv
echo "test,mode,tasks,rep,tool,ops_per_sec,cpu_share,ops_per_cpu_sec,loadavg1" \
	> "$CSV"
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
			u=NA
			if [ $tool = wis ]; then
				wis_once "$t" "$m" "$n" || v=
			else
				fl_once "$t" "$m" "$n" "$t-$m-$n-r$rep" || v=
			fi
			if [ -z "$v" ]; then
				echo "wis: error: $tool $t $m $n rep $rep" \
				     "failed" >&2
				err=1
				continue
			fi
			nv=NA
			[ "$u" = NA ] ||
				nv=$(awk -v v="$v" -v u="$u" \
					'BEGIN { printf "%.1f", v / u }')
			la=$(cut -d' ' -f1 /proc/loadavg)
			echo "$t,$m,$n,$rep,$tool,$v,$u,$nv,$la" >> "$CSV"
		done
	done; done; done
	echo "# rep $rep/$REPS done, load average $(cut -d' ' -f1 /proc/loadavg)"
	rep=$((rep + 1))
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# table COLUMN TITLE: per case, both tools' mean and CoV of COLUMN and
# the ratio faultline / will-it-scale. The ratio is taken per rep (the
# two runs of a rep are back to back) and averaged in logs, separately
# over the reps where faultline ran first and where will-it-scale did,
# then the two are averaged: the second run of a pair tends to be a
# little faster (the first follows another case), and this cancels it.
# +-se is its standard error.
table() {
	awk -F, -v col="$1" -v title="$2" '
	NR == 1 { next }
	$col == "NA" { next }
	{
		c = $1 "|" $2 "|" $3
		if (!(c in seen)) {
			seen[c] = 1
			order[++nc] = c
		}
		k = c SUBSEP $5
		n[k]++
		s[k] += $col
		ss[k] += $col * $col
		if ($7 != "NA") {
			un[k]++
			us[k] += $7
		}
		val[k, $4] = $col
		if (!((c, $4) in first))
			first[c, $4] = $5
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
	END {
		print "# " title
		printf "%-24s %10s %10s %6s %6s %5s %5s %7s %6s  %s\n",
		       "case", "faultline", "wis", "fl%cv", "wis%cv",
		       "flcpu", "wiscpu", "ratio", "+-se", "verdict"
		for (i = 1; i <= nc; i++) {
			c = order[i]
			f = c SUBSEP "fl"
			w = c SUBSEP "wis"
			split("", np); split("", ls); split("", lss)
			for (r = 1; r <= maxrep; r++) {
				if (!((f, r) in val && (w, r) in val) ||
				    val[f, r] <= 0 || val[w, r] <= 0)
					continue
				x = log(val[f, r] / val[w, r])
				o = first[c, r]
				np[o]++; ls[o] += x; lss[o] += x * x
				on[o]++; os[o] += x
			}
			m = 0; v = 0; ko = 0
			for (o in np) {
				mo = ls[o] / np[o]
				vo = np[o] > 1 ? (lss[o] - np[o] * mo * mo) / \
					 (np[o] - 1) / np[o] : 0
				m += mo; v += vo; ko++
			}
			ratio = ko ? exp(m / ko) : 0
			se = ko ? ratio * sqrt(v) / ko : 0
			cf = cov(f); cw = cov(w)
			vd = ""
			if (ratio < 0.97 || ratio > 1.03) {
				vd = vd " ratio-MISS"; nr++
			}
			if (cf > cw) {
				vd = vd " cov-MISS"; ncv++
			}
			if (vd == "")
				vd = " ok"
			printf "%-24s %10.0f %10.0f %6.2f %6.2f %5.2f %5.2f " \
			       "%7.4f %6.4f %s\n", c, mean(f), mean(w), cf, cw,
			       un[f] ? us[f] / un[f] : 0, un[w] ? us[w] / un[w] : 0,
			       ratio, se, vd
		}
		printf "summary: wis: %s: ratio within 0.97-1.03: %d/%d;" \
		       " faultline CoV <= will-it-scale CoV: %d/%d\n",
		       title, nc - nr, nc, nc - ncv, nc
		printf "# order: geometric mean of the per-rep ratios when" \
		       " faultline ran first %.4f (%d), when will-it-scale" \
		       " ran first %.4f (%d)\n",
		       on["fl"] ? exp(os["fl"] / on["fl"]) : 0, on["fl"],
		       on["wis"] ? exp(os["wis"] / on["wis"]) : 0, on["wis"]
		exit (nr + ncv) ? 1 : 0
	}' "$CSV"
}

table 6 "ops/s" > "$OUT/summary.txt"
rc=$?
table 8 "ops per CPU-second (ops/s / cpu share)" >> "$OUT/summary.txt"
cat "$OUT/summary.txt"
echo "# flcpu, wiscpu: mean share of the window the tasks were on a CPU" \
     "(schedstat run / (run + run-queue wait)); ratio: order-balanced geometric mean of the per-rep ratios;" \
     "+-se: standard error of the per-rep ratios"
echo "# raw: $CSV"
[ $err -ne 0 ] && exit 2
exit $rc
