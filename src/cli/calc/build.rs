//! From parsed arguments to an engine [`Quantity`]: each flag's text read
//! and checked, with errors that name the flag and say what is allowed.

use super::args::{CalcCommand, Common, PairArgs};
use crate::cli::values::{self, ValueError};
use crate::engine::{Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

fn base_of(common: &Common) -> Result<Base, ValueError> {
    common.base.parse().map_err(|_| ValueError {
        arg: "--base".into(),
        message: format!(
            "unknown base \"{}\": use e (nats), 2 (bits) or 10 (hartleys)",
            crate::lesson::sanitize::echo(&common.base)
        ),
    })
}

fn norm_of(common: &Common) -> Norm {
    if common.normalize {
        Norm::Normalize
    } else {
        Norm::Strict
    }
}

/// Turns parsed arguments into a quantity (and the shared flags).
pub fn build(c: &CalcCommand) -> Result<(Quantity, &Common), ValueError> {
    let pair = |a: &PairArgs| -> Result<(Vec<f64>, Vec<f64>), ValueError> {
        Ok((values::vector("--p", &a.p)?, values::vector("--q", &a.q)?))
    };
    let discrete = |m: Measure, a: &'_ PairArgs| -> Result<Quantity, ValueError> {
        let (p, q) = pair(a)?;
        Ok(Quantity {
            measure: m,
            inputs: Inputs::Discrete { p, q, x: None },
            base: base_of(&a.common)?,
            norm: norm_of(&a.common),
        })
    };
    Ok(match c {
        CalcCommand::Kl(a) => (discrete(Measure::Kl, a)?, &a.common),
        CalcCommand::ReverseKl(a) => (discrete(Measure::ReverseKl, a)?, &a.common),
        CalcCommand::CrossEntropy(a) => (discrete(Measure::CrossEntropy, a)?, &a.common),
        CalcCommand::Js(a) => (discrete(Measure::Js, a)?, &a.common),
        CalcCommand::Tv(a) => (discrete(Measure::Tv, a)?, &a.common),
        CalcCommand::Hellinger(a) => (discrete(Measure::Hellinger, a)?, &a.common),
        CalcCommand::Chi2(a) => (discrete(Measure::Chi2, a)?, &a.common),
        CalcCommand::Renyi(a) => {
            let alpha = renyi_order(&a.alpha)?;
            let m = Measure::Renyi(crate::quantity::Alpha::new(alpha));
            (discrete(m, &a.pair)?, &a.pair.common)
        }
        CalcCommand::Mvn(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::MultiGaussian {
                    mu1: values::vector("--mu1", &a.mu1)?,
                    cov1: values::table("--cov1", &a.cov1)?,
                    mu2: values::vector("--mu2", &a.mu2)?,
                    cov2: values::table("--cov2", &a.cov2)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Entropy(a) => {
            let p = values::vector("--p", &a.p)?;
            let q = Quantity {
                measure: Measure::Entropy,
                inputs: Inputs::Discrete {
                    q: p.clone(),
                    p,
                    x: None,
                },
                base: base_of(&a.common)?,
                norm: norm_of(&a.common),
            };
            (q, &a.common)
        }
        CalcCommand::W1(a) => {
            let (p, q) = pair(&a.pair)?;
            let x =
                a.x.as_deref()
                    .map(|x| values::vector("--x", x))
                    .transpose()?;
            let q = Quantity {
                measure: Measure::W1,
                inputs: Inputs::Discrete { p, q, x },
                base: base_of(&a.pair.common)?,
                norm: norm_of(&a.pair.common),
            };
            (q, &a.pair.common)
        }
        CalcCommand::Mi(a) => {
            let joint = values::table("--joint", &a.joint)?;
            let q = Quantity {
                measure: Measure::MutualInformation,
                inputs: Inputs::Joint(joint),
                base: base_of(&a.common)?,
                norm: norm_of(&a.common),
            };
            (q, &a.common)
        }
        CalcCommand::Bernoulli(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::Bernoulli {
                    p: values::number("--p", &a.p)?,
                    q: values::number("--q", &a.q)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Gaussian(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::Gaussian {
                    mu1: values::number("--mu1", &a.mu1)?,
                    sigma1: values::number("--sigma1", &a.sigma1)?,
                    mu2: values::number("--mu2", &a.mu2)?,
                    sigma2: values::number("--sigma2", &a.sigma2)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Counterexample(a) => {
            return Err(ValueError {
                arg: "counterexample".into(),
                message: format!("\"{}\" is a claim, not a measure", a.claim),
            });
        }
    })
}

/// `--alpha`: the order of a Rényi divergence, a number >= 0 or `inf`. Every
/// refusal names the flag and the allowed range; an overflow (`1e400`) is
/// refused rather than read as the order ∞, which only `inf` means.
fn renyi_order(text: &str) -> Result<f64, ValueError> {
    const RANGE: &str = "the order α of a Rényi divergence is a number >= 0, or inf";
    let t = text.trim();
    let refuse = |what: String| ValueError {
        arg: "--alpha".into(),
        message: format!("{what}: {RANGE}"),
    };
    let shown = crate::lesson::sanitize::echo(t);
    let v: f64 = t
        .parse()
        .map_err(|_| refuse(format!("\"{shown}\" is not a number")))?;
    let spelled_inf = matches!(
        t.trim_start_matches('+').to_ascii_lowercase().as_str(),
        "inf" | "infinity"
    );
    if v.is_nan() {
        Err(refuse("NaN is not a number".into()))
    } else if v < 0.0 {
        Err(refuse(format!("{shown} is below 0")))
    } else if v.is_infinite() && !spelled_inf {
        Err(refuse(format!(
            "{shown} overflows a double (write inf for the order ∞)"
        )))
    } else {
        Ok(v)
    }
}
