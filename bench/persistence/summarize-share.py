#!/usr/bin/env python3
"""Ranges per variant and service from hibernate-share.sh output files (min-max over the rounds).

  jpa ms     Hibernate + Spring Data JPA: exclusive CPU of their start-up steps on the main thread
  main s     CPU of the main thread when the application was ready (the thread that runs the whole refresh)
  ratio      main / (main - jpa): the start-up CPU with Hibernate against the same without Hibernate's part,
             the budget being <= 1.15
  process s  CPU of the whole JVM when ready (JIT compiler and GC threads included)
  started s  Spring's "Started ... in" wall time
  up s       wall time of ./imclab up (all four services; workers start in parallel, then the gateway)
Usage: summarize-share.py RESULTS.txt...
"""
import re
import sys
from collections import defaultdict

rows = defaultdict(lambda: defaultdict(list))
ups = defaultdict(list)
for path in sys.argv[1:]:
    for line in open(path):
        m = re.match(r"(\S+) round \d+: up ([\d.]+) s", line)
        if m:
            ups[m.group(1)].append(float(m.group(2)))
            continue
        m = re.match(r"\s+(\S+) service=(\S+) (.*)", line)
        if not m or "no probe" in line:
            continue
        values = dict(kv.split("=") for kv in m.group(3).split())
        rows[m.group(1)][m.group(2)].append({k: float(v) for k, v in values.items()})


def span(values, fmt="{:.2f}"):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else (fmt + "-" + fmt).format(lo, hi)


print("| variant | service | n | jpa main-thread CPU ms | main-thread CPU s | ratio | process CPU s | started s |")
print("|---|---|---|---|---|---|---|---|")
for variant, services in rows.items():
    for service, runs in services.items():
        ratios = [r["main_cpu_s"] / (r["main_cpu_s"] - r["jpa_main_cpu_s"]) for r in runs]
        print(f"| {variant} | {service} | {len(runs)} | {span([r['jpa_main_cpu_s'] * 1000 for r in runs], '{:.0f}')} | "
              f"{span([r['main_cpu_s'] for r in runs])} | {span(ratios)} | {span([r['process_cpu_s'] for r in runs], '{:.1f}')} | "
              f"{span([r['started_s'] for r in runs], '{:.1f}')} |")
print()
for variant, values in ups.items():
    print(f"{variant}: ./imclab up {span(values, '{:.1f}')} s over {len(values)} rounds")
