# SPDX-License-Identifier: GPL-2.0
# faultline - page-fault path stress and regression suite.
#
#   make          build ./faultline
#   make run      install missing packages, run the default suite
#   make check    install missing packages, run the tests
#   make bench    benchmarks (speed targets live here, not in tests)
#   make races    the race suite (configs/races.suite)
#   make install PREFIX=/usr/local

PREFIX	?= /usr/local
CC	?= cc
CFLAGS	?= -O2 -g
CFLAGS	+= -std=gnu11 -Wall -Wextra -Wno-unused-parameter -pthread \
	   -Iworkloads -Iharness -MMD -MP
LDLIBS	+= -lhwloc -lnuma -ljson-c -lgsl -lgslcblas -lsqlite3 -lz -lcrypto \
	   -lm -pthread
VERSION	:= $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)

HARNESS	:= $(filter-out harness/main.c,$(wildcard harness/*.c))
WLS	:= $(wildcard workloads/*.c)
OBJS	:= $(HARNESS:.c=.o) $(WLS:.c=.o)
UNIT	:= $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
RUN_ARGS ?=

.PHONY: all deps run check unit bench races install clean FORCE

all: faultline

harness/version.h: FORCE
	@echo '#define FL_VERSION "$(VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

harness/main.o: harness/version.h
harness/main.o: CFLAGS += -include harness/version.h

faultline: harness/main.o libfaultline.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

libfaultline.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

tests/unit/test_%: tests/unit/test_%.c libfaultline.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< libfaultline.a -lcmocka $(LDLIBS)

deps:
	@sh ci/deps.sh

run: deps faultline
	./faultline run -c configs/quick.suite $(RUN_ARGS)

unit: $(UNIT)

check: deps faultline unit
	@sh tests/run.sh

bench: deps faultline
	@sh bench/run.sh

races: deps faultline
	./faultline run -c configs/races.suite $(RUN_ARGS)
	FL=./faultline sh tests/sh/42-races-fs.sh

install: faultline
	install -D -m 755 faultline $(DESTDIR)$(PREFIX)/bin/faultline
	install -D -m 644 docs/faultline.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/faultline.1

clean:
	rm -f faultline libfaultline.a harness/version.h $(UNIT) \
		harness/*.o harness/*.d workloads/*.o workloads/*.d \
		tests/unit/*.d

-include $(wildcard harness/*.d workloads/*.d tests/unit/*.d)

# vm
.PHONY: vm-kernels vm-demo vm-ab
A ?=
B ?=
VM_ARGS ?= --accel auto
VM_RUN_ARGS ?= -d 5 -w 1 -r 3 -t 1 giant_vma giant_vma:writer=mmap

vm-kernels:
	sh ci/kernels.sh

vm-demo: deps faultline
	sh ci/vm-demo.sh

vm-ab: deps faultline
	A="$(A)" B="$(B)" VM_ARGS="$(VM_ARGS)" \
		VM_RUN_ARGS="$(VM_RUN_ARGS)" sh ci/vm-ab.sh

# The copy `faultline vm` puts in a guest: static, so that a guest kernel
# that maps shared libraries wrongly cannot take the runner with it.
# hwloc's libudev calls go to stubs (Debian has no libudev.a).
.PHONY: clean-static
all: faultline-static
clean: clean-static

harness/udev_stub_static.o: harness/udev_stub.c
	$(CC) $(CFLAGS) -DFL_STATIC -c -o $@ $<

faultline-static: harness/main.o libfaultline.a harness/udev_stub_static.o
	$(CC) $(CFLAGS) $(LDFLAGS) -static -o $@ $^ $(LDLIBS) 2> $@.log \
		|| { cat $@.log >&2; rm -f $@.log; exit 1; }
	@rm -f $@.log

clean-static:
	rm -f faultline-static

# mutant kernels against the race suite (docs/mutants.md)
.PHONY: mutants
mutants: deps faultline faultline-static
	MUTANTS=1 sh bench/mutants.sh
