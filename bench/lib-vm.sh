# SPDX-License-Identifier: GPL-2.0
#
# Helpers the benchmarks' in-VM scripts share; the host-side script puts
# this file in front of its own (bench/boot.sh, blk.sh, density.sh).

# KVM sums its exit counters over live VMs only: sample while one runs,
# keeping the last non-zero value in /tmp/kvm-exits.
kvm_sampler() {
	rm -f /tmp/kvm-exits
	while :; do
		cat /sys/kernel/debug/kvm/exits > /tmp/kvm-exits.new 2>/dev/null &&
			[ "$(cat /tmp/kvm-exits.new)" != 0 ] && mv /tmp/kvm-exits.new /tmp/kvm-exits
		sleep 0.1
	done
}

# min/median/max of column COL of FILE, as "min/median/max".
mmm() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR) printf "%s/%s/%s", v[1], v[int((NR + 1) / 2)], v[NR]; else printf "?" }'
}

# The median of column COL of FILE.
med() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# A / B to two places, or "-" if either is missing.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "-" }'
}

# lg_define NAME MEMORY CMDLINE [KERNEL]: define guest NAME with Debian's
# kernel (its bzImage, or KERNEL: vmlinux-6.1.0-amd64 is the same kernel
# unpacked) and the busybox initramfs; its configfs directory is in $g.
lg_define() {
	g=/sys/kernel/config/lguest/$1
	mkdir $g
	echo "$2" > $g/memory
	echo "lguest/${4:-vmlinuz-6.1.0-amd64}" > $g/kernel
	echo lguest/initrd.cpio.gz > $g/initrd
	echo "$3" > $g/cmdline
}
