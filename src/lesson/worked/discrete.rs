//! The discrete measures' working: JS through M, TV and Hellinger per
//! outcome, W1 through the cumulative differences, χ² and Rényi per outcome.

use super::{MAX_OUTCOME_LINES, Out, n, near_one, paren, pow_base, vec_text, x};
use crate::engine::{self, DistError, Norm};
use crate::lesson::text::fmt_input;
use crate::quantity::{Inputs, Measure};

/// The normalised probabilities of `v` as the engine sees them. Counts whose
/// sum overflows (three of 1e308) are divided by the largest first: the
/// shares are the same, and the engine computes such measures too.
pub(in crate::lesson) fn probs(
    name: &'static str,
    v: &[f64],
    norm: Norm,
) -> Result<Vec<f64>, DistError> {
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
pub(in crate::lesson) fn ln_probs(
    name: &'static str,
    v: &[f64],
    norm: Norm,
) -> Result<Vec<f64>, DistError> {
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

pub(super) fn discrete(o: &mut Out, p: &[f64], qv: &[f64]) -> Result<(), DistError> {
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
            // BC near 1: enough digits that 1 − BC, as shown, keeps its own.
            let bc_text = near_one(bc);
            if let Some(w) = o.lines.last_mut() {
                w.result = bc_text.clone();
            }
            o.total("d_H(P,Q) = √(1 − BC)", format!("√(1 − {bc_text})"))?;
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
                    crate::lesson::math::lower(&fmt_input(a))
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
