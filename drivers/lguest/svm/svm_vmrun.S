/* SPDX-License-Identifier: GPL-2.0 */
/*
 * R:400 The world switch.  Called with interrupts off and GIF clear, so
 * nothing can run between VMLOAD of the guest's segment state and VMLOAD
 * of the host's (GS points at the guest's per-CPU area in between).  The
 * host's IF is set before VMRUN: with V_INTR_MASKING, the IF at VMRUN
 * decides whether host interrupts end the guest's turn; GIF holds them
 * until the caller's STGI.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>

#define G_RCX	(1 * 8)
#define G_RDX	(2 * 8)
#define G_RBX	(3 * 8)
#define G_RBP	(5 * 8)
#define G_RSI	(6 * 8)
#define G_RDI	(7 * 8)
#define G_R8	(8 * 8)
#define G_R9	(9 * 8)
#define G_R10	(10 * 8)
#define G_R11	(11 * 8)
#define G_R12	(12 * 8)
#define G_R13	(13 * 8)
#define G_R14	(14 * 8)
#define G_R15	(15 * 8)

	.section .text, "ax"

/*
 * void lg_svm_vmrun(u64 vmcb_pa, u64 host_save_pa, u64 *gprs)
 * RAX and RSP live in the VMCB; the other guest registers in gprs[].
 */
SYM_FUNC_START(lg_svm_vmrun)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	push	%rsi		/* 16(%rsp): host save area */
	push	%rdx		/*  8(%rsp): guest registers */
	push	%rdi		/*  0(%rsp): VMCB */

	/* Host FS/GS/TR/LDTR and syscall MSRs, which VMRUN does not switch. */
	mov	%rsi, %rax
	vmsave	%rax

	/*
	 * Not right before VMRUN: QEMU's TCG carries STI's one-instruction
	 * interrupt shadow through VMRUN into the guest's first instruction,
	 * so a guest resumed at CLI (after "sti; hlt") never took the V_IRQ
	 * waiting for it.  GIF is clear: nothing is taken here either way.
	 */
	sti

	mov	%rdx, %rax
	mov	G_RCX(%rax), %rcx
	mov	G_RDX(%rax), %rdx
	mov	G_RBX(%rax), %rbx
	mov	G_RBP(%rax), %rbp
	mov	G_RSI(%rax), %rsi
	mov	G_RDI(%rax), %rdi
	mov	G_R8(%rax), %r8
	mov	G_R9(%rax), %r9
	mov	G_R10(%rax), %r10
	mov	G_R11(%rax), %r11
	mov	G_R12(%rax), %r12
	mov	G_R13(%rax), %r13
	mov	G_R14(%rax), %r14
	mov	G_R15(%rax), %r15

	mov	(%rsp), %rax
	vmload	%rax
	vmrun	%rax
	/* #VMEXIT: host RSP, RAX (the VMCB address) and IF=1 are back. */
	vmsave	%rax

	mov	8(%rsp), %rax
	mov	%rcx, G_RCX(%rax)
	mov	%rdx, G_RDX(%rax)
	mov	%rbx, G_RBX(%rax)
	mov	%rbp, G_RBP(%rax)
	mov	%rsi, G_RSI(%rax)
	mov	%rdi, G_RDI(%rax)
	mov	%r8, G_R8(%rax)
	mov	%r9, G_R9(%rax)
	mov	%r10, G_R10(%rax)
	mov	%r11, G_R11(%rax)
	mov	%r12, G_R12(%rax)
	mov	%r13, G_R13(%rax)
	mov	%r14, G_R14(%rax)
	mov	%r15, G_R15(%rax)

	mov	16(%rsp), %rax
	vmload	%rax
	cli

	/* The guest may have filled the return stack buffer. */
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT

	/* Leave no guest values in registers the caller may clobber. */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	add	$24, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET
SYM_FUNC_END(lg_svm_vmrun)
