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
