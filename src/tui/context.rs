//! What every learning screen shares: the catalog, the progress store and
//! where problem seeds come from.
//!
//! Screens hold an `Rc<Context>` rather than borrowing, because the app keeps
//! them in a stack of `Box<dyn Screen>` with no lifetime to borrow through.
//! The store sits in a `RefCell`: screens borrow it only for the span of one
//! call (record an answer, save a position), never across a draw.
//!
//! Saving: every answer is written by the session before `submit` returns;
//! a lesson's position is saved after each answer and each move, when its
//! screen is left ([`crate::tui::screen::Screen::save`], called by the app
//! when a screen is popped and by `tui::run`'s exit hook for the whole
//! stack), so Esc, `q`, Ctrl-C and SIGTERM all keep the place.

use crate::lesson::catalog::Catalog;
use crate::progress::{Store, StoreWarning};
use crate::tutor::SeedSource;
use std::cell::RefCell;
use std::rc::Rc;

pub struct Context {
    pub catalog: Catalog,
    /// Shared with the contexts that replace this one when `--watch` reloads
    /// the catalogue: there is one store per process, whatever screens hold.
    pub store: Rc<RefCell<Store>>,
    /// One source for every session, so a test that injects `ListSeeds`
    /// knows the exact seed of every problem the app will pose.
    seeds: Rc<RefCell<Box<dyn SeedSource>>>,
    /// Shown on the home screen: a corrupt progress file moved aside, lesson
    /// files left out.
    pub warnings: Vec<String>,
    /// The store's part of `warnings` (taken once, kept across reloads).
    store_warnings: Vec<String>,
    /// The clock for reviews and the progress chart; tests may pin it.
    pub now: fn() -> i64,
}

impl Context {
    /// Takes the store's warnings (once) and the catalog's errors for display.
    pub fn new(catalog: Catalog, mut store: Store, seeds: Box<dyn SeedSource>) -> Rc<Context> {
        let store_warnings: Vec<String> = store
            .take_warnings()
            .iter()
            .map(StoreWarning::to_string)
            .collect();
        Rc::new(Context {
            warnings: warnings(&store_warnings, &catalog),
            catalog,
            store: Rc::new(RefCell::new(store)),
            seeds: Rc::new(RefCell::new(seeds)),
            store_warnings,
            now: crate::progress::now_ms,
        })
    }

    /// The context after the lesson files changed (`--watch`): the new
    /// catalogue with the same store, seed source and clock. Screens opened
    /// before keep the old context until they are rebuilt; both write to
    /// the one store.
    pub fn reloaded(&self, catalog: Catalog) -> Rc<Context> {
        Rc::new(Context {
            warnings: warnings(&self.store_warnings, &catalog),
            catalog,
            store: Rc::clone(&self.store),
            seeds: Rc::clone(&self.seeds),
            store_warnings: self.store_warnings.clone(),
            now: self.now,
        })
    }

    pub fn next_seed(&self) -> u64 {
        self.seeds.borrow_mut().next_seed()
    }

    /// A seed source for a session that draws from this context's source.
    pub fn seed_source(self: &Rc<Self>) -> Box<dyn SeedSource> {
        Box::new(SharedSeeds(Rc::clone(self)))
    }
}

/// The store's warnings, then one line per lesson file left out (its first
/// error and how many there are), so a file with many errors (a lesson
/// being written under `--watch`) does not push the course off Home.
fn warnings(store: &[String], catalog: &Catalog) -> Vec<String> {
    let mut w = store.to_vec();
    let errors: Vec<_> = catalog
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let mut files: Vec<&str> = Vec::new();
    for d in &errors {
        if !files.contains(&d.file.as_str()) {
            files.push(&d.file);
        }
    }
    for f in files {
        let mine: Vec<_> = errors.iter().filter(|d| d.file == f).collect();
        w.push(match mine.len() {
            1 => format!("lesson left out: {}", mine[0]),
            n => format!(
                "lesson left out: {n} errors in {f} (kltutor check {f} lists them); the first: {}",
                mine[0]
            ),
        });
    }
    w
}

struct SharedSeeds(Rc<Context>);

impl SeedSource for SharedSeeds {
    fn next_seed(&mut self) -> u64 {
        self.0.next_seed()
    }
}
