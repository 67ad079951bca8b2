//! Calibration: how well a learner's stated confidence matches how often
//! their predictions come true. Predictions are stored as facts
//! ([`Prediction`]); the score and the reliability bins are recomputed.
//!
//! The Brier score is the mean of (confidence − outcome)², outcome 1 for a
//! right prediction and 0 for a wrong one: 0 is perfect, 0.25 is what always
//! saying 50 % earns. Bins group predictions by stated confidence rounded to
//! the nearest 10 % (50 % ... 100 %); a calibrated learner is right in about
//! that share of each bin.

use serde::{Deserialize, Serialize};

/// One prediction made before a computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Unique like an attempt id; merging is a union by it.
    pub id: String,
    pub time_ms: i64,
    /// `"<lesson-id>/<block-id>"`.
    pub block: String,
    /// The 0-based choice and whether it was right.
    pub choice: usize,
    pub correct: bool,
    /// Stated confidence as a probability, 0.5 to 1.
    pub confidence: f64,
}

/// One reliability bin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// The bin's stated confidence, 0.5 to 1.0 in steps of 0.1.
    pub confidence: f64,
    pub n: usize,
    pub right: usize,
}

/// `progress --json`'s `"calibration"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub predictions: usize,
    /// `None` before any prediction.
    pub brier: Option<f64>,
    /// Every bin from 50 % to 100 %, empty ones included (`n = 0`).
    pub bins: Vec<Bin>,
}

/// The bin index (0 = 50 %, 5 = 100 %) of a confidence.
fn bin_of(confidence: f64) -> usize {
    ((confidence.clamp(0.5, 1.0) * 10.0).round() as usize)
        .saturating_sub(5)
        .min(5)
}

/// Calibration over `predictions`.
pub fn calibration(predictions: &[Prediction]) -> Calibration {
    let mut bins: Vec<Bin> = (5..=10)
        .map(|k| Bin {
            confidence: f64::from(k) / 10.0,
            n: 0,
            right: 0,
        })
        .collect();
    let mut sum = 0.0;
    for p in predictions {
        let c = p.confidence.clamp(0.5, 1.0);
        let o = if p.correct { 1.0 } else { 0.0 };
        sum += (c - o) * (c - o);
        let b = &mut bins[bin_of(c)];
        b.n += 1;
        b.right += usize::from(p.correct);
    }
    let n = predictions.len();
    Calibration {
        predictions: n,
        brier: (n > 0).then(|| sum / n as f64),
        bins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pred(confidence: f64, correct: bool) -> Prediction {
        Prediction {
            id: format!("{confidence}-{correct}"),
            time_ms: 0,
            block: "l/b".into(),
            choice: 0,
            correct,
            confidence,
        }
    }

    #[test]
    fn brier_and_bins() {
        let c = calibration(&[
            pred(0.9, true),
            pred(0.9, false),
            pred(0.5, true),
            pred(1.0, true),
        ]);
        assert_eq!(c.predictions, 4);
        // (0.01 + 0.81 + 0.25 + 0) / 4
        assert!((c.brier.unwrap() - 0.2675).abs() < 1e-15);
        assert_eq!(c.bins.len(), 6);
        assert_eq!(
            (c.bins[4].confidence, c.bins[4].n, c.bins[4].right),
            (0.9, 2, 1)
        );
        assert_eq!((c.bins[0].n, c.bins[0].right), (1, 1));
        assert_eq!((c.bins[5].confidence, c.bins[5].n), (1.0, 1));
        assert_eq!(calibration(&[]).brier, None);
        // 0.75 rounds to the 80 % bin.
        assert_eq!(calibration(&[pred(0.75, true)]).bins[3].n, 1);
    }
}
