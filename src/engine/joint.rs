//! Joint distributions of two discrete variables, given as tables whose rows
//! are the values of `X` and columns the values of `Y`.
//!
//! These back the lessons on mutual information (KL from the joint to the
//! product of its marginals) and on the chain rule and additivity of KL.

use super::discrete::{self, Checked, Norm};
use super::error::DistError;
use super::exact::{DD, two_prod};
use super::kernel::{kl_checked, phi1p};

/// A validated table, flattened row-major.
struct Table {
    values: Vec<f64>,
    rows: usize,
    cols: usize,
}

fn flatten<R: AsRef<[f64]>>(name: &'static str, table: &[R]) -> Result<Table, DistError> {
    let rows = table.len();
    let cols = table.first().map_or(0, |r| r.as_ref().len());
    if rows == 0 || cols == 0 {
        return Err(DistError::Empty { name });
    }
    let mut values = Vec::with_capacity(rows * cols);
    for (row, r) in table.iter().enumerate() {
        let r = r.as_ref();
        if r.len() != cols {
            return Err(DistError::Ragged {
                name,
                row,
                len: r.len(),
                expected: cols,
            });
        }
        values.extend_from_slice(r);
    }
    Ok(Table { values, rows, cols })
}

/// Validates the flattened table, reporting a bad cell by row and column
/// rather than by its position in the flattened vector.
fn check_table<'a>(name: &'static str, t: &'a Table, norm: Norm) -> Result<Checked<'a>, DistError> {
    discrete::check(name, &t.values, norm).map_err(|e| match e {
        DistError::Negative { index, value, .. } => DistError::Cell {
            name,
            row: index / t.cols,
            col: index % t.cols,
            value,
            why: "but a probability cannot be negative",
        },
        DistError::NotFinite { index, value, .. } => DistError::Cell {
            name,
            row: index / t.cols,
            col: index % t.cols,
            value,
            why: "not a finite number",
        },
        other => other,
    })
}

/// Row sums (`X` marginal) and column sums (`Y` marginal), unnormalised, in
/// double-double.
fn marginals(t: &Table) -> (Vec<DD>, Vec<DD>) {
    let mut rows = vec![DD::ZERO; t.rows];
    let mut cols = vec![DD::ZERO; t.cols];
    for (i, row) in t.values.chunks_exact(t.cols).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            rows[i] = rows[i].add(v);
            cols[j] = cols[j].add(v);
        }
    }
    (rows, cols)
}

/// Mutual information `I(X;Y) = D(P_XY || P_X P_Y)` in nats.
///
/// Summed as `sum P_X P_Y phi(P_XY / (P_X P_Y))`, non-negative term by term,
/// with each ratio's distance from one taken from the exact difference
/// `v T - a b` (cell times total minus row sum times column sum). So a table
/// of counts that is exactly independent, such as `[[1, 2], [3, 6]]`, gives
/// exactly 0, and a nearly independent one keeps its digits.
pub fn mutual_information<R: AsRef<[f64]>>(joint: &[R], norm: Norm) -> Result<f64, DistError> {
    let mut t = flatten("joint", joint)?;
    if norm == Norm::Normalize
        && let Some(v) = super::scale::rescaled(&t.values)
    {
        // --normalize at any scale: the same table times a power of two.
        t.values = v;
    }
    let c = check_table("joint", &t, norm)?;
    let total = c.total;
    let (rows, cols) = marginals(&t);
    let mut acc = 0.0;
    for (i, row) in t.values.chunks_exact(t.cols).enumerate() {
        let a = rows[i];
        if a.hi == 0.0 {
            continue;
        }
        for (j, &v) in row.iter().enumerate() {
            let b = cols[j];
            if b.hi == 0.0 {
                continue;
            }
            let weight = (a.hi / total.hi) * (b.hi / total.hi);
            if v == 0.0 {
                // phi(0) = 1.
                acc += weight;
                continue;
            }
            let (x, xe) = two_prod(v, total.hi);
            let (y, ye) = two_prod(a.hi, b.hi);
            let num = (x - y) + ((xe - ye) + (v * total.lo - a.hi * b.lo - a.lo * b.hi));
            acc += weight * phi1p(num / (a.hi * b.hi));
        }
    }
    Ok(acc)
}

/// The three terms of the chain rule for KL, in nats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainRule {
    /// `D(P_XY || Q_XY)`.
    pub total: f64,
    /// `D(P_X || Q_X)`, between the row marginals.
    pub marginal: f64,
    /// `E_{x ~ P_X}[D(P_{Y|X=x} || Q_{Y|X=x})]`.
    pub conditional: f64,
}

/// The chain rule `D(P_XY||Q_XY) = D(P_X||Q_X) + E_{P_X}[D(P_{Y|X}||Q_{Y|X})]`,
/// with each side computed independently so a lesson can show that they
/// agree (to rounding). Rows are `X`.
///
/// A row `P` never visits contributes nothing to the conditional term, even
/// if its conditional divergence would be infinite (`0 * inf = 0`). A row
/// `P` visits but `Q` does not already makes the marginal (and the total)
/// infinite; `Q_{Y|X}` is undefined there and the row adds nothing more.
pub fn chain_rule<R: AsRef<[f64]>, S: AsRef<[f64]>>(
    pxy: &[R],
    qxy: &[S],
    norm: Norm,
) -> Result<ChainRule, DistError> {
    let tp = flatten("p", pxy)?;
    let tq = flatten("q", qxy)?;
    let cp = check_table("p", &tp, norm)?;
    let cq = check_table("q", &tq, norm)?;
    if (tp.rows, tp.cols) != (tq.rows, tq.cols) {
        return Err(DistError::ShapeMismatch {
            p: (tp.rows, tp.cols),
            q: (tq.rows, tq.cols),
        });
    }
    let total = kl_checked(&cp, &cq);
    let (px, _) = marginals(&tp);
    let (qx, _) = marginals(&tq);
    let pxv: Vec<f64> = px.iter().map(|d| d.value()).collect();
    let qxv: Vec<f64> = qx.iter().map(|d| d.value()).collect();
    let marginal = discrete::kl(&pxv, &qxv, Norm::Normalize)?;
    let mut conditional = 0.0;
    for (i, (prow, qrow)) in tp
        .values
        .chunks_exact(tp.cols)
        .zip(tq.values.chunks_exact(tq.cols))
        .enumerate()
    {
        if px[i].hi == 0.0 || qx[i].hi == 0.0 {
            continue;
        }
        let weight = px[i].value() / cp.total.value();
        conditional += weight * discrete::kl(prow, qrow, Norm::Normalize)?;
    }
    Ok(ChainRule {
        total,
        marginal,
        conditional,
    })
}

/// The product distribution `P1 x P2` as a flat, row-major vector: entry
/// `i * p2.len() + j` is `p1[i] * p2[j]`. For the additivity lesson,
/// `D(P1xP2 || Q1xQ2) = D(P1||Q1) + D(P2||Q2)`. Values are used as given
/// (no validation or normalisation); pass the result to [`discrete::kl`].
pub fn product(p1: &[f64], p2: &[f64]) -> Vec<f64> {
    p1.iter()
        .flat_map(|&a| p2.iter().map(move |&b| a * b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn independent_counts_give_exact_zero() {
        let t = [vec![1.0, 2.0], vec![3.0, 6.0]];
        assert_eq!(mutual_information(&t, Norm::Normalize).unwrap(), 0.0);
    }

    #[test]
    fn perfectly_correlated_bits_share_ln_2() {
        let t = [[0.5, 0.0], [0.0, 0.5]];
        let i = mutual_information(&t, Norm::Strict).unwrap();
        assert!((i - std::f64::consts::LN_2).abs() <= 2e-16, "{i}");
    }

    #[test]
    fn bad_tables_are_refused_by_row_and_column() {
        let e = mutual_information(&[vec![0.5, 0.5], vec![0.0]], Norm::Strict).unwrap_err();
        assert!(matches!(e, DistError::Ragged { row: 1, .. }), "{e}");
        let e = mutual_information(&[[0.5, 0.6], [-0.1, 0.0]], Norm::Strict).unwrap_err();
        assert_eq!(
            e.to_string(),
            "joint: the value in row 2, column 1 is -0.1, but a probability cannot be negative"
        );
        let e = chain_rule(&[[1.0]], &[[0.5, 0.5]], Norm::Strict).unwrap_err();
        assert!(matches!(e, DistError::ShapeMismatch { .. }), "{e}");
        let empty: [Vec<f64>; 0] = [];
        assert!(mutual_information(&empty, Norm::Strict).is_err());
    }

    #[test]
    fn chain_rule_with_unvisited_rows() {
        let p = [[0.5, 0.5], [0.0, 0.0]];
        let q = [[0.25, 0.25], [0.5, 0.0]];
        let c = chain_rule(&p, &q, Norm::Strict).unwrap();
        assert!((c.total - c.marginal - c.conditional).abs() < 1e-16);
        assert!((c.marginal - std::f64::consts::LN_2).abs() < 1e-16);
    }
}
