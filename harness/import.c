// SPDX-License-Identifier: GPL-2.0
/* Placeholder until this subcommand lands. */
#include "cli.h"

int cmd_import(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fl_die(FL_EXIT_USAGE, "import: not built yet");
}
