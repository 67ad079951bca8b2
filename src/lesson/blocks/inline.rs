//! Inline values in prose: `{{kl p=[0.9,0.1] q=[0.5,0.5]}}`.

use super::inputs::{NumOrVec, RawInputs, base_of, build_quantity, check_value, take_inputs};
use crate::lesson::text;
use crate::quantity::Measure;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInline {
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
    unit: Option<String>,
    digits: Option<usize>,
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
