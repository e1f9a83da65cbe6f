// SPDX-License-Identifier: GPL-2.0
/*
 * known_races.c - the pure checkers of fork_race, dirtycow, mremap_race
 * and stack_race (known_races.h). Nothing here touches memory a kernel
 * could have changed: every input is a number the workload logged or
 * read, so tests/unit can feed made-up histories.
 */
#define _GNU_SOURCE
#include "known_races.h"
#include "tag.h"

uint64_t kr_gen_near(uint64_t g, uint64_t ref)
{
	uint64_t fwd = (g - ref) & TAG_GEN_MASK;
	uint64_t back = (ref - g) & TAG_GEN_MASK;

	if (back <= fwd && back <= ref)
		return ref - back;
	return ref + fwd;
}

/* ---- fork_race ---- */

int fr_judge(unsigned int w, uint64_t idx, uint64_t base, uint64_t lo,
	     uint64_t hi, uint64_t v)
{
	uint64_t g;

	if (!v)
		return lo ? FR_ZERO : FR_OK;
	if (!tag_ok(v))
		return FR_BADTAG;
	if (tag_file(v) != TAG_PRIV(w) ||
	    tag_idx(v) != (idx & (TAG_MAX_PAGES - 1)))
		return FR_FOREIGN;
	g = kr_gen_near(tag_gen(v), hi);
	if (g > hi)
		return FR_FUTURE;
	if (g < lo || g <= base)
		return FR_STALE;
	return FR_OK;
}

int fr_judge_own(unsigned int w, uint64_t idx, uint64_t last, uint64_t v)
{
	uint64_t want = last ? tag_make(TAG_PRIV(w), idx, last) : 0;

	return v == want ? FR_OK : FR_LOST;
}

int fr_judge_childword(uint64_t v)
{
	return v ? FR_LEAK : FR_OK;
}

int fr_judge_order(unsigned int w, const uint64_t *v, unsigned int n,
		   unsigned int *at, unsigned int *later)
{
	unsigned int o;
	int last = -1;
	bool between = true;

	*at = *later = 0;
	for (o = 0; o < n; o++) {
		if (!v[o])
			continue;
		*at = o;
		if (!tag_ok(v[o]))
			return FR_BADTAG;
		if (tag_file(v[o]) != TAG_PRIV(w) || tag_idx(v[o]) != o)
			return FR_FOREIGN;
		last = (int)o;
	}
	if (last < 0)
		return FR_OK;
	*later = (unsigned int)last;
	for (o = 0; o < n; o++) {
		*at = o;
		if (v[o] && tag_gen(v[o]) != tag_gen(v[last]))
			return FR_MIXED;
		/* the low lane whole, the high lane dropped? */
		if ((v[o] == 0) != (o & 1))
			between = false;
	}
	if (between)
		return FR_OK;
	for (o = 0; o < (unsigned int)last; o++) {
		*at = o;
		if (!v[o])
			return FR_TORN;
	}
	return FR_OK;
}

const char *fr_what(int verdict)
{
	static const char *const what[FR_NR] = {
		[FR_OK] = "ok",
		[FR_BADTAG] = "bad check bits",
		[FR_FOREIGN] = "not this page's tag (another writer or page)",
		[FR_ZERO] = "zero, but a write had completed before fork",
		[FR_STALE] = "stale: older than the last write completed before fork",
		[FR_FUTURE] = "saw a write that began after fork returned",
		[FR_LOST] = "parent lost its own write",
		[FR_LEAK] = "parent sees a fork child's write",
		[FR_TORN] = "zero, but a later write of the same writer is in the snapshot",
		[FR_MIXED] = "a page from another round (one MADV_DONTNEED dropped)",
	};

	return verdict >= 0 && verdict < FR_NR ? what[verdict] : "?";
}

/* ---- dirtycow ---- */

/* What the view shows where no forced write is: the file, or zero. */
static uint64_t dc_source(unsigned int fid, uint64_t page)
{
	return fid ? tag_make(fid, page, 0) : 0;
}

int dc_judge(const struct dc_obs *o)
{
	uint64_t g;

	if (o->v == dc_source(o->fid, o->page))
		return o->stable && o->read == o->wrote && !o->dropped ?
		       DC_LOST : DC_OK;
	/* a torn or corrupt word is that, whatever ran between */
	if (!tag_ok(o->v))
		return DC_BADTAG;
	if (o->dropped)
		return DC_KEPT;
	if (tag_file(o->v) != TAG_PRIV(o->task) ||
	    tag_idx(o->v) != (o->page & (TAG_MAX_PAGES - 1)))
		return DC_FOREIGN;
	g = tag_gen(o->v);
	if ((g & 511) != o->read)
		return DC_FOREIGN;
	/*
	 * An older write to the word just written is the page a DONTNEED
	 * in progress has unmapped: until its TLB flush another CPU may
	 * still read it, while the forced write faulted in a new page.
	 */
	if (o->read == o->wrote && g != dc_gen(o->n, o->wrote) && o->stable)
		return DC_FOREIGN;
	return DC_OK;
}

int dc_judge_file(unsigned int fid, uint64_t page, uint64_t v)
{
	if (v == dc_source(fid, page))
		return DC_OK;
	return fid ? DC_FILE : DC_ZEROPAGE;
}

const char *dc_what(int verdict)
{
	static const char *const what[DC_NR] = {
		[DC_OK] = "ok",
		[DC_BADTAG] = "bad check bits",
		[DC_FOREIGN] = "neither the file nor this task's last forced write",
		[DC_LOST] = "forced write lost with no MADV_DONTNEED since",
		[DC_FILE] = "read-only file changed",
		[DC_ZEROPAGE] = "the zero page is not zero",
		[DC_KEPT] = "a forced write survived a completed MADV_DONTNEED",
	};

	return verdict >= 0 && verdict < DC_NR ? what[verdict] : "?";
}

/* ---- mremap_race ---- */

/* The state of the page's last write at or before state lo; ~0: unknown */
static uint64_t mr_last(const struct mr_obs *o)
{
	if (o->cur <= o->lo)
		return o->cur;
	if (o->prev <= o->lo)
		return o->prev;
	return ~0ULL;
}

static int mr_judge_empty(const struct mr_obs *o, bool moving, bool here)
{
	if (o->segv) {
		if (moving)
			return MR_OK;
		/* stable: the region, or a DONTUNMAP'd range, is mapped */
		return here || o->dontunmap ? MR_SEGV : MR_OK;
	}
	/* zero */
	if (moving)
		return o->dontunmap ? MR_OK : MR_ZERO;
	if (here)
		return MR_ZERO;
	return o->dontunmap ? MR_OK : MR_MAPPED;
}

int mr_judge(const struct mr_obs *o)
{
	bool moving = o->hi > o->lo;
	bool here = (o->lo & 1) == o->range;
	uint64_t g, last;

	if (o->segv || !o->v)
		return mr_judge_empty(o, moving, here);
	if (!tag_ok(o->v))
		return MR_BADTAG;
	if (tag_file(o->v) != TAG_ANON ||
	    tag_idx(o->v) != (o->page & (TAG_MAX_PAGES - 1)))
		return MR_FOREIGN;
	if (!moving && !here)
		return o->dontunmap ? MR_NOTZERO : MR_MAPPED;
	g = kr_gen_near(tag_gen(o->v), o->hi);
	if (g > o->hi)
		return MR_GEN;
	if (g > o->lo)
		return MR_OK;
	last = mr_last(o);
	if (last == ~0ULL)
		return MR_OK;	/* rewritten twice since: cannot tell */
	return g == last ? MR_OK : MR_GEN;
}

const char *mr_what(int verdict)
{
	static const char *const what[MR_NR] = {
		[MR_OK] = "ok",
		[MR_BADTAG] = "bad check bits",
		[MR_FOREIGN] = "not this page's tag",
		[MR_GEN] = "stale or unwritten generation",
		[MR_ZERO] = "zero page where the region was mapped",
		[MR_SEGV] = "SIGSEGV in a range mapped in every state of the window",
		[MR_MAPPED] = "old range still readable after mremap() moved it",
		[MR_NOTZERO] = "old range holds data after MREMAP_DONTUNMAP",
	};

	return verdict >= 0 && verdict < MR_NR ? what[verdict] : "?";
}

/* ---- stack_race ---- */

int sr_judge_page(uint64_t want, bool segv, uint64_t v)
{
	if (segv)
		return SR_SEGV;
	return v == want ? SR_OK : SR_LOST;
}

int sr_judge_gap(bool segv)
{
	return segv ? SR_OK : SR_GAP;
}

const char *sr_what(int verdict)
{
	static const char *const what[SR_NR] = {
		[SR_OK] = "ok",
		[SR_GAP] = "access in the stack guard gap did not fault",
		[SR_SEGV] = "SIGSEGV on a mapped page",
		[SR_LOST] = "page does not hold what its one writer wrote",
	};

	return verdict >= 0 && verdict < SR_NR ? what[verdict] : "?";
}
