#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The peer the disk benchmark compares against: kvmtool's lkvm, built
# from its public source at a pinned commit, with libaio (its fastest
# disk path; kvmtool links it only into its dynamic build), into the
# cache.  Prints the binary's path; exits 1 if there is no source.
#
# The source is cloned from $KVMTOOL_GIT: a URL or a local git
# directory (default: kvmtool's public tree on git.kernel.org).
set -e
pin=b48735e5d562eaffb96cf98a91da212176f1534c	# 2024-08-30, "disk/core: Fix memory leakage ..."
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}/kvmtool
out=$cache/lkvm-$pin
[ -x "$out" ] && { echo "$out"; exit 0; }
src=${KVMTOOL_GIT:-https://git.kernel.org/pub/scm/linux/kernel/git/will/kvmtool.git}
mkdir -p "$cache"
rm -rf "$cache/src"
if ! git clone -q "$src" "$cache/src" >&2 ||
   ! git -C "$cache/src" -c advice.detachedHead=false checkout -q "$pin" >&2; then
	echo "kvmtool.sh: no kvmtool source at $src (set KVMTOOL_GIT)" >&2
	exit 1
fi
make -s -C "$cache/src" -j"$(nproc)" ARCH=x86 lkvm >"$cache/build.log" 2>&1 ||
	{ tail -20 "$cache/build.log" >&2; exit 1; }
grep -q 'CONFIG_HAS_AIO' "$cache/src/.build-flags" 2>/dev/null ||
	grep -q aio "$cache/src/KVMTOOLS-VERSION-FILE" 2>/dev/null || true
cp "$cache/src/lkvm" "$out"
echo "$out"
