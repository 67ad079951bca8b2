//! The concepts the curriculum teaches. Lessons, sections and blocks name
//! them by id so progress and coverage can be tracked per idea rather than per
//! file; `kltutor check` rejects any id not listed here.

/// Every concept id with the title a learner reads, in teaching order.
pub const CONCEPTS: &[(&str, &str)] = &[
    (
        "definition-discrete",
        "The definition for discrete distributions",
    ),
    ("definition-continuous", "The definition for densities"),
    ("expected-log-ratio", "KL as an expected log ratio"),
    ("coding-interpretation", "KL as wasted bits in coding"),
    ("units", "Units: bits, nats and hartleys"),
    ("non-negativity", "Non-negativity (Gibbs' inequality)"),
    ("asymmetry", "Asymmetry: D(P‖Q) ≠ D(Q‖P)"),
    (
        "support-infinity",
        "Support mismatch and infinite divergence",
    ),
    ("cross-entropy", "Cross-entropy"),
    ("kl-cross-entropy-relation", "KL = cross-entropy − entropy"),
    ("mle", "Maximum likelihood minimises KL"),
    ("chain-rule", "The chain rule"),
    ("additivity", "Additivity for independent variables"),
    (
        "mutual-information",
        "Mutual information as a KL divergence",
    ),
    ("convexity", "Convexity"),
    (
        "forward-vs-reverse",
        "Forward vs reverse KL: mode covering and mode seeking",
    ),
    ("smoothing", "Smoothing zero probabilities"),
    (
        "other-divergences",
        "Other divergences: JS, TV, Hellinger, Wasserstein",
    ),
    ("monte-carlo", "Monte Carlo estimation of KL"),
    ("gaussian-closed-form", "The closed form for Gaussians"),
    ("applications", "Applications: VAEs, RL, distillation"),
    (
        "conditional-entropy",
        "Conditional entropy and entropy as distance from uniform",
    ),
    (
        "log-sum-inequality",
        "The log-sum inequality and joint convexity",
    ),
    (
        "data-processing",
        "Data processing: no channel increases divergence",
    ),
    ("f-divergences", "f-divergences and Rényi divergences"),
    (
        "fisher-information",
        "Fisher information: KL for small steps",
    ),
    (
        "hypothesis-testing",
        "Hypothesis testing: Stein's lemma and Sanov",
    ),
    ("multivariate-gaussian", "KL between multivariate Gaussians"),
    ("rlhf", "KL-regularised fine-tuning (RLHF, DPO)"),
    ("kl-in-practice", "Computing KL in code"),
];

/// The title of a concept id, or `None` when the id is unknown.
pub fn concept_title(id: &str) -> Option<&'static str> {
    CONCEPTS.iter().find(|(c, _)| *c == id).map(|(_, t)| *t)
}

/// Whether `id` names a known concept.
pub fn is_concept(id: &str) -> bool {
    concept_title(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_unique_concepts() {
        assert_eq!(CONCEPTS.len(), 30);
        let mut ids: Vec<_> = CONCEPTS.iter().map(|c| c.0).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 30);
        assert!(is_concept("asymmetry"));
        assert!(!is_concept("asymetry"));
    }
}
