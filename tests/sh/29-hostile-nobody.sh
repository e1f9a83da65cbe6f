#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# As an ordinary user (nobody, HOME=/nonexistent: no home to write to),
# every command works or skips with a reason: each command `faultline
# --help` lists, its --help, every workload run once, compare, history,
# import, export, report, bisect-step on those runs, and vm (a skip
# naming FAULTLINE_CACHE without a writable cache, a boot with one). A
# command --help lists that this test does not exercise fails it.
. tests/sh/lib.sh

[ "$(id -u)" -eq 0 ] || skip "not root: cannot become nobody"
command -v setpriv > /dev/null || skip "no setpriv"
FLABS=$(cd "$(dirname "$FL")" && pwd)/$(basename "$FL")
as_nobody() {
	env HOME=/nonexistent setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$@"
}
as_nobody true || skip "cannot become nobody"
ROOT=$(pwd)
chmod 755 "$TMP"
# the binary (and its static twin, which vm takes) where nobody can reach
# it: the tree may sit under a directory nobody cannot search (/root)
mkdir -m 755 "$TMP/bin"
cp "$FLABS" "$TMP/bin/faultline" || fail "cp $FLABS"
[ -x "$(dirname "$FLABS")/faultline-static" ] &&
	cp "$(dirname "$FLABS")/faultline-static" "$TMP/bin/"
chmod 755 "$TMP/bin"/*
FLABS=$TMP/bin/faultline
as_nobody "$FLABS" --version > /dev/null 2>&1 ||
	fail "nobody cannot run $FLABS"
W=$TMP/w
mkdir -m 777 "$W"
cd "$W" || fail "cd $W"
# nb "RC..." WHAT CMD...: as nobody, CMD exits with one of the RCs
nb() {
	want=$1 what=$2; shift 2
	as_nobody "$@" > "$TMP/out" 2> "$TMP/err"
	got=$?
	case " $want " in
	*" $got "*) ;;
	*) cat "$TMP/out" "$TMP/err"; fail "nobody: $what exited $got" ;;
	esac
}

done_cmds=""
nb 0 "--help" "$FLABS" --help
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' "$TMP/out")
[ -n "$cmds" ] || fail "no commands in --help"
nb 0 "--version" "$FLABS" --version
for c in $cmds; do
	nb 0 "$c --help" "$FLABS" "$c" --help
	assert_grep "usage: faultline $c" "$TMP/out"
done

# run: every workload, once; two runs recorded in the default database
nb 0 list "$FLABS" list
wls=$(grep -v '^ ' "$TMP/out" | awk '{print $1}')
[ -n "$wls" ] || fail "list names no workload"
for w in $wls; do
	nb 0 "run $w" "$FLABS" run -q --no-db -o "$W/all" -n "$w" \
		-d 1 -w 0 -r 1 -t 1 "$w"
	assert_grep "^ok 1 $w|" "$TMP/out"
done
nb 0 "run a" "$FLABS" run -q -o res -n a -d 1 -w 0 -r 3 -t 1 page_fault1
nb 0 "run b" "$FLABS" run -q -o res -n b -d 1 -w 0 -r 3 -t 1 page_fault1
[ -f res/faultline.db ] || fail "run recorded no history as nobody"
done_cmds="$done_cmds list run"

# compare's verdict (0 or 1) is the machine's; it must have compared
nb "0 1" compare "$FLABS" compare res/a res/b
assert_grep 'page_fault1' "$TMP/out"
nb 0 history "$FLABS" history --db res/faultline.db page_fault1
assert_grep ' b ' "$TMP/out"
nb 0 import "$FLABS" import --db h2.db res/a res/b
assert_grep 'imported' "$TMP/out"
nb 0 "export --junit" "$FLABS" export --junit res/a res/b
assert_grep '<testsuite' "$TMP/out"
nb 0 "export --kcidb" "$FLABS" export --kcidb res/a
assert_grep '"checkouts"' "$TMP/out"
nb 0 report "$FLABS" report -o rep res/a res/b
[ -s rep/index.html ] || fail "report wrote no rep/index.html"
# good, bad or skip, each with its reason
nb "0 1 125" bisect-step "$FLABS" bisect-step --good res/a \
	--metric page_fault1/ops_per_sec -o bis
grep -Eq '^(good|bad|skip): page_fault1 ' "$TMP/out" ||
	{ cat "$TMP/out"; fail "bisect-step gave no verdict line"; }
done_cmds="$done_cmds compare history import export report bisect-step"

# vm: no writable cache (HOME=/nonexistent) is a skip with its reason
k=$(sh "$ROOT/ci/kernels.sh" 6.1 2> "$TMP/fetch") ||
	{ cat "$TMP/fetch"; fail "ci/kernels.sh could not fetch a kernel"; }
set -- $k
cp "$1" "$TMP/vmlinuz" && chmod 644 "$TMP/vmlinuz" || fail "cp $1"
nb 4 "vm, no cache" "$FLABS" vm --kernel "$TMP/vmlinuz" --accel tcg \
	--mem 1G -o vm -n v -- -q -d 1 -w 0 -r 1 -t 1 page_fault1
one_line "$TMP/err"
assert_grep 'FAULTLINE_CACHE' "$TMP/err"
mkdir -m 777 "$TMP/cache"
nb 0 vm env FAULTLINE_CACHE="$TMP/cache" "$FLABS" vm --kernel \
	"$TMP/vmlinuz" --accel tcg --mem 1G -o vm -n v -- \
	-q -d 1 -w 0 -r 1 -t 1 page_fault1
assert_grep '^ok 1 page_fault1' "$TMP/out"
[ -f vm/v/result.json ] || fail "vm brought no result home"
done_cmds="$done_cmds vm"

for c in $cmds; do
	case " $done_cmds " in
	*" $c "*) ;;
	*) fail "command '$c' (in --help) is not run as nobody here" ;;
	esac
done
cd "$ROOT" || fail "cd back"
echo "as nobody: $(echo $cmds | wc -w) commands, $(echo $wls | wc -w) workloads"
