//! The `lab` block: an interactive lab and its parameters.

use super::inputs::base_of;
use super::{Env, block_concept, block_id};
use crate::engine::{Base, Norm};
use crate::lesson::model::*;
use crate::lesson::parse::{Ctx, Toml, render_plain};
use crate::quantity::Measure;

pub(super) fn num(v: &toml::Value) -> Option<f64> {
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
                            .map(crate::lesson::sanitize::sanitize)
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
                        Some(Measure::MutualInformation | Measure::Renyi(_)) | None => {
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
