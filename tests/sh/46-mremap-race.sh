#!/bin/sh
# mremap_race: clean on this kernel with plain moves and with
# MREMAP_DONTUNMAP (or a skip that says why), a skip in processes mode,
# and every violation message reachable by injection (inject=SITE).
. tests/sh/lib.sh
. tests/sh/race_lib.sh
W=mremap_race

clean() {	# clean PARAMS COUNTER...
	p=$1
	shift
	race_clean "$W:$p" threads "$@"
}

clean dontunmap=0 moves reads segvs writes stable_reads
"$FL" run -q -o "$TMP/p" -d 1 -w 0 -r 1 -t 1 "$W:dontunmap=1" \
	> "$TMP/probe" 2>&1
if grep -q "SKIP .*refuses MREMAP_DONTUNMAP" "$TMP/probe"; then
	echo "MREMAP_DONTUNMAP refused here: that variant skips"
else
	clean dontunmap=1 moves reads zeros reader_faults stable_reads
fi
clean thp=1 moves reads

race_threads_only

fires inject=tag	"bad check bits"
fires inject=foreign	"not this page's tag"
fires inject=gen	"stale or unwritten generation"
fires inject=zero	"zero page where the region was mapped"
fires inject=segv	"SIGSEGV in a range mapped in every state"
fires inject=mapped	"old range still readable after mremap() moved it"
grep -q "SKIP" "$TMP/probe" ||
	fires inject=notzero,dontunmap=1 "old range holds data after MREMAP_DONTUNMAP"
fires inject=mremap	"mremap() returned 0x"
exit 0
