#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The monitors' bench knobs (docs/bench.md): FAULTLINE_NO_SAMPLER=1
# drops the per-second samples only; FAULTLINE_NO_MONITORS=1 drops them
# and the /proc reads at the window's edges (schedstat and friends,
# steal, vmstat), so the document has no samples, no sched values, no
# cpu_share reps and no vmstat; the rate is still measured. Without a
# knob all of them are there (where /proc has them).
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

run() {
	expect_rc 0 env "$@" "$FL" run -q -o "$TMP" -n "$name" --no-db \
		-d 1 -w 0 -r 1 -t 1 -m threads page_fault1:size=16M
	doc=$TMP/$name/result.json
}
# got: "samples vmstat_keys cpu_share_reps rate"
got() {
	jq -r '.cases[0] | [(.samples | length), (.vmstat | keys | length),
		(.metrics.cpu_share.reps | length),
		(.metrics.ops_per_sec.reps[0] > 0)] | map(tostring) | join(" ")' \
		"$doc"
}

name=plain run FAULTLINE_NO_MONITORS=0
set -- $(got)
[ "$1" -ge 1 ] || fail "no per-second sample without a knob"
[ "$2" -ge 1 ] || fail "no vmstat without a knob"
if [ -r /proc/self/schedstat ]; then
	[ "$3" = 1 ] || fail "no cpu_share without a knob"
fi
[ "$4" = true ] || fail "no rate"

name=nosampler run FAULTLINE_NO_SAMPLER=1
set -- $(got)
[ "$1" = 0 ] || fail "FAULTLINE_NO_SAMPLER=1: $1 samples"
[ "$2" -ge 1 ] || fail "FAULTLINE_NO_SAMPLER=1 dropped vmstat"
[ "$4" = true ] || fail "FAULTLINE_NO_SAMPLER=1: no rate"

name=nomon run FAULTLINE_NO_MONITORS=1
[ "$(got)" = "0 0 0 true" ] || fail "FAULTLINE_NO_MONITORS=1: $(got)"
jq -e '.cases[0].sched | all(.cpu_share == null and .steal_sec == null)' \
	"$doc" > /dev/null || fail "FAULTLINE_NO_MONITORS=1 read sched"
echo "knobs drop what they say and keep the rate"

# FAULTLINE_MONITOR_HZ=N takes N - 1 more snapshots a second and throws
# them away: the measured process then uses more CPU time (dash's
# `times`: the children's user and system time, 10 ms steps), and the
# document is the one of a plain run. selftest's task spins for the
# second either way; 5000 snapshots of /proc take far more than 50 ms.
cputime() {
	sh -c 'env "$@" > /dev/null 2>&1; times' sh "$@" | awk 'NR == 2 {
		gsub(/[ms]/, " ")
		printf "%d\n", 1000 * ($1 * 60 + $2 + $3 * 60 + $4) }'
}
args="$FL run -q -o $TMP --no-db -d 1 -w 0 -r 1 -t 1 -m threads selftest"
c1=$(cputime FAULTLINE_MONITOR_HZ=1 $args -n hz1)
c5=$(cputime FAULTLINE_MONITOR_HZ=5000 $args -n hz5000)
[ -n "$c1" ] && [ -n "$c5" ] || fail "no CPU time: '$c1' '$c5'"
[ "$c5" -ge $((c1 + 50)) ] ||
	fail "FAULTLINE_MONITOR_HZ=5000 took $c5 ms of CPU, 1 Hz $c1 ms"
n=$(jq '.cases[0].samples | length' "$TMP/hz5000/result.json")
[ "$n" = 1 ] || fail "FAULTLINE_MONITOR_HZ=5000: $n samples, not 1"
echo "FAULTLINE_MONITOR_HZ=5000: $c5 ms of CPU against $c1 ms at 1 Hz"
