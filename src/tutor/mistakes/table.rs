//! The catalogue itself: every mistake in diagnosis order, with the concept
//! that teaches it and the hint aimed at it.

use super::MistakeInfo;
use super::constants::*;
use super::formula::*;
use super::names::*;
use super::terms::*;
use super::units::*;
use crate::engine::Base;

macro_rules! mistake {
    ($id:literal, $title:literal, $concept:literal, $f:expr) => {
        MistakeInfo {
            id: $id,
            title: $title,
            concept: $concept,
            candidates: $f,
        }
    };
}

/// All mistakes, in diagnosis order (see the module documentation).
pub static CATALOGUE: [MistakeInfo; 26] = [
    mistake!(
        "swapped-arguments",
        "Arguments swapped",
        "asymmetry",
        swapped_arguments
    ),
    mistake!(
        "cross-entropy-for-kl",
        "Cross-entropy instead of KL",
        "kl-cross-entropy-relation",
        cross_entropy_for_kl
    ),
    mistake!(
        "entropy-for-kl",
        "Entropy instead of KL",
        "kl-cross-entropy-relation",
        entropy_for_kl
    ),
    mistake!(
        "kl-for-cross-entropy",
        "KL instead of cross-entropy",
        "kl-cross-entropy-relation",
        kl_for_cross_entropy
    ),
    mistake!(
        "entropy-for-cross-entropy",
        "Entropy instead of cross-entropy",
        "cross-entropy",
        entropy_for_cross_entropy
    ),
    mistake!(
        "nats-for-bits",
        "Nats where bits were asked",
        "units",
        |c| { wrong_unit(c, Base::Two, Base::E) }
    ),
    mistake!(
        "bits-for-nats",
        "Bits where nats were asked",
        "units",
        |c| { wrong_unit(c, Base::E, Base::Two) }
    ),
    mistake!("log10", "Base-10 logarithm", "units", |c| {
        let mut v = wrong_unit(c, Base::Two, Base::Ten);
        v.extend(wrong_unit(c, Base::E, Base::Ten));
        v
    }),
    mistake!(
        "nats-for-hartleys",
        "Nats where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::E)
    ),
    mistake!(
        "bits-for-hartleys",
        "Bits where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::Two)
    ),
    mistake!(
        "sign-flipped",
        "Sign flipped (ratio inverted)",
        "non-negativity",
        sign_flipped
    ),
    mistake!(
        "weighted-by-q",
        "Log ratios weighted by Q",
        "expected-log-ratio",
        weighted_by_q
    ),
    mistake!(
        "weighted-by-p",
        "Reverse KL weighted by P",
        "expected-log-ratio",
        weighted_by_p
    ),
    mistake!(
        "unweighted",
        "Log terms not weighted by probabilities",
        "expected-log-ratio",
        unweighted
    ),
    mistake!(
        "forgot-half",
        "JS without the halves",
        "other-divergences",
        forgot_half
    ),
    mistake!(
        "symmetrized-kl",
        "Averaged KL instead of JS",
        "other-divergences",
        symmetrized_kl
    ),
    mistake!(
        "tv-without-half",
        "Total variation without the ½",
        "other-divergences",
        tv_without_half
    ),
    mistake!(
        "squared-hellinger",
        "Squared Hellinger distance",
        "other-divergences",
        squared_hellinger
    ),
    mistake!(
        "hellinger-without-half",
        "Hellinger without the ½",
        "other-divergences",
        hellinger_without_half
    ),
    mistake!(
        "dropped-term",
        "A term left out of the sum",
        "definition-discrete",
        dropped_term
    ),
    mistake!(
        "swapped-nats-for-bits",
        "Arguments swapped and nats for bits",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two], Base::E)
    ),
    mistake!(
        "swapped-bits-for-nats",
        "Arguments swapped and bits for nats",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::E], Base::Two)
    ),
    mistake!(
        "swapped-log10",
        "Arguments swapped and base-10 logarithm",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two, Base::E], Base::Ten)
    ),
    mistake!(
        "forgot-log",
        "Ratios averaged without the log",
        "definition-discrete",
        forgot_log
    ),
    mistake!(
        "negative-value",
        "Negative value for a non-negative measure",
        "non-negativity",
        negative_value
    ),
    // Produced by grading from the unit the learner typed, not from a value.
    mistake!(
        "unit-mismatch",
        "Answer labelled with another unit",
        "units",
        none
    ),
];
