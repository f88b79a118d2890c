# vdktop — terminal dashboard for the VDK Control Service.
#
#   make            build ./vdktop
#   make demo       build, start the bundled fake Control Service, open vdktop on it
#   make check      every test suite, then the same suites under ASan+UBSan
#   make asan       the sanitizer run alone (same as: make check-suites SANITIZE=1)
#   make mutate     each wrong change of tests/mutate/mutations.py must fail a test
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing build dependencies are installed by `make deps` (apt-get when root),
# which every other target runs first.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS      := ncursesw libcurl json-c libconfig libzip inih
TEST_PKGS := cmocka

ifeq ($(SANITIZE),1)
  VARIANT  := asan
  SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  OPT      ?= -O1 -g
else
  VARIANT  := default
  SANFLAGS :=
  OPT      ?= -O2 -g
endif

B := build/$(VARIANT)
NPROC := $(shell nproc 2>/dev/null || echo 2)

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

# Hidden visibility: our symbols must never interpose on a shared library's
# own internals (libconfig exports a strbuf_append of its own).
# inih has no version call: --version reports the one it was built with.
INIH_VERSION = $(shell $(PKG_CONFIG) --modversion inih 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fvisibility=hidden $(OPT) $(WARN) $(SANFLAGS) -Isrc -MMD -MP \
             -DVDKTOP_VERSION='"$(VERSION)"' -DVDKTOP_DATADIR='"$(DATADIR)/vdktop"' \
             -DVDKTOP_INIH_VERSION='"$(INIH_VERSION)"' \
             $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

SRCS     := $(wildcard src/*.c src/ui/*.c)
OBJS     := $(patsubst %.c,$(B)/%.o,$(SRCS))
LIB_OBJS := $(filter-out $(B)/src/main.o,$(OBJS))

# Unit and API test programs: tests/unit/test_*.c and tests/api/test_*.c.
# Each names the modules it links against on a line of its own:
#   // deps: gql util model
# so one module under construction never breaks another module's tests.
UNIT_SRCS  := $(wildcard tests/unit/test_*.c tests/api/test_*.c)
UNIT_BINS  := $(patsubst tests/%.c,$(B)/tests/%,$(UNIT_SRCS))

ifeq ($(SANITIZE),1)
BIN := $(B)/vdktop
else
BIN := vdktop
endif

.PHONY: all deps deps-test demo check check-suites asan install uninstall clean bench screenshots fuzz tests mutate

all: deps $(BIN)

deps:
	@sh tests/deps.sh build

deps-test:
	@sh tests/deps.sh test

$(BIN): $(OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

# Objects depend on the flags they were built with, so changing a flag (or
# the variant) never links stale objects.
FLAGS_STAMP := $(B)/.cflags
ifneq ($(MAKECMDGOALS),clean)
$(shell mkdir -p $(B))
ifneq ($(file <$(FLAGS_STAMP)),$(ALL_CFLAGS) $(TEST_CFLAGS))
$(file >$(FLAGS_STAMP),$(ALL_CFLAGS) $(TEST_CFLAGS))
endif
endif

$(B)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

define test_rule
$(B)/tests/$(1): tests/$(1).c $(patsubst %,$(B)/src/%.o,$(shell sed -n 's|^// deps: *||p' tests/$(1).c))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(TEST_CFLAGS) -MF $$@.d -o $$@ $$(filter %.c %.o,$$^) $$(ALL_LDFLAGS) $$(LIBS) $$(TEST_LIBS)
endef
$(foreach t,$(patsubst tests/%.c,%,$(UNIT_SRCS)),$(eval $(call test_rule,$(t))))

tests: $(BIN) $(UNIT_BINS)

# Everything for one build directory, for the clang build check.
$(B)/vdktop-all: $(OBJS) $(UNIT_BINS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

# The suites, once for one build variant.
check-suites: deps-test
	@$(MAKE) --no-print-directory -j$(NPROC) tests SANITIZE=$(SANITIZE)
	@VDKTOP_BIN=$(abspath $(BIN)) VDKTOP_BUILD=$(abspath $(B)) VDKTOP_VARIANT=$(VARIANT) \
		sh tests/run-all.sh

check: deps-test
	@$(MAKE) --no-print-directory check-suites SANITIZE=0
	@$(MAKE) --no-print-directory check-suites SANITIZE=1

asan: deps-test
	@$(MAKE) --no-print-directory check-suites SANITIZE=1

# Wrong changes, one at a time, in a copy under build/mutate: each must
# turn one of its named tests red (tests/mutate/mutate.py).
mutate: deps-test
	@$(MAKE) --no-print-directory -j$(NPROC) tests
	@python3 tests/mutate/mutate.py

demo: all
	@sh tests/demo.sh $(abspath $(BIN))

bench: all
	@sh tests/bench/run.sh $(abspath $(BIN))

screenshots: all
	@sh tests/deps.sh screenshots
	@sh tests/screenshots/run.sh $(abspath $(BIN))

fuzz: deps
	@sh tests/fuzz/run.sh long

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/vdktop/themes $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 0755 vdktop $(DESTDIR)$(BINDIR)/vdktop
	install -m 0644 themes/*.theme $(DESTDIR)$(DATADIR)/vdktop/themes/
	install -m 0644 vdktop.1 $(DESTDIR)$(MANDIR)/man1/vdktop.1
	install -m 0644 config.example $(DESTDIR)$(DATADIR)/vdktop/config.example
	install -m 0644 src/completion.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/vdktop

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vdktop $(DESTDIR)$(MANDIR)/man1/vdktop.1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/vdktop
	rm -rf $(DESTDIR)$(DATADIR)/vdktop

clean:
	rm -rf build vdktop

-include $(OBJS:.o=.d) $(patsubst %,%.d,$(UNIT_BINS))
