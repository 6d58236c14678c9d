#!/usr/bin/env python3
"""Time several commands side by side: one warm-up each, then RUNS rounds running every command
once per round in turn, so that a change in the machine's load falls on all of them alike.

usage: alternate.py RUNS NAME=COMMAND [NAME=COMMAND ...]   (COMMAND is split on spaces)

Prints one line per command: its name, the median wall time, the median CPU time (user + system,
which a shared machine disturbs less than wall time) and the highest peak resident set of its runs.
"""
import os, subprocess, sys, time


def run(argv):
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s exited with %d" % (" ".join(argv), os.waitstatus_to_exitcode(status)))
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def main():
    runs = int(sys.argv[1])
    commands = [(spec.split("=", 1)[0], spec.split("=", 1)[1].split()) for spec in sys.argv[2:]]
    samples = {name: [] for name, _ in commands}
    for name, argv in commands:
        run(argv)
    for _ in range(runs):
        for name, argv in commands:
            samples[name].append(run(argv))
    for name, _ in commands:
        s = samples[name]
        print("%s %.1f %.1f %.1f" % (name, median([x[0] for x in s]), median([x[1] for x in s]), max(x[2] for x in s)))


main()
