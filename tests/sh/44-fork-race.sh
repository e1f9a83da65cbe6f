#!/bin/sh
# fork_race, and with order=1: clean on this kernel (children checked
# pages, writers faulted), a skip in processes mode, and every
# violation message reachable by injection (inject=SITE), as in
# 41-races-inject.sh.
. tests/sh/lib.sh
. tests/sh/race_lib.sh
W=fork_race

race_clean "$W" threads forks writes child_checks writer_faults remaps
race_clean "$W:order=1,gap=64" threads forks writes child_checks writer_faults \
	remaps
race_threads_only

fires inject=tag	"fork child: bad check bits"
fires inject=foreign	"fork child: not this page's tag"
fires inject=zero	"fork child: zero, but a write had completed before fork"
fires inject=stale	"fork child: stale: older than the last write"
fires inject=future	"fork child: saw a write that began after fork returned"
fires inject=lost	"parent lost its own write"
fires inject=exit	"fork child exited 7"
fires inject=kill	"fork child killed by signal 9"
fires inject=leak	"parent sees a fork child.s write"
# order=1: the writers' sequences of fresh pages
fires order=1,inject=zero	"fork child: zero, but a later write of the same writer"
fires order=1,inject=stale	"fork child: a page from another round"
fires order=1,inject=tag	"fork child: bad check bits (writer [0-9]*, lane page"
fires order=1,inject=lost	"parent lost its own write (round"
exit 0
