//! The Gaussian closed forms term by term: the log σ ratio, the variance
//! ratio and the mean term; for full covariances the trace, Mahalanobis and
//! log-determinant pieces from the Cholesky factors.

use super::{DIGITS, Out, n, paren, pow_base};
use crate::engine::{self, DistError};
use crate::lesson::text::fmt_input;
use crate::quantity::{Inputs, Measure};

/// D(N₁‖N₂) (or D(N₂‖N₁)) of two univariate Gaussians, term by term.
pub(super) fn normal(o: &mut Out) -> Result<(), DistError> {
    let q = o.q;
    let log = q.base.log_name();
    let unit = q.base.unit();
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
    Ok(())
}

/// The full-covariance Gaussian KL through its closed form's pieces.
pub(super) fn multivariate(
    o: &mut Out,
    mu1: &[f64],
    cov1: &[Vec<f64>],
    mu2: &[f64],
    cov2: &[Vec<f64>],
) -> Result<(), DistError> {
    let q = o.q;
    let unit = q.base.unit();
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
        crate::lesson::text::fmt_from_ln(t.half_trace.ln() + std::f64::consts::LN_2, DIGITS)
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
    Ok(())
}
