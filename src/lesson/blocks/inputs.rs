//! The input keys shared by examples, problems and inline values, and how
//! they become a [`Quantity`]; errors name the key at fault.

use super::{KeyError, kerr};
use crate::engine::{Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};
use serde::Deserialize;

/// A number or a list of numbers: `p = 0.3` (Bernoulli) or `p = [0.7, 0.3]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub(super) enum NumOrVec {
    Num(f64),
    Vec(Vec<f64>),
}

/// The input keys shared by examples, problems and inline values.
#[derive(Default, Debug)]
pub(super) struct RawInputs {
    pub(super) family: Option<String>,
    pub(super) p: Option<NumOrVec>,
    pub(super) q: Option<NumOrVec>,
    pub(super) x: Option<Vec<f64>>,
    pub(super) normalize: Option<bool>,
    /// A number for family gaussian, a vector for family mvn.
    pub(super) mu1: Option<NumOrVec>,
    pub(super) sigma1: Option<f64>,
    pub(super) mu2: Option<NumOrVec>,
    pub(super) sigma2: Option<f64>,
    pub(super) joint: Option<Vec<Vec<f64>>>,
    pub(super) cov1: Option<Vec<Vec<f64>>>,
    pub(super) cov2: Option<Vec<Vec<f64>>>,
    /// The order of `compute = "renyi"`.
    pub(super) alpha: Option<f64>,
}

// `#[serde(flatten)]` cannot be combined with `deny_unknown_fields`, so the
// input keys are repeated in each block struct and moved out with this macro.
macro_rules! take_inputs {
    ($r:expr) => {
        RawInputs {
            family: $r.family.take(),
            p: $r.p.take(),
            q: $r.q.take(),
            x: $r.x.take(),
            normalize: $r.normalize.take(),
            mu1: $r.mu1.take(),
            sigma1: $r.sigma1.take(),
            mu2: $r.mu2.take(),
            sigma2: $r.sigma2.take(),
            joint: $r.joint.take(),
            cov1: $r.cov1.take(),
            cov2: $r.cov2.take(),
            alpha: $r.alpha.take(),
        }
    };
}
pub(super) use take_inputs;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Family {
    Discrete,
    Bernoulli,
    Gaussian,
    Joint,
    /// Multivariate Gaussians with full covariances.
    Mvn,
}

impl Family {
    pub(super) fn name(self) -> &'static str {
        match self {
            Family::Discrete => "discrete",
            Family::Bernoulli => "bernoulli",
            Family::Gaussian => "gaussian",
            Family::Joint => "joint",
            Family::Mvn => "mvn",
        }
    }
}

/// The family the keys name: `family = ...`, or inferred when omitted
/// (`joint` → joint, `mu1`… → gaussian, scalar `p` → bernoulli; for a
/// randomized problem, the keys of its `[random]` table).
pub(super) fn family_of(inp: &RawInputs, random_hint: Option<Family>) -> Result<Family, KeyError> {
    match inp.family.as_deref() {
        Some("discrete") => Ok(Family::Discrete),
        Some("bernoulli") => Ok(Family::Bernoulli),
        Some("gaussian") => Ok(Family::Gaussian),
        Some("joint") => Ok(Family::Joint),
        Some("mvn") => Ok(Family::Mvn),
        Some(other) => Err(kerr(
            "family",
            format!("unknown family \"{other}\": use discrete, bernoulli, gaussian, mvn or joint"),
        )),
        None => Ok(if let Some(f) = random_hint {
            f
        } else if inp.joint.is_some() {
            Family::Joint
        } else if inp.cov1.is_some()
            || inp.cov2.is_some()
            || matches!(inp.mu1, Some(NumOrVec::Vec(_)))
        {
            Family::Mvn
        } else if inp.mu1.is_some()
            || inp.sigma1.is_some()
            || inp.mu2.is_some()
            || inp.sigma2.is_some()
        {
            Family::Gaussian
        } else if matches!(inp.p, Some(NumOrVec::Num(_))) {
            Family::Bernoulli
        } else {
            Family::Discrete
        }),
    }
}

pub(super) fn measure_of(compute: &str) -> Result<Measure, KeyError> {
    Measure::parse(compute).ok_or_else(|| {
        kerr(
            "compute",
            format!("unknown measure \"{compute}\": use kl, reverse-kl, cross-entropy, entropy, js, tv, hellinger, w1, mi, chi2 or renyi"),
        )
    })
}

pub(super) fn base_of(unit: Option<&str>) -> Result<Base, KeyError> {
    match unit {
        None => Ok(Base::E),
        Some(u) => match u {
            "bits" | "nats" | "hartleys" => Ok(u.parse().unwrap_or(Base::E)),
            other => Err(kerr(
                "unit",
                format!("unknown unit \"{other}\": use bits, nats or hartleys"),
            )),
        },
    }
}

/// Which measures each family supports (mirrors [`Quantity`]'s rules, so the
/// error names the key rather than surfacing as an engine error).
pub(super) fn supports(f: Family, m: Measure) -> bool {
    match f {
        Family::Discrete | Family::Bernoulli => m != Measure::MutualInformation,
        Family::Gaussian | Family::Mvn => matches!(m, Measure::Kl | Measure::ReverseKl),
        Family::Joint => m == Measure::MutualInformation,
    }
}

pub(super) fn check_supports(f: Family, m: Measure) -> Result<(), KeyError> {
    if supports(f, m) {
        Ok(())
    } else {
        Err(kerr(
            "compute",
            format!("family {} does not support compute = \"{m}\"", f.name()),
        ))
    }
}

/// Keys present that the family does not use.
pub(super) fn stray_keys(inp: &RawInputs, f: Family, m: Measure) -> Vec<KeyError> {
    let present: [(&'static str, bool); 11] = [
        ("p", inp.p.is_some()),
        ("q", inp.q.is_some()),
        ("x", inp.x.is_some()),
        ("normalize", inp.normalize.is_some()),
        ("mu1", inp.mu1.is_some()),
        ("sigma1", inp.sigma1.is_some()),
        ("mu2", inp.mu2.is_some()),
        ("sigma2", inp.sigma2.is_some()),
        ("joint", inp.joint.is_some()),
        ("cov1", inp.cov1.is_some()),
        ("cov2", inp.cov2.is_some()),
    ];
    let allowed: &[&str] = match f {
        Family::Discrete if m == Measure::W1 => &["p", "q", "x", "normalize"],
        Family::Discrete => &["p", "q", "normalize"],
        Family::Bernoulli => &["p", "q"],
        Family::Gaussian => &["mu1", "sigma1", "mu2", "sigma2"],
        Family::Joint => &["joint", "normalize"],
        Family::Mvn => &["mu1", "cov1", "mu2", "cov2"],
    };
    let alpha = match (inp.alpha, m) {
        (Some(_), Measure::Renyi(_)) | (None, _) => None,
        (Some(_), _) => Some(kerr(
            "alpha",
            format!("alpha is the order of compute = \"renyi\", not an input of {m}"),
        )),
    };
    present
        .iter()
        .filter(|(k, there)| *there && !allowed.contains(k))
        .map(|(k, _)| {
            let why = if *k == "x" {
                " (x is only used by w1)".to_string()
            } else {
                String::new()
            };
            kerr(
                k,
                format!("{k} is not an input of family {}{why}", f.name()),
            )
        })
        .chain(alpha)
        .collect()
}

/// The measure with its Rényi order filled in from the `alpha` key.
pub(super) fn with_alpha(measure: Measure, alpha: Option<f64>) -> Result<Measure, KeyError> {
    match (measure, alpha) {
        (Measure::Renyi(_), Some(a)) => {
            crate::engine::fdiv::check_alpha(a).map_err(|e| kerr("alpha", e.to_string()))?;
            Ok(Measure::Renyi(crate::quantity::Alpha::new(a)))
        }
        (Measure::Renyi(_), None) => Err(kerr(
            "alpha",
            "missing alpha: compute = \"renyi\" needs its order, e.g. alpha = 0.5 (any number >= 0, or inf)",
        )),
        (m, _) => Ok(m),
    }
}

/// Fixed inputs to a quantity, with errors naming keys.
pub(super) fn build_quantity(
    inp: RawInputs,
    measure: Measure,
    base: Base,
) -> Result<Quantity, Vec<KeyError>> {
    let f = family_of(&inp, None).map_err(|e| vec![e])?;
    check_supports(f, measure).map_err(|e| vec![e])?;
    let measure = with_alpha(measure, inp.alpha).map_err(|e| vec![e])?;
    let stray = stray_keys(&inp, f, measure);
    if !stray.is_empty() {
        return Err(stray);
    }
    let norm = if inp.normalize == Some(true) {
        Norm::Normalize
    } else {
        Norm::Strict
    };
    let needs_q = measure != Measure::Entropy;
    let inputs = match f {
        Family::Discrete => {
            let vec = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Vec(v)) => Ok(Some(v)),
                Some(NumOrVec::Num(_)) => Err(kerr(
                    key,
                    format!("{key} must be a list of probabilities for family discrete"),
                )),
                None => Ok(None),
            };
            let p = vec("p", inp.p)
                .map_err(|e| vec![e])?
                .ok_or_else(|| vec![kerr("p", "missing p")])?;
            let q = match vec("q", inp.q).map_err(|e| vec![e])? {
                Some(q) => q,
                None if !needs_q => p.clone(),
                None => return Err(vec![kerr("q", "missing q")]),
            };
            Inputs::Discrete { p, q, x: inp.x }
        }
        Family::Bernoulli => {
            let num = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Num(x)) => Ok(x),
                Some(NumOrVec::Vec(_)) => Err(kerr(
                    key,
                    format!("{key} must be one probability for family bernoulli"),
                )),
                None => Err(kerr(key, format!("missing {key}"))),
            };
            let p = num("p", inp.p).map_err(|e| vec![e])?;
            let q = if needs_q || inp.q.is_some() {
                num("q", inp.q).map_err(|e| vec![e])?
            } else {
                p
            };
            Inputs::Bernoulli { p, q }
        }
        Family::Gaussian => {
            let mut errs = Vec::new();
            let mut get = |key: &'static str, v: Option<f64>| {
                v.unwrap_or_else(|| {
                    errs.push(kerr(key, format!("missing {key}")));
                    f64::NAN
                })
            };
            let scalar = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Num(x)) => Ok(Some(x)),
                Some(NumOrVec::Vec(_)) => Err(kerr(
                    key,
                    format!(
                        "{key} must be one number for family gaussian (a vector mean is family mvn)"
                    ),
                )),
                None => Ok(None),
            };
            let mu1 = scalar("mu1", inp.mu1).map_err(|e| vec![e])?;
            let mu2 = scalar("mu2", inp.mu2).map_err(|e| vec![e])?;
            let g = Inputs::Gaussian {
                mu1: get("mu1", mu1),
                sigma1: get("sigma1", inp.sigma1),
                mu2: get("mu2", mu2),
                sigma2: get("sigma2", inp.sigma2),
            };
            if !errs.is_empty() {
                return Err(errs);
            }
            g
        }
        Family::Joint => Inputs::Joint(
            inp.joint
                .ok_or_else(|| vec![kerr("joint", "missing joint")])?,
        ),
        Family::Mvn => {
            let mut errs = Vec::new();
            let mut vector = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Vec(v)) => v,
                Some(NumOrVec::Num(x)) => {
                    errs.push(kerr(
                        key,
                        format!("{key} must be a list (the mean vector) for family mvn"),
                    ));
                    vec![x]
                }
                None => {
                    errs.push(kerr(key, format!("missing {key}")));
                    Vec::new()
                }
            };
            let (mu1, mu2) = (vector("mu1", inp.mu1), vector("mu2", inp.mu2));
            let mut matrix = |key: &'static str, v: Option<Vec<Vec<f64>>>| {
                v.unwrap_or_else(|| {
                    errs.push(kerr(key, format!("missing {key} (a list of rows)")));
                    Vec::new()
                })
            };
            let (cov1, cov2) = (matrix("cov1", inp.cov1), matrix("cov2", inp.cov2));
            if !errs.is_empty() {
                return Err(errs);
            }
            Inputs::MultiGaussian {
                mu1,
                cov1,
                mu2,
                cov2,
            }
        }
    };
    Ok(Quantity {
        measure,
        inputs,
        base,
        norm,
    })
}

/// The key an engine error is about, for positioning it.
pub(super) fn error_key(e: &crate::engine::DistError, q: &Quantity) -> &'static str {
    use crate::engine::DistError::*;
    let name = match e {
        Empty { name }
        | Negative { name, .. }
        | NotFinite { name, .. }
        | ZeroTotal { name }
        | NotNormalized { name, .. } => *name,
        Parameter { name, .. } => *name,
        LengthMismatch { .. } => "q",
        Unordered { .. } => "x",
        Ragged { name, .. } | Cell { name, .. } => *name,
        ShapeMismatch { .. } => "joint",
        Matrix { name, .. } | Overflow { name, .. } => *name,
    };
    match (name, &q.inputs) {
        ("measure", _) => "compute",
        ("alpha", _) => "alpha",
        ("cov1" | "cov2" | "mu1" | "mu2", Inputs::MultiGaussian { .. })
            if q.measure == Measure::ReverseKl =>
        {
            // Reverse KL swaps the two Gaussians before the engine sees them.
            match name {
                "cov1" => "cov2",
                "cov2" => "cov1",
                "mu1" => "mu2",
                _ => "mu1",
            }
        }
        ("p" | "q" | "x" | "joint" | "mu1" | "mu2" | "sigma1" | "sigma2" | "cov1" | "cov2", _) => {
            // Reverse KL swaps P and Q before the engine sees them.
            if q.measure == Measure::ReverseKl
                && matches!(q.inputs, Inputs::Discrete { .. } | Inputs::Bernoulli { .. })
            {
                match name {
                    "p" => "q",
                    "q" => "p",
                    n => static_key(n),
                }
            } else {
                static_key(name)
            }
        }
        _ => "compute",
    }
}

pub(super) fn static_key(n: &str) -> &'static str {
    [
        "p", "q", "x", "joint", "mu1", "mu2", "sigma1", "sigma2", "cov1", "cov2", "alpha",
    ]
    .into_iter()
    .find(|k| *k == n)
    .unwrap_or("compute")
}

/// Checks a fixed quantity's value: an engine error, NaN, or an infinity the
/// author did not ask for.
pub(super) fn check_value(q: &Quantity, allow_infinite: bool) -> Result<f64, KeyError> {
    match q.value() {
        Err(e) => Err(kerr(error_key(&e, q), e.to_string())),
        Ok(v) if v.is_nan() => Err(kerr("compute", "the answer is NaN")),
        Ok(v) if v.is_infinite() && !allow_infinite => Err(kerr(
            "q",
            "the answer is infinite (P puts mass where Q has none); set allow_infinite = true if that is the point",
        )),
        Ok(v) => Ok(v),
    }
}
