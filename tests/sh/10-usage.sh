#!/bin/sh
# Every bad input: a one-line error naming what was wrong, exit 2.
. tests/sh/lib.sh

bad() {	# bad PATTERN ARGS...: exit 2, one line on stderr matching PATTERN
	pat=$1; shift
	expect_rc 2 "$FL" "$@"
	one_line "$TMP/err"
	assert_grep "$pat" "$TMP/err"
	[ -s "$TMP/out" ] && fail "'$*' wrote to stdout"
	return 0
}

bad "unknown workload 'nosuch'"		run -o "$TMP" nosuch
bad "unknown parameter 'bogus'"		run -o "$TMP" giant_vma:bogus=1
bad "size: 1 is out of range"		run -o "$TMP" giant_vma:size=1
bad "not one of anon|shmem|file"	run -o "$TMP" giant_vma:backing=disk
bad "not key=value"			run -o "$TMP" giant_vma:size
bad "duration: 'x' is not in"		run -o "$TMP" -d x mmap1
bad "duration: '0' is not in"		run -o "$TMP" -d 0 mmap1
bad "reps: '0' is not in"		run -o "$TMP" -r 0 mmap1
bad "tasks: '0' is not a list of counts" run -o "$TMP" -t 0 mmap1
bad "mode: 'fibers' is not one of threads|processes|both" \
					run -o "$TMP" -m fibers mmap1
bad "CPU 4096 is not usable"		run -o "$TMP" --cpus 4096 mmap1
bad "no NUMA node '77'"			run -o "$TMP" --mem bind:77 mmap1
bad "seed: 'abc' is not a number"	run -o "$TMP" --seed abc mmap1
bad "unknown option '--frobnicate'"	run -o "$TMP" --frobnicate mmap1
bad "no workload given"			run -o "$TMP"
bad "cannot read suite"			run -o "$TMP" -c /nonexistent.suite
bad "cannot create output directory"	run -o /proc/faultline-no mmap1
bad "cannot create run directory"	run -o /dev/null mmap1
bad "unknown command 'frob'"		frob
bad "unknown workload 'nosuch'"		list nosuch

# nothing was created for the runs that were refused
[ -z "$(ls "$TMP" | grep -v -e '^out$' -e '^err$')" ] || fail "left files in $TMP"

# an existing run name is refused, not overwritten
expect_rc 0 "$FL" run -q -o "$TMP" -n taken -d 1 -w 0 -r 1 -t 1 mmap1
bad "cannot create run directory" run -o "$TMP" -n taken mmap1

# help is not an error
expect_rc 0 "$FL" --help
assert_grep "compare" "$TMP/out"
expect_rc 0 "$FL" run --help
assert_grep "tasks LIST" "$TMP/out"
expect_rc 0 "$FL" list
assert_grep "giant_vma" "$TMP/out"

# a suite and workloads on the command line add up; -d given wins
echo "page_fault1 -d 3 -t 1" > "$TMP/s.suite"
expect_rc 0 "$FL" run -q -o "$TMP" -n mix -d 1 -w 0 -r 1 -t 1 \
	-c "$TMP/s.suite" mmap1
[ "$(jq -r '[.cases[] | .workload + ":" + (.duration | tostring)] | join(" ")' \
	"$TMP/mix/result.json")" = "page_fault1:1 mmap1:1" ] || fail "suite + args"

# the man page documents every option of every command's --help
sed 's/\\//g' docs/faultline.1 > "$TMP/man.txt"
for c in run vm compare bisect-step history import export; do
	"$FL" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u |
	while read -r opt; do
		grep -qF -- "$opt" "$TMP/man.txt" || echo "$c $opt"
	done
done > "$TMP/undocumented"
[ -s "$TMP/undocumented" ] && fail "not in docs/faultline.1: $(cat "$TMP/undocumented")"
true
