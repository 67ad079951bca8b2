//! Checking a learner's answers: reading what they typed ([`expr`]), deciding
//! whether it is right ([`grade`]) and, when it is not, saying what most
//! likely went wrong ([`mistakes`]).
//!
//! Pure functions only: the terminal front ends (`calc --answer`, the tutor)
//! format the results, so every front end judges an answer the same way.

pub mod expr;
pub mod grade;
pub mod mistakes;

pub use expr::{Answer, AnswerError, parse_answer};
pub use grade::{DEFAULT_TOLERANCE, Offset, Verdict, grade};
pub use mistakes::{Diagnosis, MistakeInfo, catalogue, diagnose};
