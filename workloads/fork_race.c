// SPDX-License-Identifier: GPL-2.0
/*
 * fork_race - writer threads fault fresh anonymous VMAs and COW-write
 * per-page generations while a forker thread forks in a loop. Every page
 * is written by every writer, each in its own two words, so one writer's
 * COW fault copies a page another may be writing. Each child checks
 * every region that stayed in place across its fork against the window
 * of that fork: a word holds a write completed before fork() was called,
 * or one that had begun by the time it returned, never a later one. Each
 * writer re-reads its own last write before the next one.
 *
 * Aimed at bugzilla 217624: without write-locking the parent's VMAs in
 * dup_mmap(), a fault under a per-VMA lock races copy_page_range() (and
 * anon_vma_fork() on a VMA whose anon_vma is being set up), fixed by
 * fb49c455323f ("fork: lock VMAs of the parent process when forking,
 * again"). The model is in docs/races.md.
 *
 * order=1 replaces the regions: each writer stores to a sequence of
 * fresh pages alternating between a low and a high lane of one VMA,
 * `gap` populated pages apart, and each child checks that it sees a
 * prefix of every writer's sequence. A fault on the VMA must wait while
 * dup_mmap() copies it; without vma_start_write() a fault lands in the
 * low lane after copy_page_range() passed it, and the next in the high
 * lane before: the child sees the later write but not the earlier.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "known_races.h"
#include "tag.h"

#define FR_MAX_PAGES	1024
#define FR_MAX_REGIONS	64
#define FR_MAX_WRITERS	64	/* words 0..63 and 448..511 of a page */
#define FR_CHILD_WORD	256	/* only fork children write it */

enum { C_FORKS, C_WRITES, C_CHECKS, C_FAULTS, C_REMAPS, C_SKIPPED };
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_FOREIGN, "foreign") \
			X(INJ_ZERO, "zero") X(INJ_STALE, "stale") \
			X(INJ_FUTURE, "future") X(INJ_LOST, "lost") \
			X(INJ_EXIT, "exit") X(INJ_KILL, "kill") X(INJ_LEAK, "leak")
enum inject { INJECT(FL_ENUM_VALUE) };

/*
 * Everything the forker and its children read, MAP_SHARED so that a
 * child reads the parent's live log, indexed by region r, page p and
 * writer w: log entries [(r * pages + p) * writers + w], bases and
 * window bases [r * writers + w].
 */
struct fr_shared {
	uint64_t *seq;		/* per region, odd while it is replaced */
	uint64_t *base;		/* gens of this incarnation are > base */
	uint64_t *started, *done;
	/* the window of the fork under way */
	uint64_t *s0, *wbase, *lo, *hi;
	int *stable;
};

struct fr_report {		/* what the child found, for the parent */
	int ready, verdict;
	uint64_t page, lo, hi, seen, region, writer;
} __attribute__((aligned(64)));

struct fr {
	int pages, regions, writers, inject, gap;
	bool check, order;
	size_t rlen;		/* bytes of one region */
	char *area;		/* the regions, one guard page apart */
	size_t alen;
	char *lanes;		/* order=1: low lanes, the gap, high lanes */
	size_t llen;
	struct fr_shared s;
	void *shm;
	size_t shmlen;
	struct fr_report *rep;
	/* a barrier between the remap and the write phase of each pass */
	int bar_count __attribute__((aligned(64)));
	int bar_gen;
};

static const struct fl_param fr_params[] = {
	{ "pages", FL_P_INT, "64", 1, FR_MAX_PAGES, NULL,
	  "pages per region" },
	{ "regions", FL_P_INT, "4", 1, FR_MAX_REGIONS, NULL,
	  "regions; one is mapped afresh each pass" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "unused (anonymous memory only); lets a suite add dir= to every case" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "children and writers check (0: same loops, no checker)" },
	{ "order", FL_P_BOOL, "0", 0, 0, NULL,
	  "writers fault fresh pages alternately low and high in one VMA; children check the order" },
	{ "gap", FL_P_INT, "2048", 0, 65536, NULL,
	  "order=1: populated pages between the low and the high lanes" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const fr_counters[] = {
	"forks", "writes", "child_checks", "writer_faults", "remaps",
	"skipped", NULL
};

static size_t fr_ent(struct fr *m, int r, int p, int w)
{
	return ((size_t)r * m->pages + p) * m->writers + w;
}

static char *fr_addr(struct fr *m, int r)
{
	return m->area + (size_t)r * (m->rlen + TAG_PAGE);
}

static uint64_t fr_idx(struct fr *m, int r, int p)
{
	return (uint64_t)r * m->pages + p;
}

/* Writer w's two words of a page. */
static uint64_t *fr_word(struct fr *m, int r, int p, int w, int k)
{
	uint64_t *pg = (uint64_t *)(fr_addr(m, r) + (size_t)p * TAG_PAGE);

	return pg + (k ? (int)TAG_WORDS - 1 - w : w);
}

/* All writers meet here; false if the case is stopping meanwhile. */
static bool fr_barrier(struct fl_task *t, struct fr *m)
{
	int gen = __atomic_load_n(&m->bar_gen, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&m->bar_count, 1, __ATOMIC_ACQ_REL) ==
	    m->writers) {
		__atomic_store_n(&m->bar_count, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&m->bar_gen, gen + 1, __ATOMIC_RELEASE);
		return true;
	}
	while (__atomic_load_n(&m->bar_gen, __ATOMIC_ACQUIRE) == gen) {
		if (fl_stopping(t))
			return false;
		sched_yield();
	}
	return true;
}

/*
 * Map region r afresh: a new VMA without an anon_vma, all zero. No
 * writer writes meanwhile (the barriers around the remap phase).
 */
static int fr_remap(struct fl_task *t, struct fr *m, int r)
{
	struct fr_shared *s = &m->s;
	char *a = fr_addr(m, r);
	int p, w;

	seq_bump(&s->seq[r]);
	if (mmap(a, m->rlen, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a)
		return -errno;
	for (w = 0; w < m->writers; w++) {
		uint64_t top = s->base[r * m->writers + w];

		for (p = 0; p < m->pages; p++) {
			size_t e = fr_ent(m, r, p, w);

			if (s->started[e] > top)
				top = s->started[e];
			__atomic_store_n(&s->started[e], 0, __ATOMIC_RELAXED);
			__atomic_store_n(&s->done[e], 0, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&s->base[r * m->writers + w], top,
				 __ATOMIC_RELAXED);
	}
	seq_bump(&s->seq[r]);
	fl_inc(t, C_REMAPS);
	return 0;
}

/* The parent re-reads its own last write to the page: both words. */
static void fr_check_own(struct fl_task *t, struct fr *m, int r, int p,
			 uint64_t last)
{
	uint64_t idx = fr_idx(m, r, p), want, v;
	int k;

	want = last ? tag_make(TAG_PRIV(t->id), idx, last) : 0;
	for (k = 0; k < 2; k++) {
		v = tag_load(fr_word(m, r, p, t->id, k));
		if (m->inject == INJ_LOST && last && fl_inject(t))
			v = tag_make(TAG_PRIV(t->id), idx, last - 1);
		if (fr_judge_own(t->id, idx, last, v) == FR_OK)
			continue;
		fl_violation(t, idx, want, v, "%s (gen %llu, region %d, word %d)",
			     fr_what(FR_LOST), (unsigned long long)last, r,
			     k ? (int)TAG_WORDS - 1 - t->id : t->id);
		return;
	}
	/* the word only fork children write, each in its own copy */
	v = tag_load((uint64_t *)(fr_addr(m, r) + (size_t)p * TAG_PAGE) +
		     FR_CHILD_WORD);
	if (m->inject == INJ_LEAK && fl_inject(t))
		v = tag_make(TAG_PRIV(0x7f), idx, 1);
	if (fr_judge_childword(v) != FR_OK)
		fl_violation(t, idx, 0, v, "%s (region %d, word %d)",
			     fr_what(FR_LEAK), r, FR_CHILD_WORD);
}

/* One write of page p of region r: re-read the last one, then the next. */
static void fr_write(struct fl_task *t, struct fr *m, int r, int p,
		     uint64_t *gen)
{
	struct fr_shared *s = &m->s;
	size_t e = fr_ent(m, r, p, t->id);
	uint64_t idx = fr_idx(m, r, p), g = ++*gen, v;

	if (m->check)
		fr_check_own(t, m, r, p, s->done[e]);
	v = tag_make(TAG_PRIV(t->id), idx, g);
	__atomic_store_n(&s->started[e], g, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(fr_word(m, r, p, t->id, 0), v, __ATOMIC_RELAXED);
	__atomic_store_n(fr_word(m, r, p, t->id, 1), v, __ATOMIC_RELAXED);
	__atomic_store_n(&s->done[e], g, __ATOMIC_RELEASE);
}

static int fr_writer(struct fl_task *t)
{
	struct fr *m = t->ctx->priv;
	uint64_t gen = 0, pass = 0, f0 = tag_thread_faults(), f;
	int r, p, err;

	while (!fl_stopping(t)) {
		r = pass % m->regions;
		/* the remap phase: one writer remaps, nobody writes */
		if (!fr_barrier(t, m))
			break;
		if (r % m->writers == t->id) {
			err = fr_remap(t, m, r);
			if (err)
				return err;
		}
		if (!fr_barrier(t, m))
			break;
		/* the write phase: all of them, every page of every region */
		for (r = 0; r < m->regions; r++)
			for (p = 0; p < m->pages; p++)
				fr_write(t, m, r, p, &gen);
		fl_add(t, C_WRITES, (uint64_t)m->regions * m->pages);
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
		pass++;
	}
	return 0;
}

/*
 * order=1. One VMA: every writer's low lane of `pages` pages, `gap`
 * populated pages, every writer's high lane. Page o of writer w's
 * sequence: o = 2j is page j of its low lane, o = 2j + 1 page j of its
 * high lane, so the writer alternates between the two ends while
 * dup_mmap() copies the VMA from low to high.
 */
static char *fr_lane(struct fr *m, int w, int high)
{
	size_t pg = (size_t)w * m->pages;

	if (high)
		pg += (size_t)m->writers * m->pages + m->gap;
	return m->lanes + pg * TAG_PAGE;
}

static uint64_t *fr_oword(struct fr *m, int w, int o)
{
	return (uint64_t *)(fr_lane(m, w, o & 1) + (size_t)(o >> 1) * TAG_PAGE);
}

/* The writer re-reads every page of the round it has just written. */
static void fr_order_own(struct fl_task *t, struct fr *m, uint64_t round)
{
	uint64_t v;
	int o;

	for (o = 0; o < 2 * m->pages; o++) {
		v = tag_load(fr_oword(m, t->id, o));
		if (m->inject == INJ_LOST && fl_inject(t))
			v = 0;
		if (fr_judge_own(t->id, o, round, v) == FR_OK)
			continue;
		fl_violation(t, o, tag_make(TAG_PRIV(t->id), o, round), v,
			     "%s (round %llu, lane page %d)", fr_what(FR_LOST),
			     (unsigned long long)round, o);
		return;
	}
}

/*
 * Each round: store the round's tag to every page of the sequence, each
 * page fresh (not present: the store faults), then drop the high lane
 * and the low lane. In a correct kernel a fault on the VMA waits while
 * dup_mmap() copies it, so a child sees a prefix of the sequence.
 */
static int fr_order_writer(struct fl_task *t)
{
	struct fr *m = t->ctx->priv;
	size_t lane = (size_t)m->pages * TAG_PAGE;
	uint64_t round = 0, f0 = tag_thread_faults(), f;
	int o, n = 2 * m->pages;

	while (!fl_stopping(t)) {
		round++;
		for (o = 0; o < n; o++)
			__atomic_store_n(fr_oword(m, t->id, o),
					 tag_make(TAG_PRIV(t->id), o, round),
					 __ATOMIC_RELEASE);
		fl_add(t, C_WRITES, n);
		if (m->check)
			fr_order_own(t, m, round);
		if (madvise(fr_lane(m, t->id, 1), lane, MADV_DONTNEED) ||
		    madvise(fr_lane(m, t->id, 0), lane, MADV_DONTNEED))
			return -errno;
		fl_inc(t, C_REMAPS);
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
	}
	return 0;
}

/* In the fork child: judge every writer's sequence, report the first bad. */
static int fr_order_child_check(struct fl_task *t, struct fr *m)
{
	static uint64_t v[2 * FR_MAX_PAGES];
	struct fr_report *rep = m->rep;
	unsigned int at, later, n = 2 * m->pages;
	bool injected = false;
	int w, o, vd, checked = 0;

	for (w = 0; w < m->writers; w++) {
		for (o = 0; o < (int)n; o++)
			v[o] = tag_load(fr_oword(m, w, o));
		checked += n;
		/* zero: an earlier page, stale: another round, tag: bits */
		for (o = 0; !injected && o + 1 < (int)n; o++) {
			if (!v[o] || !v[o + 1])
				continue;
			if (m->inject == INJ_ZERO && fl_inject(t))
				v[o] = 0;
			else if (m->inject == INJ_STALE && fl_inject(t))
				v[o] = tag_make(TAG_PRIV(w), o, tag_gen(v[o]) - 1);
			else if (m->inject == INJ_TAG && fl_inject(t))
				v[o] ^= 1ULL << 58;
			else
				continue;
			injected = true;
		}
		vd = fr_judge_order(w, v, n, &at, &later);
		if (vd == FR_OK)
			continue;
		rep->verdict = vd;
		rep->writer = w;
		rep->page = at;
		rep->seen = v[at];
		rep->hi = later;
		rep->lo = tag_gen(v[later]);
		break;
	}
	return checked;
}

/* Corrupt v as site inj asks, if this word suits it; true if it did. */
static bool fr_corrupt(struct fl_task *t, struct fr *m, int w, uint64_t idx,
		       uint64_t base, uint64_t lo, uint64_t hi, uint64_t *v)
{
	switch (m->inject) {
	case INJ_TAG:
		if (!*v || !fl_inject(t))
			return false;
		*v ^= 1ULL << 58;
		return true;
	case INJ_FOREIGN:
		if (!fl_inject(t))
			return false;
		*v = tag_make(TAG_PRIV(w), idx + 1, hi);
		return true;
	case INJ_ZERO:
		if (!lo || !fl_inject(t))
			return false;
		*v = 0;
		return true;
	case INJ_STALE:
		if (lo < base + 2 || !fl_inject(t))
			return false;
		*v = tag_make(TAG_PRIV(w), idx, lo - 1);
		return true;
	case INJ_FUTURE:
		if (!fl_inject(t))
			return false;
		*v = tag_make(TAG_PRIV(w), idx, hi + 1);
		return true;
	}
	return false;
}

/* In the fork child: judge every writer's words of one region. */
static int fr_child_region(struct fl_task *t, struct fr *m, int r,
			   bool *injected)
{
	struct fr_shared *s = &m->s;
	struct fr_report *rep = m->rep;
	int p, w, k, vd;

	for (p = 0; p < m->pages; p++)
		for (w = 0; w < m->writers; w++)
			for (k = 0; k < 2; k++) {
				size_t e = fr_ent(m, r, p, w);
				uint64_t idx = fr_idx(m, r, p);
				uint64_t b = s->wbase[r * m->writers + w];
				uint64_t v = tag_load(fr_word(m, r, p, w, k));

				if (!*injected)
					*injected = fr_corrupt(t, m, w, idx, b,
							       s->lo[e],
							       s->hi[e], &v);
				vd = fr_judge(w, idx, b, s->lo[e], s->hi[e], v);
				if (vd == FR_OK)
					continue;
				rep->verdict = vd;
				rep->page = idx;
				rep->region = r;
				rep->writer = w;
				rep->lo = s->lo[e];
				rep->hi = s->hi[e];
				rep->seen = v;
				return vd;
			}
	return FR_OK;
}

/* In the fork child: check every stable region, report the first bad. */
static int fr_child_check(struct fl_task *t, struct fr *m)
{
	bool injected = false;
	int r, n = 0;

	for (r = 0; r < m->regions; r++) {
		if (!m->s.stable[r])
			continue;
		n += 2 * m->pages * m->writers;
		if (fr_child_region(t, m, r, &injected) != FR_OK)
			return n;
	}
	return n;
}

/*
 * In the fork child: COW-write the child's word of every page. The
 * parent must never see it; and a child VMA left without an anon_vma by
 * a racing fault takes the reuse path here (folio_move_anon_rmap()).
 */
static void fr_child_write(struct fr *m)
{
	int r, p;

	for (r = 0; r < m->regions; r++)
		for (p = 0; m->s.stable[r] && p < m->pages; p++) {
			char *pg = fr_addr(m, r) + (size_t)p * TAG_PAGE;
			uint64_t idx = fr_idx(m, r, p);

			__atomic_store_n((uint64_t *)pg + FR_CHILD_WORD,
					 tag_make(TAG_PRIV(0x7f), idx, 1),
					 __ATOMIC_RELAXED);
		}
}

static void __attribute__((noreturn))
fr_child(struct fl_task *t, struct fr *m, pid_t parent)
{
	int n;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(3);
	if (!m->check)
		_exit(0);
	while (!__atomic_load_n(&m->rep->ready, __ATOMIC_ACQUIRE))
		sched_yield();
	if (m->inject == INJ_EXIT && fl_inject(t))
		_exit(7);
	if (m->inject == INJ_KILL && fl_inject(t))
		raise(SIGKILL);
	if (m->order) {
		n = fr_order_child_check(t, m);
	} else {
		n = fr_child_check(t, m);
		fr_child_write(m);
	}
	__atomic_store_n(&m->rep->ready, 1 + n, __ATOMIC_RELEASE);
	_exit(m->rep->verdict ? 1 : 0);
}

/* Before fork: each region's seqcount, bases and completed writes. */
static void fr_window_open(struct fr *m)
{
	struct fr_shared *s = &m->s;
	size_t e, n = (size_t)m->regions * m->pages * m->writers;
	int i;

	for (i = 0; i < m->regions; i++)
		s->s0[i] = seq_read(&s->seq[i]);
	for (i = 0; i < m->regions * m->writers; i++)
		s->wbase[i] = __atomic_load_n(&s->base[i], __ATOMIC_RELAXED);
	for (e = 0; e < n; e++)
		s->lo[e] = __atomic_load_n(&s->done[e], __ATOMIC_ACQUIRE);
}

/* After fork returned: the writes begun, and was each region stable? */
static int fr_window_close(struct fr *m)
{
	struct fr_shared *s = &m->s;
	size_t e, n = (size_t)m->regions * m->pages * m->writers;
	int i, skipped = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (e = 0; e < n; e++)
		s->hi[e] = __atomic_load_n(&s->started[e], __ATOMIC_ACQUIRE);
	for (i = 0; i < m->regions; i++) {
		s->stable[i] = !(s->s0[i] & 1) &&
			       seq_reread(&s->seq[i]) == s->s0[i];
		skipped += !s->stable[i];
	}
	return skipped;
}

static void fr_child_status(struct fl_task *t, struct fr *m, int st)
{
	struct fr_report *rep = m->rep;

	if (WIFSIGNALED(st)) {
		fl_violation(t, 0, 0, WTERMSIG(st),
			     "fork child killed by signal %d", WTERMSIG(st));
		return;
	}
	if (WEXITSTATUS(st) == 1 && rep->verdict && m->order) {
		fl_violation(t, rep->page,
			     tag_make(TAG_PRIV(rep->writer), rep->page, rep->lo),
			     rep->seen,
			     "fork child: %s (writer %llu, lane page %llu; page %llu of round %llu seen)",
			     fr_what(rep->verdict),
			     (unsigned long long)rep->writer,
			     (unsigned long long)rep->page,
			     (unsigned long long)rep->hi,
			     (unsigned long long)rep->lo);
		return;
	}
	if (WEXITSTATUS(st) == 1 && rep->verdict) {
		uint64_t want = rep->lo ? tag_make(TAG_PRIV(rep->writer),
						   rep->page, rep->lo) : 0;

		fl_violation(t, rep->page, want, rep->seen,
			     "fork child: %s (writer %llu, window gens %llu..%llu, region %llu)",
			     fr_what(rep->verdict),
			     (unsigned long long)rep->writer,
			     (unsigned long long)rep->lo,
			     (unsigned long long)rep->hi,
			     (unsigned long long)rep->region);
		return;
	}
	if (WEXITSTATUS(st))
		fl_violation(t, 0, 0, WEXITSTATUS(st),
			     "fork child exited %d", WEXITSTATUS(st));
}

static int fr_forker(struct fl_task *t)
{
	struct fr *m = t->ctx->priv;
	pid_t pid, parent = getpid();
	int st;

	while (!fl_stopping(t)) {
		memset(m->rep, 0, sizeof(*m->rep));
		if (m->check && !m->order)
			fr_window_open(m);
		pid = fork();
		if (pid < 0)
			return -errno;
		if (!pid)
			fr_child(t, m, parent);
		if (m->check && !m->order)
			fl_add(t, C_SKIPPED, fr_window_close(m));
		__atomic_store_n(&m->rep->ready, 1, __ATOMIC_RELEASE);
		if (waitpid(pid, &st, 0) != pid)
			return -errno;
		fl_inc(t, C_FORKS);
		if (m->check) {
			int r = __atomic_load_n(&m->rep->ready,
						__ATOMIC_ACQUIRE);

			fl_add(t, C_CHECKS, r > 1 ? r - 1 : 0);
			fr_child_status(t, m, st);
		}
	}
	return 0;
}

static int fr_worker(struct fl_task *t)
{
	if (t->id >= t->ctx->nr_tasks)
		return fr_forker(t);
	if (((struct fr *)t->ctx->priv)->order)
		return fr_order_writer(t);
	return fr_writer(t);
}

static void fr_teardown(struct fl_ctx *ctx)
{
	struct fr *m = ctx->priv;

	if (!m)
		return;
	if (m->area)
		munmap(m->area, m->alen);
	if (m->lanes)
		munmap(m->lanes, m->llen);
	if (m->shm)
		munmap(m->shm, m->shmlen);
	if (m->rep)
		munmap(m->rep, sizeof(*m->rep));
	free(m);
	ctx->priv = NULL;
}

static void *fr_shared_map(size_t len)
{
	void *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return a == MAP_FAILED ? NULL : a;
}

/* Carve the shared log and window out of one MAP_SHARED mapping. */
static int fr_setup_shared(struct fr *m)
{
	size_t nr = m->regions, nb = nr * m->writers;
	size_t ne = nr * m->pages * m->writers;
	struct fr_shared *s = &m->s;
	uint64_t *u;

	m->shmlen = (2 * nr + 2 * nb + 4 * ne) * sizeof(uint64_t) +
		    nr * sizeof(int);
	m->shm = fr_shared_map(m->shmlen);
	m->rep = fr_shared_map(sizeof(*m->rep));
	if (!m->shm || !m->rep)
		return -ENOMEM;
	u = m->shm;
	s->seq = u;
	s->s0 = u += nr;
	s->base = u += nr;
	s->wbase = u += nb;
	s->started = u += nb;
	s->done = u += ne;
	s->lo = u += ne;
	s->hi = u += ne;
	s->stable = (int *)(u + ne);
	return 0;
}

/*
 * order=1: the lanes and the gap in one VMA with an anon_vma (the gap is
 * populated), in base pages (a THP would fill a lane at its first fault).
 */
static int fr_setup_lanes(struct fr *m)
{
	size_t i, gap0 = (size_t)m->writers * m->pages;

	m->llen = (2 * gap0 + m->gap) * TAG_PAGE;
	m->lanes = mmap(NULL, m->llen, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->lanes == MAP_FAILED) {
		m->lanes = NULL;
		return -errno;
	}
	if (madvise(m->lanes, m->llen, MADV_NOHUGEPAGE))
		return -errno;
	for (i = 0; i < (size_t)m->gap; i++)
		m->lanes[(gap0 + i) * TAG_PAGE] = 1;
	return 0;
}

static int fr_setup(struct fl_ctx *ctx)
{
	struct fr *m;
	int i, err;

	if (ctx->processes) {
		fl_reason(ctx, "threads only: writers must share the forker's mm");
		return FL_SKIP;
	}
	if (ctx->nr_tasks > FR_MAX_WRITERS) {
		fl_reason(ctx, "at most %d writers", FR_MAX_WRITERS);
		return -EINVAL;
	}
	/* bar_count is 64-byte aligned: calloc aligns to 16 only (UBSan) */
	m = aligned_alloc(64, sizeof(*m));
	if (!m)
		return -ENOMEM;
	memset(m, 0, sizeof(*m));
	ctx->priv = m;
	m->pages = fl_param_int(ctx, "pages");
	m->regions = fl_param_int(ctx, "regions");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_enum(ctx, "inject");
	m->order = fl_param_int(ctx, "order");
	m->gap = fl_param_int(ctx, "gap");
	m->writers = ctx->nr_tasks;
	m->rlen = (size_t)m->pages * TAG_PAGE;
	/* PROT_NONE guards keep every region its own VMA */
	m->alen = (size_t)m->regions * (m->rlen + TAG_PAGE);
	m->area = mmap(NULL, m->alen, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->area == MAP_FAILED) {
		m->area = NULL;
		err = -ENOMEM;
		goto fail;
	}
	err = fr_setup_shared(m);
	if (err)
		goto fail;
	for (i = 0; i < m->regions; i++) {
		char *a = fr_addr(m, i);

		if (mmap(a, m->rlen, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a) {
			err = -errno;
			goto fail;
		}
	}
	if (m->order) {
		err = fr_setup_lanes(m);
		if (err)
			goto fail;
	}
	ctx->nr_extra = 1;
	return 0;
fail:
	fr_teardown(ctx);
	return err;
}

const struct fl_workload wl_fork_race = {
	.name = "fork_race",
	.desc = "writers fault fresh VMAs while a thread forks; children check the fork's snapshot",
	.kind = FL_RACE,
	.params = fr_params,
	.counters = fr_counters,
	.threads_only = true,
	.setup = fr_setup,
	.worker = fr_worker,
	.teardown = fr_teardown,
	.roles = { "writer", "forker" },
};
