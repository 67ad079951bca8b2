//! The `predict` block: before a computation the learner predicts something
//! about it (which direction is larger, roughly how large, whether it is
//! finite) and says how sure they are; then the engine's values are shown.
//! The right choice is computed here by the engine, never typed by an author.

use super::{Env, block_concept, block_id};
use crate::engine::{self, Norm};
use crate::lesson::model::*;
use crate::lesson::parse::{Ctx, Toml, render_plain};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPredict {
    id: Option<String>,
    concept: Option<String>,
    ask: String,
    p: Vec<f64>,
    q: Vec<f64>,
    prompt: Option<String>,
    labels: Option<Vec<String>>,
    ranges: Option<Vec<f64>>,
}

/// A `predict` block.
pub(crate) fn predict(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Predict> {
    let r: RawPredict = t.parse(ctx, "predict")?;
    let id = block_id(ctx, t, r.id, env);
    let concept = block_concept(ctx, t, r.concept, env);
    let err = |ctx: &mut Ctx, key: &str, m: String| {
        let (l, c) = t.key(key);
        ctx.error(l, c, m);
    };
    let forward = match engine::kl(&r.p, &r.q, Norm::Strict) {
        Ok(v) => v,
        Err(e) => {
            err(ctx, "p", format!("the engine cannot compute D(P‖Q): {e}"));
            return None;
        }
    };
    let reverse = engine::kl(&r.q, &r.p, Norm::Strict).unwrap_or(f64::NAN);
    if let Some(labels) = &r.labels
        && labels.len() != r.p.len()
    {
        err(
            ctx,
            "labels",
            format!("{} labels for {} outcomes", labels.len(), r.p.len()),
        );
        return None;
    }
    let (ask, choices, answer) = match r.ask.as_str() {
        "larger" => {
            if forward == reverse {
                err(ctx, "ask", "D(P‖Q) and D(Q‖P) are equal for these inputs, so neither is larger: choose P and Q that differ in the two directions".into());
                return None;
            }
            (
                PredictAsk::Larger,
                vec![
                    "D(P‖Q) is the larger".to_string(),
                    "D(Q‖P) is the larger".to_string(),
                ],
                usize::from(reverse > forward),
            )
        }
        "finite" => (
            PredictAsk::Finite,
            vec![
                "D(P‖Q) is finite".to_string(),
                "D(P‖Q) is infinite".to_string(),
            ],
            usize::from(forward.is_infinite()),
        ),
        "range" => {
            let Some(bounds) = r.ranges.clone().filter(|b| !b.is_empty()) else {
                err(ctx, "ask", "ask = \"range\" needs ranges = [..], the increasing boundaries (in nats) between the choices, e.g. [0.1, 0.5]".into());
                return None;
            };
            if bounds.windows(2).any(|w| w[0] >= w[1])
                || bounds.iter().any(|b| !b.is_finite() || *b <= 0.0)
            {
                err(
                    ctx,
                    "ranges",
                    "ranges must be positive, finite and strictly increasing".into(),
                );
                return None;
            }
            let choices = range_choices(&bounds);
            let answer = bounds.iter().filter(|b| forward >= **b).count();
            (PredictAsk::Range(bounds), choices, answer)
        }
        other => {
            err(
                ctx,
                "ask",
                format!("unknown ask = \"{other}\": use \"larger\", \"range\" or \"finite\""),
            );
            return None;
        }
    };
    if r.ranges.is_some() && !matches!(ask, PredictAsk::Range(_)) {
        err(ctx, "ranges", "ranges is only for ask = \"range\"".into());
        return None;
    }
    let prompt = r
        .prompt
        .as_deref()
        .map(|s| render_plain(ctx, t, "prompt", s));
    let labels = r
        .labels
        .unwrap_or_else(|| (1..=r.p.len()).map(|i| i.to_string()).collect());
    Some(Predict {
        id,
        concept,
        ask,
        p: r.p,
        q: r.q,
        labels,
        prompt,
        choices,
        answer,
        line: env.line,
    })
}

/// The choices of a range prediction, from its increasing boundaries (in
/// nats): "below 0.1 nats", "between 0.1 and 1 nat", "above 1 nat".
fn range_choices(bounds: &[f64]) -> Vec<String> {
    let nats = |b: f64| crate::engine::Base::amount(&b.to_string(), "nats");
    let mut choices = Vec::with_capacity(bounds.len() + 1);
    if let Some(first) = bounds.first() {
        choices.push(format!("below {}", nats(*first)));
    }
    for w in bounds.windows(2) {
        choices.push(format!("between {} and {}", w[0], nats(w[1])));
    }
    if let Some(last) = bounds.last() {
        choices.push(format!("above {}", nats(*last)));
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::range_choices;

    #[test]
    fn range_choices_say_one_nat_in_the_singular() {
        assert_eq!(
            range_choices(&[0.1, 1.0]),
            ["below 0.1 nats", "between 0.1 and 1 nat", "above 1 nat"]
        );
        assert_eq!(range_choices(&[1.0]), ["below 1 nat", "above 1 nat"]);
        assert_eq!(range_choices(&[0.5, 2.0])[2], "above 2 nats");
    }
}
