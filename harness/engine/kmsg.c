// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg.c - read /dev/kmsg across a case. Any line the kernel prints when
 * it finds itself broken (the table below: BUG, WARNING, Oops, bad page,
 * RCU stalls, lockups, hung tasks, sanitizer reports, list corruption,
 * general protection faults, panics) fails the case, and the lines are
 * kept in the result.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmsg.h"

struct fl_kmsg {
	int fd;
	int err;
};

/*
 * What the kernel prints when it finds itself broken: a substring of the
 * message and the class reported. The format strings are the kernel's own
 * (6.1 to 6.18): BUG() and its relatives print "kernel BUG at" or
 * "BUG: ..." (KASAN, KFENCE, soft lockup, bad rss-counter, sleeping in
 * atomic context all start with "BUG: "); WARN() prints "WARNING: CPU:";
 * lib/list_debug.c "list_add corruption" and "list_del corruption";
 * kernel/rcu/tree_stall.h and tree_exp.h "detected stalls",
 * "self-detected stall" and "detected expedited stalls";
 * lib/ubsan.c "UBSAN: "; kernel/watchdog.c "hard LOCKUP";
 * kernel/hung_task.c "blocked for more than"; arch/x86/kernel/traps.c
 * "general protection fault"; mm/page_alloc.c and mm/memory.c
 * "Bad page state" and "Bad page map". A general protection fault counts
 * only with the die counter "[#N]" of an oops: "traps: prog[pid] general
 * protection fault ip:..." is a user program's, which the runner judges
 * by its signal.
 */
static const struct {
	const char *pat;
	const char *also;	/* must also be in the line, if set */
	const char *class;
} bad[] = {
	{ "kernel BUG at",		NULL,	"BUG" },
	{ "BUG: KASAN:",		NULL,	"KASAN" },
	{ "BUG: KFENCE:",		NULL,	"KFENCE" },
	{ "soft lockup",		NULL,	"soft lockup" },
	{ "Bad page",			NULL,	"bad page" },
	{ "Bad rss-counter",		NULL,	"bad rss-counter" },
	{ "general protection fault",	"[#",	"general protection fault" },
	{ "BUG:",			NULL,	"BUG" },
	{ "WARNING:",			NULL,	"WARNING" },
	{ "Oops",			NULL,	"Oops" },
	{ "list_add corruption",	NULL,	"list corruption" },
	{ "list_del corruption",	NULL,	"list corruption" },
	{ "detected stalls",		NULL,	"RCU stall" },
	{ "self-detected stall",	NULL,	"RCU stall" },
	{ "detected expedited stalls",	NULL,	"RCU stall" },
	{ "UBSAN:",			NULL,	"UBSAN" },
	{ "hard LOCKUP",		NULL,	"hard lockup" },
	{ "blocked for more than",	NULL,	"hung task" },
	{ "hung_task",			NULL,	"hung task" },
	{ "Kernel panic",		NULL,	"panic" },
};

const char *fl_kmsg_class(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(line, bad[i].pat) &&
		    (!bad[i].also || strstr(line, bad[i].also)))
			return bad[i].class;
	return NULL;
}

int fl_kmsg_is_bad(const char *line)
{
	return fl_kmsg_class(line) != NULL;
}

struct fl_kmsg *fl_kmsg_open(void)
{
	struct fl_kmsg *k = calloc(1, sizeof(*k));

	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		k->err = errno;
	else if (lseek(k->fd, 0, SEEK_END) < 0)
		k->err = errno;
	return k;
}

int fl_kmsg_collect(struct fl_kmsg *k, json_object *case_obj, int *oom)
{
	json_object *lines = json_object_new_array();
	char rec[8192], note[128];
	int nbad = 0;
	ssize_t r;

	*oom = 0;
	while (k->fd >= 0 && !k->err) {
		char *msg;

		r = read(k->fd, rec, sizeof(rec) - 1);
		if (r < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (r <= 0)
			break;
		rec[r] = '\0';
		msg = strchr(rec, ';');	/* "prio,seq,time,flags;text\n" */
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		if (strcasestr(msg, "out of memory") || strstr(msg, "oom-kill"))
			*oom = 1;
		if (fl_kmsg_is_bad(msg)) {
			nbad++;
			if (json_object_array_length(lines) < 200)
				json_object_array_add(lines,
					json_object_new_string(msg));
		}
	}
	json_object_object_add(case_obj, "kmsg", lines);
	if (k->err) {
		fl_kmsg_unwatched(k, note, sizeof(note));
		json_object_object_add(case_obj, "kmsg_note",
				       json_object_new_string(note));
	} else {
		json_object_object_add(case_obj, "kmsg_note", NULL);
	}
	if (k->fd >= 0)
		close(k->fd);
	free(k);
	return nbad;
}

const char *fl_kmsg_unwatched(const struct fl_kmsg *k, char *buf, size_t len)
{
	if (!k->err)
		return NULL;
	snprintf(buf, len, "/dev/kmsg unreadable: %s%s", strerror(k->err),
		 k->err == EPERM || k->err == EACCES ?
		 " (dmesg_restrict, no CAP_SYSLOG)" : "");
	return buf;
}
