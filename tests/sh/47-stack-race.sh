#!/bin/sh
# stack_race: clean on this kernel (the stack grew, the guard gap was
# probed, mappers mapped beside it), a skip in processes mode, and every
# violation message reachable by injection (inject=SITE).
. tests/sh/lib.sh
. tests/sh/race_lib.sh
W=stack_race

race_clean "$W" threads grows gap_probes cycles mapper_ops mapper_faults
race_threads_only

fires inject=gap	"access in the stack guard gap did not fault"
fires inject=lost	"page does not hold what its one writer wrote (grown page"
fires inject=mapper	"page does not hold what its one writer wrote (a mapper"
fires inject=segv	"SIGSEGV on a mapped page (stack top"
exit 0
