#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the build directory of Debian 12's newest installed 6.1 amd64 kernel
# headers (linux-headers-amd64), the default target of "make".
ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sort -V | tail -n 1
