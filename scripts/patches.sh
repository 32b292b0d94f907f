#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make patches [KSRC=<kernel tree>] [OUT=<dir>]: lguest as a patch series
# for a kernel tree (default: Debian's linux-source-6.1 in the cache),
# "git am"-able, or "patch -p1" one by one:
#   1 the uapi header, its ioctl number, and a MAINTAINERS entry for it
#   2 drivers/lguest (the entry grows to cover it)
#   3 the drivers/Kconfig and drivers/Makefile hooks, in "Device Drivers"
#   4 Documentation/virt/lguest, in the virt index (and in the entry)
# The series is made in a scratch git repository holding only the files
# it touches, from KSRC's own copies.  Prints OUT.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=${KSRC:-$("$top/scripts/ksrc.sh")}
out=${OUT:-$top/patches}
edited="drivers/Kconfig drivers/Makefile MAINTAINERS Documentation/virt/index.rst
	Documentation/userspace-api/ioctl/ioctl-number.rst"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g="git -C $work"
$g init -q
$g config user.name "$(git -C "$top" log -1 --format=%an)"
$g config user.email "$(git -C "$top" log -1 --format=%ae)"
for f in $edited; do
	mkdir -p "$work/$(dirname "$f")"
	cp "$ksrc/$f" "$work/$f"
done
# The KUnit harness (scripts/kunit.sh) wires lguest into the cached tree:
# unwire it, so the series starts from the tree as shipped.
sed -i '/^source "drivers\/lguest\/Kconfig"$/{N;d}' "$work/drivers/Kconfig"
sed -i '/^obj-y += lguest\/$/d' "$work/drivers/Makefile"
grep -q lguest "$work/drivers/Kconfig" "$work/drivers/Makefile" &&
	{ echo "patches.sh: $ksrc already has lguest" >&2; exit 1; }
$g add -A
$g commit -qm base

# Inserts $2 (lines) after the last line of file $1 that matches $3 (an
# extended regular expression).
insert_after() {
	TEXT=$2 PAT=$3 awk '
		{ line[NR] = $0 } $0 ~ ENVIRON["PAT"] { at = NR }
		END {
			if (!at) exit 1
			for (i = 1; i <= NR; i++) {
				print line[i]
				if (i == at) print ENVIRON["TEXT"]
			}
		}' "$work/$1" > "$work/.tmp" || { echo "patches.sh: no '$3' in $1" >&2; exit 1; }
	mv "$work/.tmp" "$work/$1"
}

# Inserts $2 before the first line of file $1 that is exactly $3.
insert_before() {
	TEXT=$2 LINE=$3 awk '
		!done && $0 == ENVIRON["LINE"] { print ENVIRON["TEXT"]; done = 1 }
		{ print } END { if (!done) exit 1 }' "$work/$1" > "$work/.tmp" ||
		{ echo "patches.sh: no '$3' in $1" >&2; exit 1; }
	mv "$work/.tmp" "$work/$1"
}

commit() {
	$g add -A
	$g commit -q -s -F -
}

mkdir -p "$work/include/uapi/linux"
cp "$top/include/uapi/linux/lguest.h" "$work/include/uapi/linux/"
insert_after Documentation/userspace-api/ioctl/ioctl-number.rst \
	"0xB9  00-0F  uapi/linux/lguest.h                                       lguest hypervisor" \
	'^0xB7 '
insert_after MAINTAINERS "
LGUEST HYPERVISOR
M:	$($g config user.name) <$($g config user.email)>
S:	Maintained
F:	include/uapi/linux/lguest.h" '^F:	drivers/media/dvb-frontends/lgdt3305\.\*$'
commit <<'EOF'
lguest: add the /dev/lguest interface header

lguest is a small hypervisor in one module: guests are configfs
objects, their devices (8250 UART, virtio-mmio block, console and
entropy) are emulated in the kernel, and a small stub owns the guest's
address space and runs its vCPU through /dev/lguest.

This header is that interface: the ioctls (magic 0xB9, listed in
ioctl-number.rst), the run result with its reason, the lguest image
format and the boot protocol for freestanding kernels.  A MAINTAINERS
entry starts here and grows with the series.
EOF

(cd "$top" && git ls-files drivers/lguest) | while read -r f; do
	mkdir -p "$work/$(dirname "$f")"
	cp "$top/$f" "$work/$f"
done
insert_before MAINTAINERS "F:	drivers/lguest/" "F:	include/uapi/linux/lguest.h"
commit <<'EOF'
lguest: add the hypervisor

The module: configfs guests (memory, kernel and initrd through the
firmware loader, command line, devices), /dev/lguest for the stub,
guest memory in the stub's address space behind nested page tables,
the boot of a bzImage, ELF vmlinux or lguest image, the platform
(UART, I/O APIC, local APIC, ACPI tables), the virtqueue engine and
virtio-mmio with block, console and entropy devices, and the AMD SVM
backend behind a vendor-ops seam.  Pure logic has KUnit suites.

Documentation/virt/lguest/reading-path.rst reads it in order.
EOF

insert_after drivers/Kconfig 'source "drivers/lguest/Kconfig"' '^source "drivers/virt/Kconfig"'
insert_after drivers/Makefile 'obj-y				+= lguest/' '^obj-\$\(CONFIG_VIRT_DRIVERS\)'
commit <<'EOF'
lguest: build it

Hook drivers/lguest into "Device Drivers" next to the virtualization
drivers.  The directory is always descended into: its KUnit suites
build without the host part, on any architecture.
EOF

mkdir -p "$work/Documentation/virt/lguest"
cp "$top"/Documentation/virt/lguest/*.rst "$work/Documentation/virt/lguest/"
insert_after Documentation/virt/index.rst '   lguest/index' '^   kvm/index$'
insert_before MAINTAINERS "F:	Documentation/virt/lguest/" "F:	drivers/lguest/"
commit <<'EOF'
Documentation: virt: lguest

The design (interfaces, contexts and locks, who may do what, how a
guest ends), the code in reading order, and how it is tested.
EOF


rm -rf "$out"
mkdir -p "$out"
$g format-patch -q -n -o "$out" HEAD~4
# What a tree-mode build or checkpatch needs to undo the KUnit wiring.
mkdir -p "$out/.base"
for f in $edited; do
	mkdir -p "$out/.base/$(dirname "$f")"
	$g show "HEAD~4:$f" > "$out/.base/$f"
done
echo "$out"
