#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run lguest's KUnit suites under UML in Debian's linux-source-6.1, unpacked
# once into the cache.  drivers/lguest's sources (not its build outputs) are
# copied into that tree on every run and wired into drivers/Kconfig and
# drivers/Makefile; the build lives in $LGUEST_CACHE/kunit-build.
# KUNIT_ARCH=x86_64 runs them in an x86_64 kernel under QEMU instead
# (build in $LGUEST_CACHE/kunit-build-x86_64).
# Extra arguments go to kunit.py (e.g. a suite filter: 'lguest-parse').
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
ksrc=$("$top/scripts/ksrc.sh")

rm -rf "$ksrc/drivers/lguest"
mkdir -p "$ksrc/drivers/lguest"
(cd "$top/drivers/lguest" && find . -type f \( -name '*.[chS]' -o -name Kconfig \
	-o -name Makefile -o -name .kunitconfig \) -exec cp -p --parents {} "$ksrc/drivers/lguest/" \;)
cp -p "$top/include/uapi/linux/lguest.h" "$ksrc/include/uapi/linux/lguest.h"
grep -q 'drivers/lguest/Kconfig' "$ksrc/drivers/Kconfig" ||
	sed -i 's|^endmenu|source "drivers/lguest/Kconfig"\n\nendmenu|' "$ksrc/drivers/Kconfig"
grep -q 'lguest/' "$ksrc/drivers/Makefile" ||
	echo 'obj-y += lguest/' >> "$ksrc/drivers/Makefile"

cd "$ksrc"
if [ -n "$KUNIT_ARCH" ]; then
	exec python3 tools/testing/kunit/kunit.py run --kunitconfig=drivers/lguest \
		--arch="$KUNIT_ARCH" --build_dir="$cache/kunit-build-$KUNIT_ARCH" \
		--jobs="$(nproc)" "$@"
fi
exec python3 tools/testing/kunit/kunit.py run --kunitconfig=drivers/lguest \
	--build_dir="$cache/kunit-build" --jobs="$(nproc)" "$@"
