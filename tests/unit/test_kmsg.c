// SPDX-License-Identifier: GPL-2.0
/*
 * test_kmsg.c - the kernel-log watch, on lines in the form the kernel
 * prints them (format strings from 6.1 and 6.12, with typical values):
 * each failure class is recognised, and lines a healthy kernel prints
 * during a run (mounts, loop devices, a user program's own crash, the
 * OOM killer, which the runner judges itself) fail nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kmsg.h"

static const struct {
	const char *line;
	const char *class;
} bad_lines[] = {
	{ "WARNING: CPU: 1 PID: 4242 at mm/memory.c:1521 zap_pte_range+0x4f2/0x5a0", "WARNING" },
	{ "kernel BUG at mm/filemap.c:1532!", "BUG" },
	{ "BUG: unable to handle page fault for address: ffffc90000a3f000", "BUG" },
	{ "BUG: sleeping function called from invalid context at mm/memory.c:6092", "BUG" },
	{ "BUG: KASAN: slab-use-after-free in vma_start_read+0x2c/0x1a0", "KASAN" },
	{ "BUG: KFENCE: out-of-bounds read in filemap_map_pages+0xa6/0x534", "KFENCE" },
	{ "watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [faultline:812]", "soft lockup" },
	{ "Watchdog detected hard LOCKUP on cpu 0", "hard lockup" },
	{ "INFO: task faultline:901 blocked for more than 122 seconds.", "hung task" },
	{ "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.", "hung task" },
	{ "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "RCU stall" },
	{ "rcu: INFO: rcu_sched self-detected stall on CPU", "RCU stall" },
	{ "rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 1-... } 21002 jiffies s: 385 root: 0x2/.", "RCU stall" },
	{ "UBSAN: shift-out-of-bounds in mm/memory.c:4530:20", "UBSAN" },
	{ "UBSAN: array-index-out-of-bounds in mm/vmscan.c:2101:9", "UBSAN" },
	{ "list_add corruption. next->prev should be prev (ffff888003c4b1a8), but was ffff888003c4b1b8. (next=ffff888003c4b1b8).", "list corruption" },
	{ "list_del corruption, ffff88800b5e6a40->next is LIST_POISON1 (dead000000000100)", "list corruption" },
	{ "general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b6b: 0000 [#1] PREEMPT SMP NOPTI", "general protection fault" },
	{ "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN NOPTI", "general protection fault" },
	{ "Oops: 0002 [#1] PREEMPT SMP NOPTI", "Oops" },
	{ "BUG: Bad page state in process faultline  pfn:10a3f", "bad page" },
	{ "BUG: Bad page map in process faultline  pte:8000000104b3f025 pmd:10a3e067", "bad page" },
	{ "BUG: Bad rss-counter state mm:00000000a2b5c7d3 type:MM_ANONPAGES val:-1", "bad rss-counter" },
	{ "Kernel panic - not syncing: Fatal exception", "panic" },
};

static const char *const good_lines[] = {
	"XFS (nvme0n1): Mounting V5 Filesystem 1b2c3d4e-0000-4000-8000-000000000000",
	"EXT4-fs (loop0): mounted filesystem 6c1e0000-0000-4000-8000-000000000000 r/w with ordered data mode. Quota mode: none.",
	"loop0: detected capacity change from 0 to 2097152",
	"faultline[812]: segfault at 7f2a3c000000 ip 0000559e4c2a1136 sp 00007ffc8d2e1a40 error 6 in faultline[559e4c29f000+3c000]",
	"traps: faultline[812] general protection fault ip:559e4c2a1136 sp:7ffc8d2e1a40 error:0 in faultline[559e4c29f000+3c000]",
	"Out of memory: Killed process 812 (faultline) total-vm:4194304kB, anon-rss:3145728kB, file-rss:0kB",
	"tmpfs: Unknown parameter 'huge'",
	"nvme nvme0: 2/0/0 default/read/poll queues",
	"",
};

static void test_bad_lines(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		const char *c = fl_kmsg_class(bad_lines[i].line);

		if (!c)
			fail_msg("not caught: %s", bad_lines[i].line);
		assert_string_equal(c, bad_lines[i].class);
		assert_true(fl_kmsg_is_bad(bad_lines[i].line));
	}
}

static void test_good_lines(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(good_lines) / sizeof(good_lines[0]); i++) {
		if (fl_kmsg_class(good_lines[i]))
			fail_msg("false alarm: %s", good_lines[i]);
		assert_false(fl_kmsg_is_bad(good_lines[i]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_good_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
