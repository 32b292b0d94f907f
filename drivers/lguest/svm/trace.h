/* SPDX-License-Identifier: GPL-2.0 */
/*
 * R:425 Tracepoints, as KVM has kvm:kvm_exit: every entry and exit of a
 * guest, and every nested page fault with what became of it, so that
 * "perf stat -e 'lguest:*'" and trace-cmd see lguest.  The guest is named
 * by its configfs name; the exit code is SVM's.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM lguest

#if !defined(_LGUEST_SVM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _LGUEST_SVM_TRACE_H

#include <linux/lguest.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

/* The name as a fixed array: the same on 6.1 and 6.12 (__string changed). */
TRACE_EVENT(lguest_entry,
	    TP_PROTO(const char *guest, u64 rip),
	    TP_ARGS(guest, rip),
	    TP_STRUCT__entry(__array(char, guest, LGUEST_NAME_MAX)
			     __field(u64, rip)),
	    TP_fast_assign(strscpy(__entry->guest, guest, LGUEST_NAME_MAX);
			   __entry->rip = rip;),
	    TP_printk("guest %s rip 0x%llx", __entry->guest, __entry->rip)
);

TRACE_EVENT(lguest_exit,
	    TP_PROTO(const char *guest, u32 code, u64 rip, u64 info1, u64 info2),
	    TP_ARGS(guest, code, rip, info1, info2),
	    TP_STRUCT__entry(__array(char, guest, LGUEST_NAME_MAX)
			     __field(u32, code)
			     __field(u64, rip)
			     __field(u64, info1)
			     __field(u64, info2)),
	    TP_fast_assign(strscpy(__entry->guest, guest, LGUEST_NAME_MAX);
			   __entry->code = code;
			   __entry->rip = rip;
			   __entry->info1 = info1;
			   __entry->info2 = info2;),
	    TP_printk("guest %s code 0x%x rip 0x%llx info1 0x%llx info2 0x%llx",
		      __entry->guest, __entry->code, __entry->rip, __entry->info1,
		      __entry->info2)
);

TRACE_EVENT(lguest_npf,
	    TP_PROTO(const char *guest, u64 gpa, u64 error, bool mmio),
	    TP_ARGS(guest, gpa, error, mmio),
	    TP_STRUCT__entry(__array(char, guest, LGUEST_NAME_MAX)
			     __field(u64, gpa)
			     __field(u64, error)
			     __field(bool, mmio)),
	    TP_fast_assign(strscpy(__entry->guest, guest, LGUEST_NAME_MAX);
			   __entry->gpa = gpa;
			   __entry->error = error;
			   __entry->mmio = mmio;),
	    TP_printk("guest %s gpa 0x%llx error 0x%llx %s", __entry->guest,
		      __entry->gpa, __entry->error, __entry->mmio ? "mmio" : "ram")
);

#endif /* _LGUEST_SVM_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
