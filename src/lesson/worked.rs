//! Worked steps for the measures that are not a plain sum of per-outcome
//! `P·log(…)` terms: JS through M, TV per outcome, Hellinger through the
//! Bhattacharyya coefficient, W1 through the cumulative differences, MI
//! through the marginals, the Gaussian closed forms term by term, χ² and Rényi.
//!
//! Every number comes from the engine (or from the same inputs the engine
//! validated); the final line is the engine's own value, so a worked solution
//! can never disagree with the answer it explains.

use super::text::{fmt_input, fmt_short};
use crate::engine::{self, DistError, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

/// Per-outcome lines shown at most; longer inputs get one "… more" line, so a
/// worked solution of a million outcomes stays readable and small.
pub const MAX_OUTCOME_LINES: usize = 50;

/// Significant digits of intermediate values.
const DIGITS: usize = 4;

/// One line of working: `what = how = result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// What the line computes: `M = (P + Q)/2`, `x1: |P − Q|`, `D(P‖M)`.
    pub what: String,
    /// The computation with its numbers in (`|0.9 − 0.5|`); empty when the
    /// result follows from the lines above without a formula worth showing.
    pub how: String,
    /// The result as shown (`0.4`, `[0.7, 0.3]`, `0.1046 nats`).
    pub result: String,
    /// The result as a number (in the quantity's unit) when it is one.
    pub value: Option<f64>,
}

impl Work {
    /// The line as text.
    pub fn line(&self) -> String {
        if self.result.is_empty() {
            // A line that states rather than computes (a header, one sample).
            self.what.clone()
        } else if self.how.is_empty() {
            format!("{} = {}", self.what, self.result)
        } else {
            format!("{} = {} = {}", self.what, self.how, self.result)
        }
    }
}

fn n(v: f64) -> String {
    fmt_short(v, DIGITS)
}

/// A value close to 1 with enough digits that its logarithm keeps about
/// [`DIGITS`] significant digits (0.99997693 rather than 1); others as [`n`].
fn near_one(v: f64) -> String {
    let gap = (v - 1.0).abs();
    if gap == 0.0 || gap >= 0.01 || !v.is_finite() {
        return n(v);
    }
    let extra = (-gap.log10()).ceil() as usize;
    fmt_short(v, DIGITS + extra)
}

/// A number that may be negative, parenthesised for use after an operator.
fn paren(v: f64) -> String {
    if v < 0.0 { format!("({})", n(v)) } else { n(v) }
}

/// An input as the base of a power: `(1e-300)²`, not `1e-300²`, which reads
/// as 10 to the −300².
fn pow_base(v: f64) -> String {
    let s = fmt_input(v);
    if s.contains('e') || v < 0.0 {
        format!("({s})")
    } else {
        s
    }
}

fn vec_text(v: &[f64], f: &dyn Fn(f64) -> String) -> String {
    const SHOWN: usize = 12;
    let mut parts: Vec<String> = v.iter().take(SHOWN).map(|x| f(*x)).collect();
    if v.len() > SHOWN {
        parts.push(format!("… {} more", v.len() - SHOWN));
    }
    format!("[{}]", parts.join(", "))
}

struct Out<'a> {
    q: &'a Quantity,
    lines: Vec<Work>,
}

impl Out<'_> {
    fn push(&mut self, what: impl Into<String>, how: impl Into<String>, value: f64, unit: &str) {
        let result = crate::engine::Base::amount(&n(value), unit);
        self.lines.push(Work {
            what: what.into(),
            how: how.into(),
            result,
            value: Some(value),
        });
    }

    fn text(&mut self, what: impl Into<String>, how: impl Into<String>, result: String) {
        self.lines.push(Work {
            what: what.into(),
            how: how.into(),
            result,
            value: None,
        });
    }

    /// "… 12 more outcomes" after [`MAX_OUTCOME_LINES`].
    fn more(&mut self, total: usize) {
        if total > MAX_OUTCOME_LINES {
            self.text(
                "…",
                "",
                format!(
                    "{} more outcomes, computed the same way",
                    total - MAX_OUTCOME_LINES
                ),
            );
        }
    }

    /// A value in nats shown in the quantity's unit.
    fn log_unit(&self, nats: f64) -> f64 {
        self.q.base.from_nats(nats)
    }

    /// The engine's value as the last line.
    fn total(&mut self, what: &str, how: impl Into<String>) -> Result<(), DistError> {
        let v = self.q.value()?;
        let unit = self.q.unit();
        self.push(what, how, v, unit);
        Ok(())
    }
}

/// The label of outcome `i` (0-based).
fn x(i: usize) -> String {
    format!("x{}", i + 1)
}

/// The working for `q`, or an empty list for the measures whose per-outcome
/// rows already are the whole working (KL, reverse KL, cross-entropy and
/// entropy of discrete or Bernoulli inputs).
pub fn work(q: &Quantity) -> Result<Vec<Work>, DistError> {
    let mut o = Out {
        q,
        lines: Vec::new(),
    };
    let log = q.base.log_name();
    let unit = q.base.unit();
    match (&q.inputs, q.measure) {
        (Inputs::Gaussian { .. }, Measure::Kl | Measure::ReverseKl) => {
            let Inputs::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
            } = q.inputs
            else {
                unreachable!()
            };
            // Validate through the engine first, so bad inputs are its error.
            q.value()?;
            let (m1, s1, m2, s2, name) = if q.measure == Measure::Kl {
                (mu1, sigma1, mu2, sigma2, "D(N₁‖N₂)")
            } else {
                (mu2, sigma2, mu1, sigma1, "D(N₂‖N₁)")
            };
            // Each term computed so it cannot overflow where the divergence
            // does not: σ₂/σ₁ through logs when the ratio leaves the double
            // range, the squares halved first, the means divided first.
            let ratio = s2 / s1;
            let a = o.log_unit(if ratio.is_normal() {
                ratio.ln()
            } else {
                s2.ln() - s1.ln()
            });
            o.push(
                format!("{log}(σ₂/σ₁)"),
                format!("{log}({}/{})", fmt_input(s2), fmt_input(s1)),
                a,
                unit,
            );
            let r = s1 / s2;
            let b = (0.5 * r) * r;
            o.push(
                "σ₁²/(2σ₂²)",
                format!("{}²/(2·{}²)", pow_base(s1), pow_base(s2)),
                b,
                "",
            );
            let z = if (m1 - m2).is_finite() {
                (m1 - m2) / s2
            } else {
                m1 / s2 - m2 / s2
            };
            let c = (0.5 * z) * z;
            o.push(
                "(μ₁ − μ₂)²/(2σ₂²)",
                format!("({} − {})²/(2·{}²)", fmt_input(m1), paren(m2), pow_base(s2)),
                c,
                "",
            );
            let how = if q.base == engine::Base::E {
                format!("{} + {} + {} − 1/2", paren(a), n(b), n(c))
            } else {
                format!(
                    "{} + ({} + {} − 1/2)/ln({})",
                    paren(a),
                    n(b),
                    n(c),
                    if q.base == engine::Base::Two { 2 } else { 10 }
                )
            };
            o.total(name, how)?;
        }
        (
            Inputs::MultiGaussian {
                mu1,
                cov1,
                mu2,
                cov2,
            },
            Measure::Kl | Measure::ReverseKl,
        ) => {
            let t = if q.measure == Measure::Kl {
                engine::mvn_kl_terms(mu1, cov1, mu2, cov2)?
            } else {
                engine::mvn_kl_terms(mu2, cov2, mu1, cov1)?
            };
            o.push("k (dimension)", "", t.dim as f64, "");
            // A trace just past the double range (its half is not): from its log.
            let trace_text = if t.trace.is_finite() {
                n(t.trace)
            } else {
                super::text::fmt_from_ln(t.half_trace.ln() + std::f64::consts::LN_2, DIGITS)
            };
            if t.trace.is_finite() {
                o.push("tr(Σ₂⁻¹Σ₁)", "‖L₂⁻¹L₁‖² (Cholesky factors)", t.trace, "");
            } else {
                o.text(
                    "tr(Σ₂⁻¹Σ₁)",
                    "‖L₂⁻¹L₁‖² (Cholesky factors)",
                    trace_text.clone(),
                );
            }
            o.push(
                "(μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁)",
                "‖L₂⁻¹(μ₂ − μ₁)‖²",
                t.mahalanobis,
                "",
            );
            o.push("ln det Σ₁", "2·Σ ln diag(L₁)", t.log_det1, "");
            o.push("ln det Σ₂", "2·Σ ln diag(L₂)", t.log_det2, "");
            let how = format!(
                "({} + {} − {} + {} − {})/2",
                trace_text,
                n(t.mahalanobis),
                t.dim,
                paren(t.log_det2),
                paren(t.log_det1)
            );
            let how = if q.base == engine::Base::E {
                how
            } else {
                format!("{how} nats, in {unit}")
            };
            o.total(
                if q.measure == Measure::Kl {
                    "D(N₁‖N₂)"
                } else {
                    "D(N₂‖N₁)"
                },
                how,
            )?;
        }
        (Inputs::Joint(rows), Measure::MutualInformation) => mi(&mut o, rows)?,
        _ => {
            let Some((p, qv)) = q.as_discrete() else {
                return Ok(Vec::new());
            };
            discrete(&mut o, &p, &qv)?;
        }
    }
    Ok(o.lines)
}

/// The normalised probabilities of `v` as the engine sees them. Counts whose
/// sum overflows (three of 1e308) are divided by the largest first: the
/// shares are the same, and the engine computes such measures too.
pub(super) fn probs(name: &'static str, v: &[f64], norm: Norm) -> Result<Vec<f64>, DistError> {
    let shares = |c: engine::discrete::Checked| (0..v.len()).map(|i| c.prob(i)).collect();
    match engine::discrete::check(name, v, norm) {
        Ok(_) if norm == Norm::Strict => Ok(v.to_vec()),
        Ok(c) => Ok(shares(c)),
        Err(e) => {
            let big = v.iter().fold(0.0f64, |m, x| m.max(*x));
            let finite = v.iter().all(|x| x.is_finite() && *x >= 0.0);
            if norm == Norm::Normalize && finite && big > 0.0 && v.iter().sum::<f64>().is_infinite()
            {
                let scaled: Vec<f64> = v.iter().map(|x| x / big).collect();
                let c = engine::discrete::check(name, &scaled, norm)?;
                Ok((0..v.len()).map(|i| c.prob(i)).collect())
            } else {
                Err(e)
            }
        }
    }
}

/// `ln` of each share of `v` (as [`probs`] gives them), kept finite for a
/// positive value whose share underflows (5e-324 out of 1e300 is 5e-624,
/// shown as 0, but its log is −1436.6, not −∞).
pub(super) fn ln_probs(name: &'static str, v: &[f64], norm: Norm) -> Result<Vec<f64>, DistError> {
    let shares = probs(name, v, norm)?;
    let big = v.iter().fold(0.0f64, |m, x| m.max(*x));
    let ln_total = match norm {
        Norm::Strict => 0.0,
        Norm::Normalize => big.ln() + v.iter().map(|x| x / big).sum::<f64>().ln(),
    };
    Ok(shares
        .iter()
        .zip(v)
        .map(|(s, raw)| {
            if s.is_normal() || *raw == 0.0 {
                s.ln()
            } else {
                raw.ln() - ln_total
            }
        })
        .collect())
}

fn discrete(o: &mut Out, p: &[f64], qv: &[f64]) -> Result<(), DistError> {
    let q = o.q;
    let log = q.base.log_name();
    let unit = q.base.unit();
    // Validate through the engine first, so bad inputs are its error.
    q.value()?;
    let p = probs("p", p, q.norm)?;
    let qv = probs("q", qv, q.norm)?;
    let count = p.len();
    match q.measure {
        Measure::Js => {
            let m: Vec<f64> = p.iter().zip(&qv).map(|(a, b)| (a + b) / 2.0).collect();
            o.text("M = (P + Q)/2", "", vec_text(&m, &|v| n(v)));
            let dpm = o.log_unit(engine::kl(&p, &m, Norm::Normalize)?);
            let dqm = o.log_unit(engine::kl(&qv, &m, Norm::Normalize)?);
            o.push("D(P‖M)", format!("Σ P·{log}(P/M)"), dpm, unit);
            o.push("D(Q‖M)", format!("Σ Q·{log}(Q/M)"), dqm, unit);
            o.total(
                "JS(P,Q) = (D(P‖M) + D(Q‖M))/2",
                format!("({} + {})/2", n(dpm), n(dqm)),
            )?;
        }
        Measure::Tv => {
            let mut sum = 0.0;
            for (i, (a, b)) in p.iter().zip(&qv).enumerate() {
                let d = (a - b).abs();
                sum += d;
                if i < MAX_OUTCOME_LINES {
                    o.push(
                        format!("{}: |P − Q|", x(i)),
                        format!("|{} − {}|", fmt_input(*a), fmt_input(*b)),
                        d,
                        "",
                    );
                }
            }
            o.more(count);
            o.push("Σ |P − Q|", "", sum, "");
            o.total("TV(P,Q) = (Σ |P − Q|)/2", format!("{}/2", n(sum)))?;
        }
        Measure::Hellinger => {
            let mut bc = 0.0;
            for (i, (a, b)) in p.iter().zip(&qv).enumerate() {
                // √P·√Q: P·Q itself underflows for P = Q = 1e-300.
                let r = a.sqrt() * b.sqrt();
                bc += r;
                if i < MAX_OUTCOME_LINES {
                    o.push(
                        format!("{}: √(P·Q)", x(i)),
                        format!("√({}·{})", fmt_input(*a), fmt_input(*b)),
                        r,
                        "",
                    );
                }
            }
            o.more(count);
            let bc = bc.min(1.0);
            o.push("BC = Σ √(P·Q) (Bhattacharyya coefficient)", "", bc, "");
            o.total("d_H(P,Q) = √(1 − BC)", format!("√(1 − {})", n(bc)))?;
        }
        Measure::W1 => {
            let xs: Vec<f64> = match &q.inputs {
                Inputs::Discrete { x: Some(x), .. } => x.clone(),
                _ => (0..count).map(|i| i as f64).collect(),
            };
            let (mut fp, mut fq, mut sum) = (0.0, 0.0, 0.0);
            for i in 0..count.saturating_sub(1) {
                fp += p[i];
                fq += qv[i];
                let gap = xs[i + 1] - xs[i];
                let c = if gap.is_finite() {
                    (fp - fq).abs() * gap
                } else {
                    // Positions ±1e308 apart: the gap overflows, the term may not.
                    (fp - fq).abs() * xs[i + 1] - (fp - fq).abs() * xs[i]
                };
                sum += c;
                if i < MAX_OUTCOME_LINES {
                    o.push(
                        format!("{}: |F_P − F_Q|·(x{} − x{})", x(i), i + 2, i + 1),
                        format!(
                            "|{} − {}|·({} − {})",
                            n(fp),
                            n(fq),
                            fmt_input(xs[i + 1]),
                            paren(xs[i])
                        ),
                        c,
                        "",
                    );
                }
            }
            o.more(count.saturating_sub(1));
            let _ = sum;
            o.total("W1(P,Q) = Σ |F_P − F_Q|·gap", "the sum of the lines above")?;
        }
        Measure::Chi2 => {
            let mut sum = 0.0;
            for (i, (a, b)) in p.iter().zip(&qv).enumerate() {
                let t = if *b == 0.0 {
                    if *a > 0.0 { f64::INFINITY } else { 0.0 }
                } else if b.is_normal() {
                    (a - b) * ((a - b) / b)
                } else {
                    // A subnormal Q: (P − Q)/Q can overflow while the term does not.
                    (2.0 * (a - b).abs().ln() - b.ln()).exp()
                };
                sum += t;
                if i < MAX_OUTCOME_LINES {
                    o.push(
                        format!("{}: (P − Q)²/Q", x(i)),
                        format!("({} − {})²/{}", fmt_input(*a), fmt_input(*b), fmt_input(*b)),
                        t,
                        "",
                    );
                }
            }
            o.more(count);
            let _ = sum;
            o.total("χ²(P‖Q) = Σ (P − Q)²/Q", "the sum of the lines above")?;
        }
        Measure::Renyi(alpha) => {
            let a = alpha.get();
            if a == 1.0 {
                o.text(
                    "α = 1",
                    "",
                    "the limit α → 1 of D_α is the KL divergence D(P‖Q)".into(),
                );
                o.total("D₁(P‖Q) = D(P‖Q)", format!("Σ P·{log}(P/Q)"))?;
            } else if a == 0.0 {
                let mass: f64 = p
                    .iter()
                    .zip(&qv)
                    .filter(|(a, _)| **a > 0.0)
                    .map(|(_, b)| b)
                    .sum();
                o.push("Q(supp P) = Σ over P > 0 of Q", "", mass, "");
                o.total("D₀(P‖Q) = −log Q(supp P)", format!("−{log}({})", n(mass)))?;
            } else if a.is_infinite() {
                // The largest ln(P/Q), through logs: P/Q itself can overflow.
                let (mut best_ln, mut at) = (f64::NEG_INFINITY, 0);
                for (i, (pa, qb)) in p.iter().zip(&qv).enumerate() {
                    if *pa > 0.0 {
                        let r = if *qb == 0.0 {
                            f64::INFINITY
                        } else {
                            pa.ln() - qb.ln()
                        };
                        if r > best_ln {
                            best_ln = r;
                            at = i;
                        }
                    }
                }
                let best = best_ln.exp();
                if best_ln.is_finite() && !best.is_normal() {
                    let l = o.log_unit(best_ln);
                    o.push(
                        format!("max {log}(P/Q) (at {})", x(at)),
                        format!("{log}({}/{})", fmt_input(p[at]), fmt_input(qv[at])),
                        l,
                        "",
                    );
                    o.total("D_∞(P‖Q) = max log(P/Q)", n(l))?;
                    return Ok(());
                }
                o.push(
                    format!("max P/Q (at {})", x(at)),
                    format!("{}/{}", fmt_input(p[at]), fmt_input(qv[at])),
                    best,
                    "",
                );
                o.total("D_∞(P‖Q) = log max P/Q", format!("{log}({})", n(best)))?;
            } else {
                let mut sum = 0.0;
                // ln of each term, for ln S when S itself leaves the double range.
                let mut logs = Vec::new();
                for (i, (pa, qb)) in p.iter().zip(&qv).enumerate() {
                    // Through logs: P^α or Q^(1−α) alone can overflow.
                    let t = if *pa == 0.0 {
                        0.0
                    } else if *qb == 0.0 {
                        pa.powf(a) * qb.powf(1.0 - a)
                    } else {
                        let l = a * pa.ln() + (1.0 - a) * qb.ln();
                        logs.push(l);
                        l.exp()
                    };
                    sum += t;
                    if i < MAX_OUTCOME_LINES
                        && t.is_infinite()
                        && logs.last().is_some_and(|l| l.is_finite())
                    {
                        // The term is beyond a double (1e2700): its log instead.
                        let l = o.log_unit(*logs.last().unwrap_or(&0.0));
                        o.push(
                            format!("{}: {log}(P^α·Q^(1−α))", x(i)),
                            format!(
                                "{}·{log}({}) + {}·{log}({})",
                                fmt_input(a),
                                fmt_input(*pa),
                                paren(1.0 - a),
                                fmt_input(*qb)
                            ),
                            l,
                            "",
                        );
                    } else if i < MAX_OUTCOME_LINES {
                        o.push(
                            format!("{}: P^α·Q^(1−α)", x(i)),
                            format!(
                                "{}^{}·{}^{}",
                                pow_base(*pa),
                                fmt_input(a),
                                pow_base(*qb),
                                paren(1.0 - a)
                            ),
                            t,
                            "",
                        );
                    }
                }
                o.more(count);
                let name = format!(
                    "D{}(P‖Q) = {log}(S)/(α − 1)",
                    super::math::lower(&fmt_input(a))
                );
                let wall = a > 1.0 && p.iter().zip(&qv).any(|(pa, qb)| *pa > 0.0 && *qb == 0.0);
                if !sum.is_normal() && !logs.is_empty() && !wall {
                    // S overflows (or underflows): its log, from the terms' logs.
                    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let ln_s = top + logs.iter().map(|l| (l - top).exp()).sum::<f64>().ln();
                    let log_s = o.log_unit(ln_s);
                    o.push(
                        format!("{log}(S), S = Σ P^α·Q^(1−α)"),
                        "from the logs of the terms (S is beyond the range of a double)",
                        log_s,
                        "",
                    );
                    o.total(&name, format!("{}/{}", n(log_s), paren(a - 1.0)))?;
                    return Ok(());
                }
                o.push("S = Σ P^α·Q^(1−α)", "", sum, "");
                // Near α = 1 the sum is within a hair of 1: show the digits that
                // carry its log, or the next line would read ln(1)/(−0.001).
                let s_text = near_one(sum);
                if let Some(w) = o.lines.last_mut() {
                    w.result = s_text.clone();
                }
                o.total(&name, format!("{log}({s_text})/{}", paren(a - 1.0)))?;
            }
        }
        // KL, reverse KL, cross-entropy and entropy: the outcome rows are the working.
        _ => {}
    }
    Ok(())
}

fn mi(o: &mut Out, rows: &[Vec<f64>]) -> Result<(), DistError> {
    let q = o.q;
    let log = q.base.log_name();
    let unit = q.base.unit();
    q.value()?;
    // Counts near 1e308 add up past the double range: then each is divided
    // by the largest before the sum (the shares are the same).
    let total: f64 = rows.iter().flatten().sum();
    let big = rows.iter().flatten().fold(0.0f64, |m, v| m.max(*v));
    let (pre, scale) = match q.norm {
        Norm::Strict => (1.0, 1.0),
        Norm::Normalize if total.is_finite() => (1.0, total),
        Norm::Normalize => (big, rows.iter().flatten().map(|v| v / big).sum()),
    };
    let cell = |i: usize, j: usize| rows[i][j] / pre / scale;
    let (r, c) = (rows.len(), rows.first().map_or(0, Vec::len));
    let px: Vec<f64> = (0..r).map(|i| (0..c).map(|j| cell(i, j)).sum()).collect();
    let py: Vec<f64> = (0..c).map(|j| (0..r).map(|i| cell(i, j)).sum()).collect();
    o.text("P(X) = row sums", "", vec_text(&px, &|v| n(v)));
    o.text("P(Y) = column sums", "", vec_text(&py, &|v| n(v)));
    let mut shown = 0;
    for (i, pi) in px.iter().enumerate() {
        for (j, pj) in py.iter().enumerate() {
            let pxy = cell(i, j);
            if pxy == 0.0 {
                continue;
            }
            if shown < MAX_OUTCOME_LINES {
                // P(x)·P(y) can underflow where the cell does not.
                let ratio = pxy / (pi * pj);
                let ln_ratio = if ratio.is_normal() && (pi * pj).is_normal() {
                    ratio.ln()
                } else {
                    pxy.ln() - pi.ln() - pj.ln()
                };
                let t = o.log_unit(pxy * ln_ratio);
                o.push(
                    format!("cell ({}, {}): p·{log}(p/(P(x)·P(y)))", i + 1, j + 1),
                    format!("{}·{log}({}/({}·{}))", n(pxy), n(pxy), n(px[i]), n(py[j])),
                    t,
                    unit,
                );
            }
            shown += 1;
        }
    }
    o.more(shown);
    o.total("I(X;Y)", "the sum of the cell terms")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Base;
    use crate::quantity::Alpha;

    fn disc(m: Measure, p: &[f64], q: &[f64]) -> Quantity {
        Quantity::discrete(m, p.to_vec(), q.to_vec(), Base::E)
    }

    fn last(w: &[Work]) -> f64 {
        w.last().unwrap().value.unwrap()
    }

    #[test]
    fn every_non_row_measure_has_working_ending_in_the_engine_value() {
        let (p, q) = ([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]);
        for m in [
            Measure::Js,
            Measure::Tv,
            Measure::Hellinger,
            Measure::W1,
            Measure::Chi2,
            Measure::Renyi(Alpha::new(0.5)),
            Measure::Renyi(Alpha::new(0.0)),
            Measure::Renyi(Alpha::new(1.0)),
            Measure::Renyi(Alpha::new(f64::INFINITY)),
        ] {
            let quantity = disc(m, &p, &q);
            let w = work(&quantity).unwrap();
            assert!(w.len() >= 2, "{m}: {w:?}");
            assert_eq!(last(&w), quantity.value().unwrap(), "{m}");
        }
    }

    #[test]
    fn tv_hellinger_and_chi2_lines_are_per_outcome_and_add_up() {
        let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
        let w = work(&disc(Measure::Tv, &p, &q)).unwrap();
        assert_eq!(w[0].line(), "x1: |P − Q| = |0.9 − 0.5| = 0.4");
        assert_eq!(w[2].value, Some(0.8));
        let w = work(&disc(Measure::Hellinger, &p, &q)).unwrap();
        let bc = (0.45f64).sqrt() + (0.05f64).sqrt();
        assert!((w[2].value.unwrap() - bc).abs() < 1e-15);
        assert!((last(&w) - (1.0 - bc).sqrt()).abs() < 1e-12);
        // Hellinger's symbol is the lessons' d_H, never cross-entropy's H(P,Q).
        assert!(w.last().unwrap().what.starts_with("d_H(P,Q)"), "{w:?}");
        assert!(
            w.iter()
                .all(|l| !l.line().contains("H(P,Q)") || l.line().contains("d_H(P,Q)"))
        );
        let w = work(&disc(Measure::Chi2, &p, &q)).unwrap();
        let sum: f64 = w[..2].iter().map(|l| l.value.unwrap()).sum();
        assert!((sum - last(&w)).abs() < 1e-15);
    }

    #[test]
    fn js_goes_through_m_and_the_two_kls() {
        let w = work(&disc(Measure::Js, &[0.9, 0.1], &[0.5, 0.5])).unwrap();
        assert_eq!(w[0].result, "[0.7, 0.3]");
        let (a, b) = (w[1].value.unwrap(), w[2].value.unwrap());
        assert!(((a + b) / 2.0 - last(&w)).abs() < 1e-15);
        assert!((a - engine::kl(&[0.9, 0.1], &[0.7, 0.3], Norm::Strict).unwrap()).abs() < 1e-15);
    }

    #[test]
    fn gaussian_terms_add_to_the_closed_form() {
        let q = Quantity {
            measure: Measure::Kl,
            inputs: Inputs::Gaussian {
                mu1: 0.0,
                sigma1: 1.0,
                mu2: 1.0,
                sigma2: 2.0,
            },
            base: Base::E,
            norm: Norm::Strict,
        };
        let w = work(&q).unwrap();
        let parts: f64 = w[..3].iter().map(|l| l.value.unwrap()).sum::<f64>() - 0.5;
        assert!((parts - last(&w)).abs() < 1e-15, "{parts} vs {}", last(&w));
        assert_eq!(w[0].what, "ln(σ₂/σ₁)");
    }

    #[test]
    fn mi_goes_through_marginals_and_cells() {
        let q = Quantity {
            measure: Measure::MutualInformation,
            inputs: Inputs::Joint(vec![vec![0.3, 0.2], vec![0.1, 0.4]]),
            base: Base::E,
            norm: Norm::Strict,
        };
        let w = work(&q).unwrap();
        assert_eq!(w[0].result, "[0.5, 0.5]");
        assert_eq!(w[1].result, "[0.4, 0.6]");
        let cells: f64 = w[2..6].iter().map(|l| l.value.unwrap()).sum();
        assert!((cells - last(&w)).abs() < 1e-12);
    }

    #[test]
    fn long_inputs_are_cut_to_a_bounded_number_of_lines() {
        let n = 10_000;
        let p = vec![1.0 / n as f64; n];
        let w = work(&Quantity {
            norm: Norm::Normalize,
            ..disc(Measure::Tv, &p, &p)
        })
        .unwrap();
        assert!(w.len() <= MAX_OUTCOME_LINES + 4, "{}", w.len());
        assert!(w.iter().any(|l| l.result.contains("9950 more")));
    }

    /// Near α = 1 the sum S is shown with the digits its log needs: the
    /// printed S, put through ln(S)/(α − 1), gives the engine's value.
    #[test]
    fn renyi_near_one_shows_enough_digits_of_s() {
        let q = disc(
            Measure::Renyi(Alpha::new(0.999)),
            &[0.6, 0.3, 0.1],
            &[0.5, 0.4, 0.1],
        );
        let w = work(&q).unwrap();
        let s_line = w.iter().find(|l| l.what.starts_with("S =")).unwrap();
        let s: f64 = s_line.result.parse().unwrap();
        assert!(s != 1.0, "{}", s_line.result);
        let from_shown = s.ln() / (0.999 - 1.0);
        assert!((from_shown / last(&w) - 1.0).abs() < 1e-3, "{from_shown}");
        assert!(w.last().unwrap().how.contains(&s_line.result));
        // Far from 1 the usual four digits.
        assert_eq!(near_one(0.5), n(0.5));
    }

    #[test]
    fn row_measures_have_no_extra_working() {
        assert!(
            work(&disc(Measure::Kl, &[0.9, 0.1], &[0.5, 0.5]))
                .unwrap()
                .is_empty()
        );
    }
}
