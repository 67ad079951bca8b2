//! The correctness rule: one definition of "right", shared by
//! `kltutor calc --answer` and the tutor.
//!
//! An answer is right when it is within a relative tolerance of the engine's
//! value. The tolerance is fixed by the problem, never by how many digits the
//! learner typed: `1` is not "right to one digit" for 0.531, so a lazy
//! answer cannot widen the window. Zero and infinity have their own rules,
//! because a relative window around them is either empty or meaningless.

use super::expr::Answer;
use super::mistakes::{Diagnosis, diagnose, diagnose_unit};
use crate::engine::DistError;
use crate::quantity::Quantity;

/// Relative tolerance used when a problem does not set one: 0.5 %, so three
/// significant digits are always enough and two usually are.
pub const DEFAULT_TOLERANCE: f64 = 0.005;

/// When the right answer is exactly 0, the answer must be this close (absolute).
pub const ZERO_TOLERANCE: f64 = 1e-12;

/// How far a wrong answer is from the right one, for feedback such as
/// "too high by 12 %" when no known mistake explains it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offset {
    pub too_high: bool,
    /// `|given - expected| / |expected|`; infinite when `expected` is 0.
    pub relative: f64,
}

/// The outcome of grading one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub correct: bool,
    /// The engine's value, in the asked unit.
    pub expected: f64,
    /// The learner's value, as typed.
    pub given: f64,
    /// The most likely mistake, when the answer is wrong and one matches
    /// (or the learner wrote a unit other than the asked one).
    pub diagnosis: Option<Diagnosis>,
    /// Direction and size of the error, when the answer is wrong, both
    /// values are finite and there is no diagnosis.
    pub offset: Option<Offset>,
}

/// Whether `given` counts as equal to `expected`: infinities only equal
/// themselves, an `expected` of 0 needs `|given| <= ZERO_TOLERANCE`, anything
/// else needs `|given - expected| <= tolerance * |expected|`.
pub fn within(expected: f64, given: f64, tolerance: f64) -> bool {
    if expected.is_nan() || given.is_nan() {
        false
    } else if expected.is_infinite() || given.is_infinite() {
        expected == given
    } else if expected == 0.0 {
        given.abs() <= ZERO_TOLERANCE
    } else {
        (given - expected).abs() <= tolerance * expected.abs()
    }
}

/// Grades `answer` against `q` with a relative `tolerance` (use
/// [`DEFAULT_TOLERANCE`] unless the problem sets one).
///
/// A unit written after the number must be the asked unit: `0.37 nats` is
/// wrong when bits were asked, even though 0.37 nats is the right amount of
/// information, and the diagnosis says how to convert. Errors come from the
/// quantity itself (invalid inputs) or a tolerance that is negative or not
/// finite.
pub fn grade(q: &Quantity, answer: &Answer, tolerance: f64) -> Result<Verdict, DistError> {
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(DistError::Parameter {
            name: "tolerance",
            value: tolerance,
            why: "a relative tolerance must be a finite number >= 0",
        });
    }
    let expected = q.value()?;
    let given = answer.value;
    let wrong = |diagnosis: Option<Diagnosis>| {
        let offset =
            (diagnosis.is_none() && expected.is_finite() && given.is_finite()).then(|| Offset {
                too_high: given > expected,
                relative: if expected == 0.0 {
                    f64::INFINITY
                } else {
                    ((given - expected) / expected).abs()
                },
            });
        Verdict {
            correct: false,
            expected,
            given,
            diagnosis,
            offset,
        }
    };
    if let Some(said) = answer.unit
        && (!q.measure.has_log_unit() || said != q.base)
    {
        return Ok(wrong(Some(diagnose_unit(q, given, said, tolerance))));
    }
    if within(expected, given, tolerance) {
        return Ok(Verdict {
            correct: true,
            expected,
            given,
            diagnosis: None,
            offset: None,
        });
    }
    Ok(wrong(diagnose(q, given, tolerance)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Base;
    use crate::quantity::Measure;
    use crate::tutor::parse_answer;

    fn coin_bits() -> Quantity {
        Quantity::discrete(Measure::Kl, vec![0.9, 0.1], vec![0.5, 0.5], Base::Two)
    }

    fn verdict(q: &Quantity, s: &str) -> Verdict {
        grade(q, &parse_answer(s).unwrap(), DEFAULT_TOLERANCE).unwrap()
    }

    #[test]
    fn within_rules() {
        assert!(within(0.5310044, 0.531, 0.005));
        assert!(within(0.5310044, 0.53, 0.005));
        assert!(!within(0.5310044, 0.52, 0.005));
        assert!(within(0.0, 1e-12, 0.005));
        assert!(!within(0.0, 2e-12, 0.005));
        assert!(within(f64::INFINITY, f64::INFINITY, 0.005));
        assert!(!within(f64::INFINITY, 1e308, 0.005));
        assert!(!within(1e308, f64::INFINITY, 0.005));
        assert!(!within(f64::INFINITY, f64::NEG_INFINITY, 0.005));
        assert!(!within(1.0, f64::NAN, 0.005));
    }

    #[test]
    fn offset_reports_direction_and_size() {
        let v = verdict(&coin_bits(), "0.6");
        assert!(!v.correct);
        assert_eq!(v.diagnosis, None);
        let o = v.offset.unwrap();
        assert!(o.too_high);
        assert!((o.relative - (0.6 / 0.5310044064107188 - 1.0)).abs() < 1e-12);
        let o = verdict(&coin_bits(), "0.4").offset.unwrap();
        assert!(!o.too_high);
    }

    #[test]
    fn bad_tolerance_is_an_error() {
        let a = parse_answer("0.531").unwrap();
        assert!(grade(&coin_bits(), &a, -0.1).is_err());
        assert!(grade(&coin_bits(), &a, f64::NAN).is_err());
        assert!(grade(&coin_bits(), &a, 0.0).is_ok());
    }

    #[test]
    fn invalid_quantity_is_an_error() {
        let q = Quantity::discrete(Measure::Kl, vec![0.9, 0.2], vec![0.5, 0.5], Base::Two);
        assert!(grade(&q, &parse_answer("1").unwrap(), DEFAULT_TOLERANCE).is_err());
    }

    #[test]
    fn a_problem_can_set_its_tolerance() {
        let a = parse_answer("0.52").unwrap();
        assert!(!grade(&coin_bits(), &a, DEFAULT_TOLERANCE).unwrap().correct);
        assert!(grade(&coin_bits(), &a, 0.05).unwrap().correct);
    }
}
