//! Mistakes of unit: the right quantity with the log of another base, alone
//! or together with swapped arguments.

use super::context::{Candidate, Ctx, one, sig};
use crate::engine::Base;
use crate::quantity::Measure;

pub(super) fn unit_name(base: Base) -> &'static str {
    base.unit()
}

/// How to convert a value computed in `from` into `to`, as an instruction.
pub(super) fn conversion(from: Base, to: Base) -> &'static str {
    match (from, to) {
        (Base::E, Base::Two) => "divide a result in nats by ln 2 ≈ 0.6931",
        (Base::Two, Base::E) => "multiply a result in bits by ln 2 ≈ 0.6931",
        (Base::Ten, Base::E) => "multiply a result in hartleys by ln 10 ≈ 2.303",
        (Base::E, Base::Ten) => "divide a result in nats by ln 10 ≈ 2.303",
        (Base::Ten, Base::Two) => "multiply a result in hartleys by log2(10) ≈ 3.322",
        (Base::Two, Base::Ten) => "multiply a result in bits by log10(2) ≈ 0.3010",
        _ => "no conversion is needed",
    }
}

/// The id of "used unit `used` where `asked` was asked", when catalogued.
pub(super) fn unit_mistake_id(asked: Base, used: Base) -> Option<&'static str> {
    Some(match (asked, used) {
        (Base::Two, Base::E) => "nats-for-bits",
        (Base::E, Base::Two) => "bits-for-nats",
        (Base::Two | Base::E, Base::Ten) => "log10",
        (Base::Ten, Base::E) => "nats-for-hartleys",
        (Base::Ten, Base::Two) => "bits-for-hartleys",
        _ => return None,
    })
}

/// The candidate for "computed the right quantity with the log of `used`".
pub(super) fn wrong_unit(c: &Ctx, asked: Base, used: Base) -> Vec<Candidate> {
    if !c.log_unit() || c.q.base != asked {
        return vec![];
    }
    let value = used.from_nats(c.nats());
    one(
        value,
        format!(
            "That is the value in {} ({} {}): you used {} instead of {}. The question asks for {}: use {}, or {}.",
            unit_name(used),
            sig(value),
            unit_name(used),
            used.log_name(),
            asked.log_name(),
            unit_name(asked),
            asked.log_name(),
            conversion(used, asked)
        ),
    )
}

/// Swapped arguments computed in the wrong unit: two slips at once.
pub(super) fn swapped_wrong_unit(c: &Ctx, asked: &[Base], used: Base) -> Vec<Candidate> {
    if !asked.contains(&c.q.base) {
        return vec![];
    }
    let Some(sw) = c.swapped() else { return vec![] };
    let value = used.from_nats(c.q.base.to_nats(sw));
    let what = if c.measure() == Measure::CrossEntropy {
        "the cross-entropy H(Q,P), arguments swapped,"
    } else if c.measure() == Measure::ReverseKl {
        "D(P‖Q), arguments swapped,"
    } else {
        "D(Q‖P), arguments swapped,"
    };
    one(
        value,
        format!(
            "That looks like {what} and in {} ({}): two slips at once. Keep the arguments in the asked order (the expectation is under the first one) and use {} for {}.",
            unit_name(used),
            Base::amount(&sig(value), unit_name(used)),
            c.q.base.log_name(),
            c.q.base.unit()
        ),
    )
}
