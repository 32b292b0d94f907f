#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test VM (scripts/lguest-vm).  With no arguments, every
# selftest binary in tests.list; otherwise the one command given (a binary
# and its arguments).  Each prints its own TAP.  Then the host kernel's log
# is checked, because a guest must never make the host warn or oops.
# Exit status: 0 only if everything passed.
cd "$(dirname "$0")" || exit 1
rc=0
if [ $# -gt 0 ]; then
	echo "# selftests: lguest: $*"
	./"$@" || rc=1
else
	for t in $(cat tests.list); do
		echo "# selftests: lguest: $t"
		./"$t" || rc=1
	done
fi

echo "TAP version 13"
echo "1..1"
# The debug kernel adds lockdep, KASAN, list and object debugging: any
# report of theirs counts too.
bad=$(dmesg | grep -E 'BUG:|WARNING: CPU|WARNING: possible|WARNING: suspicious|inconsistent lock state|DEBUG_LOCKS_WARN|Oops|Call Trace|general protection fault|KASAN|UBSAN|kmemleak|ODEBUG|list_(add|del) corruption|unchecked MSR|scheduling while atomic|sleeping function called')
if [ -z "$bad" ]; then
	echo "ok 1 vm.host_kernel_log_clean"
else
	echo "$bad" | sed 's/^/# /'
	echo "not ok 1 vm.host_kernel_log_clean"
	rc=1
fi
exit $rc
