//! `kltutor calc`: one engine measure on numbers from the command line.

pub use crate::cli::counterexample::CounterexampleArgs;
use crate::cli::values::{self, ValueError};
use crate::engine::{self, Base, Norm};
use crate::lesson::steps::Step;
use crate::quantity::{Inputs, Measure, Quantity};
use crate::tutor;
/// The verdict wording lives in the tutor layer so `calc --answer` and the
/// lesson sessions word a verdict the same way.
pub use crate::tutor::feedback::{verdict_message, with_unit};
use clap::{Args, Subcommand};
use std::fmt::Write as _;

#[derive(Debug, Args)]
pub struct CalcArgs {
    #[command(subcommand)]
    pub command: CalcCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalcCommand {
    /// KL divergence D(P‖Q).
    Kl(PairArgs),
    /// Reverse KL divergence D(Q‖P).
    ReverseKl(PairArgs),
    /// Entropy H(P).
    Entropy(SingleArgs),
    /// Cross-entropy H(P,Q) = H(P) + D(P‖Q).
    CrossEntropy(PairArgs),
    /// Jensen-Shannon divergence (at most ln 2 nats = 1 bit).
    Js(PairArgs),
    /// Total variation distance, in [0, 1].
    Tv(PairArgs),
    /// Hellinger distance, in [0, 1].
    Hellinger(PairArgs),
    /// Wasserstein-1 distance on an ordered support.
    W1(W1Args),
    /// Mutual information I(X;Y) of a joint table.
    Mi(MiArgs),
    /// D(Bern(p)‖Bern(q)).
    Bernoulli(BernoulliArgs),
    /// D(N(mu1, sigma1²)‖N(mu2, sigma2²)).
    Gaussian(GaussianArgs),
    /// Pearson's chi-squared divergence χ²(P‖Q) = Σ (P−Q)²/Q.
    Chi2(PairArgs),
    /// Rényi divergence of order α, D_α(P‖Q); α = 1 is KL.
    Renyi(RenyiArgs),
    /// D(N(mu1, cov1)‖N(mu2, cov2)) for full-covariance multivariate Gaussians.
    Mvn(MvnArgs),
    /// Search small distributions for a concrete refutation of a claim
    /// (symmetry, triangle, bounded, term-sign, mixture-forward).
    Counterexample(CounterexampleArgs),
}

/// Flags every measure shares.
#[derive(Debug, Args)]
pub struct Common {
    /// Log base: e (nats), 2 (bits) or 10 (hartleys).
    #[arg(long, default_value = "e", value_name = "BASE")]
    pub base: String,
    /// Divide inputs by their sums (counts, histograms) instead of requiring sums of 1.
    #[arg(long)]
    pub normalize: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Show the worked-example table: each outcome's term and the sum.
    #[arg(long)]
    pub explain: bool,
    /// Check a hand computation: a number or expression such as
    /// "0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)", optionally with a unit ("0.53 bits").
    /// Exit 0 when right, 1 when wrong.
    #[arg(long, allow_hyphen_values = true, value_name = "EXPR")]
    pub answer: Option<String>,
    /// Relative tolerance for --answer, in (0, 0.5] (default 0.005, i.e. 0.5 %).
    #[arg(long, value_name = "REL", requires = "answer", allow_hyphen_values = true,
          value_parser = parse_tolerance)]
    pub tolerance: Option<f64>,
}

/// `--tolerance`: a relative error in (0, 0.5]; anything else (0, a
/// negative number, 1, NaN, text) is refused, naming the range.
pub fn parse_tolerance(text: &str) -> Result<f64, String> {
    let range = "the tolerance must be a relative error in (0, 0.5], e.g. 0.01 for 1 %";
    match text.trim().parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 0.5 => Ok(t),
        Ok(_) => Err(range.to_string()),
        Err(_) => Err(format!("not a number; {range}")),
    }
}

#[derive(Debug, Args)]
pub struct PairArgs {
    /// P: comma list (0.9,0.1) or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    /// Q: comma list (0.5,0.5) or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub q: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct SingleArgs {
    /// P: comma list or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct W1Args {
    #[command(flatten)]
    pub pair: PairArgs,
    /// Positions of the outcomes, strictly increasing (default 0,1,2,...).
    #[arg(long, allow_hyphen_values = true)]
    pub x: Option<String>,
}

#[derive(Debug, Args)]
pub struct MiArgs {
    /// Joint table: rows separated by ';', values by ',' ("0.3,0.2;0.1,0.4").
    #[arg(long, allow_hyphen_values = true)]
    pub joint: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct BernoulliArgs {
    /// P's probability of outcome 1.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    /// Q's probability of outcome 1.
    #[arg(long, allow_hyphen_values = true)]
    pub q: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct GaussianArgs {
    #[arg(long, allow_hyphen_values = true)]
    pub mu1: String,
    #[arg(long, allow_hyphen_values = true)]
    pub sigma1: String,
    #[arg(long, allow_hyphen_values = true)]
    pub mu2: String,
    #[arg(long, allow_hyphen_values = true)]
    pub sigma2: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct RenyiArgs {
    #[command(flatten)]
    pub pair: PairArgs,
    /// The order α: any number >= 0, or inf (1 gives KL, 0 gives −ln Q(supp P),
    /// inf gives ln max P/Q).
    #[arg(long, allow_hyphen_values = true, value_name = "A")]
    pub alpha: String,
}

#[derive(Debug, Args)]
pub struct MvnArgs {
    /// Mean of P: comma list ("0,0").
    #[arg(long, allow_hyphen_values = true)]
    pub mu1: String,
    /// Covariance of P: rows separated by ';', values by ',' ("1,0.5;0.5,2").
    #[arg(long, allow_hyphen_values = true)]
    pub cov1: String,
    /// Mean of Q.
    #[arg(long, allow_hyphen_values = true)]
    pub mu2: String,
    /// Covariance of Q, rows separated by ';'.
    #[arg(long, allow_hyphen_values = true)]
    pub cov2: String,
    #[command(flatten)]
    pub common: Common,
}

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
        let written = (|| {
            write!(w, "{head},\"terms\":")?;
            ex.write_json(w)?;
            writeln!(w, "}}")
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

fn base_of(common: &Common) -> Result<Base, ValueError> {
    common.base.parse().map_err(|_| ValueError {
        arg: "--base".into(),
        message: format!(
            "unknown base \"{}\": use e (nats), 2 (bits) or 10 (hartleys)",
            crate::lesson::sanitize::echo(&common.base)
        ),
    })
}

fn norm_of(common: &Common) -> Norm {
    if common.normalize {
        Norm::Normalize
    } else {
        Norm::Strict
    }
}

/// Turns parsed arguments into a quantity (and the shared flags).
pub fn build(c: &CalcCommand) -> Result<(Quantity, &Common), ValueError> {
    let pair = |a: &PairArgs| -> Result<(Vec<f64>, Vec<f64>), ValueError> {
        Ok((values::vector("--p", &a.p)?, values::vector("--q", &a.q)?))
    };
    let discrete = |m: Measure, a: &'_ PairArgs| -> Result<Quantity, ValueError> {
        let (p, q) = pair(a)?;
        Ok(Quantity {
            measure: m,
            inputs: Inputs::Discrete { p, q, x: None },
            base: base_of(&a.common)?,
            norm: norm_of(&a.common),
        })
    };
    Ok(match c {
        CalcCommand::Kl(a) => (discrete(Measure::Kl, a)?, &a.common),
        CalcCommand::ReverseKl(a) => (discrete(Measure::ReverseKl, a)?, &a.common),
        CalcCommand::CrossEntropy(a) => (discrete(Measure::CrossEntropy, a)?, &a.common),
        CalcCommand::Js(a) => (discrete(Measure::Js, a)?, &a.common),
        CalcCommand::Tv(a) => (discrete(Measure::Tv, a)?, &a.common),
        CalcCommand::Hellinger(a) => (discrete(Measure::Hellinger, a)?, &a.common),
        CalcCommand::Chi2(a) => (discrete(Measure::Chi2, a)?, &a.common),
        CalcCommand::Renyi(a) => {
            let alpha = renyi_order(&a.alpha)?;
            let m = Measure::Renyi(crate::quantity::Alpha::new(alpha));
            (discrete(m, &a.pair)?, &a.pair.common)
        }
        CalcCommand::Mvn(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::MultiGaussian {
                    mu1: values::vector("--mu1", &a.mu1)?,
                    cov1: values::table("--cov1", &a.cov1)?,
                    mu2: values::vector("--mu2", &a.mu2)?,
                    cov2: values::table("--cov2", &a.cov2)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Entropy(a) => {
            let p = values::vector("--p", &a.p)?;
            let q = Quantity {
                measure: Measure::Entropy,
                inputs: Inputs::Discrete {
                    q: p.clone(),
                    p,
                    x: None,
                },
                base: base_of(&a.common)?,
                norm: norm_of(&a.common),
            };
            (q, &a.common)
        }
        CalcCommand::W1(a) => {
            let (p, q) = pair(&a.pair)?;
            let x =
                a.x.as_deref()
                    .map(|x| values::vector("--x", x))
                    .transpose()?;
            let q = Quantity {
                measure: Measure::W1,
                inputs: Inputs::Discrete { p, q, x },
                base: base_of(&a.pair.common)?,
                norm: norm_of(&a.pair.common),
            };
            (q, &a.pair.common)
        }
        CalcCommand::Mi(a) => {
            let joint = values::table("--joint", &a.joint)?;
            let q = Quantity {
                measure: Measure::MutualInformation,
                inputs: Inputs::Joint(joint),
                base: base_of(&a.common)?,
                norm: norm_of(&a.common),
            };
            (q, &a.common)
        }
        CalcCommand::Bernoulli(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::Bernoulli {
                    p: values::number("--p", &a.p)?,
                    q: values::number("--q", &a.q)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Gaussian(a) => {
            let q = Quantity {
                measure: Measure::Kl,
                inputs: Inputs::Gaussian {
                    mu1: values::number("--mu1", &a.mu1)?,
                    sigma1: values::number("--sigma1", &a.sigma1)?,
                    mu2: values::number("--mu2", &a.mu2)?,
                    sigma2: values::number("--sigma2", &a.sigma2)?,
                },
                base: base_of(&a.common)?,
                norm: Norm::Strict,
            };
            (q, &a.common)
        }
        CalcCommand::Counterexample(a) => {
            return Err(ValueError {
                arg: "counterexample".into(),
                message: format!("\"{}\" is a claim, not a measure", a.claim),
            });
        }
    })
}

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
fn steps_terms_json(steps: &[Step], q: &Quantity) -> Vec<serde_json::Value> {
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
fn steps_json(steps: &[Step]) -> serde_json::Value {
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
    fn write_text(&self, out: &mut dyn std::io::Write, q: &Quantity) -> std::io::Result<()> {
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
    fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"[")?;
        for (i, t) in self.rows.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let row = serde_json::json!({
                "outcome": i + 1,
                "p": json_number(t.p),
                "q": json_number(t.q),
                "ratio": json_number(t.ratio),
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

/// `--alpha`: the order of a Rényi divergence, a number >= 0 or `inf`. Every
/// refusal names the flag and the allowed range; an overflow (`1e400`) is
/// refused rather than read as the order ∞, which only `inf` means.
fn renyi_order(text: &str) -> Result<f64, ValueError> {
    const RANGE: &str = "the order α of a Rényi divergence is a number >= 0, or inf";
    let t = text.trim();
    let refuse = |what: String| ValueError {
        arg: "--alpha".into(),
        message: format!("{what}: {RANGE}"),
    };
    let shown = crate::lesson::sanitize::echo(t);
    let v: f64 = t
        .parse()
        .map_err(|_| refuse(format!("\"{shown}\" is not a number")))?;
    let spelled_inf = matches!(
        t.trim_start_matches('+').to_ascii_lowercase().as_str(),
        "inf" | "infinity"
    );
    if v.is_nan() {
        Err(refuse("NaN is not a number".into()))
    } else if v < 0.0 {
        Err(refuse(format!("{shown} is below 0")))
    } else if v.is_infinite() && !spelled_inf {
        Err(refuse(format!(
            "{shown} overflows a double (write inf for the order ∞)"
        )))
    } else {
        Ok(v)
    }
}
