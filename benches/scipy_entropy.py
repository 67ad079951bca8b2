#!/usr/bin/env python3
"""Times scipy.stats.entropy(p, q) (discrete KL) on the same kind of inputs as
benches/engine.rs, for the README's comparison. Run: python3 benches/scipy_entropy.py
Needs numpy and scipy (pip install numpy scipy)."""
import time

import numpy as np
from scipy.stats import entropy


def dist(n, seed):
    rng = np.random.default_rng(seed)
    v = rng.random(n) + 1e-3
    return v / v.sum()


for n in (1_000, 100_000, 10_000_000):
    p, q = dist(n, 1), dist(n, 2)
    reps = max(3, int(2e7 // n))
    entropy(p, q)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            entropy(p, q)
        best = min(best, (time.perf_counter() - t) / reps)
    print(f"n={n:>10}: {best * 1e3:10.4f} ms per call, {best / n * 1e9:6.2f} ns per element")
