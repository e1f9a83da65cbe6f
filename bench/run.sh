#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh - `make bench`: run every bench/*.sh except this one, in
# name order, one after another, each from the top of the tree with its
# output shown and kept in bench/out/NAME.log. A failing bench does not
# stop the others. At the end: one line per bench (status, time) and the
# "summary:" lines the benches printed.
#
# A bench exits 0 when it ran (and met its targets), 4 when it skipped
# (it says why), anything else when it failed or missed a target.
#
# Environment: BENCH="wis rss" runs only those (names without .sh);
# everything else is passed to the benches (WIS_DIR, QUICK, REPS, ...).
# Exit: 0 when no bench failed, 1 otherwise.
set -u
cd "$(dirname "$0")/.." || exit 1

OUT=bench/out
mkdir -p "$OUT" || exit 1
TMP=$(mktemp -d /tmp/faultline-bench.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

: > "$TMP/table"
: > "$TMP/summary"
failed=0
t_all=$(date +%s)
for f in bench/*.sh; do
	[ -f "$f" ] || continue
	name=${f#bench/}
	name=${name%.sh}
	[ "$name" = run ] && continue
	if [ -n "${BENCH:-}" ]; then
		case " $BENCH " in
		*" $name "*) ;;
		*) continue ;;
		esac
	fi
	echo "=== bench/$name.sh  ($(date -u +%H:%M:%S) UTC," \
	     "load average $(cut -d' ' -f1 /proc/loadavg))"
	t0=$(date +%s)
	{
		sh "$f" < /dev/null
		echo $? > "$TMP/rc"
	} 2>&1 | tee "$OUT/$name.log"
	rc=$(cat "$TMP/rc" 2> /dev/null || echo 1)
	case $rc in
	0) st=ok ;;
	4) st=skipped ;;
	*) st="FAILED (exit $rc)"; failed=1 ;;
	esac
	printf '  %-12s %-18s %5ss\n' "$name" "$st" "$(($(date +%s) - t0))" \
		>> "$TMP/table"
	grep '^summary:' "$OUT/$name.log" >> "$TMP/summary"
	if [ "$rc" = 4 ]; then
		# the skip reason is the bench's last line
		tail -n 1 "$OUT/$name.log" | sed 's/^/      /' >> "$TMP/table"
	fi
done

echo
echo "=== make bench: $(($(date +%s) - t_all)) s on $(uname -r)," \
     "$(nproc) CPUs, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$TMP/table" ]; then
	cat "$TMP/table"
else
	echo "  no bench matched"
fi
[ -s "$TMP/summary" ] && sed 's/^/  /' "$TMP/summary"
echo "  logs: $OUT/NAME.log"
exit $failed
