//! Counterexamples in words: what each claim says, why a true one holds, and
//! how a counterexample found by [`crate::engine::counterexample`] breaks a
//! false one. `kltutor calc counterexample`, the plain mode and the terminal
//! app all word a counterexample through here, so they agree.
//!
//! Numbers: the value lines carry the engine's values (all digits for calc,
//! four significant digits in feedback); the explanation names values rather
//! than quoting them, and quotes only inputs, which are exact.

use crate::engine::Base;
use crate::engine::counterexample::{self, CLAIMS, Claim, Counterexample, Finding};
use serde_json::{Map, Value, json};

/// The claim as a sentence a learner might believe (a bound in `base`'s unit).
pub fn statement(claim: Claim, base: Base) -> String {
    match claim {
        Claim::Symmetry => "D(P‖Q) = D(Q‖P) for every P and Q".into(),
        Claim::Triangle => "D(P‖R) ≤ D(P‖Q) + D(Q‖R) for every P, Q and R".into(),
        Claim::Bounded(b) => format!(
            "D(P‖Q) ≤ {} {} for every P and Q",
            bound_text(b, base),
            base.unit()
        ),
        Claim::TermSign => "every term P(x) ln(P(x)/Q(x)) of D(P‖Q) is ≥ 0".into(),
        Claim::MixtureForward => {
            "mixing two candidates, M = (Q + R)/2, always gives a smaller D(P‖M) than both D(P‖Q) and D(P‖R)"
                .into()
        }
        Claim::NonNegativity => "D(P‖Q) ≥ 0 for every P and Q".into(),
        Claim::ZeroIffEqual => "D(P‖Q) = 0 exactly when P = Q".into(),
        Claim::Convexity => "D(P‖(Q + R)/2) ≤ (D(P‖Q) + D(P‖R))/2 for every P, Q and R".into(),
        Claim::JsBounded => "the Jensen-Shannon divergence JS(P, Q) is at most ln 2".into(),
    }
}

/// The bound as written: `ln 2` for the default, else the number.
fn bound_text(b: f64, base: Base) -> String {
    if base == Base::E && b == std::f64::consts::LN_2 {
        "ln 2".into()
    } else {
        format!("{b}")
    }
}

/// Why a true claim holds (a proof sketch, not the search).
pub fn reason(claim: Claim) -> &'static str {
    match claim {
        Claim::NonNegativity => {
            "Gibbs' inequality: -D(P‖Q) = Σ P(x) ln(Q(x)/P(x)) ≤ ln Σ P(x)·Q(x)/P(x) ≤ ln 1 = 0, by Jensen's inequality, because ln is concave."
        }
        Claim::ZeroIffEqual => {
            "Equality in Jensen's inequality needs Q(x)/P(x) to be the same constant wherever P(x) > 0; both sum to one, so the constant is 1 and P = Q."
        }
        Claim::Convexity => {
            "The log-sum inequality makes D(P‖·) convex: D(P‖λQ + (1-λ)R) ≤ λ D(P‖Q) + (1-λ) D(P‖R) for every λ in [0, 1]. The mixture beats the average of the two, not necessarily both."
        }
        Claim::JsBounded => {
            "M = (P + Q)/2 is at least P/2 everywhere, so ln(P(x)/M(x)) ≤ ln 2 and D(P‖M) ≤ ln 2; the same holds for Q, and JS is the average of the two."
        }
        Claim::Bounded(b) if b == f64::INFINITY => "Every divergence is at most +∞.",
        _ => "",
    }
}

/// The known claims as one line: `symmetry, triangle, ... (false); ... (true)`.
pub fn known_claims() -> String {
    let list = |truth: bool| {
        CLAIMS
            .iter()
            .filter(|(_, t)| *t == truth)
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} (false); {} (true)", list(false), list(true))
}

/// A vector as `[0.9, 0.1]`: each number the shortest decimal that reads
/// back as the same double (what the engine computed with), in exponent form
/// below 1e-4 (`1e-300`, not three hundred zeros).
pub fn fmt_vec(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|&x| fmt_exact(x)).collect();
    format!("[{}]", parts.join(", "))
}

fn fmt_exact(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-4 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Why the counterexample breaks the claim, naming the values shown.
pub fn explanation(cx: &Counterexample) -> String {
    match cx.claim {
        Claim::Symmetry => "D(P‖Q) averages ln(P/Q) under P while D(Q‖P) averages ln(Q/P) under Q: swapping the arguments changes the weights, and here the two numbers differ. KL divergence is not symmetric.".into(),
        Claim::Triangle => "Going from P to R directly costs more than going through Q: D(P‖R) is larger than D(P‖Q) + D(Q‖R). KL divergence breaks the triangle inequality, so it is not a distance.".into(),
        Claim::Bounded(_) => {
            if cx.values.first().is_some_and(|v| v.value.is_infinite()) {
                format!(
                    "Q gives probability 0 to outcome 1, which P gives {}: that term is infinite, so D(P‖Q) is above any bound. KL divergence is unbounded (Jensen-Shannon is the one bounded by ln 2).",
                    fmt_exact(cx.p[0])
                )
            } else {
                "D(P‖Q) is above the bound: as Q(x) shrinks where P(x) stays, the term P(x) ln(P(x)/Q(x)) grows without limit. KL divergence is unbounded (Jensen-Shannon is the one bounded by ln 2).".into()
            }
        }
        Claim::TermSign => {
            let i = most_negative_term(cx);
            format!(
                "Term {n} is negative because P({n}) = {} is smaller than Q({n}) = {}, so ln(P({n})/Q({n})) < 0. Single terms can be negative; only the total D(P‖Q) is sure to be ≥ 0.",
                fmt_exact(cx.p[i]),
                fmt_exact(cx.q[i]),
                n = i + 1
            )
        }
        Claim::MixtureForward => format!(
            "With M = (Q + R)/2 = {}, D(P‖M) is not below both: P is closer to one candidate than to the mixture, which drags in the other's mass. Convexity promises only D(P‖M) ≤ (D(P‖Q) + D(P‖R))/2, the average, not the smaller one.",
            cx.mixture.as_deref().map(fmt_vec).unwrap_or_default()
        ),
        c => format!("This breaks the claim that {}.", statement(c, cx.base)),
    }
}

/// The index of the most negative term of a `term-sign` counterexample.
fn most_negative_term(cx: &Counterexample) -> usize {
    cx.values
        .iter()
        .filter_map(|v| {
            let i: usize = v.name.strip_prefix("term ")?.parse().ok()?;
            Some((i.checked_sub(1)?, v.value))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0, |(i, _)| i.min(cx.p.len().saturating_sub(1)))
}

/// The unit of a value line (`bound` and terms share the divergence's).
fn unit(base: Base) -> &'static str {
    base.unit()
}

/// A counterexample as lines: the distributions, the values (`digits`
/// significant digits, or every digit of the shortest round trip with
/// `None`), then the explanation.
pub fn lines(cx: &Counterexample, digits: Option<usize>) -> Vec<String> {
    // Shortest round-trip digits, in exponent form far from 1 (a bound of
    // 1e-300 is not 301 digits), and "1 nat", not "1 nats".
    let num = |v: f64| match digits {
        Some(d) => crate::lesson::text::fmt_value(v, d, unit(cx.base)),
        None => crate::tutor::feedback::with_unit(v, unit(cx.base)),
    };
    let mut out = vec![
        format!("  P = {}", fmt_vec(&cx.p)),
        format!("  Q = {}", fmt_vec(&cx.q)),
    ];
    if let Some(r) = &cx.r {
        out.push(format!("  R = {}", fmt_vec(r)));
    }
    for v in &cx.values {
        out.push(format!("  {} = {}", v.name, num(v.value)));
    }
    out.push(explanation(cx));
    out
}

/// Feedback lines for a wrong option of a question that names `claim`: a
/// heading and the counterexample at four digits. Empty when the id is not a
/// false claim (`kltutor check` refuses that, so it is only a safety net).
pub fn feedback_lines(claim: &str) -> Vec<String> {
    let Some(c) = Claim::from_id(claim, None, Base::E) else {
        return Vec::new();
    };
    match counterexample::search(c, Base::E) {
        Finding::Refuted(cx) => {
            let mut v = vec![format!(
                "A counterexample to \"{}\":",
                statement(c, Base::E)
            )];
            v.extend(lines(&cx, Some(4)));
            v
        }
        Finding::Holds { .. } => Vec::new(),
    }
}

/// A number as JSON: infinities as the strings `"inf"`/`"-inf"`, as `calc --json` does.
fn number(v: f64) -> Value {
    if v.is_infinite() {
        (if v > 0.0 { "inf" } else { "-inf" }).into()
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// `calc counterexample --json`: exactly `claim`, `p`, `q`, `r` (when used),
/// `values` and `explanation`. Numbers are shortest round-trip doubles.
pub fn to_json(cx: &Counterexample) -> Value {
    let vec = |v: &[f64]| Value::Array(v.iter().map(|&x| number(x)).collect());
    let mut values = Map::new();
    for v in &cx.values {
        values.insert(v.name.clone(), number(v.value));
    }
    let mut obj = Map::new();
    obj.insert("claim".into(), cx.claim.id().into());
    obj.insert("p".into(), vec(&cx.p));
    obj.insert("q".into(), vec(&cx.q));
    if let Some(r) = &cx.r {
        obj.insert("r".into(), vec(r));
    }
    obj.insert("values".into(), Value::Object(values));
    obj.insert("explanation".into(), explanation(cx).into());
    Value::Object(obj)
}

/// `calc counterexample --json` for a claim that holds.
pub fn holds_json(claim: Claim, base: Base, searched: usize) -> Value {
    json!({
        "claim": claim.id(),
        "holds": true,
        "statement": statement(claim, base),
        "reason": reason(claim),
        "searched": searched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuted(id: &str) -> Counterexample {
        match counterexample::search(Claim::from_id(id, None, Base::E).unwrap(), Base::E) {
            Finding::Refuted(cx) => cx,
            f => panic!("{f:?}"),
        }
    }

    #[test]
    fn json_has_exactly_the_contract_keys() {
        let v = to_json(&refuted("symmetry"));
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys.len(), 5);
        for k in ["claim", "p", "q", "values", "explanation"] {
            assert!(keys.contains(&k), "{keys:?}");
        }
        let t = to_json(&refuted("triangle"));
        assert_eq!(t.as_object().unwrap().len(), 6);
        assert!(t["r"].is_array());
    }

    #[test]
    fn term_sign_names_the_negative_term_and_its_inputs() {
        let cx = refuted("term-sign");
        let i = most_negative_term(&cx);
        assert!(cx.p[i] < cx.q[i]);
        let e = explanation(&cx);
        assert!(e.contains(&format!("Term {} is negative", i + 1)), "{e}");
    }

    #[test]
    fn feedback_lines_are_empty_for_true_or_unknown_claims() {
        assert!(feedback_lines("non-negativity").is_empty());
        assert!(feedback_lines("nope").is_empty());
        let l = feedback_lines("symmetry");
        assert!(l[0].starts_with("A counterexample"), "{l:?}");
        assert!(l.iter().any(|l| l.starts_with("  D(Q‖P) = ")), "{l:?}");
    }

    #[test]
    fn true_claims_have_reasons() {
        for (id, t) in CLAIMS {
            let c = Claim::from_id(id, None, Base::E).unwrap();
            assert_eq!(reason(c).is_empty(), !t, "{id}");
        }
        assert!(known_claims().contains("symmetry"));
    }
}
