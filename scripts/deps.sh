#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install, from Debian's archive only, every package lguest's build, VM
# harness and tests need.  Quiet and quick when all are present already.
set -e
pkgs="gcc make libc6-dev bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
      perl python3 sparse busybox-static qemu-system-x86 linux-headers-amd64
      linux-image-amd64 linux-source-6.1 ca-certificates mmdebstrap e2fsprogs
      git libaio-dev man-db patch"

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq $missing >/dev/null
