//! The line-oriented front end: `kltutor learn|quiz|review --plain` and
//! `kltutor progress`. For screen readers, pipes and tests: prompts and
//! feedback are plain lines (no escape codes, no colour; the math is already
//! Unicode), answers are read one line at a time.
//!
//! At an answer prompt a learner can type an answer or `hint`, `solution`,
//! `skip`, `quit`; at prose and example steps, Enter continues and `back`
//! goes back. End of input saves and ends cleanly, so `kltutor learn --plain
//! < answers.txt` never loses progress.
//!
//! Everything here only formats: the sessions in [`crate::tutor`] decide.
//!
//! One job per file: [`io`] reads and writes lines, [`lines`] formats items,
//! [`store`] opens and saves, [`learn`] runs a lesson, [`drill`] a quiz or a
//! review, [`progress`] prints the summary.

mod drill;
mod io;
mod learn;
mod lines;
mod progress;
mod store;

pub use drill::{QuizOptions, quiz, review};
pub use io::Io;
pub use learn::learn;
pub use lines::{lab_lines, prose_lines};
pub use progress::progress;
pub use store::{final_save, load_catalog, open_store, open_store_read_only};

use crate::tutor::DrillError;
use crate::tutor::lookup::UnknownId;

type Result<T> = std::result::Result<T, PlainError>;

/// Why a plain command stopped early.
#[derive(Debug)]
pub enum PlainError {
    /// Something the learner named does not exist or holds nothing (exit 2).
    Usage(String),
    /// Input, output or the progress file failed (exit 1).
    Failed(anyhow::Error),
}

impl PlainError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            PlainError::Usage(_) => 2,
            PlainError::Failed(_) => 1,
        }
    }
}

impl std::fmt::Display for PlainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlainError::Usage(m) => f.write_str(m),
            PlainError::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<std::io::Error> for PlainError {
    fn from(e: std::io::Error) -> Self {
        PlainError::Failed(e.into())
    }
}

impl From<anyhow::Error> for PlainError {
    fn from(e: anyhow::Error) -> Self {
        PlainError::Failed(e)
    }
}

impl From<UnknownId> for PlainError {
    fn from(e: UnknownId) -> Self {
        PlainError::Usage(e.to_string())
    }
}

impl From<DrillError> for PlainError {
    fn from(e: DrillError) -> Self {
        PlainError::Usage(e.to_string())
    }
}
