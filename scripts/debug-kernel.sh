#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel for the test VM: Debian's linux-source-6.1, configured
# from tinyconfig up to what the VM needs (serial console, initramfs,
# configfs, firmware loader, ACPI poweroff, KVM for the coexistence tests,
# machine checks, protection keys, transparent huge pages for lguest's
# 2 MiB nested leaves) plus the checks a hypervisor must pass:
# atomic-sleep, lockdep, preempt-count, KASAN, FPU, list and timer-object
# debugging.  Full preemption, so a path that sleeps with preemption off is
# caught the first time it runs.  Built once into the cache (about 15
# minutes on 2 cores) and reused while this script and the source stay the
# same; prints the build directory.  Modules go to $dir/root/lib/modules.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LGUEST_CACHE:-$HOME/.cache/lguest}
ksrc=$("$top/scripts/ksrc.sh")
dir=$cache/debug-kernel
out=$dir/build
stamp=$(sha1sum "$0" | cut -c1-12)

if [ -f "$dir/.built-$stamp" ] && [ -f "$out/arch/x86/boot/bzImage" ]; then
	echo "$out"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$out"
log=$dir/build.log
echo "debug-kernel: configuring and building in $out (log: $log)" >&2

# The UML KUnit build shares this source tree; it must stay unconfigured.
make -s -C "$ksrc" O="$out" tinyconfig >"$log" 2>&1
cfg() { "$ksrc/scripts/config" --file "$out/.config" "$@"; }
for o in 64BIT SMP MODULES MODULE_UNLOAD BLK_DEV_INITRD PRINTK PRINTK_TIME \
	 BUG TTY SERIAL_8250 SERIAL_8250_CONSOLE UNIX98_PTYS DEVTMPFS \
	 DEVTMPFS_MOUNT PROC_FS SYSFS CONFIGFS_FS FW_LOADER BINFMT_ELF \
	 BINFMT_SCRIPT FUTEX EPOLL SIGNALFD TIMERFD EVENTFD SHMEM TMPFS \
	 MULTIUSER POSIX_TIMERS FILE_LOCKING ACPI CPU_SUP_AMD X86_MCE \
	 X86_MCE_AMD HIGH_RES_TIMERS NO_HZ_IDLE X86_X2APIC \
	 X86_INTEL_MEMORY_PROTECTION_KEYS VIRTUALIZATION KALLSYMS \
	 KALLSYMS_ALL STACKTRACE DEBUG_KERNEL DEBUG_BUGVERBOSE PREEMPT \
	 DEBUG_ATOMIC_SLEEP PROVE_LOCKING DEBUG_PREEMPT DEBUG_LIST \
	 DEBUG_OBJECTS DEBUG_OBJECTS_TIMERS DEBUG_OBJECTS_WORK KASAN \
	 KASAN_GENERIC KASAN_OUTLINE X86_DEBUG_FPU DEBUG_VM \
	 MEMORY_HOTPLUG SLUB_DEBUG DEBUG_FS BLOCK BLK_DEV_LOOP \
	 TRANSPARENT_HUGEPAGE TRANSPARENT_HUGEPAGE_ALWAYS HUGETLBFS ADVISE_SYSCALLS; do
	cfg -e "$o"
done
cfg -e SLUB -d SLOB -m KVM -m KVM_AMD -d KVM_AMD_SEV -d RANDOMIZE_BASE -d MODULE_SIG \
    -d DEBUG_INFO_NONE -d CC_OPTIMIZE_FOR_SIZE -e CC_OPTIMIZE_FOR_PERFORMANCE \
    --set-val NR_CPUS 4 -d KVM_WERROR -d WERROR
make -s -C "$ksrc" O="$out" olddefconfig >>"$log" 2>&1
# olddefconfig drops what a dependency refuses: say so rather than build
# a kernel without the checks it exists for.
for o in DEBUG_ATOMIC_SLEEP PROVE_LOCKING DEBUG_PREEMPT KASAN X86_DEBUG_FPU \
	 DEBUG_LIST DEBUG_OBJECTS_TIMERS PREEMPT CONFIGFS_FS FW_LOADER ACPI BLOCK \
	 BLK_DEV_LOOP TRANSPARENT_HUGEPAGE HUGETLBFS ADVISE_SYSCALLS; do
	grep -q "^CONFIG_$o=y" "$out/.config" ||
		{ echo "debug-kernel: CONFIG_$o did not stick" >&2; exit 1; }
done
grep -q '^CONFIG_KVM_AMD=m' "$out/.config" ||
	{ echo "debug-kernel: CONFIG_KVM_AMD=m did not stick" >&2; exit 1; }

make -C "$ksrc" O="$out" -j"$(nproc)" bzImage modules >>"$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; exit 1; }
make -s -C "$ksrc" O="$out" INSTALL_MOD_PATH="$dir/root" modules_install >>"$log" 2>&1
touch "$dir/.built-$stamp"
echo "$out"
