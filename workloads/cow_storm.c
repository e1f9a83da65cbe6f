// SPDX-License-Identifier: GPL-2.0
/*
 * cow_storm - many tasks map one tag file MAP_PRIVATE. Each loop a task
 * read-faults every page (the filemap_map_pages() path), COW-writes its
 * own random subset, verifies every word, drops it all (MADV_DONTNEED or
 * munmap) and reads the file back with pread: a private write must never
 * reach it. shared_writer=1 adds a task that rewrites the whole file, one
 * generation at a time, in a seqcount: through a MAP_SHARED mapping
 * (shared=map), or with pwrite() while no MAP_SHARED mapping exists at
 * all (shared=none), so private write faults meet page-cache folios that
 * only their own mm maps.
 *
 * backing=anon is the cow.c style fork test instead: a task populates
 * anonymous memory, forks, and writes it while the child reads its
 * snapshot. The checks are in check_cow.c; the model is in docs/races.md.
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

#include "check.h"

enum { C_COW, C_READ, C_LOOPS, C_GENS, C_TORN, C_FILE };
#define BACKING(X)	X(B_FILE, "file") X(B_ANON, "anon")
#define DROP(X)		X(D_DONTNEED, "dontneed") X(D_MUNMAP, "munmap")
#define SHARED(X)	X(S_MAP, "map") X(S_NONE, "none")
#define THP(X)		X(THP_SYSTEM, "system") X(THP_MADVISE, "madvise") \
			X(THP_NEVER, "never")
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_OWN, "own") \
			X(INJ_SNAP, "snapshot") X(INJ_FINAL, "final") \
			X(INJ_CHILD, "child") X(INJ_STALE, "stale") \
			X(INJ_DROPPED, "dropped") X(INJ_OTHER, "other") \
			X(INJ_FILE, "file") X(INJ_INDEX, "index") \
			X(INJ_LEAK, "leak") X(INJ_PARENT, "parent") \
			X(INJ_CHILDDATA, "childdata") \
			X(INJ_UNDROPPED, "undropped")
enum backing { BACKING(FL_ENUM_VALUE) };
enum drop { DROP(FL_ENUM_VALUE) };
enum shared { SHARED(FL_ENUM_VALUE) };
enum thp { THP(FL_ENUM_VALUE) };
enum inject { INJECT(FL_ENUM_VALUE) };

struct cs_child {		/* what a forked child saw, for its parent */
	int ready, done, bad;
	uint64_t page, expected, seen;
} __attribute__((aligned(64)));

struct cs_shared {
	uint64_t seq __attribute__((aligned(64)));
	int live __attribute__((aligned(64)));
	struct cs_child child[];
};

struct cs {
	int fd, inject, cow, thp;
	bool anon, munmap, writer, check, pwrite;
	unsigned int fid;
	uint64_t pages;
	size_t len, shlen;
	char *sh;		/* the writer's MAP_SHARED view (shared=map) */
	struct cs_shared *s;
};

static const struct fl_param cs_params[] = {
	{ "pages", FL_P_INT, "256", 1, 65536, NULL, "pages in the file" },
	{ "backing", FL_P_ENUM, "file", 0, 0, FL_ENUM_CHOICES(BACKING),
	  "a MAP_PRIVATE file, or anonymous memory across fork()" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the file (tmpfs, or a real filesystem)" },
	{ "drop", FL_P_ENUM, "dontneed", 0, 0, FL_ENUM_CHOICES(DROP),
	  "how each loop drops its pages" },
	{ "cow", FL_P_INT, "50", 1, 100, NULL,
	  "percent of the pages each loop COW-writes" },
	{ "shared_writer", FL_P_BOOL, "0", 0, 0, NULL,
	  "a task rewrites the file meanwhile" },
	{ "shared", FL_P_ENUM, "map", 0, 0, FL_ENUM_CHOICES(SHARED),
	  "the writer uses a MAP_SHARED mapping, or pwrite() and none exists" },
	{ "thp", FL_P_ENUM, "system", 0, 0, FL_ENUM_CHOICES(THP),
	  "the system's THP policy, MADV_HUGEPAGE or MADV_NOHUGEPAGE" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "verify what tasks see (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation or state to corrupt" },
	{ .name = NULL }
};

static const char *const cs_counters[] = {
	"cow_faults", "read_faults", "loops", "writer_gens", "torn_words",
	"file_checks", NULL
};

static void cs_advise(struct cs *m, void *a)
{
	if (m->thp == THP_MADVISE)
		madvise(a, m->len, MADV_HUGEPAGE);
	else if (m->thp == THP_NEVER)
		madvise(a, m->len, MADV_NOHUGEPAGE);
}

/*
 * Is v word `w` of page p of the file, in a generation of [s0, s1]? A
 * copy made by the kernel while the writer ran may be torn (torn_ok).
 */
/* Returns false if it reported a violation. */
static bool cs_judge(struct fl_task *t, struct cs *m, uint64_t p,
		     uint64_t s0, uint64_t s1, uint64_t v, bool torn_ok,
		     const char *where)
{
	struct cow_window w = {
		.fid = m->fid, .task = t->id, .page = p,
		.lo = seq_lo(s0), .hi = seq_hi(s1),
		.torn_ok = torn_ok && m->writer,
	};
	uint64_t want = tag_make(m->fid, p, w.hi), g = 0;
	int r;

	if (m->inject == INJ_TAG && fl_inject(t))
		v ^= 1ULL << 58;
	if (m->inject == INJ_STALE && w.lo > 0 && fl_inject(t))
		v = tag_make(m->fid, p, w.lo - 1);
	r = cow_check_word(&w, v, &g);
	if (r == COW_OK)
		return true;
	if (r == COW_TORN) {
		fl_inc(t, C_TORN);
		return true;
	}
	if (r == COW_STALE)
		fl_violation(t, p, want, v,
			     "%s: stale gen %llu, writer had finished gen %llu",
			     where, (unsigned long long)g,
			     (unsigned long long)w.lo);
	else if (r == COW_OWN_DROPPED || r == COW_OTHER_PRIV)
		fl_violation(t, p, want, v, "%s: %s (file id %#x)", where,
			     cow_what(r), tag_file(v));
	else
		fl_violation(t, p, want, v, "%s: %s", where, cow_what(r));
	return false;
}

/* Judge every word of page pg, read between s0 and s1. */
static void cs_judge_page(struct fl_task *t, struct cs *m, uint64_t p,
			  const uint64_t *pg, uint64_t s0, uint64_t s1,
			  unsigned int from, bool torn_ok, const char *where)
{
	uint64_t first = tag_make(m->fid, p, seq_lo(s0));
	unsigned int i;

	if (!m->pwrite) {	/* shared=map: one random word */
		i = from + (unsigned int)(s0 + p * 31) % (TAG_WORDS - from);
		cs_judge(t, m, p, s0, s1, tag_load(&pg[i]), torn_ok, where);
		return;
	}
	for (i = from; i < TAG_WORDS; i++) {
		uint64_t v = tag_load(&pg[i]);

		/* the common case, no writer: one compare per word */
		if (v == first && !m->writer && m->inject != INJ_TAG &&
		    m->inject != INJ_STALE)
			continue;
		if (!cs_judge(t, m, p, s0, s1, v, torn_ok, where))
			return;	/* one report per page is enough */
	}
}

/* The file must hold exactly the writer's last generation (or gen 0). */
static void cs_final(struct fl_task *t, struct cs *m)
{
	uint64_t buf[TAG_WORDS], p, g = seq_lo(seq_read(&m->s->seq));
	unsigned long i;

	for (p = 0; p < m->pages; p++) {
		uint64_t want = tag_make(m->fid, p, g);

		if (pread(m->fd, buf, TAG_PAGE, p * TAG_PAGE) != TAG_PAGE) {
			fl_violation(t, p, want, 0, "final file: short read");
			return;
		}
		if (m->inject == INJ_FINAL && p == m->pages / 2 && fl_inject(t))
			buf[3] = tag_make(m->fid, p, g + 1);
		for (i = 0; i < TAG_WORDS; i++)
			if (buf[i] != want) {
				fl_violation(t, p, want, buf[i],
					     "final file: word %lu is not the writer's gen %llu",
					     i, (unsigned long long)g);
				return;
			}
	}
}

/* Read the file back with pread: no private write may have reached it. */
static int cs_file_check(struct fl_task *t, struct cs *m, uint64_t loop)
{
	uint64_t buf[TAG_WORDS], *seq = &m->s->seq, p, s0;
	unsigned int i;

	if (m->inject == INJ_LEAK && fl_inject(t)) {
		uint64_t v = tag_make(TAG_PRIV(t->id), m->pages / 2, loop);

		for (i = 0; i < TAG_WORDS; i++)
			buf[i] = v;
		if (pwrite(m->fd, buf, TAG_PAGE, m->pages / 2 * TAG_PAGE) !=
		    TAG_PAGE)
			return errno ? -errno : -EIO;
	}
	for (p = 0; p < m->pages; p++) {
		s0 = seq_read(seq);
		if (pread(m->fd, buf, TAG_PAGE, p * TAG_PAGE) != TAG_PAGE)
			return errno ? -errno : -EIO;
		for (i = 0; i < TAG_WORDS; i++) {
			uint64_t v = buf[i];

			if (v == tag_make(m->fid, p, seq_lo(s0)) && !m->writer)
				continue;
			if (tag_ok(v) && (tag_file(v) & 0x80)) {
				fl_violation(t, p,
					     tag_make(m->fid, p, seq_lo(s0)), v,
					     "file (pread): private write of task %d reached the file",
					     tag_file(v) & 0x7f);
				return 0;
			}
			if (!cs_judge(t, m, p, s0, seq_reread(seq), v, true,
				      "file (pread)"))
				break;	/* one report per page */
		}
	}
	fl_add(t, C_FILE, m->pages);
	return 0;
}

static int cs_writer(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	uint64_t g = 0, p, buf[TAG_WORDS];
	unsigned int i;

	while (!fl_stopping(t)) {
		seq_bump(&m->s->seq);
		g++;
		for (p = 0; p < m->pages; p++) {
			uint64_t tg = tag_make(m->fid, p, g);

			if (!m->pwrite) {
				tag_fill(m->sh + p * TAG_PAGE, tg);
				continue;
			}
			for (i = 0; i < TAG_WORDS; i++)
				buf[i] = tg;
			if (pwrite(m->fd, buf, TAG_PAGE, p * TAG_PAGE) !=
			    TAG_PAGE)
				return errno ? -errno : -EIO;
		}
		seq_bump(&m->s->seq);
		fl_inc(t, C_GENS);
	}
	return 0;
}

/* Stop in the middle of a loop over many pages, every 1024 pages. */
static bool cs_cut(struct fl_task *t, uint64_t p, bool *cut)
{
	if ((p & 1023) == 1023 && fl_stopping(t))
		*cut = true;
	return *cut;
}

/* Injections that change the file itself, before the task reads it. */
static void cs_corrupt_file(struct fl_task *t, struct cs *m, uint64_t loop)
{
	uint64_t buf[TAG_WORDS], p = m->pages / 2, v;
	unsigned int i;

	if (m->inject == INJ_FILE && fl_inject(t))
		v = tag_make(m->fid ^ 0x40, p, 0);
	else if (m->inject == INJ_INDEX && fl_inject(t))
		v = tag_make(m->fid, p + 1, 0);
	else
		return;
	for (i = 0; i < TAG_WORDS; i++)
		buf[i] = v;
	if (pwrite(m->fd, buf, TAG_PAGE, p * TAG_PAGE) != TAG_PAGE)
		fl_violation(t, p, v, 0, "inject: pwrite failed");
}

/* 3: own writes, and every word of the snapshot the COW copied. */
static bool cs_verify(struct fl_task *t, struct cs *m, char *map,
		      const uint8_t *wr, const uint64_t *ws, uint64_t loop)
{
	uint64_t *seq = &m->s->seq, p, s0, v;
	bool cut = false;
	int r;

	for (p = 0; p < m->pages; p++) {
		uint64_t *pg = (uint64_t *)(map + p * TAG_PAGE);
		uint64_t own = tag_make(TAG_PRIV(t->id), p, loop);

		if (cs_cut(t, p, &cut))
			return true;
		if (!wr[p]) {
			s0 = seq_read(seq);
			cs_judge_page(t, m, p, pg, s0, seq_reread(seq), 0,
				      m->pwrite, "unwritten page");
			continue;
		}
		v = tag_load(pg);
		if (m->inject == INJ_OWN && fl_inject(t))
			v = tag_make(TAG_PRIV(t->id + 1), p, loop);
		r = cow_check_own(v, own);
		if (r != OWN_OK)
			fl_violation(t, p, own, v,
				     "COW page: not own write of loop %llu (%s)",
				     (unsigned long long)loop,
				     cow_own_what(r));
		if (m->inject == INJ_SNAP && fl_inject(t)) {
			v = tag_make(m->fid, p + 1, seq_lo(ws[2 * p]));
			cs_judge(t, m, p, ws[2 * p], ws[2 * p + 1], v, true,
				 "COW copy");
		}
		cs_judge_page(t, m, p, pg, ws[2 * p], ws[2 * p + 1], 1, true,
			      "COW copy");
	}
	return false;
}

/* 1: read-fault every page, one random word each. */
static bool cs_read_all(struct fl_task *t, struct cs *m, char *map,
			uint64_t loop)
{
	uint64_t *seq = &m->s->seq, p;
	bool cut = false;

	for (p = 0; p < m->pages; p++) {
		uint64_t w = fl_rand(&t->rng) % TAG_WORDS, s0, v;

		if (cs_cut(t, p, &cut))
			return true;
		s0 = m->check ? seq_read(seq) : 0;
		v = tag_load(map + p * TAG_PAGE + w * 8);
		if (!m->check)
			continue;
		if (m->inject == INJ_DROPPED && loop > 1 && fl_inject(t))
			v = tag_make(TAG_PRIV(t->id), p, loop - 1);
		if (m->inject == INJ_OTHER && fl_inject(t))
			v = tag_make(TAG_PRIV(t->id + 1), p, loop);
		cs_judge(t, m, p, s0, seq_reread(seq), v, m->pwrite, "read");
	}
	return false;
}

static int cs_file_task(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	uint64_t *ws = calloc(m->pages, 2 * sizeof(*ws));
	uint8_t *wr = calloc(m->pages, 1);
	uint64_t *seq = &m->s->seq, loop = 0, f0, f1, f2, p;
	bool cut = false;
	char *map = NULL;
	int err = 0;

	if (!ws || !wr) {
		err = -ENOMEM;
		goto out;
	}
	while (!fl_stopping(t)) {
		loop++;
		if (!map) {
			map = mmap(NULL, m->len, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, m->fd, 0);
			if (map == MAP_FAILED) {
				map = NULL;
				err = -errno;
				break;
			}
			cs_advise(m, map);
		}
		if (m->check)
			cs_corrupt_file(t, m, loop);
		f0 = tag_thread_faults();
		cut = cs_read_all(t, m, map, loop);
		if (cut)
			goto drop;
		/* 2: COW-write a random subset, word 0 */
		f1 = tag_thread_faults();
		for (p = 0; p < m->pages; p++) {
			if (cs_cut(t, p, &cut))
				goto drop;
			wr[p] = fl_rand(&t->rng) % 100 < (uint64_t)m->cow;
			if (!wr[p])
				continue;
			ws[2 * p] = m->check ? seq_read(seq) : 0;
			__atomic_store_n((uint64_t *)(map + p * TAG_PAGE),
					 tag_make(TAG_PRIV(t->id), p, loop),
					 __ATOMIC_RELAXED);
			ws[2 * p + 1] = m->check ? seq_reread(seq) : 0;
		}
		f2 = tag_thread_faults();
		fl_add(t, C_READ, f1 - f0);
		fl_add(t, C_COW, f2 - f1);
		if (m->check)
			cut = cs_verify(t, m, map, wr, ws, loop);
drop:
		/* 4: drop */
		if (!m->munmap) {
			if (madvise(map, m->len, MADV_DONTNEED)) {
				err = -errno;
				break;
			}
		} else {
			munmap(map, m->len);
			map = NULL;
		}
		if (cut)
			break;
		/* 5: the file never holds a private write */
		if (m->check && m->pwrite && (err = cs_file_check(t, m, loop)))
			break;
		fl_inc(t, C_LOOPS);
	}
out:
	if (map)
		munmap(map, m->len);
	free(ws);
	free(wr);
	return err;
}

/* The child of one anon loop: read the snapshot until the parent is done. */
static void __attribute__((noreturn))
cs_child_reads(struct cs *m, struct cs_child *c, char *a, uint64_t loop,
	       int corrupt, pid_t parent)
{
	uint64_t p, pass = 0;
	bool last = false;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	__atomic_store_n(&c->ready, 1, __ATOMIC_RELEASE);
	do {
		last = __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
		for (p = 0; p < m->pages; p++) {
			uint64_t w = (p * 7 + pass) % 4 ? (p * 31 + pass) % TAG_WORDS : 0;
			uint64_t want = tag_make(TAG_ANON, p, loop);
			uint64_t v = tag_load(a + p * TAG_PAGE + w * 8);

			if (corrupt) {
				v = tag_make(TAG_ANON, p + corrupt - 1,
					     loop + 2 - corrupt);
				corrupt = 0;
			}
			if (cow_check_child(v, want,
					    tag_make(TAG_ANON, p, loop + 1))) {
				c->page = p;
				c->expected = want;
				c->seen = v;
				__atomic_store_n(&c->bad, 1, __ATOMIC_RELEASE);
				_exit(1);
			}
		}
		pass++;
	} while (!last);
	_exit(0);
}

/* What the parent learns from the child, and its own pages after fork. */
static void cs_anon_judge(struct fl_task *t, struct cs *m,
			  struct cs_child *c, char *a, uint64_t loop, int st)
{
	uint64_t p, v0, v1, wrote, snap;
	int r;

	if (WIFEXITED(st) && WEXITSTATUS(st)) {
		if (c->bad) {
			uint64_t pw = tag_make(TAG_ANON, c->page, loop + 1);

			r = cow_check_child(c->seen, c->expected, pw);
			fl_violation(t, c->page, c->expected, c->seen,
				     "%s after fork (loop %llu)",
				     cow_fork_what(r),
				     (unsigned long long)loop);
		} else {
			fl_violation(t, 0, 0, 0, "fork child exited %d",
				     WEXITSTATUS(st));
		}
	} else if (WIFSIGNALED(st)) {
		fl_violation(t, 0, 0, WTERMSIG(st),
			     "fork child killed by signal %d", WTERMSIG(st));
	}
	if (m->inject == INJ_PARENT && fl_inject(t))
		__atomic_store_n((uint64_t *)a, tag_make(TAG_ANON, 0, loop),
				 __ATOMIC_RELAXED);
	for (p = 0; p < m->pages; p++) {
		v0 = tag_load(a + p * TAG_PAGE);
		v1 = tag_load(a + p * TAG_PAGE + 8);
		wrote = tag_make(TAG_ANON, p, loop + 1);
		snap = tag_make(TAG_ANON, p, loop);
		r = cow_check_parent(v0, v1, wrote, snap);
		if (r != FORK_OK) {
			fl_violation(t, p, r == FORK_PARENT_LOST ? wrote : snap,
				     r == FORK_PARENT_LOST ? v0 : v1,
				     "%s (loop %llu)", cow_fork_what(r),
				     (unsigned long long)loop);
			break;
		}
	}
}

/*
 * drop=dontneed keeps one mapping and drops it with MADV_DONTNEED after
 * each loop: then every page must read zero again (madvise(2): zero-fill
 * on demand for private anonymous memory; madvise_dontneed_single_vma()
 * -> zap_page_range_single()). drop=munmap maps it afresh each loop.
 */
static char *cs_anon_map(struct fl_task *t, struct cs *m, char *a,
			 uint64_t loop)
{
	uint64_t p, v;
	int r;

	if (!a) {
		a = mmap(NULL, m->len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a == MAP_FAILED)
			return NULL;
		cs_advise(m, a);
		return a;
	}
	if (!(m->inject == INJ_UNDROPPED && fl_inject(t)) &&
	    madvise(a, m->len, MADV_DONTNEED))
		return NULL;
	for (p = 0; m->check && p < m->pages; p++) {
		v = tag_load(a + p * TAG_PAGE + (p * 8 + loop * 64) % TAG_PAGE);
		r = cow_check_dropped(v);
		if (r != FORK_OK) {
			fl_violation(t, p, 0, v, "%s (loop %llu)",
				     cow_fork_what(r),
				     (unsigned long long)loop);
			break;
		}
	}
	return a;
}

static int cs_anon_task(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	struct cs_child *c = &m->s->child[t->id];
	uint64_t loop = 0, f0, f1, f2, p;
	int err = 0, st, corrupt;
	char *a = NULL;

	while (!err && !fl_stopping(t)) {
		pid_t pid, parent;

		a = cs_anon_map(t, m, a, loop);
		if (!a)
			return -errno;
		loop++;
		f0 = tag_thread_faults();
		for (p = 0; p < m->pages; p++)
			tag_fill(a + p * TAG_PAGE, tag_make(TAG_ANON, p, loop));
		f1 = tag_thread_faults();
		memset(c, 0, sizeof(*c));
		corrupt = 0;
		if (m->check && m->inject == INJ_CHILD && fl_inject(t))
			corrupt = 1;	/* the parent's write */
		if (m->check && m->inject == INJ_CHILDDATA && fl_inject(t))
			corrupt = 2;	/* the next page's snapshot */
		parent = getpid();
		pid = fork();
		if (pid < 0) {
			err = -errno;
			break;
		}
		if (!pid)
			cs_child_reads(m, c, a, loop, corrupt, parent);
		while (!__atomic_load_n(&c->ready, __ATOMIC_ACQUIRE) &&
		       waitpid(pid, &st, WNOHANG) == 0)
			sched_yield();
		for (p = 0; p < m->pages; p++)
			__atomic_store_n((uint64_t *)(a + p * TAG_PAGE),
					 tag_make(TAG_ANON, p, loop + 1),
					 __ATOMIC_RELAXED);
		f2 = tag_thread_faults();
		__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
		fl_add(t, C_READ, f1 - f0);
		fl_add(t, C_COW, f2 - f1);
		if (waitpid(pid, &st, 0) != pid)
			err = -errno;
		else if (m->check)
			cs_anon_judge(t, m, c, a, loop, st);
		if (m->munmap) {
			munmap(a, m->len);
			a = NULL;
		}
		fl_inc(t, C_LOOPS);
	}
	if (a)
		munmap(a, m->len);
	return err;
}

static int cs_worker(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	int err;

	if (t->id >= t->ctx->nr_tasks)
		err = cs_writer(t);
	else if (m->anon)
		err = cs_anon_task(t);
	else
		err = cs_file_task(t);
	/* the last task out checks the file: nobody writes it any more */
	if (tag_last_out(&m->s->live) && !m->anon && m->check)
		cs_final(t, m);
	return err;
}

static void cs_teardown(struct fl_ctx *ctx)
{
	struct cs *m = ctx->priv;

	if (!m)
		return;
	if (m->sh)
		munmap(m->sh, m->len);
	if (m->s)
		munmap(m->s, m->shlen);
	if (m->fd >= 0)
		close(m->fd);
	free(m);
	ctx->priv = NULL;
}

static int cs_setup(struct fl_ctx *ctx)
{
	struct cs *m = calloc(1, sizeof(*m));
	const char *dir = fl_param_str(ctx, "dir");
	void *a;
	int err;

	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->fd = -1;
	m->pages = fl_param_int(ctx, "pages");
	m->len = m->pages * TAG_PAGE;
	m->anon = fl_param_enum(ctx, "backing") == B_ANON;
	m->munmap = fl_param_enum(ctx, "drop") == D_MUNMAP;
	m->cow = fl_param_int(ctx, "cow");
	m->writer = fl_param_int(ctx, "shared_writer") && !m->anon;
	m->pwrite = fl_param_enum(ctx, "shared") == S_NONE;
	m->thp = fl_param_enum(ctx, "thp");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_enum(ctx, "inject");
	m->fid = tag_file_id(ctx->seed, 0);
	ctx->nr_extra = m->writer;
	m->shlen = sizeof(*m->s) + ctx->nr_tasks * sizeof(struct cs_child);
	a = mmap(NULL, m->shlen, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->s = a;
	m->s->live = ctx->nr_tasks + ctx->nr_extra;
	if (m->anon)
		return 0;
	m->fd = fl_tmpfile(dir, m->len);
	if (m->fd < 0) {
		err = m->fd;
		fl_reason(ctx, "cannot create a file in %s: %s", dir,
			  strerror(-err));
		goto fail;
	}
	err = tag_fill_fd(m->fd, m->fid, m->pages, 0);
	if (err)
		goto fail;
	if (m->pwrite)
		return 0;	/* shared=none: no MAP_SHARED mapping at all */
	a = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->sh = a;
	cs_advise(m, a);
	return 0;
fail:
	cs_teardown(ctx);
	return err;
}

const struct fl_workload wl_cow_storm = {
	.name = "cow_storm",
	.desc = "tasks read-fault, COW-write and drop a MAP_PRIVATE file; fork COW",
	.kind = FL_RACE,
	.params = cs_params,
	.counters = cs_counters,
	.setup = cs_setup,
	.worker = cs_worker,
	.teardown = cs_teardown,
	.roles = { "cow", "writer" },
};
