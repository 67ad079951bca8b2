#!/usr/bin/env python3
"""Builds reference values for every calc measure at extreme but valid
inputs (tests/engine_extremes.rs reads extremes.json): entries of 5e-324,
1e-300, 1e300 and 1e308 in normalised vectors, Gaussian means and standard
deviations near 1e-300 and 1e308, covariances from subnormal to 1e308.

Each input is an IEEE double (written with repr, so it round-trips) and is
evaluated exactly with mpmath at 700 digits (enough for 1 + 5e-324), straight
from the textbook definitions, independently of the engine's algorithms.
`want` is the value to 40 digits, "inf" where the definition is infinite, or
"overflow" where it is finite but beyond the largest double (1.8e308): the
engine must then refuse with an error, never print inf.
Run: python3 make_extremes.py > extremes.json
"""
import itertools
import json

from mpmath import mp, mpf, log, sqrt, inf, isinf, matrix, inverse, det

mp.dps = 700
MAXD = mpf("1.7976931348623157e308")


def F(x):
    return mpf(float(x))


def out(x):
    if isinf(x):
        return "inf"
    if abs(x) > MAXD:
        return "overflow"
    return mp.nstr(x, 40)


def norm(v):
    v = [F(x) for x in v]
    t = sum(v)
    return [x / t for x in v]


def kl(p, q):
    t = mpf(0)
    for a, b in zip(p, q):
        if a > 0:
            if b == 0:
                return inf
            t += a * log(a / b)
    return t


def ce(p, q):
    t = mpf(0)
    for a, b in zip(p, q):
        if a > 0:
            if b == 0:
                return inf
            t -= a * log(b)
    return t


def js(p, q):
    m = [(a + b) / 2 for a, b in zip(p, q)]
    return (kl(p, m) + kl(q, m)) / 2


def chi2(p, q):
    t = mpf(0)
    for a, b in zip(p, q):
        if b == 0:
            if a > 0:
                return inf
            continue
        t += (a - b) ** 2 / b
    return t


def renyi(p, q, al):
    if al == "1":
        return kl(p, q)
    if al == "0":
        return -log(sum(b for a, b in zip(p, q) if a > 0))
    if al == "inf":
        return log(max(a / b if b > 0 else inf for a, b in zip(p, q) if a > 0))
    al = mpf(al)
    if al > 1 and any(a > 0 and b == 0 for a, b in zip(p, q)):
        return inf
    s = sum(a ** al * b ** (1 - al) for a, b in zip(p, q) if a > 0 and b > 0)
    return max(log(s) / (al - 1), mpf(0))


def w1(p, q, x):
    x = [F(v) for v in x]
    fp = fq = t = mpf(0)
    for i in range(len(p) - 1):
        fp += p[i]
        fq += q[i]
        t += abs(fp - fq) * (x[i + 1] - x[i])
    return t


def mi(rows):
    j = [[F(v) for v in r] for r in rows]
    s = sum(sum(r) for r in j)
    j = [[v / s for v in r] for r in j]
    px = [sum(r) for r in j]
    py = [sum(r[c] for r in j) for c in range(len(j[0]))]
    return sum(
        j[a][b] * log(j[a][b] / (px[a] * py[b]))
        for a in range(len(j))
        for b in range(len(j[0]))
        if j[a][b] > 0
    )


def gauss(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(F, (m1, s1, m2, s2))
    return log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mpf(1) / 2


def mvn(m1, c1, m2, c2):
    k = len(m1)
    a = matrix([[F(v) for v in r] for r in c1])
    b = matrix([[F(v) for v in r] for r in c2])
    d = matrix([F(x) - F(y) for x, y in zip(m2, m1)])
    bi = inverse(b)
    tr = sum((bi * a)[i, i] for i in range(k))
    return (tr + (d.T * bi * d)[0] - k + log(det(b)) - log(det(a))) / 2


cases = []
vals = ["5e-324", "1e-300", "1e-20", "0.5", "1", "1e300", "1e308"]
for a, b in itertools.product(vals, repeat=2):
    for c in ["1", "0.5"]:
        P, Q = [a, c], [b, c]
        p, q = norm(P), norm(Q)
        d = {"p": P, "q": Q}
        for m, v in [
            ("kl", kl(p, q)),
            ("reverse-kl", kl(q, p)),
            ("cross-entropy", ce(p, q)),
            ("js", js(p, q)),
            ("tv", sum(abs(x - y) for x, y in zip(p, q)) / 2),
            ("hellinger", sqrt(sum((sqrt(x) - sqrt(y)) ** 2 for x, y in zip(p, q)) / 2)),
            ("chi2", chi2(p, q)),
        ]:
            cases.append({"measure": m, **d, "want": out(v)})
        for al in ["0", "0.5", "2", "10", "inf"]:
            cases.append({"measure": "renyi", "alpha": al, **d, "want": out(renyi(p, q, al))})
    cases.append({"measure": "entropy", "p": [a, b], "q": [a, b],
                  "want": out(-sum(x * log(x) for x in norm([a, b]) if x > 0))})
    cases.append({"measure": "mi", "joint": [[a, b], [b, a]], "want": out(mi([[a, b], [b, a]]))})
for x in [["-1e308", "1e308"], ["5e-324", "1e-323"], ["1e-300", "2e-300"], ["-1.7e308", "1.7e308"]]:
    for P, Q in [(["0.5", "0.5"], ["0", "1"]), (["1e-300", "1"], ["1", "1e-300"])]:
        cases.append({"measure": "w1", "p": P, "q": Q, "x": x, "want": out(w1(norm(P), norm(Q), x))})
bv = ["0", "5e-324", "1e-300", "0.5", "0.9999999999", "1"]
for a, b in itertools.product(bv, repeat=2):
    p, q = [1 - F(a), F(a)], [1 - F(b), F(b)]
    cases.append({"measure": "bernoulli", "p": [a], "q": [b], "want": out(kl(p, q))})
mus = ["0", "1e-300", "-1e308", "1e308"]
sig = ["5e-324", "1e-300", "1", "1e300", "1e308"]
for m1, m2 in itertools.product(mus, repeat=2):
    for s1, s2 in itertools.product(sig, repeat=2):
        cases.append({"measure": "gaussian", "mu1": m1, "sigma1": s1, "mu2": m2, "sigma2": s2,
                      "want": out(gauss(m1, s1, m2, s2))})
for m1, m2 in itertools.product(["0", "1e154", "-1e308", "1e308"], repeat=2):
    for d1, d2 in itertools.product(["5e-324", "1e-300", "1", "1e300", "1e308"], repeat=2):
        c1 = [[d1, repr(float(d1) / 2)], [repr(float(d1) / 2), d1]]
        c2 = [[d2, "0"], ["0", d2]]
        mu1, mu2 = [m1, "0"], [m2, "1"]
        cases.append({"measure": "mvn", "mu1": mu1, "cov1": c1, "mu2": mu2, "cov2": c2,
                      "want": out(mvn(mu1, c1, mu2, c2))})
print("[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]")
