#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "make run" shows inside the test VM: the user's view of lguest,
# command by command, with the hello guest's console.
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
run cat $g/stats
run rmdir $g
echo "# the one-shot form, with an lguest image:"
run lguest-run 32M lguest/hello.img
