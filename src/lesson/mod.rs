//! Lessons: the model, the parser for the Markdown + TOML lesson format
//! (`docs/lesson-format.md`), the checker behind `kltutor check`, and the
//! catalog of bundled and user lessons. Knows nothing of the terminal.
//!
//! The flow: [`Catalog::load`] reads the lessons embedded at build time and
//! any user directories; [`parse_bytes`] turns each file into a [`Lesson`]
//! (every string sanitized, every formula rendered to Unicode, every fixed
//! value computed once by the engine) or [`Diagnostic`]s (a bundled lesson
//! is loaded by the front matter `build.rs` read, [`prebuilt`], or else by
//! [`parse_embedded`], and its body, which `build.rs` parsed with this same
//! parser, decoded on first use ([`embedded`])); a [`Problem`]
//! becomes a concrete question with [`Problem::instantiate`], and an
//! [`Example`] explains itself with [`Example::steps`]. [`check_files`] adds
//! the checks that need all lessons at once or many seeds.

mod blocks;
pub mod catalog;
pub mod check;
pub mod concepts;
pub mod embedded;
pub mod front_index;
pub mod math;
pub mod model;
mod parallel;
pub mod parse;
pub mod prebuilt;
pub mod random;
pub mod sampling;
pub mod sanitize;
pub mod standalone;
pub mod steps;
pub mod text;
pub mod worked;

pub use catalog::Catalog;
pub use check::{CheckReport, Coverage, check_files};
pub use concepts::{CONCEPTS, concept_title, is_concept};
pub use embedded::parse_embedded;
pub use model::*;
pub use parse::{MAX_FILE_BYTES, ParseOutput, parse_bytes, parse_str};
pub use random::GenerateError;
pub use steps::{OutcomeRow, Step};
