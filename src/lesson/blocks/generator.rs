//! A problem's `[random]` table, validated for its family into a [`Generator`].

use super::inputs::Family;
use super::{KeyError, kerr};
use crate::lesson::model::*;
use serde::Deserialize;

/// The sane range of a Dirichlet `concentration` (documented in
/// docs/lesson-format.md): below it nearly every draw puts all mass on one
/// outcome or underflows, above it every draw is the uniform distribution.
pub const MIN_CONCENTRATION: f64 = 0.01;
/// See [`MIN_CONCENTRATION`].
pub const MAX_CONCENTRATION: f64 = 1000.0;
/// The largest |mu| and sigma a Gaussian or MVN generator may draw: a
/// tutor's numbers, far from where KL's squares overflow.
pub const MAX_LOCATION: f64 = 1e6;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRandom {
    outcomes: Option<Vec<i64>>,
    concentration: Option<f64>,
    decimals: Option<i64>,
    no_zeros: Option<bool>,
    answer: Option<Vec<f64>>,
    p: Option<Vec<f64>>,
    q: Option<Vec<f64>>,
    mu1: Option<Vec<f64>>,
    sigma1: Option<Vec<f64>>,
    mu2: Option<Vec<f64>>,
    sigma2: Option<Vec<f64>>,
    rows: Option<Vec<i64>>,
    cols: Option<Vec<i64>>,
    dim: Option<Vec<i64>>,
    mu: Option<Vec<f64>>,
    sigma: Option<Vec<f64>>,
    rho: Option<Vec<f64>>,
}

impl RawRandom {
    /// The family a `[random]` table's keys imply, when `family` is omitted.
    pub(super) fn family_hint(&self) -> Option<Family> {
        if self.p.is_some() || self.q.is_some() {
            Some(Family::Bernoulli)
        } else if self.mu1.is_some()
            || self.sigma1.is_some()
            || self.mu2.is_some()
            || self.sigma2.is_some()
        {
            Some(Family::Gaussian)
        } else if self.rows.is_some() || self.cols.is_some() {
            Some(Family::Joint)
        } else if self.dim.is_some()
            || self.mu.is_some()
            || self.sigma.is_some()
            || self.rho.is_some()
        {
            Some(Family::Mvn)
        } else {
            None
        }
    }
}

pub(super) fn range_f(key: &'static str, v: &[f64]) -> Result<(f64, f64), KeyError> {
    match v {
        [lo, hi] if lo.is_finite() && hi.is_finite() && lo <= hi => Ok((*lo, *hi)),
        _ => Err(kerr(
            key,
            format!("random.{key} must be [low, high] with low <= high"),
        )),
    }
}

pub(super) fn range_u(
    key: &'static str,
    v: &[i64],
    min: i64,
    max: i64,
) -> Result<(usize, usize), KeyError> {
    match v {
        [lo, hi] if min <= *lo && lo <= hi && *hi <= max => Ok((*lo as usize, *hi as usize)),
        _ => Err(kerr(
            key,
            format!("random.{key} must be [low, high] with {min} <= low <= high <= {max}"),
        )),
    }
}

/// A `[random]` table, validated for its family.
pub(super) fn generator(r: RawRandom, f: Family) -> Result<Generator, Vec<KeyError>> {
    let mut errs = Vec::new();
    let used: [(&'static str, bool); 16] = [
        ("outcomes", r.outcomes.is_some()),
        ("concentration", r.concentration.is_some()),
        ("decimals", r.decimals.is_some()),
        ("no_zeros", r.no_zeros.is_some()),
        ("p", r.p.is_some()),
        ("q", r.q.is_some()),
        ("mu1", r.mu1.is_some()),
        ("sigma1", r.sigma1.is_some()),
        ("mu2", r.mu2.is_some()),
        ("sigma2", r.sigma2.is_some()),
        ("rows", r.rows.is_some()),
        ("cols", r.cols.is_some()),
        ("dim", r.dim.is_some()),
        ("mu", r.mu.is_some()),
        ("sigma", r.sigma.is_some()),
        ("rho", r.rho.is_some()),
    ];
    let allowed: &[&str] = match f {
        Family::Discrete => &["outcomes", "concentration", "decimals", "no_zeros"],
        Family::Bernoulli => &["p", "q", "decimals"],
        Family::Gaussian => &["mu1", "sigma1", "mu2", "sigma2", "decimals"],
        Family::Joint => &["rows", "cols", "concentration", "decimals", "no_zeros"],
        Family::Mvn => &["dim", "mu", "sigma", "rho", "decimals"],
    };
    for (k, there) in used {
        if there && !allowed.contains(&k) {
            errs.push(kerr(
                k,
                format!(
                    "random.{k} is not used by family {} (it takes {})",
                    f.name(),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let decimals = r
        .decimals
        .unwrap_or(if matches!(f, Family::Gaussian | Family::Mvn) {
            1
        } else {
            2
        });
    if !(0..=6).contains(&decimals)
        || (decimals == 0 && matches!(f, Family::Discrete | Family::Joint | Family::Bernoulli))
    {
        errs.push(kerr(
            "decimals",
            format!("random.decimals = {decimals}: expected 1 to 6"),
        ));
    }
    let decimals = decimals.clamp(1, 6) as u32;
    let concentration = r.concentration.unwrap_or(1.0);
    if !(MIN_CONCENTRATION..=MAX_CONCENTRATION).contains(&concentration) {
        errs.push(kerr(
            "concentration",
            format!(
                "random.concentration = {concentration}: expected {MIN_CONCENTRATION} to \
                 {MAX_CONCENTRATION} (smaller values make almost every draw degenerate)"
            ),
        ));
    }
    let no_zeros = r.no_zeros.unwrap_or(true);
    let answer = match r.answer.as_deref().map(|a| range_f("answer", a)) {
        Some(Ok(a)) => Some(a),
        Some(Err(e)) => {
            errs.push(e);
            None
        }
        None => None,
    };
    let units = 10usize.pow(decimals);
    let mut need =
        |key: &'static str, v: Option<Vec<f64>>, lo: f64, hi: f64, lo_open: bool| -> (f64, f64) {
            match v.as_deref().map(|v| range_f(key, v)) {
                Some(Ok((a, b))) if (a > lo || (!lo_open && a == lo)) && b <= hi => (a, b),
                Some(Ok(_)) => {
                    let open = if lo_open { "(" } else { "[" };
                    errs.push(kerr(
                        key,
                        format!("random.{key} must lie in {open}{lo}, {hi}]"),
                    ));
                    (lo, lo)
                }
                Some(Err(e)) => {
                    errs.push(e);
                    (lo, lo)
                }
                None => {
                    errs.push(kerr(
                        key,
                        format!(
                            "random.{key} = [low, high] is required for family {}",
                            f.name()
                        ),
                    ));
                    (lo, lo)
                }
            }
        };
    let spec = match f {
        Family::Discrete => {
            let outcomes = match r.outcomes.as_deref().map(|v| range_u("outcomes", v, 2, 50)) {
                Some(Ok(o)) => o,
                Some(Err(e)) => {
                    errs.push(e);
                    (2, 2)
                }
                None => (3, 3),
            };
            if no_zeros && outcomes.1 > units {
                errs.push(kerr(
                    "outcomes",
                    format!(
                        "{} outcomes cannot all be nonzero with {decimals} decimals",
                        outcomes.1
                    ),
                ));
            }
            RandomSpec::Discrete {
                outcomes,
                concentration,
                decimals,
                no_zeros,
            }
        }
        Family::Bernoulli => {
            let p = need("p", r.p, 0.0, 1.0, false);
            let q = need("q", r.q, 0.0, 1.0, false);
            RandomSpec::Bernoulli { p, q, decimals }
        }
        Family::Gaussian => {
            let mu1 = need("mu1", r.mu1, -MAX_LOCATION, MAX_LOCATION, false);
            let sigma1 = need("sigma1", r.sigma1, 0.0, MAX_LOCATION, true);
            let mu2 = need("mu2", r.mu2, -MAX_LOCATION, MAX_LOCATION, false);
            let sigma2 = need("sigma2", r.sigma2, 0.0, MAX_LOCATION, true);
            RandomSpec::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
                decimals,
            }
        }
        Family::Joint => {
            let rows = r
                .rows
                .as_deref()
                .map_or(Ok((2, 2)), |v| range_u("rows", v, 2, 10));
            let cols = r
                .cols
                .as_deref()
                .map_or(Ok((2, 2)), |v| range_u("cols", v, 2, 10));
            let (rows, cols) = match (rows, cols) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    errs.extend([a.err(), b.err()].into_iter().flatten());
                    ((2, 2), (2, 2))
                }
            };
            if no_zeros && rows.1 * cols.1 > units {
                errs.push(kerr(
                    "rows",
                    format!(
                        "{} cells cannot all be nonzero with {decimals} decimals",
                        rows.1 * cols.1
                    ),
                ));
            }
            RandomSpec::Joint {
                rows,
                cols,
                concentration,
                decimals,
                no_zeros,
            }
        }
        Family::Mvn => {
            let mu = need("mu", r.mu, -MAX_LOCATION, MAX_LOCATION, false);
            let sigma = need("sigma", r.sigma, 0.0, MAX_LOCATION, true);
            let dim = match r.dim.as_deref().map(|v| range_u("dim", v, 1, 4)) {
                Some(Ok(d)) => d,
                Some(Err(e)) => {
                    errs.push(e);
                    (2, 2)
                }
                None => (2, 2),
            };
            let rho = match r.rho.as_deref().map(|v| range_f("rho", v)) {
                None => (0.0, 0.0),
                Some(Ok((lo, hi))) if lo > -1.0 && hi < 1.0 => (lo, hi),
                Some(Ok(_)) => {
                    errs.push(kerr(
                        "rho",
                        "random.rho must lie in (-1, 1): a correlation of ±1 makes the covariance singular",
                    ));
                    (0.0, 0.0)
                }
                Some(Err(e)) => {
                    errs.push(e);
                    (0.0, 0.0)
                }
            };
            RandomSpec::Mvn {
                dim,
                mu,
                sigma,
                rho,
                decimals,
            }
        }
    };
    if errs.is_empty() {
        Ok(Generator { spec, answer })
    } else {
        Err(errs)
    }
}
