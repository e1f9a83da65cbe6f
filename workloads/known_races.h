/* SPDX-License-Identifier: GPL-2.0 */
/*
 * known_races.h - the checkers of the known-race workloads (fork_race,
 * dirtycow, mremap_race, stack_race) as pure functions: what the writers
 * logged and what a reader saw go in, a verdict comes out. The workloads
 * call them on live observations; tests/unit/test_*.c call them on
 * made-up histories. The models are in docs/races.md.
 */
#ifndef FAULTLINE_KNOWN_RACES_H
#define FAULTLINE_KNOWN_RACES_H

#include <stdbool.h>
#include <stdint.h>

/* The full generation whose low 24 bits are g, nearest to ref. */
uint64_t kr_gen_near(uint64_t g, uint64_t ref);

/* ---- fork_race ---- */

enum fr_verdict {
	FR_OK,
	FR_BADTAG,	/* bad check bits */
	FR_FOREIGN,	/* another writer's or another page's tag */
	FR_ZERO,	/* zero, but a write had completed before fork */
	FR_STALE,	/* older than the last write completed before fork */
	FR_FUTURE,	/* a write that began after fork returned */
	FR_LOST,	/* the parent's own write is gone */
	FR_LEAK,	/* the parent sees a fork child's write */
	FR_TORN,	/* order=1: a later write seen, an earlier one not */
	FR_MIXED,	/* order=1: a page of another round */
	FR_NR
};

/*
 * A word of page idx of writer w's region, as a fork child saw it.
 * Writes of the region's current incarnation have generations > base;
 * lo: the last write to the page completed before fork() was called
 * (0: none since base); hi: the last write that had begun when fork()
 * returned in the parent (>= lo).
 */
int fr_judge(unsigned int w, uint64_t idx, uint64_t base, uint64_t lo,
	     uint64_t hi, uint64_t v);
/* The parent's re-read of its own last write `last` (0: none). */
int fr_judge_own(unsigned int w, uint64_t idx, uint64_t last, uint64_t v);
/* The word only fork children write (each in its own copy): zero. */
int fr_judge_childword(uint64_t v);
/*
 * order=1: writer w's lane pages in the order it writes them, as a
 * fork child saw them: v[o] for o < n (n even; o = 2j is page j of the
 * low lane, o = 2j + 1 page j of the high lane). Each round the writer
 * stores tag (w, o, round) to every page in turn, each a fresh page,
 * then drops the high lane and then the low lane (MADV_DONTNEED). The
 * snapshot must be a prefix of that: no page zero below the highest
 * page written, all of one round, or the low lane whole and the high
 * lane dropped. *at: the page judged; *later: the highest page written.
 */
int fr_judge_order(unsigned int w, const uint64_t *v, unsigned int n,
		   unsigned int *at, unsigned int *later);
const char *fr_what(int verdict);

/* ---- dirtycow ---- */

enum dc_verdict {
	DC_OK,
	DC_BADTAG,	/* bad check bits */
	DC_FOREIGN,	/* neither the file nor this task's forced write */
	DC_LOST,	/* forced write gone with no MADV_DONTNEED since */
	DC_FILE,	/* the read-only file changed */
	DC_ZEROPAGE,	/* the (huge) zero page is not zero */
	DC_KEPT,	/* a forced write survived a whole MADV_DONTNEED */
	DC_NR
};

/* Generation field of a forced write: its number n and its word. */
static inline uint64_t dc_gen(uint64_t n, unsigned int word)
{
	return (n << 9 | (word & 511)) & ((1ULL << 24) - 1);
}

struct dc_obs {
	unsigned int fid;	/* the file's id; 0: the view is anonymous */
	unsigned int task;	/* the reader, also the only writer */
	uint64_t page;
	uint64_t n;		/* number of the last forced write */
	unsigned int wrote;	/* its word */
	unsigned int read;	/* the word read back */
	bool stable;		/* no MADV_DONTNEED from write to read */
	bool dropped;		/* a whole MADV_DONTNEED after the write */
	uint64_t v;		/* what the read saw */
};

int dc_judge(const struct dc_obs *o);
/* A word of page p of the file itself (pread), or of the zero page. */
int dc_judge_file(unsigned int fid, uint64_t page, uint64_t v);
const char *dc_what(int verdict);

/* ---- mremap_race ---- */

enum mr_verdict {
	MR_OK,
	MR_BADTAG,	/* bad check bits */
	MR_FOREIGN,	/* not this page's tag */
	MR_GEN,		/* a generation no state of the window had */
	MR_ZERO,	/* zero where no state of the window allows it */
	MR_SEGV,	/* SIGSEGV where every state of the window is mapped */
	MR_MAPPED,	/* old range still readable after a plain move */
	MR_NOTZERO,	/* old range not empty after MREMAP_DONTUNMAP */
	MR_NR
};

struct mr_obs {
	uint64_t page;
	unsigned int range;	/* 0: range A, 1: range B */
	uint64_t lo, hi;	/* the states of the window */
	bool dontunmap;		/* moves keep the old range mapped */
	uint64_t cur, prev;	/* states of the page's last two writes */
	bool segv;		/* the read faulted */
	uint64_t v;		/* else what it saw */
};

/* State k has the region in range k & 1 (state 0: range A). */
int mr_judge(const struct mr_obs *o);
const char *mr_what(int verdict);

/* ---- stack_race ---- */

enum sr_verdict {
	SR_OK,
	SR_GAP,		/* an access in the guard gap did not fault */
	SR_SEGV,	/* a mapped stack or own page faulted */
	SR_LOST,	/* a stack or own page does not hold its tag */
	SR_NR
};

/* An access to a mapped page whose one writer wrote `want`. */
int sr_judge_page(uint64_t want, bool segv, uint64_t v);
/* An access below the stack, within stack_guard_gap of the floor. */
int sr_judge_gap(bool segv);
const char *sr_what(int verdict);

#endif /* FAULTLINE_KNOWN_RACES_H */
