#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Debian 12 packages that only the hardening targets need (make asan,
# ubsan, fuzz, analyze; docs/hardening.md): clang for libFuzzer, cppcheck,
# valgrind, sqlite3 (the CLI: tests/data/history-v0.sql), afl++ (make fuzz
# FUZZ_ENGINE=afl). make check does not use this list. As root, install
# what is missing; else say how.
set -eu
exec sh "$(dirname "$0")/apt-install.sh" clang cppcheck valgrind sqlite3 afl++
