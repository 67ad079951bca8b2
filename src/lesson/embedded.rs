//! Lessons embedded in the binary, loaded for start-up by their front matter
//! alone: the first frame shows titles, concepts and prerequisites, and
//! parsing every body (prose, formulas, fixed values) was most of the time
//! before it. A body is parsed on first use by the same parser from the same
//! embedded text, so nothing can drift; `cargo test` and `kltutor check`
//! parse every bundled lesson in full, so a broken one is still caught.

use super::model::{Block, Item, Section, Span};
use super::parse::{Ctx, ParseOutput, checked_text, parse_inner, parse_str, refused};

/// [`parse_bytes`](super::parse_bytes) for a file embedded in the binary, parsing only what
/// start-up needs: everything up to the front matter is parsed and checked
/// as in a full parse, and the body is parsed from the same text by the same
/// code the first time [`Lesson::sections`](super::Lesson::sections) is asked for. The diagnostics
/// are those of the front matter (and of the whole file's encoding and
/// sanitizing); body errors appear only in a full parse, which `kltutor
/// check` and the tests run on every bundled lesson.
pub fn parse_embedded(file: &str, bytes: &'static [u8]) -> ParseOutput {
    let text = match checked_text(file, bytes) {
        Ok(text) => text,
        Err(d) => return refused(d),
    };
    let mut ctx = Ctx {
        file,
        diags: Vec::new(),
    };
    let lesson = parse_inner(&mut ctx, text, true, Some(text));
    ParseOutput {
        lesson,
        diagnostics: ctx.diags,
    }
}

/// The sections of an embedded lesson loaded by [`parse_embedded`]. Should
/// its body have errors (the tests and `kltutor check` make sure it has
/// not), the lesson reads as one section that names the first of them,
/// rather than stopping the app.
pub(crate) fn deferred_body(file: &str, text: &str) -> Vec<Section> {
    let out = parse_str(file, text, true);
    match (out.lesson, out.diagnostics.iter().find(|d| d.is_error())) {
        (Some(l), None) => l.body.into_sections(),
        (_, first) => {
            let why = first.map_or_else(|| "it could not be read".to_string(), |d| d.to_string());
            vec![Section {
                heading: "This lesson could not be loaded".into(),
                concept: None,
                line: 1,
                items: vec![Item::Prose(vec![Block::Paragraph(vec![Span::Text(
                    format!("{why}. Run `kltutor check` for every problem in the file."),
                )])])],
            }]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "+++\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\nconcepts = [\"units\"]\nminutes = 5\ndifficulty = 1\n+++\n";

    #[test]
    fn header_only_until_asked() {
        let text: &'static str = Box::leak(format!("{LESSON}\n## One\n\nText.\n").into_boxed_str());
        let out = parse_embedded("a.md", text.as_bytes());
        let lesson = out.lesson.expect("a lesson");
        assert!(!lesson.body_is_parsed());
        assert_eq!(lesson.title, "A");
        assert_eq!(lesson.sections()[0].heading, "One");
        assert!(lesson.body_is_parsed());
        assert_eq!(lesson, parse_str("a.md", text, true).lesson.unwrap());
    }

    #[test]
    fn a_broken_body_reads_as_its_first_error() {
        let text = format!("{LESSON}\n```problem\nid = \"p\"\nnonsense = 1\n```\n");
        let sections = deferred_body("a.md", &text);
        assert_eq!(sections.len(), 1);
        let Item::Prose(blocks) = &sections[0].items[0] else {
            panic!("prose expected")
        };
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!("a paragraph expected")
        };
        let Span::Text(why) = &spans[0] else {
            panic!("text expected")
        };
        assert!(why.starts_with("a.md:"), "{why}");
        assert!(why.contains("kltutor check"), "{why}");
    }

    #[test]
    fn a_broken_header_is_reported_at_load() {
        let out = parse_embedded("b.md", b"+++\nid = \"B!\"\n+++\n");
        assert!(out.has_errors());
        assert!(out.lesson.is_none());
    }
}
