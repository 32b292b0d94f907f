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

/*
 * Any exception: count it and step over skip_len bytes (hostile.c sets it
 * before each instruction that may fault); the _err entry drops the error
 * code first.
 */
	.globl fault_err_handler, fault_handler
fault_err_handler:
	addq	$8, %rsp
fault_handler:
	push	%rax
	mov	skip_len(%rip), %rax
	add	%rax, 8(%rsp)
	incq	faults(%rip)
	pop	%rax
	iretq

/* The APIC timer: count the tick and write the x2APIC EOI register. */
	.globl timer_handler
timer_handler:
	push	%rax
	push	%rcx
	push	%rdx
	incq	ticks(%rip)
	mov	$0x80b, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	pop	%rdx
	pop	%rcx
	pop	%rax
	iretq

/*
 * The UART's interrupt through the 8259 (IRQ 4): read every byte waiting,
 * counting them, then a non-specific EOI to the master.
 */
	.globl pic_uart_handler
pic_uart_handler:
	push	%rax
	push	%rdx
	incq	pic_irqs(%rip)
1:	mov	$0x3fd, %dx
	inb	%dx, %al
	test	$1, %al
	jz	2f
	mov	$0x3f8, %dx
	inb	%dx, %al
	incq	pic_bytes(%rip)
	jmp	1b
2:	mov	$0x20, %al
	outb	%al, $0x20
	pop	%rdx
	pop	%rax
	iretq

	.data
	.globl gp_seen
gp_seen:
	.long	0
	.balign 8
	.globl skip_len, faults, ticks, pic_irqs, pic_bytes
skip_len:
	.quad	0
faults:
	.quad	0
ticks:
	.quad	0
pic_irqs:
	.quad	0
pic_bytes:
	.quad	0
