#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail if two files of drivers/lguest call each other, directly or round a circle.

A file "calls" another when it names, followed by "(", an lg_* or svm_*
function the other defines (comments are ignored).  Calls go one way:
the run loop calls the backend and the devices, and they call back only
core.c's services.  Prints each circle with the functions that make it.
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(TOP, "drivers/lguest")
DEF = re.compile(r"^(?:[\w\*\s]+?)\b((?:lg|svm)_\w+)\s*\([^;]*?\)\s*\n\{", re.M)


def sources():
    for path in sorted(glob.glob(os.path.join(DIR, "**/*.[cS]"), recursive=True)):
        if "_kunit" not in path:
            text = open(path).read()
            yield os.path.relpath(path, DIR), re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def main():
    src = dict(sources())
    defs = {}
    for f, s in src.items():
        for m in DEF.finditer(s):
            defs.setdefault(m.group(1), f)
        for m in re.finditer(r"SYM_FUNC_START\((\w+)\)", s):
            defs[m.group(1)] = f
    calls = {f: {} for f in src}
    for f, s in src.items():
        for name, where in defs.items():
            if where != f and re.search(r"\b" + name + r"\s*\(", s):
                calls[f].setdefault(where, []).append(name)

    # Tarjan's strongly connected components: each one of two or more files is a circle.
    index, low, stack, on, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in calls[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in src:
        if v not in index:
            visit(v)
    for comp in circles:
        print("call-cycles: a circle of calls: %s" % ", ".join(comp))
        for a in comp:
            for b, names in sorted(calls[a].items()):
                if b in comp:
                    print("  %s -> %s: %s" % (a, b, ", ".join(sorted(set(names)))))
    if circles:
        sys.exit(1)
    print("call-cycles: %d files, no circle of calls" % len(src))


main()
