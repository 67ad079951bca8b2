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

/// A TOML fragment of the file: its text and the 1-based file line it starts on.
#[derive(Clone, Copy)]
pub(crate) struct Toml<'a> {
    pub text: &'a str,
    pub first_line: usize,
}

impl Toml<'_> {
    /// File line and column of a byte offset in the fragment.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let mut offset = offset;
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (self.first_line + line, before[start..].chars().count() + 1)
    }

    /// Where `key = ...` is written (its line and the key's column), or the
    /// fragment's first line when the key is absent (a missing key).
    pub fn key(&self, key: &str) -> (usize, usize) {
        self.find_key(key)
            .map_or((self.first_line, 1), |o| self.position(o))
    }

    pub fn find_key(&self, key: &str) -> Option<usize> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let bare = trimmed.strip_prefix('"').unwrap_or(trimmed);
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.strip_prefix('"').unwrap_or(rest);
                if rest.trim_start().starts_with('=') {
                    return Some(offset + indent);
                }
            }
            offset += line.len();
        }
        None
    }

    /// Where `needle` first appears after `key = `, for errors about one
    /// element of an array value; falls back to the key.
    pub fn value(&self, key: &str, needle: &str) -> (usize, usize) {
        if let Some(k) = self.find_key(key)
            && let Some(i) = self.text[k..].find(needle)
        {
            return self.position(k + i);
        }
        self.key(key)
    }

    /// Deserializes with unknown keys refused, reporting TOML errors at their
    /// file position.
    pub fn parse<T: for<'de> Deserialize<'de>>(&self, ctx: &mut Ctx, what: &str) -> Option<T> {
        match toml::from_str::<T>(self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let (line, col) = e
                    .span()
                    .map_or((self.first_line, 1), |s| self.position(s.start));
                let mut msg = e.message().trim().replace('\n', " ");
                if let Some(short) = did_you_mean(&msg) {
                    msg = short;
                }
                if msg.contains("escaped value") {
                    msg.push_str(" (LaTeX in a TOML string: write \\\\ for each backslash, or use a 'literal string')");
                }
                ctx.error(line, col, format!("{what}: {msg}"));
                None
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    id: String,
    title: String,
    summary: String,
    concepts: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    minutes: u32,
    difficulty: u8,
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
        Some(text) => super::model::LessonBody::deferred(ctx.file.to_string(), text),
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

pub(crate) struct Front {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub concepts: Vec<String>,
    pub requires: Vec<String>,
    pub minutes: u32,
    pub difficulty: u8,
}

fn validate_front(ctx: &mut Ctx, t: &Toml, f: RawFront) -> Option<Front> {
    let mut ok = true;
    if !is_valid_id(&f.id) {
        let (l, c) = t.key("id");
        ctx.error(
            l,
            c,
            format!(
                "lesson id \"{}\" must be lowercase letters, digits and '-'",
                f.id
            ),
        );
        ok = false;
    }
    let title = render_plain(ctx, t, "title", &f.title);
    if title.trim().is_empty() {
        let (l, c) = t.key("title");
        ctx.error(l, c, "title is empty");
    }
    let summary = render_plain(ctx, t, "summary", &f.summary);
    if f.concepts.is_empty() {
        let (l, c) = t.key("concepts");
        ctx.error(
            l,
            c,
            "concepts is empty: name at least one concept the lesson teaches",
        );
    }
    for c in &f.concepts {
        if !is_concept(c) {
            let (l, col) = t.value("concepts", &format!("\"{c}\""));
            ctx.error(
                l,
                col,
                format!("unknown concept id \"{c}\"{}", suggest_concept(c)),
            );
        }
    }
    for r in &f.requires {
        if !is_valid_id(r) {
            let (l, col) = t.value("requires", &format!("\"{r}\""));
            ctx.error(
                l,
                col,
                format!("required lesson id \"{r}\" is not a valid id"),
            );
        }
        if *r == f.id {
            let (l, col) = t.value("requires", &format!("\"{r}\""));
            ctx.error(l, col, format!("lesson \"{r}\" requires itself"));
        }
    }
    if !(1..=600).contains(&f.minutes) {
        let (l, c) = t.key("minutes");
        ctx.error(l, c, format!("minutes = {}: expected 1 to 600", f.minutes));
    }
    if !(1..=5).contains(&f.difficulty) {
        let (l, c) = t.key("difficulty");
        ctx.error(
            l,
            c,
            format!(
                "difficulty = {}: expected 1 (gentle) to 5 (hard)",
                f.difficulty
            ),
        );
    }
    ok.then_some(Front {
        id: f.id,
        title,
        summary,
        // Reported above; dropped so the model holds only valid ids.
        concepts: f.concepts.into_iter().filter(|c| is_concept(c)).collect(),
        requires: f.requires.into_iter().filter(|r| is_valid_id(r)).collect(),
        minutes: f.minutes,
        difficulty: f.difficulty,
    })
}

/// For serde's "unknown field `tolerence`, expected one of `id`, ...": a
/// shorter message naming the closest expected key, when one is close enough
/// to be the intended one (the full list is kept otherwise).
fn did_you_mean(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (bad, rest) = rest.split_once('`')?;
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (edit_distance(bad, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| format!("unknown key `{bad}` (did you mean `{k}`?)"))
}

/// A close concept id, when a typo is likely: ` (did you mean "asymmetry"?)`.
pub fn suggest_concept(id: &str) -> String {
    super::concepts::CONCEPTS
        .iter()
        .map(|(c, _)| (edit_distance(id, c), *c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map_or(String::new(), |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

/// A close mistake id from the catalogue, when a typo is likely.
pub fn suggest_mistake(id: &str) -> String {
    crate::mistake_ids::MISTAKE_IDS
        .iter()
        .map(|m| (edit_distance(id, m), *m))
        .filter(|(d, _)| *d <= 4)
        .min()
        .map_or(String::new(), |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Renders a string value that may hold `$math$` but no placeholders,
/// reporting errors at the key.
pub(crate) fn render_plain(ctx: &mut Ctx, t: &Toml, key: &str, s: &str) -> String {
    match text::render(s, None) {
        Ok(r) => r,
        Err(e) => {
            let (l, c) = t.key(key);
            ctx.error(
                l,
                c,
                format!("{key}: {} (at character {})", e.message, e.offset + 1),
            );
            s.to_string()
        }
    }
}

/// The Markdown body after the front matter.
struct Body<'a> {
    lines: &'a [&'a str],
    /// 0-based index of the first body line.
    first: usize,
}

/// A prose line with its 1-based file line and 0-based column of its text.
#[derive(Clone)]
struct Piece {
    line: usize,
    col: usize,
    text: String,
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    current: Option<Section>,
    prose: Vec<Block>,
    para: Vec<Piece>,
    quote: Vec<Piece>,
    list: Option<(bool, Vec<Vec<Piece>>)>,
    block_ids: std::collections::HashMap<String, usize>,
    counts: [usize; 5],
    saw_takeaways: bool,
    /// Whether a heading has been read (the first one is checked against the title).
    saw_heading: bool,
    too_many_blocks: bool,
}

fn fence_marker(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, t[n..].trim()))
}

fn heading(line: &str) -> Option<(u8, &str, usize)> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    if indent > 3 {
        return None;
    }
    let n = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&n) {
        return None;
    }
    let rest = &t[n..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim();
    let col = indent + n + (rest.len() - rest.trim_start().len());
    Some((n as u8, text.trim_end_matches('#').trim_end(), col))
}

fn list_item(line: &str) -> Option<(bool, usize)> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    if indent > 3 {
        return None;
    }
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t == "-" {
        return Some((false, indent + 2.min(t.len())));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
    {
        return Some((true, indent + digits + 2));
    }
    None
}

impl Body<'_> {
    fn parse(&self, ctx: &mut Ctx, fm: &Front) -> Vec<Section> {
        let mut b = Builder::default();
        let mut i = self.first;
        while i < self.lines.len() {
            let line = self.lines[i];
            let lno = i + 1;
            if let Some((fc, n, info)) = fence_marker(line) {
                b.flush_text(ctx);
                let end = (i + 1..self.lines.len()).find(|&j| {
                    fence_marker(self.lines[j])
                        .is_some_and(|(c2, n2, rest)| c2 == fc && n2 >= n && rest.is_empty())
                });
                let Some(end) = end else {
                    ctx.error(
                        lno,
                        1,
                        format!(
                            "unterminated code block: no closing {} line",
                            fc.to_string().repeat(n)
                        ),
                    );
                    break;
                };
                let content = self.lines[i + 1..end].join("\n");
                let kind = info.split_whitespace().next().unwrap_or("");
                let t = Toml {
                    text: &content,
                    first_line: lno + 1,
                };
                self.block(ctx, &mut b, fm, kind, info, t, lno);
                i = end + 1;
                continue;
            }
            if let Some((level, text, col)) = heading(line) {
                b.flush_text(ctx);
                if level == 2 {
                    b.flush_prose();
                    if let Some(s) = b.current.take() {
                        b.sections.push(s);
                    }
                    let (heading, concept) = split_attributes(ctx, lno, col, text);
                    if heading.trim().eq_ignore_ascii_case("key takeaways") {
                        b.saw_takeaways = true;
                    }
                    let heading = inline_plain(ctx, lno, col, &heading);
                    if heading.trim().is_empty() {
                        ctx.error(lno, 1, "empty section heading");
                    }
                    if heading.trim().eq_ignore_ascii_case(fm.title.trim()) {
                        ctx.warn(
                            lno,
                            col + 1,
                            "this section heading merely repeats the lesson's title: name the section for what it teaches",
                        );
                    }
                    b.saw_heading = true;
                    b.current = Some(Section {
                        heading,
                        concept,
                        line: lno,
                        items: Vec::new(),
                    });
                } else {
                    let spans = inline(
                        ctx,
                        &[Piece {
                            line: lno,
                            col,
                            text: text.to_string(),
                        }],
                    );
                    if level == 1 && !b.saw_heading {
                        title_heading(ctx, lno, col + 1, &plain_text(&spans), &fm.title);
                    }
                    b.saw_heading = true;
                    b.prose.push(Block::Heading { level, text: spans });
                }
                i += 1;
                continue;
            }
            if b.current.is_none() && !line.trim().is_empty() {
                b.current = Some(Section {
                    heading: fm.title.clone(),
                    concept: None,
                    line: lno,
                    items: Vec::new(),
                });
            }
            let trimmed = line.trim();
            if trimmed.is_empty() {
                b.flush_text(ctx);
            } else if trimmed.len() >= 4 && trimmed.starts_with("$$") && trimmed.ends_with("$$") {
                b.flush_text(ctx);
                let col = line.len() - line.trim_start().len();
                match text::render(trimmed, None) {
                    Ok(r) => b.prose.push(Block::Math(r)),
                    Err(e) => ctx.error(lno, col + e.offset + 1, e.message),
                }
            } else if let Some(rest) = trimmed.strip_prefix('>') {
                if !b.para.is_empty() || b.list.is_some() {
                    b.flush_text(ctx);
                }
                let col = line.len() - rest.trim_start().len();
                b.quote.push(Piece {
                    line: lno,
                    col,
                    text: rest.trim().to_string(),
                });
            } else if let Some((ordered, col)) = list_item(line) {
                if !b.para.is_empty() || !b.quote.is_empty() {
                    b.flush_text(ctx);
                }
                let piece = Piece {
                    line: lno,
                    col,
                    text: line.get(col..).unwrap_or("").trim().to_string(),
                };
                match &mut b.list {
                    Some((o, items)) if *o == ordered => items.push(vec![piece]),
                    _ => {
                        b.flush_text(ctx);
                        b.list = Some((ordered, vec![vec![piece]]));
                    }
                }
            } else if let Some((_, items)) = &mut b.list
                && line.starts_with(' ')
            {
                let col = line.len() - line.trim_start().len();
                if let Some(last) = items.last_mut() {
                    last.push(Piece {
                        line: lno,
                        col,
                        text: trimmed.to_string(),
                    });
                }
            } else {
                if b.list.is_some() || !b.quote.is_empty() {
                    b.flush_text(ctx);
                }
                let col = line.len() - line.trim_start().len();
                b.para.push(Piece {
                    line: lno,
                    col,
                    text: trimmed.to_string(),
                });
            }
            i += 1;
        }
        b.flush_text(ctx);
        b.flush_prose();
        if let Some(s) = b.current.take() {
            b.sections.push(s);
        }
        if !b.saw_takeaways {
            ctx.warn(
                self.lines.len().max(1),
                1,
                "no `## Key takeaways` section: every lesson should end with one",
            );
        } else if let Some(last) = b.sections.last()
            && !last.heading.trim().eq_ignore_ascii_case("key takeaways")
        {
            ctx.warn(
                last.line,
                1,
                "`## Key takeaways` should be the last section",
            );
        }
        b.sections
    }

    #[allow(clippy::too_many_arguments)]
    fn block(
        &self,
        ctx: &mut Ctx,
        b: &mut Builder,
        fm: &Front,
        kind: &str,
        info: &str,
        t: Toml,
        lno: usize,
    ) {
        let k = match kind {
            "example" => 0,
            "problem" => 1,
            "question" => 2,
            "lab" => 3,
            "predict" => 4,
            _ => {
                let text = t.text.to_string();
                b.prose.push(Block::Code {
                    lang: info.to_string(),
                    text,
                });
                return;
            }
        };
        if b.current.is_none() {
            b.current = Some(Section {
                heading: fm.title.clone(),
                concept: None,
                line: lno,
                items: Vec::new(),
            });
        }
        b.flush_prose();
        b.counts[k] += 1;
        if b.counts.iter().sum::<usize>() > MAX_BLOCKS {
            if !b.too_many_blocks {
                b.too_many_blocks = true;
                ctx.error(
                    lno,
                    1,
                    format!("more than {MAX_BLOCKS} blocks in one lesson: split it"),
                );
            }
            return;
        }
        let default_id = format!("{kind}-{}", b.counts[k]);
        let section_concept = b.current.as_ref().and_then(|s| s.concept.clone());
        let default_concept = section_concept
            .or_else(|| fm.concepts.first().cloned())
            .unwrap_or_default();
        let env = blocks::Env {
            default_id,
            default_concept,
            line: lno,
        };
        let item = match k {
            0 => blocks::example(ctx, &t, &env).map(Item::Example),
            1 => blocks::problem(ctx, &t, &env).map(Item::Problem),
            2 => blocks::question(ctx, &t, &env).map(Item::Question),
            3 => blocks::lab(ctx, &t, &env).map(Item::Lab),
            _ => blocks::predict(ctx, &t, &env).map(Item::Predict),
        };
        if let Some(item) = item {
            let id = item.id().unwrap_or_default().to_string();
            if let Some(first) = b.block_ids.get(&id) {
                ctx.error(
                    lno,
                    1,
                    format!("duplicate block id \"{id}\" (first used on line {first})"),
                );
            } else {
                b.block_ids.insert(id, lno);
            }
            if let Some(s) = b.current.as_mut() {
                s.items.push(item);
            }
        }
    }
}

/// Splits `Heading {concept=asymmetry}` into the heading and its concept.
fn split_attributes(ctx: &mut Ctx, lno: usize, col: usize, text: &str) -> (String, Option<String>) {
    let t = text.trim_end();
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        let attr = &t[open + 1..t.len() - 1];
        let acol = col + t[..open].chars().count() + 1;
        if let Some(c) = attr.trim().strip_prefix("concept") {
            let c = c
                .trim_start()
                .strip_prefix('=')
                .map(|c| c.trim().trim_matches('"'));
            match c {
                Some(c) if is_concept(c) => {
                    return (t[..open].trim_end().to_string(), Some(c.to_string()));
                }
                Some(c) => {
                    ctx.error(
                        lno,
                        acol,
                        format!("unknown concept id \"{c}\"{}", suggest_concept(c)),
                    );
                    return (t[..open].trim_end().to_string(), None);
                }
                None => {}
            }
        }
        if !attr.contains(' ') || attr.contains('=') {
            ctx.error(
                lno,
                acol,
                format!("unknown heading attribute {{{attr}}}: only {{concept=...}} is supported"),
            );
            return (t[..open].trim_end().to_string(), None);
        }
    }
    (t.to_string(), None)
}

/// A lesson's `#` heading is its title for readers of the Markdown file; the
/// tutor shows the front matter's `title`. The two must say the same thing,
/// word for word, or the learner meets two names for one lesson.
fn title_heading(ctx: &mut Ctx, lno: usize, col: usize, heading: &str, title: &str) {
    if heading.trim() != title.trim() {
        ctx.warn(
            lno,
            col,
            format!(
                "the first heading \"{}\" differs from the title \"{}\": make it the title word for word (the tutor shows the title), or remove it",
                heading.trim(),
                title.trim()
            ),
        );
    }
}

fn inline_plain(ctx: &mut Ctx, lno: usize, col: usize, text: &str) -> String {
    plain_text(&inline(
        ctx,
        &[Piece {
            line: lno,
            col,
            text: text.to_string(),
        }],
    ))
}

impl Builder {
    fn flush_prose(&mut self) {
        if !self.prose.is_empty() {
            let blocks = std::mem::take(&mut self.prose);
            if let Some(s) = self.current.as_mut() {
                s.items.push(Item::Prose(blocks));
            }
        }
    }

    fn flush_text(&mut self, ctx: &mut Ctx) {
        if !self.para.is_empty() {
            let p = std::mem::take(&mut self.para);
            self.prose.push(Block::Paragraph(inline(ctx, &p)));
        }
        if !self.quote.is_empty() {
            let q = std::mem::take(&mut self.quote);
            self.prose.push(Block::Quote(inline(ctx, &q)));
        }
        if let Some((ordered, items)) = self.list.take() {
            let items = items.iter().map(|pieces| inline(ctx, pieces)).collect();
            self.prose.push(Block::List { ordered, items });
        }
    }
}

/// Parses inline Markdown over lines joined by spaces, reporting errors at
/// the right line and column.
fn inline(ctx: &mut Ctx, pieces: &[Piece]) -> Vec<Span> {
    // Joined text, and for each char its (line, column).
    let mut chars = Vec::new();
    let mut pos = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        if k > 0 {
            chars.push(' ');
            pos.push((p.line, p.col));
        }
        for (j, c) in p.text.chars().enumerate() {
            chars.push(c);
            pos.push((p.line, p.col + j + 1));
        }
    }
    let at = |i: usize| pos.get(i).or(pos.last()).copied().unwrap_or((1, 1));
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    // Searches only move forward, so once no closing `**` follows some
    // position, none follows any later one: remember that, or a line of
    // unclosed `**` would take quadratic time.
    let mut no_strong_close = false;
    let flush = |text: &mut String, spans: &mut Vec<Span>| {
        if !text.is_empty() {
            spans.push(Span::Text(std::mem::take(text)));
        }
    };
    let find = |from: usize, pat: &[char]| -> Option<usize> {
        (from..chars.len())
            .find(|&j| chars[j..].starts_with(pat) && (j == 0 || chars[j - 1] != '\\'))
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && "\\`*_{}[]()#+-.!$>".contains(chars[i + 1]) {
            text.push(chars[i + 1]);
            i += 2;
        } else if c == '`' {
            let Some(end) = find(i + 1, &['`']) else {
                let (l, col) = at(i);
                ctx.error(l, col, "unterminated `code` span");
                text.extend(&chars[i..]);
                break;
            };
            flush(&mut text, &mut spans);
            spans.push(Span::Code(chars[i + 1..end].iter().collect()));
            i = end + 1;
        } else if c == '{' && chars.get(i + 1) == Some(&'{') {
            let Some(end) = find(i + 2, &['}', '}']) else {
                let (l, col) = at(i);
                ctx.error(l, col, "unterminated {{...}} engine value");
                break;
            };
            let src: String = chars[i + 2..end].iter().collect();
            let (l, col) = at(i);
            match blocks::inline_value(&src) {
                Ok(v) => {
                    flush(&mut text, &mut spans);
                    spans.push(Span::Value(v));
                }
                Err(e) => ctx.error(l, col, format!("{{{{{}}}}}: {e}", src.trim())),
            }
            i = end + 2;
        } else if c == '$' {
            let display = chars.get(i + 1) == Some(&'$');
            let delim: &[char] = if display { &['$', '$'] } else { &['$'] };
            let start = i + delim.len();
            let Some(end) = find(start, delim) else {
                let (l, col) = at(i);
                ctx.error(
                    l,
                    col,
                    format!("unterminated {} math", if display { "$$" } else { "$" }),
                );
                break;
            };
            let src: String = chars[start..end].iter().collect();
            match super::math::render(&src) {
                Ok(r) => {
                    flush(&mut text, &mut spans);
                    spans.push(Span::Math(r));
                }
                Err(e) => {
                    let (l, col) = at(start + e.column);
                    ctx.error(l, col, format!("math: {}", e.message));
                }
            }
            i = end + delim.len();
        } else if c == '*' && chars.get(i + 1) == Some(&'*') {
            let close = if no_strong_close {
                None
            } else {
                find(i + 2, &['*', '*'])
            };
            no_strong_close = close.is_none();
            match close {
                Some(end) if end > i + 2 => {
                    flush(&mut text, &mut spans);
                    let inner: String = chars[i + 2..end].iter().collect();
                    spans.push(Span::Strong(emphasis_text(ctx, at(i + 2), &inner)));
                    i = end + 2;
                }
                _ => {
                    text.push_str("**");
                    i += 2;
                }
            }
        } else if c == '*' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            match find(i + 1, &['*']) {
                Some(end) if end > i + 1 && chars.get(end + 1) != Some(&'*') => {
                    flush(&mut text, &mut spans);
                    let inner: String = chars[i + 1..end].iter().collect();
                    spans.push(Span::Emph(emphasis_text(ctx, at(i + 1), &inner)));
                    i = end + 1;
                }
                _ => {
                    text.push('*');
                    i += 1;
                }
            }
        } else {
            text.push(c);
            i += 1;
        }
    }
    flush(&mut text, &mut spans);
    spans
}

/// Emphasised text may hold math.
fn emphasis_text(ctx: &mut Ctx, (l, col): (usize, usize), inner: &str) -> String {
    match text::render(inner, None) {
        Ok(s) => s,
        Err(e) => {
            ctx.error(l, col + e.offset, e.message);
            inner.to_string()
        }
    }
}
