//! The `example` block: a worked computation with the engine's steps.

use super::inputs::{NumOrVec, RawInputs, build_quantity, check_value, take_inputs};
use super::{Env, block_concept, block_id, measure_and_base, report};
use crate::lesson::model::*;
use crate::lesson::parse::{Ctx, Toml, render_plain};
use crate::lesson::steps::example_placeholder;
use crate::lesson::text::{self, Placeholder};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExample {
    id: Option<String>,
    concept: Option<String>,
    title: Option<String>,
    compute: String,
    unit: Option<String>,
    labels: Option<Vec<String>>,
    intro: Option<String>,
    conclusion: Option<String>,
    notes: Option<BTreeMap<String, String>>,
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

/// An `example` block.
pub(crate) fn example(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Example> {
    let mut r: RawExample = t.parse(ctx, "example")?;
    let id = block_id(ctx, t, r.id.take(), env);
    let concept = block_concept(ctx, t, r.concept.take(), env);
    let inputs = take_inputs!(r);
    let (measure, base) = measure_and_base(ctx, t, &r.compute, r.unit.as_deref())?;
    let quantity = match build_quantity(inputs, measure, base) {
        Ok(q) => q,
        Err(errs) => {
            report(ctx, t, errs);
            return None;
        }
    };
    if let Err(e) = check_value(&quantity, true) {
        report(ctx, t, vec![e]);
        return None;
    }
    let sampling = super::sampling(ctx, t, r.samples, r.seed, &quantity);
    let n = quantity.as_discrete().map_or(0, |(p, _)| p.len());
    let labels = r.labels.unwrap_or_default();
    if !labels.is_empty() && labels.len() != n {
        let (l, c) = t.key("labels");
        ctx.error(l, c, format!("{} labels for {n} outcomes", labels.len()));
    }
    let labels: Vec<String> = labels
        .iter()
        .map(|s| render_plain(ctx, t, "labels", s))
        .collect();
    let fill = |ph: &Placeholder| example_placeholder(&quantity, ph);
    let field = |ctx: &mut Ctx, key: &str, s: &str| -> String {
        if let Some(at) = text::typed_digits(s) {
            let (l, c) = t.key(key);
            ctx.warn(l, c, format!("{key}: a digit typed by hand (character {}); let the engine fill numbers with placeholders such as {{value}}", at + 1));
        }
        match text::render(s, Some(&fill)) {
            Ok(s) => s,
            Err(e) => {
                let (l, c) = t.key(key);
                ctx.error(
                    l,
                    c,
                    format!("{key}: {} (at character {})", e.message, e.offset + 1),
                );
                s.to_string()
            }
        }
    };
    let intro = r.intro.as_deref().map(|s| field(ctx, "intro", s));
    let conclusion = r.conclusion.as_deref().map(|s| field(ctx, "conclusion", s));
    let mut notes = BTreeMap::new();
    let mut sum_note = None;
    for (key, note) in r.notes.unwrap_or_default() {
        let rendered = field(ctx, &key, &note);
        if key == "sum" {
            sum_note = Some(rendered);
            continue;
        }
        let index = labels.iter().position(|l| *l == key).or_else(|| {
            key.parse::<usize>()
                .ok()
                .filter(|i| (1..=n).contains(i))
                .map(|i| i - 1)
        });
        match index {
            Some(i) => {
                notes.insert(i, rendered);
            }
            None => {
                let (l, c) = t.key(&key);
                ctx.error(
                    l,
                    c,
                    format!(
                        "note \"{key}\" names no outcome: use a label, a number 1 to {n}, or sum"
                    ),
                );
            }
        }
    }
    let title = r.title.as_deref().map(|s| render_plain(ctx, t, "title", s));
    Some(Example {
        id,
        concept,
        title,
        quantity,
        labels,
        intro,
        conclusion,
        notes,
        sum_note,
        sampling,
        line: env.line,
    })
}
