//! Discrete KL throughput at n = 1e3, 1e5, 1e7 (the accurate algorithm, one thread).
//! Report ns per element: time / n.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kltutor::engine::{self, Norm};
use std::hint::black_box;

/// A deterministic pseudo-random distribution (xorshift), normalised.
fn dist(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64 + 1e-3
        })
        .collect();
    let t: f64 = v.iter().sum();
    v.iter_mut().for_each(|x| *x /= t);
    v
}

fn bench_kl(c: &mut Criterion) {
    let mut g = c.benchmark_group("discrete_kl");
    for &n in &[1_000usize, 100_000, 10_000_000] {
        let p = dist(n, 0x9E37_79B9_7F4A_7C15);
        let q = dist(n, 0xD1B5_4A32_D192_ED03);
        g.throughput(Throughput::Elements(n as u64));
        if n >= 10_000_000 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| engine::kl(black_box(&p), black_box(&q), Norm::Strict).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_kl);
criterion_main!(benches);
