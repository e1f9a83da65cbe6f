#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/rss.sh - the harness's own memory, without workload memory.
#
# Runs mmap1 (which maps 128 MB and unmaps it without touching a page,
# so the workload itself holds no memory) with TASKS tasks, in threads
# and in processes mode, and reads /proc/PID/status and smaps_rollup of
#   supervisor  the `faultline run` process (watchdog, kmsg, results)
#   measured    the case's measured process (sampler, task parent; in
#               threads mode it also holds the 64 tasks' stacks)
# every 0.2 s while the case runs, keeping the largest value of each
# field. VmHWM is the kernel's own peak RSS of the process. In
# processes mode it also reports one task process's PSS (what a task
# costs beyond the pages it shares with the measured process).
#
# Target: supervisor + measured VmHWM <= 16 MiB with 64 tasks. Shared
# pages (libraries, the shared-memory area) count in both: an upper
# bound of what the two cost together.
#
# Environment: FL [./faultline], TASKS [64], DURATION [4].
# Exit: 0 target met, 1 missed, 2 error.
set -u
cd "$(dirname "$0")/.." || exit 2

FL=${FL:-./faultline}
TASKS=${TASKS:-64}
DURATION=${DURATION:-4}
LIMIT_KB=$((16 * 1024))

[ -x "$FL" ] || { echo "rss: error: no $FL; run make first" >&2; exit 2; }
. "$(dirname "$0")/common.inc"
bench_setup rss

# snap SUP MEASURED TASK: one line of kB values, 0 where unreadable.
# A single awk per sample: with 64 busy tasks on 2 CPUs this shell
# gets little CPU time, and every fork costs.
snap() {
	awk -v s="$1" -v m="$2" -v t="$3" '
	function rd(file, field,	l, a, v) {
		v = 0
		while ((getline l < file) > 0) {
			split(l, a, " ")
			if (a[1] == field ":")
				v = a[2]
		}
		close(file)
		return v + 0
	}
	function st(p,	f) {
		f = "/proc/" p "/status"
		return rd(f, "VmHWM") " " rd(f, "VmRSS") " " \
		       rd(f, "RssAnon") " " rd(f, "RssFile") " " \
		       rd(f, "RssShmem") " " rd("/proc/" p "/smaps_rollup", "Pss")
	}
	BEGIN {
		print st(s), (m ? st(m) : "0 0 0 0 0 0"),
		      (t ? rd("/proc/" t "/smaps_rollup", "Pss") : 0)
	}'
}

echo "# rss: harness memory with $TASKS tasks of mmap1, $(uname -r)," \
     "$("$FL" --version 2> /dev/null)"
f='%-10s %-10s %7s %7s %7s %7s %8s %7s %7s\n'
printf "$f" mode process VmHWM VmRSS RssAnon RssFile RssShmem Pss taskPss
rc=0
for mode in threads processes; do
	"$FL" run -q -t "$TASKS" -m "$mode" -w 1 -d "$DURATION" -r 1 \
		--cpus compact -o "$TMP/res" -n "$mode" mmap1 \
		> "$TMP/$mode.ktap" 2>&1 &
	bg=$!
	spid=
	mpid=
	: > "$TMP/$mode.snaps"
	while kill -0 "$bg" 2> /dev/null; do
		# $! may be a subshell whose child is faultline
		[ -n "$spid" ] || spid=$(sup_of "$bg")
		[ -n "$spid" ] || { sleep 0.05; continue; }
		# the measured process leads its own process group
		[ -n "$mpid" ] && [ -r "/proc/$mpid/status" ] ||
			mpid=$(ps -o pid=,pgid= --ppid "$spid" |
				awk '$1 == $2 { print $1; exit }')
		c=0
		if [ -n "$mpid" ] && [ "$mode" = processes ]; then
			c=$(child_of "$mpid")
		fi
		snap "$spid" "${mpid:-0}" "${c:-0}" >> "$TMP/$mode.snaps"
		sleep 0.2
	done
	wait "$bg"
	st=$?
	bg=
	# 1: the case failed, e.g. a kernel log line from other work on
	# this machine; its memory was still measured
	[ $st -eq 1 ] && grep -m 1 "^not ok" "$TMP/$mode.ktap" >&2 && st=0
	# the largest value of each column over the samples
	set -- $(awk '{ for (i = 1; i <= NF; i++) if ($i > m[i]) m[i] = $i }
		END { for (i = 1; i <= 13; i++) printf "%d ", m[i] }' \
		"$TMP/$mode.snaps")
	if [ $st -ne 0 ] || [ "$1" -eq 0 ] || [ "$7" -eq 0 ]; then
		cat "$TMP/$mode.ktap" >&2
		echo "rss: error: $mode run failed or was not seen" >&2
		rc=2
		continue
	fi
	tp=-
	[ "$mode" = processes ] && tp=${13}
	printf "$f" "$mode" supervisor "$1" "$2" "$3" "$4" "$5" "$6" -
	printf "$f" "" measured "$7" "$8" "$9" "${10}" "${11}" "${12}" "$tp"
	sum=$(($1 + $7))
	if [ $sum -le $LIMIT_KB ]; then
		v=ok
	else
		v=MISS
		[ $rc -eq 0 ] && rc=1
	fi
	echo "summary: rss: $mode, $TASKS tasks: supervisor $1 kB +" \
	     "measured $7 kB = $sum kB peak RSS (target <= $LIMIT_KB kB):" \
	     "$v ($(wc -l < "$TMP/$mode.snaps") samples)"
done
echo "# kB; from /proc/PID/status, Pss from smaps_rollup; each the" \
     "largest seen; taskPss: one task process"
exit $rc
