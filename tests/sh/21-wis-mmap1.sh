#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mmap1's op is will-it-scale's: mmap(NULL, 128M, PROT_READ|PROT_WRITE,
# MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) then munmap, with no address hint
# (a hinted mmap skips the kernel's search for a THP-aligned gap, which
# will-it-scale's mmap1 measures). page_fault1 keeps its hint: its
# guard keeps threads' regions apart (workloads/wis.h). Seen in strace.
. tests/sh/lib.sh
command -v jq > /dev/null || fail "jq missing (make deps)"
command -v strace > /dev/null || skip "no strace (make deps)"
strace -f -qq -e trace=mmap -o "$TMP/probe" true 2> /dev/null ||
	skip "strace cannot trace here"

# LeakSanitizer cannot run under ptrace (make asan): with ASan the exit
# status is its error, so it is the document that says the case ran.
for m in threads processes; do
	strace -f -qq -e trace=mmap,munmap -o "$TMP/tr" "$FL" run -q \
		-o "$TMP" -n "m$m" --no-db -d 1 -w 0 -r 1 -t 2 -m "$m" mmap1 \
		> /dev/null 2>&1
	jq -e '.cases[0].status == "ok"' "$TMP/m$m/result.json" \
		> /dev/null 2>&1 ||
		fail "mmap1 -m $m did not run under strace"
	# PROT_NONE ones of 128M are glibc's malloc arenas for threads
	grep ' mmap(' "$TMP/tr" | grep ', 134217728, PROT_READ' > "$TMP/big"
	n=$(grep -c . "$TMP/big")
	[ "$n" -ge 100 ] || fail "-m $m: only $n mmaps of 128M traced"
	wis='mmap(NULL, 134217728, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS'
	grep -vF "$wis, -1, 0" "$TMP/big" > "$TMP/other"
	[ ! -s "$TMP/other" ] || { head -n 3 "$TMP/other"
		fail "-m $m: mmap1 mapped otherwise than will-it-scale"; }
	# no guard: no hole of 128M + 2M (wis_hole())
	! grep -q ' mmap(NULL, 136314880, PROT_NONE' "$TMP/tr" ||
		fail "-m $m: mmap1 made a guard"
	echo "-m $m: $n mmaps of 128M, all unhinted"
done
strace -f -qq -e trace=mmap -o "$TMP/tr" "$FL" run -q -o "$TMP" -n pf \
	--no-db -d 1 -w 0 -r 1 -t 1 page_fault1 > /dev/null 2>&1
grep -q ' mmap(0x[0-9a-f]*, 134217728, ' "$TMP/tr" ||
	fail "page_fault1 no longer passes its hint"
