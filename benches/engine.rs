//! Discrete KL throughput at n = 1e5 and 1e7, per kernel path (AVX-512,
//! AVX2, portable: those this CPU has) on one thread, the vector paths on all
//! cores at 1e7, and the default entry point, next to the memory floor: one
//! read of both arrays (a plain sum of `p` and `q`). Report ns per element:
//! time / n (criterion prints it as throughput). About 2 minutes in all.
//!
//! `cargo bench --bench engine`; narrow with a filter, e.g.
//! `cargo bench --bench engine -- 'kl/avx2'`. On a busy machine prefer
//! `cargo run --release --example kl_min_time`, which reports the minimum.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kltutor::engine::{self, Norm, Path, Plan, fused};
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
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let mut g = c.benchmark_group("kl");
    g.warm_up_time(std::time::Duration::from_secs(1));
    g.measurement_time(std::time::Duration::from_secs(3));
    for &n in &[100_000usize, 10_000_000] {
        let p = dist(n, 0x9E37_79B9_7F4A_7C15);
        let q = dist(n, 0xD1B5_4A32_D192_ED03);
        g.throughput(Throughput::Elements(n as u64));
        g.sample_size(if n >= 10_000_000 { 10 } else { 30 });
        g.bench_with_input(BenchmarkId::new("floor", n), &n, |b, _| {
            b.iter(|| fused::read_floor(black_box(&p), black_box(&q)))
        });
        g.bench_with_input(BenchmarkId::new("default", n), &n, |b, _| {
            b.iter(|| engine::kl(black_box(&p), black_box(&q), Norm::Strict).unwrap())
        });
        for path in Path::ALL.into_iter().filter(|p| p.available()) {
            let mut threads = vec![1];
            if n >= 10_000_000 && cores > 1 {
                threads.push(cores);
            }
            if path == Path::Portable && n >= 10_000_000 {
                threads = vec![1];
            }
            for t in threads {
                let plan = Plan { path, threads: t };
                let id = BenchmarkId::new(format!("{}/{}t", path.name(), t), n);
                g.bench_with_input(id, &n, |b, _| {
                    b.iter(|| {
                        fused::kl_with(black_box(&p), black_box(&q), Norm::Strict, plan).unwrap()
                    })
                });
            }
        }
    }
    g.finish();
}

criterion_group!(benches, bench_kl);
criterion_main!(benches);
