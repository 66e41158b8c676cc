"""How every benchmark times a call: the one loop, and the figures it reports."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def samples_ms(fn: Callable[[], object], runs: int, *, warmups: int = 0) -> list[float]:
    """Milliseconds of each of ``runs`` calls of ``fn`` (sorted), after ``warmups`` untimed."""
    for _ in range(warmups):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def median_and_worst(
    fn: Callable[[], object], runs: int = 30, *, warmups: int = 1
) -> tuple[float, float]:
    samples = samples_ms(fn, runs, warmups=warmups)
    return statistics.median(samples), samples[-1]


def median_and_p95(
    fn: Callable[[], object], runs: int = 30, *, warmups: int = 1
) -> tuple[float, float]:
    samples = samples_ms(fn, runs, warmups=warmups)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]
