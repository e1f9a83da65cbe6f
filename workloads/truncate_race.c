// SPDX-License-Identifier: GPL-2.0
/*
 * truncate_race - faulters read and write random pages of a tag file
 * through MAP_SHARED and their own MAP_PRIVATE mapping while a truncator
 * shrinks it and regrows it (or punches holes and refills them). The
 * truncator logs each operation in a ring and brackets it with a
 * seqcount, so each access is judged against every state the file had
 * during that access. The model is in docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tag.h"

#define TR_RING		8192	/* operations remembered */
#define TR_WALK		256	/* how far back a stale check looks */
#define TR_BATCH	256

enum { C_FAULTS, C_TRUNCATES, C_SIGBUS, C_OPS, C_EOF };
enum { OP_SHRINK, OP_EXTEND, OP_PUNCH, OP_FILL };
enum { INJ_TAG, INJ_SIGBUS, INJ_NOSIGBUS, INJ_STALE, INJ_PRIVATE, INJ_FINAL };
enum { K_SREAD, K_SWRITE, K_PREAD, K_PWRITE };
enum { W_NONE, W_FOUND, W_UNKNOWN };

/* One operation in one u64: type, affected pages [lo, hi), size after. */
static inline uint64_t rec_make(int type, uint64_t lo, uint64_t hi,
				uint64_t size)
{
	return (uint64_t)type | lo << 2 | hi << 22 | size << 42;
}

static inline int rec_type(uint64_t r) { return r & 3; }
static inline uint64_t rec_lo(uint64_t r) { return (r >> 2) & 0xfffff; }
static inline uint64_t rec_hi(uint64_t r) { return (r >> 22) & 0xfffff; }
static inline uint64_t rec_size(uint64_t r) { return (r >> 42) & 0xfffff; }

static inline bool rec_covers(uint64_t r, uint64_t p)
{
	return rec_lo(r) <= p && p < rec_hi(r);
}

static const char *const op_name[] = { "truncate", "extend", "punch", "fill" };

struct tr_shared {
	uint64_t seq __attribute__((aligned(64)));
	int live __attribute__((aligned(64)));
	uint64_t ring[TR_RING] __attribute__((aligned(64)));
};

struct tr {
	int fd, mode, inject;
	bool check;
	uint64_t hold_ns;
	unsigned int fid;
	uint64_t pages;
	size_t len;
	char *sh;		/* MAP_SHARED, everyone's */
	struct tr_shared *s;
	uint64_t *done;		/* per page: last op that covered it (shared) */
};

/* A task's own private write of a page, and what is known about it. */
struct tr_mine {
	uint64_t tag;	/* 0: none */
	uint64_t a;	/* a truncate after op a may have removed it */
	uint64_t b;	/* a truncate after op b must have removed it */
};

static const struct fl_param tr_params[] = {
	{ "pages", FL_P_INT, "256", 1, TAG_MAX_PAGES - 1, NULL,
	  "pages in the file" },
	{ "op", FL_P_ENUM, "truncate", 0, 0, "truncate|punch|mixed",
	  "ftruncate shrink+regrow, fallocate punch+refill, or both" },
	{ "hold_us", FL_P_INT, "50", 0, 100000, NULL,
	  "microseconds each truncated or punched state is held" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the file (tmpfs, or a real filesystem)" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "judge every access (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0,
	  "tag|sigbus|nosigbus|stale|private|final",
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const tr_counters[] = {
	"faults", "truncates", "sigbus", "ops", "eof_checks", NULL
};

static inline uint64_t ring_get(struct tr *m, uint64_t k)
{
	return __atomic_load_n(&m->s->ring[k % TR_RING], __ATOMIC_RELAXED);
}

/* Was any op numbered `oldest` or later overwritten since we read it? */
static bool ring_lost(struct tr *m, uint64_t oldest)
{
	return seq_hi(seq_read(&m->s->seq)) + 8 >= oldest + TR_RING;
}

/*
 * The latest op <= a that covers p; -1 if unknown. done[p] answers unless
 * an op covering p began after op a; then the ring answers, TR_WALK back.
 */
static int64_t tr_last_cover(struct tr *m, uint64_t p, uint64_t a)
{
	uint64_t k = __atomic_load_n(&m->done[p], __ATOMIC_RELAXED);

	if (k <= a)
		return k;

	for (k = a; a - k < TR_WALK; k--) {
		if (rec_covers(ring_get(m, k), p))
			return k;
		if (!k)
			break;
	}
	return -1;
}

/* The type of op c, or -1 if the ring no longer holds it. */
static int tr_type(struct tr *m, int64_t c)
{
	if (c < 0 || seq_hi(seq_read(&m->s->seq)) >= (uint64_t)c + TR_RING / 2)
		return -1;
	return rec_type(ring_get(m, c));
}

/* A truncate covering p among ops (x, y]? */
static int tr_find_shrink(struct tr *m, uint64_t p, uint64_t x, uint64_t y)
{
	uint64_t k, from = x + 1;
	int unknown = W_NONE;

	if (y + 1 > TR_RING / 2 && from < y + 1 - TR_RING / 2) {
		from = y + 1 - TR_RING / 2;
		unknown = W_UNKNOWN;
	}
	for (k = from; k <= y; k++) {
		uint64_t r = ring_get(m, k);

		if (rec_type(r) == OP_SHRINK && rec_covers(r, p))
			return W_FOUND;
	}
	if (ring_lost(m, from))
		return W_UNKNOWN;
	return unknown;
}

static uint64_t tr_expect(struct tr *m, uint64_t p, uint64_t a)
{
	int64_t c = tr_last_cover(m, p, a);
	int ty = c < 0 ? OP_FILL : tr_type(m, c);

	if (ty == OP_FILL || ty < 0)
		return tag_make(m->fid, p, c < 0 ? 0 : c);
	return 0;
}

#define tr_viol(t, m, p, oldest, exp, seen, ...)			\
	do {								\
		if (!ring_lost(m, oldest))				\
			fl_violation(t, p, exp, seen, __VA_ARGS__);	\
	} while (0)

/*
 * Judge what the file itself showed at page p between seqcount samples
 * s0 and s1: data v, or a SIGBUS.
 */
static void tr_judge(struct fl_task *t, struct tr *m, uint64_t p,
		     uint64_t s0, uint64_t s1, bool bus, uint64_t v)
{
	uint64_t a = seq_lo(s0), b = seq_hi(s1), k, g;
	uint64_t minsz = ~0ULL, maxsz = 0, oldest;
	unsigned long long A = a, B = b;
	int64_t c;
	int ty;

	if (b - a >= TR_RING / 4)
		return;		/* stalled too long to judge */
	oldest = a >= TR_WALK ? a - TR_WALK : 0;
	for (k = a; k <= b; k++) {
		uint64_t sz = rec_size(ring_get(m, k));

		minsz = sz < minsz ? sz : minsz;
		maxsz = sz > maxsz ? sz : maxsz;
	}
	if (!bus && minsz > p && m->inject == INJ_SIGBUS && fl_inject(t))
		bus = true;
	if (bus && maxsz <= p && m->inject == INJ_NOSIGBUS && fl_inject(t)) {
		bus = false;
		v = tag_make(m->fid, p, 0);
	}
	/* accesses for which a SIGBUS was mandatory: the check had teeth */
	if (maxsz <= p)
		fl_inc(t, C_EOF);
	if (bus) {
		if (minsz > p)
			tr_viol(t, m, p, oldest, tr_expect(m, p, a), 0,
				"SIGBUS, but inside EOF (>= %llu pages) for all of ops %llu..%llu",
				(unsigned long long)minsz, A, B);
		return;
	}
	if (maxsz <= p) {
		tr_viol(t, m, p, oldest, 0, v,
			"missing SIGBUS: beyond EOF (<= %llu pages) for all of ops %llu..%llu",
			(unsigned long long)maxsz, A, B);
		return;
	}
	if (!v) {
		for (k = a + 1; k <= b; k++) {
			uint64_t r = ring_get(m, k);

			if (rec_covers(r, p) && (rec_type(r) == OP_EXTEND ||
						 rec_type(r) == OP_PUNCH))
				return;
		}
		c = tr_last_cover(m, p, a);
		ty = tr_type(m, c);
		if (ty < 0 || ty == OP_PUNCH || ty == OP_EXTEND)
			return;
		tr_viol(t, m, p, oldest, tr_expect(m, p, a), v,
			"zero, but op %lld (%s) had written it, ops %llu..%llu",
			(long long)c, op_name[ty], A, B);
		return;
	}
	if (m->inject == INJ_STALE && (c = tr_last_cover(m, p, a)) > 0 &&
	    tr_type(m, c) >= 0) {
		/* an older fill of this page, superseded by op c */
		for (k = c - 1; c - k < TR_WALK; k--) {
			uint64_t r = ring_get(m, k);

			if (rec_type(r) == OP_FILL && rec_covers(r, p)) {
				if (fl_inject(t))
					v = tag_make(m->fid, p, k);
				break;
			}
			if (!k)
				break;
		}
	}
	if (!tag_ok(v) || tag_file(v) != m->fid || tag_idx(v) != p) {
		tr_viol(t, m, p, oldest, tr_expect(m, p, a), v,
			"%s, ops %llu..%llu",
			!tag_ok(v) ? "bad check bits" :
			tag_file(v) != m->fid ? "another file's tag" :
			"wrong page index", A, B);
		return;
	}
	g = tag_gen_full(tag_gen(v), b);
	if (b - g < TR_RING / 2) {
		uint64_t r = ring_get(m, g);

		if (rec_type(r) != OP_FILL || !rec_covers(r, p)) {
			tr_viol(t, m, p, g, tr_expect(m, p, a), v,
				"gen %llu never wrote this page, ops %llu..%llu",
				(unsigned long long)g, A, B);
			return;
		}
	}
	c = tr_last_cover(m, p, a);
	if (c > (int64_t)g) {
		ty = tr_type(m, c);
		tr_viol(t, m, p, a, tr_expect(m, p, a), v,
			"stale gen %llu: op %lld (%s) ended before the access (ops %llu..%llu)",
			(unsigned long long)g, (long long)c,
			ty < 0 ? "?" : op_name[ty], A, B);
	}
}

/* Judge an access to the task's private mapping: v, or a SIGBUS. */
static void tr_judge_priv(struct fl_task *t, struct tr *m,
			  struct tr_mine *mi, uint64_t p, uint64_t s0,
			  uint64_t s1, bool bus, uint64_t v)
{
	uint64_t a = seq_lo(s0), b = seq_hi(s1);
	bool injected = false;

	if (!mi->tag) {
		tr_judge(t, m, p, s0, s1, bus, v);
		return;
	}
	if (!bus && v == mi->tag) {
		if (m->inject == INJ_PRIVATE &&
		    tr_find_shrink(m, p, mi->a, b) == W_NONE && fl_inject(t)) {
			v = tag_make(m->fid, p, 0);
			injected = true;
			goto gone;
		}
		if (tr_find_shrink(m, p, mi->b, a) == W_FOUND) {
			tr_viol(t, m, p, mi->b, 0, v,
				"private COW page survived a truncate after op %llu (ops %llu..%llu)",
				(unsigned long long)mi->b,
				(unsigned long long)a, (unsigned long long)b);
			mi->tag = 0;
			return;
		}
		mi->a = a > mi->a ? a : mi->a;
		mi->b = a > mi->b ? a : mi->b;
		return;
	}
gone:
	if (tr_find_shrink(m, p, mi->a, b) == W_NONE) {
		tr_viol(t, m, p, mi->a, mi->tag, bus ? 0 : v,
			"lost own private write%s, no truncate in ops %llu..%llu",
			bus ? " (SIGBUS)" : "",
			(unsigned long long)mi->a, (unsigned long long)b);
		if (!injected)
			mi->tag = 0;
		return;
	}
	mi->tag = 0;
	tr_judge(t, m, p, s0, s1, bus, v);
}

static int tr_faulter(struct fl_task *t)
{
	struct tr *m = t->ctx->priv;
	volatile uint64_t cur_p = 0, cur_s0 = 0, f0;
	volatile int cur_kind = 0, cur_i = 0;
	volatile uint64_t wcount = 0;
	uint64_t f;
	struct tr_mine *mine;
	char *pv;
	int i;

	pv = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE, m->fd, 0);
	if (pv == MAP_FAILED)
		return -errno;
	mine = calloc(m->pages, sizeof(*mine));
	if (!mine) {
		munmap(pv, m->len);
		return -ENOMEM;
	}
	tag_catch_install();
	f0 = tag_thread_faults();
	while (!fl_stopping(t)) {
		if (sigsetjmp(tag_catch.jb, 0)) {
			uint64_t s1 = seq_reread(&m->s->seq), p = cur_p;

			fl_add(t, C_OPS, cur_i + 1);	/* the batch so far */
			if (tag_catch.sig != SIGBUS) {
				fl_violation(t, p, 0, 0,
					     "SIGSEGV at %#lx inside the mapping",
					     (unsigned long)tag_catch.addr);
				continue;
			}
			fl_inc(t, C_SIGBUS);
			if (!m->check)
				continue;
			if (cur_kind >= K_PREAD)
				tr_judge_priv(t, m, &mine[p], p, cur_s0, s1,
					      true, 0);
			else
				tr_judge(t, m, p, cur_s0, s1, true, 0);
			continue;
		}
		for (i = 0; i < TR_BATCH; i++) {
			uint64_t r = fl_rand(&t->rng), s0, s1, v = 0;
			uint64_t p = r % m->pages;
			int kind = (r >> 32) & 3;
			char *pg = (kind < K_PREAD ? m->sh : pv) + p * TAG_PAGE;
			uint64_t *w = (uint64_t *)pg;

			if (kind < K_PREAD)
				w += (r >> 40) % TAG_WORDS;
			cur_p = p;
			cur_kind = kind;
			cur_i = i;
			cur_s0 = s0 = m->check ? seq_read(&m->s->seq) : 0;
			tag_catch_arm(pg, TAG_PAGE);
			switch (kind) {
			case K_SWRITE:
				v = tag_load(w);
				__atomic_compare_exchange_n(w, &(uint64_t){ v }, v,
					false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
				break;
			case K_PWRITE:
				v = tag_make(TAG_PRIV(t->id), p, ++wcount);
				__atomic_store_n(w, v, __ATOMIC_RELAXED);
				break;
			default:
				v = tag_load(w);
			}
			tag_catch_disarm();
			if (!m->check)
				continue;
			s1 = seq_reread(&m->s->seq);
			if (kind == K_PWRITE) {
				struct tr_mine *mi = &mine[p];

				mi->tag = v;
				mi->a = seq_lo(s0);
				mi->b = seq_hi(s1);
			} else if (kind == K_PREAD) {
				tr_judge_priv(t, m, &mine[p], p, s0, s1, false, v);
			} else {
				if (m->inject == INJ_TAG && kind == K_SREAD &&
				    fl_inject(t))
					v ^= 1ULL << 58;
				tr_judge(t, m, p, s0, s1, false, v);
			}
		}
		fl_add(t, C_OPS, TR_BATCH);
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
	}
	tag_catch_disarm();
	free(mine);
	munmap(pv, m->len);
	return 0;
}

static void tr_fill(struct tr *m, uint64_t lo, uint64_t hi, uint64_t k,
		    uint64_t *expect)
{
	uint64_t p;

	for (p = lo; p < hi; p++) {
		tag_fill(m->sh + p * TAG_PAGE, tag_make(m->fid, p, k));
		expect[p] = k;
	}
}

/* The file after the last op must be exactly the model. */
static void tr_final(struct fl_task *t, struct tr *m, const uint64_t *expect)
{
	uint64_t buf[TAG_WORDS], p;
	struct stat st;
	unsigned long i;

	if (fstat(m->fd, &st) || (uint64_t)st.st_size != m->len) {
		fl_violation(t, m->pages, m->len, st.st_size,
			     "final file size differs from the model");
		return;
	}
	for (p = 0; p < m->pages; p++) {
		uint64_t want = tag_make(m->fid, p, expect[p]);

		if (pread(m->fd, buf, TAG_PAGE, p * TAG_PAGE) != TAG_PAGE) {
			fl_violation(t, p, want, 0, "final file: short read");
			return;
		}
		if (m->inject == INJ_FINAL && p == m->pages / 2 && fl_inject(t))
			buf[7] ^= 1;
		for (i = 0; i < TAG_WORDS; i++)
			if (buf[i] != want) {
				fl_violation(t, p, want, buf[i],
					     "final file: word %lu differs from the model (gen %llu)",
					     i, (unsigned long long)expect[p]);
				return;
			}
	}
}

/*
 * Log op k + 1 in the ring and in done[] of the pages it covers, then make
 * the seqcount odd: it has begun.
 */
static void tr_begin(struct tr *m, uint64_t k, uint64_t rec)
{
	uint64_t p;

	__atomic_store_n(&m->s->ring[(k + 1) % TR_RING], rec, __ATOMIC_RELAXED);
	for (p = rec_lo(rec); p < rec_hi(rec); p++)
		__atomic_store_n(&m->done[p], k + 1, __ATOMIC_RELAXED);
	seq_bump(&m->s->seq);
}

/* Hold the state just made stable: accesses judged against it alone. */
static void tr_hold(struct tr *m)
{
	uint64_t end = fl_now_ns() + m->hold_ns;

	while (m->hold_ns && fl_now_ns() < end)
		;
}

static int tr_truncator(struct fl_task *t)
{
	struct tr *m = t->ctx->priv;
	uint64_t *expect = calloc(m->pages, sizeof(*expect));
	uint64_t k = 0, P = m->pages, *seq = &m->s->seq;
	int err = 0;

	if (!expect)
		return -ENOMEM;
	while (!err && !fl_stopping(t)) {
		bool punch = m->mode == 1 ||
			     (m->mode == 2 && (fl_rand(&t->rng) & 1));
		uint64_t lo = fl_rand(&t->rng) % P, hi = P;

		if (punch) {
			hi = lo + 1 + fl_rand(&t->rng) % (P - lo);
			tr_begin(m, k++, rec_make(OP_PUNCH, lo, hi, P));
			if (fallocate(m->fd, FALLOC_FL_PUNCH_HOLE |
				      FALLOC_FL_KEEP_SIZE, lo * TAG_PAGE,
				      (hi - lo) * TAG_PAGE))
				err = -errno;
			seq_bump(seq);
		} else {
			tr_begin(m, k++, rec_make(OP_SHRINK, lo, P, lo));
			if (ftruncate(m->fd, lo * TAG_PAGE))
				err = -errno;
			seq_bump(seq);
			tr_hold(m);
			tr_begin(m, k++, rec_make(OP_EXTEND, lo, P, P));
			if (ftruncate(m->fd, m->len))
				err = -errno;
			seq_bump(seq);
		}
		fl_inc(t, C_TRUNCATES);
		tr_hold(m);
		tr_begin(m, k++, rec_make(OP_FILL, lo, hi, P));
		if (!err)
			tr_fill(m, lo, hi, k, expect);
		seq_bump(seq);
	}
	if (!err && m->check)
		tr_final(t, m, expect);
	free(expect);
	return err;
}

static int tr_worker(struct fl_task *t)
{
	if (t->id >= t->ctx->nr_tasks)
		return tr_truncator(t);
	return tr_faulter(t);
}

static void tr_teardown(struct fl_ctx *ctx)
{
	struct tr *m = ctx->priv;

	if (!m)
		return;
	if (m->sh)
		munmap(m->sh, m->len);
	if (m->s)
		munmap(m->s, sizeof(*m->s));
	if (m->done)
		munmap(m->done, m->pages * sizeof(*m->done));
	if (m->fd >= 0)
		close(m->fd);
	free(m);
	ctx->priv = NULL;
}

static int tr_setup(struct fl_ctx *ctx)
{
	struct tr *m = calloc(1, sizeof(*m));
	const char *dir = fl_param_str(ctx, "dir");
	void *a;
	int err;

	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->pages = fl_param_int(ctx, "pages");
	m->len = m->pages * TAG_PAGE;
	m->mode = fl_param_int(ctx, "op");
	m->check = fl_param_int(ctx, "check");
	m->hold_ns = fl_param_int(ctx, "hold_us") * 1000ULL;
	m->inject = fl_param_int(ctx, "inject");
	m->fid = tag_file_id(ctx->seed, 0);
	ctx->nr_extra = 1;
	m->fd = fl_tmpfile(dir, m->len);
	if (m->fd < 0) {
		err = m->fd;
		fl_reason(ctx, "cannot create a file in %s: %s", dir,
			  strerror(-err));
		goto fail;
	}
	if (m->mode && fallocate(m->fd, FALLOC_FL_PUNCH_HOLE |
				 FALLOC_FL_KEEP_SIZE, 0, TAG_PAGE)) {
		err = errno == EOPNOTSUPP ? FL_SKIP : -errno;
		fl_reason(ctx, "%s cannot punch holes", dir);
		goto fail;
	}
	err = tag_fill_fd(m->fd, m->fid, m->pages, 0);
	if (err)
		goto fail;
	a = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->sh = a;
	a = mmap(NULL, sizeof(*m->s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->s = a;
	a = mmap(NULL, m->pages * sizeof(*m->done), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->done = a;
	m->s->ring[0] = rec_make(OP_FILL, 0, m->pages, m->pages);
	return 0;
fail:
	tr_teardown(ctx);
	return err;
}

static const char *tr_role(const struct fl_ctx *ctx, int id)
{
	return id >= ctx->nr_tasks ? "truncator" : "faulter";
}

const struct fl_workload wl_truncate_race = {
	.name = "truncate_race",
	.desc = "faulters access a file while a truncator shrinks/regrows or punches it",
	.kind = FL_RACE,
	.params = tr_params,
	.counters = tr_counters,
	.setup = tr_setup,
	.worker = tr_worker,
	.teardown = tr_teardown,
	.role = tr_role,
};
