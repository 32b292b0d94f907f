#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "make run-debian" shows inside the test VM (started with --rootfs,
# so make rootfs's Debian image is the VM's /dev/vda): a guest whose root
# filesystem is that disk, with hvc0 and an entropy device, booted by
# Debian's own kernel to the login prompt on hvc0; then a login as root,
# a few commands, and "poweroff" ending the guest.  What the guest's
# console shows is printed as it comes.
set -e
g=/sys/kernel/config/lguest/debian
run() {
	echo "# $*"
	sh -c "$*"
}
[ -b /dev/vda ] || { echo "no /dev/vda: start the VM with --rootfs (make run-debian)"; exit 1; }
run mkdir $g
run "echo 512M > $g/memory"
run "echo lguest/vmlinuz-6.1.0-amd64 > $g/kernel"
run "echo lguest/initrd.cpio.gz > $g/initrd"
run mkdir $g/disks/vda
run "echo /dev/vda > $g/disks/vda/path"
run mkdir $g/consoles/con0
run mkdir $g/rngs/rng0
run "echo 'console=ttyS0 8250.nr_uarts=1 pci=off panic=-1 quiet root=/dev/vda' > $g/cmdline"

# The stub reads its stdin from a pipe we hold open and type into.
mkfifo /tmp/debian.in
out=/tmp/debian.out
echo "# lguest-run debian"
lguest-run debian < /tmp/debian.in > $out 2>&1 &
stub=$!
exec 4>/tmp/debian.in
tail -f $out &
shower=$!

# Waits up to $2 seconds for $1 in the guest's output.
wait_for() {
	i=0
	while ! grep -q "$1" $out; do
		i=$((i + 1))
		[ $i -le "$2" ] && kill -0 $stub 2>/dev/null || return 1
		sleep 1
	done
}
rc=0
if wait_for 'lguest login:' 600; then
	sleep 1
	printf 'root\n' >&4
	wait_for 'root@lguest' 120 || rc=1
	printf 'cat /etc/debian_version; uname -r; grep -c . /proc/cpuinfo; poweroff\n' >&4
else
	rc=1
	echo "no login prompt"
fi
wait $stub || true
sleep 1
kill $shower 2>/dev/null || true
echo
run cat $g/state
run cat $g/disks/vda/stats
grep -q 'stopped: poweroff' $g/state || rc=1
exit $rc
