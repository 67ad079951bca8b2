//! The lessons a learner can study: the bundled curriculum plus any
//! `--lessons DIR`, where a user lesson with a bundled lesson's id replaces
//! it, ordered so that every lesson comes after the lessons it requires.

use super::embedded::parse_embedded;
use super::model::{Diagnostic, Lesson};
use super::parse::{MAX_FILE_BYTES, ParseOutput, parse_bytes};
use super::prebuilt::Prebuilt;
use super::sanitize::sanitize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::io::Read;
use std::path::Path;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_lessons.rs"));
}

/// A lesson file's name (as shown in diagnostics) and raw bytes.
#[derive(Debug, Clone)]
pub struct LessonFile {
    pub path: String,
    pub bytes: Cow<'static, [u8]>,
    pub bundled: bool,
}

/// The lesson files embedded at build time, sorted by name.
pub fn bundled_files() -> Vec<LessonFile> {
    bundled::BUNDLED
        .iter()
        .map(|(path, bytes)| LessonFile {
            path: (*path).to_string(),
            bytes: Cow::Borrowed(bytes),
            bundled: true,
        })
        .collect()
}

/// The front matter `build.rs` read for the bundled file `path` with these
/// bytes (none for a file it left to the parser, or for other bytes under a
/// bundled name).
pub fn prebuilt(path: &str, bytes: &[u8]) -> Option<&'static Prebuilt> {
    bundled::PREBUILT.iter().find(|p| {
        p.path == path && (std::ptr::eq(p.text.as_bytes(), bytes) || p.text.as_bytes() == bytes)
    })
}

/// The `*.md` files of a directory (not recursive), sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<LessonFile>, Diagnostic> {
    let shown = sanitize(&dir.display().to_string());
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(&shown, 1, 1, format!("cannot read lesson directory: {e}"))
    })?;
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| read_file(p)).collect()
}

/// One lesson file. A file over the size cap is read only up to just past
/// the cap, so the parser can refuse it without the whole file in memory.
pub fn read_file(path: &Path) -> Result<LessonFile, Diagnostic> {
    let shown = sanitize(&path.display().to_string());
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::error(&shown, 1, 1, format!("cannot read lesson file: {e}")))?;
    Ok(LessonFile {
        path: shown,
        bytes: Cow::Owned(bytes),
        bundled: false,
    })
}

/// Loaded lessons in study order, and what was wrong with the files left out.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub lessons: Vec<Lesson>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Catalog {
    /// The bundled lessons, then each directory's in turn (later ones replace
    /// earlier lessons with the same id). Files with errors are left out and
    /// their diagnostics kept.
    pub fn load(dirs: &[impl AsRef<Path>]) -> Catalog {
        let mut files = bundled_files();
        let mut diagnostics = Vec::new();
        for d in dirs {
            match read_dir(d.as_ref()) {
                Ok(f) => files.extend(f),
                Err(e) => diagnostics.push(e),
            }
        }
        let mut c = Catalog::from_files(&files);
        diagnostics.append(&mut c.diagnostics);
        c.diagnostics = diagnostics;
        c
    }

    /// Parses files (later files replace earlier lessons with the same id)
    /// and orders the result. A file embedded in the binary is loaded from
    /// the front matter read at build time ([`prebuilt`]), or else parsed up
    /// to its front matter ([`parse_embedded`]), and its body parsed on first
    /// use: the first frame needs only titles, concepts and prerequisites,
    /// and the tests check every bundled lesson in full. Other files are parsed in
    /// full here, so that their errors are reported at start-up.
    pub fn from_files(files: &[LessonFile]) -> Catalog {
        let mut diagnostics = Vec::new();
        let mut lessons: Vec<Lesson> = Vec::new();
        let parse = |f: &LessonFile| -> ParseOutput {
            match (&f.bytes, f.bundled) {
                (Cow::Borrowed(embedded), true) => {
                    match prebuilt(&f.path, embedded).and_then(Prebuilt::lesson) {
                        Some(lesson) => ParseOutput {
                            lesson: Some(lesson),
                            diagnostics: Vec::new(),
                        },
                        None => parse_embedded(&f.path, embedded),
                    }
                }
                _ => parse_bytes(&f.path, &f.bytes, f.bundled),
            }
        };
        // Headers alone are too little work to be worth a thread each.
        let outputs: Vec<ParseOutput> = if files.iter().all(|f| f.bundled) {
            files.iter().map(parse).collect()
        } else {
            super::parallel::map(files, parse)
        };
        for out in outputs {
            let has_errors = out.has_errors();
            diagnostics.extend(out.diagnostics);
            if let (Some(lesson), false) = (out.lesson, has_errors) {
                match lessons.iter_mut().find(|l| l.id == lesson.id) {
                    Some(existing) => *existing = lesson,
                    None => lessons.push(lesson),
                }
            }
        }
        let order = match topo_order(&lessons) {
            Ok(order) => order,
            Err(_) => (0..lessons.len()).collect(),
        };
        let mut slots: Vec<Option<Lesson>> = lessons.into_iter().map(Some).collect();
        let lessons = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Catalog {
            lessons,
            diagnostics,
        }
    }

    /// Reads the bodies of these lessons not read yet: for a screen that
    /// is about to look into many lessons at once. A body the build parsed
    /// is decoded here (microseconds, less than starting a thread); the
    /// others are parsed on all cores when there are several
    /// ([`super::parallel::map`]). Unknown ids are ignored.
    pub fn parse_bodies<'a>(&self, ids: impl IntoIterator<Item = &'a str>) {
        let mut todo: Vec<&Lesson> = Vec::new();
        for id in ids {
            if let Some(l) = self.get(id)
                && !l.body_is_parsed()
                && !todo.iter().any(|t| t.id == l.id)
            {
                if l.body.is_prebuilt() {
                    l.sections();
                } else {
                    todo.push(l);
                }
            }
        }
        if todo.len() > 1 {
            super::parallel::map(&todo, |l| {
                l.sections();
            });
        }
    }

    /// Starts decoding, on another thread, the bodies the build parsed and
    /// nothing has read yet, and returns at once: for a caller about to
    /// spend a while on something else (start-up reading a long progress
    /// file) before a screen that looks into many lessons. A body asked for
    /// meanwhile is read by whichever thread gets to it first (it is read
    /// once), so this changes when the work is done, never what a lesson
    /// holds. Without a thread to be had, nothing is started.
    pub fn read_bodies_in_background(&self) {
        let bodies: Vec<_> = self
            .lessons
            .iter()
            .filter(|l| l.body.is_prebuilt() && !l.body_is_parsed())
            .map(|l| l.body.clone())
            .collect();
        if !bodies.is_empty() {
            let _ = std::thread::Builder::new()
                .name("lesson bodies".into())
                .spawn(move || bodies.iter().for_each(|b| b.read()));
        }
    }

    pub fn get(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}

/// A topological order of lessons by `requires` (prerequisites first), ties
/// kept in the given order; requirements on unknown ids are ignored here (the
/// checker reports them). On a cycle, returns the ids around one cycle, the
/// first id repeated at the end: `["a", "b", "a"]`.
pub fn topo_order(lessons: &[Lesson]) -> Result<Vec<usize>, Vec<String>> {
    let index: HashMap<&str, usize> = lessons
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut indegree = vec![0usize; lessons.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); lessons.len()];
    for (i, l) in lessons.iter().enumerate() {
        let mut seen = Vec::new();
        for r in &l.requires {
            if let Some(&j) = index.get(r.as_str())
                && !seen.contains(&j)
            {
                seen.push(j);
                indegree[i] += 1;
                dependents[j].push(i);
            }
        }
    }
    // Smallest original index first among the ready lessons.
    let mut ready: BinaryHeap<std::cmp::Reverse<usize>> = (0..lessons.len())
        .filter(|&i| indegree[i] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut order = Vec::with_capacity(lessons.len());
    while let Some(std::cmp::Reverse(i)) = ready.pop() {
        order.push(i);
        for &d in &dependents[i] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.push(std::cmp::Reverse(d));
            }
        }
    }
    if order.len() == lessons.len() {
        return Ok(order);
    }
    Err(find_cycle(lessons, &index, &indegree))
}

/// Walks prerequisites from a lesson left in the cycle until one repeats.
fn find_cycle(lessons: &[Lesson], index: &HashMap<&str, usize>, indegree: &[usize]) -> Vec<String> {
    let Some(start) = (0..lessons.len()).find(|&i| indegree[i] > 0) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut pos: BTreeMap<usize, usize> = BTreeMap::from([(start, 0)]);
    let mut cur = start;
    loop {
        // Every lesson left has a prerequisite that is also left.
        let Some(next) = lessons[cur]
            .requires
            .iter()
            .filter_map(|r| index.get(r.as_str()).copied())
            .find(|&j| indegree[j] > 0)
        else {
            return Vec::new();
        };
        if let Some(&at) = pos.get(&next) {
            let mut ids: Vec<String> = path[at..].iter().map(|&i| lessons[i].id.clone()).collect();
            ids.push(lessons[next].id.clone());
            return ids;
        }
        pos.insert(next, path.len());
        path.push(next);
        cur = next;
    }
}
