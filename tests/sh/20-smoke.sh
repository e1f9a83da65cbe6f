#!/bin/sh
# A short run of every workload on the running kernel (2 tasks; threads,
# and processes too for two of them), and what it produced: KTAP, the result
# document, metrics, metadata. The races have their own tests (4x).
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"

wls=$("$FL" list -s | awk '$2 == "throughput" && $1 != "selftest" { print $1 }')
[ -n "$wls" ] || fail "no workloads listed"
# shellcheck disable=SC2086
printf '%s -m threads\n' $wls > "$TMP/smoke.suite"
printf '%s -m processes\n' page_fault1 giant_vma >> "$TMP/smoke.suite"
expect_rc 0 "$FL" run -q -o "$TMP" -n smoke -d 1 -w 1 -r 2 -t 2 \
	-c "$TMP/smoke.suite"
doc=$TMP/smoke/result.json
k=$TMP/smoke/ktap.txt
cmp -s "$TMP/out" "$k" || fail "ktap.txt differs from stdout"
n=$(($(echo "$wls" | wc -w) + 2))
assert_grep "^1\.\.$n$" "$k"
[ "$(grep -c '^ok ' "$k")" -eq $n ] || fail "not every case ok"

jqt() {	# jqt EXPR: assert the document satisfies EXPR
	jq -e "$1" "$doc" > /dev/null || fail "result.json: $1"
}
jqt '.schema == "faultline-result" and .schema_version == 2'
jqt '.run.status == "complete"'
jqt ".system.kernel.release == \"$(uname -r)\""
jqt '.system.kernel.config.options | has("CONFIG_PER_VMA_LOCK")'
jqt '.system.topology.pus >= 1 and .system.topology.numa_nodes >= 1'
jqt '.system.aslr.disabled_for_run == true'
jqt ".cases | length == $n"
# every case: two reps of a positive primary metric, samples, tasks
jqt '[.cases[] | .metrics | to_entries[] | select(.value.primary)
      | .value.reps | length == 2 and all(. > 0)] | all'
jqt '[.cases[] | (.samples | length) == 2 and
      (.samples[0].warmup_samples == 1) and
      (.samples[0].t | length) == 2] | all'
jqt '[.cases[] | (.task_info | length) == .tasks + .extra_tasks
      and all(.task_info[]; .cpu >= 0 and .node >= 0)] | all'
jqt '[.cases[] | .vmstat.pgfault | length == 2] | all'
jqt '[.cases[] | .replay | startswith("faultline run --seed")] | all'
# fault workloads saw faults in the kernel's own count, too
jqt '[.cases[] | select(.workload == "page_fault1") | .vmstat.pgfault[]
      | . > 0] | all'
# giant_vma: latency percentiles ordered, pages located
jqt '[.cases[] | select(.workload == "giant_vma") | .metrics
      | .lat_p50_ns.reps[0] <= .lat_p99_ns.reps[0] and
        .lat_p99_ns.reps[0] <= .lat_max_ns.reps[0]] | all'
jqt '[.cases[] | select(.workload == "giant_vma") | .task_info[0].pages_by_node
      | length > 0] | all'
jqt '[.cases[] | .per_node | length >= 1] | all'
