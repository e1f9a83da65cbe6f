// SPDX-License-Identifier: GPL-2.0
/*
 * check_mapfixed.c - mapfixed_race's model as pure functions of the
 * remappers' history (see check.h and docs/races.md, "mapfixed_race").
 */
#define _GNU_SOURCE
#include "check.h"

#define MFC_STALE_BACK	8	/* states before a window called stale */

static uint64_t mfc_state(const struct mfc_hist *h, uint64_t g)
{
	return __atomic_load_n(&h->hist[g % MFC_HIST], __ATOMIC_RELAXED);
}

static bool mfc_file_tag(const struct mfc_hist *h, int f, uint64_t p,
			 uint64_t v)
{
	if (!h->any_gen)
		return v == tag_make(h->fid[f], p, 0);
	return tag_ok(v) && tag_file(v) == h->fid[f] &&
	       tag_idx(v) == (p & (TAG_MAX_PAGES - 1));
}

/* Does page p show v in mapping state g? */
static bool mfc_allowed(const struct mfc_hist *h, uint64_t p, uint64_t g,
			uint64_t v)
{
	unsigned int f = st_file(mfc_state(h, g), p - h->first);

	if (f == MFC_ANON)
		return v == 0 || v == tag_make(TAG_ANON, p, g);
	return mfc_file_tag(h, f, p, v);
}

uint64_t mfc_expect(const struct mfc_hist *h, uint64_t p, uint64_t g)
{
	unsigned int f = st_file(mfc_state(h, g), p - h->first);

	return f == MFC_ANON ? tag_make(TAG_ANON, p, g) :
			       tag_make(h->fid[f], p, 0);
}

int mfc_judge(const struct mfc_hist *h, uint64_t p, uint64_t lo,
	      uint64_t hi, uint64_t v, uint64_t *gen)
{
	uint64_t g;
	int f;

	for (g = lo; g <= hi; g++)
		if (mfc_allowed(h, p, g, v))
			return MFC_OK;
	if (!v)
		return MFC_ZERO;
	if (!tag_ok(v))
		return MFC_BAD_CHECK;
	if (tag_idx(v) != (p & (TAG_MAX_PAGES - 1)))
		return MFC_BAD_INDEX;
	for (g = lo; g > 0 && lo - g < MFC_STALE_BACK; g--)
		if (mfc_allowed(h, p, g - 1, v)) {
			if (gen)
				*gen = g - 1;
			return MFC_STALE;
		}
	for (f = 0; f < h->nfiles; f++)
		if (tag_file(v) == h->fid[f])
			return MFC_RETIRED;
	return tag_file(v) == TAG_ANON ? MFC_OTHER_ANON : MFC_FOREIGN;
}

int mfc_check_file(const struct mfc_hist *h, int f, uint64_t p, uint64_t v)
{
	int i;

	if (mfc_file_tag(h, f, p, v))
		return MFC_OK;
	if (!v)
		return MFC_ZERO;
	if (!tag_ok(v))
		return MFC_BAD_CHECK;
	if (tag_idx(v) != (p & (TAG_MAX_PAGES - 1)))
		return MFC_BAD_INDEX;
	for (i = 0; i < h->nfiles; i++)
		if (tag_file(v) == h->fid[i])
			return MFC_RETIRED;
	return tag_file(v) == TAG_ANON ? MFC_OTHER_ANON : MFC_FOREIGN;
}

const char *mfc_what(int verdict)
{
	static const char *const what[MFC_NR] = {
		[MFC_OK] = "ok",
		[MFC_ZERO] = "zero page",
		[MFC_BAD_CHECK] = "bad check bits",
		[MFC_BAD_INDEX] = "page index",
		[MFC_STALE] = "stale",
		[MFC_RETIRED] = "retired file",
		[MFC_OTHER_ANON] = "other anon gen",
		[MFC_FOREIGN] = "foreign file",
	};

	return verdict >= 0 && verdict < MFC_NR ? what[verdict] : "?";
}
