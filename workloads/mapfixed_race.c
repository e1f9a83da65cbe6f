// SPDX-License-Identifier: GPL-2.0
/*
 * mapfixed_race - reader threads fault, read and (access=write|rw) write
 * random pages of a region while remapper threads replace it with
 * mmap(MAP_FIXED) of other tag files (or anonymous memory). With RCU VMA
 * lookup and per-VMA locks a reader may see the old or the new mapping
 * only until the mmap() that replaces it returns. Each remapper owns one
 * slice of the region and publishes its mapping generations in a
 * seqcount. A write is a compare-and-swap of the value just read, so it
 * lands only in the page it read; at the end every file must hold only
 * its own tags. The model is in check_mapfixed.c and docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define MF_BATCH	256	/* reads between stop checks */
#define MF_MAX_FILES	16

enum { C_REMAPS, C_FAULTS, C_OPS, C_WRITES };
#define MAP(X)		X(MAP_S, "shared") X(MAP_P, "private")
#define ACCESS(X)	X(A_READ, "read") X(A_WRITE, "write") X(A_RW, "rw")
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_STALE, "stale") \
			X(INJ_SIGNAL, "signal") X(INJ_MMAP, "mmap") \
			X(INJ_WILD, "wild") X(INJ_ZERO, "zero") \
			X(INJ_INDEX, "index") X(INJ_RETIRED, "retired") \
			X(INJ_FOREIGN, "foreign") X(INJ_ANON, "anon") \
			X(INJ_LANDED, "landed")
enum map { MAP(FL_ENUM_VALUE) };
enum access { ACCESS(FL_ENUM_VALUE) };
enum inject { INJECT(FL_ENUM_VALUE) };

struct mf_slice {
	uint64_t seq __attribute__((aligned(64)));
	uint64_t first, npages;
	uint64_t hist[MFC_HIST] __attribute__((aligned(64)));
};

struct mf {
	char *region;
	char *wild;		/* a PROT_NONE page outside the region */
	size_t len;
	uint64_t pages;
	int nfiles, nslices, span, inject, access, prot, live;
	bool shared, anon, check;
	int fd[MF_MAX_FILES];
	unsigned int fid[MF_MAX_FILES];
	int *reader_cpu;	/* each reader's CPU, -2 until known */
	struct mf_slice *sl;
};

static const struct fl_param mf_params[] = {
	{ "pages", FL_P_INT, "256", 1, TAG_MAX_PAGES, NULL,
	  "pages in the region" },
	{ "files", FL_P_INT, "3", 2, MF_MAX_FILES, NULL,
	  "tag files to map in turn" },
	{ "remappers", FL_P_INT, "1", 1, 64, NULL,
	  "remapper tasks, each owning one slice of the region" },
	{ "map", FL_P_ENUM, "shared", 0, 0, FL_ENUM_CHOICES(MAP),
	  "how files are mapped" },
	{ "anon", FL_P_BOOL, "0", 0, 0, NULL,
	  "also replace with anonymous memory, partly written" },
	{ "span", FL_P_INT, "0", 0, 4096, NULL,
	  "build this many small VMAs, then replace them with one" },
	{ "access", FL_P_ENUM, "read", 0, 0, FL_ENUM_CHOICES(ACCESS),
	  "readers load, compare-and-swap the word they read, or both" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the tag files" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "check what readers see (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt (wild: fault outside)" },
	{ .name = NULL }
};

static const char *const mf_counters[] = {
	"remaps", "reader_faults", "reader_ops", "writes", NULL
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

static void mf_hist(struct mf *m, struct mf_slice *s, struct mfc_hist *h)
{
	h->hist = s->hist;
	h->first = s->first;
	h->fid = m->fid;
	h->nfiles = m->nfiles;
	h->any_gen = m->access != A_READ;
}

/* A value the model forbids with verdict `want`, or 0 if none found. */
static uint64_t mf_bad_value(struct mf *m, const struct mfc_hist *h,
			     uint64_t p, uint64_t lo, uint64_t hi, int want)
{
	uint64_t cv[MF_MAX_FILES + 2];
	int n = 0, i;

	switch (want) {
	case MFC_ZERO:
		cv[n++] = 0;
		break;
	case MFC_BAD_INDEX:
		cv[n++] = tag_make(m->fid[0], p + 1, 0);
		break;
	case MFC_RETIRED:
		for (i = 0; i < m->nfiles; i++)
			cv[n++] = tag_make(m->fid[i], p, 0);
		break;
	case MFC_FOREIGN:
		cv[n++] = tag_make(0x7f, p, 0);
		break;
	case MFC_OTHER_ANON:
		cv[n++] = tag_make(TAG_ANON, p, hi + MFC_HIST / 2);
		break;
	}
	for (i = 0; i < n; i++)
		if (mfc_judge(h, p, lo, hi, cv[i], NULL) == want)
			return cv[i] ? cv[i] : 1;
	return 0;
}

/* FAULTLINE_INJECT: make v a value the model forbids, if one exists. */
static uint64_t mf_inject(struct fl_task *t, struct mf *m,
			  const struct mfc_hist *h, uint64_t p, uint64_t lo,
			  uint64_t hi, uint64_t v)
{
	static const int want[] = {
		[INJ_ZERO] = MFC_ZERO, [INJ_INDEX] = MFC_BAD_INDEX,
		[INJ_RETIRED] = MFC_RETIRED, [INJ_FOREIGN] = MFC_FOREIGN,
		[INJ_ANON] = MFC_OTHER_ANON,
	};
	uint64_t g, ov;

	switch (m->inject) {
	case INJ_TAG:
		return fl_inject(t) ? v ^ 1ULL << 58 : v;
	case INJ_STALE:		/* page p before the window */
		if (lo == 0 || hi - lo >= MFC_HIST / 2)
			return v;
		ov = mfc_expect(h, p, lo - 1);
		for (g = lo; g <= hi; g++)
			if (mfc_judge(h, p, g, g, ov, NULL) == MFC_OK)
				return v;
		return fl_inject(t) ? ov : v;
	case INJ_ZERO: case INJ_INDEX: case INJ_RETIRED: case INJ_FOREIGN:
	case INJ_ANON:
		ov = mf_bad_value(m, h, p, lo, hi, want[m->inject]);
		if (!ov || !fl_inject(t))
			return v;
		return ov == 1 ? 0 : ov;
	}
	return v;
}

static void mf_report(struct fl_task *t, struct mf *m, struct mf_slice *s,
		      const struct mfc_hist *h, uint64_t p, uint64_t lo,
		      uint64_t hi, uint64_t v, int r, uint64_t g)
{
	uint64_t want = mfc_expect(h, p, hi);

	if (r == MFC_STALE)
		fl_violation(t, p, want, v,
			     "stale: gen %llu content after mmap(MAP_FIXED) of gen %llu returned (seen in %llu..%llu)",
			     (unsigned long long)g, (unsigned long long)g + 1,
			     (unsigned long long)lo, (unsigned long long)hi);
	else if (r >= MFC_RETIRED)
		fl_violation(t, p, want, v, "%s id %#x, gens %llu..%llu",
			     mfc_what(r), tag_file(v), (unsigned long long)lo,
			     (unsigned long long)hi);
	else
		fl_violation(t, p, want, v, "%s, gens %llu..%llu",
			     mfc_what(r), (unsigned long long)lo,
			     (unsigned long long)hi);
}

/* A SIGSEGV or SIGBUS inside the region is never allowed. */
static void mf_report_sig(struct fl_task *t, struct mf *m, uint64_t p,
			  uint64_t s0)
{
	struct mf_slice *s = slice_of(m, p);
	uint64_t lo = seq_lo(s0), hi = seq_hi(seq_reread(&s->seq));
	struct mfc_hist h;

	mf_hist(m, s, &h);
	fl_violation(t, p, mfc_expect(&h, p, hi), 0,
		     "%s at %#lx inside the mapped range, gens %llu..%llu",
		     tag_catch.sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		     (unsigned long)tag_catch.addr, (unsigned long long)lo,
		     (unsigned long long)hi);
}

static void mf_judge(struct fl_task *t, struct mf *m, struct mf_slice *s,
		     uint64_t p, uint64_t s0, uint64_t s1, uint64_t v)
{
	uint64_t lo = seq_lo(s0), hi = seq_hi(s1), g = 0;
	struct mfc_hist h;
	int r;

	mf_hist(m, s, &h);
	if (m->inject != INJ_LANDED && m->inject != INJ_SIGNAL &&
	    m->inject != INJ_MMAP && m->inject != INJ_WILD)
		v = mf_inject(t, m, &h, p, lo, hi, v);
	if (hi - lo >= MFC_HIST / 2)
		return;		/* stalled for too long to judge */
	r = mfc_judge(&h, p, lo, hi, v, &g);
	if (r == MFC_OK)
		return;
	if (seq_lo(seq_read(&s->seq)) - lo >= MFC_HIST / 2)
		return;		/* history overwritten meanwhile */
	mf_report(t, m, s, &h, p, lo, hi, v, r, g);
}

/* Write: swap the word just read for its next generation, if a file's. */
static void mf_write(struct fl_task *t, struct mf *m, uint64_t *a, uint64_t v)
{
	uint64_t nv;
	int f;

	if (!tag_ok(v) || tag_file(v) == TAG_ANON)
		return;
	for (f = 0; f < m->nfiles; f++)
		if (tag_file(v) == m->fid[f])
			break;
	if (f == m->nfiles)
		return;
	nv = tag_make(tag_file(v), tag_idx(v), tag_gen(v) + 1);
	if (__atomic_compare_exchange_n(a, &v, nv, false, __ATOMIC_RELAXED,
					__ATOMIC_RELAXED))
		fl_inc(t, C_WRITES);
}

static int mf_reader(struct fl_task *t)
{
	struct mf *m = t->ctx->priv;
	volatile uint64_t cur_p = 0, cur_s0 = 0, f0;
	uint64_t f;
	int i;

	__atomic_store_n(&m->reader_cpu[t->id], t->cpu, __ATOMIC_RELEASE);
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
			uint64_t *a = (uint64_t *)(m->region + p * TAG_PAGE) +
				      (r >> 40) % TAG_WORDS;
			bool wr = m->access == A_WRITE ||
				  (m->access == A_RW && (r >> 39) & 1);
			struct mf_slice *s;

			if (!m->check) {
				v = tag_load(a);
				if (wr)
					mf_write(t, m, a, v);
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
			if (wr)
				mf_write(t, m, a, v);
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

		if (f == MFC_ANON)
			got = mmap(want, n * TAG_PAGE, PROT_READ | PROT_WRITE,
				   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		else
			got = mmap(want, n * TAG_PAGE, m->prot,
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
		if (f != MFC_ANON)
			continue;
		for (q = 0; q < n; q++)
			if ((fl_rand(&t->rng) & 3) == 0)
				tag_fill(want + q * TAG_PAGE,
					 tag_make(TAG_ANON, p + q, g));
	}
	return 0;
}

/*
 * Move the remapper to a CPU no reader uses, when there is one, so that
 * no reader shares its CPU with the thread that replaces its mapping.
 */
static bool mf_cpu_free(const struct mf *m, int nr, int c)
{
	int i;

	for (i = 0; i < nr; i++)
		if (m->reader_cpu[i] == c || m->reader_cpu[i] < 0)
			return false;	/* a reader there, or unknown */
	return true;
}

static void mf_own_cpu(struct fl_task *t, struct mf *m, int r)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t end = fl_now_ns() + 200000000ULL;
	int i, c, nr = t->ctx->nr_tasks, nfree = 0;
	cpu_set_t set;

	if (ncpu <= 0 || ncpu > CPU_SETSIZE)
		return;
	for (i = 0; i < nr; i++)
		while (__atomic_load_n(&m->reader_cpu[i], __ATOMIC_ACQUIRE) ==
		       -2 && fl_now_ns() < end && !fl_stopping(t))
			sched_yield();
	for (c = 0; c < ncpu; c++)
		nfree += mf_cpu_free(m, nr, c);
	if (!nfree)
		return;		/* as many readers as CPUs: share */
	i = r % nfree;		/* remapper r takes free CPU r, cyclically */
	for (c = 0; c < ncpu; c++)
		if (mf_cpu_free(m, nr, c) && !i--)
			break;
	CPU_ZERO(&set);
	CPU_SET(c, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int mf_remapper(struct fl_task *t)
{
	struct mf *m = t->ctx->priv;
	int r = t->id - t->ctx->nr_tasks;
	struct mf_slice *s = &m->sl[r];
	uint64_t g = 0, cur = s->hist[0], next;
	int nt = m->nfiles + m->anon, err;

	mf_own_cpu(t, m, r);
	while (!fl_stopping(t)) {
		unsigned int fa = fl_rand(&t->rng) % nt, fb;

		if (fa == (unsigned int)m->nfiles)
			fa = MFC_ANON;
		if (m->span && !(g & 1)) {
			fa = fl_rand(&t->rng) % m->nfiles;
			fb = (fa + 1 + fl_rand(&t->rng) % (m->nfiles - 1)) %
			     m->nfiles;
			next = st_make(fa, fb, s->npages / m->span ?
					       s->npages / m->span : 1);
		} else {
			if (fa != MFC_ANON && cur == st_make(fa, fa, s->npages))
				fa = (fa + 1) % m->nfiles;
			next = st_make(fa, fa, s->npages);
		}
		__atomic_store_n(&s->hist[(g + 1) % MFC_HIST], next,
				 __ATOMIC_RELAXED);
		seq_bump(&s->seq);
		err = mf_map(t, m, s, next, g + 1);
		seq_bump(&s->seq);
		if (err)
			return err;
		cur = next;
		g++;
		/*
		 * The stale and retired injections need a reader whose window
		 * misses a file: give them stable windows now and then.
		 */
		if ((m->inject == INJ_STALE || m->inject == INJ_RETIRED) &&
		    !(g & 63))
			usleep(200);
	}
	return 0;
}

/* The last task out: every file holds only its own tags. */
static void mf_files(struct fl_task *t, struct mf *m)
{
	uint64_t buf[TAG_WORDS], p;
	struct mfc_hist h;
	unsigned int i;
	int f, r;

	mf_hist(m, m->sl, &h);
	for (f = 0; f < m->nfiles; f++) {
		for (p = 0; p < m->pages; p++) {
			if (pread(m->fd[f], buf, TAG_PAGE, p * TAG_PAGE) !=
			    TAG_PAGE) {
				fl_violation(t, p, 0, 0, "file %d: short read",
					     f);
				return;
			}
			if (m->inject == INJ_LANDED && f == 1 &&
			    p == m->pages / 2 && fl_inject(t))
				buf[5] = tag_make(m->fid[0], p, 1);
			for (i = 0; i < TAG_WORDS; i++) {
				r = mfc_check_file(&h, f, p, buf[i]);
				if (r == MFC_OK)
					continue;
				fl_violation(t, p, tag_make(m->fid[f], p, 0),
					     buf[i],
					     "file %d word %u: %s (id %#x): a write landed in the wrong file",
					     f, i, mfc_what(r),
					     tag_file(buf[i]));
				return;
			}
		}
	}
}

static int mf_worker(struct fl_task *t)
{
	struct mf *m = t->ctx->priv;
	int err;

	if (t->id >= t->ctx->nr_tasks)
		err = mf_remapper(t);
	else
		err = mf_reader(t);
	if (tag_last_out(&m->live) && m->check)
		mf_files(t, m);
	return err;
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
	free(m->reader_cpu);
	free(m->sl);
	free(m);
	ctx->priv = NULL;
}

static int mf_files_make(struct fl_ctx *ctx, struct mf *m)
{
	int i, err;

	for (i = 0; i < m->nfiles; i++) {
		m->fid[i] = tag_file_id(ctx->seed, i);
		m->fd[i] = fl_tmpfile(fl_param_str(ctx, "dir"), m->len);
		if (m->fd[i] < 0) {
			err = m->fd[i];
			fl_reason(ctx, "cannot create a file in %s: %s",
				  fl_param_str(ctx, "dir"), strerror(-err));
			return err;
		}
		err = tag_fill_fd(m->fd[i], m->fid[i], m->pages, 0);
		if (err) {
			fl_reason(ctx, "cannot fill a tag file: %s",
				  strerror(-err));
			return err;
		}
	}
	return 0;
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
	m->shared = fl_param_enum(ctx, "map") == MAP_S;
	m->anon = fl_param_int(ctx, "anon");
	m->span = fl_param_int(ctx, "span");
	m->access = fl_param_enum(ctx, "access");
	m->prot = PROT_READ | (m->access != A_READ ? PROT_WRITE : 0);
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_enum(ctx, "inject");
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
	m->live = ctx->nr_tasks + r;
	m->reader_cpu = malloc(sizeof(int) * ctx->nr_tasks);
	m->sl = aligned_alloc(64, sizeof(*m->sl) * r);
	if (!m->sl || !m->reader_cpu) {
		err = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < ctx->nr_tasks; i++)
		m->reader_cpu[i] = -2;
	memset(m->sl, 0, sizeof(*m->sl) * r);
	sp = m->pages / r;
	for (i = 0; i < r; i++) {
		m->sl[i].first = i * sp;
		m->sl[i].npages = i == r - 1 ? m->pages - i * sp : sp;
		m->sl[i].hist[0] = st_make(0, 0, m->sl[i].npages);
	}
	err = mf_files_make(ctx, m);
	if (err)
		goto fail;
	a = mmap(NULL, m->len, m->prot,
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

const struct fl_workload wl_mapfixed_race = {
	.name = "mapfixed_race",
	.desc = "readers fault a region while remappers mmap(MAP_FIXED) other files over it",
	.kind = FL_RACE,
	.params = mf_params,
	.counters = mf_counters,
	.threads_only = true,
	.vma_lock = true,
	.setup = mf_setup,
	.worker = mf_worker,
	.teardown = mf_teardown,
	.roles = { "reader", "remapper" },
};
