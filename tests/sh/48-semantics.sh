#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The throughput workloads check the kernel (workloads/honest.h): on the
# running kernel, each is ok in both modes (and giant_vma with every THP
# policy and backing); with each injection site (FAULTLINE_INJECT plus
# FAULTLINE_INJECT_SITE) the run says "not ok", exits 1 and records the
# violation of that check in result.json.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

# clean runs: one case each, both modes, 2 tasks
cat > "$TMP/ok.suite" << EOF
page_fault1
page_fault2
page_fault3
mmap1
mmap2
giant_vma
giant_vma:size=256M,thp=always
giant_vma:size=256M,thp=madvise,pattern=random
giant_vma:size=256M,backing=shmem
giant_vma:size=256M,backing=file
giant_vma:size=256M,backing=file,access=read
giant_vma:size=256M,thp=madvise,access=read
EOF
expect_rc 0 "$FL" run -q -o "$TMP/r" -n ok -d 1 -w 0 -r 1 -t 2 -m both \
	-c "$TMP/ok.suite"
doc=$TMP/r/ok/result.json
jq -e '(.cases | length) == 24 and all(.cases[]; .status == "ok" and
       (.violations // [] | length) == 0)' "$doc" > /dev/null ||
	fail "a clean case is not ok: $(jq -c '[.cases[] |
	select(.status != "ok") | [.key, .reason]]' "$doc")"

n=0
# fires WORKLOAD SITE MODE PATTERN: the injected run fails with PATTERN
fires() {
	f_case=$1 f_site=$2 f_mode=$3 pat=$4
	n=$((n + 1))
	FAULTLINE_INJECT=${f_case%%:*} FAULTLINE_INJECT_SITE=$f_site \
		expect_rc 1 "$FL" run -q -o "$TMP/r" -n "i$n" -d 1 -w 0 \
		-r 1 -t 2 -m "$f_mode" --timeout 60 "$f_case"
	assert_grep "^not ok 1 " "$TMP/out"
	# the replay line brings back the same injection
	assert_grep "replay: FAULTLINE_INJECT=${f_case%%:*} FAULTLINE_INJECT_SITE=$f_site faultline run" "$TMP/out"
	j=$TMP/r/i$n/result.json
	jq -e --arg p "$pat" '.cases[0].status == "fail" and
	       any(.cases[0].violations[]; .what | test($p))' "$j" \
		> /dev/null || fail "$f_case $f_site $f_mode: no '$pat' in" \
		"$(jq -c '.cases[0].violations' "$j")"
	echo "ok: $f_case $f_site -m $f_mode -> $pat"
}

for m in threads processes; do
	for wl in page_fault1 page_fault2 page_fault3; do
		fires "$wl:size=16M" faults $m "^fault count: kernel handled 0"
		# munmap skipped, the mapping kept: no fault, so the count
		fires "$wl:size=16M" munmap $m "^fault count: "
	done
	fires page_fault1:size=16M content $m "fresh anonymous mapping"
	fires page_fault1:size=16M munmap $m "fresh anonymous mapping"
	fires page_fault2:size=16M content $m "changed by a MAP_PRIVATE write"
	fires page_fault3:size=16M content $m "lost the MAP_SHARED write"

	fires giant_vma:size=64M faults $m "^fault count: kernel handled 0"
	fires giant_vma:size=64M dontneed $m '^fault count: .* \(round 2\)'
	fires giant_vma:size=64M readback $m "reads back other than it wrote"
	fires giant_vma:size=64M,backing=shmem dropped $m \
		"other than the file's data after MADV_DONTNEED"
	fires giant_vma:size=64M,backing=file dropped $m \
		"other than the file's data after MADV_DONTNEED"
done
# private anonymous (threads mode): the dropped page must read zero
fires giant_vma:size=64M dropped threads "other than zero after MADV_DONTNEED"
fires giant_vma:size=64M,thp=always dropped threads "other than zero after"
fires giant_vma:size=64M dontneed threads "other than zero after"
# munmap checked where the task is alone in its mm: processes mode
for wl in mmap1 mmap2; do
	fires $wl content processes "still mapped"
	fires $wl munmap processes "still mapped"
done

# a site of another check, or no injection at all, is left alone
FAULTLINE_INJECT=page_fault1 FAULTLINE_INJECT_SITE=dropped expect_rc 0 \
	"$FL" run -q -o "$TMP/r" -n other -d 1 -w 0 -r 1 -t 2 page_fault1
FAULTLINE_INJECT_SITE=faults expect_rc 0 \
	"$FL" run -q -o "$TMP/r" -n none -d 1 -w 0 -r 1 -t 2 giant_vma
# FAULTLINE_NO_CHECKS=1 (bench/honest.sh's "off" arm) really turns them off
FAULTLINE_NO_CHECKS=1 FAULTLINE_INJECT=page_fault1 \
	FAULTLINE_INJECT_SITE=munmap expect_rc 0 "$FL" run -q -o "$TMP/r" \
	-n nochecks -d 1 -w 0 -r 1 -t 2 page_fault1:size=16M
exit 0
