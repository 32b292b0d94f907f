/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lguest's private header: the guest and vCPU structures, and the
 * prototypes grouped by the file that defines them.  The first block is
 * pure logic that also builds under UML for KUnit; the rest is the host.
 * Documentation/virt/lguest/ has the reading order.
 */
#ifndef _DRIVERS_LGUEST_LG_H
#define _DRIVERS_LGUEST_LG_H

#include <linux/configfs.h>
#include <linux/hrtimer.h>
#include <linux/lguest.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "platform/platform.h"
#include "virtio/virtio.h"

#define LG_PAGE_SIZE		4096ULL
#define LG_HUGE_SIZE		0x200000ULL	/* a 2 MiB nested leaf */
#define LG_CMDLINE_MAX		2048	/* with the NUL, as Linux's x86 default */
#define LG_FW_NAME_MAX		256
#define LG_INSN_MAX		15

/* Page-table entry bits, the same for guest tables and nested tables. */
#define LG_PTE_P		BIT_ULL(0)
#define LG_PTE_RW		BIT_ULL(1)
#define LG_PTE_US		BIT_ULL(2)
#define LG_PTE_A		BIT_ULL(5)
#define LG_PTE_D		BIT_ULL(6)
#define LG_PTE_PS		BIT_ULL(7)
#define LG_PTE_ADDR		0x000ffffffffff000ULL

#define LG_CR0_PG		BIT_ULL(31)
#define LG_CR4_PAE		BIT_ULL(5)
#define LG_CR4_OSXSAVE		BIT_ULL(18)
#define LG_EFER_LMA		BIT_ULL(10)

/* Guest layout below 1 MiB for ELF and lguest-image kernels. */
#define LG_GDT_GPA		0x1000
#define LG_CMDLINE_GPA		0x3000
#define LG_PT_GPA		0x4000	/* PML4, PDPT, 4 page directories */
#define LG_PT_MAP_SIZE		(4ULL << 30)
/* ... and for bzImage kernels: boot_params replaces the boot info. */
#define LG_ZERO_PAGE_GPA	0x2000
#define LG_LOW_RAM_END		0x9fc00	/* RAM below this, reserved to 1 MiB */
#define LG_ACPI_GPA		0xe0000
#define LG_RESET_VECTOR_GPA	0xffff0
#define LG_BZIMAGE_RAM_MAX	(3ULL << 30)

/*
 * Little-endian fields in byte buffers (boot_params, ACPI tables), with no
 * alignment assumed.
 */
static inline void lg_put_le16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static inline void lg_put_le32(u8 *p, u32 v)
{
	lg_put_le16(p, v & 0xffff);
	lg_put_le16(p + 2, v >> 16);
}

static inline void lg_put_le64(u8 *p, u64 v)
{
	lg_put_le32(p, v & 0xffffffff);
	lg_put_le32(p + 4, v >> 32);
}

static inline u16 lg_get_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static inline u32 lg_get_le32(const u8 *p)
{
	return lg_get_le16(p) | (u32)lg_get_le16(p + 2) << 16;
}

static inline u64 lg_get_le64(const u8 *p)
{
	return lg_get_le32(p) | (u64)lg_get_le32(p + 4) << 32;
}

/*
 * XCR0 as XSETBV would accept it, within what lguest offers (@allowed):
 * x87 always on, AVX only with SSE.  The host executes XSETBV with this
 * value, so an invalid one would fault in the host.
 */
#define LG_XCR0_FP		BIT_ULL(0)
#define LG_XCR0_SSE		BIT_ULL(1)
#define LG_XCR0_AVX		BIT_ULL(2)
static inline bool lg_xcr0_valid(u64 xcr0, u64 allowed)
{
	if (xcr0 & ~allowed || !(xcr0 & LG_XCR0_FP))
		return false;
	return !(xcr0 & LG_XCR0_AVX) || (xcr0 & LG_XCR0_SSE);
}

/* parse.c */
int lg_parse_size(const char *buf, u64 min, u64 max, u64 *out);
int lg_parse_fw_name(const char *buf, char *out, size_t out_size);
size_t lg_strip_len(const char *buf, size_t len);

/* image.c */
#define LG_IMAGE_MAX_SEGS	8

/** struct lg_seg - one piece of a kernel image to copy into guest RAM. */
struct lg_seg {
	u64 gpa;
	u64 file_off;
	u64 file_size;
	u64 mem_size;
};

/**
 * struct lg_image - a checked kernel image: what goes where.
 * @format: "lguest image" or "ELF64".
 * @is_linux: an ELF vmlinux (Linux's ELF notes): boot it as Linux.
 * @nr_segs: pieces in @segs.
 * @segs: what to copy where.
 * @entry: guest-physical entry point.
 * @initrd_off: an embedded initrd's file offset.
 * @initrd_size: its size (0: none).
 * @cmdline_off: an embedded default command line's file offset.
 * @cmdline_size: its length (0: none).
 */
struct lg_image {
	const char *format;
	bool is_linux;
	unsigned int nr_segs;
	struct lg_seg segs[LG_IMAGE_MAX_SEGS];
	u64 entry;
	u64 initrd_off, initrd_size;
	u64 cmdline_off, cmdline_size;
};

int lg_image_parse(const u8 *data, size_t size, u64 ram_size,
		   struct lg_image *img, const char **why);

/* bzimage.c */
/** struct lg_bzimage - what a checked bzImage header says. */
struct lg_bzimage {
	u16 version;
	size_t header_end;
	u64 payload_off, payload_size;
	u64 load_addr, entry;
	u32 init_size, cmdline_max, initrd_addr_max;
};

#define LG_E820_RAM		1
#define LG_E820_RESERVED	2
#define LG_E820_ACPI		3

/** struct lg_e820 - one entry of the guest's memory map. */
struct lg_e820 {
	u64 addr, size;
	u32 type;
};

/** struct lg_boot_layout - where the loader put what a kernel is told of. */
struct lg_boot_layout {
	u64 cmdline_gpa;
	u64 initrd_gpa, initrd_size;
	u64 rsdp_gpa;
	unsigned int nr_e820;
	struct lg_e820 e820[4];
};

bool lg_bzimage_is(const u8 *data, size_t size);
int lg_bzimage_parse(const u8 *data, size_t size, u64 ram_size,
		     struct lg_bzimage *bz, const char **why);
int lg_boot_params_build(u8 *bp, const u8 *data, const struct lg_bzimage *bz,
			 const struct lg_boot_layout *p);
int lg_initrd_place(u64 ram_size, u64 limit, u64 kernel_end, u64 size, u64 *gpa);

/* pgtable.c */
/** struct lg_walk_ctx - a guest's paging registers and its memory. */
struct lg_walk_ctx {
	u64 cr0, cr3, cr4, efer;
	int (*read_u64)(void *ctx, u64 gpa, u64 *val);
	void *ctx;
};

size_t lg_pt_identity_pages(u64 map_size);
int lg_pt_build_identity(u64 *tables, size_t nr_pages, u64 tables_gpa,
			 u64 map_size);
int lg_gva_walk(const struct lg_walk_ctx *w, u64 gva, u64 *gpa);
size_t lg_gva_read(const struct lg_walk_ctx *w, u64 gva, u8 *buf, size_t len,
		   int (*read)(void *ctx, u64 gpa, void *buf, size_t len));

/* npt.c */
/** struct lg_npt_ops - where nested table pages come from. */
struct lg_npt_ops {
	void *(*alloc)(void *ctx, u64 *pa);
	void *(*va)(void *ctx, u64 pa);
	void (*free)(void *ctx, void *va);
};

/** struct lg_npt - a guest's nested page tables. */
struct lg_npt {
	const struct lg_npt_ops *ops;
	void *ctx;
	u64 *root;
	u64 root_pa;
	unsigned long nr_tables, nr_leaves, nr_huge;
};

int lg_npt_init(struct lg_npt *npt);
int lg_npt_map(struct lg_npt *npt, u64 gpa, u64 hpa);
int lg_npt_map_huge(struct lg_npt *npt, u64 gpa, u64 hpa);
bool lg_npt_huge_free(struct lg_npt *npt, u64 gpa);
int lg_npt_lookup(struct lg_npt *npt, u64 gpa, u64 *hpa, u64 *size);
int lg_npt_unmap(struct lg_npt *npt, u64 gpa, u64 *hpa, u64 *size);
void lg_npt_destroy(struct lg_npt *npt,
		    void (*leaf)(void *arg, u64 gpa, u64 hpa, u64 size),
		    void *arg);

/* decode.c */
/** struct lg_mov_dr - a decoded MOV to or from a debug register. */
struct lg_mov_dr {
	bool to_dr;
	u8 dr;
	u8 gpr;
};

/**
 * struct lg_mmio - a decoded MOV to or from device memory.
 * @len: instruction length.
 * @size: bytes accessed in the device (1, 2, 4, 8).
 * @write: a store to the device.
 * @reg: the general register read or written (x86 numbering).
 * @high_byte: @reg names AH, CH, DH or BH (bits 8-15 of @reg 0-3).
 * @has_imm: a store of @imm rather than of @reg.
 * @imm: the immediate.
 * @zero_extend: MOVZX: the load is zero-extended to @dst_size bytes.
 * @dst_size: the destination register's size for MOVZX.
 */
struct lg_mmio {
	u8 len, size;
	bool write;
	u8 reg;
	bool high_byte;
	bool has_imm;
	u64 imm;
	bool zero_extend;
	u8 dst_size;
};

int lg_decode_mmio(const u8 *insn, size_t len, struct lg_mmio *m);
u64 lg_mmio_reg_value(const u64 *gprs, const struct lg_mmio *m);
void lg_mmio_set_reg(u64 *gprs, const struct lg_mmio *m, u64 val);
int lg_insn_prefixes(const u8 *insn, size_t len, u8 *rex);
int lg_insn_len_fixed(const u8 *insn, size_t len, const u8 *opcode,
		      size_t opcode_len);
int lg_decode_mov_dr(const u8 *insn, size_t len, struct lg_mov_dr *d);

/* ---- the host side: x86_64 with SVM ---------------------------------- */

enum lg_state {
	LG_DEFINED,
	LG_RUNNING,
	LG_STOPPED,
	LG_DEAD,
};

enum lg_exit_reason {
	LG_EXIT_NONE,		/* handled in the backend; just go on */
	LG_EXIT_IO,
	LG_EXIT_HLT,
	LG_EXIT_HCALL,
	LG_EXIT_SHUTDOWN,
	LG_EXIT_MMIO,
};

/**
 * struct lg_exit - an exit the backend hands to the core, vendor-neutral.
 * @reason: what happened.
 * @io: port I/O: @port, @size in bytes, @in, @data (OUT value, IN result).
 * @hlt_irqs_on: for HLT, whether the guest can be woken by an interrupt.
 * @hcall: VMMCALL: @nr, @args, and @ret for the guest's RAX.
 * @mmio: a nested fault outside RAM: @gpa, @rip, the instruction bytes the
 *	backend fetched (@insn_len 0 if it could not), and @len, the decoded
 *	length the core hands back for the backend to step over.
 */
struct lg_exit {
	enum lg_exit_reason reason;
	union {
		struct {
			u16 port;
			u8 size;
			bool in;
			u32 data;
		} io;
		bool hlt_irqs_on;
		struct {
			u64 gpa, rip;
			u8 insn[LG_INSN_MAX];
			u8 insn_len;	/* 0: it could not be fetched */
			u8 len;		/* set by the core: RIP moves on by it */
		} mmio;
		struct {
			u64 nr;
			u64 args[4];
			u64 ret;
		} hcall;
	};
};

/* Exit counters shown by the "stats" attribute. */
enum lg_stat {
	LG_STAT_IO, LG_STAT_MSR, LG_STAT_CPUID, LG_STAT_HLT, LG_STAT_HCALL,
	LG_STAT_NPF, LG_STAT_INTR, LG_STAT_DR, LG_STAT_EXCEPTION,
	LG_STAT_OTHER, LG_STAT_XSETBV, LG_STAT_MCE, LG_STAT_NR
};

/* x86 register numbers, the order of lg_vcpu.gprs. */
enum lg_gpr {
	LG_RAX, LG_RCX, LG_RDX, LG_RBX, LG_RSP, LG_RBP, LG_RSI, LG_RDI,
	LG_R8, LG_R9, LG_R10, LG_R11, LG_R12, LG_R13, LG_R14, LG_R15,
	LG_NR_GPRS
};

struct lguest;
struct lg_tty;
struct poll_table_struct;
struct tty_port;

/**
 * struct lg_vcpu - one virtual CPU.
 * @lg: its guest.
 * @gprs: general registers; the backend keeps RAX and RSP in step with
 *	its own save area.
 * @exit: the last exit the backend handed over.
 * @xcr0: the guest's XCR0: XSETBV is emulated against lg_xcr0_valid(),
 *	and read back after every exit where the CPU does not intercept it.
 * @pkru: the guest's PKRU, switched around each VMRUN when the host
 *	uses protection keys (CR4 is the guest's: it may set CR4.PKE).
 * @tsc_offset: guest TSC minus host TSC.
 * @nb_cfg: the guest's AMD NB_CFG MSR (stored only).
 * @dr: the guest's debug registers (emulated; never loaded).
 * @priv: the backend's state.
 */
struct lg_vcpu {
	struct lguest *lg;
	u64 gprs[LG_NR_GPRS];
	struct lg_exit exit;
	u64 xcr0;
	u32 pkru;
	u64 tsc_offset;
	u64 nb_cfg;
	u64 dr[8];
	void *priv;
};

/**
 * struct lg_boot - the register state a kernel is entered with.
 * @rip: entry point.
 * @rsp: initial stack pointer.
 * @rsi: the boot information's guest-physical address.
 * @cr3: the identity map's guest-physical address.
 */
struct lg_boot {
	u64 rip, rsp, rsi, cr3;
};

/**
 * struct lg_vendor_ops - what the machine-independent core needs from a
 * hardware backend (AMD SVM today, Intel VMX later).
 *
 * Each callback says what context it runs in.  "Stub" means the stub's
 * thread inside an ioctl on /dev/lguest: process context, preemptible,
 * may sleep, current->mm is the guest's RAM.  Nothing here runs from an
 * interrupt, a timer or another task; the core serialises them per guest
 * (lg->lock for create/free, lg->run_lock for load/run/put).
 *
 * @name:	short name for messages.
 * @probe:	module init (may sleep): check the CPU; return 0 or -ENODEV
 *		after one pr_err naming the missing feature.
 * @init:	module init (may sleep): allocate what all guests share;
 *		@exit, module exit, frees it.
 * @exit:	see @init.
 * @vcpu_create: stub, may sleep: set up @vcpu to enter at @boot with
 *		nested root @npt_root (guest FPU state included).
 * @vcpu_free:	may sleep; any task (close() can come from whoever holds
 *		the last reference to the file): free what @vcpu_create
 *		allocated.  Never while @vcpu is loaded.
 * @footprint:	@lg->lock held: bytes of host memory @vcpu_create allocated.
 * @load:	stub, may sleep, at the start of LGUEST_RUN: make the guest's
 *		FPU state the task's, so the scheduler saves and restores it
 *		like any task's while exits are handled preemptibly.
 * @put:	stub, at the end of LGUEST_RUN: the stub's FPU state back.
 * @run:	stub, may sleep: enter the guest once (the world switch itself
 *		runs with interrupts off and every host register the guest can
 *		change put back before they are on again), then handle what the
 *		backend can with preemption on (nested faults pin pages; faults
 *		on guest memory are taken) and leave the rest in @vcpu->exit.
 *		Returns 0, or a negative errno after killing the guest.  Does
 *		not enter (reason LG_EXIT_NONE) when the task must reschedule,
 *		has a signal pending or the guest has ended.
 * @complete:	stub, may sleep: finish @vcpu->exit after the core handled
 *		it (IN data, hypercall result, RIP past the instruction).
 */
struct lg_vendor_ops {
	const char *name;
	int (*probe)(void);
	int (*init)(void);
	void (*exit)(void);
	int (*vcpu_create)(struct lg_vcpu *vcpu, const struct lg_boot *boot,
			   u64 npt_root);
	void (*vcpu_free)(struct lg_vcpu *vcpu);
	size_t (*footprint)(struct lg_vcpu *vcpu);
	void (*load)(struct lg_vcpu *vcpu);
	void (*put)(struct lg_vcpu *vcpu);
	int (*run)(struct lg_vcpu *vcpu);
	void (*complete)(struct lg_vcpu *vcpu);
};

/**
 * struct lguest - one guest, born by mkdir in configfs.
 * @group: the configfs directory.
 * @lock: serialises configuration stores, attach and detach.
 * @ram_size: configured RAM in bytes.
 * @kernel: firmware name of the kernel image.
 * @initrd: firmware name of the initrd, or "".
 * @cmdline: the command line; empty means the image's default.
 * @nr_vcpus: configured vCPUs (1).
 * @end_lock: protects @state, @reason and @exit_code; taken from any context.
 * @state: the lifecycle state.
 * @reason: why it stopped or died (or why the last start failed).
 * @exit_code: what LGUEST_RUN reports.
 * @attached: the stub's file, while one is attached.
 * @run_lock: one LGUEST_RUN at a time.
 * @mm: the stub's address space, holding guest RAM at @ram_hva.
 * @ram_hva: where guest-physical 0 is in @mm.
 * @ram_from_stub: the stub mapped RAM itself (LGUEST_ATTACH_STUB_RAM); lguest
 *	checks it at attach and never unmaps it.
 * @npt: nested page tables.
 * @vcpu: the only vCPU for now.
 * @wait: a halted vCPU sleeps here.
 * @con: the console's buffers.
 * @uart: the 8250 at 0x3f8.
 * @pm1_en: the ACPI PM1a enable register (io.c); the vCPU's.
 * @stats: exit counters; @run_ns the time spent in LGUEST_RUN.
 * @run_ns: see @stats.
 * @console_waits: times the vCPU waited for the console reader.
 * @tlb_scrubs: extra flushing VMRUNs made because kvm_amd had SVM on.
 * @apic: the vCPU's local APIC.
 * @ioapic: the I/O APIC.
 * @pio_bus: the devices on port I/O (io.c registers them).
 * @mmio_bus: the devices in guest-physical memory above RAM.
 * @vcpu_task: the thread in LGUEST_RUN, for kicking it out of the guest:
 *	set and cleared by that thread, read once under RCU by lg_kick().
 * @mn: notices the stub unmapping guest RAM behind lguest's back.
 * @mn_registered: @mn is registered on @mm.
 * @boot_ns: host monotonic time when the guest was created (kvmclock 0).
 * @reboot: the guest asked for a reset.
 * @on_reboot_restart: configuration: a reset restarts the guest.
 * @prefault: configuration: map all of RAM at attach.
 * @footprint: host memory the attached guest holds besides its RAM and
 *	nested tables (those grow; "stats" adds them), set at build.
 * @vdev_dirs: the directories devices are made in, one per kind.
 * @vdevs: the virtio devices pinned at attach, in probe order.
 * @nr_vdevs: how many.
 */
struct lguest {
	struct config_group group;
	struct mutex lock;		/* see @lock above */
	u64 ram_size;
	char kernel[LG_FW_NAME_MAX];
	char initrd[LG_FW_NAME_MAX];
	char cmdline[LG_CMDLINE_MAX];
	unsigned int nr_vcpus;

	spinlock_t end_lock;		/* see @end_lock above */
	enum lg_state state;
	char reason[LGUEST_REASON_MAX];
	int exit_code;

	struct file *attached;
	struct mutex run_lock;		/* see @run_lock above */
	struct mm_struct *mm;
	unsigned long ram_hva;
	bool ram_from_stub;
	struct lg_npt npt;
	struct lg_vcpu vcpu;
	wait_queue_head_t wait;
	struct lg_console con;
	struct lg_uart uart;
	u16 pm1_en;
	u64 stats[LG_STAT_NR];
	u64 run_ns;
	u64 console_waits;
	u64 tlb_scrubs;
	struct lg_lapic apic;
	struct lg_ioapic ioapic;
	struct lg_bus pio_bus;
	struct lg_bus mmio_bus;
	struct task_struct __rcu *vcpu_task;
	struct mmu_notifier mn;
	bool mn_registered;
	u64 boot_ns;
	bool reboot;
	bool on_reboot_restart;
	bool prefault;
	size_t footprint;
	struct lg_vdev_dir vdev_dirs[LG_VDEV_KINDS];
	struct lg_vdev *vdevs[LG_VDEV_MAX];
	unsigned int nr_vdevs;
};

/* core.c */
extern const struct lg_vendor_ops *lg_vendor;
__printf(4, 5) void lg_end(struct lguest *lg, enum lg_state how, int exit_code,
			   const char *fmt, ...);
__printf(3, 4) int lg_set_reason(struct lguest *lg, int err,
				 const char *fmt, ...);
#define lg_kill(lg, fmt, ...) lg_end(lg, LG_DEAD, 1, fmt, ##__VA_ARGS__)
bool lg_running(struct lguest *lg);
void lg_kick(struct lguest *lg);
void lg_set_device(struct device *dev);
struct device *lg_device(void);

/* run.c */
int lg_run(struct lguest *lg, struct lguest_run_result *res);

/* configfs.c */
int lg_configfs_init(void);
void lg_configfs_exit(void);
struct lguest *lg_find_and_pin(const char *name);
void lg_unpin(struct lguest *lg);
int lg_config_lock(struct lguest *lg, const char *attr);

/* user.c */
int lg_user_init(void);
void lg_user_exit(void);

/* memory.c */
int lg_mem_setup(struct lguest *lg);
void __user *lg_guest_uptr(struct lguest *lg, u64 gpa, size_t len);
void lg_mem_teardown(struct lguest *lg);
int lg_copy_to_guest(struct lguest *lg, u64 gpa, const void *src, size_t len);
int lg_copy_from_guest(struct lguest *lg, void *dst, u64 gpa, size_t len);
int lg_mem_fault(struct lguest *lg, u64 gpa);
int lg_mem_prefault(struct lguest *lg);
int lg_fetch_insn(struct lg_vcpu *vcpu, const struct lg_walk_ctx *w, u64 rip,
		  u8 *insn, size_t *len);

/* loader.c */
int lg_load(struct lguest *lg, struct lg_boot *boot);

/* x86.c */
u64 lg_xcr0_allowed(void);
void lg_cpuid(struct lg_vcpu *vcpu, u32 leaf, u32 subleaf, u64 guest_cr4,
	      u32 out[4]);
int lg_x86_rdmsr(struct lg_vcpu *vcpu, u32 msr, u64 *val);
int lg_x86_wrmsr(struct lg_vcpu *vcpu, u32 msr, u64 val);

/* machine.c: build, tear down, restart. */
int lg_machine_build(struct lguest *lg);
void lg_machine_teardown(struct lguest *lg);
void lg_machine_restart(struct lguest *lg);

/* svm.c, svm_vmrun.S */
extern const struct lg_vendor_ops lg_svm_ops;
void lg_svm_vmrun(u64 vmcb_pa, u64 host_save_pa, u64 *gprs);

#endif /* _DRIVERS_LGUEST_LG_H */
