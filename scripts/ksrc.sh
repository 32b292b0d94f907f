#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-6.1 once into the cache and print its path.
# KUnit, checkpatch and the selftest harness headers come from this tree.
set -e
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
tree=$cache/linux-source-6.1
if [ ! -f "$tree/.lguest-unpacked" ]; then
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || { echo "ksrc: linux-source-6.1 is not installed (make deps)" >&2; exit 1; }
	mkdir -p "$cache"
	rm -rf "$tree"
	tar -xf "$tarball" -C "$cache"
	touch "$tree/.lguest-unpacked"
fi
echo "$tree"
