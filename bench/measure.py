"""Timing helpers shared by the benchmarks: each figure is printed beside its baseline,
both measured in the same run, alternately, so that other load on the machine falls on
both alike."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def throughput(fn: Callable[[], object], seconds: float) -> tuple[float, float, float]:
    """Call ``fn`` again and again for ``seconds``: (calls per second, median ms a call, ms
    of this process's CPU a call). On a shared machine the CPU a call varies less than the
    time; it leaves out the work of other processes (PostgreSQL's)."""
    times = []
    cpu_began = time.process_time()
    stop = time.perf_counter() + seconds
    while True:
        began = time.perf_counter()
        fn()
        ended = time.perf_counter()
        times.append(ended - began)
        if ended >= stop:
            break
    cpu = (time.process_time() - cpu_began) / len(times) * 1000
    return len(times) / sum(times), statistics.median(times) * 1000, cpu


def side_by_side(label: str, measured: Callable[[], object], baseline: Callable[[], object],
                 seconds: float, rounds: int) -> tuple[float, float]:
    """``rounds`` turns of each, alternately; prints the median rates and their ratio and
    returns (measured, baseline) calls per second."""
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(throughput(measured, seconds))
        theirs.append(throughput(baseline, seconds))
    rate, ms, cpu = (statistics.median(figures[i] for figures in ours) for i in range(3))
    base_rate, base_ms, base_cpu = (statistics.median(figures[i] for figures in theirs) for i in range(3))
    print(f"{label:<40} {rate:8.1f}/s {ms:8.1f} ms   baseline {base_rate:8.1f}/s {base_ms:8.1f} ms"
          f"   {rate / base_rate:6.1%} of baseline   CPU {cpu:.1f} ms vs {base_cpu:.1f} ms:"
          f" {base_cpu / cpu:6.1%}", flush=True)
    return rate, base_rate


def header(title: str) -> None:
    print(f"\n{title}\n{'':<40} {'portal':>19}   {'':>8} {'baseline':>19}")
