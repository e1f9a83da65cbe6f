// SPDX-License-Identifier: GPL-2.0
/*
 * mapfixed_race - reader threads fault and read random pages of a region
 * while remapper threads replace it with mmap(MAP_FIXED) of other tag
 * files (or anonymous memory). With RCU VMA lookup and per-VMA locks a
 * reader may see the old or the new mapping only until the mmap() that
 * replaces it returns. Each remapper owns one slice of the region and
 * publishes its mapping generations in a seqcount. The model is in
 * docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tag.h"

#define MF_HIST		1024	/* mapping states remembered per slice */
#define MF_BATCH	256	/* reads between stop checks */
#define MF_MAX_FILES	16
#define MF_ANON		0xff	/* "file" index of an anonymous mapping */

enum { C_REMAPS, C_FAULTS, C_OPS };
enum { INJ_TAG, INJ_STALE, INJ_SIGNAL, INJ_MMAP, INJ_WILD };

/*
 * One mapping state of a slice, in one u64: page q of the slice shows
 * file fa, or fb in odd chunks of `chunk` pages (the span= build).
 */
static inline uint64_t st_make(unsigned int fa, unsigned int fb,
			       uint64_t chunk)
{
	return fa | fb << 8 | chunk << 16;
}

static inline unsigned int st_file(uint64_t st, uint64_t q)
{
	unsigned int fa = st & 0xff, fb = (st >> 8) & 0xff;

	if (fa == fb)		/* one file: no division on the hot path */
		return fa;
	return ((q / (st >> 16)) & 1) ? fb : fa;
}

struct mf_slice {
	uint64_t seq __attribute__((aligned(64)));
	uint64_t first, npages;
	uint64_t hist[MF_HIST] __attribute__((aligned(64)));
};

struct mf {
	char *region;
	char *wild;		/* a PROT_NONE page outside the region */
	size_t len;
	uint64_t pages;
	int nfiles, nslices, span, inject;
	bool shared, anon, check;
	int fd[MF_MAX_FILES];
	unsigned int fid[MF_MAX_FILES];
	struct mf_slice *sl;
};

static const struct fl_param mf_params[] = {
	{ "pages", FL_P_INT, "256", 1, TAG_MAX_PAGES, NULL,
	  "pages in the region" },
	{ "files", FL_P_INT, "3", 2, MF_MAX_FILES, NULL,
	  "tag files to map in turn" },
	{ "remappers", FL_P_INT, "1", 1, 64, NULL,
	  "remapper tasks, each owning one slice of the region" },
	{ "map", FL_P_ENUM, "shared", 0, 0, "shared|private",
	  "how files are mapped" },
	{ "anon", FL_P_BOOL, "0", 0, 0, NULL,
	  "also replace with anonymous memory, partly written" },
	{ "span", FL_P_INT, "0", 0, 4096, NULL,
	  "build this many small VMAs, then replace them with one" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the tag files" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "check what readers see (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, "tag|stale|signal|mmap|wild",
	  "FAULTLINE_INJECT: which observation to corrupt (wild: fault outside)" },
	{ .name = NULL }
};

static const char *const mf_counters[] = {
	"remaps", "reader_faults", "reader_ops", NULL
};

static struct mf_slice *slice_of(struct mf *m, uint64_t p)
{
	uint64_t sp, i;

	if (m->nslices == 1)
		return m->sl;
	sp = m->pages / m->nslices;
	i = p / sp;

	return &m->sl[i < (uint64_t)m->nslices ? i : (uint64_t)m->nslices - 1];
}

static uint64_t mf_tag(struct mf *m, unsigned int f, uint64_t p, uint64_t g)
{
	return f == MF_ANON ? tag_make(TAG_ANON, p, g) :
			      tag_make(m->fid[f], p, 0);
}

/* Does page p of slice s show v in mapping state g? */
static bool mf_allowed(struct mf *m, struct mf_slice *s, uint64_t p,
		       uint64_t g, uint64_t v)
{
	uint64_t st = __atomic_load_n(&s->hist[g % MF_HIST], __ATOMIC_RELAXED);
	unsigned int f = st_file(st, p - s->first);

	if (f == MF_ANON)
		return v == 0 || v == tag_make(TAG_ANON, p, g);
	return v == tag_make(m->fid[f], p, 0);
}

static void mf_report(struct fl_task *t, struct mf *m, struct mf_slice *s,
		      uint64_t p, uint64_t lo, uint64_t hi, uint64_t v)
{
	uint64_t st = __atomic_load_n(&s->hist[hi % MF_HIST], __ATOMIC_RELAXED);
	uint64_t want = mf_tag(m, st_file(st, p - s->first), p, hi);
	uint64_t g;
	int f;

	if (!v) {
		fl_violation(t, p, want, v, "zero page, file mapped in gens %llu..%llu",
			     (unsigned long long)lo, (unsigned long long)hi);
		return;
	}
	if (!tag_ok(v)) {
		fl_violation(t, p, want, v, "bad check bits, gens %llu..%llu",
			     (unsigned long long)lo, (unsigned long long)hi);
		return;
	}
	if (tag_idx(v) != (p & (TAG_MAX_PAGES - 1))) {
		fl_violation(t, p, want, v, "page index %llu, gens %llu..%llu",
			     (unsigned long long)tag_idx(v),
			     (unsigned long long)lo, (unsigned long long)hi);
		return;
	}
	for (g = lo; g > 0 && lo - g < 8; g--)
		if (mf_allowed(m, s, p, g - 1, v)) {
			fl_violation(t, p, want, v,
				     "stale: gen %llu content after mmap(MAP_FIXED) of gen %llu returned (seen in %llu..%llu)",
				     (unsigned long long)g - 1,
				     (unsigned long long)g,
				     (unsigned long long)lo,
				     (unsigned long long)hi);
			return;
		}
	for (f = 0; f < m->nfiles; f++)
		if (tag_file(v) == m->fid[f])
			break;
	fl_violation(t, p, want, v, "%s file id %#x, gens %llu..%llu",
		     f < m->nfiles ? "retired" :
		     tag_file(v) == TAG_ANON ? "other anon gen," : "foreign",
		     tag_file(v), (unsigned long long)lo,
		     (unsigned long long)hi);
}

/* A SIGSEGV or SIGBUS inside the region is never allowed. */
static void mf_report_sig(struct fl_task *t, struct mf *m, uint64_t p,
			  uint64_t s0)
{
	struct mf_slice *s = slice_of(m, p);
	uint64_t lo = seq_lo(s0), hi = seq_hi(seq_reread(&s->seq));
	uint64_t st = __atomic_load_n(&s->hist[hi % MF_HIST], __ATOMIC_RELAXED);

	fl_violation(t, p, mf_tag(m, st_file(st, p - s->first), p, hi), 0,
		     "%s at %#lx inside the mapped range, gens %llu..%llu",
		     tag_catch.sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		     (unsigned long)tag_catch.addr, (unsigned long long)lo,
		     (unsigned long long)hi);
}

static void mf_judge(struct fl_task *t, struct mf *m, struct mf_slice *s,
		     uint64_t p, uint64_t s0, uint64_t s1, uint64_t v)
{
	uint64_t lo = seq_lo(s0), hi = seq_hi(s1), g;

	if (m->inject == INJ_TAG && fl_inject(t))
		v ^= 1ULL << 58;
	/* what page p showed in the state before the interval */
	if (m->inject == INJ_STALE && lo > 0 && hi - lo < MF_HIST / 2) {
		uint64_t old = __atomic_load_n(&s->hist[(lo - 1) % MF_HIST],
					       __ATOMIC_RELAXED);
		uint64_t ov = mf_tag(m, st_file(old, p - s->first), p, lo - 1);

		for (g = lo; g <= hi; g++)
			if (mf_allowed(m, s, p, g, ov))
				break;
		if (g > hi && fl_inject(t))
			v = ov;
	}
	if (hi - lo >= MF_HIST / 2)
		return;		/* stalled for too long to judge */
	for (g = lo; g <= hi; g++)
		if (mf_allowed(m, s, p, g, v))
			return;
	if (seq_lo(seq_read(&s->seq)) - lo >= MF_HIST / 2)
		return;		/* history overwritten meanwhile */
	mf_report(t, m, s, p, lo, hi, v);
}

static int mf_reader(struct fl_task *t)
{
	struct mf *m = t->ctx->priv;
	volatile uint64_t cur_p = 0, cur_s0 = 0, f0;
	uint64_t f;
	int i;

	if (m->check)
		tag_catch_install();
	f0 = tag_thread_faults();
	while (!fl_stopping(t)) {
		if (m->check) {
			if (sigsetjmp(tag_catch.jb, 0)) {
				mf_report_sig(t, m, cur_p, cur_s0);
				continue;
			}
			tag_catch_arm(m->region, m->len);
		}
		for (i = 0; i < MF_BATCH; i++) {
			uint64_t r = fl_rand(&t->rng), s0, s1, v;
			uint64_t p = r % m->pages;
			char *a = m->region + p * TAG_PAGE +
				  ((r >> 40) % TAG_WORDS) * 8;
			struct mf_slice *s;

			if (!m->check) {
				(void)tag_load(a);
				continue;
			}
			s = slice_of(m, p);
			cur_p = p;
			cur_s0 = s0 = seq_read(&s->seq);
			if (m->inject == INJ_WILD && fl_inject(t))
				(void)tag_load(m->wild);	/* must crash */
			if (m->inject == INJ_SIGNAL && fl_inject(t)) {
				tag_catch.sig = SIGSEGV;
				tag_catch.addr = (uintptr_t)a;
				siglongjmp(tag_catch.jb, 1);
			}
			v = tag_load(a);
			s1 = seq_reread(&s->seq);
			mf_judge(t, m, s, p, s0, s1, v);
		}
		tag_catch_disarm();
		fl_add(t, C_OPS, MF_BATCH);
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
	}
	tag_catch_disarm();
	return 0;
}

/* Map state st over slice s; writes part of an anonymous mapping. */
static int mf_map(struct fl_task *t, struct mf *m, struct mf_slice *s,
		  uint64_t st, uint64_t g)
{
	uint64_t chunk = st >> 16, off, q;
	int fl = m->shared ? MAP_SHARED : MAP_PRIVATE;

	for (off = 0; off < s->npages; off += chunk) {
		uint64_t n = s->npages - off < chunk ? s->npages - off : chunk;
		uint64_t p = s->first + off;
		unsigned int f = st_file(st, off);
		char *want = m->region + p * TAG_PAGE;
		char *got;

		if (f == MF_ANON)
			got = mmap(want, n * TAG_PAGE, PROT_READ | PROT_WRITE,
				   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		else
			got = mmap(want, n * TAG_PAGE, PROT_READ,
				   MAP_FIXED | fl, m->fd[f], p * TAG_PAGE);
		if (got == MAP_FAILED)
			return -errno;
		fl_inc(t, C_REMAPS);
		if (m->check && m->inject == INJ_MMAP && fl_inject(t))
			got = want + TAG_PAGE;
		if (got != want) {
			fl_violation(t, p, (uintptr_t)want, (uintptr_t)got,
				     "mmap(MAP_FIXED) returned %p, asked %p",
				     got, want);
			if (got != want + TAG_PAGE)
				return -EFAULT;
		}
		if (f != MF_ANON)
			continue;
		for (q = 0; q < n; q++)
			if ((fl_rand(&t->rng) & 3) == 0)
				tag_fill(want + q * TAG_PAGE,
					 tag_make(TAG_ANON, p + q, g));
	}
	return 0;
}

static int mf_remapper(struct fl_task *t)
{
	struct mf *m = t->ctx->priv;
	struct mf_slice *s = &m->sl[t->id - t->ctx->nr_tasks];
	uint64_t g = 0, cur = s->hist[0], next;
	int nt = m->nfiles + m->anon, err;

	while (!fl_stopping(t)) {
		unsigned int fa = fl_rand(&t->rng) % nt, fb;

		if (fa == (unsigned int)m->nfiles)
			fa = MF_ANON;
		if (m->span && !(g & 1)) {
			fa = fl_rand(&t->rng) % m->nfiles;
			fb = (fa + 1 + fl_rand(&t->rng) % (m->nfiles - 1)) %
			     m->nfiles;
			next = st_make(fa, fb, s->npages / m->span ?
					       s->npages / m->span : 1);
		} else {
			if (fa != MF_ANON && cur == st_make(fa, fa, s->npages))
				fa = (fa + 1) % m->nfiles;
			next = st_make(fa, fa, s->npages);
		}
		__atomic_store_n(&s->hist[(g + 1) % MF_HIST], next,
				 __ATOMIC_RELAXED);
		seq_bump(&s->seq);
		err = mf_map(t, m, s, next, g + 1);
		seq_bump(&s->seq);
		if (err)
			return err;
		cur = next;
		g++;
	}
	return 0;
}

static int mf_worker(struct fl_task *t)
{
	if (t->id >= t->ctx->nr_tasks)
		return mf_remapper(t);
	return mf_reader(t);
}

static void mf_teardown(struct fl_ctx *ctx)
{
	struct mf *m = ctx->priv;
	int i;

	if (!m)
		return;
	if (m->region)
		munmap(m->region, m->len);
	if (m->wild)
		munmap(m->wild, TAG_PAGE);
	for (i = 0; i < m->nfiles; i++)
		if (m->fd[i] >= 0)
			close(m->fd[i]);
	free(m->sl);
	free(m);
	ctx->priv = NULL;
}

static int mf_setup(struct fl_ctx *ctx)
{
	struct mf *m = calloc(1, sizeof(*m));
	int i, r = fl_param_int(ctx, "remappers"), err;
	uint64_t sp;
	void *a;

	if (ctx->processes) {
		fl_reason(ctx, "threads only: readers must share the remapper's mm");
		free(m);
		return FL_SKIP;
	}
	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->pages = fl_param_int(ctx, "pages");
	m->nfiles = fl_param_int(ctx, "files");
	m->shared = !strcmp(fl_param_str(ctx, "map"), "shared");
	m->anon = fl_param_int(ctx, "anon");
	m->span = fl_param_int(ctx, "span");
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_int(ctx, "inject");
	m->len = m->pages * TAG_PAGE;
	for (i = 0; i < MF_MAX_FILES; i++)
		m->fd[i] = -1;
	if ((uint64_t)r > m->pages) {
		fl_reason(ctx, "remappers=%d exceeds pages=%llu", r,
			  (unsigned long long)m->pages);
		err = -EINVAL;
		goto fail;
	}
	m->nslices = r;
	ctx->nr_extra = r;
	m->sl = aligned_alloc(64, sizeof(*m->sl) * r);
	if (!m->sl) {
		err = -ENOMEM;
		goto fail;
	}
	memset(m->sl, 0, sizeof(*m->sl) * r);
	sp = m->pages / r;
	for (i = 0; i < r; i++) {
		m->sl[i].first = i * sp;
		m->sl[i].npages = i == r - 1 ? m->pages - i * sp : sp;
		m->sl[i].hist[0] = st_make(0, 0, m->sl[i].npages);
	}
	for (i = 0; i < m->nfiles; i++) {
		m->fid[i] = tag_file_id(ctx->seed, i);
		m->fd[i] = fl_tmpfile(fl_param_str(ctx, "dir"), m->len);
		if (m->fd[i] < 0) {
			err = m->fd[i];
			fl_reason(ctx, "cannot create a file in %s: %s",
				  fl_param_str(ctx, "dir"), strerror(-err));
			goto fail;
		}
		err = tag_fill_fd(m->fd[i], m->fid[i], m->pages, 0);
		if (err) {
			fl_reason(ctx, "cannot fill a tag file: %s",
				  strerror(-err));
			goto fail;
		}
	}
	a = mmap(NULL, m->len, PROT_READ,
		 m->shared ? MAP_SHARED : MAP_PRIVATE, m->fd[0], 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->region = a;
	a = mmap(NULL, TAG_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->wild = a;
	return 0;
fail:
	mf_teardown(ctx);
	return err;
}

static const char *mf_role(const struct fl_ctx *ctx, int id)
{
	return id >= ctx->nr_tasks ? "remapper" : "reader";
}

const struct fl_workload wl_mapfixed_race = {
	.name = "mapfixed_race",
	.desc = "readers fault a region while remappers mmap(MAP_FIXED) other files over it",
	.kind = FL_RACE,
	.params = mf_params,
	.counters = mf_counters,
	.threads_only = true,
	.setup = mf_setup,
	.worker = mf_worker,
	.teardown = mf_teardown,
	.role = mf_role,
};
