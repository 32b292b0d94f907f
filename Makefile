# SPDX-License-Identifier: GPL-2.0
#
# lguest, out of tree.  "make run" boots the test VM and a guest in it;
# "make check" runs every test.  Both install their own dependencies.
#
#   make [KDIR=<kernel build dir>]   build drivers/lguest/lguest.ko (W=1)
#   make tools                       the stub, mkimage, selftests, test guests
#   make deps                        apt-get what is missing (idempotent)
#   make run                         boot the VM, load lguest, run a guest
#   make rootfs                      a Debian 12 root filesystem image (cached)
#   make run-debian                  boot it under lguest to a login on hvc0
#   make shell                       the same VM with a shell on its console
#   make bench                       exits/s of lguest and KVM in that VM
#   make bench-boot                  Debian's kernel booted by lguest and kvmtool
#   make bench-density               host memory per idle guest, 100-guest churn
#   make bench-blk                   virtio-blk: lguest, kvmtool, QEMU+KVM
#   make install [DESTDIR=] [PREFIX=/usr/local]   module, stub, mkimage,
#                                    man pages, udev rule, lguest group
#   make check                       KUnit, builds, checkpatch, VM selftests
#   make patches [KSRC=<tree>]       lguest as a patch series, in patches/
#   make kunit | compat | intree | checkpatch | sparse | vmtest   one part of check
#
# Caches (kernel source, 6.12 headers, KUnit build) live in $(LGUEST_CACHE).

export LGUEST_CACHE ?= $(HOME)/.cache/lguest
# Both expanded only when a recipe runs: on a fresh machine "make run"
# installs the headers (deps) before "module" looks for them.
KDIR ?= $(shell scripts/kdir.sh)
KBUILD_FLAGS = -C $(KDIR) M=$(CURDIR) CONFIG_LGUEST_HOST=m W=1

all: module

module:
	$(MAKE) $(KBUILD_FLAGS) modules

sparse:
	$(MAKE) $(KBUILD_FLAGS) C=2 modules

tools:
	$(MAKE) -C tools/lguest
	$(MAKE) -C tools/lguest-mkimage
	$(MAKE) -C bench
	$(MAKE) -C tools/testing/selftests/lguest \
		KSFT_DIR=$$(scripts/ksrc.sh)/tools/testing/selftests

deps:
	@scripts/deps.sh

run: deps module tools
	scripts/lguest-vm --run-main

rootfs: deps
	scripts/rootfs.sh

run-debian: deps module tools
	scripts/lguest-vm --rootfs $$(scripts/rootfs.sh) --run-debian

bench: deps module tools
	bench/exits.sh

bench-boot: deps module tools
	bench/boot.sh

bench-blk: deps module tools
	bench/blk.sh

bench-density: deps module tools
	bench/density.sh

shell: deps module tools
	scripts/lguest-vm --shell

check: deps
	scripts/check.sh

kunit build compat intree checkpatch docs vmtest debug:
	scripts/check.sh --only $@

# The patch series for a kernel tree (KSRC=, default Debian's 6.1 source).
patches: deps
	OUT=$(CURDIR)/patches scripts/patches.sh

PREFIX ?= /usr/local

# The module (with depmod) and the tools, for a distribution's user;
# DESTDIR stages it (no group is made then).  Unsigned: the
# distribution's key is not ours (DKMS signs with the machine's MOK).
install: module
	$(MAKE) -C tools/lguest
	$(MAKE) -C tools/lguest-mkimage
	$(MAKE) $(KBUILD_FLAGS) CONFIG_MODULE_SIG_ALL= INSTALL_MOD_PATH=$(DESTDIR) modules_install
	install -D -m 0755 tools/lguest/lguest-run $(DESTDIR)$(PREFIX)/bin/lguest-run
	install -D -m 0755 tools/lguest-mkimage/lguest-mkimage \
		$(DESTDIR)$(PREFIX)/bin/lguest-mkimage
	install -D -m 0644 Documentation/man/lguest-run.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/lguest-run.1
	install -D -m 0644 Documentation/man/lguest-mkimage.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/lguest-mkimage.1
	install -D -m 0644 tools/lguest/60-lguest.rules \
		$(DESTDIR)/etc/udev/rules.d/60-lguest.rules
	@if [ -z "$(DESTDIR)" ]; then \
		getent group lguest >/dev/null || groupadd --system lguest; \
		udevadm control --reload 2>/dev/null || true; \
		echo "lguest: installed; add users to the lguest group, then modprobe lguest"; \
	fi

clean:
	$(MAKE) $(KBUILD_FLAGS) clean
	$(MAKE) -C tools/lguest clean
	$(MAKE) -C tools/lguest-mkimage clean
	$(MAKE) -C bench clean
	$(MAKE) -C tools/testing/selftests/lguest clean

.PHONY: all module sparse tools deps run rootfs run-debian shell bench bench-boot bench-blk bench-density check kunit compat install \
	patches intree checkpatch docs vmtest debug build clean
