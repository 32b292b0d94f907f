#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test lguest has, one stage after another, each stage's
# output shown as it runs.  Every test case counts once; the last line is
# "N passed, N failed, N skipped" and the exit status is non-zero if any
# failed.  --only STAGE runs one stage: kunit, build, compat, intree, checkpatch,
# docs, vmtest, debug.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
res=$top/.check
mkdir -p "$res"
: > "$res/results"
only=
[ "${1:-}" = --only ] && only=$2

record() { echo "$1 $2" >> "$res/results"; echo "== $1 $2"; }
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
stage() {
	local t=$SECONDS
	echo "=== $1"
	"stage_$1"
	echo "=== $1 took $((SECONDS - t))s"
	echo "$1 $((SECONDS - t))" >> "$res/times"
}

# A build step passes when make succeeds and prints no warning.
build() {
	local name=$1 log=$res/$1.log
	shift
	if "$@" > "$log" 2>&1 && ! grep -q 'warning:\|error:' "$log"; then
		record PASS "$name"
	else
		grep -B2 -A4 'warning:\|error:\|Error' "$log" | head -n 60
		record FAIL "$name"
	fi
}

# TAP from kselftest binaries: top-level "ok"/"not ok" lines only.
tally_tap() {
	local prefix=$1 line name
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*) record SKIP "$prefix ${line#ok }" ;;
		"ok "*) record PASS "$prefix ${line#ok }" ;;
		"not ok "*) record FAIL "$prefix ${line#not ok }" ;;
		esac
	done
}

# One KUnit run: UML (ARCH empty) or x86_64 under QEMU.
kunit_run() {
	local arch=$1 log=$res/kunit${1:+-$1}.log tag=kunit${1:+-$1}
	KUNIT_ARCH=$arch scripts/kunit.sh </dev/null 2>&1 | tee "$log"
	sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '====' |
	sed -n 's/^\[[0-9:]*\] \[\(PASSED\|FAILED\|SKIPPED\|CRASHED\)\] \(.*\)$/\1 \2/p' |
	while read -r st name; do
		case $st in
		PASSED) record PASS "$tag $name" ;;
		SKIPPED) record SKIP "$tag $name" ;;
		*) record FAIL "$tag $name" ;;
		esac
	done
	grep -q 'Testing complete' "$log" || record FAIL "$tag (did not build or run)"
}

stage_kunit() {
	kunit_run ""
	kunit_run x86_64
}

stage_build() {
	build "build module W=1 ($(basename "$(scripts/kdir.sh)"))" make module
	build "build module sparse C=2" make sparse
	build "build tools and selftests" make tools
	build "make install, staged (module, tools, man pages, udev rule)" sh -c '
		d=$(mktemp -d) && make -s install DESTDIR="$d" &&
		find "$d/lib/modules" -name lguest.ko | grep -q . &&
		test -x "$d/usr/local/bin/lguest-run" -a -x "$d/usr/local/bin/lguest-mkimage" &&
		man -l "$d/usr/local/share/man/man1/lguest-run.1" >/dev/null &&
		man -l "$d/usr/local/share/man/man1/lguest-mkimage.1" >/dev/null &&
		grep -q "GROUP=\"lguest\"" "$d/etc/udev/rules.d/60-lguest.rules" &&
		rm -rf "$d"'
}

stage_compat() {
	if scripts/compat.sh > "$res/compat.log" 2>&1; then
		record PASS "build module against 6.12 headers"
	else
		tail -n 30 "$res/compat.log"
		record FAIL "build module against 6.12 headers"
	fi
}

stage_intree() {
	scripts/intree.sh "$res/intree" 2>&1 | while IFS= read -r line; do
		case $line in
		"PASS "*) record PASS "${line#PASS }" ;;
		"FAIL "*) record FAIL "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done
}

stage_checkpatch() {
	scripts/checkpatch.sh | while IFS= read -r line; do
		case $line in
		"PASS "*) record PASS "${line#PASS }" ;;
		"FAIL "*) record FAIL "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done
}

vm() {
	local name=$1 log=$res/vm-$1.log rc
	shift
	scripts/lguest-vm --no-build "$@" | tee "$log"
	rc=${PIPESTATUS[0]}
	# After a rerun of a stalled VM only the rerun's results count.
	awk '/^# lguest-vm: rerun/ { n = 0 } { line[n++] = $0 }
	     END { for (i = 0; i < n; i++) print line[i] }' "$log" | tally_tap "vm:$name"
	grep -q '^ok \|^not ok ' "$log" || record FAIL "vm:$name (VM gave no result, exit $rc)"
	[ "$rc" = 0 ] || grep -q '^not ok ' "$log" ||
		record FAIL "vm:$name (exit status $rc)"
}

stage_docs() {
	if python3 scripts/reading-path.py --check; then
		record PASS "docs: reading path up to date, no duplicate tags"
	else
		record FAIL "docs: reading path"
	fi
	if python3 scripts/call-cycles.py; then
		record PASS "docs: no circle of calls between files"
	else
		record FAIL "docs: a circle of calls between files"
	fi
}

# The hostile tests want two CPUs, and a CPU with protection keys
# (PKRU is a register a guest could leak to the stub; QEMU 7.2 TCG has no
# RDPID, so the TSC_AUX test skips here).
hostile_vm="--smp 2 --cpu EPYC,+svm,+npt,+pku"

stage_vmtest() {
	make -s module tools >/dev/null || { record FAIL "vm (build)"; return; }
	vm svm
	# shellcheck disable=SC2086
	vm hostile $hostile_vm --test lguest_hostile_test
	vm no-svm --cpu EPYC,-svm --test lguest_nosvm_test
	vm no-npt --cpu EPYC,+svm,-npt --test lguest_nosvm_test
	# A Debian root filesystem (make rootfs: mmdebstrap from this
	# machine's apt sources, cached) booted to its login on hvc0.
	local img
	if img=$(scripts/rootfs.sh); then
		vm rootfs --rootfs "$img" --test lguest_rootfs_test
	else
		record FAIL "vm:rootfs (make rootfs failed)"
	fi
}

# The same VM tests on the debug kernel (scripts/debug-kernel.sh: lockdep,
# KASAN, atomic-sleep, preempt-count, FPU, list and timer-object checks,
# full preemption), the hostile ones on a host whose user memory is
# ZONE_MOVABLE (pinning must migrate pages first, and sleeps doing it).
stage_debug() {
	make -s module tools >/dev/null || { record FAIL "debug (build)"; return; }
	if ! scripts/debug-kernel.sh >/dev/null; then
		record FAIL "debug kernel (build)"
		return
	fi
	vm debug-run --debug-kernel --test lguest_run_test
	# shellcheck disable=SC2086
	vm debug-hostile --debug-kernel $hostile_vm --append movablecore=1536M \
		--test lguest_hostile_test
	# Device workers on the second CPU while the vCPU runs on the first.
	# shellcheck disable=SC2086
	vm debug-virtio --debug-kernel $hostile_vm --test lguest_virtio_test
}

: > "$res/times"
for s in kunit build compat intree checkpatch docs vmtest debug; do
	want $s && stage $s
done

echo
echo "=== stage times (s): $(tr '\n' ' ' < "$res/times")"
grep '^FAIL' "$res/results" | sed 's/^/  /'
pass=$(grep -c '^PASS' "$res/results")
fail=$(grep -c '^FAIL' "$res/results")
skip=$(grep -c '^SKIP' "$res/results")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
