//! A block's or the front matter's TOML text with its place in the file, so
//! every TOML error and every key can be reported at its line and column.

use super::*;

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
        match ::toml::from_str::<T>(self.text) {
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

/// For serde's "unknown field `tolerence`, expected one of `id`, ...": a
/// shorter message naming the closest expected key, when one is close enough
/// to be the intended one (the full list is kept otherwise).
pub(super) fn did_you_mean(msg: &str) -> Option<String> {
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
