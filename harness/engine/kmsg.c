// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg.c - read /dev/kmsg across a case. A BUG, WARNING, Oops, bad page,
 * bad rss-counter, lockup or hung task fails the case, and the lines are
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

static const char *const bad[] = {
	"BUG:", "BUG ", "WARNING:", "Oops", "Bad page", "Bad rss-counter",
	"soft lockup", "hard LOCKUP", "hung_task", "blocked for more than",
	"general protection fault", "kernel BUG",
};

int fl_kmsg_is_bad(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(line, bad[i]))
			return 1;
	return 0;
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
		snprintf(note, sizeof(note), "/dev/kmsg unreadable: %s",
			 strerror(k->err));
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
