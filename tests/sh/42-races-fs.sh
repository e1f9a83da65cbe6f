#!/bin/sh
# The race suite on real filesystems: configs/races.suite with every
# case's files on ext4 and on xfs loop mounts, and on tmpfs mounted
# huge=always and huge=within_size (large folios, and shmem's rule that
# one may stay mapped across EOF), all made here and always removed.
# Every case must pass; injected runs on each filesystem must still
# fail. DUR=s REPS=n override the short defaults (1 s, 1 rep).
. tests/sh/lib.sh

[ "$(id -u)" -eq 0 ] || skip "needs root for loop and tmpfs mounts"
command -v mkfs.ext4 > /dev/null || skip "no mkfs.ext4"
command -v mkfs.xfs > /dev/null || skip "no mkfs.xfs"
DUR=${DUR:-1}
REPS=${REPS:-1}
FSES="ext4 xfs tmpfs-always tmpfs-within_size"

cleanup() {
	for fs in $FSES; do
		mountpoint -q "$TMP/$fs" 2>/dev/null && umount "$TMP/$fs"
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM

mk() {	# mk FS: mount FS on $TMP/FS (loop images of 320 MiB: xfs needs 300)
	mkdir -p "$TMP/$1"
	case $1 in
	tmpfs-*)
		mount -t tmpfs -o "huge=${1#tmpfs-},size=1G" tmpfs "$TMP/$1" ||
			skip "cannot mount tmpfs ${1#tmpfs-}"
		return ;;
	esac
	truncate -s 320M "$TMP/$1.img" || fail "cannot create $1 image"
	case $1 in
	ext4) mkfs.ext4 -q -F "$TMP/$1.img" ;;
	xfs) mkfs.xfs -q -f "$TMP/$1.img" ;;
	esac > "$TMP/mkfs.log" 2>&1 || { cat "$TMP/mkfs.log"; fail "mkfs.$1"; }
	mount -o loop "$TMP/$1.img" "$TMP/$1" || skip "cannot loop-mount $1"
}

# suite DIR: configs/races.suite with dir=DIR added to every case; on
# tmpfs only the file workloads whose files can hold large folios
suite() {
	grep -v -e '^#' -e '^[[:space:]]*$' configs/races.suite |
	case $1 in
	*/tmpfs-*) grep -e '^truncate_race' -e '^cow_storm' ;;
	*) cat ;;
	esac |
	awk -v d="$1" '{ sep = index($1, ":") ? "," : ":";
			 $1 = $1 sep "dir=" d; print }'
}

for fs in $FSES; do
	mk $fs
	suite "$TMP/$fs" > "$TMP/$fs.suite"
	cases=$(grep -c . "$TMP/$fs.suite")
	"$FL" run -q -o "$TMP/r" -n "$fs" -d "$DUR" -w 0 -r "$REPS" \
		-c "$TMP/$fs.suite" > "$TMP/out" 2> "$TMP/err" || {
		# the temporary results go with $TMP: say what failed first
		grep -e "^not ok" -e "^# replay" "$TMP/out"
		grep -o '"what":"[^"]*"' "$TMP/r/$fs/result.json" |
			sort | uniq -c | sort -rn | head -20
		tr -d '\n ' < "$TMP/r/$fs/result.json" |
			grep -o '"violations":\[{[^]]*' | cut -c1-1500
		fail "races.suite on $fs failed"
	}
	assert_grep "Totals: pass:[1-9][0-9]* fail:0 .*error:0" "$TMP/out"
	assert_no_grep "^not ok" "$TMP/out"
	# each suite line is one or more cases; all of them ran on $fs
	[ "$(grep -c "^ok .*dir=$TMP/$fs" "$TMP/out")" -ge "$cases" ] ||
		fail "$fs: fewer cases than suite lines"
	# truncate_race says which EOF rule it applied
	case $fs in
	tmpfs-*) rule="shmem large folios may stay mapped across EOF" ;;
	*) rule="SIGBUS beyond EOF (not shmem)" ;;
	esac
	assert_grep "\"reason\":\"EOF rule: $rule" "$TMP/r/$fs/result.json"
	large=$(tr -d ' \n' < "$TMP/r/$fs/result.json" |
		grep -o '"eof_large_per_sec":{[^}]*"reps":\[[0-9.]*' |
		sed 's/.*\[//' | sort -n | tail -1)
	echo "ok: races.suite on $fs: $(grep -o 'Totals: pass:[0-9]*' "$TMP/out"), data beyond EOF in a large folio: ${large:-0}/s at most"

	FAULTLINE_INJECT=truncate_race expect_rc 1 "$FL" run -q -o "$TMP/r" \
		-n "$fs-inj" -d 1 -w 0 -r 1 -t 2 \
		"truncate_race:inject=nosigbus,hold_us=1000,dir=$TMP/$fs"
	assert_grep '"what":"missing SIGBUS' "$TMP/r/$fs-inj/result.json"
	FAULTLINE_INJECT=truncate_race expect_rc 1 "$FL" run -q -o "$TMP/r" \
		-n "$fs-inj3" -d 1 -w 0 -r 1 -t 2 \
		"truncate_race:inject=tail,size=odd,hold_us=1000,dir=$TMP/$fs"
	assert_grep '"what":"data past EOF' "$TMP/r/$fs-inj3/result.json"
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
