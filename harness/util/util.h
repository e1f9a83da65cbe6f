/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - the one copy of the small helpers every part of the harness
 * shares: hashing, the monotonic clock, recursive delete, text.
 */
#ifndef FAULTLINE_UTIL_H
#define FAULTLINE_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a over s, folded with seed through splitmix64. */
uint64_t fl_hash64(uint64_t seed, const char *s);

/* sha256 of a buffer or a file as 64 hex digits; 0 or -errno. */
void fl_sha256_hex(const void *buf, size_t len, char hex[65]);
/* realloc() that aborts when out of memory instead of returning NULL */
void *fl_realloc(void *p, size_t size);
int fl_sha256_file(const char *path, char hex[65]);

/* CLOCK_MONOTONIC in seconds and in nanoseconds. */
double fl_mono_sec(void);
uint64_t fl_mono_ns(void);

/* rm -rf path; 0 if it is gone (or never was), else -errno. */
int fl_rmtree(const char *path);

/* Edit distance between a and b (for "did you mean"). */
int fl_edit_distance(const char *a, const char *b);

/*
 * Of the n names, the closest to `typed`, or NULL if none is close
 * enough to be what the user meant.
 */
const char *fl_nearest(const char *typed, const char *const *names,
		       size_t n);

/*
 * "; did you mean 'PREx'?" into buf, x being fl_nearest(), or "" if no
 * name is close: the one wording of the hint. Returns buf.
 */
const char *fl_did_you_mean(char *buf, size_t len, const char *typed,
			    const char *const *names, size_t n,
			    const char *pre);

/* names[0..n) joined by sep into buf (cut at len); returns buf. */
char *fl_join(char *buf, size_t len, const char *const *names, size_t n,
	      const char *sep);

#endif /* FAULTLINE_UTIL_H */
