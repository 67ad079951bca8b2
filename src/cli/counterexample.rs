//! `kltutor calc counterexample CLAIM`: the engine's search for a concrete
//! refutation of a general claim, worded by [`crate::tutor::refute`].
//!
//! Exit codes: 0 with a counterexample; 2 when the claim holds (with the
//! reason on stderr, and with `--json` an object saying so on stdout), when
//! the claim is unknown (listing the known ones) or when a flag is bad.

use crate::cli::calc::Outcome;
use crate::engine::Base;
use crate::engine::counterexample::{self, Claim, Finding};
use crate::tutor::{self, refute};
use clap::Args;
use std::fmt::Write as _;

#[derive(Debug, Args)]
pub struct CounterexampleArgs {
    /// The claim to refute: symmetry, triangle, bounded, term-sign,
    /// mixture-forward (false); non-negativity, zero-iff-equal, convexity,
    /// js-bounded (true, exit 2).
    pub claim: String,
    /// For `bounded`: the bound to beat, a number or expression ("ln(2)",
    /// "3", "1 bit"); default ln 2 nats.
    #[arg(long, allow_hyphen_values = true, value_name = "B")]
    pub bound: Option<String>,
    /// Unit of the values: e (nats), 2 (bits) or 10 (hartleys).
    #[arg(long, default_value = "e", value_name = "BASE")]
    pub base: String,
    /// Print one JSON object: {"claim", "p", "q", "r" (when used), "values", "explanation"}.
    #[arg(long)]
    pub json: bool,
}

/// Runs the search. `Err` is a one-line message for stderr with exit 2.
pub fn run(a: &CounterexampleArgs) -> Result<Outcome, String> {
    let base: Base = a.base.parse().map_err(|m| format!("--base: {m}"))?;
    let id = a.claim.trim();
    if !counterexample::is_claim(id) {
        return Err(format!(
            "unknown claim \"{}\"{}; known claims: {}",
            a.claim,
            crate::lesson::parse::suggest_claim(id),
            refute::known_claims()
        ));
    }
    let bound = match &a.bound {
        None => None,
        Some(_) if id != "bounded" => {
            return Err(format!(
                "--bound applies only to the claim bounded, not to {id}"
            ));
        }
        Some(text) => Some(parse_bound(text, base)?),
    };
    let claim = Claim::from_id(id, bound, base).ok_or_else(|| format!("unknown claim \"{id}\""))?;
    let mut out = String::new();
    match counterexample::search(claim, base) {
        Finding::Refuted(cx) => {
            if a.json {
                let _ = writeln!(out, "{}", refute::to_json(&cx));
            } else {
                let _ = writeln!(
                    out,
                    "False: {}. A counterexample ({} candidates searched):",
                    refute::statement(claim, base),
                    cx.searched
                );
                for l in refute::lines(&cx, None) {
                    let _ = writeln!(out, "{l}");
                }
            }
            Ok(Outcome {
                stdout: out,
                stderr: String::new(),
                code: 0,
            })
        }
        Finding::Holds { claim, searched } => {
            if a.json {
                let _ = writeln!(out, "{}", refute::holds_json(claim, base, searched));
            }
            let checked = if searched > 0 {
                format!(" The search tried {searched} candidates and found no violation.")
            } else {
                String::new()
            };
            Ok(Outcome {
                stdout: out,
                stderr: format!(
                    "{} holds: {}. No counterexample exists. Why: {}{checked}\n",
                    claim.id(),
                    refute::statement(claim, base),
                    refute::reason(claim)
                ),
                code: 2,
            })
        }
    }
}

/// `--bound` as a number or expression, in the unit of `--base` unless it
/// carries its own (`1 bit`).
fn parse_bound(text: &str, base: Base) -> Result<f64, String> {
    let ans = tutor::parse_answer(text).map_err(|e| {
        format!(
            "--bound: {} (at character {} of \"{text}\")",
            e.message,
            e.position + 1
        )
    })?;
    if ans.value.is_nan() {
        return Err(format!("--bound: \"{text}\" is not a number"));
    }
    Ok(match ans.unit {
        Some(u) if u != base => base.from_nats(u.to_nats(ans.value)),
        _ => ans.value,
    })
}
