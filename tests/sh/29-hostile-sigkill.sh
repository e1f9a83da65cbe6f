#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# SIGKILL of a runner with --with: before, a 64 MiB fio file stayed in
# RUN/.scratch, result.json still said "running" and stress-ng's workers
# outlived the runner by about 2 s. Now the run's guardian kills every
# process with the run's FL_AGGR_DIR, removes .scratch and marks the run
# interrupted, within a second.
. tests/sh/lib.sh
command -v stress-ng > /dev/null || skip "no stress-ng"
command -v fio > /dev/null || skip "no fio"

O="$TMP/res"
$FL run -q -o "$O" -n k -d 20 -w 0 -r 1 -t 1 -m threads --no-db \
	--with 'stress-ng:--vm 2 --vm-bytes 16M' \
	--with fio:configs/aggressors/randrw.fio page_fault1:size=1M \
	> "$TMP/out" 2> "$TMP/err" &
pid=$!
# wait until fio's file and stress-ng's workers are there
i=0
while [ $i -lt 100 ]; do
	[ -n "$(ls "$O/k/.scratch" 2> /dev/null | grep -v '^aggr-')" ] &&
		[ "$(pgrep -c -f 'stress-ng.*vm')" -ge 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
[ $i -lt 100 ] || { ls -la "$O/k/.scratch"; fail "aggressors did not start"; }
kill -KILL $pid
wait $pid 2> /dev/null
sleep 1
left=$(for p in $(ls /proc | grep '^[0-9]'); do
	{ tr "\0" "\n" < /proc/$p/environ; } 2> /dev/null |
		grep -qx "FL_AGGR_DIR=$O/k/.scratch" && echo $p
done)
[ -z "$left" ] || { ps -o pid,ppid,args -p $left; fail "left behind: $left"; }
[ ! -e "$O/k/.scratch" ] || { ls -la "$O/k/.scratch"; fail ".scratch left behind"; }
grep -q '"status": *"running"' "$O/k/result.json" && fail "result.json still says running"
assert_grep '"status": *"interrupted"' "$O/k/result.json"

# a normal run leaves no guardian behind
expect_rc 0 $FL run -q -o "$O" -n n -d 1 -w 0 -r 1 -t 1 -m threads --no-db \
	page_fault1:size=1M
echo "a killed runner leaves nothing behind"
