//! What every mistake computes from: the quantity, the right answer, the
//! learner's answer and the normalised inputs, with the number formatting
//! the messages share.

use crate::engine::{self, Norm};
use crate::quantity::{Measure, Quantity};

/// A value some mistake produces on a given quantity, with its explanation.
pub(super) struct Candidate {
    pub(super) value: f64,
    pub(super) message: String,
    /// The 0-based outcome the mistake is about, if one.
    pub(super) outcome: Option<usize>,
}

pub(super) fn one(value: f64, message: String) -> Vec<Candidate> {
    vec![Candidate {
        value,
        message,
        outcome: None,
    }]
}

/// Everything a mistake needs to compute its value.
pub(super) struct Ctx<'a> {
    pub(super) q: &'a Quantity,
    /// The right answer, in the asked unit.
    pub(super) right: f64,
    /// The learner's answer.
    pub(super) given: f64,
    /// P and Q as normalised vectors, when the inputs are discrete.
    pub(super) pq: Option<(Vec<f64>, Vec<f64>)>,
}

impl Ctx<'_> {
    pub(super) fn measure(&self) -> Measure {
        self.q.measure
    }

    /// The right answer in nats (or plain units).
    pub(super) fn nats(&self) -> f64 {
        if self.log_unit() {
            self.q.base.to_nats(self.right)
        } else {
            self.right
        }
    }

    pub(super) fn log_unit(&self) -> bool {
        self.measure().has_log_unit()
    }

    /// A value in nats, in the asked unit.
    pub(super) fn asked(&self, nats: f64) -> f64 {
        if self.log_unit() {
            self.q.base.from_nats(nats)
        } else {
            nats
        }
    }

    /// A value in the asked unit, with that unit, for messages.
    pub(super) fn show(&self, v: f64) -> String {
        crate::engine::Base::amount(&sig(v), self.q.unit())
    }

    /// For KL and reverse KL: the distributions in argument order (first,
    /// second) and their names.
    pub(super) fn args(&self) -> Option<(&[f64], &[f64], &'static str, &'static str)> {
        let (p, q) = self.pq.as_ref()?;
        match self.measure() {
            Measure::Kl => Some((p, q, "P", "Q")),
            Measure::ReverseKl => Some((q, p, "Q", "P")),
            _ => None,
        }
    }

    /// The same quantity with another measure on the same inputs.
    pub(super) fn other(&self, measure: Measure) -> Option<f64> {
        Quantity {
            measure,
            ..self.q.clone()
        }
        .value()
        .ok()
    }

    /// The quantity with its arguments swapped, in the asked unit.
    pub(super) fn swapped(&self) -> Option<f64> {
        match self.measure() {
            Measure::Kl => self.other(Measure::ReverseKl),
            Measure::ReverseKl => self.other(Measure::Kl),
            Measure::CrossEntropy => {
                let (p, q) = self.pq.as_ref()?;
                let nats = engine::cross_entropy(q, p, Norm::Normalize).ok()?;
                Some(self.asked(nats))
            }
            // χ² and Rényi are no more symmetric than KL.
            Measure::Chi2 => {
                let (p, q) = self.pq.as_ref()?;
                engine::chi2(q, p, Norm::Normalize).ok()
            }
            Measure::Renyi(a) => {
                let (p, q) = self.pq.as_ref()?;
                let nats = engine::renyi(q, p, a.get(), Norm::Normalize).ok()?;
                Some(self.asked(nats))
            }
            _ => None,
        }
    }

    /// "D(P‖Q)" or "D(Q‖P)": the asked divergence, for messages.
    pub(super) fn d(&self) -> &'static str {
        if self.measure() == Measure::ReverseKl {
            "D(Q‖P)"
        } else {
            "D(P‖Q)"
        }
    }
}

/// Four significant digits, for numbers quoted in messages.
pub(super) fn sig(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let text = if !(-4..6).contains(&mag) {
        format!("{v:.3e}")
    } else {
        let decimals = (3 - mag).max(0) as usize;
        format!("{v:.decimals$}")
    };
    minus(text)
}

/// A number as it was typed or given (`0.1`, not `0.1000`), falling back to
/// four significant digits when its shortest form is long.
pub(super) fn plain(v: f64) -> String {
    let short = format!("{v}");
    if short.len() <= 8 {
        minus(short)
    } else {
        sig(v)
    }
}

/// Typographic minus, matching the formulas in the messages.
pub(super) fn minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}
