# SPDX-License-Identifier: GPL-2.0-only
#
# ovs-upcall-trace: BPF object -> bpftool gen skeleton -> loader, in the
# style of libbpf-bootstrap. `make V=1` shows the commands.

APP := ovs-upcall-trace
OUTPUT := .output
CLANG ?= clang
BPFTOOL ?= bpftool
PKG_CONFIG ?= pkg-config
ARCH := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

# Kernels to run the whole VM suite on, and those that run its core set
# (the tests marked "# vm-set: core"): scripts/ovs-vm -k names.
VM_KERNELS ?= 6.1 6.12
VM_CORE_KERNELS ?= 5.10 newest
# make bench runs in the guest on one kernel.
BENCH_KERNEL ?= 6.12
# make bench-host: the fixed recording (tests/bench/README.md), timed runs,
# and the instructions/event to reach (issue 13: half of bd5339f's 9073).
BENCH_EVENTS := $(OUTPUT)/bench/top-6.12.ev
BENCH_RUNS ?= 9
BENCH_IR_TARGET ?= 4536
# make stress: rounds of the backlog stress scenario per kernel.
STRESS_ROUNDS ?= 10
STRESS_KERNELS ?= $(VM_KERNELS)

LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
LIBBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
PCAP_LIBS := $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap)

CFLAGS ?= -g -O2
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude -Isrc -I$(OUTPUT) $(LIBBPF_CFLAGS) -MMD -MP
LDLIBS := $(LIBBPF_LIBS) -lelf -lz $(PCAP_LIBS)
BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_$(ARCH) \
	-Ivmlinux/$(ARCH) -Iinclude -Ibpf -MMD -MP

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# The tracer's object; bpf/bench_floor.bpf.c is make bench's alone.
BPF_SRCS := bpf/ovs_upcall_trace.bpf.c
BPF_OBJS := $(BPF_SRCS:bpf/%.bpf.c=$(OUTPUT)/%.bpf.o)
SKELS := $(BPF_SRCS:bpf/%.bpf.c=$(OUTPUT)/%.skel.h)
# Everything but main() goes into a static library the unit tests link.
LIB_SRCS := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(OUTPUT)/src/%.o)
LIB := $(OUTPUT)/lib$(APP).a
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(OUTPUT)/tests/%)
# The same unit tests once more under AddressSanitizer and UBSan.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_OBJS := $(LIB_SRCS:src/%.c=$(OUTPUT)/san/src/%.o)
SAN_LIB := $(OUTPUT)/san/lib$(APP).a
SAN_TESTS := $(TEST_SRCS:tests/%.c=$(OUTPUT)/san/tests/%)

.PHONY: all clean test unit-test vm-test deps demo bench bench-host stress install uninstall
.DELETE_ON_ERROR:

all: $(APP)

$(OUTPUT) $(OUTPUT)/src $(OUTPUT)/tests $(OUTPUT)/san/src $(OUTPUT)/san/tests:
	$(Q)mkdir -p $@

$(OUTPUT)/%.bpf.o: bpf/%.bpf.c | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name ovs_upcall_trace_bpf > $@

# Generated headers are not known to -MMD until after the first build.
$(OUTPUT)/src/bpf_loader.o $(OUTPUT)/san/src/bpf_loader.o: $(SKELS)

$(OUTPUT)/src/%.o: src/%.c | $(OUTPUT)/src
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(APP): $(OUTPUT)/src/main.o $(LIB)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

$(OUTPUT)/tests/%.o: tests/%.c | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests -c $< -o $@

$(OUTPUT)/tests/test_%: $(OUTPUT)/tests/test_%.o $(LIB)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@

$(OUTPUT)/san/src/%.o: src/%.c | $(OUTPUT)/san/src
	$(call msg,CC-SAN,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(SAN_LIB): $(SAN_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(OUTPUT)/san/tests/%.o: tests/%.c | $(OUTPUT)/san/tests
	$(call msg,CC-SAN,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) -Itests -c $< -o $@

$(OUTPUT)/san/tests/test_%: $(OUTPUT)/san/tests/test_%.o $(SAN_LIB)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@

# Missing Debian packages are installed when run as root.
deps:
	$(Q)scripts/install-deps build vm

# Unit tests, then the VM suite on VM_KERNELS and its core set on
# VM_CORE_KERNELS.
test: deps
	$(Q)t0=$$(date +%s); $(MAKE) --no-print-directory -j$$(nproc) $(APP) $(TEST_BINS) $(SAN_TESTS) && \
		echo "make test: build took $$(($$(date +%s) - t0))s"
	$(Q)tests/run-tests --kernels "$(VM_KERNELS)" --core-kernels "$(VM_CORE_KERNELS)" $(TEST_BINS) $(SAN_TESTS)

unit-test: $(TEST_BINS) $(SAN_TESTS)
	$(Q)tests/run-tests --no-vm $(TEST_BINS) $(SAN_TESTS)

vm-test: $(APP)
	$(Q)tests/run-tests --kernels "$(VM_KERNELS)" --core-kernels "$(VM_CORE_KERNELS)"

# The README's main job on a machine without OVS: trace inside the guest.
demo: deps
	$(Q)$(MAKE) --no-print-directory $(APP)
	$(Q)scripts/ovs-vm -k $(lastword $(VM_KERNELS)) scripts/vm/demo.sh

# The backlog stress scenario (tests/vm/test_stress.sh), STRESS_ROUNDS
# rounds in one boot per kernel; prints how many rounds were exact.
stress: deps
	$(Q)$(MAKE) --no-print-directory $(APP)
	$(Q)rc=0; for k in $(STRESS_KERNELS); do \
		scripts/ovs-vm -k $$k -t 7200 tests/vm/test_stress.sh $(STRESS_ROUNDS) || rc=1; \
	done; exit $$rc

# Kernel cost, rates, startup and loss in the guest against an empty floor
# and bpftrace; then --read-events speed and memory here. Prints figures.
bench: deps
	$(Q)scripts/install-deps bench
	$(Q)$(MAKE) --no-print-directory $(APP) $(OUTPUT)/bench_floor.bpf.o $(OUTPUT)/bench/floor-load \
		$(BENCH_EVENTS)
	$(Q)scripts/bench/run -k $(BENCH_KERNEL)

# --read-events speed (events/s on one core), instructions/event and peak
# RSS on the fixed recording: no VM, no root. The profile stays in
# .output/bench/callgrind.out.
bench-host: $(APP) $(BENCH_EVENTS)
	$(Q)scripts/bench/host --runs $(BENCH_RUNS) --ir-target $(BENCH_IR_TARGET) \
		--callgrind-out $(OUTPUT)/bench/callgrind.out $(BENCH_EVENTS)

$(OUTPUT)/bench:
	$(Q)mkdir -p $@

$(OUTPUT)/bench/%.ev: tests/bench/%.ev.xz | $(OUTPUT)/bench
	$(call msg,XZ,$@)
	$(Q)xz -dc $< >$@

$(OUTPUT)/bench/floor-load: scripts/bench/floor-load.c | $(OUTPUT)/bench
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $< $(LDLIBS) -o $@

install: $(APP)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(APP) $(DESTDIR)$(SBINDIR)/$(APP)
	install -m 0644 src/$(APP).8 $(DESTDIR)$(MANDIR)/man8/$(APP).8

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/$(APP) $(DESTDIR)$(MANDIR)/man8/$(APP).8

clean:
	$(call msg,CLEAN)
	$(Q)rm -rf $(OUTPUT) $(APP)

# No intermediate file is a temporary: keep objects for incremental builds.
.SECONDARY:

-include $(wildcard $(OUTPUT)/*.d $(OUTPUT)/bench/*.d $(OUTPUT)/src/*.d $(OUTPUT)/tests/*.d $(OUTPUT)/san/src/*.d $(OUTPUT)/san/tests/*.d)
