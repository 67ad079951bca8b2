//! Typed errors for inputs that are not probability distributions.

use std::fmt;

/// Why a vector was refused as a distribution. Positions are 0-based in the
/// value and printed 1-based, the way a person counts the values they typed.
#[derive(Debug, Clone, PartialEq)]
pub enum DistError {
    Empty {
        name: &'static str,
    },
    LengthMismatch {
        p: usize,
        q: usize,
    },
    Negative {
        name: &'static str,
        index: usize,
        value: f64,
    },
    NotFinite {
        name: &'static str,
        index: usize,
        value: f64,
    },
    ZeroTotal {
        name: &'static str,
    },
    NotNormalized {
        name: &'static str,
        sum: f64,
    },
    /// Any other invalid parameter (a non-positive sigma, a probability outside [0, 1], ...).
    Parameter {
        name: &'static str,
        value: f64,
        why: &'static str,
    },
    /// Positions given for Wasserstein-1 are not strictly increasing.
    Unordered {
        index: usize,
        value: f64,
    },
    /// A joint table's row has a different length from the first row's.
    Ragged {
        name: &'static str,
        row: usize,
        len: usize,
        expected: usize,
    },
    /// Two joint tables that must be over the same outcomes have different shapes.
    ShapeMismatch {
        p: (usize, usize),
        q: (usize, usize),
    },
    /// A cell of a joint table is negative or not finite.
    Cell {
        name: &'static str,
        row: usize,
        col: usize,
        value: f64,
        why: &'static str,
    },
    /// A mean vector or covariance matrix that a multivariate Gaussian cannot
    /// have (wrong shape, not symmetric, not positive definite, ...).
    Matrix {
        name: &'static str,
        why: String,
    },
    /// The true value is finite but beyond the largest double (about
    /// 1.8e308): refused rather than shown as infinity, which would be false.
    /// `log10` is its order of magnitude, `name` the input that drives it.
    Overflow {
        name: &'static str,
        log10: f64,
    },
}

impl fmt::Display for DistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DistError::Empty { name } => write!(
                f,
                "{name} is empty: a distribution needs at least one outcome"
            ),
            DistError::LengthMismatch { p, q } => write!(
                f,
                "p has {p} outcomes but q has {q}: both must be over the same outcomes"
            ),
            DistError::Negative { name, index, value } => write!(
                f,
                "{name}: value {} is {value}, but a probability cannot be negative",
                index + 1
            ),
            DistError::NotFinite { name, index, value } => {
                write!(
                    f,
                    "{name}: value {} is {value}, not a finite number",
                    index + 1
                )
            }
            DistError::ZeroTotal { name } => {
                write!(f, "{name}: all values are zero, so it cannot be normalised")
            }
            DistError::NotNormalized { name, sum } => write!(
                f,
                "{name}: values sum to {sum}, not 1 (pass --normalize to divide by the sum)"
            ),
            // A NaN "value" means there is no single value at fault: never print NaN.
            DistError::Parameter { name, value, why } if value.is_nan() => {
                write!(f, "{name}: {why}")
            }
            DistError::Parameter { name, value, why } => write!(f, "{name} = {value}: {why}"),
            DistError::Unordered { index, value } => write!(
                f,
                "x: position {} is {value}, but positions must be strictly increasing",
                index + 1
            ),
            DistError::Ragged {
                name,
                row,
                len,
                expected,
            } => write!(
                f,
                "{name}: row {} has {len} values but row 1 has {expected}: a joint table must be rectangular",
                row + 1
            ),
            DistError::ShapeMismatch { p, q } => write!(
                f,
                "p is a {}x{} table but q is {}x{}: both must be over the same outcomes",
                p.0, p.1, q.0, q.1
            ),
            DistError::Cell {
                name,
                row,
                col,
                value,
                why,
            } => write!(
                f,
                "{name}: the value in row {}, column {} is {value}, {why}",
                row + 1,
                col + 1
            ),
            DistError::Matrix { name, ref why } => write!(f, "{name}: {why}"),
            DistError::Overflow { name, log10 } => {
                let e = log10.floor();
                let m = 10f64.powf(log10 - e);
                write!(
                    f,
                    "{name}: the value is finite but about {m:.1}e{e}, beyond the largest number a double holds (1.8e308), so it cannot be shown"
                )
            }
        }
    }
}

impl std::error::Error for DistError {}
