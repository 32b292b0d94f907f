#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "make run" shows inside the test VM: the module loaded and ready.
echo "--- lguest test VM: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo)"
dmesg | grep 'lguest' || true
ls -ld /sys/kernel/config/lguest /dev/lguest || exit 1
lguest-run --version
