// SPDX-License-Identifier: GPL-2.0
/*
 * truncate_race - faulters read and write random pages of a tag file
 * through MAP_SHARED and their own MAP_PRIVATE mapping while a truncator
 * shrinks it (to a page boundary, or with size=odd into a page) and
 * regrows it part of the way, or punches holes, and refills. The
 * truncator logs each operation in a ring and brackets it with a
 * seqcount, so each access is judged against every state the file had
 * during that access. The model is in check_trunc.c and docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "check.h"

#define TR_BATCH	256
#define TR_TMPFS_MAGIC	0x01021994

enum { C_FAULTS, C_TRUNCATES, C_SIGBUS, C_OPS, C_EOF, C_LARGE, C_TAIL };
#define OPS(X)		X(M_TRUNCATE, "truncate") X(M_PUNCH, "punch") \
			X(M_MIXED, "mixed")
#define SIZE(X)		X(SZ_PAGE, "page") X(SZ_ODD, "odd")
#define THP(X)		X(THP_SYSTEM, "system") X(THP_MADVISE, "madvise") \
			X(THP_NEVER, "never")
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_SIGBUS, "sigbus") \
			X(INJ_NOSIGBUS, "nosigbus") X(INJ_STALE, "stale") \
			X(INJ_PRIVATE, "private") X(INJ_FINAL, "final") \
			X(INJ_ZERO, "zero") X(INJ_FILE, "file") \
			X(INJ_INDEX, "index") X(INJ_NEVER, "never") \
			X(INJ_TAIL, "tail") X(INJ_SURVIVED, "survived") \
			X(INJ_SEGV, "segv") X(INJ_SIZE, "size")
enum op { OPS(FL_ENUM_VALUE) };
enum size { SIZE(FL_ENUM_VALUE) };
enum thp { THP(FL_ENUM_VALUE) };
enum inject { INJECT(FL_ENUM_VALUE) };
enum { K_SREAD, K_SWRITE, K_PREAD, K_PWRITE };

static const char *const op_name[] = { "truncate", "extend", "punch", "fill" };

struct tr_shared {
	uint64_t seq __attribute__((aligned(64)));
	int live __attribute__((aligned(64)));
	uint64_t ring[TRC_RING] __attribute__((aligned(64)));
};

struct tr {
	int fd, mode, inject, thp;
	bool check, odd, shmem_large;
	uint64_t hold_ns;
	unsigned int fid;
	uint64_t pages;
	size_t len;
	char *sh;		/* MAP_SHARED, everyone's */
	struct tr_shared *s;
	uint64_t *done;		/* per page: last op on it (shared) */
};

static const struct fl_param tr_params[] = {
	{ "pages", FL_P_INT, "256", 1, TAG_MAX_PAGES - 1, NULL,
	  "pages in the file" },
	{ "op", FL_P_ENUM, "truncate", 0, 0, FL_ENUM_CHOICES(OPS),
	  "ftruncate shrink+regrow, fallocate punch+refill, or both" },
	{ "size", FL_P_ENUM, "page", 0, 0, FL_ENUM_CHOICES(SIZE),
	  "truncate to a page boundary, or to a size ending inside a page" },
	{ "hold_us", FL_P_INT, "50", 0, 100000, NULL,
	  "microseconds each truncated or punched state is held" },
	{ "thp", FL_P_ENUM, "system", 0, 0, FL_ENUM_CHOICES(THP),
	  "the system's THP policy, MADV_HUGEPAGE or MADV_NOHUGEPAGE" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the file (tmpfs, or a real filesystem)" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "judge every access (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const tr_counters[] = {
	"faults", "truncates", "sigbus", "ops", "eof_checks", "eof_large",
	"tail_checks", NULL
};

static void tr_hist(struct tr *m, struct trc_hist *h)
{
	h->ring = m->s->ring;
	h->done = m->done;
	h->now = seq_hi(seq_read(&m->s->seq));
	h->fid = m->fid;
	h->shmem_large = m->shmem_large;
}

/* A fill of page p older than op c, or -1. */
static int64_t tr_older_fill(const struct trc_hist *h, uint64_t p, int64_t c)
{
	int64_t k;

	for (k = c - 1; k >= 0 && c - k < TRC_RING / 4; k--) {
		uint64_t r = h->ring[k % TRC_RING];

		if (rec_type(r) == OP_FILL && rec_covers(r, p))
			return k;
	}
	return -1;
}

/* An op in [0, b] that never filled page p, or -1. */
static int64_t tr_not_fill(const struct trc_hist *h, uint64_t p, uint64_t b)
{
	int64_t k;

	for (k = b; k >= 0 && b - k < TRC_WALK; k--) {
		uint64_t r = h->ring[k % TRC_RING];

		if (rec_type(r) != OP_FILL || !rec_covers(r, p))
			return k;
	}
	return -1;
}

/*
 * FAULTLINE_INJECT: turn an access the model allows into one it does
 * not, in the state that message is about. True if x changed.
 */
static bool tr_inject(struct fl_task *t, struct tr *m,
		      const struct trc_hist *h, struct trc_access *x,
		      const struct trc_result *r, int kind)
{
	struct trc_access y = *x;
	struct trc_result ry;
	uint64_t p = x->page;
	int64_t k;
	int want;

	if (x->bus || r->verdict == TRC_OK_LARGE) {
		if (m->inject != INJ_NOSIGBUS || !x->bus || r->maxsz > p ||
		    !fl_inject(t))
			return false;
		x->bus = false;
		x->v = tag_make(m->fid ^ 0x40, p, 0);
		return true;
	}
	switch (m->inject) {
	case INJ_TAG:
		if (!x->v || kind != K_SREAD)
			return false;
		y.v ^= 1ULL << 58;
		want = TRC_BAD_CHECK;
		break;
	case INJ_SIGBUS:
		y.bus = true;
		want = TRC_SIGBUS_INSIDE;
		break;
	case INJ_STALE:
		if ((k = tr_older_fill(h, p, r->op)) < 0)
			return false;
		y.v = tag_make(m->fid, p, k);
		want = TRC_STALE;
		break;
	case INJ_ZERO:
		y.v = 0;
		want = TRC_ZERO;
		break;
	case INJ_FILE:
		y.v = tag_make(m->fid ^ 0x40, p, r->op);
		want = TRC_OTHER_FILE;
		break;
	case INJ_INDEX:
		y.v = tag_make(m->fid, p + 1, r->op);
		want = TRC_BAD_INDEX;
		break;
	case INJ_NEVER:
		if ((k = tr_not_fill(h, p, x->b)) < 0)
			return false;
		y.v = tag_make(m->fid, p, k);
		want = TRC_NEVER_WROTE;
		break;
	case INJ_TAIL:
		y.v = tag_make(m->fid, p, 0);
		want = TRC_TAIL_NOT_ZERO;
		break;
	default:
		return false;
	}
	/* only a value the model forbids, with that verdict */
	trc_judge(h, &y, &ry);
	if (ry.verdict != want || !fl_inject(t))
		return false;
	*x = y;
	return true;
}

/* Judge what the file itself showed: data x->v, or a SIGBUS. */
static void tr_check(struct fl_task *t, struct tr *m, struct trc_access *x,
		     int kind)
{
	struct trc_hist h;
	struct trc_result r;

	tr_hist(m, &h);
	trc_judge(&h, x, &r);
	if (r.verdict != TRC_SKIP && r.verdict <= TRC_OK_TAIL &&
	    tr_inject(t, m, &h, x, &r, kind))
		trc_judge(&h, x, &r);
	if (r.beyond)
		fl_inc(t, C_EOF);	/* a SIGBUS was mandatory */
	if (r.verdict == TRC_OK_LARGE)
		fl_inc(t, C_LARGE);
	if (r.verdict == TRC_OK_TAIL)
		fl_inc(t, C_TAIL);
	if (r.verdict <= TRC_OK_TAIL)
		return;
	if (r.verdict == TRC_STALE)
		fl_violation(t, x->page, r.expected, x->v,
			     "stale gen %llu: op %lld (%s) ended before the access (ops %llu..%llu)",
			     (unsigned long long)r.gen, (long long)r.op,
			     trc_type(&h, r.op) < 0 ? "?" :
			     op_name[trc_type(&h, r.op)],
			     (unsigned long long)x->a,
			     (unsigned long long)x->b);
	else if (r.verdict == TRC_SIGBUS_INSIDE ||
		 r.verdict == TRC_MISSING_SIGBUS)
		fl_violation(t, x->page, r.expected, x->v,
			     "%s (%llu..%llu pages) for all of ops %llu..%llu",
			     trc_what(r.verdict),
			     (unsigned long long)r.minsz,
			     (unsigned long long)r.maxsz,
			     (unsigned long long)x->a,
			     (unsigned long long)x->b);
	else
		fl_violation(t, x->page, r.expected, x->v,
			     "%s, word %u, op %lld, ops %llu..%llu",
			     trc_what(r.verdict), x->word, (long long)r.op,
			     (unsigned long long)x->a,
			     (unsigned long long)x->b);
}

/* Judge an access to the task's private mapping: data, or a SIGBUS. */
static void tr_check_priv(struct fl_task *t, struct tr *m,
			  struct trc_mine *mi, struct trc_access *x)
{
	struct trc_hist h;
	int r;

	if (!mi->tag) {
		tr_check(t, m, x, K_PREAD);
		return;
	}
	tr_hist(m, &h);
	r = trc_judge_priv(&h, mi, x->page, x->a, x->b, x->bus, x->v);
	if (m->inject == INJ_PRIVATE && r == TRP_OWN &&
	    trc_find_shrink(&h, x->page, mi->a, x->b) == SHRINK_NONE &&
	    fl_inject(t)) {
		x->v = tag_make(m->fid, x->page, 0);
		r = trc_judge_priv(&h, mi, x->page, x->a, x->b, x->bus, x->v);
	}
	if (m->inject == INJ_SURVIVED && r == TRP_GONE && !x->bus &&
	    trc_find_shrink(&h, x->page, mi->b, x->a) == SHRINK_FOUND &&
	    fl_inject(t)) {
		x->v = mi->tag;
		r = trc_judge_priv(&h, mi, x->page, x->a, x->b, x->bus, x->v);
	}
	switch (r) {
	case TRP_OWN:
		mi->a = x->a > mi->a ? x->a : mi->a;
		mi->b = x->a > mi->b ? x->a : mi->b;
		return;
	case TRP_GONE:
		mi->tag = 0;
		tr_check(t, m, x, K_PREAD);
		return;
	case TRP_SURVIVED:
		fl_violation(t, x->page, 0, x->v,
			     "%s after op %llu (ops %llu..%llu)",
			     trc_priv_what(r), (unsigned long long)mi->b,
			     (unsigned long long)x->a,
			     (unsigned long long)x->b);
		break;
	case TRP_LOST:
		fl_violation(t, x->page, mi->tag, x->bus ? 0 : x->v,
			     "%s%s, no truncate in ops %llu..%llu",
			     trc_priv_what(r), x->bus ? " (SIGBUS)" : "",
			     (unsigned long long)mi->a,
			     (unsigned long long)x->b);
		break;
	}
	mi->tag = 0;
}

struct tr_cur {			/* the access under way */
	uint64_t p, s0;
	int kind, i;
	unsigned int word;
};

static void tr_caught(struct fl_task *t, struct tr *m, struct trc_mine *mine,
		      volatile struct tr_cur *cur)
{
	uint64_t s1 = seq_reread(&m->s->seq);
	struct trc_access x = {
		.page = cur->p, .word = cur->word, .a = seq_lo(cur->s0),
		.b = seq_hi(s1), .bus = true,
	};

	fl_add(t, C_OPS, cur->i + 1);	/* the batch so far */
	if (tag_catch.sig != SIGBUS) {
		fl_violation(t, cur->p, 0, 0,
			     "SIGSEGV at %#lx inside the mapping",
			     (unsigned long)tag_catch.addr);
		return;
	}
	fl_inc(t, C_SIGBUS);
	if (!m->check)
		return;
	if (cur->kind >= K_PREAD)
		tr_check_priv(t, m, &mine[cur->p], &x);
	else
		tr_check(t, m, &x, cur->kind);
}

static void tr_advise(struct tr *m, void *a)
{
	if (m->thp == THP_MADVISE)
		madvise(a, m->len, MADV_HUGEPAGE);
	else if (m->thp == THP_NEVER)
		madvise(a, m->len, MADV_NOHUGEPAGE);
}

static int tr_faulter(struct fl_task *t)
{
	struct tr *m = t->ctx->priv;
	volatile struct tr_cur cur = { 0 };
	volatile uint64_t f0, wcount = 0;
	struct trc_mine *mine;
	uint64_t f;
	char *pv;
	int i;

	pv = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE, m->fd, 0);
	if (pv == MAP_FAILED)
		return -errno;
	tr_advise(m, pv);
	mine = calloc(m->pages, sizeof(*mine));
	if (!mine) {
		munmap(pv, m->len);
		return -ENOMEM;
	}
	tag_catch_install();
	f0 = tag_thread_faults();
	while (!fl_stopping(t)) {
		if (sigsetjmp(tag_catch.jb, 0)) {
			tr_caught(t, m, mine, &cur);
			continue;
		}
		for (i = 0; i < TR_BATCH; i++) {
			uint64_t r = fl_rand(&t->rng), s0, s1, v = 0;
			uint64_t p = r % m->pages;
			int kind = (r >> 32) & 3;
			char *pg = (kind < K_PREAD ? m->sh : pv) + p * TAG_PAGE;
			unsigned int word = 0;
			uint64_t *w;
			struct trc_access x;

			if (kind < K_PREAD)
				word = (r >> 40) % TAG_WORDS;
			w = (uint64_t *)pg + word;
			cur.p = p;
			cur.kind = kind;
			cur.i = i;
			cur.word = word;
			cur.s0 = s0 = m->check ? seq_read(&m->s->seq) : 0;
			tag_catch_arm(pg, TAG_PAGE);
			if (m->inject == INJ_SEGV && m->check && fl_inject(t)) {
				tag_catch.sig = SIGSEGV;
				tag_catch.addr = (uintptr_t)w;
				siglongjmp(tag_catch.jb, 1);
			}
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
				struct trc_mine *mi = &mine[p];

				mi->tag = v;
				mi->a = seq_lo(s0);
				mi->b = seq_hi(s1);
				continue;
			}
			x = (struct trc_access){
				.page = p, .word = word, .a = seq_lo(s0),
				.b = seq_hi(s1), .v = v,
			};
			if (kind == K_PREAD)
				tr_check_priv(t, m, &mine[p], &x);
			else
				tr_check(t, m, &x, kind);
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

	st.st_size = 0;
	if (fstat(m->fd, &st))
		st.st_size = -1;
	else if (m->inject == INJ_SIZE && fl_inject(t))
		st.st_size -= TAG_PAGE;
	if ((uint64_t)st.st_size != m->len) {
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
 * Log op k + 1 in the ring and in done[] of the pages it touches, then
 * make the seqcount odd: it has begun.
 */
static void tr_begin(struct tr *m, uint64_t k, uint64_t rec)
{
	uint64_t p;

	__atomic_store_n(&m->s->ring[(k + 1) % TRC_RING], rec,
			 __ATOMIC_RELAXED);
	for (p = rec_lo(rec); p < rec_hi(rec); p++)
		__atomic_store_n(&m->done[p], k + 1, __ATOMIC_RELAXED);
	if (rec_type(rec) == OP_SHRINK && rec_odd(rec))
		__atomic_store_n(&m->done[rec_size(rec) - 1], k + 1,
				 __ATOMIC_RELAXED);
	seq_bump(&m->s->seq);
}

/* Hold the state just made stable: accesses judged against it alone. */
static void tr_hold(struct tr *m)
{
	uint64_t end = fl_now_ns() + m->hold_ns;

	while (m->hold_ns && fl_now_ns() < end)
		;
}

/* Truncate to n pages (plus an odd tail), regrow to m pages; 0 or -errno. */
static int tr_shrink_extend(struct tr *m, uint64_t *k, uint64_t n,
			    uint64_t to, uint64_t cur)
{
	uint64_t *seq = &m->s->seq, full = n;
	off_t size = n * TAG_PAGE;
	int err = 0;

	if (n < cur) {
		if (m->odd) {
			size += trc_eof_off(*k + 1);
			full = n + 1;
		}
		tr_begin(m, (*k)++, rec_make(OP_SHRINK, full, m->pages, full,
					     m->odd));
		if (ftruncate(m->fd, size))
			err = -errno;
		seq_bump(seq);
		tr_hold(m);
	}
	tr_begin(m, (*k)++, rec_make(OP_EXTEND, full, to, to, false));
	if (ftruncate(m->fd, to * TAG_PAGE))
		err = -errno;
	seq_bump(seq);
	return err;
}

static int tr_truncator(struct fl_task *t)
{
	struct tr *m = t->ctx->priv;
	uint64_t *expect = calloc(m->pages, sizeof(*expect));
	uint64_t k = 0, P = m->pages, cur = P, *seq = &m->s->seq;
	int err = 0;

	if (!expect)
		return -ENOMEM;
	while (!err && !fl_stopping(t)) {
		bool punch = cur && (m->mode == M_PUNCH ||
				     (m->mode == M_MIXED && (fl_rand(&t->rng) & 1)));
		uint64_t lo = cur ? fl_rand(&t->rng) % cur : 0, hi;

		if (punch) {
			hi = lo + 1 + fl_rand(&t->rng) % (cur - lo);
			tr_begin(m, k++,
				 rec_make(OP_PUNCH, lo, hi, cur, false));
			if (fallocate(m->fd, FALLOC_FL_PUNCH_HOLE |
				      FALLOC_FL_KEEP_SIZE, lo * TAG_PAGE,
				      (hi - lo) * TAG_PAGE))
				err = -errno;
			seq_bump(seq);
		} else {
			/* one in two regrows part of the way: [hi, P) stays
			 * beyond EOF, and accesses there must SIGBUS */
			hi = fl_rand(&t->rng) % 2 ? P :
			     lo + 1 + fl_rand(&t->rng) % (P - lo);
			err = tr_shrink_extend(m, &k, lo, hi, cur);
			cur = hi;
		}
		fl_inc(t, C_TRUNCATES);
		tr_hold(m);
		tr_begin(m, k++, rec_make(OP_FILL, lo, hi, cur, false));
		if (!err)
			tr_fill(m, lo, hi, k, expect);
		seq_bump(seq);
	}
	if (!err && cur < P) {		/* end at the full size, filled */
		err = tr_shrink_extend(m, &k, cur, P, cur);
		tr_begin(m, k++, rec_make(OP_FILL, cur, P, P, false));
		if (!err)
			tr_fill(m, cur, P, k, expect);
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

/* The huge= option of the tmpfs mount holding dir, or "" if none. */
static void tr_huge_opt(const char *dir, char *opt, size_t len)
{
	char real[PATH_MAX], line[4096], best[PATH_MAX] = "";
	FILE *f = fopen("/proc/self/mountinfo", "r");

	opt[0] = '\0';
	if (!f || !realpath(dir, real)) {
		if (f)
			fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX], *sep = strstr(line, " - "), *h;
		size_t n;

		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		n = strlen(mnt);
		if (strncmp(real, mnt, n) || (real[n] && real[n] != '/' &&
					      n > 1) || n < strlen(best))
			continue;
		snprintf(best, sizeof(best), "%s", mnt);
		h = strstr(sep, "huge=");
		snprintf(opt, len, "%.*s", h ? (int)strcspn(h + 5, ", \n") : 0,
			 h ? h + 5 : "");
	}
	fclose(f);
}

/*
 * Which EOF rule applies. shmem may keep a large folio mapped across EOF
 * (filemap_map_pages() makes it the one exception to SIGBUS beyond EOF),
 * so on tmpfs that can hold large folios data is allowed beyond EOF
 * within the PMD-sized block of the last page. Everything else must
 * SIGBUS. The rule is recorded in the case's reason.
 */
static void tr_eof_rule(struct fl_ctx *ctx, struct tr *m, const char *dir)
{
	char huge[32], sys[128] = "";
	struct statfs sf;
	FILE *f;

	if (fstatfs(m->fd, &sf) || sf.f_type != TR_TMPFS_MAGIC) {
		fl_reason(ctx, "EOF rule: SIGBUS beyond EOF (not shmem)");
		return;
	}
	tr_huge_opt(dir, huge, sizeof(huge));
	f = fopen("/sys/kernel/mm/transparent_hugepage/shmem_enabled", "r");
	if (f) {
		if (!fgets(sys, sizeof(sys), f))
			sys[0] = '\0';
		fclose(f);
	}
	m->shmem_large = (huge[0] && strcmp(huge, "never") &&
			  (strcmp(huge, "advise") || m->thp == THP_MADVISE)) ||
			 strstr(sys, "[force]");
	if (strstr(sys, "[deny]"))
		m->shmem_large = false;
	fl_reason(ctx, "EOF rule: %s (tmpfs huge=%s)",
		  m->shmem_large ?
		  "shmem large folios may stay mapped across EOF" :
		  "SIGBUS beyond EOF, no shmem large folios",
		  huge[0] ? huge : "never");
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
	m->mode = fl_param_enum(ctx, "op");
	m->odd = fl_param_enum(ctx, "size") == SZ_ODD;
	m->thp = fl_param_enum(ctx, "thp");
	m->check = fl_param_int(ctx, "check");
	m->hold_ns = fl_param_int(ctx, "hold_us") * 1000ULL;
	m->inject = fl_param_enum(ctx, "inject");
	m->fid = tag_file_id(ctx->seed, 0);
	ctx->nr_extra = 1;
	m->fd = fl_tmpfile(dir, m->len);
	if (m->fd < 0) {
		err = m->fd;
		fl_reason(ctx, "cannot create a file in %s: %s", dir,
			  strerror(-err));
		goto fail;
	}
	if (m->mode != M_TRUNCATE && fallocate(m->fd, FALLOC_FL_PUNCH_HOLE |
				 FALLOC_FL_KEEP_SIZE, 0, TAG_PAGE)) {
		err = errno == EOPNOTSUPP ? FL_SKIP : -errno;
		fl_reason(ctx, "%s cannot punch holes", dir);
		goto fail;
	}
	err = tag_fill_fd(m->fd, m->fid, m->pages, 0);
	if (err)
		goto fail;
	tr_eof_rule(ctx, m, dir);
	a = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->sh = a;
	tr_advise(m, a);
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
	m->s->ring[0] = rec_make(OP_FILL, 0, m->pages, m->pages, false);
	return 0;
fail:
	tr_teardown(ctx);
	return err;
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
	.roles = { "faulter", "truncator" },
};
