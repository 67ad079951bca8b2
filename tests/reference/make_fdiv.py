#!/usr/bin/env python3
"""Builds reference values for the f-divergence family members and the
multivariate Gaussian KL (tests/engine_fdiv.rs reads fdiv.json).

Inputs are IEEE doubles written with repr (they round-trip exactly) and are
normalised exactly here, as the engine does. Everything is evaluated with
mpmath at 300 digits straight from the textbook definitions, independently
of the engine's algorithms:
  chi2     sum (p - q)^2 / q
  renyi    log(sum p^a q^(1-a)) / (a - 1); a = 0, 1, inf by their limits
  mvn      1/2 [tr(S2^-1 S1) + d^T S2^-1 d - k + ln det S2 - ln det S1]
           with an explicit inverse and determinant (harmless at 300 digits).
Results are written to 40 digits.
Run: python3 make_fdiv.py > fdiv.json
Needs only mpmath; the output is committed so the tests do not.
"""
import json
import random

from mpmath import mp, mpf, log, inf, matrix

mp.dps = 300


def s(x):
    if x == inf:
        return "inf"
    return mp.nstr(x, 40)


def norm(v):
    v = [mpf(x) for x in v]
    t = sum(v)
    return [x / t for x in v]


def chi2(p, q):
    p, q = norm(p), norm(q)
    acc = mpf(0)
    for a, b in zip(p, q):
        if b == 0:
            if a > 0:
                return inf
            continue
        acc += (a - b) ** 2 / b
    return acc


def renyi(p, q, alpha):
    p, q = norm(p), norm(q)
    if alpha == "inf":
        best = mpf(0)
        for a, b in zip(p, q):
            if a > 0:
                if b == 0:
                    return inf
                best = max(best, a / b)
        return log(best)
    al = mpf(float(alpha))  # the double the engine sees
    if al == 1:
        acc = mpf(0)
        for a, b in zip(p, q):
            if a > 0:
                if b == 0:
                    return inf
                acc += a * log(a / b)
        return acc
    if al == 0:
        m = sum(b for a, b in zip(p, q) if a > 0)
        return inf if m == 0 else max(mpf(0), -log(m))
    acc = mpf(0)
    for a, b in zip(p, q):
        if a == 0:
            continue
        if b == 0:
            if al > 1:
                return inf
            continue
        acc += a**al * b ** (1 - al)
    if acc == 0:
        return inf
    return max(mpf(0), log(acc) / (al - 1))


def mvn(mu1, c1, mu2, c2):
    k = len(mu1)
    S1 = matrix([[mpf(x) for x in r] for r in c1])
    S2 = matrix([[mpf(x) for x in r] for r in c2])
    inv = S2 ** -1
    d = matrix([mpf(b) - mpf(a) for a, b in zip(mu1, mu2)])
    tr = sum((inv * S1)[i, i] for i in range(k))
    maha = (d.T * inv * d)[0, 0]
    return (tr + maha - k + log(mp.det(S2)) - log(mp.det(S1))) / 2


rng = random.Random(20261124)
ALPHAS = ["0", "0.25", "0.5", "0.999999", "1", "1.000001", "2", "5", "inf"]
discrete = []


def add(name, p, q):
    discrete.append(
        {
            "name": name,
            "p": [repr(x) for x in p],
            "q": [repr(x) for x in q],
            "chi2": s(chi2(p, q)),
            "renyi": {a: s(renyi(p, q, a)) for a in ALPHAS},
        }
    )


add("coin vs fair", [0.9, 0.1], [0.5, 0.5])
add("equal", [0.2, 0.3, 0.5], [0.2, 0.3, 0.5])
add("near 1e-9", [0.3, 0.7], [0.3000000003, 0.6999999997])
add("q has a zero", [0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
add("p has a zero", [0.0, 0.6, 0.4], [0.2, 0.3, 0.5])
add("disjoint", [1.0, 0.0], [0.0, 1.0])
add("tiny q", [0.99, 0.01], [0.999999, 0.000001])
add("counts", [3.0, 1.0, 6.0], [2.0, 2.0, 2.0])
for i in range(40):
    n = rng.randint(2, 12)
    p = [rng.random() ** 3 for _ in range(n)]
    q = [rng.random() ** 3 for _ in range(n)]
    add(f"random {i}", p, q)

gauss = []


def addg(name, mu1, c1, mu2, c2):
    gauss.append(
        {
            "name": name,
            "mu1": [repr(x) for x in mu1],
            "cov1": [[repr(x) for x in r] for r in c1],
            "mu2": [repr(x) for x in mu2],
            "cov2": [[repr(x) for x in r] for r in c2],
            "kl": s(mvn(mu1, c1, mu2, c2)),
        }
    )


addg("1d", [0.0], [[1.0]], [1.0], [[4.0]])
addg("2d correlated", [0.0, 0.0], [[1.0, 0.5], [0.5, 2.0]], [1.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
addg("equal", [1.0, 2.0], [[2.0, 0.3], [0.3, 1.0]], [1.0, 2.0], [[2.0, 0.3], [0.3, 1.0]])
addg("near 1e-10", [1.0, 2.0], [[2.0, 0.3], [0.3, 1.0]], [1.0, 2.0], [[2.0000000002, 0.3], [0.3, 1.0]])
addg("strong correlation", [0.0, 0.0], [[1.0, 0.999], [0.999, 1.0]], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
addg("scales 1e-4 and 1e4", [0.0, 0.0], [[1e-4, 0.0], [0.0, 1e4]], [0.01, 10.0], [[2e-4, 1e-1], [1e-1, 3e4]])
for i in range(30):
    k = rng.randint(1, 6)

    def spd():
        a = [[rng.uniform(-1, 1) for _ in range(k)] for _ in range(k)]
        return [[sum(a[i][t] * a[j][t] for t in range(k)) + (0.1 if i == j else 0.0) for j in range(k)] for i in range(k)]

    def sym(c):
        # symmetrise the double values exactly
        return [[c[min(i, j)][max(i, j)] for j in range(k)] for i in range(k)]

    addg(
        f"random {k}d {i}",
        [rng.uniform(-3, 3) for _ in range(k)],
        sym(spd()),
        [rng.uniform(-3, 3) for _ in range(k)],
        sym(spd()),
    )

print(json.dumps({"discrete": discrete, "mvn": gauss}, indent=1))
