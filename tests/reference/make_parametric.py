#!/usr/bin/env python3
"""Builds high-precision reference values for the closed-form parametric KLs.

Parameters are IEEE doubles written with repr (they round-trip exactly); each
divergence is evaluated with mpmath at 4000 bits (enough to hold 1 - 1e-300 exactly) from those exact doubles using
the textbook formula, whose cancellation is harmless at that precision even
for parameters agreeing to 1e-12. Results are written to 40 digits.
Run: python3 make_parametric.py > parametric.json
Needs only mpmath; the output is committed so tests do not.
"""
import json
import random

from mpmath import mp, mpf, log, exp, inf

mp.prec = 4000


def s(x):
    if x == inf:
        return "inf"
    return mp.nstr(x, 40)


def xlogy(x, y):
    return mpf(0) if x == 0 else x * log(y)


def bernoulli(p, q):
    p, q = mpf(p), mpf(q)
    acc = mpf(0)
    for a, b in ((p, q), (1 - p, 1 - q)):
        if a == 0:
            continue
        if b == 0:
            return inf
        acc += a * log(a / b)
    return acc


def gaussian(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(mpf, (m1, s1, m2, s2))
    return log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mpf(1) / 2


def vae(mu, lv):
    return sum((mpf(m) ** 2 + exp(mpf(v)) - 1 - mpf(v) for m, v in zip(mu, lv)), mpf(0)) / 2


def poisson(l1, l2):
    l1, l2 = mpf(l1), mpf(l2)
    return xlogy(l1, l1 / l2) + l2 - l1


def exponential(r1, r2):
    r1, r2 = mpf(r1), mpf(r2)
    return log(r1 / r2) + r2 / r1 - 1


def mutual_information(t):
    t = [[mpf(x) for x in row] for row in t]
    total = sum(sum(row) for row in t)
    px = [sum(row) / total for row in t]
    py = [sum(t[i][j] for i in range(len(t))) / total for j in range(len(t[0]))]
    # Summed as px py phi(pxy / (px py)), phi(t) = t ln t - t + 1 >= 0: the
    # textbook sum leaves 2^-4000 noise (of either sign) for an exactly
    # independent table, this form gives exactly 0.
    acc = mpf(0)
    for i, row in enumerate(t):
        for j, v in enumerate(row):
            q = px[i] * py[j]
            if q == 0:
                continue
            r = (v / total) / q
            acc += q * (xlogy(r, r) - r + 1)
    return acc


def f(x):
    return repr(float(x))


def main():
    rng = random.Random(20261121)
    cases = []

    def add(family, name, params, value):
        cases.append({"family": family, "name": name, "params": params, "kl": s(value)})

    bern = [
        ("seed 0.2 vs 0.02", 0.2, 0.02),
        ("seed 0.7 vs 0.4", 0.7, 0.4),
        ("equal", 0.3, 0.3),
        ("near 1e-9", 0.3, 0.3 * (1 + 1e-9)),
        ("near 1e-12", 0.3, 0.3 * (1 + 1e-12)),
        ("near 1e-15", 0.3, 0.3 * (1 + 1e-15)),
        ("tiny p", 1e-20, 2e-20),
        ("tiny near", 1e-200, 1.0000001e-200),
        ("near one", 1 - 2**-40, 1 - 2**-39),
        ("p zero", 0.0, 0.25),
        ("p one", 1.0, 0.25),
        ("q zero", 0.25, 0.0),
        ("q one", 0.25, 1.0),
        ("both zero", 0.0, 0.0),
        ("both one", 1.0, 1.0),
        ("far", 0.999, 1e-300),
    ]
    for _ in range(20):
        p, q = rng.random(), rng.random()
        bern.append((f"random {p:.3f} vs {q:.3f}", p, q))
    for name, p, q in bern:
        add("bernoulli", name, [f(p), f(q)], bernoulli(p, q))

    gauss = [
        ("standard vs shifted", 0.0, 1.0, 1.0, 1.0),
        ("scale 2", 0.0, 1.0, 0.0, 2.0),
        ("scale 1/2", 0.0, 2.0, 0.0, 1.0),
        ("equal", 1.5, 0.7, 1.5, 0.7),
        ("sigma ratio 1+1e-12", 0.0, 1.0, 0.0, 1 + 1e-12),
        ("sigma ratio 1-1e-12", 0.0, 1.0 - 1e-12, 0.0, 1.0),
        ("sigma ratio 1+1e-6", 0.0, 3.0, 0.0, 3.0 * (1 + 1e-6)),
        ("mean 1e-9", 0.0, 1.0, 1e-9, 1.0),
        ("both near", 2.0, 1.0, 2.0 + 1e-8, 1.0 + 1e-9),
        ("very narrow vs wide", 0.0, 1e-5, 0.0, 1e5),
        ("very wide vs narrow", 0.0, 1e5, 0.0, 1e-5),
        ("huge scale", 1e200, 1e200, 0.0, 2e200),
    ]
    for _ in range(20):
        gauss.append(("random", rng.uniform(-5, 5), rng.uniform(0.1, 5), rng.uniform(-5, 5), rng.uniform(0.1, 5)))
    for name, m1, s1, m2, s2 in gauss:
        add("gaussian", name, [f(m1), f(s1), f(m2), f(s2)], gaussian(m1, s1, m2, s2))

    vaes = [
        ("log_var 1e-10", [0.0], [1e-10]),
        ("log_var -1e-10", [0.0], [-1e-10]),
        ("mu 1e-8 log_var 1e-10", [1e-8, 0.0], [1e-10, -3e-10]),
        ("typical", [0.5, -1.0, 0.1], [-0.2, 0.3, -2.0]),
        ("large", [3.0], [5.0]),
        ("very negative log_var", [0.0], [-40.0]),
        ("zero", [0.0, 0.0], [0.0, 0.0]),
    ]
    for _ in range(10):
        n = rng.randint(1, 8)
        vaes.append(("random", [rng.gauss(0, 1) for _ in range(n)], [rng.gauss(0, 1) for _ in range(n)]))
    for name, mu, lv in vaes:
        add("vae", name, {"mu": [f(x) for x in mu], "log_var": [f(x) for x in lv]}, vae(mu, lv))

    pois = [
        ("3 vs 5", 3.0, 5.0),
        ("5 vs 3", 5.0, 3.0),
        ("equal", 4.0, 4.0),
        ("rates 1e-10 apart", 2.0, 2.0 * (1 + 1e-10)),
        ("rates 1e-13 apart", 7.0, 7.0 * (1 - 1e-13)),
        ("zero rate", 0.0, 1.5),
        ("tiny vs large", 1e-300, 1e10),
        ("large vs tiny", 1e10, 1e-300),
    ]
    for name, a, b in pois:
        add("poisson", name, [f(a), f(b)], poisson(a, b))

    expo = [
        ("1 vs 2", 1.0, 2.0),
        ("2 vs 1", 2.0, 1.0),
        ("equal", 0.5, 0.5),
        ("rates 1e-10 apart", 1.3, 1.3 * (1 + 1e-10)),
        ("rates 1e-14 apart", 1.3, 1.3 * (1 - 1e-14)),
        ("far", 1e-100, 1e100),
    ]
    for name, a, b in expo:
        add("exponential", name, [f(a), f(b)], exponential(a, b))

    tables = [
        ("correlated bits", [[0.4, 0.1], [0.1, 0.4]]),
        ("independent counts", [[1.0, 2.0], [3.0, 6.0]]),
        ("nearly independent", [[0.06, 0.14], [0.24, 0.56 * (1 + 1e-9)]]),
        ("rounded product", [[0.2 * 0.3, 0.2 * 0.7], [0.8 * 0.3, 0.8 * 0.7]]),
        ("with zeros", [[0.3, 0.0, 0.2], [0.0, 0.4, 0.1]]),
        ("3x4 counts", [[5, 1, 0, 2], [3, 3, 3, 3], [0, 7, 1, 1]]),
    ]
    for _ in range(5):
        rows, cols = rng.randint(2, 5), rng.randint(2, 5)
        a = [rng.random() for _ in range(rows)]
        b = [rng.random() for _ in range(cols)]
        tables.append(("random near-product", [[x * y * (1 + 1e-7 * rng.uniform(-1, 1)) for y in b] for x in a]))
    for name, t in tables:
        add("mutual_information", name, [[f(x) for x in row] for row in t], mutual_information(t))

    print(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main()
