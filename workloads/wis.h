/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wis.h - the loops behind the will-it-scale compatible workloads, with
 * the same semantics and op counting as will-it-scale's tests of the
 * same names: a 128 MB region, a per-task unlinked file for the
 * file-backed ones, one op per page touched or per mmap/munmap pair.
 * On top, each loop checks that the kernel did the work it counts
 * (honest.h), outside the touches it measures.
 */
#ifndef FAULTLINE_WIS_H
#define FAULTLINE_WIS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "honest.h"
#include "workload.h"

#define WIS_SIZE_PARAM \
	{ "size", FL_P_SIZE, "128M", 4096, 1LL << 40, NULL, \
	  "bytes mapped per loop (will-it-scale: 128M)" }
#define WIS_DIR_PARAM \
	{ "dir", FL_P_STR, "/tmp", 0, 0, NULL, \
	  "directory of the per-task unlinked file" }

/*
 * delay_ns (bench only, hidden: docs/bench.md): a busy wait of this many
 * ns added to every op, so that a bench can slow the real workload by a
 * known amount (bench/power.sh). 0, the default, takes the loops below
 * that have no wait at all.
 */
#define WIS_DELAY_PARAM \
	{ "delay_ns", FL_P_INT, "0", 0, 10000000, NULL, \
	  "bench only: busy-wait this many ns in every op" }

static const char *const wis_counters[] = { "ops", NULL };
static const char *const wis_hidden[] = { "delay_ns", NULL };

/* The fields every will-it-scale loop shares: counters, delay_ns. */
#define WIS_HOOKS \
	.hidden = wis_hidden, .counters = wis_counters, \
	.setup = wis_setup, .teardown = wis_teardown

/*
 * delay_ns (bench only): a busy wait on the monotonic clock, not a
 * count of loop turns. This VM's CPU speed moves (an empty loop turned
 * 1.9 to 3.6 times per ns from one process to the next, and within one
 * process the rate timed over 10 ms was off by up to a third 1 s
 * later), so turns calibrated once made a delay that was not the one
 * asked for. A clock
 * read costs about 25 ns here (vDSO), so short delays are gathered:
 * every `every` ops the task waits every x delay_ns at once, at least
 * WIS_WAIT_MIN ns, less what a wait costs beyond its length (`bias`,
 * measured at setup). The mean added per op is then delay_ns.
 */
#define WIS_WAIT_MIN	2000

struct wis_cfg {
	uint64_t every;		/* wait once in this many ops */
	uint64_t wait_ns;	/* for this long, bias taken off */
};

/* CLOCK_MONOTONIC (vDSO) and this thread's CPU time, ns. */
static inline uint64_t wis_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Busy-wait until ns have passed on the monotonic clock. */
static __attribute__((noinline, unused)) void wis_wait(uint64_t ns)
{
	uint64_t end = wis_ns(CLOCK_MONOTONIC) + ns;

	while (wis_ns(CLOCK_MONOTONIC) < end)
		__asm__ __volatile__("" ::: "memory");
}

/*
 * What wis_wait(ns) costs beyond ns, in this thread's CPU time: the
 * median of five timings of 200 waits. CPU time, not the wall clock: a
 * wait the scheduler interrupts ends late on the wall clock but not in
 * CPU time, and the ops pay only for the latter.
 */
static inline uint64_t wis_wait_bias(uint64_t ns)
{
	uint64_t t0, r[5], x;
	int i, j, k;

	for (i = 0; i < 5; i++) {
		t0 = wis_ns(CLOCK_THREAD_CPUTIME_ID);
		for (k = 0; k < 200; k++)
			wis_wait(ns);
		x = (wis_ns(CLOCK_THREAD_CPUTIME_ID) - t0) / 200;
		r[i] = x > ns ? x - ns : 0;
		for (j = i; j > 0 && r[j - 1] > r[j]; j--) {
			x = r[j];
			r[j] = r[j - 1];
			r[j - 1] = x;
		}
	}
	return r[2];
}

/* Once per rep, before the tasks: size the wait for delay_ns, if set. */
static inline int wis_setup(struct fl_ctx *ctx)
{
	long long ns = fl_param_int(ctx, "delay_ns");
	struct wis_cfg *cfg;
	uint64_t b;

	ctx->priv = NULL;
	if (!ns)
		return 0;
	cfg = malloc(sizeof(*cfg));
	if (!cfg)
		return -ENOMEM;
	cfg->every = ns >= WIS_WAIT_MIN ? 1 :
		     (WIS_WAIT_MIN + (uint64_t)ns - 1) / (uint64_t)ns;
	cfg->wait_ns = cfg->every * (uint64_t)ns;
	b = wis_wait_bias(cfg->wait_ns);
	cfg->wait_ns = cfg->wait_ns > b ? cfg->wait_ns - b : 0;
	ctx->priv = cfg;	/* copied into task processes by fork */
	return 0;
}
static inline void wis_teardown(struct fl_ctx *ctx)
{
	free(ctx->priv);
	ctx->priv = NULL;
}

/* A per-task file when the workload has a dir= parameter, else -1. */
static inline int wis_file(struct fl_task *t, size_t size, bool file)
{
	return file ? fl_tmpfile(fl_param_str(t->ctx, "dir"), size) : -1;
}

/*
 * A hole of `size` for this task, with a 2 MiB PROT_NONE guard kept above
 * it (2 MiB, so the hole keeps the huge-page alignment the kernel gives
 * a bare mmap of this size). Without it, top-down allocation puts two threads' regions next to
 * each other, they merge into one VMA, and every munmap splits the VMA
 * the other thread is faulting in: seen in /proc/PID/maps as one 256M
 * anonymous VMA with 2 threads. will-it-scale's regions do not touch.
 * The loop's mmap() passes the hole as a hint, which the kernel takes
 * while it is free. NULL if the hole cannot be made (no hint, then).
 * page_fault* and mmap2 only: mmap1 passes no hint (wis_loop()).
 * The hint is only a hint: the checks below never rely on it.
 */
static inline void *wis_hole(size_t size)
{
	char *r = mmap(NULL, size + (2 << 20), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (r == MAP_FAILED)
		return NULL;
	munmap(r, size);
	return r;
}

/* One mmap/munmap pair in this many is checked (mmap1, mmap2). */
#define WIS_CHECK_EVERY	256

/*
 * page_fault*: a loop of fewer pages than this is checked only once per
 * this many pages, so that a check's fixed cost (two getrusage(), about
 * 0.7 us in bench/honestcost.c) stays near 0.1% of the faults it rides
 * on (about 1.6 us each).
 */
#define WIS_CHECK_PAGES	512

/* FAULTLINE_INJECT_SITE values (honest.h). */
enum { WIS_I_NONE, WIS_I_FAULTS, WIS_I_CONTENT, WIS_I_MUNMAP };

struct wis {
	struct fl_task *t;
	size_t size, pg, npg;
	int fd, site;
	bool file, shared;
	size_t span;		/* bytes one fault may map (honest.h) */
	unsigned char *vec;	/* mincore() vector, anonymous only */
	uint64_t rng;
	bool told;		/* fault-count violation reported */
	bool off;		/* FAULTLINE_NO_CHECKS=1 (bench only) */
	uint64_t every;		/* check one loop in this many */
	bool now;		/* this loop is checked */
	const struct wis_cfg *delay;	/* delay_ns, or NULL */
	uint64_t ndelay;	/* ops since the last wait */
};

/* delay_ns: one op's share of the wait, taken every `every` ops. */
static inline void wis_delay(struct wis *w)
{
	if (++w->ndelay < w->delay->every)
		return;
	w->ndelay = 0;
	wis_wait(w->delay->wait_ns);
}

static inline int wis_site(bool touch)
{
	if (honest_site("faults", touch))
		return WIS_I_FAULTS;
	if (honest_site("content", !touch))
		return WIS_I_CONTENT;
	return honest_site("munmap", false) ? WIS_I_MUNMAP : WIS_I_NONE;
}

static inline bool wis_inject(struct wis *w, int site)
{
	return w->site == site && fl_inject(w->t);
}

/*
 * A fresh anonymous mapping holds only zeros (mmap(2)): no page of the
 * last loop's mapping may come back. mincore() maps nothing; a page it
 * calls resident (none should be) is read, already being mapped.
 */
static inline int wis_check_fresh(struct wis *w, const char *c)
{
	size_t i;

	if (mincore((void *)c, w->size, w->vec))
		return -errno;
	for (i = 0; i < w->npg; i++) {
		unsigned char seen = w->vec[i] & 1 ? c[i * w->pg] : 0;

		if (!i && wis_inject(w, WIS_I_CONTENT))
			seen ^= 0x5a;
		if (seen) {
			fl_violation(w->t, i, 0, seen,
				     "page %zu of a fresh anonymous mapping "
				     "is resident and not zero", i);
			break;	/* one a loop is enough */
		}
	}
	return 0;
}

/*
 * After munmap, the file shows what the loop wrote through a MAP_SHARED
 * mapping, and nothing it wrote through a MAP_PRIVATE one: one random
 * page, read with pread() (a coherent page cache: no msync needed).
 */
static inline int wis_check_file(struct wis *w, unsigned char v)
{
	size_t i = fl_rand(&w->rng) % w->npg;
	unsigned char seen, want = w->shared ? v : 0;

	if (pread(w->fd, &seen, 1, (off_t)(i * w->pg)) != 1)
		return -EIO;
	if (wis_inject(w, WIS_I_CONTENT))
		seen ^= 0x5a;
	if (seen != want)
		fl_violation(w->t, i, want, seen,
			     "file page %zu after munmap: %s", i, w->shared ?
			     "lost the MAP_SHARED write" :
			     "changed by a MAP_PRIVATE write");
	return 0;
}

/* Write v to one byte per page of c, one op each; check the faults. */
static inline void wis_touch(struct wis *w, char *c, unsigned char v,
			     uint64_t loop)
{
	uint64_t k0 = w->now ? honest_kfaults() : 0, k1, min;
	size_t i;

	if (w->delay) {		/* delay_ns: a loop of its own */
		for (i = 0; i < w->size; i += w->pg) {
			c[i] = v;
			wis_delay(w);
			fl_inc(w->t, 0);
		}
	} else {
		for (i = 0; i < w->size; i += w->pg) {
			c[i] = v;
			fl_inc(w->t, 0);
		}
	}
	if (!w->now)
		return;
	k1 = honest_kfaults();
	min = honest_min_faults((uintptr_t)c, w->size, w->span);
	if (wis_inject(w, WIS_I_FAULTS))
		k1 = k0;
	honest_check_faults(w->t, loop, min, k0, k1, &w->told,
			    "a fresh mapping's pages");
}

/*
 * After munmap, one pair in WIS_CHECK_EVERY: the range is unmapped.
 * Processes mode only, where the task is alone in its mm: in threads
 * mode a sibling's mmap may land in the range as soon as it is free
 * (seen with mmap2: a hint padded for THP alignment is not taken, and
 * the search picks the gap).
 */
static inline void wis_check_unmapped(struct wis *w, char *c,
				      uint64_t loop, bool injected)
{
	unsigned char b;
	bool mapped;

	if (w->off || !w->t->ctx->processes ||
	    (loop % WIS_CHECK_EVERY && !injected))
		return;
	mapped = !mincore(c, w->pg, &b) || errno != ENOMEM;
	if (wis_inject(w, WIS_I_CONTENT))
		mapped = !mapped;
	if (mapped)
		fl_violation(w->t, loop, 0, 1,
			     "munmap returned but the range is still mapped");
}

/*
 * mmap, then either write one byte per page (one op each: page_fault*)
 * or nothing (one op per mmap/munmap pair: mmap*), munmap; repeat.
 * Each loop is checked (honest.h). The byte written is the loop's
 * number (never zero), so that a page that outlives its mapping shows.
 */
static inline int wis_run(struct wis *w, int flags, bool touch, char *hole)
{
	uint64_t loop;
	char *c = NULL;
	bool kept = false, skip;
	int rc = 0;

	for (loop = 0; !fl_stopping(w->t) && !rc; loop++) {
		unsigned char v = 1 + loop % 255;

		if (!kept)
			c = mmap(hole, w->size, PROT_READ | PROT_WRITE, flags,
				 w->fd, 0);
		if (c == MAP_FAILED)
			return -errno;
		w->now = !w->off && (kept || !(loop % w->every));
		kept = false;
		if (w->vec && w->now)
			rc = wis_check_fresh(w, c);
		if (touch) {
			wis_touch(w, c, v, loop);
			if (!loop)
				fl_note_pages(w->t, c, w->size);
		}
		skip = wis_inject(w, WIS_I_MUNMAP);
		if (!skip && munmap(c, w->size))
			return -errno;
		kept = skip && touch;	/* reuse it: as if mmap gave it back */
		if (!touch) {
			if (w->delay)	/* delay_ns */
				wis_delay(w);
			fl_inc(w->t, 0);
			wis_check_unmapped(w, c, loop, skip);
		}
		if (touch && w->file && w->now && !rc)
			rc = wis_check_file(w, v);
	}
	return rc;
}

static inline int wis_loop(struct fl_task *t, int flags, bool file,
			   bool touch)
{
	struct wis w = {
		.t = t, .size = fl_param_int(t->ctx, "size"),
		.pg = getpagesize(), .file = file,
		.shared = flags & MAP_SHARED, .site = wis_site(touch),
		.rng = t->rng, .off = honest_off(),
		.delay = t->ctx->priv,
	};
	char *hole;
	int rc;

	w.npg = (w.size + w.pg - 1) / w.pg;	/* pages touched */
	w.every = w.npg < WIS_CHECK_PAGES ?
		  (WIS_CHECK_PAGES + w.npg - 1) / w.npg : 1;
	w.fd = wis_file(t, w.size, file);
	if (file && w.fd < 0)
		return w.fd;
	/*
	 * mmap1 maps with no hint, as will-it-scale does: a hinted mmap
	 * skips the kernel's search for a THP-aligned gap that an unhinted
	 * anonymous one of 2 MiB or more takes (efa7df3e3bb5, 6.7), and
	 * that search is part of what mmap1 measures. Its threads' regions
	 * do not touch anyway: the aligned search leaves a gap above each.
	 */
	hole = touch || file ? wis_hole(w.size) : NULL;
	/* private file writes: do_cow_fault maps one order-0 page */
	w.span = file && !w.shared ? w.pg : honest_span();
	if (touch && !file && !w.off)
		w.vec = malloc(w.npg);
	if (touch && !file && !w.off && !w.vec)
		rc = -ENOMEM;
	else
		rc = wis_run(&w, flags, touch, hole);
	free(w.vec);
	if (w.fd >= 0)
		close(w.fd);
	return rc;
}

#endif /* FAULTLINE_WIS_H */
