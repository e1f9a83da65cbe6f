// SPDX-License-Identifier: GPL-2.0
/*
 * fork_race - writer threads fault fresh anonymous VMAs and COW-write
 * per-page generations while a forker thread forks in a loop. Each child
 * checks every region that stayed in place across its fork against the
 * window of that fork: a page holds a write completed before fork() was
 * called, or one that had begun by the time it returned, never a later
 * one. Each writer re-reads its own last write before the next one.
 *
 * Aimed at bugzilla 217624: without write-locking the parent's VMAs in
 * dup_mmap(), a fault under a per-VMA lock races copy_page_range() (and
 * anon_vma_fork() on a VMA whose anon_vma is being set up), fixed by
 * fb49c455323f ("fork: lock VMAs of the parent process when forking,
 * again"). The model is in docs/races.md.
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
#define FR_MAX_REGIONS	16
#define FR_MAX_WRITERS	64

enum { C_FORKS, C_WRITES, C_CHECKS, C_FAULTS, C_REMAPS, C_SKIPPED };
enum { INJ_TAG, INJ_FOREIGN, INJ_ZERO, INJ_STALE, INJ_FUTURE, INJ_LOST,
       INJ_EXIT, INJ_KILL };

/* One region's log, MAP_SHARED so that a fork child reads the parent's. */
struct fr_region {
	uint64_t seq;		/* odd while the region is replaced */
	uint64_t base;		/* gens of this incarnation are > base */
	uint64_t started[FR_MAX_PAGES];
	uint64_t done[FR_MAX_PAGES];
} __attribute__((aligned(64)));

/* The window of one fork, per region and page. */
struct fr_window {
	uint64_t s0, base;
	bool stable;
	uint64_t lo[FR_MAX_PAGES], hi[FR_MAX_PAGES];
};

struct fr_report {		/* what the child found, for the parent */
	int ready, verdict;
	uint64_t page, lo, hi, seen, region;
} __attribute__((aligned(64)));

struct fr {
	int pages, regions, writers, inject;
	bool check;
	size_t rlen;		/* bytes of one region */
	char *area;		/* writers x regions, one guard page apart */
	size_t alen;
	struct fr_region *log;	/* writers x regions */
	struct fr_window *win;	/* writers x regions */
	struct fr_report *rep;
	size_t loglen, winlen;
};

static const struct fl_param fr_params[] = {
	{ "pages", FL_P_INT, "64", 1, FR_MAX_PAGES, NULL,
	  "pages per region" },
	{ "regions", FL_P_INT, "4", 1, FR_MAX_REGIONS, NULL,
	  "regions per writer; one is mapped afresh each pass" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "unused (anonymous memory only); lets a suite add dir= to every case" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "children and writers check (0: same loops, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0,
	  "tag|foreign|zero|stale|future|lost|exit|kill",
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const fr_counters[] = {
	"forks", "writes", "child_checks", "writer_faults", "remaps",
	"skipped", NULL
};

static struct fr_region *fr_log(struct fr *m, int w, int r)
{
	return &m->log[w * m->regions + r];
}

static struct fr_window *fr_win(struct fr *m, int w, int r)
{
	return &m->win[w * m->regions + r];
}

static char *fr_addr(struct fr *m, int w, int r)
{
	return m->area + (size_t)(w * m->regions + r) * (m->rlen + TAG_PAGE);
}

static uint64_t fr_idx(struct fr *m, int r, int p)
{
	return (uint64_t)r * m->pages + p;
}

/* Map region r afresh: a new VMA without an anon_vma, all zero. */
static int fr_remap(struct fl_task *t, struct fr *m, int r)
{
	struct fr_region *l = fr_log(t->ctx->priv, t->id, r);
	char *a = fr_addr(m, t->id, r);
	uint64_t top = l->base;
	int p;

	seq_bump(&l->seq);
	if (mmap(a, m->rlen, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a)
		return -errno;
	for (p = 0; p < m->pages; p++) {
		if (l->started[p] > top)
			top = l->started[p];
		__atomic_store_n(&l->started[p], 0, __ATOMIC_RELAXED);
		__atomic_store_n(&l->done[p], 0, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&l->base, top, __ATOMIC_RELAXED);
	seq_bump(&l->seq);
	fl_inc(t, C_REMAPS);
	return 0;
}

/* The parent re-reads its own last write to the page: both words. */
static void fr_check_own(struct fl_task *t, struct fr *m, int r, int p,
			 const uint64_t *w, uint64_t last)
{
	uint64_t idx = fr_idx(m, r, p), want, v;
	int k;

	want = last ? tag_make(TAG_PRIV(t->id), idx, last) : 0;
	for (k = 0; k < 2; k++) {
		v = tag_load(w + k * (TAG_WORDS - 1));
		if (m->inject == INJ_LOST && last && fl_inject(t))
			v = tag_make(TAG_PRIV(t->id), idx, last - 1);
		if (fr_judge_own(t->id, idx, last, v) == FR_OK)
			continue;
		fl_violation(t, idx, want, v, "%s (gen %llu, region %d, word %d)",
			     fr_what(FR_LOST), (unsigned long long)last, r,
			     k ? (int)TAG_WORDS - 1 : 0);
		return;
	}
}

/* One write of page p of region r: re-read the last one, then the next. */
static void fr_write(struct fl_task *t, struct fr *m, int r, int p,
		     uint64_t *gen)
{
	struct fr_region *l = fr_log(m, t->id, r);
	uint64_t *w = (uint64_t *)(fr_addr(m, t->id, r) + p * TAG_PAGE);
	uint64_t idx = fr_idx(m, r, p), last = l->done[p], v, g;

	if (m->check)
		fr_check_own(t, m, r, p, w, last);
	g = ++*gen;
	v = tag_make(TAG_PRIV(t->id), idx, g);
	__atomic_store_n(&l->started[p], g, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(w, v, __ATOMIC_RELAXED);
	__atomic_store_n(w + TAG_WORDS - 1, v, __ATOMIC_RELAXED);
	__atomic_store_n(&l->done[p], g, __ATOMIC_RELEASE);
}

static int fr_writer(struct fl_task *t)
{
	struct fr *m = t->ctx->priv;
	uint64_t gen = 0, pass = 0, f0 = tag_thread_faults(), f;
	int r, p, err;

	while (!fl_stopping(t)) {
		err = fr_remap(t, m, pass % m->regions);
		if (err)
			return err;
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

/* Corrupt v as site inj asks, if this page suits it; true if it did. */
static bool fr_corrupt(struct fl_task *t, struct fr *m, int w, uint64_t idx,
		       struct fr_window *x, int p, uint64_t *v)
{
	uint64_t lo = x->lo[p], hi = x->hi[p];

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
		if (lo < x->base + 2 || !fl_inject(t))
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

/* In the fork child: judge both words of every page of one region. */
static int fr_child_region(struct fl_task *t, struct fr *m, int w, int r,
			   bool *injected)
{
	struct fr_window *x = fr_win(m, w, r);
	uint64_t *a = (uint64_t *)fr_addr(m, w, r);
	struct fr_report *rep = m->rep;
	int p, k, vd;

	for (p = 0; p < m->pages; p++)
		for (k = 0; k < 2; k++) {
			uint64_t idx = fr_idx(m, r, p);
			uint64_t v = tag_load(a + p * TAG_WORDS +
					      k * (TAG_WORDS - 1));

			if (!*injected)
				*injected = fr_corrupt(t, m, w, idx, x, p, &v);
			vd = fr_judge(w, idx, x->base, x->lo[p], x->hi[p], v);
			if (vd == FR_OK)
				continue;
			rep->verdict = vd;
			rep->page = idx;
			rep->region = w * m->regions + r;
			rep->lo = x->lo[p];
			rep->hi = x->hi[p];
			rep->seen = v;
			return vd;
		}
	return FR_OK;
}

/* In the fork child: check every stable region, report the first bad. */
static int fr_child_check(struct fl_task *t, struct fr *m)
{
	bool injected = false;
	int w, r, n = 0;

	for (w = 0; w < m->writers; w++)
		for (r = 0; r < m->regions; r++) {
			if (!fr_win(m, w, r)->stable)
				continue;
			n += 2 * m->pages;
			if (fr_child_region(t, m, w, r, &injected) != FR_OK)
				return n;
		}
	return n;
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
	n = fr_child_check(t, m);
	__atomic_store_n(&m->rep->ready, 1 + n, __ATOMIC_RELEASE);
	_exit(m->rep->verdict ? 1 : 0);
}

/* Before fork: each region's seqcount and completed writes. */
static void fr_window_open(struct fr *m)
{
	int i, p;

	for (i = 0; i < m->writers * m->regions; i++) {
		struct fr_window *x = &m->win[i];
		struct fr_region *l = &m->log[i];

		x->s0 = seq_read(&l->seq);
		x->base = __atomic_load_n(&l->base, __ATOMIC_RELAXED);
		for (p = 0; p < m->pages; p++)
			x->lo[p] = __atomic_load_n(&l->done[p],
						   __ATOMIC_ACQUIRE);
	}
}

/* After fork returned: the writes begun, and was each region stable? */
static int fr_window_close(struct fr *m)
{
	int i, p, n = 0;

	for (i = 0; i < m->writers * m->regions; i++) {
		struct fr_window *x = &m->win[i];
		struct fr_region *l = &m->log[i];

		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		for (p = 0; p < m->pages; p++)
			x->hi[p] = __atomic_load_n(&l->started[p],
						   __ATOMIC_ACQUIRE);
		x->stable = !(x->s0 & 1) && seq_reread(&l->seq) == x->s0;
		n += !x->stable;
	}
	return n;
}

static void fr_child_status(struct fl_task *t, struct fr *m, int st)
{
	struct fr_report *rep = m->rep;

	if (WIFSIGNALED(st)) {
		fl_violation(t, 0, 0, WTERMSIG(st),
			     "fork child killed by signal %d", WTERMSIG(st));
		return;
	}
	if (WEXITSTATUS(st) == 1 && rep->verdict) {
		uint64_t want = rep->lo ? tag_make(TAG_PRIV(rep->region /
							   m->regions),
						   rep->page, rep->lo) : 0;

		fl_violation(t, rep->page, want, rep->seen,
			     "fork child: %s (window gens %llu..%llu, region %llu)",
			     fr_what(rep->verdict),
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
		if (m->check)
			fr_window_open(m);
		pid = fork();
		if (pid < 0)
			return -errno;
		if (!pid)
			fr_child(t, m, parent);
		if (m->check)
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
	return fr_writer(t);
}

static void fr_teardown(struct fl_ctx *ctx)
{
	struct fr *m = ctx->priv;

	if (!m)
		return;
	if (m->area)
		munmap(m->area, m->alen);
	if (m->log)
		munmap(m->log, m->loglen);
	if (m->win)
		munmap(m->win, m->winlen);
	if (m->rep)
		munmap(m->rep, sizeof(*m->rep));
	free(m);
	ctx->priv = NULL;
}

static void *fr_shared(size_t len)
{
	void *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return a == MAP_FAILED ? NULL : a;
}

static int fr_setup(struct fl_ctx *ctx)
{
	struct fr *m;
	int n, i;

	if (ctx->processes) {
		fl_reason(ctx, "threads only: writers must share the forker's mm");
		return FL_SKIP;
	}
	if (ctx->nr_tasks > FR_MAX_WRITERS) {
		fl_reason(ctx, "at most %d writers", FR_MAX_WRITERS);
		return -EINVAL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->pages = fl_param_int(ctx, "pages");
	m->regions = fl_param_int(ctx, "regions");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_int(ctx, "inject");
	m->writers = ctx->nr_tasks;
	m->rlen = (size_t)m->pages * TAG_PAGE;
	n = m->writers * m->regions;
	/* PROT_NONE guards keep every region its own VMA */
	m->alen = (size_t)n * (m->rlen + TAG_PAGE);
	m->area = mmap(NULL, m->alen, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->area == MAP_FAILED) {
		m->area = NULL;
		goto nomem;
	}
	m->loglen = sizeof(struct fr_region) * n;
	m->winlen = sizeof(struct fr_window) * n;
	m->log = fr_shared(m->loglen);
	m->win = fr_shared(m->winlen);
	m->rep = fr_shared(sizeof(*m->rep));
	if (!m->log || !m->win || !m->rep)
		goto nomem;
	for (i = 0; i < n; i++) {
		char *a = m->area + (size_t)i * (m->rlen + TAG_PAGE);

		if (mmap(a, m->rlen, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a)
			goto nomem;
	}
	ctx->nr_extra = 1;
	return 0;
nomem:
	fr_teardown(ctx);
	return -ENOMEM;
}

static const char *fr_role(const struct fl_ctx *ctx, int id)
{
	return id >= ctx->nr_tasks ? "forker" : "writer";
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
	.role = fr_role,
};
