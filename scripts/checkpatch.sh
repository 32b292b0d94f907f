#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict (from the unpacked linux-source-6.1) over every C
# source and header of ours; userspace files may use <stdint.h> types.  Prints "PASS file" / "FAIL file" lines and the
# complaints; exits non-zero if any file has one.
top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$("$top/scripts/ksrc.sh") || exit 1
cd "$top" || exit 1
rc=0
files=$(git ls-files --cached --others --exclude-standard -- "*.c" "*.h" | sort)
for f in $files; do
	# Userspace has no u8/u64, and <elf.h> names are what they are.
	ignore=FILE_PATH_CHANGES
	case $f in
	drivers/*|include/*) ;;
	# Freestanding test guests poke hardware: volatile is what they mean.
	*/guests/*) ignore=$ignore,PREFER_KERNEL_TYPES,CAMELCASE,VOLATILE ;;
	*) ignore=$ignore,PREFER_KERNEL_TYPES,CAMELCASE ;;
	esac
	out=$("$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet --no-summary \
		--show-types --ignore "$ignore" -f "$f" 2>&1)
	# Kernel code: kernel-doc comments must match what they document.
	case $f in
	drivers/*|include/*) out=$out$("$ksrc/scripts/kernel-doc" -none "$f" 2>&1) ;;
	esac
	if [ -z "$out" ]; then
		echo "PASS checkpatch $f"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL checkpatch $f"
		rc=1
	fi
done
exit $rc
