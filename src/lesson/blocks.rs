//! The four fenced block kinds (`example`, `problem`, `question`, `lab`):
//! their TOML, validated into model types. Every error names the key at fault.

use super::concepts::is_concept;
use super::model::*;
use super::parse::{Ctx, Toml, is_valid_id, render_plain, suggest_concept, suggest_mistake};
use super::steps::example_placeholder;
use super::text::{self, Placeholder};
use crate::engine::{Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a block inherits from where it sits in the lesson.
pub(crate) struct Env {
    pub default_id: String,
    pub default_concept: String,
    /// The fence line.
    pub line: usize,
}

/// A number or a list of numbers: `p = 0.3` (Bernoulli) or `p = [0.7, 0.3]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum NumOrVec {
    Num(f64),
    Vec(Vec<f64>),
}

/// The input keys shared by examples, problems and inline values.
#[derive(Default, Debug)]
struct RawInputs {
    family: Option<String>,
    p: Option<NumOrVec>,
    q: Option<NumOrVec>,
    x: Option<Vec<f64>>,
    normalize: Option<bool>,
    mu1: Option<f64>,
    sigma1: Option<f64>,
    mu2: Option<f64>,
    sigma2: Option<f64>,
    joint: Option<Vec<Vec<f64>>>,
}

// `#[serde(flatten)]` cannot be combined with `deny_unknown_fields`, so the
// input keys are repeated in each block struct and moved out with this macro.
macro_rules! take_inputs {
    ($r:expr) => {
        RawInputs {
            family: $r.family.take(),
            p: $r.p.take(),
            q: $r.q.take(),
            x: $r.x.take(),
            normalize: $r.normalize.take(),
            mu1: $r.mu1.take(),
            sigma1: $r.sigma1.take(),
            mu2: $r.mu2.take(),
            sigma2: $r.sigma2.take(),
            joint: $r.joint.take(),
        }
    };
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
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
    mu1: Option<f64>,
    sigma1: Option<f64>,
    mu2: Option<f64>,
    sigma2: Option<f64>,
    joint: Option<Vec<Vec<f64>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProblem {
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
    random: Option<RawRandom>,
    family: Option<String>,
    p: Option<NumOrVec>,
    q: Option<NumOrVec>,
    x: Option<Vec<f64>>,
    normalize: Option<bool>,
    mu1: Option<f64>,
    sigma1: Option<f64>,
    mu2: Option<f64>,
    sigma2: Option<f64>,
    joint: Option<Vec<Vec<f64>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRandom {
    outcomes: Option<Vec<i64>>,
    concentration: Option<f64>,
    decimals: Option<i64>,
    no_zeros: Option<bool>,
    answer: Option<Vec<f64>>,
    p: Option<Vec<f64>>,
    q: Option<Vec<f64>>,
    mu1: Option<Vec<f64>>,
    sigma1: Option<Vec<f64>>,
    mu2: Option<Vec<f64>>,
    sigma2: Option<Vec<f64>>,
    rows: Option<Vec<i64>>,
    cols: Option<Vec<i64>>,
}

impl RawRandom {
    /// The family a `[random]` table's keys imply, when `family` is omitted.
    fn family_hint(&self) -> Option<Family> {
        if self.p.is_some() || self.q.is_some() {
            Some(Family::Bernoulli)
        } else if self.mu1.is_some()
            || self.sigma1.is_some()
            || self.mu2.is_some()
            || self.sigma2.is_some()
        {
            Some(Family::Gaussian)
        } else if self.rows.is_some() || self.cols.is_some() {
            Some(Family::Joint)
        } else {
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<String>,
    concept: Option<String>,
    prompt: String,
    choices: Vec<String>,
    answer: i64,
    explanations: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInline {
    family: Option<String>,
    p: Option<NumOrVec>,
    q: Option<NumOrVec>,
    x: Option<Vec<f64>>,
    normalize: Option<bool>,
    mu1: Option<f64>,
    sigma1: Option<f64>,
    mu2: Option<f64>,
    sigma2: Option<f64>,
    joint: Option<Vec<Vec<f64>>>,
    unit: Option<String>,
    digits: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Discrete,
    Bernoulli,
    Gaussian,
    Joint,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Discrete => "discrete",
            Family::Bernoulli => "bernoulli",
            Family::Gaussian => "gaussian",
            Family::Joint => "joint",
        }
    }
}

/// An error about one key of a block.
struct KeyError {
    key: &'static str,
    message: String,
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

/// The family the keys name: `family = ...`, or inferred when omitted
/// (`joint` → joint, `mu1`… → gaussian, scalar `p` → bernoulli; for a
/// randomized problem, the keys of its `[random]` table).
fn family_of(inp: &RawInputs, random_hint: Option<Family>) -> Result<Family, KeyError> {
    match inp.family.as_deref() {
        Some("discrete") => Ok(Family::Discrete),
        Some("bernoulli") => Ok(Family::Bernoulli),
        Some("gaussian") => Ok(Family::Gaussian),
        Some("joint") => Ok(Family::Joint),
        Some(other) => Err(kerr(
            "family",
            format!("unknown family \"{other}\": use discrete, bernoulli, gaussian or joint"),
        )),
        None => Ok(if let Some(f) = random_hint {
            f
        } else if inp.joint.is_some() {
            Family::Joint
        } else if inp.mu1.is_some()
            || inp.sigma1.is_some()
            || inp.mu2.is_some()
            || inp.sigma2.is_some()
        {
            Family::Gaussian
        } else if matches!(inp.p, Some(NumOrVec::Num(_))) {
            Family::Bernoulli
        } else {
            Family::Discrete
        }),
    }
}

fn measure_of(compute: &str) -> Result<Measure, KeyError> {
    Measure::parse(compute).ok_or_else(|| {
        kerr(
            "compute",
            format!("unknown measure \"{compute}\": use kl, reverse-kl, cross-entropy, entropy, js, tv, hellinger, w1 or mi"),
        )
    })
}

fn base_of(unit: Option<&str>) -> Result<Base, KeyError> {
    match unit {
        None => Ok(Base::E),
        Some(u) => match u {
            "bits" | "nats" | "hartleys" => Ok(u.parse().unwrap_or(Base::E)),
            other => Err(kerr(
                "unit",
                format!("unknown unit \"{other}\": use bits, nats or hartleys"),
            )),
        },
    }
}

/// Which measures each family supports (mirrors [`Quantity`]'s rules, so the
/// error names the key rather than surfacing as an engine error).
fn supports(f: Family, m: Measure) -> bool {
    match f {
        Family::Discrete | Family::Bernoulli => m != Measure::MutualInformation,
        Family::Gaussian => matches!(m, Measure::Kl | Measure::ReverseKl),
        Family::Joint => m == Measure::MutualInformation,
    }
}

fn check_supports(f: Family, m: Measure) -> Result<(), KeyError> {
    if supports(f, m) {
        Ok(())
    } else {
        Err(kerr(
            "compute",
            format!("family {} does not support compute = \"{m}\"", f.name()),
        ))
    }
}

/// Keys present that the family does not use.
fn stray_keys(inp: &RawInputs, f: Family, m: Measure) -> Vec<KeyError> {
    let present: [(&'static str, bool); 9] = [
        ("p", inp.p.is_some()),
        ("q", inp.q.is_some()),
        ("x", inp.x.is_some()),
        ("normalize", inp.normalize.is_some()),
        ("mu1", inp.mu1.is_some()),
        ("sigma1", inp.sigma1.is_some()),
        ("mu2", inp.mu2.is_some()),
        ("sigma2", inp.sigma2.is_some()),
        ("joint", inp.joint.is_some()),
    ];
    let allowed: &[&str] = match f {
        Family::Discrete if m == Measure::W1 => &["p", "q", "x", "normalize"],
        Family::Discrete => &["p", "q", "normalize"],
        Family::Bernoulli => &["p", "q"],
        Family::Gaussian => &["mu1", "sigma1", "mu2", "sigma2"],
        Family::Joint => &["joint", "normalize"],
    };
    present
        .iter()
        .filter(|(k, there)| *there && !allowed.contains(k))
        .map(|(k, _)| {
            let why = if *k == "x" {
                " (x is only used by w1)".to_string()
            } else {
                String::new()
            };
            kerr(
                k,
                format!("{k} is not an input of family {}{why}", f.name()),
            )
        })
        .collect()
}

/// Fixed inputs to a quantity, with errors naming keys.
fn build_quantity(inp: RawInputs, measure: Measure, base: Base) -> Result<Quantity, Vec<KeyError>> {
    let f = family_of(&inp, None).map_err(|e| vec![e])?;
    check_supports(f, measure).map_err(|e| vec![e])?;
    let stray = stray_keys(&inp, f, measure);
    if !stray.is_empty() {
        return Err(stray);
    }
    let norm = if inp.normalize == Some(true) {
        Norm::Normalize
    } else {
        Norm::Strict
    };
    let needs_q = measure != Measure::Entropy;
    let inputs = match f {
        Family::Discrete => {
            let vec = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Vec(v)) => Ok(Some(v)),
                Some(NumOrVec::Num(_)) => Err(kerr(
                    key,
                    format!("{key} must be a list of probabilities for family discrete"),
                )),
                None => Ok(None),
            };
            let p = vec("p", inp.p)
                .map_err(|e| vec![e])?
                .ok_or_else(|| vec![kerr("p", "missing p")])?;
            let q = match vec("q", inp.q).map_err(|e| vec![e])? {
                Some(q) => q,
                None if !needs_q => p.clone(),
                None => return Err(vec![kerr("q", "missing q")]),
            };
            Inputs::Discrete { p, q, x: inp.x }
        }
        Family::Bernoulli => {
            let num = |key: &'static str, v: Option<NumOrVec>| match v {
                Some(NumOrVec::Num(x)) => Ok(x),
                Some(NumOrVec::Vec(_)) => Err(kerr(
                    key,
                    format!("{key} must be one probability for family bernoulli"),
                )),
                None => Err(kerr(key, format!("missing {key}"))),
            };
            let p = num("p", inp.p).map_err(|e| vec![e])?;
            let q = if needs_q || inp.q.is_some() {
                num("q", inp.q).map_err(|e| vec![e])?
            } else {
                p
            };
            Inputs::Bernoulli { p, q }
        }
        Family::Gaussian => {
            let mut errs = Vec::new();
            let mut get = |key: &'static str, v: Option<f64>| {
                v.unwrap_or_else(|| {
                    errs.push(kerr(key, format!("missing {key}")));
                    f64::NAN
                })
            };
            let g = Inputs::Gaussian {
                mu1: get("mu1", inp.mu1),
                sigma1: get("sigma1", inp.sigma1),
                mu2: get("mu2", inp.mu2),
                sigma2: get("sigma2", inp.sigma2),
            };
            if !errs.is_empty() {
                return Err(errs);
            }
            g
        }
        Family::Joint => Inputs::Joint(
            inp.joint
                .ok_or_else(|| vec![kerr("joint", "missing joint")])?,
        ),
    };
    Ok(Quantity {
        measure,
        inputs,
        base,
        norm,
    })
}

/// The key an engine error is about, for positioning it.
fn error_key(e: &crate::engine::DistError, q: &Quantity) -> &'static str {
    use crate::engine::DistError::*;
    let name = match e {
        Empty { name }
        | Negative { name, .. }
        | NotFinite { name, .. }
        | ZeroTotal { name }
        | NotNormalized { name, .. } => *name,
        Parameter { name, .. } => *name,
        LengthMismatch { .. } => "q",
        Unordered { .. } => "x",
        Ragged { name, .. } | Cell { name, .. } => *name,
        ShapeMismatch { .. } => "joint",
    };
    match (name, &q.inputs) {
        ("measure", _) => "compute",
        ("p" | "q" | "x" | "joint" | "mu1" | "mu2" | "sigma1" | "sigma2", _) => {
            // Reverse KL swaps P and Q before the engine sees them.
            if q.measure == Measure::ReverseKl
                && matches!(q.inputs, Inputs::Discrete { .. } | Inputs::Bernoulli { .. })
            {
                match name {
                    "p" => "q",
                    "q" => "p",
                    n => static_key(n),
                }
            } else {
                static_key(name)
            }
        }
        _ => "compute",
    }
}

fn static_key(n: &str) -> &'static str {
    ["p", "q", "x", "joint", "mu1", "mu2", "sigma1", "sigma2"]
        .into_iter()
        .find(|k| *k == n)
        .unwrap_or("compute")
}

/// Checks a fixed quantity's value: an engine error, NaN, or an infinity the
/// author did not ask for.
fn check_value(q: &Quantity, allow_infinite: bool) -> Result<f64, KeyError> {
    match q.value() {
        Err(e) => Err(kerr(error_key(&e, q), e.to_string())),
        Ok(v) if v.is_nan() => Err(kerr("compute", "the answer is NaN")),
        Ok(v) if v.is_infinite() && !allow_infinite => Err(kerr(
            "q",
            "the answer is infinite (P puts mass where Q has none); set allow_infinite = true if that is the point",
        )),
        Ok(v) => Ok(v),
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

/// An `example` block.
pub(crate) fn example(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Example> {
    let mut r: RawExample = t.parse(ctx, "example")?;
    let id = block_id(ctx, t, r.id.take(), env);
    let concept = block_concept(ctx, t, r.concept.take(), env);
    let inputs = take_inputs!(r);
    let (measure, base) = match (measure_of(&r.compute), base_of(r.unit.as_deref())) {
        (Ok(m), Ok(b)) => (m, b),
        (m, b) => {
            report(ctx, t, [m.err(), b.err()].into_iter().flatten().collect());
            return None;
        }
    };
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
        line: env.line,
    })
}

fn range_f(key: &'static str, v: &[f64]) -> Result<(f64, f64), KeyError> {
    match v {
        [lo, hi] if lo.is_finite() && hi.is_finite() && lo <= hi => Ok((*lo, *hi)),
        _ => Err(kerr(
            key,
            format!("random.{key} must be [low, high] with low <= high"),
        )),
    }
}

fn range_u(key: &'static str, v: &[i64], min: i64, max: i64) -> Result<(usize, usize), KeyError> {
    match v {
        [lo, hi] if min <= *lo && lo <= hi && *hi <= max => Ok((*lo as usize, *hi as usize)),
        _ => Err(kerr(
            key,
            format!("random.{key} must be [low, high] with {min} <= low <= high <= {max}"),
        )),
    }
}

/// A `[random]` table, validated for its family.
fn generator(r: RawRandom, f: Family) -> Result<Generator, Vec<KeyError>> {
    let mut errs = Vec::new();
    let used: [(&'static str, bool); 12] = [
        ("outcomes", r.outcomes.is_some()),
        ("concentration", r.concentration.is_some()),
        ("decimals", r.decimals.is_some()),
        ("no_zeros", r.no_zeros.is_some()),
        ("p", r.p.is_some()),
        ("q", r.q.is_some()),
        ("mu1", r.mu1.is_some()),
        ("sigma1", r.sigma1.is_some()),
        ("mu2", r.mu2.is_some()),
        ("sigma2", r.sigma2.is_some()),
        ("rows", r.rows.is_some()),
        ("cols", r.cols.is_some()),
    ];
    let allowed: &[&str] = match f {
        Family::Discrete => &["outcomes", "concentration", "decimals", "no_zeros"],
        Family::Bernoulli => &["p", "q", "decimals"],
        Family::Gaussian => &["mu1", "sigma1", "mu2", "sigma2", "decimals"],
        Family::Joint => &["rows", "cols", "concentration", "decimals", "no_zeros"],
    };
    for (k, there) in used {
        if there && !allowed.contains(&k) {
            errs.push(kerr(
                k,
                format!(
                    "random.{k} is not used by family {} (it takes {})",
                    f.name(),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let decimals = r
        .decimals
        .unwrap_or(if f == Family::Gaussian { 1 } else { 2 });
    if !(0..=6).contains(&decimals)
        || (decimals == 0 && matches!(f, Family::Discrete | Family::Joint | Family::Bernoulli))
    {
        errs.push(kerr(
            "decimals",
            format!("random.decimals = {decimals}: expected 1 to 6"),
        ));
    }
    let decimals = decimals.clamp(1, 6) as u32;
    let concentration = r.concentration.unwrap_or(1.0);
    if !(concentration > 0.0 && concentration <= 1000.0) {
        errs.push(kerr(
            "concentration",
            format!(
                "random.concentration = {concentration}: expected a positive number up to 1000"
            ),
        ));
    }
    let no_zeros = r.no_zeros.unwrap_or(true);
    let answer = match r.answer.as_deref().map(|a| range_f("answer", a)) {
        Some(Ok(a)) => Some(a),
        Some(Err(e)) => {
            errs.push(e);
            None
        }
        None => None,
    };
    let units = 10usize.pow(decimals);
    let mut need =
        |key: &'static str, v: Option<Vec<f64>>, lo: f64, hi: f64, lo_open: bool| -> (f64, f64) {
            match v.as_deref().map(|v| range_f(key, v)) {
                Some(Ok((a, b))) if (a > lo || (!lo_open && a == lo)) && b <= hi => (a, b),
                Some(Ok(_)) => {
                    let open = if lo_open { "(" } else { "[" };
                    errs.push(kerr(
                        key,
                        format!("random.{key} must lie in {open}{lo}, {hi}]"),
                    ));
                    (lo, lo)
                }
                Some(Err(e)) => {
                    errs.push(e);
                    (lo, lo)
                }
                None => {
                    errs.push(kerr(
                        key,
                        format!(
                            "random.{key} = [low, high] is required for family {}",
                            f.name()
                        ),
                    ));
                    (lo, lo)
                }
            }
        };
    let spec = match f {
        Family::Discrete => {
            let outcomes = match r.outcomes.as_deref().map(|v| range_u("outcomes", v, 2, 50)) {
                Some(Ok(o)) => o,
                Some(Err(e)) => {
                    errs.push(e);
                    (2, 2)
                }
                None => (3, 3),
            };
            if no_zeros && outcomes.1 > units {
                errs.push(kerr(
                    "outcomes",
                    format!(
                        "{} outcomes cannot all be nonzero with {decimals} decimals",
                        outcomes.1
                    ),
                ));
            }
            RandomSpec::Discrete {
                outcomes,
                concentration,
                decimals,
                no_zeros,
            }
        }
        Family::Bernoulli => {
            let p = need("p", r.p, 0.0, 1.0, false);
            let q = need("q", r.q, 0.0, 1.0, false);
            RandomSpec::Bernoulli { p, q, decimals }
        }
        Family::Gaussian => {
            let inf = f64::INFINITY;
            let mu1 = need("mu1", r.mu1, -inf, inf, true);
            let sigma1 = need("sigma1", r.sigma1, 0.0, inf, true);
            let mu2 = need("mu2", r.mu2, -inf, inf, true);
            let sigma2 = need("sigma2", r.sigma2, 0.0, inf, true);
            RandomSpec::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
                decimals,
            }
        }
        Family::Joint => {
            let rows = r
                .rows
                .as_deref()
                .map_or(Ok((2, 2)), |v| range_u("rows", v, 2, 10));
            let cols = r
                .cols
                .as_deref()
                .map_or(Ok((2, 2)), |v| range_u("cols", v, 2, 10));
            let (rows, cols) = match (rows, cols) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    errs.extend([a.err(), b.err()].into_iter().flatten());
                    ((2, 2), (2, 2))
                }
            };
            if no_zeros && rows.1 * cols.1 > units {
                errs.push(kerr(
                    "rows",
                    format!(
                        "{} cells cannot all be nonzero with {decimals} decimals",
                        rows.1 * cols.1
                    ),
                ));
            }
            RandomSpec::Joint {
                rows,
                cols,
                concentration,
                decimals,
                no_zeros,
            }
        }
    };
    if errs.is_empty() {
        Ok(Generator { spec, answer })
    } else {
        Err(errs)
    }
}

/// A `problem` block.
pub(crate) fn problem(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Problem> {
    let mut r: RawProblem = t.parse(ctx, "problem")?;
    let id = block_id(ctx, t, r.id.take(), env);
    let concept = block_concept(ctx, t, r.concept.take(), env);
    let inputs = take_inputs!(r);
    let (measure, base) = match (measure_of(&r.compute), base_of(r.unit.as_deref())) {
        (Ok(m), Ok(b)) => (m, b),
        (m, b) => {
            report(ctx, t, [m.err(), b.err()].into_iter().flatten().collect());
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
        prompt: super::sanitize::sanitize(&r.prompt),
        measure,
        base,
        tolerance,
        hints,
        source,
        allow_infinite: r.allow_infinite,
        hints_for,
        labels: labels.clone(),
        line: env.line,
    };
    // The prompt's placeholders must fit the inputs: try it on the fixed
    // inputs, or on one unconstrained draw (the checker tries 200 seeds).
    let sample = match &problem.source {
        ProblemSource::Fixed(q) => q.clone(),
        ProblemSource::Random(g) => {
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(0);
            Quantity {
                measure,
                inputs: g.spec.sample(&mut rng),
                base,
                norm: Norm::Strict,
            }
        }
    };
    if let Err(e) = super::random::fill_prompt(&problem.prompt, &sample) {
        let (l, c) = t.key("prompt");
        ctx.error(
            l,
            c,
            format!("prompt: {} (at character {})", e.message, e.offset + 1),
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

/// The part of a block after its `[random]` header, for positioning keys in it.
/// A problem's `[hints_for]` table: each key must be a mistake id from the
/// catalogue (the tutor's own list, so a hint can never be written for a
/// diagnosis that does not exist); the texts are rendered like hints.
fn hints_for(ctx: &mut Ctx, t: &Toml, raw: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let table = sub_table(t, "[hints_for]");
    let mut out = BTreeMap::new();
    for (id, text) in raw {
        if crate::tutor::mistakes::info(id).is_none() {
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

fn random_table<'a>(t: &Toml<'a>) -> Option<Toml<'a>> {
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
    ok.then(|| Question {
        id,
        concept,
        prompt,
        choices,
        answer: (r.answer - 1) as usize,
        explanations,
        line: env.line,
    })
}

fn num(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// A `lab` block. Its parameters depend on the lab, so it is read as a table
/// and each lab's keys are checked by hand.
pub(crate) fn lab(ctx: &mut Ctx, t: &Toml, env: &Env) -> Option<Lab> {
    let table: toml::Table = t.parse(ctx, "lab")?;
    let mut errs: Vec<(String, String)> = Vec::new();
    let get_str = |k: &str, errs: &mut Vec<(String, String)>| -> Option<String> {
        match table.get(k) {
            None => None,
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(_) => {
                errs.push((k.into(), format!("{k} must be a string")));
                None
            }
        }
    };
    let Some(name) = get_str("lab", &mut errs) else {
        let msg = if errs.is_empty() {
            "missing lab = \"...\"".to_string()
        } else {
            errs.remove(0).1
        };
        ctx.error(
            env.line,
            1,
            format!("lab: {msg} (one of {})", LAB_NAMES.join(", ")),
        );
        return None;
    };
    let id = block_id(ctx, t, get_str("id", &mut errs), env);
    let concept = block_concept(ctx, t, get_str("concept", &mut errs), env);
    if !LAB_NAMES.contains(&name.as_str()) {
        let (l, c) = t.key("lab");
        ctx.error(
            l,
            c,
            format!(
                "unknown lab \"{name}\": use one of {}",
                LAB_NAMES.join(", ")
            ),
        );
        return None;
    }
    let params: &[&str] = match name.as_str() {
        "bernoulli" => &["p", "q", "unit"],
        "contributions" => &["p", "q", "labels", "unit"],
        "modes" => &["separation", "sigma", "weight"],
        "loss" => &["p", "unit"],
        "compare" => &["p", "q"],
        _ => &["measure", "unit"],
    };
    for k in table.keys() {
        if !["id", "concept", "lab", "observations"].contains(&k.as_str())
            && !params.contains(&k.as_str())
        {
            errs.push((
                k.clone(),
                format!(
                    "unknown key {k} for lab \"{name}\" (it takes {})",
                    params.join(", ")
                ),
            ));
        }
    }
    let scalar = |k: &str,
                  default: f64,
                  ok: &dyn Fn(f64) -> bool,
                  why: &str,
                  errs: &mut Vec<(String, String)>|
     -> f64 {
        match table.get(k) {
            None => default,
            Some(v) => match num(v) {
                Some(x) if ok(x) => x,
                _ => {
                    errs.push((k.into(), format!("{k} = {v}: {why}")));
                    default
                }
            },
        }
    };
    let dist = |k: &str, default: &[f64], errs: &mut Vec<(String, String)>| -> Vec<f64> {
        match table.get(k) {
            None => default.to_vec(),
            Some(toml::Value::Array(a)) => {
                let v: Option<Vec<f64>> = a.iter().map(num).collect();
                match v {
                    Some(v) if v.len() >= 2 && v.len() <= 12 => {
                        match crate::engine::discrete::check("p", &v, Norm::Strict) {
                            Ok(_) => v,
                            Err(e) => {
                                errs.push((
                                    k.into(),
                                    format!("{k}: {}", e.to_string().trim_start_matches("p: ")),
                                ));
                                default.to_vec()
                            }
                        }
                    }
                    _ => {
                        errs.push((
                            k.into(),
                            format!("{k} must be a list of 2 to 12 probabilities"),
                        ));
                        default.to_vec()
                    }
                }
            }
            Some(_) => {
                errs.push((k.into(), format!("{k} must be a list of probabilities")));
                default.to_vec()
            }
        }
    };
    let unit = match get_str("unit", &mut errs)
        .as_deref()
        .map(|u| base_of(Some(u)))
    {
        None => Base::Two,
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            errs.push(("unit".into(), e.message));
            Base::Two
        }
    };
    let prob = |x: f64| (0.0..=1.0).contains(&x);
    let params = match name.as_str() {
        "bernoulli" => LabParams::Bernoulli {
            p: scalar(
                "p",
                0.2,
                &prob,
                "expected a probability in [0, 1]",
                &mut errs,
            ),
            q: scalar(
                "q",
                0.5,
                &prob,
                "expected a probability in [0, 1]",
                &mut errs,
            ),
            unit,
        },
        "contributions" | "compare" => {
            let p = dist("p", &[0.5, 0.3, 0.2], &mut errs);
            let q = dist("q", &[0.2, 0.3, 0.5], &mut errs);
            if p.len() != q.len() {
                errs.push((
                    "q".into(),
                    format!("p has {} outcomes but q has {}", p.len(), q.len()),
                ));
            }
            if name == "compare" {
                LabParams::Compare { p, q }
            } else {
                let labels = match table.get("labels") {
                    None => Vec::new(),
                    Some(toml::Value::Array(a))
                        if a.iter().all(|v| v.is_str()) && a.len() == p.len() =>
                    {
                        a.iter()
                            .filter_map(|v| v.as_str())
                            .map(super::sanitize::sanitize)
                            .collect()
                    }
                    Some(_) => {
                        errs.push((
                            "labels".into(),
                            format!("labels must be {} strings, one per outcome", p.len()),
                        ));
                        Vec::new()
                    }
                };
                LabParams::Contributions { p, q, labels, unit }
            }
        }
        "modes" => LabParams::Modes {
            separation: scalar(
                "separation",
                4.0,
                &|x| x > 0.0 && x <= 20.0,
                "expected a distance in (0, 20]",
                &mut errs,
            ),
            sigma: scalar(
                "sigma",
                1.0,
                &|x| x > 0.0 && x <= 10.0,
                "expected a standard deviation in (0, 10]",
                &mut errs,
            ),
            weight: scalar(
                "weight",
                0.5,
                &|x| x > 0.0 && x < 1.0,
                "expected a mixture weight in (0, 1)",
                &mut errs,
            ),
        },
        "loss" => LabParams::Loss {
            p: dist("p", &[0.7, 0.2, 0.1], &mut errs),
            unit,
        },
        _ => {
            let measure = match get_str("measure", &mut errs).as_deref() {
                None => Measure::Kl,
                Some(m) => {
                    match Measure::parse(m) {
                        Some(Measure::MutualInformation) | None => {
                            errs.push(("measure".into(), format!("measure \"{m}\" cannot be drawn over two Bernoulli distributions")));
                            Measure::Kl
                        }
                        Some(m) => m,
                    }
                }
            };
            LabParams::Heatmap { measure, unit }
        }
    };
    let observations = match table.get("observations") {
        None => Vec::new(),
        Some(toml::Value::Array(a)) if a.iter().all(|v| v.is_str()) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| render_plain(ctx, t, "observations", s))
            .collect(),
        Some(_) => {
            errs.push((
                "observations".into(),
                "observations must be a list of strings".into(),
            ));
            Vec::new()
        }
    };
    let failed = !errs.is_empty();
    for (k, msg) in errs {
        let (l, c) = t.key(&k);
        ctx.error(l, c, format!("lab {name}: {msg}"));
    }
    (!failed).then_some(Lab {
        id,
        concept,
        params,
        observations,
        line: env.line,
    })
}

/// Evaluates an inline `{{kl p=[0.9,0.1] q=[0.5,0.5] unit=bits digits=3}}`
/// to `0.531 bits`.
pub(crate) fn inline_value(src: &str) -> Result<String, String> {
    let src = src.trim();
    let (name, rest) = src.split_once(char::is_whitespace).unwrap_or((src, ""));
    let measure = Measure::parse(name).ok_or_else(|| format!("unknown measure \"{name}\""))?;
    // Reuse the block parser: `k=v` pairs become TOML lines.
    let mut toml_text = String::new();
    let mut depth = 0i32;
    let mut token = String::new();
    let mut tokens = Vec::new();
    for c in rest.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if !token.is_empty() {
                tokens.push(std::mem::take(&mut token));
            }
        } else {
            token.push(c);
        }
    }
    if !token.is_empty() {
        tokens.push(token);
    }
    for tok in tokens {
        let (k, v) = tok
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, found \"{tok}\""))?;
        let v = v.trim();
        let literal = v.starts_with('[') || v.parse::<f64>().is_ok() || v == "true" || v == "false";
        if literal {
            toml_text.push_str(&format!("{} = {v}\n", k.trim()));
        } else {
            toml_text.push_str(&format!(
                "{} = \"{}\"\n",
                k.trim(),
                v.replace(['"', '\\'], "")
            ));
        }
    }
    let mut r: RawInline =
        toml::from_str(&toml_text).map_err(|e| e.message().trim().replace('\n', " "))?;
    let digits = r.digits.unwrap_or(4).clamp(1, 12);
    let inputs = take_inputs!(r);
    let base = base_of(r.unit.as_deref()).map_err(|e| e.message)?;
    let q = build_quantity(inputs, measure, base).map_err(|errs| {
        errs.into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let v = check_value(&q, true).map_err(|e| e.message)?;
    Ok(text::fmt_value(v, digits, q.unit()))
}
