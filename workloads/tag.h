/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tag.h - what the race workloads share: 8-byte page tags, seqcounts and
 * catching SIGBUS/SIGSEGV inside a mapped range.
 *
 * A tag is one aligned u64, so one load reads a whole tag:
 *
 *	63..52 check bits   51..44 file id   43..24 page index   23..0 gen
 *
 * The check bits hash the other 52 bits, so zero, torn or shifted data
 * never passes for a tag. File ids 0x01..0x7f are files (chosen from the
 * case seed), 0x80 | task marks a task's private write, TAG_ANON an
 * anonymous page.
 */
#ifndef FAULTLINE_TAG_H
#define FAULTLINE_TAG_H

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "workload.h"

#ifndef RUSAGE_THREAD
#define RUSAGE_THREAD	1	/* Linux's; hidden without _GNU_SOURCE */
#endif

#define TAG_PAGE	4096UL
#define TAG_WORDS	(TAG_PAGE / 8)
#define TAG_GEN_BITS	24
#define TAG_GEN_MASK	((1ULL << TAG_GEN_BITS) - 1)
#define TAG_IDX_BITS	20
#define TAG_MAX_PAGES	(1LL << TAG_IDX_BITS)
#define TAG_ANON	0xfe
#define TAG_PRIV(id)	(0x80 | ((id) & 0x7f))

static inline uint64_t tag_check(uint64_t low)
{
	return ((low * 0x9e3779b97f4a7c15ULL) >> 52) ^ 0x5a5;
}

static inline uint64_t tag_make(unsigned int file, uint64_t idx, uint64_t gen)
{
	uint64_t low = (uint64_t)(file & 0xff) << 44 |
		       (idx & (TAG_MAX_PAGES - 1)) << 24 | (gen & TAG_GEN_MASK);

	return tag_check(low) << 52 | low;
}

static inline bool tag_ok(uint64_t t)
{
	return (t >> 52) == tag_check(t & ((1ULL << 52) - 1));
}

static inline unsigned int tag_file(uint64_t t) { return (t >> 44) & 0xff; }
static inline uint64_t tag_idx(uint64_t t) { return (t >> 24) & 0xfffff; }
static inline uint64_t tag_gen(uint64_t t) { return t & TAG_GEN_MASK; }

/* The full generation whose low bits are `g`, nearest at or below `ref`. */
static inline uint64_t tag_gen_full(uint64_t g, uint64_t ref)
{
	return ref - ((ref - g) & TAG_GEN_MASK);
}

/* Fill one page with `t`, 8-byte stores a reader never sees torn. */
static inline void tag_fill(void *page, uint64_t t)
{
	uint64_t *w = page;
	unsigned long i;

	for (i = 0; i < TAG_WORDS; i++)
		__atomic_store_n(&w[i], t, __ATOMIC_RELAXED);
}

static inline uint64_t tag_load(const void *addr)
{
	return __atomic_load_n((const uint64_t *)addr, __ATOMIC_RELAXED);
}

/*
 * Seqcount: a writer makes it odd before a change and even after, so a
 * reader that samples it before (s0) and after (s1) an access knows that
 * the access saw some state numbered in [s0 / 2, (s1 + 1) / 2].
 */
static inline uint64_t seq_read(const uint64_t *seq)
{
	return __atomic_load_n(seq, __ATOMIC_ACQUIRE);
}

/* After the access: order it before the second sample. */
static inline uint64_t seq_reread(const uint64_t *seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(seq, __ATOMIC_ACQUIRE);
}

static inline void seq_bump(uint64_t *seq)
{
	__atomic_store_n(seq, *seq + 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline uint64_t seq_lo(uint64_t s0) { return s0 >> 1; }
static inline uint64_t seq_hi(uint64_t s1) { return (s1 + 1) >> 1; }

/*
 * Catching faults inside a range, per thread. A worker arms [lo, hi) and
 * calls sigsetjmp(tag_catch.jb, 0); a SIGBUS or SIGSEGV at an address in
 * the armed range jumps back with .sig and .addr set. Any other fault
 * restores the previous handler and returns, so the fault repeats and
 * kills the process as it would have without us.
 */
struct tag_catch {
	sigjmp_buf jb;
	volatile uintptr_t lo, hi;	/* armed range; hi == 0: disarmed */
	volatile int sig;
	volatile uintptr_t addr;
};

static __thread struct tag_catch tag_catch;
static struct sigaction tag_old_bus, tag_old_segv;

static void tag_on_fault(int sig, siginfo_t *si, void *uc)
{
	struct tag_catch *c = &tag_catch;
	uintptr_t a = (uintptr_t)si->si_addr;

	if (si->si_code > 0 && c->hi && a >= c->lo && a < c->hi) {
		c->sig = sig;
		c->addr = a;
		c->hi = 0;
		siglongjmp(c->jb, 1);
	}
	sigaction(sig, sig == SIGBUS ? &tag_old_bus : &tag_old_segv, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

/* Idempotent; every worker calls it, in case the harness set its own. */
static inline void tag_catch_install(void)
{
	struct sigaction sa, cur;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = tag_on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, NULL, &cur);
	if (cur.sa_sigaction != tag_on_fault) {
		tag_old_bus = cur;
		sigaction(SIGBUS, &sa, NULL);
	}
	sigaction(SIGSEGV, NULL, &cur);
	if (cur.sa_sigaction != tag_on_fault) {
		tag_old_segv = cur;
		sigaction(SIGSEGV, &sa, NULL);
	}
}

static inline void tag_catch_arm(const void *lo, size_t len)
{
	tag_catch.lo = (uintptr_t)lo;
	tag_catch.hi = (uintptr_t)lo + len;
}

static inline void tag_catch_disarm(void)
{
	tag_catch.hi = 0;
}

/* Page faults this thread took (minor + major). */
static inline uint64_t tag_thread_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

/* Write tag(file, page, gen) pages [0, pages) to fd; 0 or -errno. */
static inline int tag_fill_fd(int fd, unsigned int file, uint64_t pages,
			      uint64_t gen)
{
	uint64_t buf[TAG_WORDS], p;
	unsigned long i;

	for (p = 0; p < pages; p++) {
		uint64_t t = tag_make(file, p, gen);

		for (i = 0; i < TAG_WORDS; i++)
			buf[i] = t;
		if (pwrite(fd, buf, TAG_PAGE, (off_t)(p * TAG_PAGE)) !=
		    (ssize_t)TAG_PAGE)
			return errno ? -errno : -EIO;
	}
	return 0;
}

/* File id i (0..15) of this case: seeded, so a foreign run never matches. */
static inline unsigned int tag_file_id(uint64_t seed, int i)
{
	return 1 + (unsigned int)((seed >> 7) % 0x6e) + (unsigned int)i;
}

/* Each task calls it once at its end; true for the last one out. */
static inline bool tag_last_out(int *live)
{
	return __atomic_sub_fetch(live, 1, __ATOMIC_ACQ_REL) == 0;
}

#endif /* FAULTLINE_TAG_H */
