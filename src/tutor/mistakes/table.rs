//! The catalogue itself: every mistake in diagnosis order, with the concept
//! that teaches it and the hint aimed at it.

use super::MistakeInfo;
use super::constants::*;
use super::formula::*;
use super::gaussian::*;
use super::names::*;
use super::support::*;
use super::terms::*;
use super::units::*;
use crate::engine::Base;

macro_rules! mistake {
    ($id:literal, $title:literal, $concept:literal, $f:expr, $hint:literal) => {
        MistakeInfo {
            id: $id,
            title: $title,
            concept: $concept,
            candidates: $f,
            hint: $hint,
        }
    };
}

/// All mistakes, in diagnosis order (see the module documentation).
pub static CATALOGUE: [MistakeInfo; 33] = [
    mistake!(
        "swapped-arguments",
        "Arguments swapped",
        "asymmetry",
        swapped_arguments,
        "Which distribution supplies the weights, the first argument or the second? Read the asked quantity left to right: the first argument is the one the outcomes are drawn from."
    ),
    mistake!(
        "cross-entropy-for-kl",
        "Cross-entropy instead of KL",
        "kl-cross-entropy-relation",
        cross_entropy_for_kl,
        "A divergence compares two code lengths, not one: what do you subtract from the cross-entropy H(P,Q) to get D(P‖Q)?"
    ),
    mistake!(
        "entropy-for-kl",
        "Entropy instead of KL",
        "kl-cross-entropy-relation",
        entropy_for_kl,
        "Where does the second distribution appear in what you computed? A divergence needs both: each term has a ratio of the two."
    ),
    mistake!(
        "kl-for-cross-entropy",
        "KL instead of cross-entropy",
        "kl-cross-entropy-relation",
        kl_for_cross_entropy,
        "Cross-entropy is the whole code length under Q's code, not only the excess: what must you add to D(P‖Q) to get H(P,Q)?"
    ),
    mistake!(
        "entropy-for-cross-entropy",
        "Entropy instead of cross-entropy",
        "cross-entropy",
        entropy_for_cross_entropy,
        "Whose code lengths are you paying? In H(P,Q) the outcomes come from P but each is coded with −log Q(x)."
    ),
    mistake!(
        "nats-for-bits",
        "Nats where bits were asked",
        "units",
        |c| { wrong_unit(c, Base::Two, Base::E) },
        "Which logarithm did you use? Bits come from log2; ln gives nats."
    ),
    mistake!(
        "bits-for-nats",
        "Bits where nats were asked",
        "units",
        |c| { wrong_unit(c, Base::E, Base::Two) },
        "Which logarithm did you use? Nats come from the natural log ln; log2 gives bits."
    ),
    mistake!(
        "log10",
        "Base-10 logarithm",
        "units",
        |c| {
            let mut v = wrong_unit(c, Base::Two, Base::Ten);
            v.extend(wrong_unit(c, Base::E, Base::Ten));
            v
        },
        "Which logarithm did you use? A calculator's log key is often base 10; the question's unit decides the base."
    ),
    mistake!(
        "nats-for-hartleys",
        "Nats where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::E),
        "Hartleys come from log10. Which logarithm did you take?"
    ),
    mistake!(
        "bits-for-hartleys",
        "Bits where hartleys were asked",
        "units",
        |c| wrong_unit(c, Base::Ten, Base::Two),
        "Hartleys come from log10. Which logarithm did you take?"
    ),
    mistake!(
        "sign-flipped",
        "Sign flipped: ratio upside down",
        "non-negativity",
        sign_flipped,
        "Check one term: is the ratio the first distribution over the second, and did a minus sign slip in? The total can never be below zero."
    ),
    mistake!(
        "weighted-by-q",
        "Log ratios weighted by Q",
        "expected-log-ratio",
        weighted_by_q,
        "Which distribution supplies the weights in D(P‖Q)? The expectation is taken under the first argument."
    ),
    mistake!(
        "weighted-by-p",
        "Reverse KL weighted by P",
        "expected-log-ratio",
        weighted_by_p,
        "Which distribution supplies the weights in D(Q‖P)? The expectation is taken under the first argument."
    ),
    mistake!(
        "unweighted",
        "Log terms not weighted by probabilities",
        "expected-log-ratio",
        unweighted,
        "An expectation weights each outcome by its probability. What multiplies each log term before you add them?"
    ),
    mistake!(
        "forgot-half",
        "JS without the halves",
        "other-divergences",
        forgot_half,
        "JS is an average of two divergences. What factor does each of them carry?"
    ),
    mistake!(
        "symmetrized-kl",
        "Averaged KL instead of JS",
        "other-divergences",
        symmetrized_kl,
        "JS does not compare P with Q directly. What is the distribution both are compared with?"
    ),
    mistake!(
        "js-one-side",
        "JS from one side only",
        "other-divergences",
        js_one_side,
        "JS compares both P and Q with their mixture M. How many divergences from M does it average, and with what weights?"
    ),
    mistake!(
        "tv-without-half",
        "Total variation without the ½",
        "other-divergences",
        tv_without_half,
        "Total variation is the probability that moves. In Σ|P(x) − Q(x)| each moved bit is counted how many times?"
    ),
    mistake!(
        "squared-hellinger",
        "Squared Hellinger distance",
        "other-divergences",
        squared_hellinger,
        "Is your number the Hellinger distance or its square? Check the last step."
    ),
    mistake!(
        "hellinger-without-half",
        "Hellinger without the ½",
        "other-divergences",
        hellinger_without_half,
        "What constant sits inside the square root of the Hellinger distance?"
    ),
    mistake!(
        "gaussian-without-half",
        "Gaussian closed form without its ½",
        "gaussian-closed-form",
        gaussian_without_half,
        "What factor stands in front of the bracket in ½(μ² + σ² − 1 − ln σ²)? Check that every piece of your sum carries it."
    ),
    mistake!(
        "gaussian-dropped-constant",
        "Gaussian closed form without its −½",
        "gaussian-closed-form",
        gaussian_dropped_constant,
        "What does your formula give when P and Q are the same Gaussian? A divergence must give 0 there: which constant makes it so?"
    ),
    mistake!(
        "sigma-for-variance",
        "σ where the variance σ² belongs",
        "gaussian-closed-form",
        sigma_for_variance,
        "N(μ, σ²) is written with the variance. Which of the numbers you used should have been squared?"
    ),
    mistake!(
        "log-variance-slip",
        "ln σ² and ln σ confused",
        "gaussian-closed-form",
        log_variance_slip,
        "Is your log term of a ratio of standard deviations or of variances? ln σ² = 2 ln σ: check which one the formula has."
    ),
    mistake!(
        "dropped-term",
        "A term left out of the sum",
        "definition-discrete",
        dropped_term,
        "Count your terms: is there one for every outcome with a nonzero weight, negative ones included?"
    ),
    mistake!(
        "swapped-nats-for-bits",
        "Arguments swapped and nats for bits",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two], Base::E),
        "Two things to check: which distribution supplies the weights, and which logarithm gives the asked unit?"
    ),
    mistake!(
        "swapped-bits-for-nats",
        "Arguments swapped and bits for nats",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::E], Base::Two),
        "Two things to check: which distribution supplies the weights, and which logarithm gives the asked unit?"
    ),
    mistake!(
        "swapped-log10",
        "Arguments swapped and base-10 logarithm",
        "asymmetry",
        |c| swapped_wrong_unit(c, &[Base::Two, Base::E], Base::Ten),
        "Two things to check: which distribution supplies the weights, and which logarithm gives the asked unit?"
    ),
    mistake!(
        "forgot-log",
        "Ratios averaged without the log",
        "definition-discrete",
        forgot_log,
        "The divergence averages a log ratio, not a ratio. What do you take of P(x)/Q(x) before weighting it?"
    ),
    mistake!(
        "finite-for-infinite",
        "A finite answer where an outcome makes it infinite",
        "support-infinity",
        finite_for_infinite,
        "Is there an outcome where the second distribution is 0 but the first is not? What does its term come to?"
    ),
    mistake!(
        "infinite-for-finite",
        "An infinite answer where zero terms vanish",
        "support-infinity",
        infinite_for_finite,
        "Which zeros make a divergence infinite? Look at the weight of the term you made infinite: what is 0·log 0?"
    ),
    mistake!(
        "negative-value",
        "Negative value for a non-negative measure",
        "non-negativity",
        negative_value,
        "Can this quantity be negative at all? Single terms can; the total cannot. Recheck the sign of each term and each ratio."
    ),
    // Produced by grading from the unit the learner typed, not from a value.
    mistake!(
        "unit-mismatch",
        "Answer labelled with another unit",
        "units",
        none,
        "Which unit does the question ask for, and which did you write? The same number means different amounts in different units."
    ),
];
