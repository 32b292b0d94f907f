#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (bench/density.sh).
#
# Footprint: a 256 MiB guest booted to its shell and left idle, by lguest
# and by kvmtool (RAM on hugetlbfs, its best), each in its own memory
# cgroup, interleaved, $ROUNDS times.  Host memory besides guest RAM is
# the cgroup's charge (the hypervisor process and the kernel memory
# charged to it: lguest's VMCB, nested tables and device state, KVM's
# vCPU and MMU pages) less the guest RAM in it (lguest's RAM is the
# stub's anonymous memory, so it is charged; kvmtool's hugetlbfs RAM is
# not).  lguest's own count, "footprint_bytes", is printed beside it.
#
# Churn: bench/churn.c, 100 tiny guests (hello.elf) defined, run to their
# exit and removed, in process and through lguest-run.  kvmtool has no
# such guest: hello.elf uses lguest's boot protocol and hypercall, and
# kvmtool's smallest guest is a Linux kernel, so there is no like for
# like; its time to boot a kernel is bench-boot's.
ROUNDS=${ROUNDS:-3}
LKVM=$(ls /usr/bin/lkvm-* 2>/dev/null | head -1)
[ -n "$LKVM" ] || { echo "bench-density: no lkvm in the VM"; exit 1; }
K=/lib/firmware/lguest/vmlinuz-6.1.0-amd64
I=/lib/firmware/lguest/initrd.cpio.gz
modprobe kvm_amd || exit 1
modprobe lguest || exit 1
mkdir -p /hugetlbfs /sys/fs/cgroup
mount -t hugetlbfs none /hugetlbfs || exit 1
echo 160 > /proc/sys/vm/nr_hugepages
mount -t cgroup2 none /sys/fs/cgroup || exit 1
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
r=/tmp/density
mkdir -p $r

wait_for() {	# FILE TEXT SECONDS
	n=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		sleep 0.2
		n=$((n + 1))
		[ $n -ge $(($3 * 5)) ] && return 1
	done
	return 0
}

# Rss in KiB of the mapping of PID that is SIZE_KB large (guest RAM).
ram_rss_kb() {
	awk -v sz="$2" '/^[0-9a-f]+-[0-9a-f]+ / { cur = 0 }
		/^Size:/ { cur = ($2 == sz) } cur && /^Rss:/ { print $2; exit }' /proc/"$1"/smaps
}

# footprint_<hv> ROUND: one idle guest, "KiB_outside_ram [footprint]" in $r/<hv>
footprint_lguest() {
	cg=/sys/fs/cgroup/lg$1
	mkdir $cg
	lg_define idle 256M "console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 quiet lgtest=shell"
	rm -f $r/in; mkfifo $r/in
	sh -c "echo \$\$ > $cg/cgroup.procs; exec lguest-run idle" < $r/in > $r/lg.out 2>&1 &
	pid=$!
	exec 3> $r/in
	wait_for $r/lg.out "a shell on the console" 300 || echo "lguest guest did not boot"
	sleep 3
	cur=$(cat $cg/memory.current)
	ram=$(ram_rss_kb "$pid" 262144)
	fp=$(sed -n 's/^footprint_bytes //p' $g/stats)
	echo "$(( cur / 1024 - ${ram:-0} )) $(( fp / 1024 ))" >> $r/lguest
	grep -E '^(anon|file|kernel_stack|pagetables|slab|percpu|vmalloc) ' $cg/memory.stat |
		tr '\n' ' ' > $r/lguest.stat
	# The shell's line editing may eat typed input: end it from outside.
	kill -9 $pid
	exec 3>&-
	wait $pid
	rmdir $g $cg
}

footprint_kvmtool() {
	cg=/sys/fs/cgroup/kt$1
	mkdir $cg
	rm -f $r/in; mkfifo $r/in
	sh -c "echo \$\$ > $cg/cgroup.procs; exec $LKVM run --nodefaults --hugetlbfs /hugetlbfs \
		-m 256 -c 1 -k $K -i $I --console serial \
		-p 'noapic noacpi pci=conf1 reboot=k panic=1 i8042.direct=1 i8042.dumbkbd=1 i8042.nopnp=1 i8042.noaux=1 console=ttyS0 8250.nr_uarts=1 quiet lgtest=shell lgend=reboot'" \
		< $r/in > $r/kt.out 2>&1 &
	pid=$!
	exec 3> $r/in
	wait_for $r/kt.out "a shell on the console" 300 || echo "kvmtool guest did not boot"
	sleep 3
	cur=$(cat $cg/memory.current)
	echo "$(( cur / 1024 ))" >> $r/kvmtool
	grep -E '^(anon|file|kernel_stack|pagetables|slab|percpu|vmalloc) ' $cg/memory.stat |
		tr '\n' ' ' > $r/kvmtool.stat
	kill -9 $pid
	exec 3>&-
	wait $pid
	rmdir $cg
}

i=1
while [ $i -le "$ROUNDS" ]; do
	footprint_lguest $i
	footprint_kvmtool $i
	i=$((i + 1))
done

echo "Host memory besides guest RAM, idle 256 MiB guest at a shell, $ROUNDS rounds (KiB, min/median/max)"
echo "lguest (stub + kernel, cgroup)   $(mmm $r/lguest 1)   (lguest's footprint_bytes: $(mmm $r/lguest 2))"
echo "kvmtool (lkvm + KVM, cgroup)     $(mmm $r/kvmtool 1)"
echo "ratio lguest/kvmtool $(ratio "$(med $r/lguest 1)" "$(med $r/kvmtool 1)")"
echo "memory.stat, last round (bytes; lguest's anon includes guest RAM):"
echo "  lguest:  $(cat $r/lguest.stat)"
echo "  kvmtool: $(cat $r/kvmtool.stat)"

echo "Churn: 100 tiny guests (hello.elf, 8 MiB) defined, run and removed"
lguest-churn 100
