# jovis build. `make` builds bin/jovis; `make check` runs every test and ends with
# "N passed, N failed"; `make demo` runs the main job; `make deps` installs the Debian packages.

PREFIX     ?= /usr/local
PYTHON     ?= /usr/bin/python3
MPIRUN     ?= mpirun
CC         := mpicc
RELEASE    := 0.1.0
GIT_REV    := $(shell git rev-parse --short HEAD 2>/dev/null)
VERSION    := $(RELEASE)$(if $(GIT_REV),+g$(GIT_REV),)

# Debian package for each pkg-config module (and the compiler wrapper).
PKG_MODULES := gsl lapacke openblas hdf5-openmpi
PKG_gsl          := libgsl-dev
PKG_lapacke      := liblapacke-dev
PKG_openblas     := libopenblas-dev
PKG_hdf5-openmpi := libhdf5-openmpi-dev
DEB_PACKAGES := libopenmpi-dev openmpi-bin libgsl-dev liblapacke-dev libopenblas-dev \
                libhdf5-openmpi-dev hdf5-tools pkg-config \
                python3-numpy python3-scipy python3-h5py python3-matplotlib python3-emcee

MISSING := $(strip $(if $(shell command -v pkg-config),,pkg-config) \
             $(if $(shell command -v mpicc),,libopenmpi-dev) \
             $(foreach m,$(PKG_MODULES),$(if $(shell pkg-config --exists $(m) 2>/dev/null && echo y),,$(PKG_$(m)))))

ifeq ($(MISSING),)
# GSL's pkg-config adds its reference CBLAS; we link OpenBLAS's CBLAS instead.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKG_MODULES))
PKG_LIBS   := $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKG_MODULES)))
endif

WERROR   ?= $(if $(CI),-Werror,)
CFLAGS   ?= -O2 -g
# -Wno-format-truncation: messages are cut to their buffers on purpose.
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wstrict-prototypes \
            -Wno-unused-parameter -Wno-format-truncation $(WERROR)
CPPFLAGS += -Iinclude $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lm

BUILD    := build
LIB_SRC  := $(filter-out src/apps/main.c,$(sort $(wildcard src/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libjovis.a
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC:= $(sort $(wildcard bench/*.c))
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: print-deb-packages all deps deps-check check check-unit check-slurm demo bench install clean data format

all: deps-check bin/jovis

deps-check:
ifneq ($(MISSING),)
	@echo "jovis: missing build dependencies: $(MISSING)"
	@echo "       install them with: sudo apt-get install $(MISSING)   (or: sudo make deps)"
	@exit 1
endif

deps:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PACKAGES)

$(BUILD)/src/core/version.o: CPPFLAGS += -DJV_VERSION_STRING='"$(VERSION)"'
$(BUILD)/src/core/version.o: FORCE
FORCE:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

bin/jovis: $(BUILD)/src/apps/main.o $(LIB)
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/jv_test.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Every test: the unit programs, then the integration scripts; one closing tally line.
check: all $(TEST_BIN)
	@PYTHON=$(PYTHON) MPIRUN=$(MPIRUN) sh tests/run_all.sh $(TEST_BIN) $(sort $(wildcard tests/integration/test_*.sh))

check-slurm: all
	@PYTHON=$(PYTHON) sh tests/run_all.sh $(sort $(wildcard tests/slurm/test_*.sh))

bench: all $(BENCH_BIN)
	@for b in $(sort $(wildcard bench/run_*.sh)); do PYTHON=$(PYTHON) MPIRUN=$(MPIRUN) sh $$b || exit 1; done

demo: all
	@PYTHON=$(PYTHON) MPIRUN=$(MPIRUN) sh run/demo.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jovis/inputs $(DESTDIR)$(PREFIX)/share/jovis/analysis
	install -m 755 bin/jovis $(DESTDIR)$(PREFIX)/bin/jovis
	install -m 644 inputs/*.ini $(DESTDIR)$(PREFIX)/share/jovis/inputs/
	install -m 644 analysis/*.py $(DESTDIR)$(PREFIX)/share/jovis/analysis/

data:
	sh run/fetch_data.sh inputs/data_manifest.tsv data

format:
	clang-format -i $(LIB_SRC) src/apps/main.c include/jovis/*.h $(TEST_SRC)

clean:
	rm -rf $(BUILD) bin

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/apps/main.d

print-deb-packages:
	@echo $(DEB_PACKAGES)
