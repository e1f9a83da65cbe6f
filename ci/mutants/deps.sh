#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Debian 12 packages `make mutants` needs on top of ci/deps.sh: the
# kernel source and what building it takes. Installed the same way as
# ci/deps.sh: as root apt-get installs what is missing; otherwise the
# command is printed and this fails.
set -eu
exec sh "$(dirname "$0")/../apt-install.sh" linux-source-6.12 \
	build-essential bc flex bison libelf-dev libssl-dev cpio kmod \
	xz-utils patch ccache qemu-system-x86 xfsprogs jq
