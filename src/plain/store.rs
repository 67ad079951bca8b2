//! Opening the catalog and the progress store for a plain command, and
//! the final save that decides its exit code.

use super::Result;
use crate::lesson::catalog::Catalog;
use crate::progress::Store;
use std::io::Write;

/// Opens the catalog (bundled lessons plus `dirs`) and reports files left
/// out on `err`, so a broken user lesson is visible but does not stop study.
pub fn load_catalog(dirs: &[std::path::PathBuf], err: &mut dyn Write) -> Catalog {
    let catalog = Catalog::load(dirs);
    for d in catalog.diagnostics.iter().filter(|d| d.is_error()) {
        let _ = writeln!(err, "warning: lesson left out: {d}");
    }
    catalog
}

/// Opens the store and prints its warnings (a corrupt file moved aside) once.
pub fn open_store(dir: &std::path::Path, err: &mut dyn Write) -> Result<Store> {
    let mut store = Store::open(dir)?;
    for w in store.take_warnings() {
        writeln!(err, "warning: {w}")?;
    }
    Ok(store)
}

/// Opens the store only to read it (`kltutor progress`): nothing is created,
/// moved aside or rewritten.
pub fn open_store_read_only(dir: &std::path::Path) -> Result<Store> {
    Ok(Store::open_read_only(dir)?)
}

/// The last word of a plain command on saving: when a save failed and no
/// later one succeeded, one more try; if that fails too, an error that says
/// plainly that progress was NOT saved (the caller exits non-zero).
pub fn final_save(store: &mut Store) -> std::result::Result<(), String> {
    if store.unsaved().is_none() {
        return Ok(());
    }
    store
        .save()
        .map_err(|e| format!("{e:#}. The answers of this session were NOT saved."))
}
