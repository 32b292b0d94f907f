// SPDX-License-Identifier: GPL-2.0
/*
 * X:100 Instruction decoding.  This CPU reports no next RIP and no
 * instruction bytes on an exit, so lguest fetches the bytes at RIP itself
 * and works out how long the intercepted instruction was.  Pure logic:
 * KUnit runs it under UML (decode_kunit.c).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "lg.h"

static bool lg_is_legacy_prefix(u8 b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e:	/* segment overrides */
	case 0x64: case 0x65:
	case 0x66: case 0x67:				/* operand, address size */
	case 0xf0: case 0xf2: case 0xf3:		/* lock, rep */
		return true;
	}
	return false;
}

/**
 * lg_insn_prefixes() - count the prefix bytes of an instruction.
 * @insn: bytes at RIP.
 * @len: how many were fetched (at most 15 matter).
 * @rex: receives the REX byte, or 0; REX counts only right before the opcode.
 *
 * Return: the number of prefix bytes, or -EINVAL if they run past @len or
 * the 15-byte limit.
 */
int lg_insn_prefixes(const u8 *insn, size_t len, u8 *rex)
{
	size_t i = 0;

	*rex = 0;
	len = min_t(size_t, len, LG_INSN_MAX);
	while (i < len && lg_is_legacy_prefix(insn[i]))
		i++;
	if (i < len && (insn[i] & 0xf0) == 0x40)
		*rex = insn[i++];
	return i < len ? (int)i : -EINVAL;
}

/**
 * lg_insn_len_fixed() - length of an instruction with a fixed opcode.
 * @insn: bytes at RIP.
 * @len: how many were fetched.
 * @opcode: the opcode bytes expected after any prefixes (e.g. 0F A2).
 * @opcode_len: their number.
 *
 * CPUID, RDMSR, WRMSR, HLT and VMMCALL have no operands, so their length is
 * the prefixes plus the opcode.
 *
 * Return: the length, or -EINVAL if the bytes are not that instruction.
 */
int lg_insn_len_fixed(const u8 *insn, size_t len, const u8 *opcode,
		      size_t opcode_len)
{
	u8 rex;
	int n = lg_insn_prefixes(insn, len, &rex);

	if (n < 0 || n + opcode_len > min_t(size_t, len, LG_INSN_MAX))
		return -EINVAL;
	if (memcmp(insn + n, opcode, opcode_len))
		return -EINVAL;
	return n + opcode_len;
}

/**
 * lg_decode_mov_dr() - decode MOV to or from a debug register.
 * @insn: bytes at RIP.
 * @len: how many were fetched.
 * @d: receives the register numbers and direction.
 *
 * 0F 21 /r is MOV r64, DRn; 0F 23 /r is MOV DRn, r64.  ModRM.mod is
 * ignored (always a register form); REX.R would name DR8+, which is #UD.
 *
 * Return: the instruction length, or -EINVAL.
 */
int lg_decode_mov_dr(const u8 *insn, size_t len, struct lg_mov_dr *d)
{
	u8 rex, modrm;
	int n = lg_insn_prefixes(insn, len, &rex);

	if (n < 0 || n + 3 > min_t(size_t, len, LG_INSN_MAX))
		return -EINVAL;
	if (insn[n] != 0x0f || (insn[n + 1] != 0x21 && insn[n + 1] != 0x23))
		return -EINVAL;
	if (rex & 0x04)
		return -EINVAL;
	modrm = insn[n + 2];
	d->to_dr = insn[n + 1] == 0x23;
	d->dr = (modrm >> 3) & 7;
	d->gpr = (modrm & 7) | ((rex & 0x01) << 3);
	return n + 3;
}

/*
 * X:110 MMIO.  A device access is a nested page fault that reports the
 * address but not the data or its size, so the MOV at RIP is decoded:
 * the forms Linux's readb/w/l/q and writeb/w/l/q compile to (88/89/8A/8B
 * with any ModRM, SIB and displacement), MOVZX loads (0F B6/B7) and MOV
 * of an immediate (C6/C7).  Anything else is refused and ends the guest.
 */
static int lg_modrm_len(const u8 *insn, size_t len, size_t at, u8 *modrm)
{
	u8 mod, rm;
	int n = 1;

	if (at >= len)
		return -EINVAL;
	*modrm = insn[at];
	mod = *modrm >> 6;
	rm = *modrm & 7;
	if (mod == 3)
		return -EINVAL;		/* a register cannot be MMIO */
	if (rm == 4) {			/* SIB */
		if (at + 1 >= len)
			return -EINVAL;
		n++;
		if (mod == 0 && (insn[at + 1] & 7) == 5)
			n += 4;		/* no base: disp32 */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		n += 4;			/* disp32, or RIP-relative */
	return n;
}

/**
 * lg_decode_mmio() - decode a MOV that touched device memory.
 * @insn: bytes at RIP.
 * @len: how many were fetched.
 * @m: receives length, direction, access size and the register or
 *	immediate involved.
 *
 * Return: 0, or -EINVAL for anything that is not a supported MOV.
 */
int lg_decode_mmio(const u8 *insn, size_t len, struct lg_mmio *m)
{
	size_t max = min_t(size_t, len, LG_INSN_MAX);
	bool opsize16 = false, addr32 = false, rexw;
	int n, i, mlen;
	u8 rex, op, modrm;

	memset(m, 0, sizeof(*m));
	n = lg_insn_prefixes(insn, max, &rex);
	if (n < 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (insn[i] == 0x66)
			opsize16 = true;
		if (insn[i] == 0x67)
			addr32 = true;
	}
	rexw = rex & 0x08;
	op = insn[n++];
	m->size = rexw ? 8 : opsize16 ? 2 : 4;
	switch (op) {
	case 0xa0:
	case 0xa2:
		m->size = 1;
		fallthrough;
	case 0xa1:
	case 0xa3:
		/* MOV between the accumulator and an absolute address (moffs). */
		m->write = op >= 0xa2;
		m->reg = LG_RAX;
		n += addr32 ? 4 : 8;
		if (n > max)
			return -EINVAL;
		m->len = n;
		return 0;
	case 0x88:
	case 0x8a:
		m->size = 1;
		fallthrough;
	case 0x89:
	case 0x8b:
		m->write = op == 0x88 || op == 0x89;
		break;
	case 0xc6:
		m->size = 1;
		fallthrough;
	case 0xc7:
		m->write = true;
		m->has_imm = true;
		break;
	case 0x0f:
		if (n >= max || (insn[n] != 0xb6 && insn[n] != 0xb7))
			return -EINVAL;
		m->dst_size = m->size;
		m->size = insn[n] == 0xb6 ? 1 : 2;
		m->zero_extend = true;
		n++;
		break;
	default:
		return -EINVAL;
	}
	mlen = lg_modrm_len(insn, max, n, &modrm);
	if (mlen < 0)
		return -EINVAL;
	m->reg = ((modrm >> 3) & 7) | ((rex & 0x04) << 1);
	/* Byte registers 4-7 without REX are AH, CH, DH, BH. */
	m->high_byte = m->size == 1 && !m->zero_extend && !rex && m->reg >= 4;
	if (m->high_byte)
		m->reg -= 4;
	n += mlen;
	if (m->has_imm) {
		int isz = m->size == 1 ? 1 : m->size == 2 ? 2 : 4;

		if (((modrm >> 3) & 7) != 0 || n + isz > max)
			return -EINVAL;
		for (i = 0; i < isz; i++)
			m->imm |= (u64)insn[n + i] << (8 * i);
		/* imm32 with REX.W is sign-extended to 64 bits. */
		if (m->size == 8 && (m->imm & 0x80000000))
			m->imm |= 0xffffffff00000000ULL;
		n += isz;
	}
	if (n > max)
		return -EINVAL;
	m->len = n;
	return 0;
}

/**
 * lg_mmio_reg_value() - the value a decoded store takes from its register.
 * @gprs: the vCPU's registers, in x86 numbering.
 * @m: the decoded store.
 *
 * Return: the register, or its bits 8-15 for AH, CH, DH and BH; the caller
 * keeps the low @m->size bytes.
 */
u64 lg_mmio_reg_value(const u64 *gprs, const struct lg_mmio *m)
{
	u64 v = gprs[m->reg];

	return m->high_byte ? (v >> 8) & 0xff : v;
}

/**
 * lg_mmio_set_reg() - put a value loaded from a device in its register.
 * @gprs: the vCPU's registers, in x86 numbering.
 * @m: the decoded load.
 * @val: the value, already cut to @m->size bytes.
 *
 * As the CPU does: a 32-bit result zero-extends into the whole register,
 * 8- and 16-bit ones replace only their own bytes, MOVZX writes all of its
 * destination size.
 */
void lg_mmio_set_reg(u64 *gprs, const struct lg_mmio *m, u64 val)
{
	u64 *r = &gprs[m->reg];

	if (m->high_byte) {
		*r = (*r & ~0xff00ULL) | (val & 0xff) << 8;
		return;
	}
	switch (m->zero_extend ? m->dst_size : m->size) {
	case 8:
		*r = val;
		break;
	case 4:
		*r = (u32)val;
		break;
	case 2:
		*r = (*r & ~0xffffULL) | (u16)val;
		break;
	default:
		*r = (*r & ~0xffULL) | (u8)val;
		break;
	}
}
