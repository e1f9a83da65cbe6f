// SPDX-License-Identifier: GPL-2.0
/* util.c - small helpers the runner's files share (util.h). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util.h"
#include "workload.h"

uint64_t fl_hash64(uint64_t seed, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	seed ^= h;
	return fl_rand(&seed);
}

static void hexify(const unsigned char *md, char hex[65])
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	hex[64] = 0;
}

void fl_sha256_hex(const void *buf, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL);
	hexify(md, hex);
}

int fl_sha256_file(const char *path, char hex[65])
{
	unsigned char md[32], buf[1 << 16];
	unsigned int n = 0;
	EVP_MD_CTX *c;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	c = EVP_MD_CTX_new();
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		EVP_DigestUpdate(c, buf, got);
	EVP_DigestFinal_ex(c, md, &n);
	EVP_MD_CTX_free(c);
	close(fd);
	if (got < 0)
		return -EIO;
	hexify(md, hex);
	return 0;
}

uint64_t fl_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

double fl_mono_sec(void)
{
	return fl_mono_ns() / 1e9;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path) && errno != ENOENT ? -1 : 0;
}

int fl_rmtree(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return -errno;
	return 0;
}

char *fl_join(char *buf, size_t len, const char *const *names, size_t n,
	      const char *sep)
{
	size_t i, off = 0;

	if (len)
		*buf = 0;
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? sep : "",
				names[i]);
	return buf;
}

/* Optimal string alignment: a swap of two neighbours is one edit. */
int fl_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int d[64][64], v;

	if (la >= 64 || lb >= 64)
		return 64;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

const char *fl_nearest(const char *typed, const char *const *names,
		       size_t n)
{
	const char *best = NULL;
	int d, bestd = 1 << 30;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		d = fl_edit_distance(typed, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	/* a third of the name, at least 1, at most 3 edits */
	d = (int)strlen(typed) / 3;
	d = d < 1 ? 1 : d > 3 ? 3 : d;
	return bestd <= d ? best : NULL;
}

const char *fl_did_you_mean(char *buf, size_t len, const char *typed,
			    const char *const *names, size_t n,
			    const char *pre)
{
	const char *best = fl_nearest(typed, names, n);

	if (best)
		snprintf(buf, len, "; did you mean '%s%s'?", pre, best);
	else if (len)
		*buf = 0;
	return buf;
}

void *fl_realloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (!q && size)
		abort();
	return q;
}
