#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every test: the cmocka unit tests (build/tests/unit/test_*) and
# the shell tests (tests/sh/*.sh). Each is one test point; exit 0 pass,
# 4 skip, anything else fail. Logs go to tests/out/NAME.log. BUILD=dir
# takes the unit tests from dir (make asan: build/asan), FL=binary the
# faultline the shell tests run. Set
# OUT=dir the logs (default tests/out). Set TESTS to globs to run a
# subset, e.g. TESTS='*vm*' or TESTS='test_* 7?-*'.
set -u
cd "$(dirname "$0")/.."
out=${OUT:-tests/out}
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0 skip=0 n=0
failed=""
list=$(for t in $(ls "${BUILD:-build}"/tests/unit/test_* 2> /dev/null | grep -v '\.d$';
		ls tests/sh/[0-9]*.sh); do
	set -f		# TESTS: globs, space-separated
	for g in ${TESTS:-*}; do
		case $(basename "$t" .sh) in $g) echo "$t"; break ;; esac
	done
	set +f
done)
total=$(echo "$list" | grep -c .)
echo "KTAP version 1"
echo "1..$total"
for t in $list; do
	name=$(basename "$t" .sh)
	n=$((n + 1))
	start=$(date +%s)
	if [ "${t%.sh}" != "$t" ]; then
		sh "$t" > "$out/$name.log" 2>&1
	else
		"./$t" > "$out/$name.log" 2>&1
	fi
	rc=$?
	secs=$(($(date +%s) - start))
	case $rc in
	0) pass=$((pass + 1)); echo "ok $n $name # ${secs}s" ;;
	4) skip=$((skip + 1)); echo "ok $n $name # SKIP $(tail -n 1 "$out/$name.log")" ;;
	*) fail=$((fail + 1)); failed="$failed $name"
	   echo "not ok $n $name # exit $rc, ${secs}s"
	   sed 's/^/# /' "$out/$name.log" | tail -n 30 ;;
	esac
done
[ -n "$failed" ] && echo "# failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
