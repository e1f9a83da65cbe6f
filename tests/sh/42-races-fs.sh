#!/bin/sh
# The race suite on real filesystems: configs/races.suite with every
# case's files on ext4 and on xfs, on loop mounts made here and always
# removed. Every case must pass; one injected run per filesystem must
# still fail. DUR=s REPS=n override the short defaults (1 s, 1 rep).
. tests/sh/lib.sh

[ "$(id -u)" -eq 0 ] || skip "needs root for loop mounts"
command -v mkfs.ext4 > /dev/null || skip "no mkfs.ext4"
command -v mkfs.xfs > /dev/null || skip "no mkfs.xfs"
DUR=${DUR:-1}
REPS=${REPS:-1}

cleanup() {
	for fs in ext4 xfs; do
		mountpoint -q "$TMP/$fs" 2>/dev/null && umount "$TMP/$fs"
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM

mk() {	# mk FS: a 320 MiB image (the xfs minimum is 300) mounted on $TMP/FS
	truncate -s 320M "$TMP/$1.img" || fail "cannot create $1 image"
	case $1 in
	ext4) mkfs.ext4 -q -F "$TMP/$1.img" ;;
	xfs) mkfs.xfs -q -f "$TMP/$1.img" ;;
	esac > "$TMP/mkfs.log" 2>&1 || { cat "$TMP/mkfs.log"; fail "mkfs.$1"; }
	mkdir -p "$TMP/$1"
	mount -o loop "$TMP/$1.img" "$TMP/$1" || skip "cannot loop-mount $1"
}

# suite DIR: configs/races.suite with dir=DIR added to every case
suite() {
	grep -v -e '^#' -e '^[[:space:]]*$' configs/races.suite |
	awk -v d="$1" '{ sep = index($1, ":") ? "," : ":";
			 $1 = $1 sep "dir=" d; print }'
}

for fs in ext4 xfs; do
	mk $fs
	suite "$TMP/$fs" > "$TMP/$fs.suite"
	cases=$(grep -c . "$TMP/$fs.suite")
	expect_rc 0 "$FL" run -q -o "$TMP/r" -n "$fs" -d "$DUR" -w 0 \
		-r "$REPS" -c "$TMP/$fs.suite"
	assert_grep "Totals: pass:[1-9][0-9]* fail:0 .*error:0" "$TMP/out"
	assert_no_grep "^not ok" "$TMP/out"
	# each suite line is one or more cases; all of them ran on $fs
	[ "$(grep -c "^ok .*dir=$TMP/$fs" "$TMP/out")" -ge "$cases" ] ||
		fail "$fs: fewer cases than suite lines"
	echo "ok: races.suite on $fs: $(grep -o 'Totals: pass:[0-9]*' "$TMP/out")"

	FAULTLINE_INJECT=truncate_race expect_rc 1 "$FL" run -q -o "$TMP/r" \
		-n "$fs-inj" -d 1 -w 0 -r 1 -t 2 \
		"truncate_race:inject=nosigbus,hold_us=1000,dir=$TMP/$fs"
	assert_grep '"what":"missing SIGBUS' "$TMP/r/$fs-inj/result.json"
	FAULTLINE_INJECT=cow_storm expect_rc 1 "$FL" run -q -o "$TMP/r" \
		-n "$fs-inj2" -d 1 -w 0 -r 1 -t 2 \
		"cow_storm:inject=snapshot,shared_writer=1,dir=$TMP/$fs"
	assert_grep '"what":"COW copy' "$TMP/r/$fs-inj2/result.json"

	# nothing of ours is left in the filesystem (unlinked temp files)
	[ -z "$(ls -A "$TMP/$fs" | grep -v lost+found)" ] ||
		fail "files left in $fs: $(ls -A "$TMP/$fs")"
	umount "$TMP/$fs" || fail "cannot unmount $fs (busy?)"
done
exit 0
