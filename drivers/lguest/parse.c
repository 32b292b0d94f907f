// SPDX-License-Identifier: GPL-2.0
/*
 * C:010 Every configfs write is untrusted text.  These helpers turn it into
 * numbers and names or refuse it with an errno; they know nothing of x86,
 * so KUnit checks them under UML (parse_kunit.c).
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "lg.h"

/**
 * lg_strip_len() - length of @buf without trailing whitespace.
 * @buf: the written bytes (not necessarily NUL-terminated).
 * @len: how many bytes were written.
 *
 * ``echo`` appends a newline; nobody means it as part of the value.
 *
 * Return: the length up to the last non-space character.
 */
size_t lg_strip_len(const char *buf, size_t len)
{
	while (len && isspace(buf[len - 1]))
		len--;
	return len;
}

/**
 * lg_parse_size() - parse a byte count such as "64M" or "1073741824".
 * @buf: NUL-terminated input; one trailing newline is allowed.
 * @min: smallest accepted value.
 * @max: largest accepted value.
 * @out: where the value goes, untouched on error.
 *
 * Accepts a decimal number with an optional K, M, G or T suffix (powers of
 * 1024, either case).  Unlike memparse() it notices overflow.
 *
 * Return: 0, -EINVAL for text that is not a size, -ERANGE for a value that
 * overflows or lies outside [@min, @max].
 */
int lg_parse_size(const char *buf, u64 min, u64 max, u64 *out)
{
	size_t len = lg_strip_len(buf, strlen(buf));
	unsigned int shift = 0;
	size_t i = 0;
	u64 val = 0;

	if (!len)
		return -EINVAL;
	for (; i < len && isdigit(buf[i]); i++) {
		if (check_mul_overflow(val, (u64)10, &val) ||
		    check_add_overflow(val, (u64)(buf[i] - '0'), &val))
			return -ERANGE;
	}
	if (i == 0)
		return -EINVAL;
	if (i < len) {
		switch (buf[i]) {
		case 'k': case 'K':
			shift = 10;
			break;
		case 'm': case 'M':
			shift = 20;
			break;
		case 'g': case 'G':
			shift = 30;
			break;
		case 't': case 'T':
			shift = 40;
			break;
		default:
			return -EINVAL;
		}
		if (++i != len)
			return -EINVAL;
	}
	if (shift && val > (U64_MAX >> shift))
		return -ERANGE;
	val <<= shift;
	if (val < min || val > max)
		return -ERANGE;
	*out = val;
	return 0;
}

static bool lg_fw_char_ok(char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+' ||
	       c == '/';
}

/**
 * lg_parse_fw_name() - check a firmware file name such as "lguest/hello.img".
 * @buf: NUL-terminated input; one trailing newline is allowed.
 * @out: receives the name, NUL-terminated.
 * @out_size: size of @out.
 *
 * The name is handed to request_firmware(), which looks it up below
 * /lib/firmware.  Keep it there: relative, no ".." component, no empty
 * component, and only characters that need no quoting.
 *
 * Return: 0, -EINVAL for a malformed name, -ENAMETOOLONG when it does not
 * fit @out.
 */
int lg_parse_fw_name(const char *buf, char *out, size_t out_size)
{
	size_t len = lg_strip_len(buf, strlen(buf));
	size_t i, comp = 0;

	if (!len)
		return -EINVAL;
	if (len >= out_size)
		return -ENAMETOOLONG;
	for (i = 0; i <= len; i++) {
		if (i == len || buf[i] == '/') {
			/* An empty component also catches a leading '/'. */
			if (i == comp)
				return -EINVAL;
			if (i - comp == 2 && buf[comp] == '.' &&
			    buf[comp + 1] == '.')
				return -EINVAL;
			comp = i + 1;
			continue;
		}
		if (!lg_fw_char_ok(buf[i]))
			return -EINVAL;
	}
	memcpy(out, buf, len);
	out[len] = '\0';
	return 0;
}
