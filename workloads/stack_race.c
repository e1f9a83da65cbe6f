// SPDX-License-Identifier: GPL-2.0
/*
 * stack_race - the StackRot pattern (CVE-2023-3269): a grower thread
 * grows a MAP_GROWSDOWN region by faulting page after page below it,
 * probes the stack guard gap, checks what it wrote and unmaps the grown
 * part again, while mapper threads mmap and munmap small regions next to
 * it, fault them and read the stack's top pages. Stack expansion changes
 * the VMA tree; since 6.5 it takes the mmap lock for writing, before it
 * did so under the read lock, racing RCU VMA lookups.
 *
 * Fixed by c2508ec5a58d ("mm: introduce new 'lock_mm_and_find_vma()'
 * page fault helper") and 8d7071af8907 ("mm: always expand the stack
 * with the mmap write lock held"), with "mm: make find_extend_vma() fail
 * if write lock not held"; backported to 6.1, 6.3 and 6.4 stable. The
 * model is in docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "known_races.h"
#include "tag.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* Far below where mmap(NULL) places anything, top-down or legacy. */
#define SR_BASE		(24UL << 40)
#define SR_FLOOR	4	/* pages of the accessible floor VMA */
#define SR_TOP		8	/* pages the stack keeps all the time */
#define SR_MAXMAP	8	/* pages of one mapper's mapping */

enum { C_GROWS, C_PROBES, C_CYCLES, C_FAILS, C_MAPS, C_FAULTS };
#define INJECT(X)	X(INJ_GAP, "gap") X(INJ_LOST, "lost") \
			X(INJ_SEGV, "segv") X(INJ_MAPPER, "mapper")
enum inject { INJECT(FL_ENUM_VALUE) };

struct sr {
	char *floor;		/* SR_FLOOR pages, accessible, not stack */
	char *hole;		/* floor end: guard gap, then growth room */
	char *stack;		/* the stack's top, SR_TOP pages */
	uint64_t gap, room;	/* pages of guard gap and of growth room */
	int inject;
	bool check;
};

static const struct fl_param sr_params[] = {
	{ "grow", FL_P_INT, "64", 1, 4096, NULL,
	  "pages the stack grows by each cycle" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "unused (anonymous memory only); lets a suite add dir= to every case" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "check contents and the guard gap (0: same loops, no checker)" },
	{ "inject", FL_P_ENUM, "gap", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const sr_counters[] = {
	"grows", "gap_probes", "cycles", "grow_fails", "mapper_ops",
	"mapper_faults", NULL
};

static uint64_t sr_top_tag(uint64_t p)
{
	return tag_make(TAG_ANON, p, 0);
}

/*
 * One checked access at a: write w (if want_write) or read. Returns
 * true if it faulted; *v is what a read saw.
 */
static bool sr_access(char *a, bool want_write, uint64_t w, uint64_t *v)
{
	volatile bool segv = false;

	if (sigsetjmp(tag_catch.jb, 0)) {
		segv = true;
	} else {
		tag_catch_arm((char *)((uintptr_t)a & ~(TAG_PAGE - 1)),
			      TAG_PAGE);
		if (want_write)
			__atomic_store_n((uint64_t *)a, w, __ATOMIC_RELAXED);
		else
			*v = tag_load(a);
	}
	tag_catch_disarm();
	return segv;
}

static void sr_report(struct fl_task *t, int vd, uint64_t page,
		      uint64_t want, uint64_t seen, const char *where)
{
	fl_violation(t, page, want, seen, "%s (%s)", sr_what(vd), where);
}

/* Grow page by page below the top; returns the pages grown. */
static uint64_t sr_grow(struct fl_task *t, struct sr *m, uint64_t cycle)
{
	uint64_t i, v;

	for (i = 1; i <= m->room; i++) {
		char *a = m->stack - i * TAG_PAGE;

		if (sr_access(a, true, tag_make(TAG_PRIV(0), i, cycle), &v)) {
			fl_inc(t, C_FAILS);
			return i - 1;
		}
		__atomic_store_n((uint64_t *)(a + TAG_PAGE - 8),
				 tag_make(TAG_PRIV(0), i, cycle),
				 __ATOMIC_RELAXED);
		fl_inc(t, C_GROWS);
	}
	return m->room;
}

/* An access within stack_guard_gap above the floor must fault. */
static void sr_probe(struct fl_task *t, struct sr *m)
{
	uint64_t r = fl_rand(&t->rng), q, v = 0;
	bool segv;

	/* half the probes at the page right below the grown stack */
	q = r & 1 ? m->gap - 1 : (r >> 1) % m->gap;
	segv = sr_access(m->hole + q * TAG_PAGE + ((r >> 20) % TAG_WORDS) * 8,
			 false, 0, &v);
	if (m->inject == INJ_GAP && segv && fl_inject(t))
		segv = false;
	if (sr_judge_gap(segv) != SR_OK)
		fl_violation(t, q, 0, v,
			     "%s: page %llu of %llu above the floor",
			     sr_what(SR_GAP), (unsigned long long)q,
			     (unsigned long long)m->gap);
	fl_inc(t, C_PROBES);
}

/* Every grown page holds the grower's two words; the top is untouched. */
static void sr_verify(struct fl_task *t, struct sr *m, uint64_t grown,
		      uint64_t cycle)
{
	uint64_t i, v = 0, want;
	char where[64];
	int k, vd;

	for (i = 1; i <= grown; i++)
		for (k = 0; k < 2; k++) {
			char *a = m->stack - i * TAG_PAGE + k * (TAG_PAGE - 8);
			bool segv = sr_access(a, false, 0, &v);

			want = tag_make(TAG_PRIV(0), i, cycle);
			if (m->inject == INJ_LOST && !segv && fl_inject(t))
				v = tag_make(TAG_PRIV(0), i, cycle - 1);
			vd = sr_judge_page(want, segv, v);
			if (vd == SR_OK)
				continue;
			snprintf(where, sizeof(where),
				 "grown page %llu, cycle %llu",
				 (unsigned long long)i,
				 (unsigned long long)cycle);
			sr_report(t, vd, i, want, v, where);
			return;
		}
}

static int sr_grower(struct fl_task *t)
{
	struct sr *m = t->ctx->priv;
	uint64_t cycle = 0, grown;

	tag_catch_install();
	while (!fl_stopping(t)) {
		cycle++;
		grown = sr_grow(t, m, cycle);
		if (m->check) {
			if (grown == m->room)
				sr_probe(t, m);
			sr_verify(t, m, grown, cycle);
		}
		if (grown && munmap(m->stack - grown * TAG_PAGE,
				    grown * TAG_PAGE))
			return -errno;
		fl_inc(t, C_CYCLES);
	}
	return 0;
}

/* Read a random word of the stack's top: always mapped, never changed. */
static void sr_read_top(struct fl_task *t, struct sr *m)
{
	uint64_t r = fl_rand(&t->rng), p = r % SR_TOP, v = 0;
	bool segv = sr_access(m->stack + p * TAG_PAGE +
			      ((r >> 20) % TAG_WORDS) * 8, false, 0, &v);
	int vd;

	if (m->inject == INJ_SEGV && fl_inject(t))
		segv = true;
	vd = sr_judge_page(sr_top_tag(p), segv, v);
	if (vd != SR_OK)
		sr_report(t, vd, p, sr_top_tag(p), v,
			  "stack top, read by a mapper");
}

/* mmap next to the stack or the floor, fault, check, munmap. */
static int sr_map_once(struct fl_task *t, struct sr *m, uint64_t n)
{
	uint64_t r = fl_rand(&t->rng), len = 1 + r % SR_MAXMAP, p, v = 0;
	uint64_t off = 1 + (r >> 9) % 32;
	char *hint = r & 256 ? m->stack + (SR_TOP + off) * TAG_PAGE :
			       m->floor - (len + off) * TAG_PAGE;
	char *a = mmap(hint, len * TAG_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int vd;

	if (a == MAP_FAILED)
		return -errno;
	for (p = 0; p < len; p++)
		__atomic_store_n((uint64_t *)(a + p * TAG_PAGE),
				 tag_make(TAG_PRIV(t->id), p, n),
				 __ATOMIC_RELAXED);
	if (m->check)
		sr_read_top(t, m);
	for (p = 0; m->check && p < len; p++) {
		bool segv = sr_access(a + p * TAG_PAGE, false, 0, &v);
		uint64_t want = tag_make(TAG_PRIV(t->id), p, n);

		if (m->inject == INJ_MAPPER && !segv && fl_inject(t))
			v = 0;
		vd = sr_judge_page(want, segv, v);
		if (vd != SR_OK) {
			sr_report(t, vd, p, want, v, "a mapper's own page");
			break;
		}
	}
	if (munmap(a, len * TAG_PAGE))
		return -errno;
	return 0;
}

static int sr_mapper(struct fl_task *t)
{
	struct sr *m = t->ctx->priv;
	uint64_t n = 0, f0 = tag_thread_faults(), f;
	int err;

	tag_catch_install();
	while (!fl_stopping(t)) {
		err = sr_map_once(t, m, ++n);
		if (err)
			return err;
		fl_inc(t, C_MAPS);
		if (n % 64 == 0) {
			f = tag_thread_faults();
			fl_add(t, C_FAULTS, f - f0);
			f0 = f;
		}
	}
	return 0;
}

static int sr_worker(struct fl_task *t)
{
	if (t->id >= t->ctx->nr_tasks)
		return sr_grower(t);
	return sr_mapper(t);
}

static void sr_teardown(struct fl_ctx *ctx)
{
	struct sr *m = ctx->priv;

	if (!m)
		return;
	if (m->floor)
		munmap(m->floor, SR_FLOOR * TAG_PAGE);
	if (m->stack)	/* and whatever a failed cycle left grown */
		munmap(m->hole, (m->gap + m->room + SR_TOP) * TAG_PAGE);
	free(m);
	ctx->priv = NULL;
}

/* stack_guard_gap in pages: the boot parameter, else the default. */
static uint64_t sr_guard_gap(void)
{
	char buf[4096], *s;
	FILE *f = fopen("/proc/cmdline", "r");
	uint64_t gap = 256;	/* mm/mmap.c: 256UL << PAGE_SHIFT */
	size_t n;

	if (!f)
		return gap;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (s = buf; (s = strstr(s, "stack_guard_gap=")); s++)
		if (s == buf || s[-1] == ' ')
			gap = strtoull(s + 16, NULL, 0);
	return gap;
}

static int sr_place(struct fl_ctx *ctx, struct sr *m)
{
	size_t hole = (m->gap + m->room) * TAG_PAGE;
	uintptr_t base = SR_BASE;
	int tries;

	for (tries = 0; tries < 64; tries++, base += 1UL << 30) {
		char *f = (char *)base, *s = f + SR_FLOOR * TAG_PAGE + hole;

		if (mmap(f, SR_FLOOR * TAG_PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0) != f)
			continue;
		if (mmap(s, SR_TOP * TAG_PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN |
			 MAP_FIXED_NOREPLACE, -1, 0) != s) {
			munmap(f, SR_FLOOR * TAG_PAGE);
			continue;
		}
		m->floor = f;
		m->hole = f + SR_FLOOR * TAG_PAGE;
		m->stack = s;
		return 0;
	}
	fl_reason(ctx, "no free address range near %#lx", SR_BASE);
	return -ENOMEM;
}

static int sr_setup(struct fl_ctx *ctx)
{
	struct sr *m;
	uint64_t p;
	int err;

	if (ctx->processes) {
		fl_reason(ctx, "threads only: mappers must share the stack's mm");
		return FL_SKIP;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->room = fl_param_int(ctx, "grow");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_enum(ctx, "inject");
	m->gap = sr_guard_gap();
	if (!m->gap) {
		fl_reason(ctx, "stack_guard_gap=0: no guard gap to check");
		err = FL_SKIP;
		goto fail;
	}
	err = sr_place(ctx, m);
	if (err)
		goto fail;
	for (p = 0; p < SR_TOP; p++)
		tag_fill(m->stack + p * TAG_PAGE, sr_top_tag(p));
	for (p = 0; p < SR_FLOOR; p++)
		tag_fill(m->floor + p * TAG_PAGE, tag_make(TAG_ANON, p, 1));
	ctx->nr_extra = 1;
	return 0;
fail:
	sr_teardown(ctx);
	return err;
}

const struct fl_workload wl_stack_race = {
	.name = "stack_race",
	.desc = "a MAP_GROWSDOWN stack grows into its guard gap while threads mmap/munmap beside it",
	.kind = FL_RACE,
	.params = sr_params,
	.counters = sr_counters,
	.threads_only = true,
	.setup = sr_setup,
	.worker = sr_worker,
	.teardown = sr_teardown,
	.roles = { "mapper", "grower" },
};
