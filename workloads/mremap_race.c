// SPDX-License-Identifier: GPL-2.0
/*
 * mremap_race - a mover thread moves a tagged anonymous region back and
 * forth between two address ranges with mremap(MREMAP_MAYMOVE |
 * MREMAP_FIXED), optionally MREMAP_DONTUNMAP, rewriting some pages
 * before each move, while reader threads fault and read both ranges.
 * Data moves intact; the range it left faults (plain move) or reads zero
 * (DONTUNMAP). Each move is one change of a seqcount, so every read is
 * judged against the states of its window.
 *
 * Aimed at mm/mremap.c move_page_tables() (move_ptes(), move_normal_pmd(),
 * move_huge_pmd()) racing faults under per-VMA locks and rmap walks:
 * 6fa1066fc5d0 ("mm/mremap: fix move_normal_pmd/retract_page_tables
 * race"), 97113eb39fa7 ("mm/mremap: hold the rmap lock in write mode
 * when moving page table entries"), and the vma_start_write() calls that
 * per-VMA locks added to move_vma() and vma_link(). The model is in
 * docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "known_races.h"
#include "tag.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MR_BATCH	256
#define MR_ALIGN	(2UL << 20)
/* Far below where mmap(NULL) places anything, top-down or legacy. */
#define MR_BASE		(16UL << 40)

enum { C_MOVES, C_READS, C_FAULTS, C_SEGVS, C_ZEROS, C_WRITES, C_STABLE };
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_FOREIGN, "foreign") \
			X(INJ_GEN, "gen") X(INJ_ZERO, "zero") X(INJ_SEGV, "segv") \
			X(INJ_MAPPED, "mapped") X(INJ_NOTZERO, "notzero") \
			X(INJ_MREMAP, "mremap")
enum inject { INJECT(FL_ENUM_VALUE) };

struct mr {
	char *range[2];
	size_t len;		/* bytes of the region */
	uint64_t pages;
	bool dontunmap, thp, check;
	int inject, rewrite, hold_us;
	uint64_t seq __attribute__((aligned(64)));
	uint64_t *wlog;		/* per page: cur << 32 | prev */
};

static const struct fl_param mr_params[] = {
	{ "pages", FL_P_INT, "512", 1, 65536, NULL,
	  "pages in the region (512: one PMD, moved whole)" },
	{ "dontunmap", FL_P_BOOL, "0", 0, 0, NULL,
	  "MREMAP_DONTUNMAP: the old range stays, empty" },
	{ "thp", FL_P_BOOL, "0", 0, 0, NULL,
	  "MADV_HUGEPAGE on the region (move_huge_pmd)" },
	{ "rewrite", FL_P_INT, "8", 0, 100, NULL,
	  "percent of pages rewritten before each move" },
	{ "hold_us", FL_P_INT, "20", 0, 100000, NULL,
	  "keep each state up to this long (random), for strict checks" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "unused (anonymous memory only); lets a suite add dir= to every case" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "check what readers see (0: same loops, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const mr_counters[] = {
	"moves", "reads", "reader_faults", "segvs", "zeros", "writes",
	"stable_reads", NULL
};

/* One change: rewrite some pages where the region is, then move it. */
static int mr_move(struct fl_task *t, struct mr *m, uint64_t k)
{
	char *from = m->range[(k - 1) & 1], *to = m->range[k & 1], *got;
	int flags = MREMAP_MAYMOVE | MREMAP_FIXED;
	uint64_t p, n = 0;

	if (m->dontunmap)
		flags |= MREMAP_DONTUNMAP;
	seq_bump(&m->seq);
	for (p = 0; p < m->pages; p++) {
		uint64_t w = __atomic_load_n(&m->wlog[p], __ATOMIC_RELAXED);

		if (fl_rand(&t->rng) % 100 >= (uint64_t)m->rewrite)
			continue;
		__atomic_store_n(&m->wlog[p], k << 32 | w >> 32,
				 __ATOMIC_RELEASE);
		tag_fill(from + p * TAG_PAGE, tag_make(TAG_ANON, p, k));
		n++;
	}
	got = mremap(from, m->len, m->len, flags, to);
	if (got == MAP_FAILED)
		return -errno;
	if (m->check && m->inject == INJ_MREMAP && fl_inject(t))
		got = to + TAG_PAGE;
	seq_bump(&m->seq);
	fl_add(t, C_WRITES, n);
	fl_inc(t, C_MOVES);
	if (got != to) {
		fl_violation(t, 0, (uintptr_t)to, (uintptr_t)got,
			     "mremap() returned %p, asked %p", got, to);
		return 0;
	}
	return 0;
}

/* Leave the state alone a random while: reads in it are judged strictly. */
static void mr_hold(struct fl_task *t, struct mr *m)
{
	uint64_t end = fl_now_ns() +
		       fl_rand(&t->rng) % ((uint64_t)m->hold_us * 1000);

	while (fl_now_ns() < end && !fl_stopping(t))
		;
}

static int mr_mover(struct fl_task *t)
{
	struct mr *m = t->ctx->priv;
	uint64_t k = 0;
	int err;

	while (!fl_stopping(t)) {
		err = mr_move(t, m, ++k);
		if (err)
			return err;
		if (m->hold_us)
			mr_hold(t, m);
	}
	return 0;
}

static void mr_corrupt(struct fl_task *t, struct mr *m, struct mr_obs *o)
{
	bool stable = o->lo == o->hi, here = (o->lo & 1) == o->range;
	uint64_t last = o->cur <= o->lo ? o->cur : o->prev;

	switch (m->inject) {
	case INJ_TAG:
		if (!o->segv && o->v && fl_inject(t))
			o->v ^= 1ULL << 58;
		break;
	case INJ_FOREIGN:
		if (fl_inject(t)) {
			o->segv = false;
			o->v = tag_make(TAG_ANON, o->page + 1, o->hi);
		}
		break;
	case INJ_GEN:
		if (stable && here && fl_inject(t)) {
			o->segv = false;
			o->v = tag_make(TAG_ANON, o->page, o->hi + 1);
		}
		break;
	case INJ_ZERO:
		if (stable && here && fl_inject(t)) {
			o->segv = false;
			o->v = 0;
		}
		break;
	case INJ_SEGV:
		if (stable && here && fl_inject(t))
			o->segv = true;
		break;
	case INJ_MAPPED:
	case INJ_NOTZERO:
		if (stable && !here && last <= o->lo &&
		    (m->inject == INJ_NOTZERO) == m->dontunmap &&
		    fl_inject(t)) {
			o->segv = false;
			o->v = tag_make(TAG_ANON, o->page, last);
		}
		break;
	}
}

static void mr_judge_read(struct fl_task *t, struct mr *m, struct mr_obs *o,
			  uint64_t s0, uint64_t s1)
{
	uint64_t w;
	int vd;

	o->lo = seq_lo(s0);
	o->hi = seq_hi(s1);
	w = __atomic_load_n(&m->wlog[o->page], __ATOMIC_ACQUIRE);
	o->cur = w >> 32;
	o->prev = w & 0xffffffffULL;
	o->dontunmap = m->dontunmap;
	fl_add(t, C_STABLE, o->lo == o->hi);
	if (m->inject != INJ_MREMAP)
		mr_corrupt(t, m, o);
	vd = mr_judge(o);
	if (vd == MR_OK)
		return;
	fl_violation(t, o->page, tag_make(TAG_ANON, o->page, o->cur), o->v,
		     "%s: %s in range %c, states %llu..%llu (region in %c at %llu), page written in states %llu, %llu",
		     mr_what(vd), o->segv ? "SIGSEGV" : o->v ? "data" : "zero",
		     'A' + o->range, (unsigned long long)o->lo,
		     (unsigned long long)o->hi, 'A' + (int)(o->lo & 1),
		     (unsigned long long)o->lo, (unsigned long long)o->prev,
		     (unsigned long long)o->cur);
}

/* The read in flight, for the jump back from a SIGSEGV. */
struct mr_cur {
	uint64_t p, s0;
	unsigned int range;
};

static void mr_batch(struct fl_task *t, struct mr *m, volatile struct mr_cur *c)
{
	int i;

	for (i = 0; i < MR_BATCH; i++) {
		uint64_t r = fl_rand(&t->rng), s0 = seq_read(&m->seq), s1, v;
		struct mr_obs o = { .page = r % m->pages };
		char *a;

		/* mostly where the region is, sometimes where it is not */
		o.range = (seq_lo(s0) & 1) ^ !((r >> 40) & 3);
		a = m->range[o.range] + o.page * TAG_PAGE +
		    ((r >> 42) % TAG_WORDS) * 8;
		fl_inc(t, C_READS);

		if (!m->check) {
			(void)tag_load(a);
			continue;
		}
		c->p = o.page;
		c->range = o.range;
		c->s0 = s0;
		v = tag_load(a);
		s1 = seq_reread(&m->seq);
		o.v = v;
		fl_add(t, C_ZEROS, !v);
		mr_judge_read(t, m, &o, c->s0, s1);
	}
}

static int mr_reader(struct fl_task *t)
{
	struct mr *m = t->ctx->priv;
	volatile struct mr_cur c = { 0 };
	volatile uint64_t f0 = tag_thread_faults();
	uint64_t f;
	char *lo = m->range[0] < m->range[1] ? m->range[0] : m->range[1];
	char *hi = m->range[0] < m->range[1] ? m->range[1] : m->range[0];

	tag_catch_install();
	while (!fl_stopping(t)) {
		if (sigsetjmp(tag_catch.jb, 0)) {
			struct mr_obs o = { .page = c.p, .range = c.range,
					    .segv = true };

			fl_inc(t, C_SEGVS);
			mr_judge_read(t, m, &o, c.s0, seq_reread(&m->seq));
			f = tag_thread_faults();
			fl_add(t, C_FAULTS, f - f0);
			f0 = f;
			continue;
		}
		tag_catch_arm(lo, (size_t)(hi - lo) + m->len);
		mr_batch(t, m, &c);
		tag_catch_disarm();
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
	}
	tag_catch_disarm();
	return 0;
}

static int mr_worker(struct fl_task *t)
{
	if (t->id >= t->ctx->nr_tasks)
		return mr_mover(t);
	return mr_reader(t);
}

static void mr_teardown(struct fl_ctx *ctx)
{
	struct mr *m = ctx->priv;
	int i;

	if (!m)
		return;
	for (i = 0; i < 2; i++)
		if (m->range[i])
			munmap(m->range[i], m->len);
	free(m->wlog);
	free(m);
	ctx->priv = NULL;
}

/* Does this kernel move with MREMAP_DONTUNMAP? 0, FL_SKIP or -errno. */
static int mr_probe_dontunmap(struct fl_ctx *ctx)
{
	char *a = mmap(NULL, 2 * TAG_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *b;
	int err = 0;

	if (a == MAP_FAILED)
		return -errno;
	b = mremap(a, TAG_PAGE, TAG_PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
		   NULL);
	if (b == MAP_FAILED) {
		fl_reason(ctx, "this kernel refuses MREMAP_DONTUNMAP: %s",
			  strerror(errno));
		err = FL_SKIP;
	} else {
		munmap(b, TAG_PAGE);
	}
	munmap(a, 2 * TAG_PAGE);
	return err;
}

/* Range A (tagged) and B (empty if DONTUNMAP, else a hole), far away. */
static int mr_place(struct fl_ctx *ctx, struct mr *m)
{
	size_t span = (m->len + MR_ALIGN - 1) / MR_ALIGN * MR_ALIGN;
	uintptr_t base = MR_BASE;
	int i, tries;

	for (tries = 0; tries < 64; tries++, base += 1UL << 30) {
		char *a = (char *)base, *b = (char *)base + span + MR_ALIGN;

		if (mmap(a, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != a)
			continue;
		/* B must be free too: claim it, and give it back unless kept */
		if (mmap(b, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != b) {
			munmap(a, m->len);
			continue;
		}
		m->range[0] = a;
		m->range[1] = b;
		break;
	}
	if (!m->range[0]) {
		fl_reason(ctx, "no free address range near %#lx", MR_BASE);
		return -ENOMEM;
	}
	if (!m->dontunmap) {
		munmap(m->range[1], m->len);
	}
	if (m->thp)
		for (i = 0; i < 2; i++)
			madvise(m->range[i], m->len, MADV_HUGEPAGE);
	return 0;
}

static int mr_setup(struct fl_ctx *ctx)
{
	struct mr *m;
	uint64_t p;
	int err;

	if (ctx->processes) {
		fl_reason(ctx, "threads only: readers must share the mover's mm");
		return FL_SKIP;
	}
	m = aligned_alloc(64, sizeof(*m));
	if (!m)
		return -ENOMEM;
	memset(m, 0, sizeof(*m));
	ctx->priv = m;
	m->pages = fl_param_int(ctx, "pages");
	m->len = m->pages * TAG_PAGE;
	m->dontunmap = fl_param_int(ctx, "dontunmap");
	m->thp = fl_param_int(ctx, "thp");
	m->rewrite = fl_param_int(ctx, "rewrite");
	m->hold_us = fl_param_int(ctx, "hold_us");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_enum(ctx, "inject");
	if (m->dontunmap) {
		err = mr_probe_dontunmap(ctx);
		if (err)
			goto fail;
	}
	m->wlog = calloc(m->pages, sizeof(*m->wlog));
	if (!m->wlog) {
		err = -ENOMEM;
		goto fail;
	}
	err = mr_place(ctx, m);
	if (err)
		goto fail;
	for (p = 0; p < m->pages; p++)
		tag_fill(m->range[0] + p * TAG_PAGE, tag_make(TAG_ANON, p, 0));
	ctx->nr_extra = 1;
	return 0;
fail:
	mr_teardown(ctx);
	return err;
}

const struct fl_workload wl_mremap_race = {
	.name = "mremap_race",
	.desc = "readers fault a region while mremap() moves it between two ranges",
	.kind = FL_RACE,
	.params = mr_params,
	.counters = mr_counters,
	.threads_only = true,
	.setup = mr_setup,
	.worker = mr_worker,
	.teardown = mr_teardown,
	.roles = { "reader", "mover" },
};
