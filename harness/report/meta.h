/* SPDX-License-Identifier: GPL-2.0 */
/* meta.h - what produced a run: kernel, config, machine, topology. */
#ifndef FAULTLINE_META_H
#define FAULTLINE_META_H

#include <json-c/json.h>
#include <stdbool.h>

struct fl_topo;

/* The "system" object of a result document. */
json_object *fl_meta_system(const struct fl_topo *t, bool aslr_off);
/* First line of a file, trailing newline removed; "" if unreadable. */
void fl_read_line(const char *path, char *buf, size_t len);

#endif /* FAULTLINE_META_H */
