#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict (from the unpacked linux-source-6.1) over every C
# source and header of ours.  Prints "PASS file" / "FAIL file" lines and the
# complaints; exits non-zero if any file has one.
top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$("$top/scripts/ksrc.sh") || exit 1
cd "$top" || exit 1
rc=0
files=$(git ls-files --cached --others --exclude-standard -- "*.c" "*.h" | sort)
for f in $files; do
	out=$("$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet --no-summary \
		--show-types --ignore FILE_PATH_CHANGES -f "$f" 2>&1)
	if [ -z "$out" ]; then
		echo "PASS checkpatch $f"
	else
		echo "$out" | sed 's/^/    /'
		echo "FAIL checkpatch $f"
		rc=1
	fi
done
exit $rc
