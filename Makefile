# SPDX-License-Identifier: GPL-2.0
# faultline - page-fault path stress and regression suite.
#
#   make          build ./faultline (objects under build/)
#   make run      install missing packages, run the default suite
#   make check    install missing packages, run the tests
#   make bench    benchmarks (speed targets live here, not in tests)
#   make races    the race suite (configs/races.suite)
#   make install PREFIX=/usr/local
#   make asan, ubsan, fuzz, analyze   hardening (docs/hardening.md)

PREFIX	?= /usr/local
CC	?= cc
BUILD	:= build
CFLAGS	?= -O2 -g
# harness/ is split by concern (README.md, "Layout"); every folder is on
# the include path, so a header is named by its file name alone.
HDIRS	:= harness $(sort $(dir $(wildcard harness/*/*.h)))
CFLAGS	+= -std=gnu11 -Wall -Wextra -Wno-unused-parameter -pthread \
	   -Iworkloads $(addprefix -I,$(HDIRS:/=)) -MMD -MP
LDLIBS	+= -lhwloc -lnuma -ljson-c -lgsl -lgslcblas -lsqlite3 -lz -lcrypto \
	   -lm -pthread
VERSION	:= $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)

MAIN	:= harness/cli/main.c
HARNESS	:= $(filter-out $(MAIN),$(wildcard harness/*.c harness/*/*.c))
WLS	:= $(wildcard workloads/*.c)
OBJS	:= $(patsubst %.c,$(BUILD)/%.o,$(HARNESS) $(WLS))
UNIT	:= $(patsubst %.c,$(BUILD)/%,$(wildcard tests/unit/test_*.c))
LIB	:= $(BUILD)/libfaultline.a
RUN_ARGS ?=
# the binary; the sanitizer builds put theirs in their BUILD dir
BIN	?= faultline
# extra compile and link flags (the sanitizer builds: make asan, ubsan)
SANFLAGS ?=
CFLAGS	+= $(SANFLAGS)
LDFLAGS	+= $(SANFLAGS)

.PHONY: all deps run check unit bench races install clean cflags ldlibs FORCE

all: $(BIN)

$(BUILD)/version.h: FORCE
	@mkdir -p $(BUILD)
	@echo '#define FL_VERSION "$(VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/harness/cli/main.o: $(BUILD)/version.h
$(BUILD)/harness/cli/main.o: CFLAGS += -include $(BUILD)/version.h

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BIN): $(BUILD)/harness/cli/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tests/unit/test_%: tests/unit/test_%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) -lcmocka $(LDLIBS)

deps:
	@sh ci/deps.sh

# the run's directory is read from its KTAP ("# results: DIR/result.json"),
# so -o and -n in RUN_ARGS hold; its report goes to DIR/report/
run: deps faultline
	@log=$$(mktemp); trap 'rm -f "$$log" "$$log.rc"; exit 130' INT TERM; \
	{ ./faultline run -c configs/quick.suite $(RUN_ARGS); \
	  echo $$? > "$$log.rc"; } | tee "$$log"; \
	rc=$$(cat "$$log.rc"); \
	dir=$$(sed -n 's|^# results: \(.*\)/result\.json$$|\1|p' "$$log"); \
	rm -f "$$log" "$$log.rc"; \
	if [ -n "$$dir" ] && ./faultline report -o "$$dir/report" "$$dir"; \
	then echo "report: $$dir/report/index.html"; fi; \
	exit $$rc

unit: $(UNIT)

check: deps $(BIN) unit
	@BUILD=$(BUILD) FL=./$(BIN) sh tests/run.sh

bench: deps faultline
	@sh bench/run.sh

races: deps faultline
	./faultline run -c configs/races.suite $(RUN_ARGS)
	FL=./faultline sh tests/sh/42-races-fs.sh

install: faultline
	install -D -m 755 faultline $(DESTDIR)$(PREFIX)/bin/faultline
	install -D -m 644 docs/faultline.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/faultline.1

# The flags, for scripts that build against the library (bench/).
cflags:
	@echo $(CFLAGS)
ldlibs:
	@echo $(LDLIBS)

clean:
	rm -rf $(BUILD) faultline

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# vm
.PHONY: vm-kernels vm-demo vm-ab
A ?=
B ?=
VM_ARGS ?= --accel auto
VM_RUN_ARGS ?= -d 5 -w 1 -r 3 -t 1 giant_vma giant_vma:writer=mmap
RUNS ?= 3

vm-kernels:
	sh ci/kernels.sh

vm-demo: deps faultline
	sh ci/vm-demo.sh

vm-ab: deps faultline
	A="$(A)" B="$(B)" RUNS="$(RUNS)" VM_ARGS="$(VM_ARGS)" \
		VM_RUN_ARGS="$(VM_RUN_ARGS)" sh ci/vm-ab.sh

# The copy `faultline vm` puts in a guest: static, so that a guest kernel
# that maps shared libraries wrongly cannot take the runner with it.
# hwloc's libudev calls go to stubs (Debian has no libudev.a).
.PHONY: clean-static
all: faultline-static
clean: clean-static

$(BUILD)/udev_stub_static.o: harness/vm/udev_stub.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DFL_STATIC -c -o $@ $<

faultline-static: $(BUILD)/harness/cli/main.o $(LIB) $(BUILD)/udev_stub_static.o
	$(CC) $(CFLAGS) $(LDFLAGS) -static -o $@ $^ $(LDLIBS) 2> $@.log \
		|| { cat $@.log >&2; rm -f $@.log; exit 1; }
	@rm -f $@.log

clean-static:
	rm -f faultline-static

# ci/lava/faultline.yaml run by a real LAVA dispatcher (lava-run) on a qemu
# device under TCG (docs/ci.md). Its tools come from ci/deps-lava.sh;
# make bench runs bench/lava.sh too once they are there.
.PHONY: lava
lava: deps faultline-static
	sh ci/deps-lava.sh > /dev/null
	sh bench/lava.sh

# mutant kernels against the race suite, then ci/bisect.sh on a git tree
# of stock, an unrelated change and a mutant (docs/mutants.md); the
# bisection runs even when the matrix missed a target
.PHONY: mutants
mutants: deps faultline faultline-static
	MUTANTS=1 sh bench/mutants.sh; rc=$$?; \
	MUTANTS=1 sh bench/bisect-tree.sh || rc=1; exit $$rc
# hardening (docs/hardening.md): sanitizer builds, fuzzing, static
# analysis. Their tools come from ci/deps-hardening.sh, not ci/deps.sh.
.PHONY: deps-hardening asan ubsan fuzz fuzz-build analyze
# the tests run under a sanitizer (tests/run.sh TESTS: globs): all of
# make check by default
SAN_TESTS ?= *
# handle_segv/handle_sigbus=0: race checkers take SIGSEGV/SIGBUS on
# purpose and catch them with sigsetjmp; the selftest workload crashes on
# purpose and the supervisor must see a plain SIGSEGV, not ASan's report
# and exit code. allow_user_segv_handler=1: our handlers stay installed.
# detect_leaks=1: LeakSanitizer at exit. abort_on_error=0, exitcode=23:
# a finding is a distinct, non-signal exit status. strict_string_checks,
# detect_stack_use_after_return: more checks, at a speed we can afford.
ASAN_OPTIONS_FL := handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=1:abort_on_error=0:exitcode=23:strict_string_checks=1:detect_stack_use_after_return=1:print_summary=1
# print_stacktrace=1: where; halt_on_error=1 with -fno-sanitize-recover.
UBSAN_OPTIONS_FL := print_stacktrace=1:halt_on_error=1
SAN_BASE := -O1 -g -fno-omit-frame-pointer

deps-hardening:
	@sh ci/deps-hardening.sh

asan: deps
	$(MAKE) BUILD=build/asan BIN=build/asan/faultline \
		SANFLAGS="$(SAN_BASE) -fsanitize=address" build/asan/faultline unit
	ASAN_OPTIONS=$(ASAN_OPTIONS_FL) BUILD=build/asan OUT=build/asan/out \
		FL=./build/asan/faultline TESTS='$(SAN_TESTS)' sh tests/run.sh

ubsan: deps
	$(MAKE) BUILD=build/ubsan BIN=build/ubsan/faultline \
		SANFLAGS="$(SAN_BASE) -fsanitize=undefined,float-cast-overflow \
		-fno-sanitize-recover=all" \
		build/ubsan/faultline unit
	UBSAN_OPTIONS=$(UBSAN_OPTIONS_FL) BUILD=build/ubsan OUT=build/ubsan/out \
		FL=./build/ubsan/faultline TESTS='$(SAN_TESTS)' sh tests/run.sh

# libFuzzer (clang) with ASan and UBSan; the library is rebuilt with clang
# into build/fuzz. tests/fuzz/run.sh runs each target FUZZ_SECONDS and
# fails on a crash (copied to tests/fuzz/crashes/). FUZZ_ENGINE=afl: the
# same harnesses built with afl-clang-fast and AFL++'s libAFLDriver
# (persistent mode) into build/afl, run by tests/fuzz/afl.sh under
# afl-fuzz, one target after another.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= suite rundoc aggressor xfer compare history
FUZZ_ENGINE ?= libfuzzer
FUZZ_SAN := -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all
ifeq ($(FUZZ_ENGINE),afl)
FUZZ_CC := afl-clang-fast
FUZZ_DIR := build/afl
FUZZ_RUN := tests/fuzz/afl.sh
else ifeq ($(FUZZ_ENGINE),libfuzzer)
FUZZ_CC := clang
FUZZ_DIR := build/fuzz
FUZZ_RUN := tests/fuzz/run.sh
else
$(error FUZZ_ENGINE=$(FUZZ_ENGINE): use libfuzzer or afl)
endif

fuzz-build:
	$(MAKE) CC=$(FUZZ_CC) BUILD=$(FUZZ_DIR) SANFLAGS="$(FUZZ_SAN)" \
		$(patsubst %,$(FUZZ_DIR)/tests/fuzz/fuzz_%,$(FUZZ_TARGETS))

$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/fuzz -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
		$(LIB) $(LDLIBS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh $(FUZZ_RUN) $(FUZZ_TARGETS)

# cppcheck and gcc -fanalyzer; suppressions with reasons in
# tests/cppcheck.supp and tests/analyzer.supp.
analyze:
	sh tests/analyze.sh
