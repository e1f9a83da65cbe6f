// SPDX-License-Identifier: GPL-2.0
/*
 * check_cow.c - cow_storm's checks as pure functions (see check.h and
 * docs/races.md, "cow_storm").
 */
#define _GNU_SOURCE
#include "check.h"

bool check_bytes_from(uint64_t v, const uint64_t *tags, int n)
{
	int b, i;

	for (b = 0; b < 64; b += 8) {
		uint64_t byte = (v >> b) & 0xff;

		for (i = 0; i < n; i++)
			if (((tags[i] >> b) & 0xff) == byte)
				break;
		if (i == n)
			return false;
	}
	return true;
}

/*
 * A word copied by the kernel while a writer stored whole tags into the
 * source: each byte comes from one of the generations of the window.
 * The copy routines promise no more (docs/races.md, "Torn copies"), and
 * nothing bounds how many generations one copy spans: a reader stalled
 * in the middle of a word (a preempted vCPU under TCG) reads its first
 * bytes in one generation and its last ones many generations later, so
 * every generation of the window is tried, newest first, byte by byte.
 * A window wider than 2^24 generations allows every 24-bit generation.
 */
static bool cow_torn(const struct cow_window *w, uint64_t seen)
{
	uint64_t n, g = w->hi;
	unsigned int left = 0xff, b;	/* bytes no generation gave yet */

	if (w->hi <= w->lo)
		return false;
	n = w->hi - w->lo > TAG_GEN_MASK ? TAG_GEN_MASK + 1 :
					   w->hi - w->lo + 1;
	for (; n; n--, g--) {
		uint64_t x = tag_make(w->fid, w->page, g) ^ seen;

		for (b = 0; b < 8; b++)
			if (!((x >> (8 * b)) & 0xff))
				left &= ~(1U << b);
		if (!left)
			return true;
	}
	return false;
}

int cow_check_word(const struct cow_window *w, uint64_t seen, uint64_t *gen)
{
	uint64_t g;

	if (!tag_ok(seen))
		return w->torn_ok && cow_torn(w, seen) ? COW_TORN :
							 COW_BAD_CHECK;
	if (tag_file(seen) & 0x80)
		return tag_file(seen) == TAG_PRIV(w->task) ? COW_OWN_DROPPED :
							     COW_OTHER_PRIV;
	if (tag_file(seen) != w->fid)
		return COW_OTHER_FILE;
	if (tag_idx(seen) != (w->page & (TAG_MAX_PAGES - 1)))
		return COW_BAD_INDEX;
	g = tag_gen_full(tag_gen(seen), w->hi);
	if (gen)
		*gen = g;
	if (g < w->lo) {
		/* a torn word can pass for a whole tag only by chance */
		if (w->torn_ok && cow_torn(w, seen))
			return COW_TORN;
		return COW_STALE;
	}
	return COW_OK;
}

const char *cow_what(int verdict)
{
	static const char *const what[COW_NR] = {
		[COW_OK] = "ok",
		[COW_TORN] = "torn copy of allowed generations",
		[COW_BAD_CHECK] = "bad check bits",
		[COW_OWN_DROPPED] = "own dropped private write",
		[COW_OTHER_PRIV] = "another task's private write",
		[COW_OTHER_FILE] = "another file's page",
		[COW_BAD_INDEX] = "wrong page index",
		[COW_STALE] = "stale gen",
	};

	return verdict >= 0 && verdict < COW_NR ? what[verdict] : "?";
}

int cow_check_own(uint64_t seen, uint64_t own)
{
	if (seen == own)
		return OWN_OK;
	if (!tag_ok(seen))
		return OWN_BAD_CHECK;
	if (tag_file(seen) == tag_file(own))
		return OWN_OLDER;
	if (tag_file(seen) & 0x80)
		return OWN_OTHER_TASK;
	return OWN_FILE;
}

const char *cow_own_what(int verdict)
{
	static const char *const what[OWN_NR] = {
		[OWN_OK] = "ok",
		[OWN_BAD_CHECK] = "bad check bits",
		[OWN_OLDER] = "own older write",
		[OWN_OTHER_TASK] = "another task's write",
		[OWN_FILE] = "file data",
	};

	return verdict >= 0 && verdict < OWN_NR ? what[verdict] : "?";
}

int cow_check_child(uint64_t seen, uint64_t snapshot, uint64_t parent)
{
	if (seen == snapshot)
		return FORK_OK;
	return seen == parent ? FORK_CHILD_SAW_WRITE : FORK_CHILD_WRONG;
}

int cow_check_parent(uint64_t w0, uint64_t w1, uint64_t wrote,
		     uint64_t snapshot)
{
	if (w0 != wrote)
		return FORK_PARENT_LOST;
	if (w1 != snapshot)
		return FORK_PARENT_DATA;
	return FORK_OK;
}

int cow_check_dropped(uint64_t seen)
{
	return seen ? FORK_NOT_DROPPED : FORK_OK;
}

const char *cow_fork_what(int verdict)
{
	static const char *const what[FORK_NR] = {
		[FORK_OK] = "ok",
		[FORK_CHILD_SAW_WRITE] = "fork child saw the parent's write",
		[FORK_CHILD_WRONG] = "fork child saw wrong data",
		[FORK_PARENT_LOST] = "parent lost its own write after fork",
		[FORK_PARENT_DATA] = "parent lost its data after fork",
		[FORK_NOT_DROPPED] = "anonymous data survived MADV_DONTNEED",
	};

	return verdict >= 0 && verdict < FORK_NR ? what[verdict] : "?";
}
