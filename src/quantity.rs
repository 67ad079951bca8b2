//! What a learner can be asked to compute: one engine measure on given inputs.
//!
//! `calc`, lesson problems and the mistake catalogue all speak in terms of a
//! [`Quantity`], so "the value of this problem" has exactly one definition.

use crate::engine::{self, Base, DistError, Norm};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which measure, independent of its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Measure {
    /// D(P||Q).
    Kl,
    /// D(Q||P), asked for explicitly.
    ReverseKl,
    CrossEntropy,
    Entropy,
    Js,
    Tv,
    Hellinger,
    W1,
    MutualInformation,
    /// Pearson's χ²(P‖Q).
    Chi2,
    /// Rényi's D_α(P‖Q), of the order it carries.
    Renyi(Alpha),
}

/// The order α of a Rényi divergence, held by its bits so that [`Measure`]
/// stays `Eq` and `Hash`. NaN means "not given yet" (a lesson block's `alpha`
/// key fills it; the engine refuses NaN with a message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Alpha(u64);

impl Alpha {
    pub fn new(alpha: f64) -> Alpha {
        // One bit pattern for each value: 0.0 and -0.0 are the same order.
        Alpha(if alpha == 0.0 { 0.0f64 } else { alpha }.to_bits())
    }
    /// Not given yet.
    pub const UNSET: Alpha = Alpha(0x7ff8_0000_0000_0000);
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl Measure {
    /// Machine name, as used on the command line, in JSON and in lesson files.
    pub fn id(self) -> &'static str {
        match self {
            Measure::Kl => "kl",
            Measure::ReverseKl => "reverse-kl",
            Measure::CrossEntropy => "cross-entropy",
            Measure::Entropy => "entropy",
            Measure::Js => "js",
            Measure::Tv => "tv",
            Measure::Hellinger => "hellinger",
            Measure::W1 => "w1",
            Measure::MutualInformation => "mi",
            Measure::Chi2 => "chi2",
            Measure::Renyi(_) => "renyi",
        }
    }

    /// The name a learner reads.
    pub fn title(self) -> &'static str {
        match self {
            Measure::Kl => "KL divergence D(P‖Q)",
            Measure::ReverseKl => "reverse KL divergence D(Q‖P)",
            Measure::CrossEntropy => "cross-entropy H(P,Q)",
            Measure::Entropy => "entropy H(P)",
            Measure::Js => "Jensen-Shannon divergence JS(P,Q)",
            Measure::Tv => "total variation distance TV(P,Q)",
            Measure::Hellinger => "Hellinger distance d_H(P,Q)",
            Measure::W1 => "Wasserstein-1 distance W1(P,Q)",
            Measure::MutualInformation => "mutual information I(X;Y)",
            Measure::Chi2 => "chi-squared divergence χ²(P‖Q)",
            Measure::Renyi(_) => "Rényi divergence D_α(P‖Q)",
        }
    }

    /// Whether the value is measured in bits/nats (true) or is a pure number
    /// or a distance in the units of the positions (false).
    pub fn has_log_unit(self) -> bool {
        !matches!(
            self,
            Measure::Tv | Measure::Hellinger | Measure::W1 | Measure::Chi2
        )
    }

    pub fn parse(s: &str) -> Option<Measure> {
        Some(match s {
            "kl" => Measure::Kl,
            "reverse-kl" | "reverse_kl" | "rkl" => Measure::ReverseKl,
            "cross-entropy" | "cross_entropy" | "ce" => Measure::CrossEntropy,
            "entropy" => Measure::Entropy,
            "js" | "jsd" => Measure::Js,
            "tv" => Measure::Tv,
            "hellinger" => Measure::Hellinger,
            "w1" | "wasserstein" => Measure::W1,
            "mi" | "mutual-information" => Measure::MutualInformation,
            "chi2" | "chi-squared" => Measure::Chi2,
            // The order comes from elsewhere (`--alpha`, a block's `alpha` key).
            "renyi" => Measure::Renyi(Alpha::UNSET),
            _ => return None,
        })
    }
}

/// The inputs of a quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inputs {
    /// Two distributions over the same outcomes (P, and Q when the measure needs it),
    /// with optional positions for W1.
    Discrete {
        p: Vec<f64>,
        q: Vec<f64>,
        x: Option<Vec<f64>>,
    },
    /// A joint table, rows X, columns Y.
    Joint(Vec<Vec<f64>>),
    /// Bern(p) against Bern(q).
    Bernoulli { p: f64, q: f64 },
    /// N(mu1, sigma1^2) against N(mu2, sigma2^2).
    Gaussian {
        mu1: f64,
        sigma1: f64,
        mu2: f64,
        sigma2: f64,
    },
    /// N(mu1, cov1) against N(mu2, cov2), full covariance matrices.
    MultiGaussian {
        mu1: Vec<f64>,
        cov1: Vec<Vec<f64>>,
        mu2: Vec<f64>,
        cov2: Vec<Vec<f64>>,
    },
}

/// A measure on inputs, in a base: everything needed to compute one number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub measure: Measure,
    pub inputs: Inputs,
    pub base: Base,
    pub norm: Norm,
}

impl Quantity {
    /// A discrete quantity, the common case.
    pub fn discrete(measure: Measure, p: Vec<f64>, q: Vec<f64>, base: Base) -> Quantity {
        Quantity {
            measure,
            inputs: Inputs::Discrete { p, q, x: None },
            base,
            norm: Norm::Strict,
        }
    }

    /// The value in this quantity's base (or plain units for TV, Hellinger, W1).
    ///
    /// Never NaN: a result that floating point cannot define (the inputs'
    /// scale underflows or overflows on the way) is an error saying so.
    pub fn value(&self) -> Result<f64, DistError> {
        let nats = self.nats()?;
        if nats.is_nan() {
            return Err(DistError::Parameter {
                name: self.measure.id(),
                value: f64::NAN,
                why: "the result is undefined in floating point for these inputs (values too \
                      close to 0 or too large to combine); rescale them and try again",
            });
        }
        if !self.measure.has_log_unit() {
            return Ok(nats);
        }
        let v = self.base.from_nats(nats);
        if v.is_infinite() && nats.is_finite() {
            // 1.4e308 nats is 2.1e308 bits: finite, but past a double in the
            // asked unit. Refused with its size, never shown as inf.
            return Err(DistError::Overflow {
                name: "base",
                log10: nats.abs().log10() - self.base.to_nats(1.0).log10(),
            });
        }
        Ok(v)
    }

    /// The unit printed after the value ("" for pure numbers).
    pub fn unit(&self) -> &'static str {
        if self.measure.has_log_unit() {
            self.base.unit()
        } else {
            ""
        }
    }

    /// The two distributions this quantity compares as discrete vectors, when
    /// it has them (Bernoulli parameters become [1-p, p]); used by the
    /// worked-example table and the mistake catalogue.
    pub fn as_discrete(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        match &self.inputs {
            Inputs::Discrete { p, q, .. } => Some((p.clone(), q.clone())),
            Inputs::Bernoulli { p, q } => Some((vec![1.0 - p, *p], vec![1.0 - q, *q])),
            _ => None,
        }
    }

    fn nats(&self) -> Result<f64, DistError> {
        let norm = self.norm;
        match (&self.inputs, self.measure) {
            (Inputs::Discrete { p, q, x }, m) => match m {
                Measure::Kl => engine::kl(p, q, norm),
                Measure::ReverseKl => engine::kl(q, p, norm),
                Measure::CrossEntropy => engine::cross_entropy(p, q, norm),
                Measure::Entropy => engine::entropy(p, norm),
                Measure::Js => engine::js(p, q, norm),
                Measure::Tv => engine::total_variation(p, q, norm),
                Measure::Hellinger => engine::hellinger(p, q, norm),
                Measure::W1 => engine::wasserstein1(p, q, x.as_deref(), norm),
                Measure::MutualInformation => Err(mismatch("mi needs a joint table")),
                Measure::Chi2 => engine::chi2(p, q, norm),
                Measure::Renyi(a) => engine::renyi(p, q, a.get(), norm),
            },
            (Inputs::Bernoulli { p, q }, m) => {
                check_prob("p", *p)?;
                check_prob("q", *q)?;
                let (pv, qv) = ([1.0 - p, *p], [1.0 - q, *q]);
                match m {
                    Measure::Kl => bernoulli_kl(*p, *q),
                    Measure::ReverseKl => bernoulli_kl(*q, *p),
                    _ => Quantity {
                        measure: m,
                        inputs: Inputs::Discrete {
                            p: pv.to_vec(),
                            q: qv.to_vec(),
                            x: None,
                        },
                        base: Base::E,
                        norm: Norm::Strict,
                    }
                    .nats(),
                }
            }
            (
                Inputs::Gaussian {
                    mu1,
                    sigma1,
                    mu2,
                    sigma2,
                },
                m,
            ) => match m {
                Measure::Kl => gaussian_kl(*mu1, *sigma1, *mu2, *sigma2),
                Measure::ReverseKl => gaussian_kl(*mu2, *sigma2, *mu1, *sigma1),
                _ => Err(mismatch("Gaussians support only kl and reverse-kl")),
            },
            (
                Inputs::MultiGaussian {
                    mu1,
                    cov1,
                    mu2,
                    cov2,
                },
                m,
            ) => match m {
                Measure::Kl => engine::mvn_kl(mu1, cov1, mu2, cov2),
                Measure::ReverseKl => engine::mvn_kl(mu2, cov2, mu1, cov1),
                _ => Err(mismatch(
                    "multivariate Gaussians support only kl and reverse-kl",
                )),
            },
            (Inputs::Joint(rows), Measure::MutualInformation) => mutual_information(rows, norm),
            (Inputs::Joint(_), _) => Err(mismatch("a joint table supports only mi")),
        }
    }
}

fn mismatch(why: &'static str) -> DistError {
    DistError::Parameter {
        name: "measure",
        value: f64::NAN,
        why,
    }
}

fn check_prob(name: &'static str, v: f64) -> Result<(), DistError> {
    if !(0.0..=1.0).contains(&v) {
        return Err(DistError::Parameter {
            name,
            value: v,
            why: "a probability must be in [0, 1]",
        });
    }
    Ok(())
}

fn bernoulli_kl(p: f64, q: f64) -> Result<f64, DistError> {
    engine::parametric::bernoulli_kl(p, q)
}

fn gaussian_kl(mu1: f64, s1: f64, mu2: f64, s2: f64) -> Result<f64, DistError> {
    engine::parametric::gaussian_kl(mu1, s1, mu2, s2)
}

fn mutual_information(rows: &[Vec<f64>], norm: Norm) -> Result<f64, DistError> {
    engine::joint::mutual_information(rows, norm)
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each measure's symbol is its own: Hellinger is not written H(P,Q),
    /// which is cross-entropy throughout the course.
    #[test]
    fn every_title_has_its_own_symbol() {
        let all = [
            Measure::Kl,
            Measure::ReverseKl,
            Measure::CrossEntropy,
            Measure::Entropy,
            Measure::Js,
            Measure::Tv,
            Measure::Hellinger,
            Measure::W1,
            Measure::MutualInformation,
            Measure::Chi2,
            Measure::Renyi(Alpha::new(2.0)),
        ];
        let mut seen = std::collections::HashSet::new();
        for m in all {
            let symbol = m.title().rsplit(' ').next().unwrap();
            assert!(seen.insert(symbol), "{m}: {symbol} is taken");
        }
        assert_eq!(Measure::Hellinger.title(), "Hellinger distance d_H(P,Q)");
    }
}
