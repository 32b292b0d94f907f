/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lguest: the interface between the lguest module and its userspace stub.
 *
 * Guests are defined in configfs (/sys/kernel/config/lguest/<name>); the
 * stub opens /dev/lguest, attaches to one guest by name and runs it.  This
 * header is the whole of that surface, and it is versioned.
 */
#ifndef _UAPI_LINUX_LGUEST_H
#define _UAPI_LINUX_LGUEST_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * LGUEST_API_VERSION - version of the /dev/lguest ioctl interface.
 *
 * Bumped on any incompatible change; the stub refuses to run on a mismatch.
 */
#define LGUEST_API_VERSION	1

/** LGUEST_NAME_MAX - longest guest name (configfs directory), with the NUL. */
#define LGUEST_NAME_MAX		64

#define LGUEST_IOCTL_MAGIC	0xB9

/**
 * LGUEST_GET_API_VERSION - returns LGUEST_API_VERSION as the ioctl's value.
 */
#define LGUEST_GET_API_VERSION	_IO(LGUEST_IOCTL_MAGIC, 0x00)

#endif /* _UAPI_LINUX_LGUEST_H */
