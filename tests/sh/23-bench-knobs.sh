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
