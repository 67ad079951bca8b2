#!/usr/bin/env python3
"""Times scipy.stats.entropy(p, q) (discrete KL) and NumPy's naive
np.sum(p * np.log(p / q)) on the same kind of inputs as benches/engine.rs,
for the README's side-by-side comparison. Run: python3 benches/scipy_entropy.py
Needs numpy and scipy (pip install numpy scipy)."""
import time

import numpy as np
from scipy.stats import entropy


def dist(n, seed):
    rng = np.random.default_rng(seed)
    v = rng.random(n) + 1e-3
    return v / v.sum()


def naive(p, q):
    return np.sum(p * np.log(p / q))


def best_of(f, p, q, n):
    reps = max(3, int(2e7 // n))
    f(p, q)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            f(p, q)
        best = min(best, (time.perf_counter() - t) / reps)
    return best


for n in (1_000, 100_000, 10_000_000):
    p, q = dist(n, 1), dist(n, 2)
    for name, f in (("scipy.stats.entropy", entropy), ("numpy naive", naive)):
        best = best_of(f, p, q, n)
        print(
            f"{name:>20} n={n:>10}: {best * 1e3:10.4f} ms per call, "
            f"{best / n * 1e9:6.2f} ns per element"
        )
