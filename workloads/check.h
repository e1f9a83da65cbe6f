/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check.h - the race checkers as pure functions: each takes what the
 * writers logged and what a reader observed and returns a verdict. The
 * workloads call them on every access; tests/unit/test_check_*.c feed
 * them synthetic histories. No function here touches shared state,
 * clocks or the harness. The models are in docs/races.md.
 */
#ifndef FAULTLINE_CHECK_H
#define FAULTLINE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "tag.h"

/* Is every byte of v the same byte of one of tags[0..n)? */
bool check_bytes_from(uint64_t v, const uint64_t *tags, int n);

/* ---- cow_storm (check_cow.c) ---- */

enum cow_verdict {
	COW_OK,			/* a whole tag of a window gen */
	COW_TORN,		/* bytes of allowed tags: torn copy */
	COW_BAD_CHECK,		/* not a tag, not made of allowed tags */
	COW_OWN_DROPPED,	/* own private write in a page read later */
	COW_OTHER_PRIV,		/* another task's private write */
	COW_OTHER_FILE,		/* another file's page */
	COW_BAD_INDEX,		/* a wrong page index */
	COW_STALE,		/* a generation older than the window */
	COW_NR
};

/* What a file word of page `page` may hold: gens [lo, hi]. */
struct cow_window {
	unsigned int fid;	/* the file's id */
	int task;		/* the reader's task id */
	uint64_t page;
	uint64_t lo, hi;	/* generations of the window (full, not mod) */
	bool torn_ok;		/* kernel copy during a write (docs) */
};

/* Judge one word; *gen gets the (full) generation seen, if any. */
int cow_check_word(const struct cow_window *w, uint64_t seen, uint64_t *gen);
const char *cow_what(int verdict);

enum cow_own_verdict {
	OWN_OK,			/* exactly own write of this loop */
	OWN_BAD_CHECK,
	OWN_OLDER,		/* own write of an older loop */
	OWN_OTHER_TASK,		/* another task's write */
	OWN_FILE,		/* file data: the write was lost */
	OWN_NR
};

/* Word 0 of a page the task wrote this loop. */
int cow_check_own(uint64_t seen, uint64_t own);
const char *cow_own_what(int verdict);

/* backing=anon: what the child saw, what the parent saw after fork. */
enum cow_fork_verdict {
	FORK_OK,
	FORK_CHILD_SAW_WRITE,	/* the child saw the parent's write */
	FORK_CHILD_WRONG,	/* the child saw anything else */
	FORK_PARENT_LOST,	/* the parent's own write is gone */
	FORK_PARENT_DATA,	/* the parent's other words changed */
	FORK_NOT_DROPPED,	/* data after MADV_DONTNEED */
	FORK_NR
};

int cow_check_child(uint64_t seen, uint64_t snapshot, uint64_t parent);
int cow_check_parent(uint64_t w0, uint64_t w1, uint64_t wrote,
		     uint64_t snapshot);
/* A word of private anonymous memory after MADV_DONTNEED: zero. */
int cow_check_dropped(uint64_t seen);
const char *cow_fork_what(int verdict);

/* ---- truncate_race (check_trunc.c) ---- */

#define TRC_RING	8192	/* operations remembered */
#define TRC_WALK	256	/* how far back a search looks */
#define TRC_HUGE_PAGES	512	/* largest shmem folio (PMD), pages */

enum { OP_SHRINK, OP_EXTEND, OP_PUNCH, OP_FILL };

/*
 * One operation in one u64: type, pages [lo, hi) it covers, file size
 * after it in pages (rounded up) and whether that size ends inside its
 * last page. Where it ends is trc_eof_off(k) of the op's number.
 */
static inline uint64_t rec_make(int type, uint64_t lo, uint64_t hi,
				uint64_t size, bool odd)
{
	return (uint64_t)type | lo << 2 | hi << 22 | size << 42 |
	       (uint64_t)odd << 63;
}

static inline int rec_type(uint64_t r) { return r & 3; }
static inline uint64_t rec_lo(uint64_t r) { return (r >> 2) & 0xfffff; }
static inline uint64_t rec_hi(uint64_t r) { return (r >> 22) & 0xfffff; }
static inline uint64_t rec_size(uint64_t r) { return (r >> 42) & 0x1fffff; }
static inline bool rec_odd(uint64_t r) { return r >> 63; }

static inline bool rec_covers(uint64_t r, uint64_t p)
{
	return rec_lo(r) <= p && p < rec_hi(r);
}

/* Byte offset of EOF inside the last page after odd op k: 1..4095. */
static inline unsigned int trc_eof_off(uint64_t k)
{
	return 1 + (unsigned int)((k * 0x9e3779b97f4a7c15ULL) >> 52) % 4095;
}

/* What word w of a page holds when EOF is at byte `off` of it. */
static inline uint64_t trc_cut(uint64_t tag, unsigned int off, unsigned int w)
{
	if ((w + 1) * 8 <= off)
		return tag;
	if (w * 8 >= off)
		return 0;
	return tag & ((1ULL << ((off - w * 8) * 8)) - 1);
}

/* The truncator's log, as a reader sees it. */
struct trc_hist {
	const uint64_t *ring;	/* op k at ring[k % TRC_RING] */
	const uint64_t *done;	/* per page: latest op begun on it */
	uint64_t now;		/* latest op begun when judging */
	unsigned int fid;
	bool shmem_large;	/* shmem folios may stay mapped across EOF */
};

/* One access: page, word, ops [a, b] of its window, SIGBUS or data. */
struct trc_access {
	uint64_t page;
	unsigned int word;
	uint64_t a, b;
	bool bus;
	uint64_t v;
};

enum trc_verdict {
	TRC_OK,
	TRC_SKIP,		/* too old to judge: history overwritten */
	TRC_OK_LARGE,		/* beyond EOF in a shmem large folio */
	TRC_OK_TAIL,		/* zero or a cut word past an odd EOF */
	TRC_SIGBUS_INSIDE,	/* "SIGBUS, but inside EOF" */
	TRC_MISSING_SIGBUS,	/* "missing SIGBUS" */
	TRC_ZERO,		/* zero, but a fill had written it */
	TRC_BAD_CHECK,
	TRC_OTHER_FILE,
	TRC_BAD_INDEX,
	TRC_NEVER_WROTE,	/* gen never wrote this page */
	TRC_STALE,		/* superseded fill */
	TRC_TAIL_NOT_ZERO,	/* data past an odd EOF in the last page */
	TRC_NR
};

struct trc_result {
	int verdict;
	uint64_t expected;	/* the model's value for the report */
	uint64_t minsz, maxsz;	/* file size range in the window, pages */
	int64_t op;		/* the op concerned, -1: none */
	uint64_t gen;		/* the generation seen */
	bool beyond;		/* beyond EOF for the whole window */
};

/* The latest op <= a covering p, -1 if unknown. */
int64_t trc_last_cover(const struct trc_hist *h, uint64_t p, uint64_t a);
/* The type of op c, -1 if the ring no longer holds it. */
int trc_type(const struct trc_hist *h, int64_t c);
/* Has op `oldest` been overwritten in the ring? */
bool trc_lost(const struct trc_hist *h, uint64_t oldest);
/* Smallest and largest file size, in pages, in ops [a, b]. */
void trc_sizes(const struct trc_hist *h, uint64_t a, uint64_t b,
	       uint64_t *minsz, uint64_t *maxsz);
/* Judge an access of the shared mapping (or an unwritten private page). */
void trc_judge(const struct trc_hist *h, const struct trc_access *x,
	       struct trc_result *r);
const char *trc_what(int verdict);

enum { SHRINK_NONE, SHRINK_FOUND, SHRINK_UNKNOWN };
/* A truncate removing page p among ops (x, y]? */
int trc_find_shrink(const struct trc_hist *h, uint64_t p, uint64_t x,
		    uint64_t y);

/* A task's own private write of a page, and what is known about it. */
struct trc_mine {
	uint64_t tag;	/* 0: none */
	uint64_t a;	/* a truncate after op a may have removed it */
	uint64_t b;	/* a truncate after op b must have removed it */
};

enum trc_priv_verdict {
	TRP_OWN,		/* own write, still there */
	TRP_GONE,		/* removed by a truncate: judge as file */
	TRP_SURVIVED,		/* COW page survived a truncate */
	TRP_LOST,		/* "lost own private write" */
	TRP_SKIP,
	TRP_NR
};

/* Judge a read of the private map of a page this task wrote. */
int trc_judge_priv(const struct trc_hist *h, const struct trc_mine *mi,
		   uint64_t p, uint64_t a, uint64_t b, bool bus, uint64_t v);
const char *trc_priv_what(int verdict);

/* ---- mapfixed_race (check_mapfixed.c) ---- */

#define MFC_HIST	1024	/* mapping states remembered per slice */
#define MFC_ANON	0xff	/* "file" index of an anonymous mapping */

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

struct mfc_hist {
	const uint64_t *hist;	/* state g at hist[g % MFC_HIST] */
	uint64_t first;		/* first page of the slice */
	const unsigned int *fid;	/* file ids, by file index */
	int nfiles;
	bool any_gen;		/* files are written: any generation */
};

enum mfc_verdict {
	MFC_OK,
	MFC_ZERO,		/* zero page in a file state */
	MFC_BAD_CHECK,
	MFC_BAD_INDEX,
	MFC_STALE,		/* the state before the window */
	MFC_RETIRED,		/* ours, not mapped in the window */
	MFC_OTHER_ANON,		/* anon page of another generation */
	MFC_FOREIGN,		/* not one of ours */
	MFC_NR
};

/* Judge value v of page p read in states [lo, hi]; *gen: stale gen. */
int mfc_judge(const struct mfc_hist *h, uint64_t p, uint64_t lo,
	      uint64_t hi, uint64_t v, uint64_t *gen);
/* What page p shows in state g (for the report): a tag, or 0. */
uint64_t mfc_expect(const struct mfc_hist *h, uint64_t p, uint64_t g);
const char *mfc_what(int verdict);

/* A word of file f's page p at the end: MFC_OK or why not. */
int mfc_check_file(const struct mfc_hist *h, int f, uint64_t p, uint64_t v);

#endif /* FAULTLINE_CHECK_H */
