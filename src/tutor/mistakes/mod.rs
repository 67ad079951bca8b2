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
//! 8. support: a finite answer where a zero makes the value infinite, or an
//!    infinite one where the zeros only give vanishing terms (no value to
//!    match: they match the answer, and only on inputs with such a zero);
//! 9. a negative value for a measure that is never negative (no value to
//!    match: any negative answer that nothing above explains).
//!
//! Ties are real: on P = [0.9, 0.1], Q = [0.5, 0.5] in nats, dropping the
//! tails term gives 0.5290 and answering in bits gives 0.5310, within 0.5 % of
//! each other; the unit slip wins because it is listed first.
//!
//! A mistake whose value is indistinguishable (at the grading tolerance)
//! from the right answer is never diagnosed: swapping the arguments of KL
//! for symmetric inputs is not a mistake anyone can see. Indistinguishable
//! means the two tolerance windows overlap, so a swap that moves the value
//! by 0.6 % at a 0.5 % tolerance is not diagnosed either; and an answer is
//! only put down to a mistake when it is nearer the mistake's value than the
//! right one ([`fits`]). Otherwise the feedback is the plain "too high/low
//! by X %".

mod constants;
mod context;
mod formula;
mod gaussian;
mod names;
mod support;
mod table;
mod terms;
mod units;

use super::grade::within;
use crate::engine::Base;
use crate::quantity::{Inputs, Quantity};
use context::{Candidate, Ctx, plain};
pub use table::CATALOGUE;
use units::{conversion, unit_mistake_id};

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
    /// The 0-based outcome the mistake is about, when it is about one (the
    /// dropped term, the outcome that makes the value infinite).
    pub outcome: Option<usize>,
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
    /// The hint aimed at this mistake, given by the next `hint` after it is
    /// diagnosed (a lesson problem may override it with `[hints_for]`). A
    /// question that sends the learner back to the step that went wrong,
    /// never the right value.
    pub hint: &'static str,
}

/// Every catalogued mistake, in diagnosis order.
pub fn catalogue() -> &'static [MistakeInfo] {
    &CATALOGUE
}

/// Looks a mistake up by id.
pub fn info(id: &str) -> Option<&'static MistakeInfo> {
    CATALOGUE.iter().find(|m| m.id == id)
}

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
            if fits(right, c.value, given, tolerance) {
                return Some(Diagnosis {
                    id: m.id,
                    message: c.message,
                    concept: m.concept,
                    mistaken_value: c.value,
                    outcome: c.outcome,
                });
            }
        }
    }
    None
}

/// Whether a mistake's value `v` can be told from the right answer at
/// `tolerance`: no answer is within tolerance of both (their windows are
/// disjoint). A swap that moves D(P‖Q) by 0.6 % is not a mistake anyone can
/// see at a 0.5 % tolerance: an answer near both says nothing about which
/// one the learner computed.
pub fn distinguishable(right: f64, v: f64, tolerance: f64) -> bool {
    if v.is_nan() || within(right, v, tolerance) || within(v, right, tolerance) {
        return false;
    }
    if !(right.is_finite() && v.is_finite()) {
        return true;
    }
    (v - right).abs() > tolerance * (v.abs() + right.abs())
}

/// Whether `given` is diagnosed as the mistake with value `v`: the mistake
/// is [`distinguishable`] from the right answer, `given` is within tolerance
/// of it, and `given` is closer to it than to the right answer (a coarse
/// answer that merely lands in the mistake's window is not evidence of it).
pub fn fits(right: f64, v: f64, given: f64, tolerance: f64) -> bool {
    if !distinguishable(right, v, tolerance) || !within(v, given, tolerance) {
        return false;
    }
    if !(right.is_finite() && v.is_finite() && given.is_finite()) {
        return true;
    }
    (given - v).abs() < (given - right).abs()
}

/// The mistakes that could show on `q`: those that give, for some answer, a
/// value the grader can tell from the right one and that [`diagnose`] would
/// put down to that very mistake (not to one listed before it with the same
/// value); `negative-value` and the support mistakes are probed with a
/// negative and an infinite answer.
/// A right answer to `q` is evidence against exactly these.
pub fn possible(q: &Quantity, tolerance: f64) -> Vec<&'static str> {
    let Ok(right) = q.value() else {
        return Vec::new();
    };
    let pq = normalised(q);
    let mut out = Vec::new();
    for given in [-1.0, f64::INFINITY] {
        let ctx = Ctx {
            q,
            right,
            given,
            pq: pq.clone(),
        };
        for m in &CATALOGUE {
            if out.contains(&m.id) {
                continue;
            }
            // It shows only if the value it gives would be diagnosed as this
            // very mistake: swapping the arguments *and* the unit on a
            // symmetric pair gives the plain unit slip's value, which reads
            // as a unit slip, so it cannot show the direction mistake there.
            let shows = (m.candidates)(&ctx).iter().any(|c| {
                distinguishable(right, c.value, tolerance)
                    && diagnose(q, c.value, tolerance).is_some_and(|d| d.id == m.id)
            });
            if shows {
                out.push(m.id);
            }
        }
    }
    // A unit label is possible wherever the measure has a unit.
    if q.measure.has_log_unit() {
        out.push("unit-mismatch");
    }
    out
}

/// The catalogue id of "computed with the log of `used` where `asked` was
/// asked", when there is one.
pub fn unit_slip(asked: Base, used: Base) -> Option<&'static str> {
    unit_mistake_id(asked, used)
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
        outcome: None,
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
                "{} is right in {}, but the question asks for {}: {}.",
                crate::engine::Base::amount(&plain(given), said.unit()),
                said.unit(),
                asked.unit(),
                conversion(said, asked)
            ),
            concept: info(id).map_or("units", |m| m.concept),
            mistaken_value: v,
            outcome: None,
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
    use super::context::{plain, sig};
    use super::*;
    use crate::engine::Norm;
    use crate::quantity::Measure;
    use std::f64::consts::LN_2;

    fn coin(measure: Measure, base: Base) -> Quantity {
        Quantity::discrete(measure, vec![0.9, 0.1], vec![0.5, 0.5], base)
    }

    fn id(q: &Quantity, given: f64) -> Option<&'static str> {
        diagnose(q, given, 0.005).map(|d| d.id)
    }

    /// χ² and Rényi answers with the arguments swapped are named as such
    /// (lesson 17's problems): the swapped values from the engine, checked
    /// here against the formulas by hand.
    #[test]
    fn swapped_chi2_and_renyi_are_diagnosed() {
        use crate::quantity::Alpha;
        let (p, q) = ([0.41, 0.22, 0.37], [0.22, 0.2, 0.58]);
        let chi = Quantity::discrete(Measure::Chi2, p.to_vec(), q.to_vec(), Base::E);
        let neyman: f64 = p.iter().zip(&q).map(|(a, b)| (a - b).powi(2) / a).sum();
        assert!((neyman - 0.2090561514951758).abs() < 1e-12);
        assert_eq!(id(&chi, 0.2091), Some("swapped-arguments"));
        let d = diagnose(&chi, 0.2091, 0.005).unwrap();
        assert!(d.message.contains("χ²(Q‖P)"), "{}", d.message);
        let r2 = Quantity::discrete(
            Measure::Renyi(Alpha::new(2.0)),
            p.to_vec(),
            q.to_vec(),
            Base::E,
        );
        let rev: f64 = q.iter().zip(&p).map(|(a, b)| a * a / b).sum::<f64>().ln();
        assert_eq!(id(&r2, rev), Some("swapped-arguments"));
        // The right values are still right.
        assert_eq!(id(&chi, 0.2421253918495297), None);
    }

    /// Titles are shown inside parentheses ("Hint on this mistake
    /// (Arguments swapped): ..."), so none may hold its own.
    #[test]
    fn titles_hold_no_parentheses() {
        for m in catalogue() {
            assert!(
                !m.title.contains(['(', ')']),
                "{}: {:?} would nest parentheses in the hint label",
                m.id,
                m.title
            );
            let line = crate::tutor::problem::targeted_hint_line(m.title, "x");
            assert_eq!(line.matches('(').count(), 1, "{line}");
        }
    }

    /// On a pair whose two directions agree (P = [0.5, 0.25, 0.25],
    /// Q = [0.25, 0.25, 0.5]: both 0.25 bits), no direction mistake can
    /// show: swapped *and* in nats gives the plain nats slip's 0.1733.
    #[test]
    fn a_mistake_that_reads_as_another_cannot_show() {
        let q = Quantity::discrete(
            Measure::Kl,
            vec![0.5, 0.25, 0.25],
            vec![0.25, 0.25, 0.5],
            Base::Two,
        );
        let ids = possible(&q, 0.005);
        for gone in [
            "swapped-arguments",
            "symmetrized-kl",
            "swapped-nats-for-bits",
        ] {
            assert!(!ids.contains(&gone), "{gone} in {ids:?}");
        }
        assert!(ids.contains(&"nats-for-bits"), "{ids:?}");
    }

    /// The shared id list (what lessons and progress check against) is the
    /// catalogue's, in the same order.
    #[test]
    fn the_shared_id_list_is_the_catalogue() {
        let ids: Vec<&str> = catalogue().iter().map(|m| m.id).collect();
        assert_eq!(ids, crate::mistake_ids::MISTAKE_IDS.to_vec());
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

    /// A near-symmetric pair: D(Q‖P) is 0.6 % above D(P‖Q) (values checked
    /// in python), so a 0.5 % window around each overlaps the other and the
    /// swap cannot be seen; answers there get the "too high by" offset.
    #[test]
    fn near_symmetric_swaps_are_not_diagnosed() {
        let q = Quantity::discrete(Measure::Kl, vec![0.3, 0.7], vec![0.69, 0.31], Base::E);
        let right = q.value().unwrap();
        assert!((right - 0.3202828894144175).abs() < 1e-12);
        let rev = 0.3222098031803157;
        assert_eq!(id(&q, rev), None);
        assert_eq!(id(&q, 0.3), None);
        let v =
            crate::tutor::grade::grade(&q, &crate::tutor::parse_answer("0.3222").unwrap(), 0.005)
                .unwrap();
        assert!(!v.correct && v.diagnosis.is_none());
        assert!(v.offset.unwrap().too_high);
        // In bits, D(Q‖P) in nats is the "swapped and nats" value; it is
        // likewise not diagnosed where it sits 0.6 % from the right answer.
        assert!(!distinguishable(1.0, 1.006, 0.005));
        assert!(distinguishable(1.0, 1.011, 0.005));
    }

    /// The answer must sit closer to the mistaken value than to the right
    /// one: within the mistake's window but nearer the right answer is no
    /// evidence of the mistake.
    #[test]
    fn fits_needs_the_answer_nearer_the_mistake() {
        // At 10 %: windows [0.9, 1.1] and [1.116, 1.364] are disjoint.
        assert!(distinguishable(1.0, 1.24, 0.1));
        assert!(fits(1.0, 1.24, 1.2, 0.1));
        // 1.118 is within 10 % of 1.24 and outside the right window, but
        // nearer 1 (0.118) than 1.24 (0.122).
        assert!(within(1.24, 1.118, 0.1) && !within(1.0, 1.118, 0.1));
        assert!(!fits(1.0, 1.24, 1.118, 0.1));
        assert!(fits(f64::INFINITY, 1.0, 1.0, 0.005));
        assert!(fits(1.0, f64::INFINITY, f64::INFINITY, 0.005));
        assert!(!fits(1.0, f64::NAN, 1.0, 0.005));
    }

    /// Adding up the finite terms where one is infinite is the support
    /// mistake (the section on the infinite wall), not a dropped term: the
    /// feedback says the answer is infinite and why, and quotes no other
    /// term. Finite rest checked in python: 0.7·log2(0.7/0.3) +
    /// 0.1·log2(0.1/0.7) = 0.5751.
    #[test]
    fn dropping_an_infinite_term_is_the_support_mistake() {
        let q = Quantity::discrete(
            Measure::Kl,
            vec![0.7, 0.1, 0.2],
            vec![0.3, 0.7, 0.0],
            Base::Two,
        );
        let finite = 0.5751;
        let d = diagnose(&q, finite, 0.005).unwrap();
        assert_eq!(d.id, "finite-for-infinite");
        assert_eq!(d.concept, "support-infinity");
        assert_eq!(d.outcome, Some(2));
        assert!(d.message.contains("outcome 3"), "{}", d.message);
        assert!(
            d.message.contains("Q(x) = 0 where P(x) = 0.2 > 0"),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("The answer is infinite"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("0.575"), "{}", d.message);
        // Any other finite answer still gets the support question.
        let d = diagnose(&q, 0.7, 0.005).unwrap();
        assert_eq!(d.id, "finite-for-infinite");
        assert!(d.message.starts_with("Look at outcome 3"), "{}", d.message);
        // Cross-entropy words its own term.
        let h = Quantity::discrete(
            Measure::CrossEntropy,
            vec![0.7, 0.1, 0.2],
            vec![0.3, 0.7, 0.0],
            Base::Two,
        );
        let rest = -(0.7 * 0.3f64.log2() + 0.1 * 0.7f64.log2());
        let d = diagnose(&h, rest, 0.005).unwrap();
        assert_eq!(d.id, "finite-for-infinite");
        assert!(
            d.message.contains("−P(x) log Q(x) is infinite"),
            "{}",
            d.message
        );
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
