/* SPDX-License-Identifier: GPL-2.0 */
/* kmsg.h - watch the kernel log across a case. */
#ifndef FAULTLINE_KMSG_H
#define FAULTLINE_KMSG_H

#include <stddef.h>

#include <json-c/json.h>

struct fl_kmsg;

/* Start watching: only lines logged from now on count. Never NULL. */
struct fl_kmsg *fl_kmsg_open(void);
/*
 * Read what was logged since open, add "kmsg" (the lines that fail a
 * case) and "kmsg_note" to case_obj, and close. Returns the number of
 * failing lines. *oom is set if the OOM killer ran.
 */
int fl_kmsg_collect(struct fl_kmsg *k, json_object *case_obj, int *oom);
/*
 * Why the kernel log is not watched (a BUG: would go unseen), in buf;
 * NULL if it is.
 */
const char *fl_kmsg_unwatched(const struct fl_kmsg *k, char *buf, size_t len);
/* Does this kernel log line fail a case? */
int fl_kmsg_is_bad(const char *line);
/* Which kind of failure the line reports, or NULL if it fails nothing. */
const char *fl_kmsg_class(const char *line);

#endif /* FAULTLINE_KMSG_H */
