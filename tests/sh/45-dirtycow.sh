#!/bin/sh
# dirtycow: clean on this kernel in both modes (forced writes, DONTNEEDs
# and strictly judged reads all happened), and every violation message
# reachable by injection (inject=SITE), for backing=file and, where THP
# and its zero page are on, backing=thp.
. tests/sh/lib.sh
. tests/sh/race_lib.sh
W=dirtycow

"$FL" run -q -o "$TMP/p" -d 1 -w 0 -r 1 -t 1 "$W:backing=thp" \
	> "$TMP/thp" 2>&1
thp=backing=thp
if grep -q "SKIP" "$TMP/thp"; then
	echo "backing=thp skips here: $(grep SKIP "$TMP/thp")"
	thp=
fi
for mode in threads processes; do
	for spec in "$W" ${thp:+"$W:$thp"}; do
		race_clean "$spec" "$mode" forced_writes dontneeds \
			stable_reads file_checks
	done
done

fires inject=tag	"bad check bits"
fires inject=foreign	"neither the file nor this task's last forced write"
fires inject=lost	"forced write lost with no MADV_DONTNEED since"
fires inject=file	"read-only file changed"
# a whole DONTNEED between write and read is rarer: give it 3 s
D=3 fires inject=kept "a forced write survived a completed MADV_DONTNEED"
if [ -n "$thp" ]; then
	fires inject=file,backing=thp "the zero page is not zero"
	D=3 fires inject=kept,backing=thp "a forced write survived a completed"
fi
exit 0
