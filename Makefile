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
#   make bench-boot                  Debian's kernel booted by lguest and QEMU+KVM
#   make bench-blk                   virtio-blk: lguest, kvmtool, QEMU+KVM
#   make check                       KUnit, builds, checkpatch, VM selftests
#   make kunit | compat | checkpatch | sparse | vmtest   one part of check
#
# Caches (kernel source, 6.12 headers, KUnit build) live in $(LGUEST_CACHE).

export LGUEST_CACHE ?= $(HOME)/.cache/lguest
KDIR ?= $(shell scripts/kdir.sh)
KBUILD_FLAGS := -C $(KDIR) M=$(CURDIR) CONFIG_LGUEST_HOST=m W=1

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

shell: deps module tools
	scripts/lguest-vm --shell

check: deps
	scripts/check.sh

kunit build compat checkpatch docs vmtest debug:
	scripts/check.sh --only $@

clean:
	$(MAKE) $(KBUILD_FLAGS) clean
	$(MAKE) -C tools/lguest clean
	$(MAKE) -C tools/lguest-mkimage clean
	$(MAKE) -C bench clean
	$(MAKE) -C tools/testing/selftests/lguest clean

.PHONY: all module sparse tools deps run rootfs run-debian shell bench bench-boot check kunit compat \
	checkpatch docs vmtest debug build clean
