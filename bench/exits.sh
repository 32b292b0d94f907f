#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The exit benchmark (make bench): boots the test VM and runs
# bench/exits-vm.sh there, comparing lguest with KVM in the same kernel.
# N=<count> sets the number of exits of each kind (default 20000).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/scripts/lguest-vm" --timeout 600 \
	--run "N=${N:-20000}; $(cat "$top/bench/exits-vm.sh")"
