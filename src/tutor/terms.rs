//! Answers given term by term: `[t1, t2, ...]`, one expression per outcome,
//! checked against the engine's terms so the learner hears *which* term went
//! wrong and, when it can be told, what went wrong in it.
//!
//! Only for the measures that are sums over outcomes (KL, reverse KL,
//! cross-entropy, entropy) on discrete or Bernoulli inputs. The wording never
//! quotes the right term: it names the outcome and the inputs the learner
//! already has, and says which slip the number fits.

use super::expr::{AnswerError, parse_answer};
use super::grade::within;
use crate::engine::Base;
use crate::lesson::OutcomeRow;
use crate::quantity::{Measure, Quantity};

/// Whether `input` is a term-by-term answer (a bracketed list).
pub fn is_terms(input: &str) -> bool {
    input.trim_start().starts_with('[')
}

/// Reads `[t1, t2, ...]`: each element an expression as for any answer
/// (a unit after a term is read and must be the asked one).
pub fn parse_terms(input: &str, base: Base) -> Result<Vec<f64>, AnswerError> {
    let t = input.trim();
    let lead = input.len() - input.trim_start().len();
    let at = |byte: usize| input[..byte.min(input.len())].chars().count();
    let Some(inner) = t.strip_prefix('[') else {
        return Err(AnswerError {
            message: "a term-by-term answer starts with [".into(),
            position: at(lead),
        });
    };
    let Some(inner) = inner.strip_suffix(']') else {
        return Err(AnswerError {
            message: "a term-by-term answer ends with ]: write [t1, t2, ...]".into(),
            position: at(lead + t.len()),
        });
    };
    let mut out = Vec::new();
    let mut offset = lead + 1;
    for part in inner.split(',') {
        let start = offset + (part.len() - part.trim_start().len());
        if part.trim().is_empty() {
            return Err(AnswerError {
                message: format!("term {} is empty", out.len() + 1),
                position: at(start),
            });
        }
        let a = parse_answer(part.trim()).map_err(|e| AnswerError {
            message: format!("term {}: {}", out.len() + 1, e.message),
            position: at(start) + e.position,
        })?;
        if let Some(u) = a.unit
            && u != base
        {
            return Err(AnswerError {
                message: format!(
                    "term {} is labelled {}, but the question asks for {}",
                    out.len() + 1,
                    u.unit(),
                    base.unit()
                ),
                position: at(start),
            });
        }
        out.push(a.value);
        offset += part.len() + 1;
    }
    Ok(out)
}

/// What went wrong in one term, when the number fits a known slip.
#[derive(Debug, Clone, PartialEq)]
pub struct TermDiagnosis {
    /// A catalogue id (`weighted-by-q`, `sign-flipped`, `nats-for-bits`,
    /// `unweighted`, ...), so misconceptions and targeted hints follow.
    pub id: &'static str,
    /// The whole sentence, naming the outcome: "In the term of outcome 2,
    /// where P(x) = 0.1 and Q(x) = 0.5, the ratio is upside down: ...".
    pub message: String,
    /// The same without the outcome, for a line that has named it already:
    /// "where P(x) = 0.1 and Q(x) = 0.5, the ratio is upside down: ...".
    pub detail: String,
}

/// The verdict on a list of terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TermsVerdict {
    /// 0-based index of the first wrong term, `None` when all are right.
    pub first_wrong: Option<usize>,
    /// Its outcome's label.
    pub label: Option<String>,
    pub diagnosis: Option<TermDiagnosis>,
    /// The sum of the given terms (graded as the total when all are right).
    pub total: f64,
}

/// Checks `given` against the engine's `rows` of `q`, term by term.
pub fn check_terms(
    q: &Quantity,
    rows: &[OutcomeRow],
    given: &[f64],
    tolerance: f64,
) -> TermsVerdict {
    let total = given.iter().sum();
    for (i, (r, g)) in rows.iter().zip(given).enumerate() {
        if within(r.term, *g, tolerance) {
            continue;
        }
        return TermsVerdict {
            first_wrong: Some(i),
            label: Some(r.label.clone()),
            diagnosis: diagnose_term(q, r, *g, tolerance),
            total,
        };
    }
    TermsVerdict {
        first_wrong: None,
        label: None,
        diagnosis: None,
        total,
    }
}

/// Four significant digits of an input the learner was given.
fn show(v: f64) -> String {
    let s = format!("{v}");
    if s.len() <= 8 { s } else { format!("{v:.4}") }
}

/// The slip that turns row `r`'s term into `given`, if one does.
fn diagnose_term(
    q: &Quantity,
    r: &OutcomeRow,
    given: f64,
    tolerance: f64,
) -> Option<TermDiagnosis> {
    let b = q.base;
    let log = |x: f64| b.from_nats(x.ln());
    let (w, o) = (r.p, r.q);
    let (nw, no) = match q.measure {
        Measure::ReverseKl => ("Q", "P"),
        _ => ("P", "Q"),
    };
    let inputs = match o {
        Some(o) => format!("{nw}(x) = {} and {no}(x) = {}", show(w), show(o)),
        None => format!("P(x) = {}", show(w)),
    };
    // (id, value, what the learner did)
    let mut cands: Vec<(&'static str, f64, String)> = Vec::new();
    let swap_id = if q.measure == Measure::ReverseKl {
        "weighted-by-p"
    } else {
        "weighted-by-q"
    };
    match (q.measure, o) {
        (Measure::Kl | Measure::ReverseKl, Some(o)) => {
            let l = log(w / o);
            cands.push((
                swap_id,
                o * l,
                format!("it is weighted by {no}(x) = {} instead of {nw}(x)", show(o)),
            ));
            cands.push((
                "sign-flipped",
                -w * l,
                format!("the ratio is upside down: log({no}(x)/{nw}(x)) instead of log({nw}(x)/{no}(x)), or the sign slipped"),
            ));
            cands.push((
                "unweighted",
                l,
                format!("the weight {nw}(x) is missing: the log ratio alone"),
            ));
            cands.push((
                "swapped-arguments",
                o * log(o / w),
                format!("it is the term of the other direction, {no}(x) log({no}(x)/{nw}(x))"),
            ));
            cands.push((
                "forgot-log",
                w * (w / o),
                format!("the ratio {nw}(x)/{no}(x) is weighted without taking its log"),
            ));
        }
        (Measure::CrossEntropy, Some(o)) => {
            cands.push((
                "sign-flipped",
                w * log(o),
                "the leading minus sign is missing: the term is −P(x) log Q(x)".into(),
            ));
            cands.push((
                "unweighted",
                -log(o),
                "the weight P(x) is missing: the code length −log Q(x) alone".into(),
            ));
            cands.push((
                "entropy-for-cross-entropy",
                -w * log(w),
                "the log is of P(x), not of Q(x)".into(),
            ));
            cands.push((
                "kl-for-cross-entropy",
                w * log(w / o),
                "it is the divergence's term P(x) log(P(x)/Q(x)), not the cross-entropy's".into(),
            ));
        }
        (Measure::Entropy, _) => {
            cands.push((
                "sign-flipped",
                w * log(w),
                "the leading minus sign is missing: the term is −P(x) log P(x)".into(),
            ));
            cands.push((
                "unweighted",
                -log(w),
                "the weight P(x) is missing: the surprisal −log P(x) alone".into(),
            ));
        }
        _ => {}
    }
    // The right term in another base.
    for other in Base::ALL {
        if other == b {
            continue;
        }
        if let Some(id) = super::mistakes::unit_slip(b, other) {
            cands.push((
                id,
                other.from_nats(b.to_nats(r.term)),
                format!(
                    "it is in {} (taken with {}), not {}",
                    other.unit(),
                    other.log_name(),
                    b.unit()
                ),
            ));
        }
    }
    cands
        .into_iter()
        .filter(|(_, v, _)| v.is_finite() && !within(r.term, *v, tolerance))
        .find(|(_, v, _)| within(*v, given, tolerance))
        .map(|(id, _, what)| {
            let detail = format!("where {inputs}, {what}");
            TermDiagnosis {
                id,
                message: format!("In the term of outcome {}, {detail}.", r.index + 1),
                detail,
            }
        })
}

#[cfg(test)]
mod tests {
    //! Expected terms from python3: P = [0.5, 0.3, 0.2], Q = [0.2, 0.5, 0.3]
    //! in nats; cross-entropy terms −P ln Q = [0.804719, 0.207944, 0.240795],
    //! entropy terms −P ln P = [0.346574, 0.361192, 0.321888].
    use super::*;
    use crate::lesson::{Example, Step};
    use std::collections::BTreeMap;

    fn rows(q: &Quantity) -> Vec<OutcomeRow> {
        Example {
            id: "t".into(),
            concept: "definition-discrete".into(),
            title: None,
            quantity: q.clone(),
            labels: vec!["a".into(), "b".into(), "c".into()],
            intro: None,
            conclusion: None,
            notes: BTreeMap::new(),
            sum_note: None,
            sampling: None,
            line: 1,
        }
        .steps()
        .unwrap()
        .into_iter()
        .filter_map(|s| match s {
            Step::Outcome(r) => Some(r),
            _ => None,
        })
        .collect()
    }

    fn three(m: Measure, base: Base) -> Quantity {
        Quantity::discrete(m, vec![0.5, 0.3, 0.2], vec![0.2, 0.5, 0.3], base)
    }

    fn verdict(q: &Quantity, given: &[f64]) -> TermsVerdict {
        check_terms(q, &rows(q), given, 0.005)
    }

    #[test]
    fn parses_lists_of_expressions_and_points_at_the_bad_one() {
        assert_eq!(
            parse_terms(" [0.5, ln(2)/2 , -1e-1 nats]", Base::E).unwrap(),
            vec![0.5, std::f64::consts::LN_2 / 2.0, -0.1]
        );
        let e = parse_terms("[0.5, , 1]", Base::E).unwrap_err();
        assert_eq!((e.message.as_str(), e.position), ("term 2 is empty", 6));
        let e = parse_terms("[0.5, 2*x]", Base::E).unwrap_err();
        assert!(e.message.starts_with("term 2: "), "{}", e.message);
        assert!(e.position >= 8, "{}", e.position);
        let e = parse_terms("[0.5, 1 bits]", Base::E).unwrap_err();
        assert!(e.message.contains("labelled bits"), "{}", e.message);
        assert!(parse_terms("[0.5, 1", Base::E).is_err());
        assert!(is_terms("  [1]") && !is_terms("1"));
    }

    #[test]
    fn cross_entropy_terms() {
        let q = three(Measure::CrossEntropy, Base::E);
        let v = verdict(&q, &[0.804719, 0.207944, 0.240795]);
        assert_eq!(v.first_wrong, None);
        assert!((v.total - 1.253458).abs() < 1e-5);
        // Second term without its minus sign: +P ln Q = −0.207944.
        let v = verdict(&q, &[0.804719, -0.207944, 0.240795]);
        assert_eq!((v.first_wrong, v.label.as_deref()), (Some(1), Some("b")));
        assert_eq!(v.diagnosis.unwrap().id, "sign-flipped");
        // First term with the log of P: −0.5 ln 0.5 = 0.346574.
        let v = verdict(&q, &[0.346574, 0.207944, 0.240795]);
        assert_eq!(v.diagnosis.unwrap().id, "entropy-for-cross-entropy");
        // Third term without the weight: −ln 0.3 = 1.203973.
        let v = verdict(&q, &[0.804719, 0.207944, 1.203973]);
        assert_eq!(
            (v.first_wrong, v.diagnosis.unwrap().id),
            (Some(2), "unweighted")
        );
    }

    #[test]
    fn entropy_terms_in_bits() {
        // −P log2 P = [0.5, 0.521090, 0.464386]; in nats the first is 0.346574.
        let q = three(Measure::Entropy, Base::Two);
        assert_eq!(verdict(&q, &[0.5, 0.521090, 0.464386]).first_wrong, None);
        let v = verdict(&q, &[0.346574, 0.521090, 0.464386]);
        let d = v.diagnosis.unwrap();
        assert_eq!(d.id, "nats-for-bits");
        assert!(d.message.contains("in nats"), "{}", d.message);
        // An unexplained number: first wrong term, no diagnosis.
        let v = verdict(&q, &[0.5, 0.4, 0.464386]);
        assert_eq!((v.first_wrong, v.diagnosis), (Some(1), None));
    }
}
