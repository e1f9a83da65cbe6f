// SPDX-License-Identifier: GPL-2.0
/*
 * dirtycow - the Dirty COW race, as a check. Each task maps a read-only
 * file (opened O_RDONLY) PROT_READ and MAP_PRIVATE, writes its own tags
 * into that view through /proc/self/mem (pwrite at the address, which
 * uses FOLL_FORCE and must COW into an anonymous page) while its own
 * second thread throws the view away with MADV_DONTNEED in a loop. The
 * private view may show the forced write or, after a DONTNEED, the file;
 * the file itself must never change. backing=thp does the same over a
 * read-only anonymous THP region, i.e. over the huge zero page, which
 * must stay zero.
 *
 * CVE-2016-5195, fixed by 19be0eaffa3a ("mm: remove gup_flags FOLL_WRITE
 * games from __get_user_pages()"); its THP sibling CVE-2017-1000405 by
 * a8f97366452e ("mm, thp: Do not make page table dirty unconditionally
 * in touch_p[mu]d()"); FOLL_COW went in 5535be309971 ("mm/gup: fix
 * FOLL_FORCE COW security issue and remove FOLL_COW"). The model is in
 * docs/races.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "known_races.h"
#include "tag.h"

#define DC_BATCH	64	/* forced writes between stop checks */
#define DC_FILE_EVERY	16	/* batches between source checks */
#define DC_HPAGE	(2UL << 20)

enum { C_WRITES, C_DONTNEEDS, C_STABLE, C_FILECHK, C_FAULTS, C_DROPCHK };
#define BACKING(X)	X(B_FILE, "file") X(B_THP, "thp")
#define INJECT(X)	X(INJ_TAG, "tag") X(INJ_FOREIGN, "foreign") \
			X(INJ_LOST, "lost") X(INJ_FILE, "file") X(INJ_KEPT, "kept")
enum backing { BACKING(FL_ENUM_VALUE) };
enum inject { INJECT(FL_ENUM_VALUE) };

struct dc {
	int fd;			/* the file, O_RDONLY */
	unsigned int fid;
	uint64_t pages;
	size_t len;
	int inject;
	bool check, thp;
	int hold_us;
	const char *dir;
};

/* One task's view and its madviser thread. */
struct dc_task {
	struct fl_task *t;
	struct dc *m;
	char *view;
	int mem;		/* /proc/self/mem */
	uint64_t seq __attribute__((aligned(64)));
	int stop;
	uint64_t dontneeds;
	uint64_t rng;
};

static const struct fl_param dc_params[] = {
	{ "pages", FL_P_INT, "16", 1, 65536, NULL, "pages in the file" },
	{ "backing", FL_P_ENUM, "file", 0, 0, FL_ENUM_CHOICES(BACKING),
	  "a read-only file, or read-only anonymous THP (the huge zero page)" },
	{ "dir", FL_P_STR, "/dev/shm", 0, 0, NULL,
	  "directory of the file (tmpfs, or a real filesystem)" },
	{ "hold_us", FL_P_INT, "10", 0, 100000, NULL,
	  "after each MADV_DONTNEED wait up to this long (random)" },
	{ "check", FL_P_BOOL, "1", 0, 0, NULL,
	  "check the view and the file (0: same loops, no checker)" },
	{ "inject", FL_P_ENUM, "tag", 0, 0, FL_ENUM_CHOICES(INJECT),
	  "FAULTLINE_INJECT: which observation to corrupt" },
	{ .name = NULL }
};

static const char *const dc_counters[] = {
	"forced_writes", "dontneeds", "stable_reads", "file_checks",
	"read_faults", "drop_checks", NULL
};

/* Leave the view alone a random while, so some reads are judged strictly. */
static void dc_hold(struct dc_task *d)
{
	uint64_t ns = fl_rand(&d->rng) % ((uint64_t)d->m->hold_us * 1000);
	uint64_t end = fl_now_ns() + ns;

	while (fl_now_ns() < end &&
	       !__atomic_load_n(&d->stop, __ATOMIC_RELAXED))
		;
}

/*
 * Run the madviser on the CPUs its task is not pinned to: the task
 * pinned it by creating it, and on one CPU the two would race only when
 * the scheduler preempts one of them.
 */
static void dc_move_away(int cpu)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN), i;
	cpu_set_t set;

	if (cpu < 0 || n < 2)
		return;
	CPU_ZERO(&set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++)
		if (i != cpu)
			CPU_SET(i, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *dc_madviser(void *arg)
{
	struct dc_task *d = arg;

	dc_move_away(d->t->cpu);
	while (!__atomic_load_n(&d->stop, __ATOMIC_RELAXED)) {
		seq_bump(&d->seq);
		madvise(d->view, d->m->len, MADV_DONTNEED);
		seq_bump(&d->seq);
		__atomic_store_n(&d->dontneeds, d->dontneeds + 1,
				 __ATOMIC_RELAXED);
		if (d->m->hold_us)
			dc_hold(d);
	}
	return NULL;
}

/* A PROT_READ anonymous region of len bytes, 2 MiB aligned, THP advised. */
static char *dc_map_thp(size_t len)
{
	char *a = mmap(NULL, len + DC_HPAGE, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *b;
	size_t off;

	if (a == MAP_FAILED)
		return NULL;
	b = (char *)(((uintptr_t)a + DC_HPAGE - 1) & ~(DC_HPAGE - 1));
	if (b > a)
		munmap(a, b - a);
	if (a + DC_HPAGE > b)
		munmap(b + len, a + DC_HPAGE - b);
	madvise(b, len, MADV_HUGEPAGE);
	/* read faults: the huge zero page, where the kernel uses one */
	for (off = 0; off < len; off += DC_HPAGE)
		(void)tag_load(b + off);
	return b;
}

/* Check pages [first, first + n) of the source: the file, or zero. */
static int dc_check_source(struct fl_task *t, struct dc *m, uint64_t first,
			   uint64_t n)
{
	unsigned int fid = m->thp ? 0 : m->fid;
	uint64_t buf[TAG_WORDS], p;
	unsigned long i;
	char *z = NULL;
	int vd, err = 0;

	if (m->thp && !(z = dc_map_thp(DC_HPAGE)))
		return -ENOMEM;
	for (p = first; p < first + n; p++) {
		if (z)
			memcpy(buf, z + (p % 512) * TAG_PAGE, TAG_PAGE);
		else if (pread(m->fd, buf, TAG_PAGE, (off_t)(p * TAG_PAGE)) !=
			 TAG_PAGE) {
			err = errno ? -errno : -EIO;
			break;
		}
		if (m->inject == INJ_FILE && fl_inject(t))
			buf[p % TAG_WORDS] = tag_make(TAG_PRIV(t->id), p, 1);
		for (i = 0; i < TAG_WORDS; i++) {
			vd = dc_judge_file(fid, p, buf[i]);
			if (vd == DC_OK)
				continue;
			fl_violation(t, p, fid ? tag_make(fid, p, 0) : 0,
				     buf[i], "%s: word %lu of page %llu",
				     dc_what(vd), i, (unsigned long long)p);
			goto out;
		}
	}
out:
	if (z)
		munmap(z, DC_HPAGE);
	return err;
}

static void dc_corrupt(struct fl_task *t, struct dc *m, struct dc_obs *o)
{
	switch (m->inject) {
	case INJ_TAG:
		if (fl_inject(t))
			o->v ^= 1ULL << 58;
		break;
	case INJ_FOREIGN:
		if (fl_inject(t))
			o->v = tag_make(TAG_PRIV(t->id + 1), o->page,
					dc_gen(o->n, o->read));
		break;
	case INJ_LOST:
		if (o->stable && o->read == o->wrote && fl_inject(t))
			o->v = o->fid ? tag_make(o->fid, o->page, 0) : 0;
		break;
	case INJ_KEPT:
		if (o->dropped && fl_inject(t))
			o->v = tag_make(TAG_PRIV(t->id), o->page,
					dc_gen(o->n, o->wrote));
		break;
	}
}

/*
 * Give the madviser a moment (spinning: a yield would cost milliseconds
 * on a busy machine), then tell whether a whole MADV_DONTNEED ran after
 * seqcount sample s, one that began after it.
 */
static bool dc_dropped_since(struct dc_task *d, uint64_t s)
{
	uint64_t end = fl_now_ns() + 200000;

	while (fl_now_ns() < end && seq_read(&d->seq) < s + 2 + (s & 1))
		;
	return seq_read(&d->seq) >= s + 2 + (s & 1);
}

/* One forced write and one read back; 0 or -errno. */
static int dc_op(struct dc_task *d, uint64_t n)
{
	struct fl_task *t = d->t;
	struct dc *m = d->m;
	uint64_t r = fl_rand(&t->rng), s0, s1, x;
	struct dc_obs o = { .fid = m->thp ? 0 : m->fid, .task = t->id,
			     .n = n };
	char *a;
	int vd;

	o.page = r % m->pages;
	o.wrote = (r >> 32) % TAG_WORDS;
	o.read = (r >> 48) & 1 ? o.wrote : (r >> 41) % TAG_WORDS;
	a = d->view + o.page * TAG_PAGE;
	x = tag_make(TAG_PRIV(t->id), o.page, dc_gen(n, o.wrote));
	s0 = seq_read(&d->seq);
	if (pwrite(d->mem, &x, sizeof(x), (off_t)(uintptr_t)(a + o.wrote * 8))
	    != sizeof(x))
		return errno ? -errno : -EIO;
	if (!m->check) {
		(void)tag_load(a + o.read * 8);
		return 0;
	}
	/* one op in 64: was there a whole DONTNEED since the write? */
	if ((r >> 56) % 32 == 0 && o.read == o.wrote &&
	    dc_dropped_since(d, seq_read(&d->seq))) {
		o.dropped = true;
		fl_inc(t, C_DROPCHK);
	}
	o.v = tag_load(a + o.read * 8);
	s1 = seq_reread(&d->seq);
	o.stable = s0 == s1 && !(s0 & 1);
	fl_add(t, C_STABLE, o.stable);
	dc_corrupt(t, m, &o);
	vd = dc_judge(&o);
	if (vd != DC_OK)
		fl_violation(t, o.page, o.read == o.wrote ? x : o.fid ?
			     tag_make(o.fid, o.page, 0) : 0, o.v,
			     "%s (word %u read, word %u written, %s)",
			     dc_what(vd), o.read, o.wrote,
			     o.dropped ? "a whole DONTNEED between" :
			     o.stable ? "no DONTNEED between" :
			     "DONTNEED in between");
	return 0;
}

static int dc_loop(struct dc_task *d)
{
	struct fl_task *t = d->t;
	struct dc *m = d->m;
	uint64_t n = 0, batch = 0, f0 = tag_thread_faults(), f, dn = 0;
	int i, err;

	while (!fl_stopping(t)) {
		for (i = 0; i < DC_BATCH; i++) {
			err = dc_op(d, ++n);
			if (err)
				return err;
		}
		fl_add(t, C_WRITES, DC_BATCH);
		if (m->check && ++batch % DC_FILE_EVERY == 0) {
			err = dc_check_source(t, m,
					      fl_rand(&t->rng) % m->pages, 1);
			if (err)
				return err;
			fl_inc(t, C_FILECHK);
		}
		f = __atomic_load_n(&d->dontneeds, __ATOMIC_RELAXED);
		fl_add(t, C_DONTNEEDS, f - dn);
		dn = f;
		f = tag_thread_faults();
		fl_add(t, C_FAULTS, f - f0);
		f0 = f;
	}
	return 0;
}

static int dc_worker(struct fl_task *t)
{
	struct dc *m = t->ctx->priv;
	struct dc_task d = { .t = t, .m = m, .mem = -1,
			      .rng = t->rng ^ 0x5bd1e995 };
	pthread_t th;
	int err;

	if (m->thp) {
		d.view = dc_map_thp(m->len);
		if (!d.view)
			return -ENOMEM;
	} else {
		d.view = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, m->fd, 0);
		if (d.view == MAP_FAILED)
			return -errno;
	}
	d.mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (d.mem < 0) {
		err = -errno;
		goto out;
	}
	err = -pthread_create(&th, NULL, dc_madviser, &d);
	if (err)
		goto out;
	err = dc_loop(&d);
	__atomic_store_n(&d.stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	/* the last word: the whole source, after this task's last write */
	if (!err && m->check)
		err = dc_check_source(t, m, 0, m->pages);
out:
	if (d.mem >= 0)
		close(d.mem);
	munmap(d.view, m->len);
	return err;
}

static void dc_teardown(struct fl_ctx *ctx)
{
	struct dc *m = ctx->priv;

	if (!m)
		return;
	if (m->fd >= 0)
		close(m->fd);
	free(m);
	ctx->priv = NULL;
}

/* Can this kernel write a read-only private view via /proc/self/mem? */
static int dc_probe(struct fl_ctx *ctx, struct dc *m)
{
	uint64_t x = tag_make(TAG_PRIV(0), 0, 0), back = 0;
	char *v = mmap(NULL, TAG_PAGE, PROT_READ, MAP_PRIVATE, m->fd, 0);
	int mem, err = 0;

	if (v == MAP_FAILED)
		return -errno;
	mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (mem < 0 || pwrite(mem, &x, 8, (off_t)(uintptr_t)v) != 8) {
		fl_reason(ctx, "cannot write a read-only view through /proc/self/mem: %s (proc_mem.force_override?)",
			  strerror(errno));
		err = FL_SKIP;
	} else if (pread(m->fd, &back, 8, 0) != 8 ||
		   back != tag_make(m->fid, 0, 0)) {
		fl_reason(ctx, "the probe's forced write reached the file");
		err = -EIO;
	}
	if (mem >= 0)
		close(mem);
	munmap(v, TAG_PAGE);
	return err;
}

/* backing=thp needs THP and the huge zero page: 0 or FL_SKIP. */
static int dc_thp_ok(struct fl_ctx *ctx)
{
	static const char *const knob[2] = {
		"/sys/kernel/mm/transparent_hugepage/enabled",
		"/sys/kernel/mm/transparent_hugepage/use_zero_page",
	};
	char buf[128];
	ssize_t n;
	int i, fd;

	for (i = 0; i < 2; i++) {
		fd = open(knob[i], O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (n <= 0 || (i == 0 && strstr(buf, "[never]")) ||
		    (i == 1 && buf[0] != '1')) {
			fl_reason(ctx, "backing=thp needs THP and its zero page: %s is '%.*s'",
				  knob[i], (int)strcspn(buf, "\n"), buf);
			return FL_SKIP;
		}
	}
	return 0;
}

static int dc_setup(struct fl_ctx *ctx)
{
	struct dc *m = calloc(1, sizeof(*m));
	char path[64];
	int fd, err;

	if (!m)
		return -ENOMEM;
	ctx->priv = m;
	m->fd = -1;
	m->pages = fl_param_int(ctx, "pages");
	m->check = fl_param_int(ctx, "check");
	m->hold_us = fl_param_int(ctx, "hold_us");
	m->thp = fl_param_enum(ctx, "backing") == B_THP;
	if (m->thp) {
		err = dc_thp_ok(ctx);
		if (err)
			goto fail;
		m->pages = (m->pages + 511) / 512 * 512;
	}
	m->inject = fl_param_enum(ctx, "inject");
	m->dir = fl_param_str(ctx, "dir");
	m->len = m->pages * TAG_PAGE;
	m->fid = tag_file_id(ctx->seed, 0);
	fd = fl_tmpfile(m->dir, m->len);
	if (fd < 0) {
		fl_reason(ctx, "cannot create a file in %s: %s", m->dir,
			  strerror(-fd));
		err = fd;
		goto fail;
	}
	err = tag_fill_fd(fd, m->fid, m->pages, 0);
	if (!err && fsync(fd))
		err = -errno;
	/* from here on the process holds the file read-only */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (!err && m->fd < 0)
		err = -errno;
	close(fd);
	if (err)
		goto fail;
	err = dc_probe(ctx, m);
	if (err)
		goto fail;
	return 0;
fail:
	dc_teardown(ctx);
	return err;
}

const struct fl_workload wl_dirtycow = {
	.name = "dirtycow",
	.desc = "forced writes via /proc/self/mem vs MADV_DONTNEED on a read-only file's private view",
	.kind = FL_RACE,
	.params = dc_params,
	.counters = dc_counters,
	.setup = dc_setup,
	.worker = dc_worker,
	.teardown = dc_teardown,
};
