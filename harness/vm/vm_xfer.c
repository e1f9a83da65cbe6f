// SPDX-License-Identifier: GPL-2.0
/*
 * vm_xfer.c - read the guest's result transfer (its ttyS1, saved by qemu
 * to a file) and write the files it carries into the results directory.
 *
 * Records (vm_init.c writes them):
 *	FLXFER1 FILE <name>/<file> <size> <sha256>\n <size bytes> \n
 *	FLXFER1 BEGIN\n			the final copies follow
 *	FLXFER1 END <files> <rc> <sum>\n
 *				that many FILE records were sent, and
 *				sum is the sha256 of their header lines
 * A FILE record is kept only if its length and sha256 match, the later
 * of two copies of a file wins, and the transfer is complete only if END
 * came, counted exactly the intact FILE records after BEGIN and its sum
 * matches their headers (names are not in the files' sums). A damaged
 * record is skipped to the next "FLXFER1 " and makes the transfer fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm.h"

#define MAGIC	"FLXFER1 "

struct xfer {
	const char *buf;
	size_t len, pos;
	const char *dest, *name;
	bool final, end;
	int sent, got, bad, rc, files;
	bool result_json;
	char sum[80];
	char *hdrs;		/* FILE header lines since BEGIN */
	size_t hdrs_len;
};

/* "file" part of a record name: no slash, no leading dot, plain chars */
static bool good_file(const char *f)
{
	if (!*f || *f == '.' || strlen(f) > 128)
		return false;
	return strspn(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789._-") == strlen(f);
}

static int store(struct xfer *x, const char *file, const char *data,
		 size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", x->dest, file);
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	ret = vm_write_file(tmp, data, len);
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (x->final && !strcmp(file, "result.json"))
		x->result_json = true;
	return ret;
}

static void add_header(struct xfer *x, const char *hdr)
{
	size_t n = strlen(hdr);
	char *p = realloc(x->hdrs, x->hdrs_len + n + 1);

	if (!p)
		abort();
	memcpy(p + x->hdrs_len, hdr, n);
	p[x->hdrs_len + n] = '\n';
	x->hdrs = p;
	x->hdrs_len += n + 1;
}

/* One FILE record whose header is `hdr`; advances x->pos past it. */
static int file_record(struct xfer *x, const char *hdr)
{
	char rel[300], sha[80], hex[65], *file;
	unsigned long long size;
	const char *data = x->buf + x->pos;

	if (sscanf(hdr, MAGIC "FILE %299s %llu %79s", rel, &size, sha) != 3)
		return -EINVAL;
	file = strchr(rel, '/');
	if (!file || (size_t)(file - rel) != strlen(x->name) ||
	    strncmp(rel, x->name, file - rel) || !good_file(file + 1))
		return -EINVAL;
	if (size >= x->len - x->pos || data[size] != '\n')	/* no overflow */
		return -EINVAL;
	fl_sha256_hex(data, size, hex);
	if (strcmp(hex, sha))
		return -EINVAL;
	x->pos += size + 1;
	if (x->final)
		x->got++;
	x->files++;
	return store(x, file + 1, data, size);
}

static int record(struct xfer *x)
{
	const char *nl = memchr(x->buf + x->pos, '\n', x->len - x->pos);
	char hdr[400];
	size_t n;

	if (!nl)
		return -EINVAL;
	n = nl - (x->buf + x->pos);
	if (n >= sizeof(hdr))
		return -EINVAL;
	memcpy(hdr, x->buf + x->pos, n);
	hdr[n] = 0;
	x->pos += n + 1;
	if (!strcmp(hdr, MAGIC "BEGIN")) {
		x->final = true;
		x->got = 0;
		return 0;
	}
	if (sscanf(hdr, MAGIC "END %d %d %79s", &x->sent, &x->rc,
		   x->sum) == 3) {
		x->end = true;
		return 0;
	}
	if (x->final)
		add_header(x, hdr);
	return file_record(x, hdr);
}

/* Skip to the next record after a damaged one. */
static void resync(struct xfer *x, size_t from)
{
	const char *p = memmem(x->buf + from + 1, x->len - from - 1, MAGIC,
			       strlen(MAGIC));

	x->pos = p ? (size_t)(p - x->buf) : x->len;
}

static void parse(struct xfer *x)
{
	while (x->pos < x->len && !x->end) {
		size_t at = x->pos;
		int ret;

		if (x->len - at < strlen(MAGIC) ||
		    memcmp(x->buf + at, MAGIC, strlen(MAGIC))) {
			x->bad++;
			resync(x, at);
			continue;
		}
		ret = record(x);
		if (ret == -EINVAL) {
			x->bad++;
			resync(x, at);
		} else if (ret) {
			x->bad++;
		}
	}
}

/*
 * Write the files in transfer `path` into dest (a run directory named
 * `name`). 0 if the transfer is complete and intact, else -EIO and why.
 */
int vm_xfer_collect(const char *path, const char *dest, const char *name,
		    int *guest_rc, int *files, char *err, size_t errlen)
{
	struct xfer x = { .dest = dest, .name = name, .rc = -1 };
	char hex[65];
	size_t len = 0;
	char *buf = vm_read_file(path, &len);

	x.buf = buf ? buf : "";
	x.len = len;
	parse(&x);
	free(buf);
	fl_sha256_hex(x.hdrs ? x.hdrs : "", x.hdrs_len, hex);
	free(x.hdrs);
	*files = x.files;
	*guest_rc = x.end ? x.rc : -1;
	if (!x.end)
		snprintf(err, errlen, "result transfer incomplete: no end "
			 "record (%d files came back)", x.files);
	else if (x.bad || x.got != x.sent || strcmp(hex, x.sum))
		snprintf(err, errlen, "result transfer damaged: %d of %d "
			 "files intact, %d bad records", x.got, x.sent, x.bad);
	else if (!x.result_json)
		snprintf(err, errlen, "no result.json came back");
	else
		return 0;
	return -EIO;
}
