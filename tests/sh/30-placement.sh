#!/bin/sh
# Placement is applied and recorded: tasks on the CPUs the policy names,
# memory policies accepted on this machine, whatever its node count.
. tests/sh/lib.sh

ncpu=$(nproc)
last=$((ncpu - 1))
expect_rc 0 "$FL" run -q -o "$TMP" -n list -d 1 -w 0 -r 1 -t 1 \
	--cpus "$last" page_fault1
jq -e ".cases[0].task_info[0].cpu == $last and
       .cases[0].placement.cpu_order == [$last]" "$TMP/list/result.json" \
	> /dev/null || fail "--cpus $last not applied"

for mem in default local interleave bind:0 preferred:0 remote; do
	expect_rc 0 "$FL" run -q -o "$TMP" -n "m$mem" -d 1 -w 0 -r 1 -t 1 \
		--mem "$mem" giant_vma:size=16M
	jq -e ".cases[0].placement.mem_policy == \"$mem\" and
	       (.cases[0].task_info[0].pages_by_node | length) >= 1" \
		"$TMP/m$mem/result.json" > /dev/null || fail "--mem $mem"
done
nodes=$(jq '.system.topology.numa_nodes' "$TMP/mremote/result.json")
if [ "$nodes" -eq 1 ]; then
	jq -e '.system.topology.single_node == true and
	       (.cases[0].placement.mem_note | test("single node"))' \
		"$TMP/mremote/result.json" > /dev/null ||
		fail "single node not said"
fi
# bind:0 put the pages on node 0
jq -e '.cases[0].task_info[0].pages_by_node | keys == ["0"]' \
	"$TMP/mbind:0/result.json" > /dev/null || fail "bind:0 pages elsewhere"

# spread and none run; none leaves tasks unpinned
expect_rc 0 "$FL" run -q -o "$TMP" -n none -d 1 -w 0 -r 1 -t 1 \
	--cpus none mmap1
jq -e '.cases[0].placement.cpu_order == []' "$TMP/none/result.json" \
	> /dev/null || fail "--cpus none pinned"
