//! `kltutor calc`: one engine measure on numbers from the command line.

mod args;
mod build;
mod explain;

use crate::tutor;
/// The verdict wording lives in the tutor layer so `calc --answer` and the
/// lesson sessions word a verdict the same way.
pub use crate::tutor::feedback::{verdict_message, with_unit};
pub use args::*;
pub use build::build;
pub use explain::{Explain, explain_rows, worked_steps};
use explain::{steps_json, steps_terms_json};
use std::fmt::Write as _;

/// What `calc` prints and the exit code it ends with.
pub struct Outcome {
    pub stdout: String,
    /// Printed to stderr (a claim that holds says so there, with exit 2).
    pub stderr: String,
    pub code: i32,
}

/// Runs a calc command into a string. `Err` is bad input (exit 2, one line
/// on stderr).
pub fn run(args: &CalcArgs) -> Result<Outcome, String> {
    let mut buf = Vec::new();
    let (code, stderr) = run_to(args, &mut buf)?.map_err(|e| e.to_string())?;
    Ok(Outcome {
        stdout: String::from_utf8_lossy(&buf).into_owned(),
        stderr,
        code,
    })
}

/// Runs a calc command, writing its output to `w` as it is produced: the
/// rows of `--explain` (text or JSON) are streamed, so memory stays
/// proportional to one row, not to the output (1e7 values explain in the
/// memory of their inputs and per-outcome terms). The outer `Err` is bad
/// input (exit 2, nothing written); the inner one a failed write. `Ok` holds
/// the exit code and any text for stderr.
pub fn run_to(
    args: &CalcArgs,
    w: &mut dyn std::io::Write,
) -> Result<std::io::Result<(i32, String)>, String> {
    if let CalcCommand::Counterexample(a) = &args.command {
        let o = crate::cli::counterexample::run(a)?;
        return Ok(w
            .write_all(o.stdout.as_bytes())
            .map(|()| (o.code, o.stderr)));
    }
    let (quantity, common) = build(&args.command).map_err(|e| e.to_string())?;
    let value = quantity.value().map_err(|e| e.to_string())?;
    let mut out = String::new();
    let explain = common
        .explain
        .then(|| explain_rows(&quantity))
        .transpose()
        .map_err(|e| e.to_string())?
        .flatten();
    // Every other measure: its worked steps (entropy and cross-entropy per
    // outcome; JS, TV, Hellinger, W1, MI, χ², Rényi and the Gaussians line by line).
    let worked = if common.explain && explain.is_none() {
        let w = worked_steps(&quantity).map_err(|e| e.to_string())?;
        if w.is_empty() {
            return Err(format!(
                "--explain: {} has no worked steps",
                command_name(&args.command)
            ));
        }
        Some(w)
    } else {
        None
    };
    let verdict = match &common.answer {
        None => None,
        Some(text) => {
            let answer = tutor::parse_answer(text).map_err(|e| {
                format!(
                    "--answer: {} (at character {} of \"{}\")",
                    e.message,
                    e.position + 1,
                    crate::lesson::sanitize::echo(text)
                )
            })?;
            let tol = common.tolerance.unwrap_or(tutor::DEFAULT_TOLERANCE);
            Some(tutor::grade(&quantity, &answer, tol).map_err(|e| format!("--tolerance: {e}"))?)
        }
    };
    let code = match &verdict {
        Some(v) if !v.correct => 1,
        _ => 0,
    };
    if common.json {
        let mut obj = serde_json::Map::new();
        obj.insert("measure".into(), command_name(&args.command).into());
        obj.insert("value".into(), json_number(value));
        obj.insert(
            "unit".into(),
            match quantity.unit() {
                "" => serde_json::Value::Null,
                u => u.into(),
            },
        );
        if let Some(steps) = &worked {
            let terms = steps_terms_json(steps, &quantity);
            if !terms.is_empty() {
                obj.insert("terms".into(), terms.into());
            }
            obj.insert("steps".into(), steps_json(steps));
        }
        if let Some(v) = &verdict {
            obj.insert("answer".into(), json_number(v.given));
            obj.insert("correct".into(), v.correct.into());
            obj.insert(
                "diagnosis".into(),
                v.diagnosis
                    .as_ref()
                    .map_or(serde_json::Value::Null, |d| d.id.into()),
            );
            obj.insert("message".into(), verdict_message(v, &quantity).into());
        }
        let head = serde_json::Value::Object(obj).to_string();
        let Some(ex) = &explain else {
            return Ok(writeln!(w, "{head}").map(|()| (code, String::new())));
        };
        // The object without its closing brace, then the streamed terms.
        let head = head.strip_suffix('}').unwrap_or(&head);
        // The total as the one step, so every measure's `steps` ends in its value.
        let total = steps_json(&[crate::lesson::steps::Step::Sum {
            terms: Vec::new(),
            total: value,
            unit: quantity.unit(),
            note: None,
        }]);
        let written = (|| {
            write!(w, "{head},\"terms\":")?;
            ex.write_json(w)?;
            writeln!(w, ",\"steps\":{total}}}")
        })();
        return Ok(written.map(|()| (code, String::new())));
    } else {
        if let Some(ex) = &explain
            && let Err(e) = ex.write_text(w, &quantity)
        {
            return Ok(Err(e));
        }
        if let Some(steps) = &worked {
            for st in steps {
                for l in crate::tutor::feedback::step_lines(st, &quantity) {
                    let _ = writeln!(out, "{l}");
                }
            }
        }
        if let Some(v) = &verdict {
            let _ = writeln!(out, "{}", verdict_message(v, &quantity));
        }
        let _ = writeln!(out, "{}", with_unit(value, quantity.unit()));
    }
    Ok(w.write_all(out.as_bytes()).map(|()| (code, String::new())))
}

/// The subcommand's name, used as `measure` in JSON output.
pub fn command_name(c: &CalcCommand) -> &'static str {
    match c {
        CalcCommand::Kl(_) => "kl",
        CalcCommand::ReverseKl(_) => "reverse-kl",
        CalcCommand::Entropy(_) => "entropy",
        CalcCommand::CrossEntropy(_) => "cross-entropy",
        CalcCommand::Js(_) => "js",
        CalcCommand::Tv(_) => "tv",
        CalcCommand::Hellinger(_) => "hellinger",
        CalcCommand::W1(_) => "w1",
        CalcCommand::Mi(_) => "mi",
        CalcCommand::Bernoulli(_) => "bernoulli",
        CalcCommand::Gaussian(_) => "gaussian",
        CalcCommand::Chi2(_) => "chi2",
        CalcCommand::Renyi(_) => "renyi",
        CalcCommand::Mvn(_) => "mvn",
        CalcCommand::Counterexample(_) => "counterexample",
    }
}

fn json_number(v: f64) -> serde_json::Value {
    if v.is_infinite() {
        if v < 0.0 { "-inf" } else { "inf" }.into()
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into)
    }
}
