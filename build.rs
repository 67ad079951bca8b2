//! Embeds the bundled curriculum (`lessons/*.md`) in the binary, so an
//! installed `kltutor` needs no data files, with each lesson already read:
//! its front matter (`src/lesson/front_index.rs`) and its body, parsed by
//! the crate's own parser and encoded (`src/lesson/embedded.rs`,
//! `prebuild_body`), so start-up parses no TOML and a body is decoded, not
//! parsed, on first use. The parser's modules (and the engine and the rest
//! they use) are included here by path (`build/lesson.rs`), so there is one
//! parser, and the tests hold what is embedded equal to what it gives at
//! run time. A file the front-matter reader leaves alone is embedded with
//! `include_bytes!` (bytes, not `include_str!`, so a broken lesson is
//! reported by `kltutor check` instead of failing the build) and parsed at
//! run time; so is the body of a lesson the parser finds an error in, with
//! the error shown as a build warning. Cargo reruns this when anything under
//! `lessons/` changes, or any source it includes (the build script is then
//! rebuilt).

// The crate's modules as the parser needs them, at the paths the crate has
// them (`crate::engine`, `crate::lesson::parse`, ...). Much of them is
// unused here.
#![allow(dead_code, unused_imports, unused_macros)]
// Lints that spare a library's exported API, which these modules are in the crate.
#![allow(clippy::wrong_self_convention)]
#[path = "src/engine/mod.rs"]
mod engine;
#[path = "build/lesson.rs"]
mod lesson;
#[path = "src/mistake_ids.rs"]
mod mistake_ids;
#[path = "src/quantity.rs"]
mod quantity;

use lesson::front_index;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=lessons");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
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
        "/// Each bundled lesson `front_index` could read: its front matter and body, read at build time.\n\
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
        match text
            .as_deref()
            .and_then(|t| Some((t, front_index::read(t)?)))
        {
            Some((text, f)) => {
                writeln!(consts, "const L{i}: &str = include_str!({full:?});").unwrap();
                let body = match lesson::embedded::prebuild_body(&shown, text) {
                    Ok(bytes) => {
                        let file = out_dir.join(format!("body-{i}.bin"));
                        write_if_changed(&file, &bytes);
                        format!("Some(include_bytes!({:?}))", file.display())
                    }
                    Err(why) => {
                        println!("cargo:warning={why} (parsed at run time instead)");
                        "None".to_string()
                    }
                };
                writeln!(out, "    ({shown:?}, L{i}.as_bytes()),").unwrap();
                writeln!(
                    pre,
                    "    crate::lesson::prebuilt::Prebuilt {{ path: {shown:?}, text: L{i}, \
                     id: {:?}, title: {:?}, summary: {:?}, concepts: &{:?}, requires: &{:?}, \
                     minutes: {}, difficulty: {}, id_line: {}, requires_line: {}, body: {body} }},",
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
    write_if_changed(&out_dir.join("bundled_lessons.rs"), out.as_bytes());
}

/// Writes only on change, so an unchanged file does not look new.
fn write_if_changed(target: &Path, bytes: &[u8]) {
    if fs::read(target).ok().as_deref() != Some(bytes) {
        fs::write(target, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    }
}
