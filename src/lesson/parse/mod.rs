//! Lesson file text to [`Lesson`], collecting every problem as a
//! [`Diagnostic`] with a file, line and column instead of stopping at the first.
//!
//! Never panics on any input: size, encoding and binary content are checked
//! before anything else, and every lesson string is sanitized before it is
//! stored (see [`super::sanitize`]).

use super::blocks;
use super::concepts::is_concept;
use super::model::*;
use super::sanitize::sanitize_report;
use super::text;
use serde::Deserialize;

mod body;
mod front;
mod inline;
mod suggest;
mod toml_block;

use body::*;
pub(crate) use front::*;
use inline::*;
pub use suggest::*;
pub(crate) use toml_block::*;

/// Lesson files larger than this are refused: no lesson needs a mebibyte, and
/// the cap bounds the work a hostile file can cause.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// At most this many blocks per lesson: no lesson needs more, and the
/// checker samples every randomized problem 200 times, so the cap bounds
/// what one file can cost `kltutor check`.
pub const MAX_BLOCKS: usize = 500;

/// The parse of one file: the lesson when its front matter was readable (even
/// if some blocks were not, so the checker can still see its id and
/// prerequisites), and everything found wrong or suspicious.
#[derive(Debug, Clone)]
pub struct ParseOutput {
    pub lesson: Option<Lesson>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseOutput {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The lesson if the file had no errors.
    pub fn ok(self) -> Result<Lesson, Vec<Diagnostic>> {
        match self.lesson {
            Some(l) if !self.diagnostics.iter().any(Diagnostic::is_error) => Ok(l),
            _ => Err(self.diagnostics),
        }
    }
}

/// Parses raw file bytes: refuses huge, binary and non-UTF-8 files first.
pub fn parse_bytes(file: &str, bytes: &[u8], bundled: bool) -> ParseOutput {
    match checked_text(file, bytes) {
        Ok(text) => parse_str(file, text, bundled),
        Err(d) => refused(d),
    }
}

/// The file as text, or why it is refused: over the size cap, a NUL byte,
/// not UTF-8.
pub(super) fn checked_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            file,
            1,
            1,
            format!("file is over {MAX_FILE_BYTES} bytes, the limit for a lesson file"),
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = byte_position(&bytes[..at]);
        return Err(Diagnostic::error(
            file,
            line,
            column,
            "binary file (contains a NUL byte): a lesson must be UTF-8 text",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = byte_position(&bytes[..e.valid_up_to()]);
        Diagnostic::error(
            file,
            line,
            column,
            format!(
                "invalid UTF-8 at byte {}: a lesson must be UTF-8 text",
                e.valid_up_to()
            ),
        )
    })
}

/// The output for a file refused before parsing.
pub(super) fn refused(d: Diagnostic) -> ParseOutput {
    ParseOutput {
        lesson: None,
        diagnostics: vec![d],
    }
}

/// 1-based line and column just after `prefix` (columns count characters of
/// the valid prefix of the line).
fn byte_position(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, col)
}

/// Collects diagnostics for one file.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn error(&mut self, line: usize, column: usize, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, line, column, msg));
    }
    pub fn warn(&mut self, line: usize, column: usize, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.file, line, column, msg));
    }
}

/// Whether an id is lowercase `[a-z0-9-]`, starting with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Parses lesson text (after the checks in [`parse_bytes`]).
pub fn parse_str(file: &str, text: &str, bundled: bool) -> ParseOutput {
    let mut ctx = Ctx {
        file,
        diags: Vec::new(),
    };
    let lesson = parse_inner(&mut ctx, text, bundled, None);
    ParseOutput {
        lesson,
        diagnostics: ctx.diags,
    }
}

/// The whole parse; with `defer` (the same text, embedded in the binary) the
/// body is left to be parsed on first use.
pub(super) fn parse_inner(
    ctx: &mut Ctx,
    raw: &str,
    bundled: bool,
    defer: Option<&'static str>,
) -> Option<Lesson> {
    if raw.len() > MAX_FILE_BYTES {
        ctx.error(
            1,
            1,
            format!("file is over {MAX_FILE_BYTES} bytes, the limit for a lesson file"),
        );
        return None;
    }
    let (clean, removed) = sanitize_report(raw);
    let mut warned_lines = Vec::new();
    for at in removed {
        // Offsets are into the raw text; report each affected line once.
        let (line, col) = byte_position(&raw.as_bytes()[..at]);
        if !warned_lines.contains(&line) {
            warned_lines.push(line);
            ctx.warn(
                line,
                col,
                "control character or terminal escape sequence removed",
            );
        }
    }
    if clean.trim().is_empty() {
        ctx.error(1, 1, "empty lesson file: expected +++ front matter");
        return None;
    }
    let lines: Vec<&str> = clean.split('\n').collect();
    // Front matter.
    let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
        ctx.error(1, 1, "empty lesson file");
        return None;
    };
    if lines[open].trim_end() != "+++" {
        ctx.error(
            open + 1,
            1,
            "expected front matter: a lesson starts with a line `+++`, TOML, and another `+++`",
        );
        return None;
    }
    let Some(close) = lines
        .iter()
        .skip(open + 1)
        .position(|l| l.trim_end() == "+++")
        .map(|i| i + open + 1)
    else {
        ctx.error(
            open + 1,
            1,
            "unterminated front matter: no closing `+++` line",
        );
        return None;
    };
    let front_text = lines[open + 1..close].join("\n");
    let front = Toml {
        text: &front_text,
        first_line: open + 2,
    };
    let raw_front: RawFront = front.parse(ctx, "front matter")?;
    let fm = validate_front(ctx, &front, raw_front)?;
    let (id_line, requires_line) = (front.key("id").0, front.key("requires").0);
    let body = match defer {
        Some(text) => super::model::LessonBody::deferred(ctx.file.to_string(), text, None),
        None => super::model::LessonBody::parsed(
            Body {
                lines: &lines,
                first: close + 1,
            }
            .parse(ctx, &fm),
        ),
    };
    Some(Lesson {
        id: fm.id,
        title: fm.title,
        summary: fm.summary,
        concepts: fm.concepts,
        requires: fm.requires,
        minutes: fm.minutes,
        difficulty: fm.difficulty,
        body,
        source: SourceInfo {
            file: ctx.file.to_string(),
            bundled,
            id_line,
            requires_line,
        },
    })
}
