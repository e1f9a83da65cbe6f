// SPDX-License-Identifier: GPL-2.0
/*
 * check_trunc.c - truncate_race's model as pure functions of the
 * truncator's log (see check.h and docs/races.md, "truncate_race").
 */
#define _GNU_SOURCE
#include "check.h"

static inline uint64_t trc_rec(const struct trc_hist *h, uint64_t k)
{
	return __atomic_load_n(&h->ring[k % TRC_RING], __ATOMIC_RELAXED);
}

bool trc_lost(const struct trc_hist *h, uint64_t oldest)
{
	return h->now + 8 >= oldest + TRC_RING;
}

/* Does op r change page p: cover it, or cut it (EOF inside p)? */
static bool rec_touches(uint64_t r, uint64_t p)
{
	if (rec_covers(r, p))
		return true;
	return rec_type(r) == OP_SHRINK && rec_odd(r) && rec_size(r) == p + 1;
}

int64_t trc_last_cover(const struct trc_hist *h, uint64_t p, uint64_t a)
{
	uint64_t k = __atomic_load_n(&h->done[p], __ATOMIC_RELAXED);

	if (k <= a)
		return k;
	for (k = a; a - k < TRC_WALK; k--) {
		if (rec_touches(trc_rec(h, k), p))
			return k;
		if (!k)
			break;
	}
	return -1;
}

int trc_type(const struct trc_hist *h, int64_t c)
{
	if (c < 0 || h->now >= (uint64_t)c + TRC_RING / 2)
		return -1;
	return rec_type(trc_rec(h, c));
}

void trc_sizes(const struct trc_hist *h, uint64_t a, uint64_t b,
	       uint64_t *minsz, uint64_t *maxsz)
{
	uint64_t k;

	*minsz = ~0ULL;
	*maxsz = 0;
	for (k = a; k <= b; k++) {
		uint64_t sz = rec_size(trc_rec(h, k));

		*minsz = sz < *minsz ? sz : *minsz;
		*maxsz = sz > *maxsz ? sz : *maxsz;
	}
}

int trc_find_shrink(const struct trc_hist *h, uint64_t p, uint64_t x,
		    uint64_t y)
{
	uint64_t k, from = x + 1;
	int unknown = SHRINK_NONE;

	if (y + 1 > TRC_RING / 2 && from < y + 1 - TRC_RING / 2) {
		from = y + 1 - TRC_RING / 2;
		unknown = SHRINK_UNKNOWN;
	}
	for (k = from; k <= y; k++) {
		uint64_t r = trc_rec(h, k);

		if (rec_type(r) == OP_SHRINK && rec_covers(r, p))
			return SHRINK_FOUND;
	}
	if (trc_lost(h, from))
		return SHRINK_UNKNOWN;
	return unknown;
}

/*
 * Word w of page p once op k is done: the tag of the last fill, zero
 * after a punch or extend, cut after a truncate into the page. False if
 * the history is gone.
 */
static bool trc_value(const struct trc_hist *h, uint64_t p, unsigned int w,
		      uint64_t k, uint64_t *v, int depth)
{
	int64_t c = trc_last_cover(h, p, k);
	int ty = trc_type(h, c);
	uint64_t r;

	if (ty < 0 || depth > 2)
		return false;
	r = trc_rec(h, c);
	if (ty == OP_FILL) {
		*v = tag_make(h->fid, p, c);
		return true;
	}
	if (ty != OP_SHRINK || rec_covers(r, p)) {
		*v = 0;		/* punched, or zero since beyond EOF */
		return true;
	}
	/* EOF inside p: what was there before, cut at EOF */
	if (!c || !trc_value(h, p, w, c - 1, v, depth + 1))
		return false;
	*v = trc_cut(*v, trc_eof_off(c), w);
	return true;
}

/* Is op c a truncate that left EOF inside page p? */
static bool trc_cuts(const struct trc_hist *h, int64_t c, uint64_t p)
{
	uint64_t r;

	if (trc_type(h, c) != OP_SHRINK)
		return false;
	r = trc_rec(h, c);
	return !rec_covers(r, p) && rec_touches(r, p);
}

/* Page p lies in the large-folio block of an EOF of ops a..b (shmem). */
static bool trc_in_eof_block(const struct trc_hist *h, uint64_t p,
			     uint64_t a, uint64_t b)
{
	uint64_t k, sz;

	if (!h->shmem_large)
		return false;
	for (k = a; k <= b; k++) {
		sz = rec_size(trc_rec(h, k));
		if (sz && (sz - 1) / TRC_HUGE_PAGES == p / TRC_HUGE_PAGES)
			return true;
	}
	return false;
}

/*
 * Data beyond EOF that shmem may show: a large folio across EOF, and
 * what a private mapping made of it. A folio mapped across EOF by
 * design (filemap_map_pages()) is mapped read-only in a private mapping;
 * a write to it is a COW in do_wp_page(), which checks no i_size, so a
 * private copy beyond EOF may appear after the truncate as well.
 */
static bool trc_large_ok(const struct trc_hist *h, const struct trc_access *x)
{
	uint64_t v = x->v;

	if (v && (!tag_ok(v) || tag_idx(v) != x->page ||
		  (tag_file(v) != h->fid && !(tag_file(v) & 0x80))))
		return false;
	return trc_in_eof_block(h, x->page, x->a, x->b);
}

/* Classify a value no state of the window allows. */
static int trc_classify(const struct trc_hist *h, const struct trc_access *x,
			struct trc_result *r)
{
	uint64_t v = x->v, g, rec;
	int64_t c;

	if (!v)
		return TRC_ZERO;
	if (trc_cuts(h, r->op, x->page) &&
	    (x->word + 1) * 8 > trc_eof_off(r->op))
		return TRC_TAIL_NOT_ZERO;
	if (!tag_ok(v))
		return TRC_BAD_CHECK;
	if (tag_file(v) != h->fid)
		return TRC_OTHER_FILE;
	if (tag_idx(v) != x->page)
		return TRC_BAD_INDEX;
	g = tag_gen_full(tag_gen(v), x->b);
	r->gen = g;
	if (x->b - g < TRC_RING / 2) {
		rec = trc_rec(h, g);
		if (rec_type(rec) != OP_FILL || !rec_covers(rec, x->page))
			return TRC_NEVER_WROTE;
	}
	c = trc_last_cover(h, x->page, x->a);
	if (c > (int64_t)g) {
		r->op = c;
		return TRC_STALE;
	}
	return TRC_NEVER_WROTE;
}

/* Is x->v the tag of a fill of its page during the access? */
static bool trc_fill_in(const struct trc_hist *h, const struct trc_access *x)
{
	uint64_t v = x->v, g, rec;

	if (!tag_ok(v) || tag_file(v) != h->fid || tag_idx(v) != x->page)
		return false;
	g = tag_gen_full(tag_gen(v), x->b);
	if (g <= x->a)
		return false;
	rec = trc_rec(h, g);
	return rec_type(rec) == OP_FILL && rec_covers(rec, x->page);
}

void trc_judge(const struct trc_hist *h, const struct trc_access *x,
	       struct trc_result *r)
{
	uint64_t cand[16], k, e;
	int n = 0, i;
	bool torn = false;

	r->verdict = TRC_OK;
	r->op = trc_last_cover(h, x->page, x->a);
	r->gen = 0;
	r->expected = 0;
	r->minsz = 0;
	r->maxsz = ~0ULL;
	r->beyond = false;
	if (x->b - x->a >= TRC_RING / 4) {
		r->verdict = TRC_SKIP;	/* stalled too long to judge */
		return;
	}
	trc_sizes(h, x->a, x->b, &r->minsz, &r->maxsz);
	r->beyond = r->maxsz <= x->page;
	if (x->bus) {
		if (r->minsz > x->page)
			r->verdict = TRC_SIGBUS_INSIDE;
		goto known;
	}
	if (r->beyond) {
		r->verdict = trc_large_ok(h, x) ? TRC_OK_LARGE :
						  TRC_MISSING_SIGBUS;
		goto known;
	}
	/* what the page held when the access began, and after each op */
	if (!trc_value(h, x->page, x->word, x->a, &e, 0)) {
		r->verdict = TRC_SKIP;
		return;
	}
	r->expected = e;
	cand[n++] = e;
	if (trc_fill_in(h, x))
		goto ok;
	for (k = x->a + 1; k <= x->b && n < 16; k++) {
		uint64_t rec = trc_rec(h, k);

		if (!rec_touches(rec, x->page))
			continue;
		if (!trc_value(h, x->page, x->word, k, &cand[n], 0)) {
			r->verdict = TRC_SKIP;
			return;
		}
		/*
		 * Zeroing part of a folio (truncate_inode_partial_folio())
		 * is a memset: bytes, not words. A truncate or punch that
		 * meets a large folio zeroes whole pages of it that way too.
		 */
		torn |= rec_type(rec) == OP_SHRINK ||
			rec_type(rec) == OP_PUNCH;
		n++;
	}
	if (k <= x->b) {
		r->verdict = TRC_SKIP;	/* too many changes to list */
		return;
	}
	for (i = 0; i < n; i++)
		if (x->v == cand[i])
			goto ok;
	if (torn && check_bytes_from(x->v, cand, n))
		goto ok;
	r->verdict = trc_classify(h, x, r);
	goto known;
ok:
	if (trc_cuts(h, r->op, x->page))
		r->verdict = TRC_OK_TAIL;
known:
	if (r->verdict > TRC_OK_TAIL && trc_lost(h, x->a >= TRC_WALK ?
						 x->a - TRC_WALK : 0))
		r->verdict = TRC_SKIP;
}

const char *trc_what(int verdict)
{
	static const char *const what[TRC_NR] = {
		[TRC_OK] = "ok",
		[TRC_SKIP] = "not judged",
		[TRC_OK_LARGE] = "data beyond EOF in a shmem large folio",
		[TRC_OK_TAIL] = "the cut last page",
		[TRC_SIGBUS_INSIDE] = "SIGBUS, but inside EOF",
		[TRC_MISSING_SIGBUS] = "missing SIGBUS: beyond EOF",
		[TRC_ZERO] = "zero, but a fill had written it",
		[TRC_BAD_CHECK] = "bad check bits",
		[TRC_OTHER_FILE] = "another file's tag",
		[TRC_BAD_INDEX] = "wrong page index",
		[TRC_NEVER_WROTE] = "gen never wrote this page",
		[TRC_STALE] = "stale gen",
		[TRC_TAIL_NOT_ZERO] = "data past EOF in the last page",
	};

	return verdict >= 0 && verdict < TRC_NR ? what[verdict] : "?";
}

int trc_judge_priv(const struct trc_hist *h, const struct trc_mine *mi,
		   uint64_t p, uint64_t a, uint64_t b, bool bus, uint64_t v)
{
	if (!bus && v == mi->tag) {
		if (trc_find_shrink(h, p, mi->b, a) == SHRINK_FOUND &&
		    !trc_lost(h, mi->b) && !trc_in_eof_block(h, p, mi->b, b))
			return TRP_SURVIVED;
		return TRP_OWN;
	}
	if (trc_find_shrink(h, p, mi->a, b) != SHRINK_NONE)
		return TRP_GONE;
	return trc_lost(h, mi->a) ? TRP_SKIP : TRP_LOST;
}

const char *trc_priv_what(int verdict)
{
	static const char *const what[TRP_NR] = {
		[TRP_OWN] = "own private write",
		[TRP_GONE] = "private page removed by a truncate",
		[TRP_SURVIVED] = "private COW page survived a truncate",
		[TRP_LOST] = "lost own private write",
		[TRP_SKIP] = "not judged",
	};

	return verdict >= 0 && verdict < TRP_NR ? what[verdict] : "?";
}
