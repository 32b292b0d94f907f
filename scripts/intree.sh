#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lguest as a distribution kernel maintainer meets it: make patches'
# series applied to Debian's linux-source-6.1 (a hard-linked copy of the
# cached tree), checkpatch --strict in tree mode on each patch, and the
# tree built with Debian's own configuration: lguest as a module with
# W=1, then built in (LGUEST_HOST=y, which must select CONFIGFS_FS=y).
# Then the series made for Debian's 6.12 source (bookworm-backports'
# linux-source-6.12, fetched once with scripts/compat.sh's private apt
# configuration; only the five files the series edits are unpacked) goes
# in with "git am".  Prints "PASS <what>" / "FAIL <what>" lines; logs in
# $1 (a directory).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
logs=${1:-$(mktemp -d)}
mkdir -p "$logs"
ksrc=$("$top/scripts/ksrc.sh")
cfg=$(ls /boot/config-6.1.*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$cfg" ] || { echo "FAIL in-tree: no Debian 6.1 kernel config in /boot (make deps)"; exit 0; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
patches=$(OUT="$scratch/patches" "$top/scripts/patches.sh")
# The same path every run: the cached build directory's dependency files
# name the source tree's files.
tree=$cache/intree-src
rm -rf "$tree"
cp -al "$ksrc" "$tree"
# Hard links: files are replaced, never written through.
rm -rf "$tree/drivers/lguest" "$tree/include/uapi/linux/lguest.h"
(cd "$patches/.base" && find . -type f) | while read -r f; do
	rm -f "$tree/$f"
	cp "$patches/.base/$f" "$tree/$f"
done

ok=1
for p in "$patches"/0*.patch; do
	if ! (cd "$tree" && patch -p1 -s --no-backup-if-mismatch) < "$p" >> "$logs/apply.log" 2>&1; then
		ok=
		echo "FAIL patch applies: $(basename "$p")"
	fi
done
[ -n "$ok" ] || exit 0
echo "PASS patch series applies to linux-source-6.1 ($(ls "$patches"/0*.patch | wc -l) patches)"

for p in "$patches"/0*.patch; do
	if (cd "$tree" && ./scripts/checkpatch.pl --strict --quiet "$p") > "$logs/cp-$(basename "$p").log" 2>&1; then
		echo "PASS checkpatch --strict, tree mode: $(basename "$p")"
	else
		grep -E '^(WARNING|ERROR|CHECK)' "$logs/cp-$(basename "$p").log" | head -n 10
		echo "FAIL checkpatch --strict, tree mode: $(basename "$p")"
	fi
done

# Debian's configuration, lguest as a module; the build directory is
# cached (prepare once), the sources are the patched tree's.
b=$cache/intree-build
mkdir -p "$b"
cp "$cfg" "$b/.config"
# Debian's signing keys and certificates are not in the source package.
# BTF would need pahole and a vmlinux; it says nothing about lguest.
"$tree/scripts/config" --file "$b/.config" -m LGUEST_HOST -d LGUEST_KUNIT_TEST \
	-d MODULE_SIG_ALL --set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	-d DEBUG_INFO_BTF -d DEBUG_INFO_BTF_MODULES
build() {
	make -s -C "$tree" O="$b" olddefconfig &&
	make -s -C "$tree" O="$b" -j"$(nproc)" modules_prepare &&
	make -C "$tree" O="$b" -j"$(nproc)" W=1 "$@"
}
if build M="$tree/drivers/lguest" modules > "$logs/module.log" 2>&1 &&
   ! grep -q 'drivers/lguest/.*warning:' "$logs/module.log" &&
   grep -q '^CONFIG_LGUEST_HOST=m' "$b/.config"; then
	echo "PASS in-tree build, lguest as a module, W=1"
else
	grep -E 'warning:|error:|Error' "$logs/module.log" | head -n 20
	echo "FAIL in-tree build, lguest as a module, W=1"
fi
"$tree/scripts/config" --file "$b/.config" -e LGUEST_HOST
if build drivers/lguest/ > "$logs/builtin.log" 2>&1 &&
   ! grep -q 'drivers/lguest/.*warning:' "$logs/builtin.log" &&
   grep -q '^CONFIG_LGUEST_HOST=y' "$b/.config" &&
   grep -q '^CONFIG_CONFIGFS_FS=y' "$b/.config" &&
   [ -f "$b/drivers/lguest/built-in.a" ]; then
	echo "PASS in-tree build, lguest built in (CONFIGFS_FS selected =y), W=1"
else
	grep -E 'warning:|error:|Error' "$logs/builtin.log" | head -n 20
	grep -E 'CONFIG_(LGUEST_HOST|CONFIGFS_FS)=' "$b/.config"
	echo "FAIL in-tree build, lguest built in"
fi

# 6.12: the five files the series edits, from linux-source-6.12.
c=$cache/compat-6.12
src612=$c/srcdeb/linux-source-6.12
if [ ! -f "$src612/.lguest-unpacked" ]; then
	apto="-o Dir::Etc::SourceList=$c/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
	      -o Dir::State::Lists=$c/apt/lists -o Dir::Cache=$c/apt/cache
	      -o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root"
	rm -rf "$c/srcdeb"
	mkdir -p "$c/srcdeb" "$c/apt/lists/partial" "$c/apt/cache/archives/partial"
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$c/apt/sources.list"
	# shellcheck disable=SC2086
	(cd "$c/srcdeb" && apt-get $apto update -qq && apt-get $apto download -qq linux-source-6.12 &&
	 dpkg-deb --fsys-tarfile linux-source-6.12_*.deb |
		tar -xO ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ linux-source-6.12/drivers/Kconfig linux-source-6.12/drivers/Makefile \
			linux-source-6.12/MAINTAINERS linux-source-6.12/Documentation/virt/index.rst \
			linux-source-6.12/Documentation/userspace-api/ioctl/ioctl-number.rst &&
	 rm -f linux-source-6.12_*.deb && touch "$src612/.lguest-unpacked") \
		>> "$logs/fetch612.log" 2>&1
fi
if [ -f "$src612/.lguest-unpacked" ] &&
   p612=$(KSRC=$src612 OUT="$scratch/patches-6.12" "$top/scripts/patches.sh" 2>>"$logs/am612.log") &&
   cp -r "$src612" "$scratch/t612" &&
   (cd "$scratch/t612" && git init -q && git add -A &&
    git -c user.name=check -c user.email=check@localhost commit -qm base &&
    git -c user.name=check -c user.email=check@localhost am -q "$p612"/0*.patch) \
	>> "$logs/am612.log" 2>&1; then
	echo "PASS patch series for linux-source-6.12 goes in with git am"
else
	tail -n 5 "$logs/am612.log" "$logs/fetch612.log" 2>/dev/null
	echo "FAIL patch series for linux-source-6.12 (git am)"
fi
