//! Bundled lessons loaded from the front matter `build.rs` read
//! ([`front_index`](super::front_index)) and wrote into the binary, so
//! start-up parses no TOML and sanitizes no text. The checks that need the
//! crate (valid ids, known concepts, ranges) run here by the parser's own
//! functions; a lesson that fails any of them, or that the build-time reader
//! could not read, is loaded by [`parse_embedded`](super::parse_embedded)
//! instead, which reports what is wrong. With it comes the body, parsed at
//! build time by the crate's own parser and encoded, decoded on first use.
//! The tests check that both ways give the same lesson for every bundled file.

use super::concepts::is_concept;
use super::front_index::IndexedFront;
use super::model::{Lesson, LessonBody, SourceInfo};
use super::parse::is_valid_id;

/// A bundled lesson's front matter as `build.rs` wrote it, with the file's text.
#[derive(Debug)]
pub struct Prebuilt {
    /// The path shown in diagnostics (`lessons/01-surprise.md`).
    pub path: &'static str,
    /// The whole file, from which the body is parsed on first use.
    pub text: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub concepts: &'static [&'static str],
    pub requires: &'static [&'static str],
    pub minutes: u32,
    pub difficulty: u8,
    pub id_line: usize,
    pub requires_line: usize,
    /// The body as `build.rs` parsed and encoded it
    /// ([`prebuild_body`](super::embedded::prebuild_body)), or `None` when
    /// the parser found an error in the file (it is then parsed on first use).
    pub body: Option<&'static [u8]>,
}

impl Prebuilt {
    /// The lesson, when every check the parser makes on the front matter
    /// passes; `None` sends the file to the parser for its diagnostics.
    pub fn lesson(&self) -> Option<Lesson> {
        let valid = is_valid_id(self.id)
            && !self.title.trim().is_empty()
            && !self.concepts.is_empty()
            && self.concepts.iter().all(|c| is_concept(c))
            && self
                .requires
                .iter()
                .all(|r| is_valid_id(r) && *r != self.id)
            && (1..=600).contains(&self.minutes)
            && (1..=5).contains(&self.difficulty);
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        valid.then(|| Lesson {
            id: self.id.to_string(),
            title: self.title.to_string(),
            summary: self.summary.to_string(),
            concepts: owned(self.concepts),
            requires: owned(self.requires),
            minutes: self.minutes,
            difficulty: self.difficulty,
            body: LessonBody::deferred(self.path.to_string(), self.text, self.body),
            source: SourceInfo {
                file: self.path.to_string(),
                bundled: true,
                id_line: self.id_line,
                requires_line: self.requires_line,
            },
        })
    }

    /// What `build.rs` would write for `text`, body included (leaked: for
    /// tests, which check the build-time path on texts that are not bundled).
    pub fn leak(path: &str, text: &str, f: IndexedFront) -> Prebuilt {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let list = |v: Vec<String>| -> &'static [&'static str] {
            Box::leak(
                v.into_iter()
                    .map(leak)
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            )
        };
        let body = super::embedded::prebuild_body(path, text)
            .ok()
            .map(|b| -> &'static [u8] { Box::leak(b.into_boxed_slice()) });
        Prebuilt {
            path: leak(path.to_string()),
            text: leak(text.to_string()),
            id: leak(f.id),
            title: leak(f.title),
            summary: leak(f.summary),
            concepts: list(f.concepts),
            requires: list(f.requires),
            minutes: f.minutes,
            difficulty: f.difficulty,
            id_line: f.id_line,
            requires_line: f.requires_line,
            body,
        }
    }
}
