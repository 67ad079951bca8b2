//! Embeds the bundled curriculum (`lessons/*.md`) in the binary, so an
//! installed `kltutor` needs no data files, with each lesson's front matter
//! already read (`src/lesson/front_index.rs`, shared with the crate and
//! checked against the parser by the tests), so start-up parses no TOML.
//! A file whose front matter that reader leaves alone is embedded with
//! `include_bytes!` (bytes, not `include_str!`, so a broken lesson is
//! reported by `kltutor check` instead of failing the build) and parsed at
//! run time. Cargo reruns this when anything under `lessons/` changes.

#[path = "src/lesson/front_index.rs"]
mod front_index;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=src/lesson/front_index.rs");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("lessons");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut consts = String::new();
    let mut out = String::from(
        "/// The bundled lessons: the path shown in diagnostics and the file's bytes, sorted by name.\n\
         pub static BUNDLED: &[(&str, &[u8])] = &[\n",
    );
    let mut pre = String::from(
        "/// The front matter of each bundled lesson `front_index` could read, read at build time.\n\
         pub static PREBUILT: &[crate::lesson::prebuilt::Prebuilt] = &[\n",
    );
    for (i, path) in files.into_iter().enumerate() {
        let (Some(name), Some(full)) = (path.file_name().and_then(|n| n.to_str()), path.to_str())
        else {
            println!(
                "cargo:warning=skipping lesson with a non-UTF-8 file name: {}",
                path.display()
            );
            continue;
        };
        let shown = format!("lessons/{name}");
        let text = fs::read(&path).ok().and_then(|b| String::from_utf8(b).ok());
        match text.as_deref().and_then(front_index::read) {
            Some(f) => {
                writeln!(consts, "const L{i}: &str = include_str!({full:?});").unwrap();
                writeln!(out, "    ({shown:?}, L{i}.as_bytes()),").unwrap();
                writeln!(
                    pre,
                    "    crate::lesson::prebuilt::Prebuilt {{ path: {shown:?}, text: L{i}, \
                     id: {:?}, title: {:?}, summary: {:?}, concepts: &{:?}, requires: &{:?}, \
                     minutes: {}, difficulty: {}, id_line: {}, requires_line: {} }},",
                    f.id,
                    f.title,
                    f.summary,
                    f.concepts,
                    f.requires,
                    f.minutes,
                    f.difficulty,
                    f.id_line,
                    f.requires_line
                )
                .unwrap();
            }
            None => writeln!(out, "    ({shown:?}, include_bytes!({full:?})),").unwrap(),
        }
    }
    out.push_str("];\n");
    pre.push_str("];\n");
    let out = format!("{consts}{out}{pre}");
    let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("bundled_lessons.rs");
    // Rewrite only on change, so an unchanged list does not look new.
    if fs::read_to_string(&target).ok().as_deref() != Some(out.as_str()) {
        fs::write(&target, out).expect("write bundled_lessons.rs");
    }
}
