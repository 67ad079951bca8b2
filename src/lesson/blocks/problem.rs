//! The `problem` block: a question with a computed answer, fixed or drawn
//! from a `[random]` table.

use super::generator::{RawRandom, generator};
use super::inputs::{
    NumOrVec, RawInputs, build_quantity, check_supports, check_value, family_of, take_inputs,
    with_alpha,
};
use super::{Env, block_concept, block_id, kerr, measure_and_base, report};
use crate::engine::Norm;
use crate::lesson::model::*;
use crate::lesson::parse::{Ctx, Toml, render_plain, suggest_mistake};
use crate::quantity::Quantity;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProblem {
    id: Option<String>,
    concept: Option<String>,
    prompt: String,
    compute: String,
    unit: Option<String>,
    tolerance: Option<f64>,
    #[serde(default)]
    hints: Vec<String>,
    /// Hints aimed at a diagnosed mistake, keyed by catalogue id.
    #[serde(default)]
    hints_for: BTreeMap<String, String>,
    #[serde(default)]
    allow_infinite: bool,
    #[serde(default)]
    labels: Vec<String>,
    context: Option<String>,
    quiz: Option<bool>,
    random: Option<RawRandom>,
    family: Option<String>,
    p: Option<NumOrVec>,
    q: Option<NumOrVec>,
    x: Option<Vec<f64>>,
    normalize: Option<bool>,
    mu1: Option<NumOrVec>,
    sigma1: Option<f64>,
    mu2: Option<NumOrVec>,
    sigma2: Option<f64>,
    joint: Option<Vec<Vec<f64>>>,
    cov1: Option<Vec<Vec<f64>>>,
    cov2: Option<Vec<Vec<f64>>>,
    alpha: Option<f64>,
    samples: Option<i64>,
    seed: Option<u64>,
}

/// A `problem` block.
pub(crate) fn problem(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Problem> {
    let mut r: RawProblem = t.parse(ctx, "problem")?;
    let id = block_id(ctx, t, r.id.take(), env);
    let concept = block_concept(ctx, t, r.concept.take(), env);
    let inputs = take_inputs!(r);
    let (measure, base) = measure_and_base(ctx, t, &r.compute, r.unit.as_deref())?;
    let measure = match with_alpha(measure, inputs.alpha) {
        Ok(m) => m,
        Err(e) => {
            report(ctx, t, vec![e]);
            return None;
        }
    };
    let tolerance = r.tolerance.unwrap_or(0.005);
    if !(tolerance > 0.0 && tolerance < 0.5) {
        let (l, c) = t.key("tolerance");
        ctx.error(
            l,
            c,
            format!("tolerance = {tolerance}: expected a relative tolerance between 0 and 0.5"),
        );
    }
    let hints: Vec<String> = r
        .hints
        .iter()
        .map(|h| render_plain(ctx, t, "hints", h))
        .collect();
    let hints_for = hints_for(ctx, t, &r.hints_for);
    let labels: Vec<String> = r
        .labels
        .iter()
        .map(|s| render_plain(ctx, t, "labels", s))
        .collect();
    let source = if let Some(random) = r.random.take() {
        let f = match family_of(&inputs, random.family_hint()) {
            Ok(f) => f,
            Err(e) => {
                report(ctx, t, vec![e]);
                return None;
            }
        };
        let mut errs = Vec::new();
        if let Err(e) = check_supports(f, measure) {
            errs.push(e);
        }
        for (k, there) in [
            ("p", inputs.p.is_some()),
            ("q", inputs.q.is_some()),
            ("x", inputs.x.is_some()),
            ("joint", inputs.joint.is_some()),
            ("mu1", inputs.mu1.is_some()),
            ("sigma1", inputs.sigma1.is_some()),
            ("mu2", inputs.mu2.is_some()),
            ("sigma2", inputs.sigma2.is_some()),
            ("normalize", inputs.normalize.is_some()),
            ("cov1", inputs.cov1.is_some()),
            ("cov2", inputs.cov2.is_some()),
        ] {
            if there {
                errs.push(kerr(
                    k,
                    format!("{k} is drawn by [random]; remove the fixed value"),
                ));
            }
        }
        if r.allow_infinite {
            errs.push(kerr(
                "allow_infinite",
                "allow_infinite cannot be used with [random]: drawn answers must be finite",
            ));
        }
        let generated = generator(random, f);
        let failed = !errs.is_empty() || generated.is_err();
        report(ctx, t, errs);
        match generated {
            Ok(g) if !failed => ProblemSource::Random(g),
            Ok(_) => return None,
            Err(more) => {
                // [random] keys sit under the table header: point at the key
                // inside the [random] table when it is written there.
                let rt = random_table(t);
                for e in more {
                    let (l, c) = rt
                        .and_then(|rt| rt.find_key(e.key).map(|o| rt.position(o)))
                        .unwrap_or_else(|| {
                            rt.map_or_else(|| t.key(e.key), |rt| (rt.first_line, 1))
                        });
                    ctx.error(l, c, e.message);
                }
                return None;
            }
        }
    } else {
        let q = match build_quantity(inputs, measure, base) {
            Ok(q) => q,
            Err(errs) => {
                report(ctx, t, errs);
                return None;
            }
        };
        if let Err(e) = check_value(&q, r.allow_infinite) {
            report(ctx, t, vec![e]);
            return None;
        }
        ProblemSource::Fixed(q)
    };
    let problem = Problem {
        id,
        concept,
        // TOML escapes (`\u001b`, `\e`) can smuggle in what the file-level pass removed.
        prompt: crate::lesson::sanitize::sanitize(&r.prompt),
        measure,
        base,
        tolerance,
        hints,
        source,
        allow_infinite: r.allow_infinite,
        hints_for,
        labels: labels.clone(),
        context: r
            .context
            .as_deref()
            .map(|c| crate::lesson::sanitize::sanitize(c.trim())),
        quiz: r.quiz.unwrap_or(true),
        sampling: None,
        line: env.line,
    };
    // The prompt's placeholders must fit the inputs: try it on the fixed
    // inputs, or on one unconstrained draw (the checker tries 200 seeds).
    let sample = match &problem.source {
        ProblemSource::Fixed(q) => q.clone(),
        ProblemSource::Random(g) => {
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(0);
            let inputs = match g.spec.sample(&mut rng) {
                Ok(i) => i,
                Err(why) => {
                    ctx.error(
                        env.line,
                        1,
                        format!("problem \"{}\": [random] cannot draw: {why}", problem.id),
                    );
                    return None;
                }
            };
            Quantity {
                measure,
                inputs,
                base,
                norm: Norm::Strict,
            }
        }
    };
    let mut problem = problem;
    problem.sampling = super::sampling(ctx, t, r.samples, r.seed, &sample);
    if let Err(e) = crate::lesson::random::fill_prompt(&problem.prompt, &sample) {
        let (l, c) = t.key("prompt");
        ctx.error(
            l,
            c,
            format!("prompt: {} (at character {})", e.message, e.offset + 1),
        );
        return None;
    }
    if let Some(cx) = &problem.context
        && let Err(e) = crate::lesson::random::fill_prompt(cx, &sample)
    {
        let (l, c) = t.key("context");
        ctx.error(
            l,
            c,
            format!("context: {} (at character {})", e.message, e.offset + 1),
        );
        return None;
    }
    if !labels.is_empty() {
        match &problem.source {
            ProblemSource::Fixed(q)
                if q.as_discrete()
                    .is_some_and(|(p, _)| p.len() == labels.len()) => {}
            ProblemSource::Fixed(_) => {
                let (l, c) = t.key("labels");
                ctx.error(
                    l,
                    c,
                    format!(
                        "{} labels do not match the number of outcomes",
                        labels.len()
                    ),
                );
                return None;
            }
            ProblemSource::Random(_) => {
                let (l, c) = t.key("labels");
                ctx.error(
                    l,
                    c,
                    "labels cannot be used with [random]: the number of outcomes varies",
                );
                return None;
            }
        }
    }
    Some(problem)
}

/// A problem's `[hints_for]` table: each key must be a mistake id from the
/// catalogue ([`crate::mistake_ids`], the list the tutor's catalogue is kept
/// equal to, so a hint can never be written for a diagnosis that does not
/// exist); the texts are rendered like hints.
fn hints_for(ctx: &mut Ctx, t: &Toml, raw: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let table = sub_table(t, "[hints_for]");
    let mut out = BTreeMap::new();
    for (id, text) in raw {
        if !crate::mistake_ids::is_mistake(id) {
            let (l, c) = table
                .and_then(|h| h.find_key(id).map(|o| h.position(o)))
                .unwrap_or_else(|| t.key("hints_for"));
            ctx.error(
                l,
                c,
                format!(
                    "[hints_for] names \"{id}\", which is not a mistake in the catalogue{}; the ids are listed in docs/lesson-format.md",
                    suggest_mistake(id)
                ),
            );
            continue;
        }
        if text.trim().is_empty() {
            let (l, c) = t.key("hints_for");
            ctx.error(l, c, format!("[hints_for] {id} is empty"));
            continue;
        }
        out.insert(id.clone(), render_plain(ctx, t, "hints_for", text));
    }
    out
}

/// The part of a block after its `[random]` header, for positioning keys in it.
pub(super) fn random_table<'a>(t: &Toml<'a>) -> Option<Toml<'a>> {
    sub_table(t, "[random]")
}

/// The text from a `[header]` line on, to point at keys inside that table.
fn sub_table<'a>(t: &Toml<'a>, header: &str) -> Option<Toml<'a>> {
    let mut offset = 0;
    for (i, line) in t.text.split_inclusive('\n').enumerate() {
        if line.trim() == header {
            return Some(Toml {
                text: &t.text[offset..],
                first_line: t.first_line + i,
            });
        }
        offset += line.len();
    }
    None
}
