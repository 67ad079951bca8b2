#!/usr/bin/env python3
"""Builds high-precision reference values for the discrete measures.

Inputs are IEEE doubles (written with repr, so they round-trip exactly); each
measure is computed with mpmath with 2400-bit arithmetic (exact sums, results to well over 60 digits) from those exact
doubles, normalised by their exact sums. Run: python3 make_discrete.py > discrete.json
Needs only mpmath (pip install mpmath); the output is committed so tests do not.
"""
import json
import random

from mpmath import mp, mpf, log, sqrt, fabs

# Sums of doubles need up to ~2100 bits to be exact (1 + 1e-320 must not round to 1);
# the results are then correct to far more than the 40 digits written.
mp.prec = 2400


def norm(v):
    s = sum(mpf(x) for x in v)
    return [mpf(x) / s for x in v]


def kl(p, q):
    p, q = norm(p), norm(q)
    acc = mpf(0)
    for a, b in zip(p, q):
        if a == 0:
            continue
        if b == 0:
            return "inf"
        acc += a * log(a / b)
    return acc


def entropy(p):
    p = norm(p)
    return -sum((a * log(a) for a in p if a > 0), mpf(0))


def js(p, q):
    p, q = norm(p), norm(q)
    acc = mpf(0)
    for a, b in zip(p, q):
        m = (a + b) / 2
        if a > 0:
            acc += a * log(a / m)
        if b > 0:
            acc += b * log(b / m)
    return acc / 2


def tv(p, q):
    p, q = norm(p), norm(q)
    return sum(fabs(a - b) for a, b in zip(p, q)) / 2


def hellinger(p, q):
    p, q = norm(p), norm(q)
    return sqrt(sum((sqrt(a) - sqrt(b)) ** 2 for a, b in zip(p, q)) / 2)


def w1(p, q):
    p, q = norm(p), norm(q)
    acc, gap = mpf(0), mpf(0)
    for i in range(len(p) - 1):
        gap += p[i] - q[i]
        acc += fabs(gap)
    return acc


def s(x):
    return x if isinstance(x, str) else mp.nstr(x, 40)


def case(name, p, q):
    k = kl(p, q)
    ce = "inf" if k == "inf" else entropy(p) + k
    return {
        "name": name,
        "p": [repr(float(x)) for x in p],
        "q": [repr(float(x)) for x in q],
        "kl": s(k),
        "kl_rev": s(kl(q, p)),
        "entropy": s(entropy(p)),
        "cross_entropy": s(ce),
        "js": s(js(p, q)),
        "tv": s(tv(p, q)),
        "hellinger": s(hellinger(p, q)),
        "w1": s(w1(p, q)),
    }


def dirichlet(rng, n, alpha):
    g = [rng.gammavariate(alpha, 1.0) for _ in range(n)]
    t = sum(g)
    return [x / t for x in g]


def perturb(rng, p, rel):
    q = [x * (1 + rel * rng.uniform(-1, 1)) for x in p]
    t = sum(q)
    return [x / t for x in q]


def main():
    rng = random.Random(20261121)
    cases = [
        case("coin vs fair", [0.9, 0.1], [0.5, 0.5]),
        case("coin vs 0.8", [0.9, 0.1], [0.8, 0.2]),
        case("fair vs coin", [0.5, 0.5], [0.9, 0.1]),
        case("weather", [0.8, 0.2], [0.5, 0.5]),
        case("three outcomes", [0.6, 0.3, 0.1], [0.5, 0.4, 0.1]),
        case("bernoulli 0.2 vs 0.02", [0.8, 0.2], [0.98, 0.02]),
        case("bernoulli 0.7 vs 0.4", [0.3, 0.7], [0.6, 0.4]),
        case("cover", [0.49, 0.49, 0.02], [0.45, 0.45, 0.10]),
        case("seek", [0.49, 0.49, 0.02], [0.98, 0.01, 0.01]),
        case("equal", [0.25, 0.25, 0.5], [0.25, 0.25, 0.5]),
        case("zero in p", [0.5, 0.0, 0.5], [0.25, 0.5, 0.25]),
        case("zero in q", [0.5, 0.2, 0.3], [0.5, 0.0, 0.5]),
        case("counts", [3, 5, 2], [1, 1, 1]),
        case("subnormal p", [0.5, 0.5 - 1e-310, 1e-310], [0.25, 0.5, 0.25]),
        case("subnormal both", [0.5, 0.5, 5e-324], [0.5, 0.5, 1e-320]),
        case("tiny q", [0.5, 0.5], [1 - 1e-300, 1e-300]),
        case("subnormal q", [0.999, 0.001], [1.0, 4e-320]),
        case("skewed", [1e-200, 1 - 1e-200], [0.5, 0.5]),
        case("one outcome", [1.0], [1.0]),
    ]
    for n in (2, 3, 5, 10, 50, 200):
        for alpha in (0.3, 1.0, 5.0):
            p = dirichlet(rng, n, alpha)
            q = dirichlet(rng, n, alpha)
            cases.append(case(f"dirichlet n={n} a={alpha}", p, q))
            for rel in (1e-3, 1e-6, 1e-9, 1e-12, 1e-15):
                cases.append(case(f"near n={n} a={alpha} rel={rel}", p, perturb(rng, p, rel)))
    print(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main()
