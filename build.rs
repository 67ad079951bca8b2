//! Embeds the bundled curriculum (`lessons/*.md`) in the binary, so an
//! installed `kltutor` needs no data files. Generates a list of
//! `include_bytes!` (bytes, not `include_str!`, so a broken lesson is
//! reported by `kltutor check` instead of failing the build). Cargo reruns
//! this when anything under `lessons/` changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=lessons");
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
    let mut out = String::from(
        "/// The bundled lessons: the path shown in diagnostics and the file's bytes, sorted by name.\n\
         pub static BUNDLED: &[(&str, &[u8])] = &[\n",
    );
    for path in files {
        let (Some(name), Some(full)) = (path.file_name().and_then(|n| n.to_str()), path.to_str())
        else {
            println!(
                "cargo:warning=skipping lesson with a non-UTF-8 file name: {}",
                path.display()
            );
            continue;
        };
        writeln!(
            out,
            "    ({:?}, include_bytes!({:?})),",
            format!("lessons/{name}"),
            full
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("bundled_lessons.rs");
    // Rewrite only on change, so an unchanged list does not look new.
    if fs::read_to_string(&target).ok().as_deref() != Some(out.as_str()) {
        fs::write(&target, out).expect("write bundled_lessons.rs");
    }
}
