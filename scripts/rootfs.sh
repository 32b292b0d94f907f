#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A minimal Debian 12 root filesystem for lguest guests (make rootfs):
# mmdebstrap's minbase with sysvinit, a login on hvc0 (root, no password),
# as an ext4 image in the cache.  Packages come from this machine's own
# apt sources; no mirror is named here.  Prints the image's path; a
# second run reuses it.  Its kernel and initramfs are the test guest's:
# Debian's vmlinuz and a busybox initramfs with the virtio and ext4
# modules, which mounts root=/dev/vda (guests/linux/init).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
out=$cache/rootfs
img=$out/debian12.ext4
stamp=$(cat "$0" | sha1sum | cut -c1-12)

if [ -f "$out/.built-$stamp" ] && [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
command -v mmdebstrap >/dev/null ||
	{ echo "rootfs: mmdebstrap missing (run 'make deps')" >&2; exit 1; }

# The host's apt sources, as they are (one-line or deb822 files).
set --
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	 /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || { echo "rootfs: no apt sources on this machine" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
log=$out/mmdebstrap.log
echo "rootfs: building $img (log: $log)" >&2
# hvc0 gets a getty; root logs in without a password (a test image).
mmdebstrap --variant=minbase --include=sysvinit-core,procps,e2fsprogs \
	--customize-hook='echo lguest > "$1/etc/hostname"' \
	--customize-hook='echo "hvc0:2345:respawn:/sbin/getty -L 115200 hvc0 vt100" >> "$1/etc/inittab"' \
	--customize-hook='echo hvc0 >> "$1/etc/securetty" 2>/dev/null || true' \
	--customize-hook='chroot "$1" passwd -d root' \
	--customize-hook='echo "/dev/vda / ext4 defaults 0 1" > "$1/etc/fstab"' \
	bookworm "$out/root" "$@" >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; exit 1; }
mkfs.ext4 -q -F -L lguest-root -d "$out/root" "$img" 1G >>"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; exit 1; }
rm -rf "$out/root"
touch "$out/.built-$stamp"
echo "$img"
