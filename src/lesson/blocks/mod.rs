//! The four fenced block kinds (`example`, `problem`, `question`, `lab`):
//! their TOML, validated into model types. Every error names the key at fault.
//!
//! One file per block kind; `inputs` holds the input keys that examples,
//! problems and inline values share, `generator` a problem's `[random]` table.

mod example;
mod generator;
mod inline;
mod inputs;
mod lab;
mod predict;
mod problem;
mod question;

pub(crate) use example::example;
pub(crate) use inline::inline_value;
pub(crate) use lab::lab;
pub(crate) use predict::predict;
pub(crate) use problem::problem;
pub(crate) use question::question;

use super::concepts::is_concept;
use super::parse::{Ctx, Toml, is_valid_id, suggest_concept};

/// What a block inherits from where it sits in the lesson.
pub(crate) struct Env {
    pub default_id: String,
    pub default_concept: String,
    /// The fence line.
    pub line: usize,
}

/// An error about one key of a block.
struct KeyError {
    pub(super) key: &'static str,
    pub(super) message: String,
}

fn kerr(key: &'static str, message: impl Into<String>) -> KeyError {
    KeyError {
        key,
        message: message.into(),
    }
}

fn report(ctx: &mut Ctx, t: &Toml, errs: Vec<KeyError>) {
    for e in errs {
        let (l, c) = t.key(e.key);
        ctx.error(l, c, e.message);
    }
}

/// The `compute` and `unit` keys of a computing block (example or problem),
/// both checked so that an author sees every error of the block at once.
fn measure_and_base(
    ctx: &mut Ctx,
    t: &Toml,
    compute: &str,
    unit: Option<&str>,
) -> Option<(crate::quantity::Measure, crate::engine::Base)> {
    match (inputs::measure_of(compute), inputs::base_of(unit)) {
        (Ok(m), Ok(b)) => Some((m, b)),
        (m, b) => {
            report(ctx, t, [m.err(), b.err()].into_iter().flatten().collect());
            None
        }
    }
}

fn block_id(ctx: &mut Ctx, t: &Toml, id: Option<String>, env: &Env) -> String {
    match id {
        Some(id) if is_valid_id(&id) => id,
        Some(id) => {
            let (l, c) = t.key("id");
            ctx.error(
                l,
                c,
                format!("block id \"{id}\" must be lowercase letters, digits and '-'"),
            );
            env.default_id.clone()
        }
        None => env.default_id.clone(),
    }
}

fn block_concept(ctx: &mut Ctx, t: &Toml, concept: Option<String>, env: &Env) -> String {
    match concept {
        Some(c) if is_concept(&c) => c,
        Some(c) => {
            let (l, col) = t.key("concept");
            ctx.error(
                l,
                col,
                format!("unknown concept id \"{c}\"{}", suggest_concept(&c)),
            );
            env.default_concept.clone()
        }
        None => env.default_concept.clone(),
    }
}

/// `samples = N` (2 to 50) and `seed = S` (default 1): Monte Carlo draws a
/// worked example or solution lists, checked against the quantity `q`.
fn sampling(
    ctx: &mut Ctx,
    t: &Toml,
    samples: Option<i64>,
    seed: Option<u64>,
    q: &crate::quantity::Quantity,
) -> Option<super::sampling::Sampling> {
    use super::sampling::{MAX_SAMPLES, Sampling, unsupported};
    let Some(n) = samples else {
        if seed.is_some() {
            let (l, c) = t.key("seed");
            ctx.error(
                l,
                c,
                "seed: only with samples = N (it seeds the listed draws)",
            );
        }
        return None;
    };
    let (l, c) = t.key("samples");
    if !(2..=MAX_SAMPLES as i64).contains(&n) {
        ctx.error(
            l,
            c,
            format!("samples: {n} is out of range: list 2 to {MAX_SAMPLES} draws"),
        );
        return None;
    }
    if let Some(why) = unsupported(q) {
        ctx.error(l, c, format!("samples: {why}"));
        return None;
    }
    Some(Sampling {
        samples: n as usize,
        seed: seed.unwrap_or(1),
    })
}
