#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/blk.sh): the same Debian kernel and
# initramfs run bench/blkbench.c on a virtio-blk disk backed by the same
# RAM disk (brd, so the host's disk is not what is measured) under
# lguest, kvmtool and QEMU+KVM, interleaved, $ROUNDS times.  Each in its
# best configuration for a block device: lguest's bio backend; kvmtool
# with O_DIRECT and libaio ("direct"); QEMU's microvm with virtio-mmio,
# cache=none, aio=io_uring.  Exits per MiB: the run's exits less those of
# a boot that only powers off, over the MiB the benchmark moved.
K=/lib/firmware/lguest/vmlinuz-6.1.0-amd64
I=/lib/firmware/lguest/initrd.cpio.gz
ROUNDS=${ROUNDS:-3}
BASE="console=ttyS0 8250.nr_uarts=1 panic=-1 quiet"
LKVM=$(ls /usr/bin/lkvm-* 2>/dev/null | head -1)
modprobe kvm_amd || exit 1
modprobe brd rd_nr=1 rd_size=$((300 * 1024)) || exit 1
# brd allocates a page on its first write: all of them now, for everyone.
dd if=/dev/zero of=/dev/ram0 bs=1M count=300 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
D=/dev/ram0
r=/tmp/blk
mkdir -p $r

# run_<hv> TEST OUT: boots with lgtest=TEST, output in OUT, exits in OUT.exits
run_lguest() {
	lg_define bb 256M "$BASE pci=off lgtest=$1"
	mkdir $g/disks/vda
	echo $D > $g/disks/vda/path
	timeout 600 lguest-run bb > "$2" 2>&1
	sed -n 's/^exits //p' $g/stats > "$2.exits"
	cp $g/stats "$2.stats"
	cat $g/disks/vda/stats >> "$2"
	rmdir $g/disks/vda $g
}

run_kvmtool() {
	kvm_sampler & s=$!
	# kvmtool puts root=/dev/vda on the command line ("root=" undoes it)
	# and cannot power a guest off: it ends when the guest reboots.
	t=$1
	[ "$t" = poweroff ] && t=reboot
	timeout 600 $LKVM run -k $K -i $I -m 256 -c 1 -d $D,direct --console serial \
		-p "8250.nr_uarts=1 quiet root= lgtest=$t lgend=reboot" > "$2" 2>&1 </dev/null
	kill $s; wait $s 2>/dev/null
	cat /tmp/kvm-exits > "$2.exits" 2>/dev/null || echo 0 > "$2.exits"
}

run_qemu() {
	kvm_sampler & s=$!
	timeout 600 qemu-system-x86_64 -L /usr/share/qemu -enable-kvm -M microvm -cpu host -m 256M \
		-smp 1 -nodefaults -no-user-config -display none -serial stdio -no-reboot \
		-drive id=d0,file=$D,format=raw,if=none,cache=none,aio=io_uring \
		-device virtio-blk-device,drive=d0 \
		-kernel $K -initrd $I -append "$BASE pci=off lgtest=$1" > "$2" 2>&1 </dev/null
	kill $s; wait $s 2>/dev/null
	cat /tmp/kvm-exits > "$2.exits" 2>/dev/null || echo 0 > "$2.exits"
}

hvs="lguest qemu"
[ -n "$LKVM" ] && hvs="lguest kvmtool qemu"
[ -z "$LKVM" ] && echo "kvmtool: not in the VM (bench/kvmtool.sh found no source): skipped"

for hv in $hvs; do
	run_$hv poweroff $r/$hv.boot
done
i=1
while [ $i -le "$ROUNDS" ]; do
	for hv in $hvs; do
		t0=$(cut -d' ' -f1 /proc/uptime)
		run_$hv blkbench $r/$hv.$i
		echo "round $i: $hv ran $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" \
			'BEGIN { printf "%.1f", b - a }') s"
		if ! grep -q "BLKBENCH done" $r/$hv.$i; then
			echo "$hv round $i did not finish:"; tail -20 $r/$hv.$i
		fi
		moved=$(tr -d '\r' < $r/$hv.$i | sed -n 's/^BLKBENCH moved_mib //p')
		awk -v e="$(cat $r/$hv.$i.exits)" -v b="$(cat $r/$hv.boot.exits)" -v m="$moved" \
			'BEGIN { if (m > 0) printf "BLKBENCH exits_per_mib %.1f\n", (e - b) / m }' \
			>> $r/$hv.$i
	done
	i=$((i + 1))
done

echo "virtio-blk on a RAM disk, 256 MiB guests, $ROUNDS rounds interleaved (min/median/max)"
printf '%-16s' test
for hv in $hvs; do printf '%-26s' "$hv"; done
echo "lguest/kvmtool  lguest/qemu"
for t in seqwrite seqread randread1 randread16 exits_per_mib; do
	printf '%-16s' "$t"
	for hv in $hvs; do
		cat $r/$hv.[0-9]* | tr -d '\r' | sed -n "s/^BLKBENCH $t //p" | sort -n > $r/$t.$hv
		awk '{ v[NR] = $1 } END {
			if (!NR) { printf "%-26s", "?"; exit }
			printf "%-26s", sprintf("%s/%s/%s", v[1], v[int((NR + 1) / 2)], v[NR]) }' \
			$r/$t.$hv
	done
	med() { awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }' "$1"; }
	a=$(med $r/$t.lguest)
	for peer in kvmtool qemu; do
		b=$(med $r/$t.$peer 2>/dev/null)
		awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0 && b > 0) printf "%-16.2f", a / b; else printf "%-16s", "-" }'
	done
	echo
done
echo "(MiB/s for seq*, IOPS for randread*: higher is better; exits_per_mib: lower is better)"
# Where lguest's exits go: round 1 less the boot, per MiB, by reason.
m=$(tr -d '\r' < $r/lguest.1 | sed -n 's/^BLKBENCH moved_mib //p')
echo "lguest's exits per MiB by reason (round 1 less the boot): $(awk -v m="$m" '
	FNR == NR && /^exits_/ { b[$1] = $2; next }
	/^exits_/ && m > 0 { d = ($2 - b[$1]) / m; if (d >= 0.5) printf "%s %.1f ", substr($1, 7), d }' \
	$r/lguest.boot.stats $r/lguest.1.stats)"
echo "lguest's disk, round 1: $(grep -E '^(requests|notifies|interrupts|inflight_max) ' \
	$r/lguest.1 | tr '\n' ' ')"
