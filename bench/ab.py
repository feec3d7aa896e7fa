#!/usr/bin/env python3
"""Paired A/B timing of shell commands, for differences of a few milliseconds on a noisy machine.

    python3 bench/ab.py [--rounds N] [--warmup N] [--remove PATH]... COMMAND_A COMMAND_B [COMMAND_C...]

Runs the commands in turn N times (default 100; the order reverses every other round, so that
neither always runs first), each under `perf stat -e task-clock,duration_time` through `bash -c`,
after deleting every --remove PATH (an output that must be fresh). Prints each command's median
and mean wall time and CPU (task-clock: user and system time of all its threads), then, for every
command after the first, the mean of its paired differences to the first (this round's run minus
the first command's run of the same round) with a 95 % interval (1.96 standard errors), and their
median, and the mean of their paired ratios (wall time, this round's run over the first
command's). Drift of the machine during the run falls on both sides of each pair alike; a difference
whose interval spans 0 was not measured. Each command first runs --warmup times (default 2),
unrecorded: on these machines the kernel pages out memory left idle for a minute (DAMON), page
cache included, so the first runs after a pause read their files from disk.
"""
import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys


def run(command):
    out = subprocess.run(['perf', 'stat', '-x,', '-e', 'task-clock,duration_time', 'bash', '-c', command],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    wall = cpu = None
    for line in out.splitlines():
        fields = line.split(',')
        if len(fields) > 3 and fields[2].startswith('task-clock'):
            cpu = float(fields[0])
        elif len(fields) > 3 and fields[2].startswith('duration_time'):
            wall = float(fields[0]) / 1e6
    if wall is None or cpu is None:
        sys.exit('ab.py: no perf stat figures for: ' + command + '\n' + out)
    return wall, cpu


def remove(paths):
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--rounds', type=int, default=100)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--remove', action='append', default=[])
    p.add_argument('commands', nargs='+')
    a = p.parse_args()
    if shutil.which('perf') is None:
        sys.exit('ab.py: perf is needed (Debian: apt-get install linux-perf)')
    if len(a.commands) < 2:
        p.error('two commands or more')
    results = [[] for _ in a.commands]
    for _ in range(a.warmup):
        for c in a.commands:
            remove(a.remove)
            run(c)
    for r in range(a.rounds):
        order = range(len(a.commands)) if r % 2 == 0 else reversed(range(len(a.commands)))
        for i in order:
            remove(a.remove)
            results[i].append(run(a.commands[i]))
    for i, c in enumerate(a.commands):
        wall = [x[0] for x in results[i]]
        cpu = [x[1] for x in results[i]]
        print(f'[{i}] wall median {statistics.median(wall):.1f} mean {statistics.mean(wall):.1f} ms, '
              f'cpu median {statistics.median(cpu):.1f} mean {statistics.mean(cpu):.1f} ms: {c}')
    for i in range(1, len(a.commands)):
        for k, name in ((0, 'wall'), (1, 'cpu')):
            d = [results[i][r][k] - results[0][r][k] for r in range(a.rounds)]
            half = 1.96 * statistics.stdev(d) / math.sqrt(len(d))
            print(f'[{i}]-[0] {name}: {statistics.mean(d):+.1f} ms ± {half:.1f} (95 %), '
                  f'median {statistics.median(d):+.1f} ms')
        q = [results[i][r][0] / results[0][r][0] for r in range(a.rounds)]
        half = 1.96 * statistics.stdev(q) / math.sqrt(len(q))
        print(f'[{i}]/[0] wall: {statistics.mean(q):.3f}x ± {half:.3f} (95 %), median {statistics.median(q):.3f}x')


if __name__ == '__main__':
    main()
