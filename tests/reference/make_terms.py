# Writes tests/reference/terms.json: pairs (p, q) of doubles and q phi(p/q) =
# p ln(p/q) - p + q computed by mpmath at 200 bits, for the term-level test of
# the KL kernel (src/engine/tablelog.rs). Covers ratios near 1, every interval
# boundary of the logarithm's reduction in several binades, and extreme values.
import json, random, struct
import mpmath as mp
mp.mp.prec = 200
rng = random.Random(20261124)
def bits(x): return "%016x" % struct.unpack('<Q', struct.pack('<d', x))[0]
pairs = []
def add(p, q):
    if p > 0 and q > 0 and p < 1e300 and q < 1e300:
        pairs.append((p, q))
for _ in range(600):
    q = 10 ** (-rng.random() * 20) * (1 + rng.random())
    add(q * 10 ** (rng.random() * 20 - 10), q)
for _ in range(300):
    q = rng.random() + 1e-3
    add(q * (1 + (rng.random() - 0.5) * 10 ** -rng.randint(3, 15)), q)
off = 0.73046875
for i in range(65):
    z = off + i / 128 if i <= 34.5 else 1 + 1/128 + (i - 35) / 64
    for e in (-3, -1, 0, 1, 4):
        for rel in (-1e-12, 1e-12, -1e-6, 1e-6):
            q = rng.random() + 0.01
            add(q * z * 2.0 ** e * (1 + rel), q)
for _ in range(300):
    q = 2.0 ** (rng.random() * 600 - 300)
    add(q * 2.0 ** (rng.random() * 1960 - 980), q)
out = []
for p, q in pairs:
    P, Q = mp.mpf(p), mp.mpf(q)
    t = P * mp.log(P / Q) - P + Q
    if t > mp.mpf('1e300'):
        continue
    out.append({"p": bits(p), "q": bits(q), "term": mp.nstr(t, 25)})
with open("tests/reference/terms.json", "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(o) for o in out) + "\n]\n")
print(len(out))
