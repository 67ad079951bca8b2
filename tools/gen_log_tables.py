# Generates the 64-interval tables of the table-driven logarithm (src/engine/logtables.rs).
import mpmath as mp, struct
mp.mp.prec = 200
def bits(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def fromb(b): return struct.unpack('<d', struct.pack('<Q', b))[0]
LOG_OFF = bits(0.734375) - (1 << 45)
assert fromb(LOG_OFF) == 0.73046875
LOG_MID = LOG_OFF + (1 << 45)
C = [fromb(LOG_MID + (i << 46)) for i in range(64)]
assert C[34] == 1.0
out = []
def hexf(x): return "f64::from_bits(0x%s)" % "_".join(["%016X" % bits(x)][0][k:k+4] for k in range(0,16,4))
inv = [1.0 / c for c in C]
lnhi = []; lnlo = []
for c in C:
    l = mp.log(mp.mpf(c))
    hi = float(mp.nint(l * 2**32) / 2**32)
    lo = float(l - mp.mpf(hi))
    lnhi.append(hi); lnlo.append(lo)
# y range: z over each interval, y = z/c - 1
ymin = min((fromb(LOG_OFF + (i << 46)) - C[i]) / C[i] for i in range(64))
ymax = max((fromb(LOG_OFF + ((i + 1) << 46)) - C[i]) / C[i] for i in range(64))
print("// y range", ymin, ymax)
def table(name, doc, vals):
    s = doc + "pub(crate) const %s: [f64; 64] = [\n" % name
    for v in vals:
        s += "    %s, // %r\n" % (hexf(v), v)
    return s + "];\n"
print(table("C", "/// `c`: the middle of each interval (a multiple of 1/256), as `log_split1`\n/// computes it from the bits; kept here to check that and to build the tables.\n#[cfg(test)]\n", C))
print(table("INV_C", "/// `1/c`, rounded.\n", inv))
print(table("LN_C_HI", "/// `ln c` rounded to a multiple of 2^-32, so that `e ln2_hi + ln_c_hi` is exact.\n", lnhi))
print(table("LN_C_LO", "/// The rest of `ln c`.\n", lnlo))
