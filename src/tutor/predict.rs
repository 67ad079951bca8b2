//! Predict first: the learner's prediction about a computation, judged
//! against the engine, recorded for calibration, and the reveal (both
//! directions and each outcome's contribution) as lines every front end shows.

use crate::engine::{self, Norm};
use crate::lesson::Predict;
use crate::lesson::text::{fmt_sig, fmt_value};
use crate::progress::Store;
use crate::progress::calibration::Prediction;
use crate::progress::model::{new_attempt_id, now_ms};

/// Reads a confidence: `80`, `80%` or `0.8`; between 50 % and 100 %.
pub fn parse_confidence(input: &str) -> Result<f64, String> {
    let t = input.trim().trim_end_matches('%').trim();
    let v: f64 = t.parse().map_err(|_| {
        format!(
            "\"{}\" is not a number: type a percentage from 50 to 100",
            input.trim()
        )
    })?;
    let c = if v > 1.0 { v / 100.0 } else { v };
    if (0.5..=1.0).contains(&c) && c.is_finite() {
        Ok(c)
    } else {
        Err("a confidence is between 50 (a coin flip) and 100 (certain)".into())
    }
}

/// Reads a 1-based choice.
pub fn parse_choice(p: &Predict, input: &str) -> Result<usize, String> {
    match input.trim().parse::<usize>() {
        Ok(k) if (1..=p.choices.len()).contains(&k) => Ok(k - 1),
        _ => Err(format!(
            "type the number of a choice, 1 to {}",
            p.choices.len()
        )),
    }
}

/// Judges and records a prediction; returns the reveal lines and a save
/// error, if any.
pub fn submit(
    store: &mut Store,
    lesson_id: &str,
    p: &Predict,
    choice: usize,
    confidence: f64,
) -> (Vec<String>, Option<String>) {
    let correct = choice == p.answer;
    let rec = Prediction {
        id: new_attempt_id(),
        time_ms: now_ms(),
        block: format!("{lesson_id}/{}", p.id),
        choice,
        correct,
        confidence,
    };
    let err = store.record_prediction(rec).err().map(|e| format!("{e:#}"));
    (reveal(p, choice, confidence), err)
}

/// The verdict, the engine's values and the contributions chart.
pub fn reveal(p: &Predict, choice: usize, confidence: f64) -> Vec<String> {
    let correct = choice == p.answer;
    let pct = (confidence * 100.0).round();
    let mut v = vec![if correct {
        format!(
            "Your prediction was right ({pct}% sure): {}.",
            p.choices[p.answer]
        )
    } else {
        format!(
            "Your prediction was wrong ({pct}% sure). The answer: {}.",
            p.choices[p.answer]
        )
    }];
    let fwd = engine::kl(&p.p, &p.q, Norm::Strict).unwrap_or(f64::NAN);
    let rev = engine::kl(&p.q, &p.p, Norm::Strict).unwrap_or(f64::NAN);
    v.push(format!(
        "D(P‖Q) = {}, D(Q‖P) = {}.",
        fmt_value(fwd, 4, "nats"),
        fmt_value(rev, 4, "nats")
    ));
    let both = matches!(p.ask, crate::lesson::PredictAsk::Larger);
    // Both directions on one scale, so the bars can be compared across the
    // two charts (the point of asking which is larger).
    let mut max = largest_term(&p.p, &p.q);
    if both {
        max = max.max(largest_term(&p.q, &p.p));
    }
    v.push("Contributions P(x) ln(P(x)/Q(x)) to D(P‖Q):".into());
    v.extend(chart_on(&p.p, &p.q, &p.labels, max));
    if both {
        v.push("Contributions Q(x) ln(Q(x)/P(x)) to D(Q‖P), on the same scale:".into());
        v.extend(chart_on(&p.q, &p.p, &p.labels, max));
    }
    v
}

/// The largest finite |term| of D(A‖B) (0 when none).
fn largest_term(a: &[f64], b: &[f64]) -> f64 {
    engine::kl_terms(a, b, Norm::Strict).map_or(0.0, |terms| {
        terms
            .iter()
            .map(|t| t.contribution.abs())
            .filter(|c| c.is_finite())
            .fold(0.0_f64, f64::max)
    })
}

/// One text bar per outcome of D(A‖B), scaled to the largest finite term; an infinite
/// term is a full bar marked ∞, a negative one is drawn with `-`.
pub fn chart(a: &[f64], b: &[f64], labels: &[String]) -> Vec<String> {
    chart_on(a, b, labels, largest_term(a, b))
}

/// [`chart`] with a full bar standing for `max` (shared by two charts).
fn chart_on(a: &[f64], b: &[f64], labels: &[String], max: f64) -> Vec<String> {
    let Ok(terms) = engine::kl_terms(a, b, Norm::Strict) else {
        return Vec::new();
    };
    let width = 24.0;
    let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    terms
        .iter()
        .zip(labels)
        .map(|(t, l)| {
            let c = t.contribution;
            let (bar, val) = if c.is_infinite() {
                ("█".repeat(width as usize) + "▶", "∞".to_string())
            } else {
                let n = if max > 0.0 {
                    (c.abs() / max * width).round() as usize
                } else {
                    0
                };
                let ch = if c < 0.0 { "-" } else { "█" };
                (ch.repeat(n), fmt_sig(c, 3))
            };
            format!("  {l:>lw$} {val:>8} {bar}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Predict, PredictAsk};

    /// The two directions' charts share one scale: on the coin the largest
    /// term of all, tails in D(Q‖P) (0.5 ln 5 = 0.805), gets the full bar and
    /// heads in D(P‖Q) (0.9 ln 1.8 = 0.529) a proportionally shorter one.
    #[test]
    fn which_is_larger_draws_both_directions_on_one_scale() {
        let p = Predict {
            id: "coin".into(),
            concept: "asymmetry".into(),
            ask: PredictAsk::Larger,
            p: vec![0.9, 0.1],
            q: vec![0.5, 0.5],
            labels: vec!["heads".into(), "tails".into()],
            prompt: None,
            choices: vec!["D(P‖Q)".into(), "D(Q‖P)".into()],
            answer: 1,
            line: 1,
        };
        let lines = reveal(&p, 1, 0.7);
        let bar = |prefix: &str, nth: usize| {
            lines
                .iter()
                .filter(|l| l.trim_start().starts_with(prefix))
                .nth(nth)
                .map(|l| l.matches('█').count())
                .unwrap()
        };
        let (heads_fwd, tails_rev) = (bar("heads", 0), bar("tails", 1));
        assert_eq!(tails_rev, 24, "{lines:?}");
        // 0.9 ln 1.8 / (0.5 ln 5) · 24 = 15.8: 16 cells.
        let want = (0.9 * 1.8f64.ln() / (0.5 * 5f64.ln()) * 24.0).round() as usize;
        assert_eq!(heads_fwd, want, "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("on the same scale")));
    }
}
