#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The density benchmark (make bench-density): builds kvmtool
# (bench/kvmtool.sh), boots the test VM with it inside and runs
# bench/density-vm.sh there.  ROUNDS=N for more or fewer rounds (3).
top=$(cd "$(dirname "$0")/.." && pwd)
lkvm=$("$top/bench/kvmtool.sh") || { echo "bench-density: kvmtool is the peer; no kvmtool" >&2; exit 1; }
exec "$top/scripts/lguest-vm" --with-bin "$lkvm" --timeout 2400 \
	--run "ROUNDS=${ROUNDS:-3}
$(cat "$top/bench/lib-vm.sh" "$top/bench/density-vm.sh")"
