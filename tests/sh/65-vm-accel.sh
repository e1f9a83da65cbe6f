#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# --accel auto: KVM only if a probe boot under KVM works (on machines
# where /dev/kvm opens but nested guests hang it must fall back to TCG),
# the answer is cached, and the accelerator that ran is recorded in
# vm.json and result.json. A second run with the cache does not probe;
# its RUN-ARGS are bad, which the guest's runner rejects: exit 2, and its
# one-line error reaches our stderr.
. tests/sh/lib.sh

k=$(sh ci/kernels.sh 6.1 2> "$TMP/fetch") || {
	cat "$TMP/fetch"
	[ "$(id -u)" -ne 0 ] && skip "cannot fetch kernels as a user"
	fail "ci/kernels.sh could not fetch the kernel"
}
export FAULTLINE_CACHE="$TMP/cache"

expect_vm_rc 0 "$FL" vm --kernel "$k" --accel auto --mem 1G \
	-o "$TMP/res" -n auto -- -q -d 1 -w 0 -r 1 -t 1 page_fault1
accel=$(sed -n 's/^ *"accel":"\([a-z]*\)",*$/\1/p' "$TMP/res/auto/vm.json")
case $accel in kvm|tcg) ;; *) fail "vm.json accel is '$accel'" ;; esac
tr -d ' \n' < "$TMP/res/auto/result.json" > "$TMP/r.json"
assert_grep "\"vm\":{\"accel\":\"$accel\"" "$TMP/r.json"
if [ -w /dev/kvm ]; then
	assert_grep 'probing KVM' "$TMP/err"
	assert_grep " $accel\$" "$FAULTLINE_CACHE/accel"
else
	[ "$accel" = tcg ] || fail "no usable /dev/kvm, yet accel $accel"
fi

# RUN-ARGS are checked on the host: a bad one costs no boot
expect_rc 2 "$FL" vm --kernel "$k" --accel auto --mem 1G \
	-o "$TMP/res" -n bad -- -q no_such_workload
assert_no_grep 'probing KVM' "$TMP/err"
assert_grep "RUN-ARGS: unknown workload 'no_such_workload'" "$TMP/err"
[ ! -e "$TMP/res/bad" ] || fail "a guest was started for bad RUN-ARGS"
exit 0
