//! Lessons: the model, the parser for the Markdown + TOML lesson format
//! (`docs/lesson-format.md`), the checker behind `kltutor check`, and the
//! catalog of bundled and user lessons. Knows nothing of the terminal.

mod blocks;
pub mod catalog;
pub mod check;
pub mod concepts;
pub mod math;
pub mod model;
pub mod parse;
pub mod random;
pub mod sanitize;
pub mod steps;
pub mod text;

pub use concepts::{CONCEPTS, concept_title, is_concept};
pub use model::*;
pub use parse::{MAX_FILE_BYTES, ParseOutput, parse_bytes, parse_str};
pub use random::GenerateError;
pub use steps::{OutcomeRow, Step};
