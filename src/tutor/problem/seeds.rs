//! Where problem seeds come from: the operating system for learners, a
//! seeded generator for `--seed`, a fixed list for tests.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Seeds are drawn below this bound so that a learner can read one aloud or
/// type it into a bug report ("seed 41077").
pub const SEED_BOUND: u64 = 100_000;

/// Where problem seeds come from. Sessions take one so that tests (and
/// `--seed`) are deterministic while learners get fresh instances.
pub trait SeedSource {
    /// A seed in `1..SEED_BOUND` (0 is reserved for fixed problems).
    fn next_seed(&mut self) -> u64;
}

/// Seeds from the operating system's randomness: every session differs.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomSeeds;

impl SeedSource for RandomSeeds {
    fn next_seed(&mut self) -> u64 {
        rand::rng().random_range(1..SEED_BOUND)
    }
}

/// Seeds from a seeded generator: the same start gives the same sequence.
#[derive(Debug)]
pub struct SeededSeeds(StdRng);

impl SeededSeeds {
    pub fn new(seed: u64) -> SeededSeeds {
        SeededSeeds(StdRng::seed_from_u64(seed))
    }
}

impl SeedSource for SeededSeeds {
    fn next_seed(&mut self) -> u64 {
        self.0.random_range(1..SEED_BOUND)
    }
}

/// Seeds taken from a list in order, then cycling; for tests that need to
/// know the exact seed a session will use.
#[derive(Debug, Clone)]
pub struct ListSeeds {
    seeds: Vec<u64>,
    next: usize,
}

impl ListSeeds {
    pub fn new(seeds: Vec<u64>) -> ListSeeds {
        assert!(!seeds.is_empty(), "ListSeeds needs at least one seed");
        ListSeeds { seeds, next: 0 }
    }
}

impl SeedSource for ListSeeds {
    fn next_seed(&mut self) -> u64 {
        let s = self.seeds[self.next % self.seeds.len()];
        self.next += 1;
        s
    }
}
