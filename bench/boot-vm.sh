#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/boot.sh): Debian's kernel and the busybox
# initramfs booted to the init's marker line and powered off, once with
# lguest and once with QEMU on KVM (microvm, the leanest QEMU machine),
# timing launch-to-marker from the VM's clock and counting VM exits
# (lguest's "stats", KVM's debugfs counter).
K=/lib/firmware/lguest/vmlinuz-6.1.0-amd64
I=/lib/firmware/lguest/initrd.cpio.gz
CMD="console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 quiet lgtest=poweroff"
modprobe kvm_amd || exit 1
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

now() { cut -d' ' -f1 /proc/uptime; }
# Print the VM's uptime when the marker line goes by.
marker() {
	while IFS= read -r line; do
		case $line in *LGUEST-GUEST-UP*) now > /tmp/marker ;; esac
	done
}

g=/sys/kernel/config/lguest/bench
mkdir $g
echo 256M > $g/memory
echo lguest/vmlinuz-6.1.0-amd64 > $g/kernel
echo lguest/initrd.cpio.gz > $g/initrd
echo "$CMD" > $g/cmdline
t0=$(now)
lguest-run bench | marker
t1=$(now)
lg_marker=$(awk -v a="$t0" '{ printf "%.2f", $1 - a }' /tmp/marker)
lg_total=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
lg_exits=$(sed -n 's/^exits //p' $g/stats)
lg_state=$(cat $g/state)
rmdir $g

# KVM sums its exit counters over live VMs only: sample while it runs.
rm -f /tmp/marker
(while :; do cat /sys/kernel/debug/kvm/exits > /tmp/kvm-exits.new 2>/dev/null &&
	[ "$(cat /tmp/kvm-exits.new)" != 0 ] && mv /tmp/kvm-exits.new /tmp/kvm-exits
	sleep 0.1; done) &
sampler=$!
t0=$(now)
qemu-system-x86_64 -L /usr/share/qemu -enable-kvm -M microvm -cpu host -m 256M \
	-smp 1 -nodefaults -no-user-config -display none -serial stdio -no-reboot \
	-kernel $K -initrd $I -append "$CMD" </dev/null 2>/dev/null | marker
t1=$(now)
kill $sampler
kvm_exits=$(cat /tmp/kvm-exits 2>/dev/null || echo 0)
kvm_marker=$(awk -v a="$t0" '{ printf "%.2f", $1 - a }' /tmp/marker 2>/dev/null)
kvm_total=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

echo "                 launch->marker  launch->exit   VM exits"
echo "lguest           ${lg_marker:-?} s        $lg_total s      $lg_exits   ($lg_state)"
echo "QEMU+KVM microvm ${kvm_marker:-?} s        $kvm_total s      >= $kvm_exits"
awk -v a="$lg_marker" -v b="$kvm_marker" -v c="$lg_exits" -v d="$kvm_exits" \
	'BEGIN { if (a && b && d) printf "ratio lguest/KVM: boot time %.2f, exits %.2f\n", a / b, c / d }'
