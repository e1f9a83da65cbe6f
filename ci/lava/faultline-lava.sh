#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The LAVA test shell step of ci/lava/faultline.yaml: build faultline,
# run a suite, report each case to LAVA with lava-test-case.
#
#   faultline-lava.sh [--suite FILE] [--deps 0|1] [--faultline PATH]
#                     [-- RUN-ARGS...]
#   faultline-lava.sh --report RUN-DIR     report an existing run only
#
# Each case is one LAVA test case named by its KCIDB path without the
# "faultline." prefix (letters, digits, '.', '_', '-'): result pass,
# fail (fail, crash, timeout, error) or skip, and the primary metric's
# mean as --measurement with its --units. The build is test case
# "build"; with --faultline PATH (a prebuilt binary, e.g. a static one
# in an image without a compiler) that binary runs and exports, nothing
# is built and "build" is reported as skip. Outside LAVA (no
# lava-test-case on PATH) the calls are printed instead. Exit 0 when
# everything was reported, whatever the cases' results: LAVA keeps the
# verdicts.
set -u
cd "$(dirname "$0")/../.."
suite=configs/quick.suite deps=1 report="" prebuilt=""
fl=./faultline
while [ $# -gt 0 ]; do
	case $1 in
	--suite) suite=$2; shift 2 ;;
	--deps) deps=$2; shift 2 ;;
	--report) report=$2; shift 2 ;;
	--faultline) prebuilt=$2; shift 2 ;;
	--) shift; break ;;
	-h|--help) sed -n '3,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "faultline-lava.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[ -n "$prebuilt" ] && fl=$prebuilt

ltc() {
	if command -v lava-test-case > /dev/null; then
		lava-test-case "$@"
	else
		echo "lava-test-case $*"
	fi
}

# report DIR: one lava-test-case per case of the run in DIR
report() {
	"$fl" export --kcidb "$1" -o "$1/kcidb.json" || return 1
	jq -r '.tests[] | select(.status != "DONE") |
		[(.path | sub("^faultline\\."; "")),
		 ({PASS: "pass", SKIP: "skip"}[.status] // "fail"),
		 (.number.value // ""), (.number.unit // "")] | @tsv' \
		"$1/kcidb.json" |
	while IFS='	' read -r name result value unit; do
		if [ -n "$value" ]; then
			ltc "$name" --result "$result" --measurement "$value" \
				--units "${unit:-none}"
		else
			ltc "$name" --result "$result"
		fi
	done
}

if [ -n "$report" ]; then
	report "$report"
	exit
fi
if [ -n "$prebuilt" ]; then
	if ! [ -x "$prebuilt" ]; then
		echo "faultline-lava.sh: $prebuilt is not an executable" >&2
		ltc build --result fail
		exit 1
	fi
	ltc build --result skip
elif { [ "$deps" = 1 ] && ! make deps; } ||
     ! make -j"$(nproc)" faultline; then
	ltc build --result fail
	exit 1
else
	ltc build --result pass
fi
name=lava-$(date -u +%Y%m%d-%H%M%S)
"$fl" run -c "$suite" -o results -n "$name" --no-db "$@"
echo "faultline run exited $?"
[ -f "results/$name/result.json" ] || { ltc run --result fail; exit 1; }
report "results/$name"
