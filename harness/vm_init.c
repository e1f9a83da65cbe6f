// SPDX-License-Identifier: GPL-2.0
/*
 * vm_init.c - the guest's /init, PID 1 of every `faultline vm` guest.
 *
 * Serial ports: ttyS0 the console (kernel log and the markers below),
 * ttyS1 the result transfer, ttyS2 faultline's stdout (the KTAP
 * stream), ttyS3 its stderr. ttyS1-3 are raw, so bytes pass unchanged.
 *
 * Markers on the console: "@@FAULTLINE-BOOTED <release>" once init
 * runs, "@@FAULTLINE-DONE <rc>" when the results have been sent.
 *
 * The transfer (ttyS1) is a sequence of records, parsed by vm_xfer.c:
 *	FLXFER1 FILE <name>/<file> <size> <sha256>\n <size bytes> \n
 *	FLXFER1 END <files> <rc> <sha256 of the FILE lines since BEGIN>\n
 * While the run goes on, result.json and ktap.txt are sent again each
 * time the runner rewrites them, so a panic or a hang keeps what had
 * finished. The final copies follow "FLXFER1 BEGIN\n"; END counts them.
 * /etc/faultline/run.sh, the per-run part, sets FL_NAME, exports
 * FAULTLINE_VM_INFO and sets "$@" to the RUN-ARGS.
 */
#include "vm.h"

const char vm_init_script[] =
"#!/bin/busybox sh\n"
"/bin/busybox --install -s /bin\n"
"export PATH=/bin:/usr/bin:/sbin:/usr/sbin HOME=/tmp\n"
"export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu\n"
"mkdir -p /proc /sys /dev /tmp /out /run\n"
"mount -t proc proc /proc\n"
"mount -t sysfs sysfs /sys\n"
"mount -t devtmpfs devtmpfs /dev\n"
"mount -t tmpfs tmpfs /tmp\n"
"mkdir -p /dev/shm /dev/pts && mount -t tmpfs tmpfs /dev/shm\n"
"[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd\n"
"hostname faultline-vm\n"
"echo \"@@FAULTLINE-BOOTED $(uname -r)\"\n"
"halt() { sync; poweroff -f; sleep 60; }\n"
"grep -q faultline.probe /proc/cmdline && halt\n"
"for t in 1 2 3; do stty -F /dev/ttyS$t raw -echo || halt; done\n"
"exec 5> /dev/ttyS1\n"
"# ship FILE: one FILE record, from a stable copy\n"
"ship() {\n"
"\tcp \"$1\" /tmp/.ship || return\n"
"\th=\"FLXFER1 FILE $FL_NAME/${1##*/} $(stat -c %s /tmp/.ship)\"\n"
"\th=\"$h $(sha256sum < /tmp/.ship | cut -d' ' -f1)\"\n"
"\techo \"$h\" >> /tmp/.hdrs\n"
"\techo \"$h\" >&5\n"
"\tcat /tmp/.ship >&5\n"
"\tprintf '\\n' >&5\n"
"}\n"
"# snapshots: result.json and ktap.txt each time they change. Only\n"
"# shell builtins while nothing changed (read -t on a fifo that never\n"
"# speaks is the sleep): no fork disturbs the measurement.\n"
"snap() {\n"
"\tmkfifo /tmp/.tick && exec 6<> /tmp/.tick\n"
"\ttouch -t 197001010000 /tmp/.shipped\n"
"\tf=/out/$FL_NAME/result.json\n"
"\twhile [ ! -e /tmp/.stop ]; do\n"
"\t\tread -t 2 -u 6 x\n"
"\t\t[ \"$f\" -nt /tmp/.shipped ] || continue\n"
"\t\t: > /tmp/.shipped\n"
"\t\tship \"$f\"\n"
"\t\t[ -f /out/$FL_NAME/ktap.txt ] && ship /out/$FL_NAME/ktap.txt\n"
"\tdone\n"
"}\n"
"# tests: faultline.test_panic=SEC crashes the kernel SEC s into the run\n"
"for a in $(cat /proc/cmdline); do\n"
"\tcase $a in faultline.test_panic=*)\n"
"\t\t(sleep ${a#*=}; echo c > /proc/sysrq-trigger) & ;;\n"
"\tesac\n"
"done\n"
"# --modules: insmod them all, again while that loads more (deps)\n"
"if [ -d /lib/modules/faultline ]; then\n"
"\tleft=$(echo /lib/modules/faultline/*.ko)\n"
"\twhile [ -n \"$left\" ]; do\n"
"\t\tnext= more=\n"
"\t\tfor m in $left; do\n"
"\t\t\tif insmod \"$m\" 2> /dev/null; then\n"
"\t\t\t\techo \"@@FAULTLINE-MODULE loaded ${m##*/}\"\n"
"\t\t\t\tmore=1\n"
"\t\t\telse\n"
"\t\t\t\tnext=\"$next $m\"\n"
"\t\t\tfi\n"
"\t\tdone\n"
"\t\tleft=$next\n"
"\t\t[ -n \"$more\" ] || break\n"
"\tdone\n"
"\tfor m in $left; do\n"
"\t\tinsmod \"$m\"\n"
"\t\techo \"@@FAULTLINE-MODULE failed ${m##*/}\"\n"
"\tdone\n"
"fi\n"
". /etc/faultline/run.sh\n"
"[ -f /boot/config-$(uname -r) ] ||\n"
"\tfor c in /boot/config-*; do ln -s \"$c\" /boot/config-$(uname -r); done\n"
"snap & spid=$!\n"
"cd /tmp\n"
"# stderr through a pipe: no progress line, the host is no terminal\n"
"{ faultline run -o /out -n \"$FL_NAME\" \"$@\"; echo $? > /tmp/.rc; } \\\n"
"\t5>&- 3> /dev/ttyS2 2>&1 1>&3 | cat > /dev/ttyS3\n"
"rc=$(cat /tmp/.rc 2>/dev/null || echo 1)\n"
"touch /tmp/.stop\n"
"echo > /tmp/.tick\t# wake the snapshot loop now\n"
"wait $spid\n"
": > /tmp/.hdrs\n"
"printf 'FLXFER1 BEGIN\\n' >&5\n"
"n=0\n"
"for f in /out/\"$FL_NAME\"/*; do\n"
"\t[ -f \"$f\" ] || continue\n"
"\tship \"$f\" && n=$((n + 1))\n"
"done\n"
"sum=$(sha256sum < /tmp/.hdrs | cut -d' ' -f1)\n"
"printf 'FLXFER1 END %s %s %s\\n' $n $rc $sum >&5\n"
"exec 5>&-\n"
"echo \"@@FAULTLINE-DONE $rc\"\n"
"halt\n";
