//! Lessons embedded in the binary, loaded for start-up by their front matter
//! alone: the first frame shows titles, concepts and prerequisites, and
//! parsing every body (prose, formulas, fixed values) was most of the time
//! before it. A body is read on first use: decoded from the sections
//! `build.rs` parsed with this same parser and encoded ([`encode_sections`]),
//! or parsed from the same embedded text; `cargo test` holds the two equal
//! for every bundled lesson, and it and `kltutor check` parse every bundled
//! lesson in full, so a broken one is still caught.

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

/// A lesson body in the compact form `build.rs` embeds: the parser's
/// sections, encoded with postcard (serde's derive on the model types, so
/// the form follows the model wherever it changes).
pub fn encode_sections(sections: &[Section]) -> Vec<u8> {
    // Encoding into memory fails only for types serde cannot describe, which
    // the model's derives rule out; an empty result would then decode to
    // nothing and the text be parsed instead.
    postcard::to_allocvec(sections).unwrap_or_default()
}

/// What `build.rs` embeds for a bundled lesson's body: its sections, parsed
/// in full as [`parse_str`] parses a bundled file, encoded; or the parser's
/// first error, and the lesson is then parsed at run time, which reports
/// what is wrong as for any file.
pub fn prebuild_body(file: &str, text: &str) -> Result<Vec<u8>, String> {
    let out = parse_str(file, text, true);
    if let Some(d) = out.diagnostics.iter().find(|d| d.is_error()) {
        return Err(d.to_string());
    }
    match out.lesson {
        Some(lesson) => Ok(encode_sections(lesson.sections())),
        None => Err(format!("{file}: the parser gave no lesson")),
    }
}

/// The sections [`encode_sections`] encoded, or `None` for bytes that are
/// not such an encoding (all of them read, nothing left over).
pub fn decode_sections(bytes: &[u8]) -> Option<Vec<Section>> {
    match postcard::take_from_bytes::<Vec<Section>>(bytes) {
        Ok((sections, [])) => Some(sections),
        _ => None,
    }
}

/// The sections of an embedded lesson loaded by its front matter: decoded
/// from what the build parsed (`prebuilt`), or parsed from `text`. Should
/// its body have errors (the tests and `kltutor check` make sure it has
/// not), the lesson reads as one section that names the first of them,
/// rather than stopping the app.
pub(crate) fn deferred_body(file: &str, text: &str, prebuilt: Option<&[u8]>) -> Vec<Section> {
    if let Some(sections) = prebuilt.and_then(decode_sections) {
        return sections;
    }
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
    fn a_body_is_decoded_from_what_the_build_wrote_or_else_parsed() {
        let text = format!("{LESSON}\n## One\n\nText.\n");
        let parsed = parse_str("a.md", &text, true).lesson.unwrap();
        let built = prebuild_body("a.md", &text).unwrap();
        assert_eq!(
            deferred_body("a.md", &text, Some(&built)),
            parsed.sections()
        );
        // What the build wrote wins over the text (it is what was parsed)...
        let other = prebuild_body("a.md", &format!("{LESSON}\n## Two\n")).unwrap();
        assert_eq!(deferred_body("a.md", &text, Some(&other))[0].heading, "Two");
        // ...unless it does not decode: then the text is parsed.
        let junk = deferred_body("a.md", &text, Some(b"\xff\xff junk"));
        assert_eq!(junk, parsed.sections());
    }

    #[test]
    fn a_broken_body_reads_as_its_first_error() {
        let text = format!("{LESSON}\n```problem\nid = \"p\"\nnonsense = 1\n```\n");
        let sections = deferred_body("a.md", &text, None);
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
