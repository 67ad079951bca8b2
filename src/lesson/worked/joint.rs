//! Mutual information through the marginals and the per-cell terms.

use super::{MAX_OUTCOME_LINES, Out, n, vec_text};
use crate::engine::{DistError, Norm};

pub(super) fn mi(o: &mut Out, rows: &[Vec<f64>]) -> Result<(), DistError> {
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
