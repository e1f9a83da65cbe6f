#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/lava.sh - `make lava`: run ci/lava/faultline.yaml with a real LAVA
# dispatcher (Debian 12's lava-run, standalone: no lava-server) on a
# qemu device under TCG, and check what LAVA recorded.
#
# - The device: LAVA's qemu device type (lava-server's qemu.jinja2,
#   fetched by ci/deps-lava.sh) with a device dictionary (amd64, no KVM,
#   -accel tcg, 2 vCPUs, 1 GiB, user networking restricted: the guest
#   reaches nothing), rendered to the device YAML with j2.
# - The job: deploy to tmpfs Debian's 6.12 cloud kernel (ci/kernels.sh)
#   and an initramfs built here (busybox, faultline-static as
#   /usr/bin/faultline, jq, a small suite), all file:// URLs; LAVA adds
#   its test overlay to the initramfs. Boot: method qemu. Test: the
#   definition from this git tree (HEAD), with FAULTLINE=/usr/bin/faultline
#   (no compiler on the device: nothing is built) and the suite below.
# - Checks: lava-run exits 0, the job passed (result.yaml and the log),
#   the definition passed; every case faultline printed on the console
#   (its KTAP: ok, ok # SKIP, not ok) is a LAVA result of the definition
#   with the same result (pass, skip, fail), under the name of the KCIDB
#   path rule (docs/ci.md), and with the measurement faultline printed
#   (its mean, rounded); "build" is skip; no other results. Prints the
#   time lava-run took.
#
# The suite names every parameter, so that a case's KTAP key is its full
# key and the names can be compared. Needs root (apt, cpio of /dev
# nodes); run from a tree whose ci/lava is committed (LAVA clones HEAD).
# Environment: LAVA_KERNEL (6.1 or 6.12, default 6.12), LAVA_KEEP=DIR
# keeps the job, device, log and lava-run's output directory there;
# LAVA_LOG=FILE runs no job, only the checks on that lava-run log.
# Exit: 0 the checks passed, 1 not, 4 skipped (why on the last line).
set -u
cd "$(dirname "$0")/.." || exit 1
series=${LAVA_KERNEL:-6.12}
CACHE=${FAULTLINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}
DT=$CACHE/lava/device-types
# the suite the device runs: every parameter named, so that the KTAP key
# is the full key
suite=$(cat << 'EOF'
page_fault1:size=32M	-t 1 -d 1 -w 0 -r 2
mmap1:size=32M		-t 1 -d 1 -w 0 -r 2
selftest:do=fail	-t 1 -d 1 -w 0 -r 1
selftest:do=skip	-t 1 -d 1 -w 0 -r 1
selftest:do=crash	-t 1 -d 1 -w 0 -r 1
EOF
)

skip() { echo "bench/lava.sh: skipped: $*"; exit 4; }
die() { echo "bench/lava.sh: $*" >&2; exit 1; }

TMP=$(mktemp -d /tmp/faultline-bench-lava.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# run_job: build the device, the initramfs and the job, run lava-run:
# $TMP/log, its exit status $rc, start and end $t0 $t1
run_job() {
	for t in lava-run j2 cpio busybox jq qemu-system-x86_64 git; do
		command -v "$t" > /dev/null ||
			skip "no $t (make lava, or sh ci/deps-lava.sh as root)"
	done
	[ -f "$DT/qemu.jinja2" ] ||
		skip "no LAVA device types in $DT (make lava, or sh ci/deps-lava.sh)"
	[ -x faultline-static ] || skip "no ./faultline-static (make lava)"
	[ "$(id -u)" -eq 0 ] || skip "needs root (the initramfs' device nodes)"
	kernel=$(sh ci/kernels.sh "$series") && [ -f "$kernel" ] ||
		die "no $series kernel (ci/kernels.sh)"
	if ! git diff --quiet HEAD -- ci/lava; then
		echo "bench/lava.sh: ci/lava has uncommitted changes: LAVA tests HEAD's"
	fi
	head=$(git rev-parse HEAD) || die "not a git tree"
	top=$(git rev-parse --show-toplevel) || die "not a git tree"

	# the device: qemu.jinja2 and its base, and our dictionary beside them
	mkdir "$TMP/dt"
	cp "$DT/base.jinja2" "$DT/qemu.jinja2" "$TMP/dt/"
	cat > "$TMP/dt/faultline-qemu.jinja2" << 'EOF'
{% extends 'qemu.jinja2' %}
{% set arch = 'amd64' %}
{% set no_kvm = True %}
{% set memory = 1024 %}
{% set netdevice = 'user,restrict=on' %}
{% set extra_options = ['-accel tcg', '-smp 2'] %}
EOF
	(cd "$TMP/dt" && j2 --undefined faultline-qemu.jinja2) > "$TMP/device.yaml" ||
		die "rendering the device dictionary failed"

	# the device's root: an initramfs
	R=$TMP/root
	mkdir -p "$R/bin" "$R/usr/bin" "$R/etc/faultline" "$R/dev" \
		 "$R/root" "$R/proc" "$R/sys" "$R/tmp" "$R/run"
	cp "$(command -v busybox)" "$R/bin/busybox"
	cp faultline-static "$R/usr/bin/faultline"
	# jq and the libraries and loader ldd names for it, at the same paths
	for f in "$(command -v jq)" $(ldd "$(command -v jq)" |
				     sed -n 's/.*[ 	]\(\/[^ ]*\) (0x.*/\1/p'); do
		mkdir -p "$R${f%/*}"
		cp -L "$f" "$R$f"
	done
	cat > "$R/init" << 'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/shm /dev/pts && mount -t tmpfs tmpfs /dev/shm
hostname faultline-lava
echo "faultline LAVA device: $(uname -r)"
export PS1='root@faultline-lava:~# '
cd /root
exec /bin/sh
EOF
	chmod +x "$R/init"
	printf '%s\n' "$suite" > "$R/etc/faultline/lava.suite"
	(cd "$R" && mknod dev/console c 5 1 && mknod dev/null c 1 3 &&
	 find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$TMP/rootfs.cpio.gz" ||
		die "building the initramfs failed"

	cat > "$TMP/job.yaml" << EOF
device_type: qemu
job_name: faultline bench/lava.sh
timeouts:
  job: {minutes: 30}
  action: {minutes: 10}
  connection: {minutes: 2}
priority: medium
visibility: public
context:
  arch: amd64
actions:
- deploy:
    timeout: {minutes: 5}
    to: tmpfs
    images:
      kernel:
        image_arg: -kernel {kernel} -append "console=ttyS0,115200 rdinit=/init"
        url: file://$kernel
      ramdisk:
        image_arg: -initrd {ramdisk}
        url: file://$TMP/rootfs.cpio.gz
        compression: gz
        format: cpio.newc
        overlays:
          lava: true
- boot:
    timeout: {minutes: 5}
    method: qemu
    media: tmpfs
    prompts: ['root@faultline-lava:~# ']
- test:
    timeout: {minutes: 15}
    definitions:
    - repository: $top
      from: git
      revision: $head
      path: ci/lava/faultline.yaml
      name: faultline
      parameters:
        SUITE: /etc/faultline/lava.suite
        INSTALL_DEPS: "0"
        FAULTLINE: /usr/bin/faultline
EOF

	echo "bench/lava.sh: lava-run, $series kernel ${kernel##*/}, commit $head"
	t0=$(date +%s)
	lava-run --job-id $$ --output-dir "$TMP/out" --device "$TMP/device.yaml" \
		"$TMP/job.yaml" > "$TMP/log" 2>&1
	rc=$?
	t1=$(date +%s)
	job_result=$(cat "$TMP/out/result.yaml" 2> /dev/null)
	[ -n "${LAVA_KEEP:-}" ] && mkdir -p "$LAVA_KEEP" &&
		cp -r "$TMP/job.yaml" "$TMP/device.yaml" "$TMP/log" "$TMP/out" "$LAVA_KEEP/"
	echo "bench/lava.sh: lava-run exited $rc after $((t1 - t0)) s"
}

if [ -n "${LAVA_LOG:-}" ]; then
	command -v jq > /dev/null || skip "no jq"
	cp "$LAVA_LOG" "$TMP/log" || die "cannot read $LAVA_LOG"
	rc=0 wall=-
else
	run_job
fi

# The log: one record per line, JSON but for YAML's non-specific tag
# ("! " before a quoted string) on some values; lines that still do not
# parse are skipped.
sed 's/": ! "/": "/g' "$TMP/log" |
	jq -R -c 'fromjson? // empty' > "$TMP/log.json"
jq -r 'select(.lvl == "results" and .msg.definition == "0_faultline") |
	.msg | [.case, .result, .measurement // "-", .units // "-"] | @tsv' \
	"$TMP/log.json" > "$TMP/lava.tsv"
# faultline's own verdicts: its KTAP on the console (after the progress
# line's escapes on the same console line), and each case's primary
# metric diagnostic "# KEY METRIC: MEAN (... mean of N reps)"
jq -r 'select(.lvl == "target") | .msg | strings |
	(capture("(?<n>not )?ok [0-9]+ (?<key>[^ ]+)(?<rest>.*)$") |
	 ["case", .key, if .n then "fail" elif (.rest | test("^ # SKIP"))
	  then "skip" else "pass" end]),
	(capture("# (?<key>[^ ]+) [a-z_]+: (?<v>[0-9]+) \\([a-z]+ mean of") |
	 ["mean", .key, .v]) | @tsv' "$TMP/log.json" > "$TMP/ktap.tsv"

fails=0
bad() { echo "bench/lava.sh: FAIL: $*"; fails=$((fails + 1)); }

[ "$rc" -eq 0 ] || bad "lava-run exited $rc"
# lava-run's output directory has the job's result only (result.yaml);
# the cases' results are the log's "results" records
if [ -z "${LAVA_LOG:-}" ]; then
	printf '%s\n' "$job_result" | grep -qx 'result: pass' ||
		bad "result.yaml: $(echo $job_result)"
fi
jq -s -e 'any(.[]; .lvl == "results" and .msg.definition == "lava" and
	.msg.case == "job" and .msg.result == "pass")' "$TMP/log.json" \
	> /dev/null || bad "no 'job: pass' result"
jq -s -e 'any(.[]; .lvl == "results" and .msg.case == "0_faultline" and
	.msg.result == "pass")' "$TMP/log.json" > /dev/null ||
	bad "the test definition 0_faultline did not pass"
cases=$(printf '%s\n' "$suite" | grep -c .)
ktap=$(grep -c '^case' "$TMP/ktap.tsv")
[ "$ktap" -eq "$cases" ] ||
	bad "$cases cases in the suite, $ktap KTAP results on the console"
grep -q '^build	skip	' "$TMP/lava.tsv" || bad "no LAVA result 'build: skip'"

echo "# case  faultline (KTAP)  LAVA result  LAVA measurement  KTAP mean"
n=0
while IFS='	' read -r kind key want; do
	[ "$kind" = case ] || continue
	n=$((n + 1))
	# the KCIDB path rule of docs/ci.md, without "faultline."
	name=$(printf '%s\n' "$key" |
	       sed 's/[:,|]/./g; s/=/-/g; s/[^A-Za-z0-9_.-]/_/g')
	mean=$(awk -F'\t' -v k="$key" '$1 == "mean" && $2 == k { print $3 }' \
		"$TMP/ktap.tsv" | head -n 1)
	line=$(awk -F'\t' -v c="$name" '$1 == c' "$TMP/lava.tsv")
	if [ -z "$line" ]; then
		bad "$name: no LAVA result"
		continue
	fi
	[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] ||
		bad "$name: more than one LAVA result"
	got=$(printf '%s\n' "$line" | cut -f2 | head -n 1)
	meas=$(printf '%s\n' "$line" | cut -f3 | head -n 1)
	echo "$name  $want  $got  $meas  ${mean:--}"
	[ "$got" = "$want" ] || bad "$name: LAVA $got, faultline $want"
	if [ -n "$mean" ]; then
		r=$(awk -v m="$meas" 'BEGIN { printf "%.0f", m }')
		[ "$meas" != - ] && [ "$r" = "$mean" ] ||
			bad "$name: LAVA measurement $meas, faultline's mean $mean"
	else
		[ "$meas" = - ] || bad "$name: LAVA measurement $meas, none in KTAP"
	fi
done < "$TMP/ktap.tsv"
got=$(wc -l < "$TMP/lava.tsv")
[ "$got" -eq $((n + 1)) ] ||
	bad "$got LAVA results, expected $((n + 1)) (build and $n cases)"

verdict=ok
[ "$fails" -eq 0 ] || verdict="FAILED ($fails)"
echo "summary: lava: lava-run $series kernel, TCG, $n cases:" \
     "wall_sec=${wall:-$((t1 - t0))} $verdict"
[ "$fails" -eq 0 ]
