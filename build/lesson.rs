//! The `lesson` module as the build script sees it: the crate's own parser
//! and what it needs, each file included by path from `src/lesson`, so the
//! bundled lessons are parsed at build time by the very code that parses
//! them at run time (`build.rs`). Left out: the catalog and the checker,
//! which read what the build script writes, and the modules only they use.
//! The re-exports are those of `src/lesson/mod.rs` that these modules use.

#[path = "../src/lesson/blocks/mod.rs"]
mod blocks;
#[path = "../src/lesson/concepts.rs"]
pub mod concepts;
#[path = "../src/lesson/embedded.rs"]
pub mod embedded;
#[path = "../src/lesson/front_index.rs"]
pub mod front_index;
#[path = "../src/lesson/math/mod.rs"]
pub mod math;
#[path = "../src/lesson/model.rs"]
pub mod model;
#[path = "../src/lesson/parse/mod.rs"]
pub mod parse;
#[path = "../src/lesson/random.rs"]
pub mod random;
#[path = "../src/lesson/sampling.rs"]
pub mod sampling;
#[path = "../src/lesson/sanitize.rs"]
pub mod sanitize;
#[path = "../src/lesson/steps.rs"]
pub mod steps;
#[path = "../src/lesson/text.rs"]
pub mod text;
#[path = "../src/lesson/worked/mod.rs"]
pub mod worked;

pub use concepts::{CONCEPTS, concept_title, is_concept};
pub use embedded::parse_embedded;
pub use model::*;
pub use parse::{MAX_FILE_BYTES, ParseOutput, parse_bytes, parse_str};
pub use random::GenerateError;
pub use steps::{OutcomeRow, Step};
