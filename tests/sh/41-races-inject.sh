#!/bin/sh
# Every checker fires, every message: FAULTLINE_INJECT corrupts one
# observation (or the file itself) at the chosen site (inject=SITE), in
# a state where the model forbids what is then seen; the run must say
# "not ok", exit 1, and record a violation with the page, the expected
# and the seen content, and that message. The models' own verdicts on
# synthetic histories are in tests/unit/test_check_*.c.
. tests/sh/lib.sh

n=0
fires() {	# fires WORKLOAD PARAMS PATTERN: injected run fails with PATTERN
	wl=$1 params=$2 pat=$3
	n=$((n + 1))
	FAULTLINE_INJECT=$wl expect_rc 1 "$FL" run -q -o "$TMP/r" -n "i$n" \
		-d 1 -w 0 -r 1 -t 2 --timeout 60 "$wl:$params"
	assert_grep "^not ok 1 " "$TMP/out"
	j="$TMP/r/i$n/result.json"
	assert_grep '"status":"fail"' "$j"
	assert_grep '"violations":\[' "$j"
	for k in '"t_ns":' '"task":' '"page":' '"expected":"0x' '"seen":"0x'; do
		assert_grep "$k" "$j"
	done
	assert_grep "\"what\":\"[^\"]*$pat" "$j"
	echo "ok: $wl:$params -> $pat"
}

fires mapfixed_race inject=tag		"bad check bits"
fires mapfixed_race inject=stale	"stale: gen"
fires mapfixed_race inject=signal	"SIGSEGV at .* inside the mapped range"
fires mapfixed_race inject=mmap		"mmap(MAP_FIXED) returned"
fires mapfixed_race inject=stale,anon=1,span=8	"stale: gen"
fires mapfixed_race inject=zero		"zero page, gens"
fires mapfixed_race inject=index	"page index, gens"
fires mapfixed_race inject=retired	"retired file id"
fires mapfixed_race inject=foreign	"foreign file id"
fires mapfixed_race inject=anon,anon=1	"other anon gen id"
fires mapfixed_race inject=landed,access=rw	"a write landed in the wrong file"

fires truncate_race inject=tag		"bad check bits"
fires truncate_race inject=sigbus	"SIGBUS, but inside EOF"
fires truncate_race inject=nosigbus,hold_us=1000	"missing SIGBUS"
fires truncate_race inject=stale	"stale gen"
fires truncate_race inject=stale,op=punch	"stale gen"
fires truncate_race inject=private	"lost own private write"
fires truncate_race inject=survived	"private COW page survived a truncate"
fires truncate_race inject=final	"final file: word"
fires truncate_race inject=size		"final file size differs"
fires truncate_race inject=zero		"zero, but a fill had written it"
fires truncate_race inject=file		"another file's tag"
fires truncate_race inject=index	"wrong page index"
fires truncate_race inject=never	"gen never wrote this page"
fires truncate_race inject=tail,size=odd,hold_us=1000	"data past EOF in the last page"
fires truncate_race inject=segv		"SIGSEGV at .* inside the mapping"

fires cow_storm inject=tag		"bad check bits"
fires cow_storm inject=own		"not own write"
fires cow_storm inject=snapshot,shared_writer=1	"COW copy"
fires cow_storm inject=final,shared_writer=1	"final file"
fires cow_storm inject=stale,shared_writer=1	"stale gen"
fires cow_storm inject=dropped		"own dropped private write"
fires cow_storm inject=other		"another task's private write"
fires cow_storm inject=file		"another file's page"
fires cow_storm inject=index		"wrong page index"
fires cow_storm inject=leak,shared=none	"private write of task .* reached the file"
fires cow_storm inject=child,backing=anon	"fork child saw the parent's write"
fires cow_storm inject=childdata,backing=anon	"fork child saw wrong data"
fires cow_storm inject=parent,backing=anon	"parent lost its own write"
fires cow_storm inject=undropped,backing=anon	"anonymous data survived MADV_DONTNEED"

# a fault outside the armed range is not swallowed: the case crashes
FAULTLINE_INJECT=mapfixed_race expect_rc 1 "$FL" run -q -o "$TMP/r" -n wild \
	-d 1 -w 0 -r 1 -t 2 --timeout 60 mapfixed_race:inject=wild
assert_grep "^not ok 1 .*crash.*Segmentation fault" "$TMP/out"
assert_grep '"status":"crash"' "$TMP/r/wild/result.json"

# injection names one workload: another one is left alone
FAULTLINE_INJECT=cow_storm expect_rc 0 "$FL" run -q -o "$TMP/r" -n other \
	-d 1 -w 0 -r 1 -t 1 truncate_race
exit 0
