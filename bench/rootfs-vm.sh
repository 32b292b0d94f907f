#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/blk.sh, when make rootfs's image is
# cached and attached as the VM's /dev/vda): the Debian root filesystem
# booted to its login prompt on hvc0 under lguest and under kvmtool,
# interleaved, $ROUNDS times: seconds from launch to "login:" by the VM's
# clock.  Same kernel, initramfs, disk, 512 MiB, one vCPU, hvc0 and an
# entropy device on each.  The guest is killed at the prompt (kvmtool
# cannot power one off), so each boot replays the last one's journal.
K=/lib/firmware/lguest/vmlinuz-6.1.0-amd64
I=/lib/firmware/lguest/initrd.cpio.gz
ROUNDS=${ROUNDS:-3}
LKVM=$(ls /usr/bin/lkvm-* 2>/dev/null | head -1)
[ -b /dev/vda ] || { echo "rootfs boot: no image (make rootfs): skipped"; exit 0; }
[ -n "$LKVM" ] || { echo "rootfs boot: no kvmtool: skipped"; exit 0; }
modprobe kvm_amd || exit 1
r=/tmp/rootfs
mkdir -p $r
now() { cut -d' ' -f1 /proc/uptime; }

# Runs "$@" in the background with output to $r/out; prints the seconds
# to "login:" (or "-" after 300 s) and ends it.
to_login() {
	: > $r/out
	t0=$(now)
	"$@" > $r/out 2>&1 < /dev/null &
	pid=$!
	n=0
	while ! grep -q 'login:' $r/out; do
		n=$((n + 1))
		if [ $n -gt 1500 ] || ! kill -0 $pid 2>/dev/null; then
			echo -
			kill $pid 2>/dev/null
			wait $pid 2>/dev/null
			return
		fi
		sleep 0.2
	done
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }'
	kill $pid
	wait $pid 2>/dev/null
}

g=/sys/kernel/config/lguest/deb
mkdir $g
echo 512M > $g/memory
echo lguest/vmlinuz-6.1.0-amd64 > $g/kernel
echo lguest/initrd.cpio.gz > $g/initrd
echo "console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 quiet root=/dev/vda" > $g/cmdline
mkdir $g/disks/vda $g/consoles/con0 $g/rngs/rng0
echo /dev/vda > $g/disks/vda/path

i=1
while [ "$i" -le "$ROUNDS" ]; do
	to_login lguest-run deb >> $r/lguest
	to_login $LKVM run -k $K -i $I -m 512 -c 1 -d /dev/vda,direct --console virtio \
		--rng -p "quiet root=/dev/vda" >> $r/kvmtool
	echo "rootfs round $i: lguest $(tail -1 $r/lguest) s, kvmtool $(tail -1 $r/kvmtool) s"
	i=$((i + 1))
done
rmdir $g/disks/vda $g/consoles/con0 $g/rngs/rng0 $g

stat3() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) printf "%s/%s/%s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }
med() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
echo "Debian rootfs to login on hvc0, seconds (min/median/max of $ROUNDS):"
echo "  lguest $(stat3 $r/lguest)   kvmtool $(stat3 $r/kvmtool)" \
	"  ratio lguest/kvmtool $(awk -v a="$(med $r/lguest)" -v b="$(med $r/kvmtool)" \
	'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }')"
