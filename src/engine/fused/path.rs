//! Which kernel runs a pass ([`Path`]) and on how many threads ([`Plan`]).

use super::{BLOCK, PARALLEL_FROM};
use std::sync::OnceLock;

/// Which kernel runs the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// One 512-bit register of eight lanes (x86-64 with AVX-512F).
    Avx512,
    /// Two 256-bit registers (x86-64 with AVX2 and FMA).
    Avx2,
    /// Plain Rust, any CPU: the specification the others match bit for bit.
    Portable,
}

impl Path {
    pub const ALL: [Path; 3] = [Path::Avx512, Path::Avx2, Path::Portable];

    /// Whether this CPU can run the path.
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            Path::Portable => true,
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The fastest path this CPU has.
    pub fn best() -> Path {
        *Path::ALL
            .iter()
            .find(|p| p.available())
            .unwrap_or(&Path::Portable)
    }

    /// The path every call uses by default: the best one, or the one named by
    /// the environment variable `KLTUTOR_ENGINE_PATH` (`avx512`, `avx2` or
    /// `portable`) when this CPU has it, read once (for benchmarks and tests).
    pub fn current() -> Path {
        static CHOSEN: OnceLock<Path> = OnceLock::new();
        *CHOSEN.get_or_init(|| {
            std::env::var("KLTUTOR_ENGINE_PATH")
                .ok()
                .and_then(|v| v.parse::<Path>().ok())
                .filter(|p| p.available())
                .unwrap_or_else(Path::best)
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Path::Avx512 => "avx512",
            Path::Avx2 => "avx2",
            Path::Portable => "portable",
        }
    }
}

impl std::str::FromStr for Path {
    type Err = String;
    fn from_str(s: &str) -> Result<Path, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "avx512" | "avx-512" => Ok(Path::Avx512),
            "avx2" => Ok(Path::Avx2),
            "portable" | "scalar" => Ok(Path::Portable),
            other => Err(format!("unknown engine path \"{other}\"")),
        }
    }
}

/// How a call runs: which kernel, and on how many threads (`0`: one per
/// core for inputs of [`PARALLEL_FROM`] elements or more, else one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub path: Path,
    pub threads: usize,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            path: Path::current(),
            threads: 0,
        }
    }
}

impl Plan {
    pub(super) fn threads_for(self, n: usize) -> usize {
        let blocks = n.div_ceil(BLOCK).max(1);
        let want = match self.threads {
            0 if n >= PARALLEL_FROM => std::thread::available_parallelism().map_or(1, |c| c.get()),
            0 => 1,
            t => t,
        };
        want.clamp(1, blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_names_round_trip() {
        for p in Path::ALL {
            assert_eq!(p.name().parse::<Path>().unwrap(), p);
        }
        assert!("sse".parse::<Path>().is_err());
        assert!(Path::Portable.available());
    }
}
