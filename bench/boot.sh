#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The boot benchmark (make bench-boot): builds kvmtool (bench/kvmtool.sh),
# boots the test VM with it inside and runs bench/boot-vm.sh there.
# ROUNDS=N for more or fewer rounds (default 3).
top=$(cd "$(dirname "$0")/.." && pwd)
lkvm=$("$top/bench/kvmtool.sh") || { echo "bench-boot: kvmtool is the peer; no kvmtool" >&2; exit 1; }
exec "$top/scripts/lguest-vm" --with-bin "$lkvm" --timeout 2400 \
	--run "ROUNDS=${ROUNDS:-3}
$(cat "$top/bench/lib-vm.sh" "$top/bench/boot-vm.sh")"
