//! A bundled lesson's front matter read at build time, so that start-up
//! parses no TOML and sanitizes no text (issue 12: that was most of the time
//! before the first frame).
//!
//! `build.rs` includes this file (`#[path]`) and writes what [`read`] finds
//! into the binary as literals; the crate compiles the same file, and the
//! tests check that, for every bundled lesson and every fixture, whatever
//! [`read`] accepts is exactly what the lesson parser gives. So this reader
//! is deliberately narrow: one `key = value` per line, basic strings without
//! escapes, `$` math or anything the sanitizer would change, plain integers.
//! Anything else (comments, escapes, tables, a stray tab anywhere in the
//! file) gives `None`, and that lesson is loaded by the parser at run time
//! as before. It uses only `std`, because a build script cannot use the
//! crate it builds. Validation that needs the crate (known concept ids,
//! valid lesson ids, ranges) is done at run time on the result, by the
//! parser's own functions.

/// The front matter of a lesson file, as the parser would load it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedFront {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub concepts: Vec<String>,
    pub requires: Vec<String>,
    pub minutes: u32,
    pub difficulty: u8,
    /// 1-based file lines of the `id` and `requires` keys (the first line of
    /// the front matter's TOML when `requires` is absent, as the parser says).
    pub id_line: usize,
    pub requires_line: usize,
}

/// The parser's size cap ([`MAX_FILE_BYTES`](super::MAX_FILE_BYTES)).
const MAX_BYTES: usize = 1 << 20;

/// The front matter of `text` when it is plain enough to be read without the
/// parser, and the file as a whole would pass through the sanitizer unchanged.
pub fn read(text: &str) -> Option<IndexedFront> {
    if text.len() > MAX_BYTES || !text.chars().all(unchanged_by_sanitizer) {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let open = lines.iter().position(|l| !l.trim().is_empty())?;
    if lines[open] != "+++" {
        return None;
    }
    let close = open
        + 1
        + lines[open + 1..]
            .iter()
            .position(|l| l.trim_end() == "+++")?;
    if lines[close] != "+++" {
        return None;
    }
    let first_line = open + 2;
    let mut f = Fields::default();
    for (i, line) in lines[open + 1..close].iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.strip_suffix(' ').unwrap_or(key);
        let value = value.strip_prefix(' ').unwrap_or(value).trim_end();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let at = first_line + i;
        match key {
            "id" => set(&mut f.id, (string(value)?, at))?,
            "title" => set(&mut f.title, string(value)?)?,
            "summary" => set(&mut f.summary, string(value)?)?,
            "concepts" => set(&mut f.concepts, array(value)?)?,
            "requires" => set(&mut f.requires, (array(value)?, at))?,
            "minutes" => set(&mut f.minutes, integer(value)?)?,
            "difficulty" => set(&mut f.difficulty, u8::try_from(integer(value)?).ok()?)?,
            _ => return None,
        }
    }
    let (id, id_line) = f.id?;
    let (requires, requires_line) = f.requires.unwrap_or((Vec::new(), first_line));
    Some(IndexedFront {
        id,
        title: f.title?,
        summary: f.summary?,
        concepts: f.concepts?,
        requires,
        minutes: f.minutes?,
        difficulty: f.difficulty?,
        id_line,
        requires_line,
    })
}

#[derive(Default)]
struct Fields {
    id: Option<(String, usize)>,
    title: Option<String>,
    summary: Option<String>,
    concepts: Option<Vec<String>>,
    requires: Option<(Vec<String>, usize)>,
    minutes: Option<u32>,
    difficulty: Option<u8>,
}

/// Sets a key once: a repeated key is a TOML error, left to the parser.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// Whether the sanitizer keeps `c` as it is (it drops or replaces control
/// characters, tabs, byte-order marks and bidi overrides).
fn unchanged_by_sanitizer(c: char) -> bool {
    c == '\n'
        || !(c.is_control()
            || matches!(c, '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// A basic string with nothing to unescape or render: no `\`, no `$`.
fn string(v: &str) -> Option<String> {
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\', '$'])).then(|| inner.to_string())
}

/// An array of such strings on one line, without a trailing comma.
fn array(v: &str) -> Option<Vec<String>> {
    let inner = v.strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner.split(',').map(|s| string(s.trim())).collect()
}

/// A decimal integer as TOML writes it: digits, no sign, no leading zero.
fn integer(v: &str) -> Option<u32> {
    let ok =
        !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) && (v == "0" || !v.starts_with('0'));
    if ok { v.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "+++\nid = \"a\"\ntitle = \"A ‖ b\"\nsummary = \"s, t\"\nconcepts = [\"units\", \"mle\"]\nminutes = 5\ndifficulty = 1\n+++\n\n## One\n";

    #[test]
    fn reads_plain_front_matter() {
        let f = read(PLAIN).expect("plain");
        assert_eq!(f.id, "a");
        assert_eq!(f.title, "A ‖ b");
        assert_eq!(f.concepts, ["units", "mle"]);
        assert!(f.requires.is_empty());
        assert_eq!(
            (f.minutes, f.difficulty, f.id_line, f.requires_line),
            (5, 1, 2, 2)
        );
    }

    #[test]
    fn leaves_anything_unusual_to_the_parser() {
        for (from, to) in [
            ("\"A ‖ b\"", "\"$x$\""),
            ("\"A ‖ b\"", "\"a\\\"b\""),
            ("\"A ‖ b\"", "'a'"),
            ("minutes = 5", "minutes = 05"),
            ("minutes = 5", "minutes = 5 # five"),
            ("minutes = 5", "minutes = 5_0"),
            ("difficulty = 1", "difficulty = 300"),
            ("difficulty = 1", "difficulty = 1\ndifficulty = 2"),
            ("difficulty = 1", "other = 1\ndifficulty = 1"),
            ("difficulty = 1", "# note\ndifficulty = 1"),
            ("\"units\", \"mle\"]", "\"units\", \"mle\",]"),
            ("\"units\", \"mle\"]", "\"units\",\n\"mle\"]"),
            ("id = ", "\"id\" = "),
            ("id = \"a\"\n", ""),
            ("## One", "## One\twith a tab"),
            ("## One", "## \u{1b}[31mOne"),
            ("+++\n\n", "+++ \n\n"),
        ] {
            let text = PLAIN.replacen(from, to, 1);
            assert_ne!(text, PLAIN, "{from:?} not found");
            assert_eq!(read(&text), None, "{text}");
        }
    }
}
