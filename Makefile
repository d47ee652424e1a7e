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

# The whole VM suite runs on the kernels of VM_KERNELS with the machine's
# own root (OVS 3.1, the dynamic build) and in the guest roots of
# VM_FULL_ROOTS; its core set (the tests marked "# vm-set: core") on the
# kernels of VM_CORE_KERNELS and in the roots of VM_ROOTS. Kernels are
# scripts/ovs-vm -k names (KERNEL/static: the static build in the machine's
# root); a root is another Debian suite with its own OVS and kernel and the
# static build (scripts/ovs-vm -r): bullseye OVS 2.15 on 5.10, trixie 3.5
# on 6.12.117+deb13, sid 4.0 on its 7.x.
VM_KERNELS ?= 6.1
VM_FULL_ROOTS ?= trixie
VM_CORE_KERNELS ?=
VM_ROOTS ?= bullseye sid
# make demo's guest kernel.
DEMO_KERNEL ?= 6.12
# make bench runs in the guest on one kernel.
BENCH_KERNEL ?= 6.12
# and, kprobes only, on a kernel without module BTF (- skips it).
BENCH_KPROBE_KERNEL ?= 5.10
# make bench-host: the fixed recording (tests/bench/README.md), timed runs,
# and the instructions/event to reach (issue 13: half of bd5339f's 9073).
BENCH_EVENTS := $(OUTPUT)/bench/top-6.12.ev
BENCH_RUNS ?= 9
BENCH_IR_TARGET ?= 4536
# make stress: rounds of the backlog stress scenario per kernel.
STRESS_ROUNDS ?= 10
STRESS_KERNELS ?= 6.1 6.12

LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
LIBBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
PCAP_LIBS := $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap)
# ovs-vswitchd's control socket speaks JSON-RPC (src/unixctl.c).
JSONC_LIBS := $(shell $(PKG_CONFIG) --libs json-c 2>/dev/null || echo -ljson-c)

CFLAGS ?= -g -O2
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude -Isrc -I$(OUTPUT) $(LIBBPF_CFLAGS) -MMD -MP
LDLIBS := $(LIBBPF_LIBS) -lelf -lz $(PCAP_LIBS) $(JSONC_LIBS)
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

.PHONY: all static clean test unit-test vm-test deps demo bench bench-host stress install \
	install-static uninstall release
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

# make static: one executable with no shared library at all, to copy onto a
# host that has no compiler, whatever its C library and sonames. libbpf,
# libelf and zlib come from Debian's static libraries; libpcap is rebuilt
# from Debian's source without D-Bus (scripts/static-pcap says why). The
# C library's name lookups in a filter expression ("host NAME") use only
# its built-in files and dns sources, whatever ld's notice about them says.
STATIC_APP := $(APP)-static
STATIC_PCAP := $(OUTPUT)/static/libpcap.a

static: $(STATIC_APP)

$(STATIC_PCAP): scripts/static-pcap
	$(call msg,PCAP,$@)
	$(Q)scripts/static-pcap $(@D)

$(STATIC_APP): $(OUTPUT)/src/main.o $(LIB) $(STATIC_PCAP)
	$(call msg,STATIC,$@)
	$(Q)$(CC) $(CFLAGS) -static $(OUTPUT)/src/main.o $(LIB) $(LIBBPF_LIBS) -lelf -lz \
		$(STATIC_PCAP) $(JSONC_LIBS) -o $@

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
# VM_CORE_KERNELS and in the guest roots of VM_ROOTS.
test: deps
	$(Q)t0=$$(date +%s); $(MAKE) --no-print-directory -j$$(nproc) $(APP) $(STATIC_APP) $(TEST_BINS) $(SAN_TESTS) && \
		echo "make test: build took $$(($$(date +%s) - t0))s"
	$(Q)tests/run-tests --kernels "$(VM_KERNELS)" --full-roots "$(VM_FULL_ROOTS)" --core-kernels "$(VM_CORE_KERNELS)" --roots "$(VM_ROOTS)" $(TEST_BINS) $(SAN_TESTS)

unit-test: $(APP) $(STATIC_APP) $(TEST_BINS) $(SAN_TESTS)
	$(Q)tests/run-tests --no-vm $(TEST_BINS) $(SAN_TESTS)

vm-test: $(APP) $(STATIC_APP)
	$(Q)tests/run-tests --kernels "$(VM_KERNELS)" --full-roots "$(VM_FULL_ROOTS)" --core-kernels "$(VM_CORE_KERNELS)" --roots "$(VM_ROOTS)"

# The README's main job on a machine without OVS: trace inside the guest.
demo: deps
	$(Q)$(MAKE) --no-print-directory $(APP)
	$(Q)scripts/ovs-vm -k $(DEMO_KERNEL) scripts/vm/demo.sh

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
	$(Q)scripts/bench/run -k $(BENCH_KERNEL) -K $(BENCH_KPROBE_KERNEL)

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

# Either build installs as $(SBINDIR)/$(APP), with the BTF helper beside it
# (for kernels without module BTF) and the man page.
define install_files
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(1) $(DESTDIR)$(SBINDIR)/$(APP)
	install -m 0755 scripts/make-btf $(DESTDIR)$(SBINDIR)/$(APP)-make-btf
	install -m 0644 src/$(APP).8 $(DESTDIR)$(MANDIR)/man8/$(APP).8
endef

install: $(APP)
	$(call install_files,$(APP))

install-static: $(STATIC_APP)
	$(call install_files,$(STATIC_APP))

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/$(APP) $(DESTDIR)$(SBINDIR)/$(APP)-make-btf $(DESTDIR)$(MANDIR)/man8/$(APP).8

# make release: what an operator copies to a host or a packager takes as it
# is: the static binary (stripped), the man page, the BTF helper, README and
# LICENSE in one directory, as a tarball that is the same byte for byte for
# the same commit (times from the commit, no owners, sorted).
VERSION := $(shell sed -n 's/^\#define VERSION "$(APP) \(.*\)"$$/\1/p' src/options.c)
RELEASE := $(APP)-$(VERSION)-$(shell uname -m)
RELEASE_TAR := $(OUTPUT)/$(RELEASE).tar.gz

release: $(RELEASE_TAR)

$(RELEASE_TAR): $(STATIC_APP) src/$(APP).8 scripts/make-btf README.md LICENSE
	$(call msg,TAR,$@)
	$(Q)rm -rf $(OUTPUT)/release && mkdir -p $(OUTPUT)/release/$(RELEASE)
	$(Q)strip -o $(OUTPUT)/release/$(RELEASE)/$(APP) $(STATIC_APP)
	$(Q)cp scripts/make-btf $(OUTPUT)/release/$(RELEASE)/$(APP)-make-btf
	$(Q)cp src/$(APP).8 README.md LICENSE $(OUTPUT)/release/$(RELEASE)/
	$(Q)t=$$(git log -1 --format=%ct 2>/dev/null || echo 0); \
		tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$$t \
		-C $(OUTPUT)/release -cf - $(RELEASE) | gzip -9n >$@
	$(Q)echo "$(RELEASE_TAR): $$(stat -c %s $@) bytes, sha256 $$(sha256sum $@ | cut -d' ' -f1)"

clean:
	$(call msg,CLEAN)
	$(Q)rm -rf $(OUTPUT) $(APP) $(STATIC_APP)

# No intermediate file is a temporary: keep objects for incremental builds.
.SECONDARY:

-include $(wildcard $(OUTPUT)/*.d $(OUTPUT)/bench/*.d $(OUTPUT)/src/*.d $(OUTPUT)/tests/*.d $(OUTPUT)/san/src/*.d $(OUTPUT)/san/tests/*.d)
