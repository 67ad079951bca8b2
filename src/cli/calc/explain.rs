//! `--explain`: the worked steps (text and the JSON "terms"/"steps") and the
//! streamed per-outcome table of the sums over outcomes.

use super::json_number;
use crate::engine::{self, Base};
use crate::lesson::steps::Step;
use crate::quantity::{Measure, Quantity};

/// The worked steps of a quantity without a KL table: outcome rows, lines of
/// working and the unit line (no intro or conclusion: those are lesson text).
pub fn worked_steps(q: &Quantity) -> Result<Vec<Step>, engine::DistError> {
    let example = crate::lesson::Example {
        id: "calc".into(),
        concept: String::new(),
        title: None,
        quantity: q.clone(),
        labels: Vec::new(),
        intro: None,
        conclusion: None,
        notes: Default::default(),
        sum_note: None,
        sampling: None,
        line: 0,
    };
    let steps = example.steps()?;
    let has_work = steps
        .iter()
        .any(|s| matches!(s, Step::Outcome(_) | Step::Work(_)));
    Ok(if has_work { steps } else { Vec::new() })
}

/// The outcome rows of entropy and cross-entropy as JSON `terms`.
pub(super) fn steps_terms_json(steps: &[Step], q: &Quantity) -> Vec<serde_json::Value> {
    let _ = q;
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Outcome(r) => Some(serde_json::json!({
                "outcome": r.index + 1,
                "p": json_number(r.p),
                "q": r.q.map_or(serde_json::Value::Null, json_number),
                "log": json_number(r.log),
                "term": json_number(r.term),
            })),
            _ => None,
        })
        .collect()
}

/// The lines of working as JSON `steps`: `what`, `how`, `result`, `value`.
pub(super) fn steps_json(steps: &[Step]) -> serde_json::Value {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Work(w) => Some(serde_json::json!({
                "what": w.what,
                "how": w.how,
                "result": w.result,
                "value": w.value.map_or(serde_json::Value::Null, json_number),
            })),
            Step::Sum { total, unit, .. } => Some(serde_json::json!({
                "what": "total",
                "how": "the sum of the terms",
                "result": crate::lesson::text::fmt_value(*total, 4, unit),
                "value": json_number(*total),
            })),
            _ => None,
        })
        .collect()
}

/// The per-outcome table of a KL-type quantity.
pub struct Explain {
    /// Which distribution weights the terms: "P" for D(P‖Q), "Q" for D(Q‖P).
    pub weight: &'static str,
    pub rows: Vec<engine::Term>,
    pub base: Base,
    /// Outcomes (0-based) that make the divergence infinite.
    pub infinite: Vec<usize>,
}

/// Builds the worked-example rows for measures that are a sum of per-outcome
/// terms (KL in either direction, Bernoulli KL); `None` for the others.
pub fn explain_rows(q: &Quantity) -> Result<Option<Explain>, engine::DistError> {
    let Some((p, qq)) = q.as_discrete() else {
        return Ok(None);
    };
    let (a, b, weight) = match q.measure {
        Measure::Kl => (p, qq, "P"),
        Measure::ReverseKl => (qq, p, "Q"),
        _ => return Ok(None),
    };
    let rows = engine::kl_terms(&a, &b, q.norm)?;
    Ok(Some(Explain {
        weight,
        infinite: engine::infinite_outcomes(&a, &b),
        rows,
        base: q.base,
    }))
}

impl Explain {
    /// The table, one row at a time.
    pub(super) fn write_text(
        &self,
        out: &mut dyn std::io::Write,
        q: &Quantity,
    ) -> std::io::Result<()> {
        let (w, o) = if self.weight == "P" {
            ("P", "Q")
        } else {
            ("Q", "P")
        };
        let log = self.base.log_name();
        writeln!(
            out,
            "{:>3}  {:>10}  {:>10}  {:>10}  {:>12}  {:>13}",
            "x",
            w,
            o,
            format!("{w}/{o}"),
            format!("{log}({w}/{o})"),
            format!("{w}·{log}({w}/{o})")
        )?;
        for (i, t) in self.rows.iter().enumerate() {
            let lr = self.base.from_nats(t.log_ratio);
            let c = self.base.from_nats(t.contribution);
            let mark = if infinite(t) { "  <- infinite" } else { "" };
            writeln!(
                out,
                "{:>3}  {:>10}  {:>10}  {:>10}  {:>12}  {:>13}{mark}",
                i + 1,
                fmt6(t.p),
                fmt6(t.q),
                if t.p == 0.0 {
                    "0".into()
                } else if t.ratio.is_infinite() && t.q > 0.0 {
                    // P/Q beyond a double (0.5 over 1e-320): from its log.
                    crate::lesson::text::fmt_from_ln(t.log_ratio, 6)
                } else {
                    fmt6(t.ratio)
                },
                if t.p == 0.0 {
                    "(unused)".into()
                } else {
                    fmt6(lr)
                },
                fmt6(c)
            )?;
        }
        let what = if self.weight == "P" {
            "D(P‖Q)"
        } else {
            "D(Q‖P)"
        };
        if !self.infinite.is_empty() {
            const LISTED: usize = 20;
            let mut xs: Vec<String> = self
                .infinite
                .iter()
                .take(LISTED)
                .map(|i| (i + 1).to_string())
                .collect();
            if self.infinite.len() > LISTED {
                xs.push(format!("… ({} in all)", self.infinite.len()));
            }
            writeln!(
                out,
                "infinite: {o} gives probability 0 to outcome {} where {w} does not, so {w}·log({w}/{o}) is infinite there",
                xs.join(", ")
            )?;
        }
        writeln!(
            out,
            "{what} = the sum of the last column, in {}:",
            q.base.unit()
        )
    }

    /// The rows as a JSON array, one row at a time.
    pub(super) fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"[")?;
        for (i, t) in self.rows.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let row = serde_json::json!({
                "outcome": i + 1,
                "p": json_number(t.p),
                "q": json_number(t.q),
                // null where P/Q overflows though Q > 0 ("log" still has it).
                "ratio": if t.ratio.is_infinite() && t.q > 0.0 { serde_json::Value::Null } else { json_number(t.ratio) },
                "log": if t.p == 0.0 { serde_json::Value::Null } else { json_number(self.base.from_nats(t.log_ratio)) },
                "term": json_number(self.base.from_nats(t.contribution)),
                "infinite": infinite(t),
            });
            serde_json::to_writer(&mut *out, &row)?;
        }
        out.write_all(b"]")
    }
}

/// Whether a row is one where the weight has mass and the other none.
fn infinite(t: &engine::Term) -> bool {
    t.p > 0.0 && t.q == 0.0
}

/// Six significant digits for table cells; the total line keeps all digits.
fn fmt6(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    if !(-4..6).contains(&mag) {
        return format!("{v:.5e}");
    }
    let decimals = (5 - mag).max(0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}
