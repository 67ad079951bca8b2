//! A robust timing of the fused KL pass on a busy machine: the MINIMUM over
//! many repetitions (short calls are mostly unpreempted, so the minimum is
//! close to the quiet-machine figure where criterion's mean is not).
//!
//! `cargo run --release --example kl_min_time [n ...] [path ...]`; prints ns
//! per element for the memory floor and every available path (or only those
//! named: `avx512`, `avx2`, `portable`), one thread and all cores.

use kltutor::engine::{Norm, Path, Plan, fused};
use std::hint::black_box;
use std::time::Instant;

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

fn min_ns_per_el(n: usize, reps: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let t = Instant::now();
        black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best / n as f64 * 1e9
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ns: Vec<usize> = args
        .iter()
        .filter_map(|a| a.parse::<f64>().ok().map(|x| x as usize))
        .collect();
    let named: Vec<Path> = args.iter().filter_map(|a| a.parse::<Path>().ok()).collect();
    let ns = if ns.is_empty() {
        vec![100_000, 10_000_000]
    } else {
        ns
    };
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    for n in ns {
        let p = dist(n, 0x9E37_79B9_7F4A_7C15);
        let q = dist(n, 0xD1B5_4A32_D192_ED03);
        let reps = (2e9 / n as f64).clamp(5.0, 3000.0) as usize;
        let floor = min_ns_per_el(n, reps, || fused::read_floor(black_box(&p), black_box(&q)));
        println!("n={n:>9} floor            {floor:6.3} ns/el");
        for path in Path::ALL
            .into_iter()
            .filter(|p| p.available() && (named.is_empty() || named.contains(p)))
        {
            let mut threads = vec![1];
            if n >= 1_000_000 && cores > 1 {
                threads.push(cores);
            }
            for t in threads {
                let plan = Plan { path, threads: t };
                let ns = min_ns_per_el(n, reps, || {
                    fused::kl_with(black_box(&p), black_box(&q), Norm::Strict, plan).unwrap()
                });
                println!(
                    "n={n:>9} {:>8} {t}t      {ns:6.3} ns/el  ({:.2}x floor)",
                    path.name(),
                    ns / floor
                );
            }
        }
    }
}
