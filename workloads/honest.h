/* SPDX-License-Identifier: GPL-2.0 */
/*
 * honest.h - what a throughput workload checks so that it never reports
 * a rate the kernel did not deliver.
 *
 * 1. Fault count. Before a round of touches every page of the touched
 *    range is unmapped (fresh mmap, or MADV_DONTNEED), so each touch
 *    needs the kernel to map the page, and only a fault maps a page of
 *    a range no other task touches. One fault maps at most the
 *    PMD-aligned block around the faulting address: a PMD mapping (THP,
 *    shmem/tmpfs huge pages, the huge zero page), fault-around (capped
 *    at PTRS_PER_PTE pages, inside one page table), an mTHP folio (below
 *    PMD order) or a large shmem folio mapped whole (inside one page
 *    table). So the kernel must count at least one fault per PMD block
 *    that lies wholly inside the range, whatever the THP and
 *    fault_around_bytes settings. Where the kernel promises one page
 *    per fault (write faults on MAP_PRIVATE file mappings: do_cow_fault
 *    maps one new order-0 page; private anonymous memory under
 *    MADV_NOHUGEPAGE: no THP, no mTHP), the block is one page.
 *    The kernel's count is getrusage(RUSAGE_THREAD) ru_minflt+ru_majflt
 *    (mm_account_fault: current->min_flt/maj_flt, once per completed
 *    fault), for threads and task processes alike. It also counts the
 *    task's own stack and code faults: they only make it larger, and
 *    the check is a lower bound.
 *
 * 2. Content. A page dropped with MADV_DONTNEED or munmap comes back
 *    zero (anonymous private) or with the file's data (shared, file);
 *    each workload checks that where it costs nothing measurable.
 *
 * FAULTLINE_INJECT=WORKLOAD corrupts one observation of one check, to
 * prove that it fires; FAULTLINE_INJECT_SITE=SITE says which one.
 */
#ifndef FAULTLINE_HONEST_H
#define FAULTLINE_HONEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workload.h"

/* Faults the kernel has handled for the calling thread. */
uint64_t honest_kfaults(void);

/*
 * Bytes one fault maps at most: the PMD size (hpage_pmd_size), or, if
 * the kernel has no THP, what one page table maps (page size times page
 * size / sizeof(long); fault-around never crosses a page table).
 */
size_t honest_span(void);

/*
 * The fewest faults that can map every page of [start, start + len) if
 * one fault maps at most the `span`-aligned block around its address:
 * the number of such blocks wholly inside the range. Pure.
 */
uint64_t honest_min_faults(uintptr_t start, size_t len, size_t span);

/*
 * One round's fault check: honest_kfaults() was `before` and `after`
 * around the touches of one round, which need at least `min` faults.
 * Reports a violation (once per task: *reported) and returns false if
 * the kernel saw fewer. `round` goes into the violation record.
 */
bool honest_check_faults(struct fl_task *t, uint64_t round, uint64_t min,
			 uint64_t before, uint64_t after, bool *reported,
			 const char *what);

/*
 * True if injection site `site` is the chosen one: FAULTLINE_INJECT_SITE
 * names it, or is unset and `site` is the workload's default (dflt).
 */
bool honest_site(const char *site, bool dflt);

/* FAULTLINE_NO_CHECKS=1: skip these checks; bench/honest.sh only. */
bool honest_off(void);

#endif /* FAULTLINE_HONEST_H */
