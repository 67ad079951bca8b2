//! A long progress file's attempts read on two cores.
//!
//! With a few thousand attempts, parsing them is most of start-up for a
//! learner with a long history (issue 12: ~2 ms of a fresh process for 3000
//! attempts, 1.4 MB). The store writes its file in one layout: `schema`,
//! then the attempts, one per indented block. In a file that begins that
//! way, the attempt log is cut in two between two attempts near its middle
//! and each half is read on its own thread, attempt by attempt, by the same
//! reader as the whole array; the other fields are read from the file with
//! the log left out. Any file not in that layout, or with anything unexpected
//! at the places the cuts are made, is read in one go instead
//! ([`super::read::whole`]).
//!
//! Why the pieces put back together are the file: the opening is the
//! file's own first bytes, so the log is the top-level `attempts`; a raw
//! new line cannot be inside a JSON string, so the places found (`},` then
//! a new line and `{` between two attempts, a new line and `]` where the log
//! ends) are between values; and each half must read as exactly a list of
//! attempts, which a cut inside an attempt or past the log's end never is.

use super::model::{Attempt, Progress};
use super::store::SCHEMA;

/// From this many bytes of file on, two threads read it faster than one
/// (starting a thread costs tens of microseconds; 3000 attempts are 1.4 MB).
pub(super) const MIN_BYTES: usize = 256 * 1024;

/// Between two attempts, as the store writes them.
const BETWEEN: &str = "},\n    {";

/// The end of the attempt log, as the store writes it.
const CLOSE: &str = "\n  ]";

/// The file read in three pieces, two of them at once; `None` to read it in
/// one go (a short file, another layout, or anything that does not read).
pub(super) fn read(text: &str) -> Option<Progress> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let head = format!("{{\n  \"schema\": {SCHEMA},\n  \"attempts\": [");
    let log = text.strip_prefix(head.as_str())?;
    let mid = (log.len() / 2..log.len()).find(|&i| log.is_char_boundary(i))?;
    let at = mid + log[mid..].find(BETWEEN)?;
    let end = at + log[at..].find(CLOSE)?;
    let (first, second) = (&log[..=at], &log[at + 2..end]);
    let rest = format!("{head}]{}", &log[end + CLOSE.len()..]);
    std::thread::scope(|s| {
        let other = std::thread::Builder::new().spawn_scoped(s, || attempts(second));
        let mut p = super::read::whole(&rest)?;
        let mut log = attempts(first)?;
        let tail = match other {
            Ok(h) => h.join().ok()??,
            // No thread to be had: read it here.
            Err(_) => attempts(second)?,
        };
        log.extend(tail);
        p.attempts = log;
        Some(p)
    })
}

/// The attempts in `text`, the inside of an array (`{…}, {…}`), read one
/// by one; `None` unless it is exactly such a list.
fn attempts(text: &str) -> Option<Vec<Attempt>> {
    let skip =
        |at: usize| text.len() - text[at..].trim_start_matches([' ', '\t', '\n', '\r']).len();
    let mut out = Vec::with_capacity(text.len() / 400);
    let mut at = skip(0);
    while at < text.len() {
        let mut one = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Attempt>();
        out.push(one.next()?.ok()?);
        at = skip(at + one.byte_offset());
        if at == text.len() {
            break;
        }
        // Another attempt must follow a comma.
        at = skip(at + text[at..].strip_prefix(',').map(|_| 1)?);
        if at == text.len() {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::AttemptKind;

    /// A file as the store writes it, with `n` attempts (some carrying a
    /// newer version's fields, nested) and the other fields.
    fn file(n: usize) -> String {
        let attempts: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let mut a = Attempt::new(
                    format!("l{}/p{}", i % 7, i % 13),
                    "units",
                    AttemptKind::Quiz,
                    i as u64,
                    // Text that looks like a cut, escaped in the file.
                    if i % 5 == 0 { "},\n    {\n  ]" } else { "0.5" },
                    i % 3 != 0,
                );
                a.id = format!("id-{i}");
                a.time_ms = 1_000 + i as i64;
                let mut v = serde_json::to_value(&a).unwrap();
                if i % 4 == 0 {
                    v["future"] = serde_json::json!([{"a": 1}, {"b": [2, {"c": 3}]}]);
                }
                v
            })
            .collect();
        // In the store's order (a `json!` object would sort its keys).
        #[derive(serde::Serialize)]
        struct Doc {
            schema: u32,
            attempts: Vec<serde_json::Value>,
            positions: serde_json::Value,
            predictions: Vec<u8>,
            reviews: serde_json::Value,
            newer: serde_json::Value,
        }
        let doc = Doc {
            schema: SCHEMA,
            attempts,
            positions: serde_json::json!({"l1": {"section": 2, "item": 0, "scroll": 0, "updated_ms": 5}}),
            predictions: Vec::new(),
            reviews: serde_json::json!({"l1/p1": {"due_at_ms": 9}}),
            newer: serde_json::json!({"x": [true]}),
        };
        serde_json::to_string_pretty(&doc).unwrap()
    }

    #[test]
    fn two_halves_read_as_the_whole() {
        for n in [1000, 3001] {
            let text = file(n);
            let whole = super::super::read::whole(&text).expect("reads");
            assert_eq!(whole.attempts.len(), n);
            assert!(!whole.extra.is_empty() && !whole.positions.is_empty());
            assert_eq!(read(&text), Some(whole), "{n} attempts");
        }
        // Short files are read in one go.
        assert_eq!(read(&file(3)), None);
    }

    /// The store's own writer lays the file out as this reads it.
    #[test]
    fn the_store_writes_the_layout_read_here() {
        let dir = std::env::temp_dir().join(format!("kltutor-halves-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut store = crate::progress::Store::open(&dir).unwrap();
        let log = (0..1500).map(|i| {
            let mut a = Attempt::new("l/p", "units", AttemptKind::Quiz, i, "0.5", true);
            a.time_ms = i as i64;
            a
        });
        store.record_all(log).unwrap();
        store.set_position("l", 1, 0, 0).unwrap();
        let text = std::fs::read_to_string(store.path()).unwrap();
        let mut p = read(&text).expect("read in halves");
        p.sort_attempts();
        assert_eq!(&p, store.progress());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_laid_out_otherwise_is_read_in_one_go() {
        let text = file(3001);
        // Compact, or another key first.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let compact = text.replace("\n", "").replace("  ", "");
        assert!(compact.len() >= MIN_BYTES);
        assert_eq!(read(&compact), None);
        let moved = text.replacen(
            "{\n  \"schema\": 1,\n",
            "{\n  \"extra\": 2,\n  \"schema\": 1,\n",
            1,
        );
        assert_eq!(read(&moved), None);
        // A place that looks like the cut inside an attempt (a newer
        // field's objects at the attempts' indentation): a half ends inside
        // that attempt and does not read.
        let many: Vec<serde_json::Value> =
            (0..8000).map(|i| serde_json::json!({ "k": i })).collect();
        let mut two = [value["attempts"][1].clone(), value["attempts"][2].clone()];
        two[0]["future"] = serde_json::Value::Array(many);
        let two = serde_json::to_string_pretty(&two)
            .unwrap()
            .replace('\n', "\n  ");
        let odd = format!("{{\n  \"schema\": {SCHEMA},\n  \"attempts\": {two}\n}}")
            .replace("},\n        {", BETWEEN);
        assert!(odd.len() >= MIN_BYTES);
        assert_eq!(read(&odd), None);
        assert_eq!(
            super::super::read::whole(&odd).map(|p| p.attempts.len()),
            Some(2)
        );
    }

    #[test]
    fn anything_unexpected_at_the_cuts_is_not_read_here() {
        let text = file(3001);
        // A broken attempt in either half.
        for (from, to) in [
            ("\"seed\": 2,", "\"seed\": \"two\","),
            ("\"seed\": 2900,", "\"seed\": -1,"),
        ] {
            let bad = text.replacen(from, to, 1);
            assert_ne!(bad, text);
            assert_eq!(read(&bad), None, "{to}");
        }
        // A comma with nothing after it, or something else between attempts.
        let end = text.find(CLOSE).unwrap();
        assert_eq!(read(&format!("{},{}", &text[..end], &text[end..])), None);
        let cut = text.find(BETWEEN).unwrap();
        assert_eq!(
            read(&format!("{}x{}", &text[..cut + 1], &text[cut + 1..])),
            None
        );
        assert_eq!(attempts("{} {}"), None);
        assert_eq!(attempts(" "), Some(Vec::new()));
    }
}
