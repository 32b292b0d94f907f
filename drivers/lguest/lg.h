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
#include <linux/lguest.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#define LG_PAGE_SIZE		4096ULL
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

/** struct lg_image - a checked kernel image: what goes where. */
struct lg_image {
	const char *format;
	unsigned int nr_segs;
	struct lg_seg segs[LG_IMAGE_MAX_SEGS];
	u64 entry;
	u64 initrd_off, initrd_size;
	u64 cmdline_off, cmdline_size;
};

int lg_image_parse(const u8 *data, size_t size, u64 ram_size,
		   struct lg_image *img, const char **why);

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
	unsigned long nr_tables, nr_leaves;
};

int lg_npt_init(struct lg_npt *npt);
int lg_npt_map(struct lg_npt *npt, u64 gpa, u64 hpa);
int lg_npt_lookup(struct lg_npt *npt, u64 gpa, u64 *hpa);
int lg_npt_unmap(struct lg_npt *npt, u64 gpa, u64 *hpa);
void lg_npt_destroy(struct lg_npt *npt,
		    void (*leaf)(void *arg, u64 gpa, u64 hpa), void *arg);

/* decode.c */
/** struct lg_mov_dr - a decoded MOV to or from a debug register. */
struct lg_mov_dr {
	bool to_dr;
	u8 dr;
	u8 gpr;
};

int lg_insn_prefixes(const u8 *insn, size_t len, u8 *rex);
int lg_insn_len_fixed(const u8 *insn, size_t len, const u8 *opcode,
		      size_t opcode_len);
int lg_decode_mov_dr(const u8 *insn, size_t len, struct lg_mov_dr *d);

/* uart.c: an 8250 without FIFOs or interrupts, enough for a polled console. */
/** struct lg_uart - the register file of a 16450-style UART. */
struct lg_uart {
	u8 ier, lcr, mcr, scr, dll, dlm;
	/* Returns false when the byte cannot be taken now (retry the OUT). */
	bool (*tx)(void *ctx, u8 c);
	/* Returns the next received byte, or -1. */
	int (*rx)(void *ctx, bool peek);
	void *ctx;
};

bool lg_uart_out(struct lg_uart *u, unsigned int reg, u8 val);
u8 lg_uart_in(struct lg_uart *u, unsigned int reg);

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
};

/**
 * struct lg_exit - an exit the backend hands to the core, vendor-neutral.
 * @reason: what happened.
 * @io: port I/O: @port, @size in bytes, @in, @data (OUT value, IN result).
 * @hlt_irqs_on: for HLT, whether the guest can be woken by an interrupt.
 * @hcall: VMMCALL: @nr, @args, and @ret for the guest's RAX.
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
	LG_STAT_OTHER, LG_STAT_NR
};

/* x86 register numbers, the order of lg_vcpu.gprs. */
enum lg_gpr {
	LG_RAX, LG_RCX, LG_RDX, LG_RBX, LG_RSP, LG_RBP, LG_RSI, LG_RDI,
	LG_R8, LG_R9, LG_R10, LG_R11, LG_R12, LG_R13, LG_R14, LG_R15,
	LG_NR_GPRS
};

struct lguest;
struct poll_table_struct;

/**
 * struct lg_vcpu - one virtual CPU.
 * @lg: its guest.
 * @gprs: general registers; the backend keeps RAX and RSP in step with
 *	its own save area.
 * @exit: the last exit the backend handed over.
 * @xcr0: the guest's XCR0, read back after every exit.
 * @dr: the guest's debug registers (emulated; never loaded).
 * @priv: the backend's state.
 */
struct lg_vcpu {
	struct lguest *lg;
	u64 gprs[LG_NR_GPRS];
	struct lg_exit exit;
	u64 xcr0;
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
 * @name:	short name for messages.
 * @probe:	check the CPU; return 0 or -ENODEV after one pr_err naming
 *		the missing feature.
 * @init:	allocate what all guests share; @exit frees it.
 * @exit:	see @init.
 * @vcpu_create: set up @vcpu to enter at @boot with nested root @npt_root.
 * @vcpu_free:	free what @vcpu_create allocated.
 * @load:	begin a batch of runs: load what stays loaded between
 *		exits (guest FPU state, VMRUN setup).  Preemption is off
 *		until @put.
 * @put:	end the batch: save the guest's state, restore the host's.
 * @run:	enter the guest once; handle what the backend can; leave the
 *		rest in @vcpu->exit.  Returns 0 or a negative errno after
 *		killing the guest.
 * @complete:	finish @vcpu->exit after the core handled it (IN data,
 *		hypercall result, RIP past the instruction).
 */
struct lg_vendor_ops {
	const char *name;
	int (*probe)(void);
	int (*init)(void);
	void (*exit)(void);
	int (*vcpu_create)(struct lg_vcpu *vcpu, const struct lg_boot *boot,
			   u64 npt_root);
	void (*vcpu_free)(struct lg_vcpu *vcpu);
	void (*load)(struct lg_vcpu *vcpu);
	void (*put)(struct lg_vcpu *vcpu);
	int (*run)(struct lg_vcpu *vcpu);
	void (*complete)(struct lg_vcpu *vcpu);
};

/**
 * struct lg_console - the guest's console as the stub sees it.
 * @out: what the guest wrote, waiting for read(): a ring of
 *	LG_CONSOLE_OUT_SIZE bytes, @out_len of them from @out_head.
 * @out_head: see @out.
 * @out_len: see @out.
 * @in: what the stub wrote, waiting for the guest: @in_len bytes from
 *	@in_head.
 * @in_head: see @in.
 * @in_len: see @in.
 * @lock: protects both rings.
 * @out_wait: readers, and a vCPU waiting for room in @out.
 */
struct lg_console {
	u8 *out;
	size_t out_head, out_len;
	u8 in[256];
	size_t in_head, in_len;
	spinlock_t lock;		/* see @lock above */
	wait_queue_head_t out_wait;
};

#define LG_CONSOLE_OUT_SIZE	16384

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
 * @npt: nested page tables.
 * @vcpu: the only vCPU for now.
 * @wait: a halted vCPU sleeps here.
 * @con: the console's buffers.
 * @uart: the 8250 at 0x3f8.
 * @stats: exit counters; @run_ns the time spent in LGUEST_RUN.
 * @run_ns: see @stats.
 * @console_waits: times the vCPU waited for the console reader.
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
	struct lg_npt npt;
	struct lg_vcpu vcpu;
	wait_queue_head_t wait;
	struct lg_console con;
	struct lg_uart uart;
	u64 stats[LG_STAT_NR];
	u64 run_ns;
	u64 console_waits;
};

/* core.c */
extern const struct lg_vendor_ops *lg_vendor;
__printf(3, 4) void lg_end(struct lguest *lg, enum lg_state how,
			   const char *fmt, ...);
__printf(3, 4) int lg_set_reason(struct lguest *lg, int err,
				 const char *fmt, ...);
#define lg_kill(lg, fmt, ...) lg_end(lg, LG_DEAD, fmt, ##__VA_ARGS__)
bool lg_running(struct lguest *lg);
int lg_run(struct lguest *lg, struct lguest_run_result *res);

/* configfs.c */
int lg_configfs_init(void);
void lg_configfs_exit(void);
struct lguest *lg_find_and_pin(const char *name);
void lg_unpin(struct lguest *lg);

/* user.c */
int lg_user_init(void);
void lg_user_exit(void);
struct device *lg_device(void);

/* memory.c */
int lg_mem_setup(struct lguest *lg);
void lg_mem_teardown(struct lguest *lg);
int lg_copy_to_guest(struct lguest *lg, u64 gpa, const void *src, size_t len);
int lg_copy_from_guest(struct lguest *lg, void *dst, u64 gpa, size_t len);
int lg_mem_fault(struct lguest *lg, u64 gpa);
int lg_fetch_insn(struct lg_vcpu *vcpu, const struct lg_walk_ctx *w, u64 rip,
		  u8 *insn, size_t *len);

/* loader.c */
int lg_load(struct lguest *lg, struct lg_boot *boot);

/* x86.c */
void lg_cpuid(struct lg_vcpu *vcpu, u32 leaf, u32 subleaf, u64 guest_cr4,
	      u32 out[4]);

/* console.c */
int lg_console_init(struct lguest *lg);
void lg_console_free(struct lguest *lg);
bool lg_console_put(struct lguest *lg, u8 c);
int lg_console_get(struct lguest *lg, bool peek);
bool lg_console_has_room(struct lguest *lg);
ssize_t lg_console_read(struct lguest *lg, char __user *buf, size_t len,
			bool nonblock);
ssize_t lg_console_write(struct lguest *lg, const char __user *buf,
			 size_t len);
__poll_t lg_console_poll(struct lguest *lg, struct file *file,
			 struct poll_table_struct *wait);

/* svm.c, svm_vmrun.S */
extern const struct lg_vendor_ops lg_svm_ops;
void lg_svm_vmrun(u64 vmcb_pa, u64 host_save_pa, u64 *gprs);

#endif /* _DRIVERS_LGUEST_LG_H */
