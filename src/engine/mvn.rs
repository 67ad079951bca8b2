//! KL divergence between multivariate Gaussians with full covariances.
//!
//! `D(N(μ₁,Σ₁)‖N(μ₂,Σ₂)) = ½[tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁) − k + ln det Σ₂ − ln det Σ₁]`.
//!
//! Computed from the Cholesky factors `Σ = L Lᵀ` without forming an inverse:
//! `M = L₂⁻¹L₁` is lower triangular (one triangular solve), `tr(Σ₂⁻¹Σ₁) = ‖M‖²_F`,
//! `ln det(Σ₂⁻¹Σ₁) = 2 Σ ln M_ii` and the mean term is `‖L₂⁻¹(μ₂−μ₁)‖²`. Grouping
//! the diagonal as `Σ (M_ii² − 1 − ln M_ii²)` makes every piece non-negative,
//! so the total never cancels to a negative number when the Gaussians agree.

// Matrix and paired-vector loops read best with indices.
#![allow(clippy::needless_range_loop)]

use super::error::DistError;

/// The closed form's pieces, for a worked solution (all in nats).
#[derive(Debug, Clone, PartialEq)]
pub struct MvnTerms {
    /// The dimension k.
    pub dim: usize,
    /// `tr(Σ₂⁻¹Σ₁)`.
    pub trace: f64,
    /// Half of it, finite where the trace itself is just past the double
    /// range and the divergence is not (a worked solution shows it from this).
    pub half_trace: f64,
    /// `(μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁)`.
    pub mahalanobis: f64,
    /// `ln det Σ₁`.
    pub log_det1: f64,
    /// `ln det Σ₂`.
    pub log_det2: f64,
    /// The divergence, computed from non-negative pieces (not by adding the
    /// fields above, which can cancel).
    pub value: f64,
}

/// `D(N(mu1, cov1) ‖ N(mu2, cov2))` in nats.
pub fn mvn_kl(
    mu1: &[f64],
    cov1: &[Vec<f64>],
    mu2: &[f64],
    cov2: &[Vec<f64>],
) -> Result<f64, DistError> {
    Ok(mvn_kl_terms(mu1, cov1, mu2, cov2)?.value)
}

/// The divergence and the terms of its closed form.
pub fn mvn_kl_terms(
    mu1: &[f64],
    cov1: &[Vec<f64>],
    mu2: &[f64],
    cov2: &[Vec<f64>],
) -> Result<MvnTerms, DistError> {
    let k = mu1.len();
    check_vector("mu1", mu1)?;
    check_vector("mu2", mu2)?;
    if mu2.len() != k {
        return Err(matrix(
            "mu2",
            format!(
                "has {} values but mu1 has {k}: both means must have the same dimension",
                mu2.len()
            ),
        ));
    }
    let (l1, d1) = cholesky_pivots("cov1", cov1, k)?;
    let (l2, d2) = cholesky_pivots("cov2", cov2, k)?;
    // M = L2⁻¹ L1, column by column (forward substitution; M is lower triangular).
    let mut m = vec![vec![0.0; k]; k];
    for col in 0..k {
        for row in col..k {
            let mut s = l1[row][col];
            for j in col..row {
                s -= l2[row][j] * m[j][col];
            }
            m[row][col] = s / l2[row][row];
        }
    }
    // z = L2⁻¹ (mu2 − mu1). Means near ±1e308 can have a difference beyond
    // the double range: then the halved difference is solved for and the
    // square scaled back by 4 (exact powers of two).
    let halve = (0..k).any(|i| !(mu2[i] - mu1[i]).is_finite());
    let f = if halve { 0.5 } else { 1.0 };
    let mut z = vec![0.0; k];
    for row in 0..k {
        let mut s = f * mu2[row] - f * mu1[row];
        for j in 0..row {
            s -= l2[row][j] * z[j];
        }
        z[row] = s / l2[row][row];
    }
    let mahalanobis: f64 = z.iter().map(|v| v * v).sum::<f64>() / (f * f);
    // Half of each piece is summed (the ½ of the closed form taken first), so
    // a divergence near 1e308 does not overflow on the way.
    let half_mahalanobis: f64 = z.iter().map(|v| (0.5 * v) * v).sum::<f64>() / (f * f);
    let mut trace = 0.0;
    let mut half_trace = 0.0;
    let mut half_grouped = 0.0;
    for (i, row) in m.iter().enumerate() {
        for (j, v) in row.iter().enumerate().take(i + 1) {
            trace += v * v;
            half_trace += (0.5 * v) * v;
            if i != j {
                half_grouped += (0.5 * v) * v;
            }
        }
        // M_ii² − 1 − ln M_ii² with t = ln M_ii² = ln(d1/d2), from the pivots
        // before their square roots (d1 − d2 is exact when they are close).
        let gap = (d1[i] - d2[i]) / d2[i];
        let t = if gap.is_finite() && gap > -0.5 {
            gap.ln_1p()
        } else {
            // d1/d2 beyond the double range (1e300 over 1e-300), or so small
            // that 1 + gap rounds to 0 (1 over 1e300): from the logs.
            d1[i].ln() - d2[i].ln()
        };
        half_grouped += half_expm1_minus(t);
    }
    let log_det1 = 2.0 * l1.iter().enumerate().map(|(i, r)| r[i].ln()).sum::<f64>();
    let log_det2 = 2.0 * l2.iter().enumerate().map(|(i, r)| r[i].ln()).sum::<f64>();
    let value = half_grouped + half_mahalanobis;
    if !value.is_finite() {
        return Err(overflow(&d1, &d2, &z, f, &m));
    }
    Ok(MvnTerms {
        dim: k,
        trace,
        half_trace,
        mahalanobis,
        log_det1,
        log_det2,
        value,
    })
}

/// The error for a divergence that is finite (every input is) but beyond the
/// largest double, with its order of magnitude estimated from logs: the
/// scale part is about max M_ij²/2 (M_ii² = d1/d2 from the pivots), the
/// mean part about max z²/2 (z solved for the mean difference times `f`).
fn overflow(d1: &[f64], d2: &[f64], z: &[f64], f: f64, m: &[Vec<f64>]) -> DistError {
    let half = 2f64.log10();
    let diag = (0..d1.len())
        .map(|i| d1[i].log10() - d2[i].log10())
        .fold(f64::NEG_INFINITY, f64::max);
    let off = m
        .iter()
        .flatten()
        .filter(|v| v.is_finite() && **v != 0.0)
        .map(|v| 2.0 * v.abs().log10())
        .fold(f64::NEG_INFINITY, f64::max);
    let scale = diag.max(off) - half;
    let mean = z
        .iter()
        .filter(|v| v.is_finite() && **v != 0.0)
        .map(|v| 2.0 * (v.abs().log10() - f.log10()))
        .fold(f64::NEG_INFINITY, f64::max)
        - half;
    let (name, log10) = if mean >= scale {
        ("mu2", mean)
    } else {
        ("cov1", scale)
    };
    DistError::Overflow {
        name,
        // Past the double range in any case; a lower bound when the pieces
        // themselves overflowed.
        log10: if log10.is_finite() {
            log10.max(308.3)
        } else {
            308.3
        },
    }
}

/// `(eᵗ − 1 − t)/2`, finite while the half is (t up to about 710.4).
fn half_expm1_minus(t: f64) -> f64 {
    if t > 700.0 {
        (t - std::f64::consts::LN_2).exp() - 0.5 * (1.0 + t)
    } else {
        0.5 * expm1_minus(t)
    }
}

/// `eᵗ − 1 − t ≥ 0`, accurate for small `t` too.
fn expm1_minus(t: f64) -> f64 {
    if t.abs() < 0.05 {
        // Taylor series; the first omitted term is below 1e-17 of the sum.
        let mut term = t * t / 2.0;
        let mut acc = 0.0;
        for n in 3..14 {
            acc += term;
            term *= t / n as f64;
        }
        acc
    } else {
        (t.exp_m1() - t).max(0.0)
    }
}

fn matrix(name: &'static str, why: String) -> DistError {
    DistError::Matrix { name, why }
}

fn check_vector(name: &'static str, v: &[f64]) -> Result<(), DistError> {
    if v.is_empty() {
        return Err(matrix(
            name,
            "is empty: a mean needs at least one value".into(),
        ));
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(matrix(
            name,
            format!("value {} is {}, not a finite number", i + 1, v[i]),
        ));
    }
    Ok(())
}

/// Checks that `a` is a k×k symmetric positive definite matrix and returns its
/// lower Cholesky factor; the error says which property fails and where.
pub fn cholesky(name: &'static str, a: &[Vec<f64>], k: usize) -> Result<Vec<Vec<f64>>, DistError> {
    Ok(cholesky_pivots(name, a, k)?.0)
}

/// [`cholesky`], with the pivots `L_jj²` as computed before their square roots.
fn cholesky_pivots(
    name: &'static str,
    a: &[Vec<f64>],
    k: usize,
) -> Result<(Vec<Vec<f64>>, Vec<f64>), DistError> {
    if a.len() != k {
        return Err(matrix(
            name,
            format!(
                "has {} rows but the mean has {k} values: a covariance must be {k}x{k}",
                a.len()
            ),
        ));
    }
    for (r, row) in a.iter().enumerate() {
        if row.len() != k {
            return Err(matrix(
                name,
                format!(
                    "row {} has {} values but the matrix must be {k}x{k} (square, matching the mean)",
                    r + 1,
                    row.len()
                ),
            ));
        }
        if let Some(c) = row.iter().position(|x| !x.is_finite()) {
            return Err(matrix(
                name,
                format!(
                    "the value in row {}, column {} is {}, not a finite number",
                    r + 1,
                    c + 1,
                    row[c]
                ),
            ));
        }
    }
    let scale = a.iter().flatten().fold(0.0f64, |m, x| m.max(x.abs()));
    for r in 0..k {
        for c in 0..r {
            let (x, y) = (a[r][c], a[c][r]);
            if (x - y).abs() > 1e-12 * scale {
                return Err(matrix(
                    name,
                    format!(
                        "is not symmetric: row {}, column {} is {x} but row {}, column {} is {y}",
                        r + 1,
                        c + 1,
                        c + 1,
                        r + 1
                    ),
                ));
            }
        }
    }
    for (i, row) in a.iter().enumerate() {
        if row[i] <= 0.0 {
            return Err(matrix(
                name,
                format!(
                    "is not positive definite: the variance on the diagonal in row {} is {}, but a variance must be positive",
                    i + 1,
                    row[i]
                ),
            ));
        }
    }
    let mut l = vec![vec![0.0; k]; k];
    let mut pivots = vec![0.0; k];
    for j in 0..k {
        let mut d = a[j][j];
        for p in 0..j {
            d -= l[j][p] * l[j][p];
        }
        // A pivot that is zero up to rounding means a singular matrix.
        if d <= a[j][j] * 1e-14 * (k as f64) {
            return Err(matrix(
                name,
                format!(
                    "is not positive definite: its leading {n}x{n} block has determinant <= 0 (Cholesky pivot {pivot} in row {n}), so some variable is a linear combination of the others or a correlation exceeds 1",
                    n = j + 1,
                    pivot = if d.abs() >= 1e-3 {
                        format!("{d:.4}")
                    } else {
                        format!("{d:.3e}")
                    },
                ),
            ));
        }
        pivots[j] = d;
        let djj = d.sqrt();
        l[j][j] = djj;
        for i in j + 1..k {
            let mut s = a[i][j];
            for p in 0..j {
                s -= l[i][p] * l[j][p];
            }
            l[i][j] = s / djj;
        }
    }
    Ok((l, pivots))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: &[&[f64]]) -> Vec<Vec<f64>> {
        rows.iter().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn one_dimension_is_the_scalar_gaussian_kl() {
        let v = mvn_kl(&[0.0], &m(&[&[1.0]]), &[1.0], &m(&[&[4.0]])).unwrap();
        let want = super::super::gaussian_kl(0.0, 1.0, 1.0, 2.0).unwrap();
        assert!((v - want).abs() < 1e-15, "{v} vs {want}");
    }

    #[test]
    fn identical_gaussians_give_exact_zero_and_near_ones_stay_positive() {
        let c = m(&[&[2.0, 0.3], &[0.3, 1.0]]);
        assert_eq!(mvn_kl(&[1.0, 2.0], &c, &[1.0, 2.0], &c).unwrap(), 0.0);
        let c2 = m(&[&[2.0 * (1.0 + 1e-10), 0.3], &[0.3, 1.0]]);
        let v = mvn_kl(&[1.0, 2.0], &c, &[1.0, 2.0], &c2).unwrap();
        assert!(v > 0.0 && v < 1e-19, "{v}");
    }

    #[test]
    fn bad_matrices_are_named_with_the_reason() {
        let mu = [0.0, 0.0];
        let good = m(&[&[1.0, 0.0], &[0.0, 1.0]]);
        let cases = [
            (m(&[&[1.0, 0.5], &[0.2, 1.0]]), "not symmetric"),
            (m(&[&[1.0, 2.0], &[2.0, 1.0]]), "not positive definite"),
            (m(&[&[1.0, 1.0], &[1.0, 1.0]]), "not positive definite"),
            (m(&[&[-1.0, 0.0], &[0.0, 1.0]]), "variance"),
            (m(&[&[1.0, 0.0]]), "rows"),
            (m(&[&[1.0, 0.0], &[0.0]]), "row 2 has 1 values"),
            (m(&[&[1.0, f64::NAN], &[0.0, 1.0]]), "not a finite number"),
        ];
        for (bad, why) in cases {
            let e = mvn_kl(&mu, &good, &mu, &bad).unwrap_err().to_string();
            assert!(e.starts_with("cov2: ") && e.contains(why), "{e}");
            let e = mvn_kl(&mu, &bad, &mu, &good).unwrap_err().to_string();
            assert!(e.starts_with("cov1: ") && e.contains(why), "{e}");
        }
        let e = mvn_kl(&mu, &good, &[0.0], &good).unwrap_err().to_string();
        assert!(e.starts_with("mu2: "), "{e}");
    }
}
