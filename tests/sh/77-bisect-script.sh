#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ci/bisect.sh's own logic, with no kernel: a toy tree whose Makefile
# "builds" arch/x86/boot/bzImage by copying file `image`, and a stand-in
# for faultline (FAULTLINE=) whose bisect-step is bad when the image
# says so. Checks: git bisect names the first "bad" commit; BAD is
# stepped before bisecting, and a BAD that is not bad stops the script
# (exit 1) with the tree back as it was; --objdir leaves the tree clean;
# --cc (with a space) reaches make; --vm reaches the reference run and
# every step; the summary line; no bisection left behind.
# bench/bisect-tree.sh runs the script on a real kernel tree.
. tests/sh/lib.sh
command -v git > /dev/null || skip "git not installed"

FAKE=$TMP/fake-faultline
cat > "$FAKE" <<'EOT'
#!/bin/sh
echo "$*" >> "$FAKE_LOG"
cmd=$1
shift
case $cmd in
vm)
	while [ $# -gt 0 ]; do
		case $1 in
		-o) o=$2; shift ;;
		-n) n=$2; shift ;;
		--) break ;;
		esac
		shift
	done
	mkdir -p "$o/$n" && echo '{}' > "$o/$n/result.json" ;;
compare) exit 0 ;;
bisect-step)
	while [ $# -gt 0 ]; do
		[ "$1" = --kernel ] && k=$2
		shift
	done
	grep -q bad "$k" && { echo "bad: case is fail"; exit 1; }
	echo "good: case is ok" ;;
esac
exit 0
EOT
chmod +x "$FAKE"
export FAULTLINE="$FAKE" FAKE_LOG="$TMP/fl.log"
# the script's logs go to $TMP/faultline-bisect.*, removed with it
export TMPDIR="$TMP"

REPO=$TMP/tree
mkdir -p "$REPO" && cd "$REPO" || fail "cd"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@t
git init -q -b main . || fail "git init"
printf '%s\n' 'O ?= .' 'olddefconfig:' '	@test -f $(O)/.config' \
	'bzImage:' '	@echo "$(CC)" > $(O)/cc' \
	'	@mkdir -p $(O)/arch/x86/boot && cp image $(O)/arch/x86/boot/bzImage' \
	> Makefile
i=1
while [ $i -le 7 ]; do
	if [ $i -lt 5 ]; then echo good > image; else echo bad > image; fi
	echo $i > n
	git add Makefile image n && git commit -q -m "commit $i" || fail "commit"
	eval "c$i=\$(git rev-parse HEAD)"
	i=$((i + 1))
done
cd - > /dev/null || fail "cd back"
echo "CONFIG_X=y" > "$TMP/config"

bisect() {
	sh ci/bisect.sh --tree "$REPO" --objdir "$TMP/obj" --cc "fake cc" \
		--config "$TMP/config" --vm "--cpus 2 --accel tcg" \
		--output "$TMP/res" --jobs 1 --metric w/status \
		--case "-d 1 w" "$@"
}

: > "$FAKE_LOG"
expect_rc 0 bisect --good "$c1" --bad "$c7"
assert_grep "^$c5 is the first bad commit" "$TMP/out"
assert_grep "^bisect: first bad commit $c5; builds 5, [0-9]* s; boots 5, " \
	"$TMP/err"
# the reference run, the check of BAD, three steps (c4 c6 c5), all with
# the vm options
assert_grep "^vm --kernel $TMP/obj/arch/x86/boot/bzImage --cpus 2 --accel tcg -o $TMP/res -n bisect-good-.* -- -d 1 w$" "$FAKE_LOG"
[ "$(grep -c "^bisect-step .*--vm-arg=--cpus --vm-arg=2 --vm-arg=--accel --vm-arg=tcg" "$FAKE_LOG")" = 4 ] ||
	{ cat "$FAKE_LOG"; fail "not 4 steps with the vm options"; }
[ "$(cat "$TMP/obj/cc")" = "fake cc" ] || fail "CC: $(cat "$TMP/obj/cc")"
cmp -s "$TMP/config" "$TMP/obj/.config" || fail ".config not in the objdir"
[ -z "$(git -C "$REPO" status --porcelain)" ] || fail "the tree is not clean"
[ "$(git -C "$REPO" symbolic-ref --short HEAD)" = main ] ||
	fail "the tree is not back on main"
git -C "$REPO" bisect log > /dev/null 2>&1 && fail "a bisection is left"

# a BAD that steps good: stop before bisecting, tree back on main
expect_rc 1 bisect --good "$c1" --bad "$c3"
assert_grep "did not step bad (exit 0): nothing to bisect" "$TMP/err"
assert_no_grep "first bad commit" "$TMP/out"
assert_grep "^bisect: first bad commit none; builds 2, [0-9]* s; boots 2, " "$TMP/err"
[ "$(git -C "$REPO" symbolic-ref --short HEAD)" = main ] ||
	fail "the tree is not back on main"
git -C "$REPO" bisect log > /dev/null 2>&1 && fail "a bisection is left"

# usage
expect_rc 2 bisect --good "$c1" --bad "$c7" --jobs x
one_line "$TMP/err"
expect_rc 2 bisect --good "$c1" --bad nonesuch
one_line "$TMP/err"
exit 0
