//! `kltutor progress [--json]`: mastery per concept and the reviews due.

use super::Result;
use crate::lesson::CONCEPTS;
use crate::progress::{Store, now_ms, summary};
use std::io::Write;

/// `kltutor progress [--json]`: mastery per concept and the reviews due.
pub fn progress(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let concepts: Vec<&str> = CONCEPTS.iter().map(|(c, _)| *c).collect();
    let now = now_ms();
    if json {
        let v = summary::to_json(store.progress(), &concepts, now);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
    } else {
        write!(
            out,
            "{}",
            summary::render_text(store.progress(), &concepts, now)
        )?;
    }
    Ok(())
}
