//! The `question` block: multiple choice with an explanation per choice.

use super::{Env, block_concept, block_id};
use crate::engine::counterexample;
use crate::lesson::model::*;
use crate::lesson::parse::{Ctx, Toml, render_plain};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    id: Option<String>,
    concept: Option<String>,
    prompt: String,
    choices: Vec<String>,
    answer: i64,
    explanations: Option<Vec<String>>,
    context: Option<String>,
    quiz: Option<bool>,
    counterexample: Option<String>,
}

/// A `question` block.
pub(crate) fn question(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Question> {
    let r: RawQuestion = t.parse(ctx, "question")?;
    let id = block_id(ctx, t, r.id, env);
    let concept = block_concept(ctx, t, r.concept, env);
    let n = r.choices.len();
    let mut ok = true;
    if n < 2 {
        let (l, c) = t.key("choices");
        ctx.error(
            l,
            c,
            format!("a question needs at least 2 choices, found {n}"),
        );
        ok = false;
    }
    if r.answer < 1 || r.answer as usize > n {
        let (l, c) = t.key("answer");
        ctx.error(l, c, format!("answer = {} is out of range: choose 1 to {n} (the 1-based number of the right choice)", r.answer));
        ok = false;
    }
    let explanations = r.explanations.unwrap_or_default();
    if explanations.len() != n {
        let (l, c) = t.key("explanations");
        let (l, c) = if explanations.is_empty() {
            (env.line, 1)
        } else {
            (l, c)
        };
        ctx.error(
            l,
            c,
            format!(
                "missing explanation: {} explanations for {n} choices (every choice needs one)",
                explanations.len()
            ),
        );
        ok = false;
    }
    if let Some(i) = explanations.iter().position(|e| e.trim().is_empty()) {
        let (l, c) = t.key("explanations");
        ctx.error(
            l,
            c,
            format!("missing explanation: explanation {} is empty", i + 1),
        );
        ok = false;
    }
    if let Some(claim) = &r.counterexample
        && let Err(message) = check_claim(claim)
    {
        let (l, c) = t.key("counterexample");
        ctx.error(l, c, message);
        ok = false;
    }
    let prompt = render_plain(ctx, t, "prompt", &r.prompt);
    let choices = r
        .choices
        .iter()
        .map(|s| render_plain(ctx, t, "choices", s))
        .collect();
    let explanations = explanations
        .iter()
        .map(|s| render_plain(ctx, t, "explanations", s))
        .collect();
    let context = r
        .context
        .as_deref()
        .map(|c| render_plain(ctx, t, "context", c.trim()));
    ok.then(|| Question {
        id,
        concept,
        prompt,
        choices,
        answer: (r.answer - 1) as usize,
        explanations,
        context,
        quiz: r.quiz.unwrap_or(true),
        counterexample: r.counterexample,
        line: env.line,
    })
}

/// A question's `counterexample` must name a claim the engine can refute:
/// a known claim that is false.
fn check_claim(claim: &str) -> Result<(), String> {
    let false_claims = || {
        counterexample::CLAIMS
            .iter()
            .filter(|(_, holds)| !holds)
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if counterexample::is_false_claim(claim) {
        Ok(())
    } else if counterexample::is_claim(claim) {
        Err(format!(
            "counterexample = \"{claim}\" names a claim that is true, so it has no counterexample; name the false claim the wrong choices assert: {}",
            false_claims()
        ))
    } else {
        Err(format!(
            "unknown claim \"{claim}\" in counterexample{}; known false claims: {}",
            crate::lesson::parse::suggest_claim(claim),
            false_claims()
        ))
    }
}
