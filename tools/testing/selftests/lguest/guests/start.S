/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test guests start here in 64-bit mode with lguest's identity map, RSP
 * set and RSI pointing at struct lguest_boot_info.  main()'s return value
 * is the guest's exit code.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	mov	%rsi, %rdi
	call	main
	mov	%rax, %rbx
	mov	$0x4c470001, %eax	/* LGUEST_HCALL_SHUTDOWN */
	vmmcall
1:	hlt
	jmp	1b

/* #GP: note it in gp_seen and step over the 2-byte RDMSR/WRMSR (probe.c). */
	.text
	.globl gp_handler
gp_handler:
	addq	$8, %rsp		/* the error code */
	addq	$2, (%rsp)
	movl	$1, gp_seen(%rip)
	iretq

	.data
	.globl gp_seen
gp_seen:
	.long	0
