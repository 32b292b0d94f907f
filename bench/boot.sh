#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The boot benchmark (make bench-boot): boots the test VM with QEMU inside
# and runs bench/boot-vm.sh there.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/scripts/lguest-vm" --with-qemu --timeout 900 \
	--run "$(cat "$top/bench/boot-vm.sh")"
