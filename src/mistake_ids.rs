//! The ids of the catalogued mistakes, the vocabulary that lesson files
//! (`[hints_for]`), progress files (an attempt's `diagnosis`) and the tutor
//! share.
//!
//! They live here, below every folder, so that the lesson checker can
//! validate a `[hints_for]` key and progress can group diagnoses into
//! misconceptions without either knowing the tutor: the arrow runs from the
//! tutor's catalogue (`tutor::mistakes`) down to this list, never up. A test
//! in the catalogue keeps the two in the same order, so a mistake added
//! there must be named here too.

/// Every mistake id, in the catalogue's diagnosis order.
pub const MISTAKE_IDS: [&str; 33] = [
    "swapped-arguments",
    "cross-entropy-for-kl",
    "entropy-for-kl",
    "kl-for-cross-entropy",
    "entropy-for-cross-entropy",
    "nats-for-bits",
    "bits-for-nats",
    "log10",
    "nats-for-hartleys",
    "bits-for-hartleys",
    "sign-flipped",
    "weighted-by-q",
    "weighted-by-p",
    "unweighted",
    "forgot-half",
    "symmetrized-kl",
    "js-one-side",
    "tv-without-half",
    "squared-hellinger",
    "hellinger-without-half",
    "gaussian-without-half",
    "gaussian-dropped-constant",
    "sigma-for-variance",
    "log-variance-slip",
    "dropped-term",
    "swapped-nats-for-bits",
    "swapped-bits-for-nats",
    "swapped-log10",
    "forgot-log",
    "finite-for-infinite",
    "infinite-for-finite",
    "negative-value",
    "unit-mismatch",
];

/// Whether `id` names a catalogued mistake.
pub fn is_mistake(id: &str) -> bool {
    MISTAKE_IDS.contains(&id)
}
