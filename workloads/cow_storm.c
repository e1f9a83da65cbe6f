// SPDX-License-Identifier: GPL-2.0
/*
 * cow_storm - many tasks map one tag file MAP_PRIVATE. Each loop a task
 * read-faults every page (the filemap_map_pages() path), COW-writes its
 * own random subset, verifies, and drops it all (MADV_DONTNEED or
 * munmap). shared_writer=1 adds a task that rewrites the whole file
 * through MAP_SHARED, one generation at a time, in a seqcount.
 *
 * backing=anon is the cow.c style fork test instead: a task populates
 * anonymous memory, forks, and writes it while the child reads its
 * snapshot. The model is in docs/races.md.
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

#include "tag.h"

enum { C_COW, C_READ, C_LOOPS, C_GENS };
enum { INJ_TAG, INJ_OWN, INJ_SNAP, INJ_FINAL, INJ_CHILD };

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
	int fd, inject, cow;
	bool anon, munmap, writer, check;
	unsigned int fid;
	uint64_t pages;
	size_t len, shlen;
	char *sh;		/* the writer's MAP_SHARED view */
	struct cs_shared *s;
};

static const struct fl_param cs_params[] = {
	{ "pages", FL_P_INT, "256", 1, 65536, NULL, "pages in the file" },
	{ "backing", FL_P_ENUM, "file", 0, 0, "file|anon",
	  "a MAP_PRIVATE file, or anonymous memory across fork()" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the file (tmpfs, or a real filesystem)" },
	{ "drop", FL_P_ENUM, "dontneed", 0, 0, "dontneed|munmap",
	  "how each loop drops its pages" },
	{ "cow", FL_P_INT, "50", 1, 100, NULL,
	  "percent of the pages each loop COW-writes" },
	{ "shared_writer", FL_P_BOOL, "0", 0, 0, NULL,
	  "a task rewrites the file through MAP_SHARED meanwhile" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "verify what tasks see (0: same loop, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, "tag|own|snapshot|final|child",
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const cs_counters[] = {
	"cow_faults", "read_faults", "loops", "writer_gens", NULL
};

/* Is v page p of the file, in a generation of [s0, s1]? */
static void cs_judge(struct fl_task *t, struct cs *m, uint64_t p,
		     uint64_t s0, uint64_t s1, uint64_t v, const char *where)
{
	uint64_t lo = seq_lo(s0), hi = seq_hi(s1), g;
	uint64_t want = tag_make(m->fid, p, hi);

	if (m->inject == INJ_TAG && fl_inject(t))
		v ^= 1ULL << 58;
	if (!tag_ok(v)) {
		fl_violation(t, p, want, v, "%s: bad check bits", where);
		return;
	}
	if (tag_file(v) & 0x80) {
		fl_violation(t, p, want, v, "%s: %s private write (file id %#x)",
			     where, tag_file(v) == TAG_PRIV(t->id) ?
			     "own dropped" : "another task's", tag_file(v));
		return;
	}
	if (tag_file(v) != m->fid || tag_idx(v) != p) {
		fl_violation(t, p, want, v, "%s: %s", where,
			     tag_file(v) != m->fid ? "another file's page" :
			     "wrong page index");
		return;
	}
	g = tag_gen_full(tag_gen(v), hi);
	if (g < lo)
		fl_violation(t, p, want, v,
			     "%s: stale gen %llu, writer had finished gen %llu",
			     where, (unsigned long long)g,
			     (unsigned long long)lo);
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

static int cs_writer(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	uint64_t g = 0, p;

	while (!fl_stopping(t)) {
		seq_bump(&m->s->seq);
		g++;
		for (p = 0; p < m->pages; p++)
			tag_fill(m->sh + p * TAG_PAGE, tag_make(m->fid, p, g));
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
		}
		/* 1: read-fault every page */
		f0 = tag_thread_faults();
		for (p = 0; p < m->pages; p++) {
			uint64_t w = fl_rand(&t->rng) % TAG_WORDS, s0, v;

			if (cs_cut(t, p, &cut))
				goto drop;
			s0 = m->check ? seq_read(seq) : 0;
			v = tag_load(map + p * TAG_PAGE + w * 8);
			if (m->check)
				cs_judge(t, m, p, s0, seq_reread(seq), v, "read");
		}
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
		/* 3: own writes, and the snapshot the COW copied */
		for (p = 0; m->check && p < m->pages; p++) {
			char *pg = map + p * TAG_PAGE;
			uint64_t w = 1 + fl_rand(&t->rng) % (TAG_WORDS - 1);
			uint64_t own = tag_make(TAG_PRIV(t->id), p, loop), v, s0;

			if (cs_cut(t, p, &cut))
				goto drop;
			if (!wr[p]) {
				s0 = seq_read(seq);
				v = tag_load(pg + w * 8);
				cs_judge(t, m, p, s0, seq_reread(seq), v,
					 "unwritten page");
				continue;
			}
			v = tag_load(pg);
			if (m->inject == INJ_OWN && fl_inject(t))
				v = tag_make(TAG_PRIV(t->id + 1), p, loop);
			if (v != own)
				fl_violation(t, p, own, v,
					     "COW page: not own write of loop %llu (%s)",
					     (unsigned long long)loop,
					     !tag_ok(v) ? "bad check bits" :
					     tag_file(v) == TAG_PRIV(t->id) ?
					     "own older write" :
					     tag_file(v) & 0x80 ?
					     "another task's write" : "file data");
			v = tag_load(pg + w * 8);
			if (m->inject == INJ_SNAP && fl_inject(t))
				v = tag_make(m->fid, p + 1, seq_lo(ws[2 * p]));
			cs_judge(t, m, p, ws[2 * p], ws[2 * p + 1], v,
				 "COW copy");
		}
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
	       bool corrupt, pid_t parent)
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
				v = tag_make(TAG_ANON, p, loop + 1);
				corrupt = false;
			}
			if (v != want) {
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

static int cs_anon_task(struct fl_task *t)
{
	struct cs *m = t->ctx->priv;
	struct cs_child *c = &m->s->child[t->id];
	uint64_t loop = 0, f0, f1, f2, p;
	int err = 0, st;

	while (!err && !fl_stopping(t)) {
		char *a = mmap(NULL, m->len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bool corrupt;
		pid_t pid, parent;

		if (a == MAP_FAILED)
			return -errno;
		loop++;
		f0 = tag_thread_faults();
		for (p = 0; p < m->pages; p++)
			tag_fill(a + p * TAG_PAGE, tag_make(TAG_ANON, p, loop));
		f1 = tag_thread_faults();
		memset(c, 0, sizeof(*c));
		corrupt = m->check && m->inject == INJ_CHILD && fl_inject(t);
		parent = getpid();
		pid = fork();
		if (pid < 0) {
			err = -errno;
			munmap(a, m->len);
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
		if (waitpid(pid, &st, 0) != pid) {
			err = -errno;
		} else if (m->check && WIFEXITED(st) && WEXITSTATUS(st)) {
			if (c->bad)
				fl_violation(t, c->page, c->expected, c->seen,
					     "fork child saw %s after fork (loop %llu)",
					     c->seen == tag_make(TAG_ANON, c->page, loop + 1) ?
					     "the parent's write" : "wrong data",
					     (unsigned long long)loop);
			else
				fl_violation(t, 0, 0, 0, "fork child exited %d",
					     WEXITSTATUS(st));
		} else if (WIFSIGNALED(st)) {
			fl_violation(t, 0, 0, WTERMSIG(st),
				     "fork child killed by signal %d",
				     WTERMSIG(st));
		}
		for (p = 0; m->check && p < m->pages; p++) {
			uint64_t v0 = tag_load(a + p * TAG_PAGE);
			uint64_t v1 = tag_load(a + p * TAG_PAGE + 8);

			if (v0 != tag_make(TAG_ANON, p, loop + 1) ||
			    v1 != tag_make(TAG_ANON, p, loop)) {
				fl_violation(t, p, tag_make(TAG_ANON, p, loop + 1),
					     v0, "parent lost its own write or its data after fork");
				break;
			}
		}
		munmap(a, m->len);
		fl_inc(t, C_LOOPS);
	}
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
	m->anon = fl_param_int(ctx, "backing") == 1;
	m->munmap = fl_param_int(ctx, "drop") == 1;
	m->cow = fl_param_int(ctx, "cow");
	m->writer = fl_param_int(ctx, "shared_writer") && !m->anon;
	m->check = fl_param_int(ctx, "check");
	m->inject = fl_param_int(ctx, "inject");
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
	a = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (a == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	m->sh = a;
	return 0;
fail:
	cs_teardown(ctx);
	return err;
}

static const char *cs_role(const struct fl_ctx *ctx, int id)
{
	return id >= ctx->nr_tasks ? "writer" : "cow";
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
	.role = cs_role,
};
