#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "make run" shows inside the test VM: the user's view of lguest,
# command by command: the hello test guest, then Debian's own kernel
# booting to its busybox shell's marker line and powering off.
set -e
echo "--- lguest test VM: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
dmesg | grep 'lguest: ready'
run() {
	echo "# $*"
	sh -c "$*"
}
g=/sys/kernel/config/lguest/g0
run mkdir $g
run "echo 64M > $g/memory"
run "echo lguest/hello.elf > $g/kernel"
run "echo 'quiet x=1' > $g/cmdline"
run lguest-run g0
run cat $g/state
run rmdir $g

d=/sys/kernel/config/lguest/deb
run mkdir $d
run "echo 256M > $d/memory"
run "echo lguest/vmlinuz-6.1.0-amd64 > $d/kernel"
run "echo lguest/initrd.cpio.gz > $d/initrd"
run "echo 'console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 lgtest=poweroff' > $d/cmdline"
run lguest-run deb
run cat $d/state
run "grep -E '^exits |run_ns' $d/stats"
run rmdir $d
