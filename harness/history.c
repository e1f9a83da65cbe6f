// SPDX-License-Identifier: GPL-2.0
/* Placeholder until this subcommand lands. */
#include "cli.h"

int cmd_history(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fl_die(FL_EXIT_USAGE, "history: not built yet");
}
