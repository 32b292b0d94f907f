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

# What a virtio notification costs: a store to a virtio-mmio window is a
# nested fault, an instruction fetch and a decode, where an OUT is not.
# A guest with one (entropy) device, the same N of each.
G=/sys/kernel/config/lguest/nb
rmdir $G/rngs/r 2>/dev/null; rmdir $G 2>/dev/null
mkdir $G && mkdir $G/rngs/r && echo 16M > $G/memory &&
	echo lguest/bench.elf > $G/kernel && echo "n=$N notify" > $G/cmdline || exit 1
nb=$(lguest-run nb | grep '^bench ')
rmdir $G/rngs/r $G
echo "lguest+virtio: $nb"
echo "$nb" | awk -v mhz="$mhz" -v n="$N" '
function val(key,   i, a) {
	for (i = 1; i <= NF; i++) { split($i, a, "="); if (a[1] == key) return a[2] }
}
{
	hz = mhz * 1e6
	printf "virtio-mmio notify: %.1f us each; port I/O %.1f us; notify / port I/O %.2f\n",
		val("notify_cycles") * 1e6 / (n * hz), val("io_cycles") * 1e6 / (n * hz),
		val("notify_cycles") / val("io_cycles")
}'
