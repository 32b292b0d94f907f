#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The disk benchmark (make bench-blk): builds kvmtool (bench/kvmtool.sh),
# boots the test VM with it and QEMU inside, and runs bench/blk-vm.sh
# there; then, if make rootfs's image is cached, bench/rootfs-vm.sh on it
# (lguest and kvmtool booting it to a login prompt).  ROUNDS=N for more
# or fewer rounds (default 3).
top=$(cd "$(dirname "$0")/.." && pwd)
img=${LGUEST_CACHE:-$HOME/.cache/lguest}/rootfs/debian12.ext4
lkvm=$("$top/bench/kvmtool.sh") || lkvm=
[ -f "$img" ] || { echo "bench-blk: no $img (make rootfs): no rootfs boot"; img=; }
exec "$top/scripts/lguest-vm" --with-qemu ${lkvm:+--with-bin "$lkvm"} ${img:+--rootfs "$img"} \
	--timeout 2400 --run "ROUNDS=${ROUNDS:-3}
(
$(cat "$top/bench/lib-vm.sh" "$top/bench/blk-vm.sh")
)
(
$(cat "$top/bench/rootfs-vm.sh")
)"
