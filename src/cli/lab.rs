//! `kltutor lab NAME` flags: the settings a lesson's `lab` block can give
//! (`--p`/`--q` as whole distributions where the lab has them, `--labels`,
//! `--unit`, `--separation`, `--sigma`, `--weight`, `--measure`), checked
//! against the same ranges. A value out of range is refused with a message
//! naming the flag (exit 2), never clamped; a flag the lab does not take is
//! refused too, naming the ones it does.

use crate::engine::{Base, Norm};
use crate::lab::LabParams;
use crate::quantity::Measure;

/// The lab flags as typed.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LabArgs {
    /// The lab to open.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::lab::NAMES.iter().map(|(n, _)| *n)))]
    pub name: String,
    /// P: a probability (bernoulli, heatmap, loss: Bernoulli p; contributions: P(x1), the rest
    /// equal; modes: the left mode's weight) or a whole distribution `0.5,0.3,0.2`
    /// (contributions, compare, loss: categorical P).
    #[arg(long, allow_hyphen_values = true, value_name = "P")]
    pub p: Option<String>,
    /// Q: a probability (bernoulli, heatmap, contributions: Q(x1); loss: the start), a
    /// distribution (contributions, compare), the start mean (modes) or shift (compare).
    #[arg(long, allow_hyphen_values = true, value_name = "Q")]
    pub q: Option<String>,
    /// Outcome names, comma-separated, one per outcome (contributions).
    #[arg(long, value_name = "A,B,...")]
    pub labels: Option<String>,
    /// bits, nats or hartleys (bernoulli, contributions, loss, heatmap).
    #[arg(long)]
    pub unit: Option<String>,
    /// Distance between the two modes, in (0, 20] (modes).
    #[arg(long, allow_hyphen_values = true)]
    pub separation: Option<f64>,
    /// Standard deviation of each mode, in (0, 10] (modes).
    #[arg(long, allow_hyphen_values = true)]
    pub sigma: Option<f64>,
    /// The left mode's weight, in (0, 1) (modes).
    #[arg(long, allow_hyphen_values = true)]
    pub weight: Option<f64>,
    /// The measure mapped over the square: kl, reverse-kl, js, tv, hellinger... (heatmap).
    #[arg(long)]
    pub measure: Option<String>,
}

/// Which flags each lab takes.
fn takes(lab: &str) -> &'static [&'static str] {
    match lab {
        "bernoulli" => &["p", "q", "unit"],
        "contributions" => &["p", "q", "labels", "unit"],
        "heatmap" => &["p", "q", "measure", "unit"],
        "loss" => &["p", "q", "unit"],
        "modes" => &["p", "q", "separation", "sigma", "weight"],
        _ => &["p", "q"],
    }
}

/// A number or a list (`0.5,0.3,0.2`, brackets and spaces allowed).
enum Value {
    One(f64),
    Many(Vec<f64>),
}

fn value(flag: &str, s: &str) -> Result<Value, String> {
    let t = s.trim().trim_start_matches('[').trim_end_matches(']');
    let parts: Vec<&str> = t.split(',').map(str::trim).collect();
    let nums: Result<Vec<f64>, String> = parts
        .iter()
        .map(|x| {
            x.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("--{flag} {s}: \"{x}\" is not a finite number"))
        })
        .collect();
    let nums = nums?;
    Ok(if nums.len() == 1 && !s.contains(',') {
        Value::One(nums[0])
    } else {
        Value::Many(nums)
    })
}

fn in_range(flag: &str, x: f64, ok: bool, why: &str) -> Result<f64, String> {
    if ok {
        Ok(x)
    } else {
        Err(format!("--{flag} {x}: {why}"))
    }
}

fn prob(flag: &str, x: f64) -> Result<f64, String> {
    in_range(
        flag,
        x,
        (0.0..=1.0).contains(&x),
        "expected a probability in [0, 1]",
    )
}

fn dist(flag: &'static str, v: Vec<f64>) -> Result<Vec<f64>, String> {
    if !(2..=12).contains(&v.len()) {
        return Err(format!(
            "--{flag}: expected 2 to 12 probabilities, got {}",
            v.len()
        ));
    }
    crate::engine::discrete::check(flag, &v, Norm::Strict).map_err(|e| {
        format!(
            "--{flag}: {}",
            e.to_string().trim_start_matches(&format!("{flag}: "))
        )
    })?;
    Ok(v)
}

/// The lab's parameters from the flags, or the message for the first
/// setting that is refused.
pub fn params(a: &LabArgs) -> Result<LabParams, String> {
    let lab = a.name.as_str();
    let given = [
        ("p", a.p.is_some()),
        ("q", a.q.is_some()),
        ("labels", a.labels.is_some()),
        ("unit", a.unit.is_some()),
        ("separation", a.separation.is_some()),
        ("sigma", a.sigma.is_some()),
        ("weight", a.weight.is_some()),
        ("measure", a.measure.is_some()),
    ];
    let ok = takes(lab);
    if let Some((f, _)) = given.iter().find(|(f, g)| *g && !ok.contains(f)) {
        let list: Vec<String> = ok.iter().map(|k| format!("--{k}")).collect();
        return Err(format!(
            "--{f}: the {lab} lab does not take it (it takes {})",
            list.join(", ")
        ));
    }
    let mut out = LabParams::default();
    if let Some(u) = &a.unit {
        out.unit = Some(match u.as_str() {
            "bits" | "nats" | "hartleys" => u.parse().unwrap_or(Base::E),
            other => {
                return Err(format!(
                    "--unit {other}: unknown unit; use bits, nats or hartleys"
                ));
            }
        });
    }
    let p = a.p.as_deref().map(|s| value("p", s)).transpose()?;
    let q = a.q.as_deref().map(|s| value("q", s)).transpose()?;
    let many_ok = matches!(lab, "contributions" | "compare" | "loss");
    for (flag, v) in [("p", &p), ("q", &q)] {
        if matches!(v, Some(Value::Many(_))) && !(many_ok && !(lab == "loss" && flag == "q")) {
            return Err(format!(
                "--{flag}: the {lab} lab takes a single number here, not a list"
            ));
        }
    }
    match (lab, p) {
        (_, None) => {}
        (_, Some(Value::Many(v))) => out.p_dist = dist("p", v)?,
        ("modes", Some(Value::One(x))) => {
            out.weight = Some(in_range(
                "p",
                x,
                x > 0.0 && x < 1.0,
                "expected the left mode's weight in (0, 1)",
            )?)
        }
        ("compare", Some(Value::One(_))) => {
            return Err(
                "--p: the compare lab takes P as a whole distribution (e.g. --p 0.5,0.3,0.2)"
                    .into(),
            );
        }
        (_, Some(Value::One(x))) => out.p = Some(prob("p", x)?),
    }
    match (lab, q) {
        (_, None) => {}
        (_, Some(Value::Many(v))) => out.q_dist = dist("q", v)?,
        ("modes", Some(Value::One(x))) => {
            out.q = Some(in_range(
                "q",
                x,
                x.abs() <= 20.0,
                "expected Q's start mean in [-20, 20]",
            )?)
        }
        ("compare", Some(Value::One(x))) => {
            out.q = Some(in_range(
                "q",
                x,
                x.abs() <= 10.0,
                "expected a start shift in [-10, 10]",
            )?)
        }
        (_, Some(Value::One(x))) => out.q = Some(prob("q", x)?),
    }
    if !out.p_dist.is_empty() || !out.q_dist.is_empty() {
        if lab != "loss" && (out.p_dist.is_empty() || out.q_dist.is_empty()) {
            return Err(format!(
                "--p and --q: the {lab} lab takes both distributions or neither"
            ));
        }
        if lab != "loss" && out.p_dist.len() != out.q_dist.len() {
            return Err(format!(
                "--q: P has {} outcomes but Q has {}",
                out.p_dist.len(),
                out.q_dist.len()
            ));
        }
    }
    if let Some(l) = &a.labels {
        let names: Vec<String> = l
            .split(',')
            .map(|s| crate::lesson::sanitize::sanitize(s.trim()))
            .collect();
        let n = if out.p_dist.is_empty() {
            3
        } else {
            out.p_dist.len()
        };
        if names.len() != n || names.iter().any(String::is_empty) {
            return Err(format!(
                "--labels {l}: expected {n} non-empty names, one per outcome"
            ));
        }
        out.labels = names;
    }
    if let Some(s) = a.separation {
        out.separation = Some(in_range(
            "separation",
            s,
            s > 0.0 && s <= 20.0,
            "expected a distance in (0, 20]",
        )?);
    }
    if let Some(s) = a.sigma {
        out.sigma = Some(in_range(
            "sigma",
            s,
            s > 0.0 && s <= 10.0,
            "expected a standard deviation in (0, 10]",
        )?);
    }
    if let Some(w) = a.weight {
        out.weight = Some(in_range(
            "weight",
            w,
            w > 0.0 && w < 1.0,
            "expected a mixture weight in (0, 1)",
        )?);
    }
    if let Some(m) = &a.measure {
        out.measure = Some(match Measure::parse(m) {
            other @ (Some(Measure::MutualInformation | Measure::Renyi(_)) | None) => {
                let why = match other {
                    Some(Measure::Renyi(_)) => {
                        "Rényi needs an order α, which the heatmap has no control for"
                    }
                    Some(_) => "mutual information needs a joint table, not two distributions",
                    None => "no such measure",
                };
                return Err(format!(
                    "--measure {}: {why}; the heatmap draws one of {}",
                    crate::lesson::sanitize::echo(m),
                    HEATMAP_MEASURES.join(", ")
                ));
            }
            Some(m) => m,
        });
    }
    Ok(out)
}

/// The `kltutor lab NAME --flag value ...` command that opens the lab with a
/// lesson block's settings: what `learn --plain` prints for a lab block, so a
/// learner without the full-screen app can reproduce exactly what the lesson
/// shows. It is the inverse of [`params`]: parsing it gives the block's
/// settings back (the bundled blocks are checked in `tests/lab_blocks.rs`).
pub fn command_line(block: &crate::lesson::model::LabParams) -> String {
    use crate::lesson::model::LabParams as L;
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut flags: Vec<(&str, String)> = Vec::new();
    match block {
        L::Bernoulli { p, q, unit } => {
            flags.push(("p", p.to_string()));
            flags.push(("q", q.to_string()));
            flags.push(("unit", unit.unit().to_string()));
        }
        L::Contributions { p, q, labels, unit } => {
            if !p.is_empty() {
                flags.push(("p", list(p)));
            }
            if !q.is_empty() {
                flags.push(("q", list(q)));
            }
            if !labels.is_empty() {
                flags.push(("labels", labels.join(",")));
            }
            flags.push(("unit", unit.unit().to_string()));
        }
        L::Modes {
            separation,
            sigma,
            weight,
        } => {
            flags.push(("separation", separation.to_string()));
            flags.push(("sigma", sigma.to_string()));
            flags.push(("weight", weight.to_string()));
        }
        L::Loss { p, unit } => {
            if !p.is_empty() {
                flags.push(("p", list(p)));
            }
            flags.push(("unit", unit.unit().to_string()));
        }
        L::Compare { p, q } => {
            if !p.is_empty() {
                flags.push(("p", list(p)));
            }
            if !q.is_empty() {
                flags.push(("q", list(q)));
            }
        }
        L::Heatmap { measure, unit } => {
            flags.push(("measure", measure.id().to_string()));
            flags.push(("unit", unit.unit().to_string()));
        }
    }
    let mut out = format!("kltutor lab {}", block.name());
    for (flag, value) in flags {
        out += &format!(" --{flag} {}", shell_word(&value));
    }
    out
}

/// `s` as one shell word: as is when it holds only characters no shell
/// treats specially, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '_' | '+'));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The measures `--measure` accepts (every measure of two distributions that
/// needs no further parameter).
const HEATMAP_MEASURES: &[&str] = &[
    "kl",
    "reverse-kl",
    "cross-entropy",
    "entropy",
    "js",
    "tv",
    "hellinger",
    "w1",
    "chi2",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn args(name: &str) -> LabArgs {
        LabArgs {
            name: name.into(),
            ..LabArgs::default()
        }
    }

    #[test]
    fn out_of_range_values_are_refused_with_the_flag() {
        let mut a = args("bernoulli");
        a.p = Some("1.5".into());
        let e = params(&a).unwrap_err();
        assert!(e.starts_with("--p 1.5") && e.contains("[0, 1]"), "{e}");
        let mut a = args("contributions");
        a.p = Some("0.5,0.6".into());
        a.q = Some("0.5,0.5".into());
        assert!(params(&a).unwrap_err().starts_with("--p"));
        let mut a = args("modes");
        a.separation = Some(0.0);
        assert!(params(&a).unwrap_err().starts_with("--separation 0"));
        let mut a = args("bernoulli");
        a.separation = Some(3.0);
        let e = params(&a).unwrap_err();
        assert!(e.contains("does not take") && e.contains("--unit"), "{e}");
        let mut a = args("contributions");
        a.labels = Some("a,b".into());
        assert!(params(&a).unwrap_err().starts_with("--labels"));
        let mut a = args("heatmap");
        a.unit = Some("furlongs".into());
        assert!(params(&a).unwrap_err().starts_with("--unit furlongs"));
        // A measure the heatmap cannot draw: the flag, why, and what it can draw.
        for (m, why) in [
            ("renyi", "Rényi needs an order"),
            ("mi", "needs a joint table"),
            ("bogus", "no such measure"),
        ] {
            let mut a = args("heatmap");
            a.measure = Some(m.into());
            let e = params(&a).unwrap_err();
            assert!(
                e.starts_with(&format!("--measure {m}: "))
                    && e.contains(why)
                    && e.ends_with(&HEATMAP_MEASURES.join(", ")),
                "{e}"
            );
        }
        for m in HEATMAP_MEASURES {
            let mut a = args("heatmap");
            a.measure = Some(m.to_string());
            assert!(params(&a).is_ok(), "{m}");
        }
    }

    #[test]
    fn whole_distributions_labels_and_units_reach_the_lab() {
        let mut a = args("contributions");
        a.p = Some("[0.5, 0.3, 0.2]".into());
        a.q = Some("0.2,0.3,0.5".into());
        a.labels = Some("sun, rain, snow".into());
        a.unit = Some("bits".into());
        let p = params(&a).unwrap();
        assert_eq!(p.p_dist, vec![0.5, 0.3, 0.2]);
        assert_eq!(p.q_dist, vec![0.2, 0.3, 0.5]);
        assert_eq!(p.labels, ["sun", "rain", "snow"]);
        assert_eq!(p.unit, Some(Base::Two));
        let mut a = args("modes");
        a.separation = Some(8.0);
        a.sigma = Some(1.0);
        a.weight = Some(0.3);
        let p = params(&a).unwrap();
        assert_eq!(
            (p.separation, p.sigma, p.weight),
            (Some(8.0), Some(1.0), Some(0.3))
        );
        let mut a = args("bernoulli");
        a.p = Some("0.3".into());
        assert_eq!(params(&a).unwrap().p, Some(0.3));
    }
}
