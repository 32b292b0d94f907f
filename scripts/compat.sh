#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build-check lguest against Debian's 6.12 kernel headers from
# bookworm-backports.  The packages are fetched with a private apt
# configuration (the machine's sources are left alone) and unpacked with
# dpkg -x into the cache; the module is built from a copy of the sources so
# the 6.1 build outputs in the repository are not disturbed.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
dir=$cache/compat-6.12
series=${LGUEST_COMPAT_SERIES:-6.12}

fetch() {
	mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$dir/apt/sources.list"
	apto="-o Dir::Etc::SourceList=$dir/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
	      -o Dir::State::Lists=$dir/apt/lists -o Dir::Cache=$dir/apt/cache
	      -o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root"
	# shellcheck disable=SC2086
	apt-get $apto update -qq
	# shellcheck disable=SC2086
	hdr=$(apt-cache $apto pkgnames "linux-headers-$series." | grep -- '-amd64$' |
	      grep -v -- '-cloud-\|-rt-' | sort -V | tail -n 1)
	[ -n "$hdr" ] || { echo "compat: no linux-headers-$series.*-amd64 in bookworm-backports" >&2; exit 1; }
	ver=${hdr#linux-headers-}
	ver=${ver%-amd64}
	rm -f "$dir"/debs/*.deb
	# shellcheck disable=SC2086
	(cd "$dir/debs" && apt-get $apto download -qq "$hdr" "linux-headers-$ver-common" "linux-kbuild-$ver")
	rm -rf "$dir/root"
	for d in "$dir"/debs/*.deb; do dpkg -x "$d" "$dir/root"; done
	# The arch package's Makefile includes the common one by absolute path.
	kd=$dir/root/usr/src/linux-headers-$ver-amd64
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$kd/Makefile"
	echo "$kd" > "$dir/kdir"
}

[ -s "$dir/kdir" ] && [ -d "$(cat "$dir/kdir")" ] || fetch
kdir=$(cat "$dir/kdir")

src=$dir/src
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && cp -p --parents Kbuild include/uapi/linux/lguest.h "$src/" &&
 find drivers/lguest -type f \( -name '*.[chS]' -o -name Kconfig -o -name Makefile \) \
	-exec cp -p --parents {} "$src/" \;)
echo "compat: building against $(basename "$kdir")"
# BTF is not part of a compile check (and would need pahole).
make -C "$kdir" M="$src" CONFIG_LGUEST_HOST=m CONFIG_DEBUG_INFO_BTF_MODULES= W=1 modules 2>&1 | tee "$dir/build.log"
if grep -q 'warning:\|error:' "$dir/build.log" || [ ! -f "$src/drivers/lguest/lguest.ko" ]; then
	echo "compat: build against $(basename "$kdir") failed or warned" >&2
	exit 1
fi
