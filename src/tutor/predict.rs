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
    v.push("Contributions P(x) ln(P(x)/Q(x)) to D(P‖Q):".into());
    v.extend(chart(&p.p, &p.q, &p.labels));
    if matches!(p.ask, crate::lesson::PredictAsk::Larger) {
        v.push("Contributions Q(x) ln(Q(x)/P(x)) to D(Q‖P):".into());
        v.extend(chart(&p.q, &p.p, &p.labels));
    }
    v
}

/// One text bar per outcome of D(A‖B), scaled to the largest finite term; an infinite
/// term is a full bar marked ∞, a negative one is drawn with `-`.
pub fn chart(a: &[f64], b: &[f64], labels: &[String]) -> Vec<String> {
    let Ok(terms) = engine::kl_terms(a, b, Norm::Strict) else {
        return Vec::new();
    };
    let max = terms
        .iter()
        .map(|t| t.contribution.abs())
        .filter(|c| c.is_finite())
        .fold(0.0_f64, f64::max);
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
