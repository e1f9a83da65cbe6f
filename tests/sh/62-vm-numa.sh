#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An emulated two-node guest (--numa, distance 21, --strict): it sees both
# nodes and the distances, and a run with one task per node and local
# memory reports per-node placement: each task on its own node, its
# pages on that node, and per-node results for both nodes.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.12 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}

expect_vm_rc 0 "$FL" vm --kernel "$k" --accel tcg --numa 1G@0,1G@1 \
	--numa-distance 21 --strict -o "$TMP/res" -n numa -- \
	-q -d 1 -w 0 -r 1 -t 2 --cpus spread --mem local page_fault1
tr -d ' \n' < "$TMP/res/numa/result.json" > "$TMP/r.json"
# --strict reached the guest kernel's command line
assert_grep '"cmdline":"[^"]*panic_on_warn=1oops=panic' "$TMP/r.json"
# what the VM was, and what the guest kernel saw
n0='{"node":0,"cpus":"0-0","mem_mb":1024,"distances":\[10,21\]}'
n1='{"node":1,"cpus":"1-1","mem_mb":1024,"distances":\[21,10\]}'
assert_grep "\"numa\":\\[$n0,$n1\\]" "$TMP/r.json"
assert_grep '"numa_nodes":2' "$TMP/r.json"
assert_grep '"single_node":false' "$TMP/r.json"
assert_grep '"distances":\[\[10,21\],\[21,10\]\]' "$TMP/r.json"
# placement: task 0 on node 0 with its pages there, task 1 likewise
# task N: "id":N,"role":"worker","cpu":N,"cpu_end":N,"node":N,
# "pages_by_node":{"N":<more than 0>}
for n in 0 1; do
	t="\"id\":$n,\"role\":\"worker\",\"cpu\":$n,\"cpu_end\":$n"
	t="$t,\"node\":$n,\"pages_by_node\":{\"$n\":[1-9][0-9]*}"
	assert_grep "$t" "$TMP/r.json"
done
# a positive rate: at least one non-zero digit
rate='{"ops_per_sec":\[[0-9.]*[1-9][0-9.]*\]}'
assert_grep "\"per_node\":{\"0\":$rate,\"1\":$rate}" "$TMP/r.json"
exit 0
