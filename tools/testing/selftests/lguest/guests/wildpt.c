// SPDX-License-Identifier: GPL-2.0
/*
 * Points its own top-level page table at a guest-physical address far
 * outside RAM and flushes: the CPU's next page walk reads unbacked memory.
 */
#include "guest.h"

int main(struct lguest_boot_info *bi)
{
	uint64_t cr3;
	volatile uint64_t *pml4;

	asm volatile("mov %%cr3, %0" : "=r" (cr3));
	pml4 = (uint64_t *)(cr3 & ~0xfffULL);
	pml4[0] = 0x8000000000ULL | 3;	/* 512 GiB, within MAXPHYADDR */
	asm volatile("mov %0, %%cr3" : : "r" (cr3) : "memory");
	return 0;
}
