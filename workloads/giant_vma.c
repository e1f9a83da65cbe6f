// SPDX-License-Identifier: GPL-2.0
/*
 * giant_vma - one VMA covering the whole working set, faulted by every
 * task: the case that worries per-VMA locking (a refcount or lock on a
 * single VMA becomes the new mmap_sem). Each task faults its own slice,
 * checks it, then drops it with MADV_DONTNEED: fault-bound, no munmap.
 *
 * Every round also checks that the kernel did the work it is credited
 * with (honest.h): the faults it counted for the task cover the slice,
 * and one sampled page reads back zero (private) or the file's data
 * (shared) after the drop. That page is dropped again before the next
 * round, so the measured touches stay first touches.
 *
 * writer= adds a thread that keeps taking mmap_lock for writing on
 * other, small VMAs of the same mm, so faults that need mmap_lock (no
 * per-VMA locks) stall behind it while per-VMA-locked faults do not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "honest.h"
#include "workload.h"

enum { C_FAULTS, C_WRITER };
#define BACKING(X)	X(B_ANON, "anon") X(B_SHMEM, "shmem") \
			X(B_FILE, "file")
#define ACCESS(X)	X(A_WRITE, "write") X(A_READ, "read")
#define THP(X)		X(T_NEVER, "never") X(T_MADVISE, "madvise") \
			X(T_ALWAYS, "always")
#define PATTERN(X)	X(P_SEQ, "seq") X(P_RANDOM, "random")
#define WRITER(X)	X(W_NONE, "none") X(W_MMAP, "mmap") \
			X(W_MPROTECT, "mprotect") X(W_MUNMAP, "munmap")
enum backing { BACKING(FL_ENUM_VALUE) };
enum access { ACCESS(FL_ENUM_VALUE) };
enum thp { THP(FL_ENUM_VALUE) };
enum pattern { PATTERN(FL_ENUM_VALUE) };
enum writer { WRITER(FL_ENUM_VALUE) };

#define WRITER_PAGES	16
#define LAT_EVERY	64	/* time one touch in this many */

static const struct fl_param params[] = {
	{ "size", FL_P_SIZE, "1G", 1 << 20, 1LL << 40, NULL,
	  "size of the one VMA, split evenly between tasks" },
	{ "backing", FL_P_ENUM, "anon", 0, 0, FL_ENUM_CHOICES(BACKING),
	  "anonymous, shmem (memfd) or a file in dir=" },
	{ "access", FL_P_ENUM, "write", 0, 0, FL_ENUM_CHOICES(ACCESS),
	  "write a tag to, or read, each page" },
	{ "thp", FL_P_ENUM, "never", 0, 0, FL_ENUM_CHOICES(THP),
	  "MADV_NOHUGEPAGE, MADV_HUGEPAGE, or the system's policy" },
	{ "pattern", FL_P_ENUM, "seq", 0, 0, FL_ENUM_CHOICES(PATTERN),
	  "page order within a slice" },
	{ "writer", FL_P_ENUM, "none", 0, 0, FL_ENUM_CHOICES(WRITER),
	  "extra thread looping an mmap_lock writer (threads mode)" },
	{ "check", FL_P_BOOL, "1", 0, 1, NULL,
	  "read every written page back and compare" },
	{ "dir", FL_P_STR, "/tmp", 0, 0, NULL, "directory for backing=file" },
	{ NULL },
};

static const char *const counters[] = { "faults", "writer_ops", NULL };

struct gv {
	char *base;
	size_t size, slice, pg;
	int fd;
	enum access access;
	enum pattern pattern;
	enum writer writer;
	bool check;
	bool shared;		/* MAP_SHARED: data outlives MADV_DONTNEED */
	size_t span;		/* bytes one fault may map (honest.h) */
};

/* FAULTLINE_INJECT_SITE values; readback is the default. */
enum { I_NONE, I_READBACK, I_FAULTS, I_DROPPED, I_DONTNEED };

static int setup(struct fl_ctx *ctx)
{
	struct gv *g = calloc(1, sizeof(*g));
	enum backing backing = fl_param_enum(ctx, "backing");
	enum thp thp = fl_param_enum(ctx, "thp");
	int flags = MAP_SHARED;

	g->pg = getpagesize();
	g->size = fl_param_int(ctx, "size") & ~(g->pg - 1);
	g->access = fl_param_enum(ctx, "access");
	g->pattern = fl_param_enum(ctx, "pattern");
	g->writer = fl_param_enum(ctx, "writer");
	g->check = fl_param_int(ctx, "check") && g->access == A_WRITE;
	g->slice = (g->size / ctx->nr_tasks) & ~(g->pg - 1);
	g->fd = -1;
	ctx->priv = g;
	if (g->writer != W_NONE && ctx->processes) {
		fl_reason(ctx, "writer= needs threads mode (one mm)");
		return FL_SKIP;
	}
	if (!g->slice) {
		fl_reason(ctx, "size is smaller than a page per task");
		return -EINVAL;
	}
	ctx->nr_extra = g->writer != W_NONE;
	if (backing == B_SHMEM)
		g->fd = memfd_create("faultline-giant_vma", 0);
	else if (backing == B_FILE)
		g->fd = fl_tmpfile(fl_param_str(ctx, "dir"), 0);
	if (backing != B_ANON && (g->fd < 0 || ftruncate(g->fd, g->size)))
		return -errno;
	if (backing == B_ANON)
		flags = ctx->processes ? MAP_SHARED | MAP_ANONYMOUS :
					 MAP_PRIVATE | MAP_ANONYMOUS;
	g->base = mmap(NULL, g->size, PROT_READ | PROT_WRITE, flags, g->fd, 0);
	if (g->base == MAP_FAILED) {
		g->base = NULL;
		return -errno;
	}
	g->shared = flags & MAP_SHARED;
	g->span = honest_span();
	if (thp != T_ALWAYS &&
	    !madvise(g->base, g->size,
		     thp == T_NEVER ? MADV_NOHUGEPAGE : MADV_HUGEPAGE) &&
	    thp == T_NEVER && !g->shared)
		g->span = g->pg;	/* no THP, no mTHP: a page a fault */
	return 0;
}

static uint64_t tag(int id, size_t idx, uint64_t gen)
{
	return ((uint64_t)(id + 1) << 48) ^ ((uint64_t)idx << 16) ^
	       (gen & 0xffff);
}

/* A step coprime with n, so idx = (i * step + off) % n visits all. */
static size_t coprime_step(size_t n, uint64_t *rng)
{
	size_t a, b, s = (fl_rand(rng) % n) | 1;

	for (;; s += 2) {
		for (a = s, b = n; b; ) {
			size_t r = a % b;

			a = b;
			b = r;
		}
		if (a == 1)
			return s % n ? s : 1;
	}
}

static void touch_slice(struct fl_task *t, struct gv *g, char *base,
			size_t n, uint64_t gen)
{
	size_t i, idx, step = 1, off = 0;
	uint64_t t0 = 0;

	if (g->pattern == P_RANDOM) {
		step = coprime_step(n, &t->rng);
		off = fl_rand(&t->rng) % n;
	}
	for (i = 0; i < n; i++) {
		volatile uint64_t *p;

		idx = g->pattern == P_RANDOM ? (i * step + off) % n : i;
		p = (volatile uint64_t *)(base + idx * g->pg);
		if (!(i % LAT_EVERY))
			t0 = fl_now_ns();
		if (g->access == A_WRITE)
			*p = tag(t->id, idx, gen);
		else
			(void)*p;
		if (!(i % LAT_EVERY))
			fl_lat_record(t, fl_now_ns() - t0);
		fl_inc(t, C_FAULTS);
	}
}

static void check_slice(struct fl_task *t, struct gv *g, char *base,
			size_t n, uint64_t gen, bool inj)
{
	size_t idx;

	for (idx = 0; idx < n; idx++) {
		uint64_t want = tag(t->id, idx, gen);
		uint64_t seen = *(volatile uint64_t *)(base + idx * g->pg);

		if (inj && fl_inject(t))
			want ^= 1;
		if (seen != want)
			fl_violation(t, idx, want, seen,
				     "page %zu of task %d's slice reads back "
				     "other than it wrote", idx, t->id);
	}
}

/*
 * After MADV_DONTNEED, one random page reads back what the kernel
 * promises. Private anonymous: zero (zero-fill on demand); the page is
 * read through the mapping, from a span block wholly inside the slice,
 * and the block is dropped again, undoing the read fault and any huge
 * zero page it mapped, so the next round's touches stay first touches.
 * Shared: the data last written, read with pread() from the file or
 * memfd, which maps nothing (through the mapping it would show that
 * data whether or not the drop happened, and a read fault could map
 * a neighbour's pages by fault-around).
 */
static int check_dropped(struct fl_task *t, struct gv *g, char *base,
			 uint64_t gen, uint64_t *rng, bool inj)
{
	uintptr_t lo = ((uintptr_t)base + g->span - 1) / g->span * g->span;
	uintptr_t hi = ((uintptr_t)base + g->slice) / g->span * g->span;
	size_t nblk = hi > lo ? (hi - lo) / g->span : 0, idx;
	uint64_t want = 0, seen = 0;
	char *blk = NULL, *p;

	if (g->shared) {
		if (g->fd < 0)
			return 0;	/* shared anonymous: no file to read */
		p = base + fl_rand(rng) % (g->slice / g->pg) * g->pg;
		if (pread(g->fd, &seen, sizeof(seen), p - g->base) !=
		    sizeof(seen))
			return -EIO;
		if (g->access == A_WRITE)
			want = tag(t->id, (size_t)(p - base) / g->pg, gen);
	} else {
		if (!nblk)
			return 0;
		blk = (char *)lo + fl_rand(rng) % nblk * g->span;
		p = blk + fl_rand(rng) % (g->span / g->pg) * g->pg;
		seen = *(volatile uint64_t *)p;
	}
	idx = (size_t)(p - base) / g->pg;
	if (inj && fl_inject(t))
		want ^= 1;
	if (seen != want)
		fl_violation(t, idx, want, seen,
			     "page %zu of task %d's slice reads other than %s "
			     "after MADV_DONTNEED", idx, t->id,
			     g->shared ? "the file's data" : "zero");
	if (blk && madvise(blk, g->span, MADV_DONTNEED))
		return -errno;
	return 0;
}

static int writer(struct fl_task *t, struct gv *g)
{
	size_t len = WRITER_PAGES * g->pg;
	char *r = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p;

	if (r == MAP_FAILED)
		return -errno;
	while (!fl_stopping(t)) {
		switch (g->writer) {
		case W_MMAP:
			p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				return -errno;
			munmap(p, len);
			break;
		case W_MPROTECT:	/* split the VMA, then merge it */
			mprotect(r, g->pg, PROT_READ);
			mprotect(r, g->pg, PROT_READ | PROT_WRITE);
			break;
		case W_MUNMAP:		/* punch a page out, map it back */
			munmap(r + g->pg, g->pg);
			if (mmap(r + g->pg, g->pg, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				 -1, 0) == MAP_FAILED)
				return -errno;
			break;
		case W_NONE:
			break;
		}
		fl_inc(t, C_WRITER);
	}
	munmap(r, len);
	return 0;
}

static int inject_site(void)
{
	if (honest_site("faults", false))
		return I_FAULTS;
	if (honest_site("dropped", false))
		return I_DROPPED;
	if (honest_site("dontneed", false))
		return I_DONTNEED;
	return honest_site("readback", true) ? I_READBACK : I_NONE;
}

/* One task's view of its slice and of its checks. */
struct gv_task {
	char *base;
	size_t n;		/* pages */
	uint64_t min;		/* faults a round's touches need */
	uint64_t rng;		/* for check_dropped(), apart from t->rng */
	int site;		/* injection site */
	bool told;		/* fault-count violation reported */
	bool off;		/* FAULTLINE_NO_CHECKS=1 (bench only) */
	uint64_t every;		/* check one round in this many */
	bool force;		/* check the next round: drop skipped */
};

/* As wis.h: small rounds are checked once per this many pages. */
#define GV_CHECK_PAGES	512

/* Touch the slice, check it, drop it, check the drop. */
static int one_round(struct fl_task *t, struct gv *g, struct gv_task *s,
		     uint64_t gen)
{
	bool now = !s->off && (s->force || !((gen - 1) % s->every));
	uint64_t k0 = now ? honest_kfaults() : 0, k1;
	bool skip;

	touch_slice(t, g, s->base, s->n, gen);
	k1 = now ? honest_kfaults() : 0;
	if (now && s->site == I_FAULTS && fl_inject(t))
		k1 = k0;
	if (now)
		honest_check_faults(t, gen, s->min, k0, k1, &s->told,
				    "the task's slice");
	if (g->check)
		check_slice(t, g, s->base, s->n, gen, s->site == I_READBACK);
	if (gen == 1)
		fl_note_pages(t, s->base, g->slice);
	skip = s->site == I_DONTNEED && fl_inject(t);
	if (!skip && madvise(s->base, g->slice, MADV_DONTNEED))
		return -errno;
	s->force = skip && !s->off;
	if (!now && !s->force)
		return 0;
	return check_dropped(t, g, s->base, gen, &s->rng,
			     s->site == I_DROPPED);
}

static int worker(struct fl_task *t)
{
	struct gv *g = t->ctx->priv;
	struct gv_task s = {
		.base = g->base + (size_t)t->id * g->slice,
		.n = g->slice / g->pg,
		.rng = t->rng ^ 0x5a5a5a5a5a5a5a5aULL,
		.site = inject_site(), .off = honest_off(),
	};
	uint64_t gen;
	int rc = 0;

	if (t->id >= t->ctx->nr_tasks)
		return writer(t, g);
	s.min = honest_min_faults((uintptr_t)s.base, g->slice, g->span);
	s.every = s.n < GV_CHECK_PAGES ?
		  (GV_CHECK_PAGES + s.n - 1) / s.n : 1;
	for (gen = 1; !fl_stopping(t) && !rc; gen++)
		rc = one_round(t, g, &s, gen);
	return rc;
}

static void teardown(struct fl_ctx *ctx)
{
	struct gv *g = ctx->priv;

	if (!g)
		return;
	if (g->base)
		munmap(g->base, g->size);
	if (g->fd >= 0)
		close(g->fd);
	free(g);
}

const struct fl_workload wl_giant_vma = {
	.name = "giant_vma",
	.desc = "one VMA faulted by all tasks, slice each, MADV_DONTNEED",
	.kind = FL_THROUGHPUT,
	.params = params,
	.counters = counters,
	.latency = true,
	.vma_lock = true,
	.setup = setup,
	.worker = worker,
	.teardown = teardown,
	.roles = { "worker", "writer" },
};
