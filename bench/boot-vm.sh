#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/boot.sh): Debian's kernel and the busybox
# initramfs booted to the init's marker line (its first line from
# userspace) and powered off, by lguest and by kvmtool, interleaved,
# $ROUNDS times, 256 MiB and one vCPU each.  Two setups:
#   fast     each side's fastest: lguest booting the same kernel as the
#            ELF vmlinux "lguest-mkimage --extract" unpacked from the
#            bzImage once (no decompressor in the guest at every boot;
#            kvmtool boots only bzImages), RAM on transparent huge pages
#            (its default); kvmtool with RAM on 2 MiB hugetlbfs pages,
#            --nodefaults and its own default command line (noapic,
#            noacpi, i8042 shortcuts); both quiet.  More lguest lines, each
#            one change from its fast setup: bzimage (the bzImage itself,
#            as kvmtool), prefault=1, noapic (as kvmtool's guest: the
#            8259s instead of the I/O APIC), and hugetlb (RAM on hugetlbfs
#            like kvmtool's: lguest-run --hugetlb).
#   verbose  the same without "quiet": every boot message through the
#            8250 (kvmtool: its default command line's earlyprintk too).
# kvmtool cannot power a guest off: it ends when the guest reboots
# (lgtest=reboot).  Time is launch to marker on the VM's clock; exits
# are lguest's "stats" and KVM's debugfs counter (sampled while the VM
# lives, so a lower bound), for the whole run to its end.
K=/lib/firmware/lguest/vmlinuz-6.1.0-amd64
I=/lib/firmware/lguest/initrd.cpio.gz
ROUNDS=${ROUNDS:-3}
LKVM=$(ls /usr/bin/lkvm-* 2>/dev/null | head -1)
[ -n "$LKVM" ] || { echo "bench-boot: no lkvm in the VM"; exit 1; }
modprobe kvm_amd || exit 1
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /hugetlbfs
mount -t hugetlbfs none /hugetlbfs || exit 1
echo 160 > /proc/sys/vm/nr_hugepages
r=/tmp/boot
mkdir -p $r
LG="console=ttyS0 8250.nr_uarts=1 pci=off panic=-1"
KT="noapic noacpi pci=conf1 reboot=k panic=1 i8042.direct=1 i8042.dumbkbd=1 i8042.nopnp=1 i8042.noaux=1 console=ttyS0 8250.nr_uarts=1"

now() { cut -d' ' -f1 /proc/uptime; }
# Print the VM's uptime when the marker line goes by.
marker() {
	rm -f /tmp/marker
	while IFS= read -r line; do
		case $line in *LGUEST-GUEST-UP*) now > /tmp/marker ;; esac
	done
}
# record OUT T0: seconds to the marker and the exits, one line in OUT
record() {
	awk -v a="$2" -v e="$3" '{ printf "%.2f %s\n", $1 - a, e }' /tmp/marker >> "$1" 2>/dev/null ||
		echo "? $3" >> "$1"
}

# run_<hv> SETUP (fast, verbose, bzimage, prefault, noapic, hugetlb)
run_lguest() {
	q=quiet
	[ "$1" = verbose ] && q=
	[ "$1" = noapic ] && q="quiet noapic"
	k=vmlinux-6.1.0-amd64
	[ "$1" = bzimage ] && k=
	lg_define bb 256M "$LG $q lgtest=poweroff" $k
	[ "$1" = prefault ] && echo 1 > $g/prefault
	opt=
	[ "$1" = hugetlb ] && opt=--hugetlb
	t0=$(now)
	timeout 300 lguest-run $opt bb 2>&1 | marker
	record $r/lguest-$1 "$t0" "$(sed -n 's/^exits //p' $g/stats)"
	cp $g/stats $r/lguest-$1.stats
	rmdir $g
}

run_kvmtool() {
	q=quiet
	[ "$1" = verbose ] && q="earlyprintk=serial"
	kvm_sampler & s=$!
	t0=$(now)
	timeout 300 $LKVM run --nodefaults --hugetlbfs /hugetlbfs -m 256 -c 1 -k $K -i $I \
		--console serial -p "$KT $q lgtest=reboot" </dev/null 2>&1 | marker
	kill $s; wait $s 2>/dev/null
	record $r/kvmtool-$1 "$t0" "$(cat /tmp/kvm-exits 2>/dev/null || echo 0)"
}

# Each round starts one run later in this list, so no run always follows
# the same one (this machine's speed drifts, and a run can leave the next
# one a different host: page cache, free huge pages).
runs="lguest:fast kvmtool:fast lguest:verbose kvmtool:verbose lguest:bzimage
      lguest:prefault lguest:noapic lguest:hugetlb"
i=1
while [ $i -le "$ROUNDS" ]; do
	for run in $(echo $runs | awk -v k=$(((i - 1) * 2)) '{
		for (j = 0; j < NF; j++) printf "%s ", $((j + k) % NF + 1) }'); do
		run_${run%%:*} ${run#*:}
	done
	echo "round $i done at $(now) s"
	i=$((i + 1))
done

echo "Debian 6.1 kernel to its first userspace line, 256 MiB, 1 vCPU, $ROUNDS rounds interleaved"
echo "(min/median/max; kvmtool's exits are a lower bound)"
printf '%-10s %-20s %-20s %-8s %-24s %-24s %s\n' setup "lguest s" "kvmtool s" ratio \
	"lguest exits" "kvmtool exits" ratio
for setup in fast verbose; do
	printf '%-10s %-20s %-20s %-8s %-24s %-24s %s\n' $setup \
		"$(mmm $r/lguest-$setup 1)" "$(mmm $r/kvmtool-$setup 1)" \
		"$(ratio "$(med $r/lguest-$setup 1)" "$(med $r/kvmtool-$setup 1)")" \
		"$(mmm $r/lguest-$setup 2)" "$(mmm $r/kvmtool-$setup 2)" \
		"$(ratio "$(med $r/lguest-$setup 2)" "$(med $r/kvmtool-$setup 2)")"
done
for setup in bzimage prefault noapic hugetlb; do
	printf '%-10s %-20s %-20s %-8s %-24s\n' $setup "$(mmm $r/lguest-$setup 1)" "-" \
		"$(ratio "$(med $r/lguest-$setup 1)" "$(med $r/kvmtool-fast 1)")" \
		"$(mmm $r/lguest-$setup 2)"
done
echo "lguest's exits by reason, fast boot (last round): $(grep '^exits_' $r/lguest-fast.stats |
	awk '$2 > 0 { printf "%s %s ", substr($1, 7), $2 }')"
