#!/bin/sh
# The file race workloads on real filesystems: ext4 and xfs on loop
# mounts made here and always removed. Clean runs must pass; one
# injected run per filesystem must still fail.
. tests/sh/lib.sh

[ "$(id -u)" -eq 0 ] || skip "needs root for loop mounts"
command -v mkfs.ext4 > /dev/null || skip "no mkfs.ext4"
command -v mkfs.xfs > /dev/null || skip "no mkfs.xfs"

cleanup() {
	for fs in ext4 xfs; do
		mountpoint -q "$TMP/$fs" 2>/dev/null && umount "$TMP/$fs"
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM

mk() {	# mk FS: a 320 MiB image (the xfs minimum is 300) formatted FS, mounted on $TMP/FS
	truncate -s 320M "$TMP/$1.img" || fail "cannot create $1 image"
	case $1 in
	ext4) mkfs.ext4 -q -F "$TMP/$1.img" ;;
	xfs) mkfs.xfs -q -f "$TMP/$1.img" ;;
	esac > "$TMP/mkfs.log" 2>&1 || { cat "$TMP/mkfs.log"; fail "mkfs.$1"; }
	mkdir -p "$TMP/$1"
	mount -o loop "$TMP/$1.img" "$TMP/$1" || skip "cannot loop-mount $1"
}

n=0
run() {	# run RC FS SPEC [MODE]
	rc=$1 fs=$2 spec=$3 mode=${4:-threads}
	n=$((n + 1))
	expect_rc "$rc" "$FL" run -q -o "$TMP/r" -n "f$n" -d 1 -w 0 -r 1 \
		-t 2 -m "$mode" --timeout 60 "$spec,dir=$TMP/$fs"
	j="$TMP/r/f$n/result.json"
	if [ "$rc" -eq 0 ]; then
		assert_grep '"status":"ok"' "$j"
	else
		assert_grep '"status":"fail"' "$j"
		assert_grep '"what":' "$j"
	fi
	echo "ok: $fs $spec $mode -> $rc"
}

for fs in ext4 xfs; do
	mk $fs
	run 0 $fs truncate_race:op=truncate
	run 0 $fs truncate_race:op=punch processes
	run 0 $fs truncate_race:op=mixed,pages=1024,hold_us=0 processes
	run 0 $fs cow_storm:shared_writer=1 processes
	run 0 $fs cow_storm:shared_writer=1,drop=munmap
	run 0 $fs mapfixed_race:anon=1,span=8
	run 0 $fs mapfixed_race:map=private
	FAULTLINE_INJECT=truncate_race run 1 $fs truncate_race:inject=sigbus
	FAULTLINE_INJECT=cow_storm run 1 $fs cow_storm:inject=snapshot,shared_writer=1
	# nothing of ours is left in the filesystem (unlinked temp files)
	[ -z "$(ls -A "$TMP/$fs" | grep -v lost+found)" ] ||
		fail "files left in $fs: $(ls -A "$TMP/$fs")"
	umount "$TMP/$fs" || fail "cannot unmount $fs (busy?)"
done
exit 0
