//! The interactive labs' state and numbers, pure: parameters, the values
//! the engine gives for them, and the cached landscapes the charts draw.
//! The terminal screens in `tui::screens::lab_*` only draw this state.

pub mod bernoulli;

use crate::engine::Base;

/// The labs there are, by the name used in `kltutor lab NAME` and lesson files.
pub const NAMES: &[(&str, &str)] = &[(
    "bernoulli",
    "Bern(p) against Bern(q): the divergence curve as q sweeps 0..1",
)];

/// Parameters a lab may be opened with (from the command line or a lesson's lab block).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabParams {
    pub p: Option<f64>,
    pub q: Option<f64>,
    pub observations: Vec<String>,
}

/// Cycles nats → bits → nats.
pub fn next_base(b: Base) -> Base {
    match b {
        Base::E => Base::Two,
        _ => Base::E,
    }
}

/// Moves `v` by `delta` on a grid of `delta`'s size, clamped to [lo, hi], so
/// that repeated steps land on 0.3 rather than 0.30000000000000004.
pub fn step(v: f64, delta: f64, lo: f64, hi: f64) -> f64 {
    let grid = delta.abs();
    let moved = ((v + delta) / grid).round() * grid;
    let snapped = (moved * 1e9).round() / 1e9;
    snapped.clamp(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_land_on_the_grid() {
        let mut v = 0.0;
        for _ in 0..3 {
            v = step(v, 0.1, 0.0, 1.0);
        }
        assert_eq!(v, 0.3);
        assert_eq!(step(0.95, 0.1, 0.0, 1.0), 1.0);
        assert_eq!(step(0.02, -0.1, 0.0, 1.0), 0.0);
    }
}
