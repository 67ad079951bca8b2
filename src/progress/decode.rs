//! Reading a progress file's bytes: the schema checked, older schemas
//! migrated, and a file this version cannot know told apart from a corrupt one.

use super::model::Progress;
use super::store::SCHEMA;
use std::path::Path;

/// Why a progress file could not be read as this version's.
pub(super) enum Parse {
    /// A `schema` this version does not know, as written in the file.
    Newer(String),
    Corrupt(String),
}

pub(super) fn newer_message(path: &Path, schema: &str) -> String {
    format!(
        "{} was written by a newer kltutor (progress schema {schema}; this version reads \
         whole numbers up to {SCHEMA}). Upgrade kltutor to use it; the file was left untouched.",
        path.display()
    )
}

/// Parses and migrates a progress file's bytes.
pub(super) fn parse(bytes: &[u8]) -> Result<Progress, Parse> {
    // The common case (this version's own file) without the generic tree.
    if let Some(p) = super::read::current(bytes) {
        return Ok(p);
    }
    parse_general(bytes)
}

/// [`parse`] of any file: the schema checked and migrated on a generic tree.
pub(super) fn parse_general(bytes: &[u8]) -> Result<Progress, Parse> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        Parse::Corrupt(if std::str::from_utf8(bytes).is_err() {
            "not UTF-8 text".to_string()
        } else {
            format!("invalid JSON: {e}")
        })
    })?;
    let obj = value
        .as_object_mut()
        .ok_or_else(|| Parse::Corrupt("not a JSON object".into()))?;
    // Schema 0 is the format before versioning: the same fields, no `schema`.
    // Anything but a whole number up to SCHEMA ("2", 1.5, -1, 7) is a format
    // this version cannot know: refused like a newer file, never moved aside.
    let version = match obj.get("schema") {
        None => 0,
        Some(v) => match v.as_u64() {
            Some(n) if n <= u64::from(SCHEMA) => n,
            _ => {
                let mut shown = v.to_string();
                if shown.chars().count() > 40 {
                    shown = shown.chars().take(40).collect::<String>() + "…";
                }
                return Err(Parse::Newer(shown));
            }
        },
    };
    migrate(obj, version);
    // The version and the derived `reviews` are the store's own; every other
    // unknown field is kept in `Progress::extra` and written back.
    obj.remove("schema");
    obj.remove("reviews");
    let mut p: Progress = serde_json::from_value(value)
        .map_err(|e| Parse::Corrupt(format!("unexpected content: {e}")))?;
    p.sort_attempts();
    Ok(p)
}

/// Brings an older schema up to [`SCHEMA`], one version at a time.
fn migrate(obj: &mut serde_json::Map<String, serde_json::Value>, from: u64) {
    if from < 1 {
        // 0 -> 1: only the version field was added; missing maps default.
        obj.insert("schema".into(), 1.into());
    }
}
