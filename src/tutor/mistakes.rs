//! The catalogue of known mistakes: the one place that knows what a learner
//! most likely did when an answer is wrong.
//!
//! Each mistake computes, from the quantity's own inputs, the value a learner
//! would get by making it (the naive textbook sum where that is what people
//! do by hand, the engine where the mistake is "computed the wrong measure"),
//! so a wrong answer can be matched against every plausible slip and the
//! feedback can say what happened instead of just "no". Lessons, `calc
//! --answer` and the tutor all diagnose through [`diagnose`], so a teaching
//! sentence is written once.
//!
//! # Order
//!
//! [`CATALOGUE`] is ordered from most to least likely, and [`diagnose`]
//! returns the first mistake whose value matches. The order is:
//!
//! 1. computing a different, named quantity (swapped arguments, cross-entropy
//!    or entropy for KL, and the reverse), because these are the classic
//!    conceptual confusions a lesson targets;
//! 2. the right quantity in the wrong unit (one slip, very common);
//! 3. a sign error;
//! 4. a wrong formula for the asked quantity (wrong or missing weights,
//!    forgotten ½ or square root);
//! 5. a dropped term (a slip in a long sum);
//! 6. two slips at once (swapped arguments *and* wrong unit);
//! 7. forgetting the log;
//! 8. a negative value for a measure that is never negative (no value to
//!    match: any negative answer that nothing above explains).
//!
//! Ties are real: on P = [0.9, 0.1], Q = [0.5, 0.5] in nats, dropping the
//! tails term gives 0.5290 and answering in bits gives 0.5310, within 0.5 % of
//! each other; the unit slip wins because it is listed first.
//!
//! A mistake whose value is indistinguishable (at the grading tolerance)
//! from the right answer is never diagnosed: swapping the arguments of KL
//! for symmetric inputs is not a mistake anyone can see.

use super::grade::within;
use crate::engine::{self, Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

/// What a wrong answer most likely came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// Stable id from [`CATALOGUE`].
    pub id: &'static str,
    /// What the learner most likely did and what to do instead.
    pub message: String,
    /// Concept id of the lesson section that covers this mistake.
    pub concept: &'static str,
    /// The value the mistake produces (in the asked unit unless the mistake
    /// is about units); for `negative-value`, the answer itself.
    pub mistaken_value: f64,
}

/// One catalogued mistake. The value computation is private: callers
/// diagnose through [`diagnose`].
#[derive(Debug, Clone, Copy)]
pub struct MistakeInfo {
    /// Stable id, used in progress files and lesson docs.
    pub id: &'static str,
    /// A short name for listings.
    pub title: &'static str,
    /// Concept id of the lesson section that covers it.
    pub concept: &'static str,
    candidates: fn(&Ctx) -> Vec<Candidate>,
}

/// Every catalogued mistake, in diagnosis order.
pub fn catalogue() -> &'static [MistakeInfo] {
    &CATALOGUE
}

/// Looks a mistake up by id.
pub fn info(id: &str) -> Option<&'static MistakeInfo> {
    CATALOGUE.iter().find(|m| m.id == id)
}

/// A value some mistake produces on a given quantity, with its explanation.
struct Candidate {
    value: f64,
    message: String,
}

fn one(value: f64, message: String) -> Vec<Candidate> {
    vec![Candidate { value, message }]
}

/// Everything a mistake needs to compute its value.
struct Ctx<'a> {
    q: &'a Quantity,
    /// The right answer, in the asked unit.
    right: f64,
    /// The learner's answer.
    given: f64,
    /// P and Q as normalised vectors, when the inputs are discrete.
    pq: Option<(Vec<f64>, Vec<f64>)>,
}

impl Ctx<'_> {
    fn measure(&self) -> Measure {
        self.q.measure
    }

    /// The right answer in nats (or plain units).
    fn nats(&self) -> f64 {
        if self.log_unit() {
            self.q.base.to_nats(self.right)
        } else {
            self.right
        }
    }

    fn log_unit(&self) -> bool {
        self.measure().has_log_unit()
    }

    /// A value in nats, in the asked unit.
    fn asked(&self, nats: f64) -> f64 {
        if self.log_unit() {
            self.q.base.from_nats(nats)
        } else {
            nats
        }
    }

    /// A value in the asked unit, with that unit, for messages.
    fn show(&self, v: f64) -> String {
        let unit = self.q.unit();
        if unit.is_empty() {
            sig(v)
        } else {
            format!("{} {unit}", sig(v))
        }
    }

    /// For KL and reverse KL: the distributions in argument order (first,
    /// second) and their names.
    fn args(&self) -> Option<(&[f64], &[f64], &'static str, &'static str)> {
        let (p, q) = self.pq.as_ref()?;
        match self.measure() {
            Measure::Kl => Some((p, q, "P", "Q")),
            Measure::ReverseKl => Some((q, p, "Q", "P")),
            _ => None,
        }
    }

    /// The same quantity with another measure on the same inputs.
    fn other(&self, measure: Measure) -> Option<f64> {
        Quantity {
            measure,
            ..self.q.clone()
        }
        .value()
        .ok()
    }

    /// The quantity with its arguments swapped, in the asked unit.
    fn swapped(&self) -> Option<f64> {
        match self.measure() {
            Measure::Kl => self.other(Measure::ReverseKl),
            Measure::ReverseKl => self.other(Measure::Kl),
            Measure::CrossEntropy => {
                let (p, q) = self.pq.as_ref()?;
                let nats = engine::cross_entropy(q, p, Norm::Normalize).ok()?;
                Some(self.asked(nats))
            }
            _ => None,
        }
    }

    /// "D(P‖Q)" or "D(Q‖P)": the asked divergence, for messages.
    fn d(&self) -> &'static str {
        if self.measure() == Measure::ReverseKl {
            "D(Q‖P)"
        } else {
            "D(P‖Q)"
        }
    }
}

/// Four significant digits, for numbers quoted in messages.
fn sig(v: f64) -> String {
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
fn plain(v: f64) -> String {
    let short = format!("{v}");
    if short.len() <= 8 {
        minus(short)
    } else {
        sig(v)
    }
}

/// Typographic minus, matching the formulas in the messages.
fn minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

fn unit_name(base: Base) -> &'static str {
    base.unit()
}

/// How to convert a value computed in `from` into `to`, as an instruction.
fn conversion(from: Base, to: Base) -> &'static str {
    match (from, to) {
        (Base::E, Base::Two) => "divide a result in nats by ln 2 ≈ 0.6931",
        (Base::Two, Base::E) => "multiply a result in bits by ln 2 ≈ 0.6931",
        (Base::Ten, Base::E) => "multiply a result in hartleys by ln 10 ≈ 2.303",
        (Base::E, Base::Ten) => "divide a result in nats by ln 10 ≈ 2.303",
        (Base::Ten, Base::Two) => "multiply a result in hartleys by log2(10) ≈ 3.322",
        (Base::Two, Base::Ten) => "multiply a result in bits by log10(2) ≈ 0.3010",
        _ => "no conversion is needed",
    }
}

/// The id of "used unit `used` where `asked` was asked", when catalogued.
fn unit_mistake_id(asked: Base, used: Base) -> Option<&'static str> {
    Some(match (asked, used) {
        (Base::Two, Base::E) => "nats-for-bits",
        (Base::E, Base::Two) => "bits-for-nats",
        (Base::Two | Base::E, Base::Ten) => "log10",
        (Base::Ten, Base::E) => "nats-for-hartleys",
        (Base::Ten, Base::Two) => "bits-for-hartleys",
        _ => return None,
    })
}

/// The candidate for "computed the right quantity with the log of `used`".
fn wrong_unit(c: &Ctx, asked: Base, used: Base) -> Vec<Candidate> {
    if !c.log_unit() || c.q.base != asked {
        return vec![];
    }
    let value = used.from_nats(c.nats());
    one(
        value,
        format!(
            "That is the value in {} ({} {}): you used {} instead of {}. The question asks for {}: use {}, or {}.",
            unit_name(used),
            sig(value),
            unit_name(used),
            used.log_name(),
            asked.log_name(),
            unit_name(asked),
            asked.log_name(),
            conversion(used, asked)
        ),
    )
}

/// Swapped arguments computed in the wrong unit: two slips at once.
fn swapped_wrong_unit(c: &Ctx, asked: &[Base], used: Base) -> Vec<Candidate> {
    if !asked.contains(&c.q.base) {
        return vec![];
    }
    let Some(sw) = c.swapped() else { return vec![] };
    let value = used.from_nats(c.q.base.to_nats(sw));
    let what = if c.measure() == Measure::CrossEntropy {
        "the cross-entropy H(Q,P), arguments swapped,"
    } else if c.measure() == Measure::ReverseKl {
        "D(P‖Q), arguments swapped,"
    } else {
        "D(Q‖P), arguments swapped,"
    };
    one(
        value,
        format!(
            "That looks like {what} and in {} ({} {}): two slips at once. Keep the arguments in the asked order (the expectation is under the first one) and use {} for {}.",
            unit_name(used),
            sig(value),
            unit_name(used),
            c.q.base.log_name(),
            c.q.base.unit()
        ),
    )
}

fn swapped_arguments(c: &Ctx) -> Vec<Candidate> {
    let Some(v) = c.swapped() else { return vec![] };
    let message = match c.measure() {
        Measure::Kl => format!(
            "That is D(Q‖P) = {}, the divergence with the arguments swapped. KL is not symmetric: the expectation is taken under the first argument, P, so each term is P(x) log(P(x)/Q(x)).",
            c.show(v)
        ),
        Measure::ReverseKl => format!(
            "That is D(P‖Q) = {}, the forward divergence. You were asked for D(Q‖P): the expectation is under Q, so each term is Q(x) log(Q(x)/P(x)).",
            c.show(v)
        ),
        _ => format!(
            "That is H(Q,P) = {}, the cross-entropy with the arguments swapped. H(P,Q) = −Σ P(x) log Q(x): the outcomes are drawn from P and coded with Q's code lengths.",
            c.show(v)
        ),
    };
    one(v, message)
}

fn cross_entropy_for_kl(c: &Ctx) -> Vec<Candidate> {
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let Ok(nats) = engine::cross_entropy(a, b, Norm::Normalize) else {
        return vec![];
    };
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is the cross-entropy H({na},{nb}) = {}, not the divergence. {} = H({na},{nb}) − H({na}): subtract the entropy of {na}, or compute Σ {na}(x) log({na}(x)/{nb}(x)) directly.",
            c.show(v),
            c.d()
        ),
    )
}

fn entropy_for_kl(c: &Ctx) -> Vec<Candidate> {
    let Some((a, _, na, nb)) = c.args() else {
        return vec![];
    };
    let Ok(nats) = engine::entropy(a, Norm::Normalize) else {
        return vec![];
    };
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is the entropy H({na}) = {}, which does not involve {nb} at all. The divergence compares the two: {} = H({na},{nb}) − H({na}) = Σ {na}(x) log({na}(x)/{nb}(x)).",
            c.show(v),
            c.d()
        ),
    )
}

fn kl_for_cross_entropy(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::CrossEntropy {
        return vec![];
    }
    let Some(v) = c.other(Measure::Kl) else {
        return vec![];
    };
    one(
        v,
        format!(
            "That is the divergence D(P‖Q) = {}, not the cross-entropy. H(P,Q) = H(P) + D(P‖Q): add the entropy of P, or compute −Σ P(x) log Q(x) directly.",
            c.show(v)
        ),
    )
}

fn entropy_for_cross_entropy(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::CrossEntropy {
        return vec![];
    }
    let Some(v) = c.other(Measure::Entropy) else {
        return vec![];
    };
    one(
        v,
        format!(
            "That is the entropy H(P) = {}: the log was taken of P(x) instead of Q(x). Cross-entropy codes P's outcomes with Q's code lengths: −Σ P(x) log Q(x).",
            c.show(v)
        ),
    )
}

fn sign_flipped(c: &Ctx) -> Vec<Candidate> {
    let v = -c.right;
    let message = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let (na, nb) = if c.measure() == Measure::Kl {
                ("P", "Q")
            } else {
                ("Q", "P")
            };
            format!(
                "That is −{} = {}: the ratio is upside down (log({nb}(x)/{na}(x)) instead of log({na}(x)/{nb}(x))) or a minus sign slipped in. KL divergence is never negative.",
                c.d(),
                c.show(v)
            )
        }
        Measure::Entropy | Measure::CrossEntropy => format!(
            "That is minus the answer ({}): the leading minus sign is missing. Logs of probabilities are negative, so −Σ P(x) log(...) is what makes the result positive.",
            c.show(v)
        ),
        m => format!(
            "That is minus the answer ({}). The {} is never negative: check the sign of each step.",
            c.show(v),
            m.title()
        ),
    };
    one(v, message)
}

fn weighted_by_q(c: &Ctx) -> Vec<Candidate> {
    weighted_by_second(c, Measure::Kl)
}

fn weighted_by_p(c: &Ctx) -> Vec<Candidate> {
    weighted_by_second(c, Measure::ReverseKl)
}

/// `sum b ln(a/b)`: the log ratio of the asked divergence averaged under the
/// wrong distribution (which is always `-D(b‖a)`).
fn weighted_by_second(c: &Ctx, measure: Measure) -> Vec<Candidate> {
    if c.measure() != measure {
        return vec![];
    }
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let nats: f64 = a
        .iter()
        .zip(b)
        .filter(|(_, y)| **y > 0.0)
        .map(|(x, y)| y * (x / y).ln())
        .sum();
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is Σ {nb}(x) log({na}(x)/{nb}(x)) = {}: each log ratio was weighted by {nb}(x). {} is an average under {na}: weight each log({na}(x)/{nb}(x)) by {na}(x).",
            c.show(v),
            c.d()
        ),
    )
}

fn unweighted(c: &Ctx) -> Vec<Candidate> {
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    // Outcomes where the weight would be zero are skipped: learners know they
    // contribute nothing, and log 0 would make the slip look infinite.
    let (nats, message): (f64, fn(&Ctx, f64) -> String) = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let Some((a, b, _, _)) = c.args() else {
                return vec![];
            };
            let s = a
                .iter()
                .zip(b)
                .filter(|(x, _)| **x > 0.0)
                .map(|(x, y)| (x / y).ln())
                .sum();
            (s, |c, v| {
                let (_, _, na, nb) = c.args().unwrap_or((&[], &[], "P", "Q"));
                format!(
                    "That is Σ log({na}(x)/{nb}(x)) = {}, the log ratios added up without weights. {} is an expected value: multiply each log ratio by {na}(x) before adding.",
                    c.show(v),
                    c.d()
                )
            })
        }
        Measure::Entropy => {
            let s = p.iter().filter(|x| **x > 0.0).map(|x| -x.ln()).sum();
            (s, |c, v| {
                format!(
                    "That is −Σ log P(x) = {}, the surprisals added up without weights. Entropy is the average surprisal: multiply each −log P(x) by P(x).",
                    c.show(v)
                )
            })
        }
        Measure::CrossEntropy => {
            let s = p
                .iter()
                .zip(q)
                .filter(|(x, _)| **x > 0.0)
                .map(|(_, y)| -y.ln())
                .sum();
            (s, |c, v| {
                format!(
                    "That is −Σ log Q(x) = {}, without the weights. Cross-entropy averages the code lengths −log Q(x) under P: multiply each by P(x).",
                    c.show(v)
                )
            })
        }
        _ => return vec![],
    };
    let v = c.asked(nats);
    one(v, message(c, v))
}

fn forgot_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Js {
        return vec![];
    }
    let v = 2.0 * c.right;
    one(
        v,
        format!(
            "That is D(P‖M) + D(Q‖M) = {}, without the halves. JS averages the two divergences from the mixture M = (P+Q)/2: JS = ½D(P‖M) + ½D(Q‖M).",
            c.show(v)
        ),
    )
}

fn symmetrized_kl(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Js {
        return vec![];
    }
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    let (Ok(f), Ok(r)) = (
        engine::kl(p, q, Norm::Normalize),
        engine::kl(q, p, Norm::Normalize),
    ) else {
        return vec![];
    };
    let v = c.asked(0.5 * (f + r));
    one(
        v,
        format!(
            "That is ½D(P‖Q) + ½D(Q‖P) = {}, KL averaged over both directions. JS compares P and Q each with their mixture M = (P+Q)/2, not with each other, which keeps it finite and at most 1 bit.",
            c.show(v)
        ),
    )
}

fn tv_without_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Tv {
        return vec![];
    }
    let v = 2.0 * c.right;
    one(
        v,
        format!(
            "That is Σ |P(x) − Q(x)| = {}, without the ½. Total variation is half the L1 distance: each bit of probability that moves is counted twice in the sum, once where it leaves and once where it arrives.",
            sig(v)
        ),
    )
}

fn squared_hellinger(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Hellinger {
        return vec![];
    }
    let v = c.right * c.right;
    one(
        v,
        format!(
            "That is H² = ½Σ(√P(x) − √Q(x))² = {}, the squared Hellinger distance: take its square root.",
            sig(v)
        ),
    )
}

fn hellinger_without_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Hellinger {
        return vec![];
    }
    let v = std::f64::consts::SQRT_2 * c.right;
    one(
        v,
        format!(
            "That is √(Σ(√P(x) − √Q(x))²) = {}, without the ½ inside the root. With it, the Hellinger distance lies between 0 and 1.",
            sig(v)
        ),
    )
}

/// One candidate per outcome: the sum with that outcome's term left out.
fn dropped_term(c: &Ctx) -> Vec<Candidate> {
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    if p.len() < 2 {
        return vec![];
    }
    let terms: Vec<f64> = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let Some((a, b, _, _)) = c.args() else {
                return vec![];
            };
            a.iter()
                .zip(b)
                .map(|(x, y)| if *x > 0.0 { x * (x / y).ln() } else { 0.0 })
                .collect()
        }
        Measure::CrossEntropy => p
            .iter()
            .zip(q)
            .map(|(x, y)| if *x > 0.0 { -x * y.ln() } else { 0.0 })
            .collect(),
        Measure::Entropy => p
            .iter()
            .map(|x| if *x > 0.0 { -x * x.ln() } else { 0.0 })
            .collect(),
        _ => return vec![],
    };
    let formula = match c.measure() {
        Measure::Kl => "P(x) log(P(x)/Q(x))",
        Measure::ReverseKl => "Q(x) log(Q(x)/P(x))",
        Measure::CrossEntropy => "−P(x) log Q(x)",
        _ => "−P(x) log P(x)",
    };
    (0..terms.len())
        .filter(|&i| terms[i] != 0.0)
        .map(|i| {
            let rest: f64 = (0..terms.len())
                .filter(|&j| j != i)
                .map(|j| terms[j])
                .sum();
            let v = c.asked(rest);
            let sign = if terms[i] < 0.0 {
                " Negative terms count too: leaving one out makes the total too large."
            } else {
                ""
            };
            Candidate {
                value: v,
                message: format!(
                    "That is the sum without outcome {} ({}), whose term {formula} is {}. Every outcome with a nonzero weight contributes.{sign}",
                    i + 1,
                    if c.measure() == Measure::Entropy {
                        format!("P = {}", plain(p[i]))
                    } else {
                        format!("P = {}, Q = {}", plain(p[i]), plain(q[i]))
                    },
                    c.show(c.asked(terms[i])),
                ),
            }
        })
        .collect()
}

fn forgot_log(c: &Ctx) -> Vec<Candidate> {
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let v: f64 = a
        .iter()
        .zip(b)
        .filter(|(x, _)| **x > 0.0)
        .map(|(x, y)| x * (x / y))
        .sum();
    one(
        v,
        format!(
            "That is Σ {na}(x)·{na}(x)/{nb}(x) = {}: the ratios were averaged without taking their log. Each term is {na}(x) log({na}(x)/{nb}(x)).",
            sig(v)
        ),
    )
}

fn negative_value(c: &Ctx) -> Vec<Candidate> {
    if c.given.is_nan() || c.given >= 0.0 {
        return vec![];
    }
    let what = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            "KL divergence is never negative (Gibbs' inequality): single terms can be negative, but they always sum to at least zero. Check the sign of each term and the direction of each ratio."
                .to_string()
        }
        m => format!(
            "The {} is never negative: check the sign of each step.",
            m.title()
        ),
    };
    one(c.given, what)
}

fn none(_: &Ctx) -> Vec<Candidate> {
    vec![]
}

macro_rules! mistake {
    ($id:literal, $title:literal, $concept:literal, $f:expr) => {
        MistakeInfo {
            id: $id,
            title: $title,
            concept: $concept,
            candidates: $f,
        }
    };
}

/// All mistakes, in diagnosis order (see the module documentation).
pub static CATALOGUE: [MistakeInfo; 26] = [
    mistake!(
        "swapped-arguments",
        "Arguments swapped",
        "asymmetry",
        swapped_arguments
    ),
    mistake!(
        "cross-entropy-for-kl",
        "Cross-entropy instead of KL",
        "kl-cross-entropy-relation",
        cross_entropy_for_kl
    ),
    mistake!(
        "entropy-for-kl",
        "Entropy instead of KL",
        "kl-cross-entropy-relation",
        entropy_for_kl
    ),
    mistake!(
        "kl-for-cross-entropy",
        "KL instead of cross-entropy",
        "kl-cross-entropy-relation",
        kl_for_cross_entropy
    ),
    mistake!(
        "entropy-for-cross-entropy",
        "Entropy instead of cross-entropy",
        "cross-entropy",
        entropy_for_cross_entropy
    ),
    mistake!(
        "nats-for-bits",
        "Nats where bits were asked",
        "units",
        |c| { wrong_unit(c, Base::Two, Base::E) }
    ),
    mistake!(
        "bits-for-nats",
        "Bits where nats were asked",
        "units",
        |c| { wrong_unit(c, Base::E, Base::Two) }
    ),
    mistake!("log10", "Base-10 logarithm", "units", |c| {
        let mut v = wrong_unit(c, Base::Two, Base::Ten);
        v.extend(wrong_unit(c, Base::E, Base::Ten));
        v
    }),
    mistake!(
        "nats-for-hartleys",
        "Nats where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::E)
    ),
    mistake!(
        "bits-for-hartleys",
        "Bits where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::Two)
    ),
    mistake!(
        "sign-flipped",
        "Sign flipped (ratio inverted)",
        "non-negativity",
        sign_flipped
    ),
    mistake!(
        "weighted-by-q",
        "Log ratios weighted by Q",
        "expected-log-ratio",
        weighted_by_q
    ),
    mistake!(
        "weighted-by-p",
        "Reverse KL weighted by P",
        "expected-log-ratio",
        weighted_by_p
    ),
    mistake!(
        "unweighted",
        "Log terms not weighted by probabilities",
        "expected-log-ratio",
        unweighted
    ),
    mistake!(
        "forgot-half",
        "JS without the halves",
        "other-divergences",
        forgot_half
    ),
    mistake!(
        "symmetrized-kl",
        "Averaged KL instead of JS",
        "other-divergences",
        symmetrized_kl
    ),
    mistake!(
        "tv-without-half",
        "Total variation without the ½",
        "other-divergences",
        tv_without_half
    ),
    mistake!(
        "squared-hellinger",
        "Squared Hellinger distance",
        "other-divergences",
        squared_hellinger
    ),
    mistake!(
        "hellinger-without-half",
        "Hellinger without the ½",
        "other-divergences",
        hellinger_without_half
    ),
    mistake!(
        "dropped-term",
        "A term left out of the sum",
        "definition-discrete",
        dropped_term
    ),
    mistake!(
        "swapped-nats-for-bits",
        "Arguments swapped and nats for bits",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two], Base::E)
    ),
    mistake!(
        "swapped-bits-for-nats",
        "Arguments swapped and bits for nats",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::E], Base::Two)
    ),
    mistake!(
        "swapped-log10",
        "Arguments swapped and base-10 logarithm",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two, Base::E], Base::Ten)
    ),
    mistake!(
        "forgot-log",
        "Ratios averaged without the log",
        "definition-discrete",
        forgot_log
    ),
    mistake!(
        "negative-value",
        "Negative value for a non-negative measure",
        "non-negativity",
        negative_value
    ),
    // Produced by grading from the unit the learner typed, not from a value.
    mistake!(
        "unit-mismatch",
        "Answer labelled with another unit",
        "units",
        none
    ),
];

/// The most likely mistake behind `given`, a wrong answer to `q` in the
/// asked unit: the first catalogue entry (see the order above) whose value
/// is within `tolerance` (relative, as in grading) of `given`. `None` when
/// nothing matches, when `given` is actually right, or when the quantity
/// cannot be computed.
pub fn diagnose(q: &Quantity, given: f64, tolerance: f64) -> Option<Diagnosis> {
    let right = q.value().ok()?;
    if given.is_nan() || within(right, given, tolerance) {
        return None;
    }
    let pq = normalised(q);
    let ctx = Ctx {
        q,
        right,
        given,
        pq,
    };
    for m in &CATALOGUE {
        for c in (m.candidates)(&ctx) {
            if c.value.is_nan()
                || within(right, c.value, tolerance)
                || within(c.value, right, tolerance)
            {
                continue;
            }
            if within(c.value, given, tolerance) {
                return Some(Diagnosis {
                    id: m.id,
                    message: c.message,
                    concept: m.concept,
                    mistaken_value: c.value,
                });
            }
        }
    }
    None
}

/// The diagnosis for an answer labelled with `said` when the question asks
/// for another unit (or for a measure with no unit at all). If the number is
/// right in the unit the learner named, the diagnosis is that unit slip
/// (e.g. `nats-for-bits`) and says the number itself is fine; otherwise it is
/// `unit-mismatch`.
pub fn diagnose_unit(q: &Quantity, given: f64, said: Base, tolerance: f64) -> Diagnosis {
    let mismatch = |message: String| Diagnosis {
        id: "unit-mismatch",
        message,
        concept: "units",
        mistaken_value: given,
    };
    if !q.measure.has_log_unit() {
        return mismatch(format!(
            "The {} is a plain number, not measured in {}: leave the unit out.",
            q.measure.title(),
            said.unit()
        ));
    }
    let asked = q.base;
    let right = q.value().ok();
    let in_said = right.map(|r| said.from_nats(asked.to_nats(r)));
    if let (Some(v), Some(id)) = (in_said, unit_mistake_id(asked, said))
        && within(v, given, tolerance)
    {
        return Diagnosis {
            id,
            message: format!(
                "{} {} is right in {}, but the question asks for {}: {}.",
                plain(given),
                said.unit(),
                said.unit(),
                asked.unit(),
                conversion(said, asked)
            ),
            concept: info(id).map_or("units", |m| m.concept),
            mistaken_value: v,
        };
    }
    if right.is_some_and(|r| within(r, given, tolerance)) {
        return mismatch(format!(
            "The number is right in {}, but you labelled it {}: the same number is a different amount of information in another unit, so label it {}.",
            asked.unit(),
            said.unit(),
            asked.unit()
        ));
    }
    mismatch(format!(
        "The question asks for {}, but the answer is in {}: compute with {} ({}).",
        asked.unit(),
        said.unit(),
        asked.log_name(),
        conversion(said, asked)
    ))
}

/// P and Q as exactly normalised vectors, for the hand-computed mistakes.
fn normalised(q: &Quantity) -> Option<(Vec<f64>, Vec<f64>)> {
    let (p, r) = q.as_discrete()?;
    if !matches!(q.inputs, Inputs::Discrete { .. } | Inputs::Bernoulli { .. }) {
        return None;
    }
    let norm = |v: &[f64]| {
        let s: f64 = v.iter().sum();
        v.iter().map(|x| x / s).collect::<Vec<f64>>()
    };
    Some((norm(&p), norm(&r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    fn coin(measure: Measure, base: Base) -> Quantity {
        Quantity::discrete(measure, vec![0.9, 0.1], vec![0.5, 0.5], base)
    }

    fn id(q: &Quantity, given: f64) -> Option<&'static str> {
        diagnose(q, given, 0.005).map(|d| d.id)
    }

    #[test]
    fn ids_are_unique_and_concepts_known() {
        let concepts = [
            "definition-discrete",
            "definition-continuous",
            "expected-log-ratio",
            "coding-interpretation",
            "units",
            "non-negativity",
            "asymmetry",
            "support-infinity",
            "cross-entropy",
            "kl-cross-entropy-relation",
            "mle",
            "chain-rule",
            "additivity",
            "mutual-information",
            "convexity",
            "forward-vs-reverse",
            "smoothing",
            "other-divergences",
            "monte-carlo",
            "gaussian-closed-form",
            "applications",
        ];
        for (i, m) in catalogue().iter().enumerate() {
            assert!(concepts.contains(&m.concept), "{}", m.id);
            assert!(
                catalogue()[..i].iter().all(|o| o.id != m.id),
                "duplicate {}",
                m.id
            );
        }
    }

    #[test]
    fn coin_kl_in_bits() {
        let q = coin(Measure::Kl, Base::Two);
        assert_eq!(id(&q, 0.737), Some("swapped-arguments"));
        assert_eq!(id(&q, 1.0), Some("cross-entropy-for-kl"));
        assert_eq!(id(&q, 0.368), Some("nats-for-bits"));
        assert_eq!(id(&q, -0.531), Some("sign-flipped"));
        assert_eq!(id(&q, 0.531), None);
        assert_eq!(id(&q, 0.3), None);
    }

    #[test]
    fn never_diagnoses_a_mistake_equal_to_the_right_answer() {
        // Symmetric inputs: D(P‖Q) = D(Q‖P).
        let q = Quantity::discrete(Measure::Kl, vec![0.2, 0.8], vec![0.8, 0.2], Base::E);
        let right = q.value().unwrap();
        assert_eq!(id(&q, right), None);
        // Equal distributions: every sign slip equals the right answer, 0.
        let q = Quantity::discrete(Measure::Kl, vec![0.5, 0.5], vec![0.5, 0.5], Base::Two);
        assert_eq!(id(&q, 0.0), None);
        assert_eq!(id(&q, -0.0), None);
    }

    #[test]
    fn infinite_values_match_only_infinite_answers() {
        // D(P‖Q) finite, D(Q‖P) infinite: Q puts mass where P has none.
        let q = Quantity::discrete(Measure::Kl, vec![1.0, 0.0], vec![0.5, 0.5], Base::Two);
        assert_eq!(id(&q, f64::INFINITY), Some("swapped-arguments"));
        assert_eq!(id(&q, 1e300), None);
    }

    #[test]
    fn non_discrete_inputs_get_the_generic_mistakes() {
        let q = Quantity {
            measure: Measure::Kl,
            inputs: Inputs::Gaussian {
                mu1: 0.0,
                sigma1: 1.0,
                mu2: 1.0,
                sigma2: 2.0,
            },
            base: Base::E,
            norm: Norm::Strict,
        };
        let right = q.value().unwrap();
        let rev = Quantity {
            measure: Measure::ReverseKl,
            ..q.clone()
        }
        .value()
        .unwrap();
        assert_eq!(id(&q, rev), Some("swapped-arguments"));
        assert_eq!(id(&q, right / LN_2), Some("bits-for-nats"));
        assert_eq!(id(&q, -right), Some("sign-flipped"));
    }

    #[test]
    fn sig_formats_four_significant_digits() {
        assert_eq!(sig(0.5310044), "0.5310");
        assert_eq!(sig(1.0), "1.000");
        assert_eq!(sig(-1.4739), "−1.474");
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(-0.37), "−0.37");
        assert_eq!(plain(1.0 / 3.0), "0.3333");
        assert_eq!(sig(1234.6), "1235");
        assert_eq!(sig(1.5e-7), "1.500e-7");
        assert_eq!(sig(f64::INFINITY), "∞");
    }
}
