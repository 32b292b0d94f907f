#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/exits.sh): the bench guest on lguest and
# on KVM with its device in userspace, N port writes and N hypercalls each,
# timed by the guest's TSC.  Prints exits per second and the ratio.
N=${N:-20000}
modprobe kvm_amd || exit 1
mhz=$(dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p' | tail -n 1)
[ -n "$mhz" ] || mhz=$(dmesg | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | tail -n 1)
lg=$(lguest-run --cmdline=n=$N 16M lguest/bench.elf | grep '^bench ')
kvm=$(lguest-kvm-run -c n=$N /lib/firmware/lguest/bench.elf | grep '^bench ')
echo "TSC: $mhz MHz, N = $N"
echo "lguest: $lg"
echo "kvm:    $kvm"
echo "$lg $kvm" | awk -v mhz="$mhz" -v n="$N" '
function val(s, key,   i, a) {
	for (i = 1; i <= NF; i++) { split($i, a, "="); if (a[1] == key && !s--) return a[2] }
}
{
	lio = val(0, "io_cycles"); lhc = val(0, "hcall_cycles")
	kio = val(1, "io_cycles"); khc = val(1, "hcall_cycles")
	hz = mhz * 1e6
	printf "port I/O exits/s:  lguest %8.0f   kvm %8.0f   ratio %.2f\n", n * hz / lio, n * hz / kio, kio / lio
	printf "hypercalls/s:      lguest %8.0f   kvm %8.0f   ratio %.2f\n", n * hz / lhc, n * hz / khc, khc / lhc
}'
