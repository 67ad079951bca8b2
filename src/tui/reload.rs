//! `kltutor --lessons DIR --watch`: saved lesson files are an input source
//! of the app, like keys. Between keys the event loop asks [`CourseWatch`];
//! when a burst of saves has settled it loads the directories again (with
//! the full check, [`load_checked`]) and hands the new catalogue to every
//! screen on the stack ([`App::reload`]). Where a learner lands is decided
//! by the pure [`crate::tutor::reload::relocate`].

use super::app::App;
use super::context::Context;
use super::screen::Reload;
use crate::lesson::catalog::Catalog;
use crate::lesson::check::load_checked;
use crate::watch::Watcher;
use std::path::PathBuf;
use std::rc::Rc;

/// Rebuilds the app on `catalog` (the load after a change) and returns the
/// context now in use.
pub fn apply(app: &mut App, ctx: &Rc<Context>, catalog: Catalog) -> Rc<Context> {
    let next = ctx.reloaded(catalog);
    app.reload(&Reload::new(Rc::clone(&next)));
    next
}

/// The watched lesson directories and the context the app runs on.
pub struct CourseWatch {
    dirs: Vec<PathBuf>,
    watcher: Watcher,
    ctx: Rc<Context>,
}

impl CourseWatch {
    /// Starts watching `dirs` (an error when one cannot be watched).
    pub fn new(dirs: &[PathBuf], ctx: &Rc<Context>) -> anyhow::Result<CourseWatch> {
        Ok(CourseWatch {
            dirs: dirs.to_vec(),
            watcher: Watcher::new(dirs)?,
            ctx: Rc::clone(ctx),
        })
    }

    /// How the files are watched, for the learner.
    pub fn describe(&self) -> String {
        self.watcher.describe()
    }

    /// Never blocks: when saved files have settled, reloads and returns true
    /// (the screen needs drawing).
    pub fn poll(&mut self, app: &mut App) -> bool {
        if !self.watcher.changed() {
            return false;
        }
        self.ctx = apply(app, &self.ctx, load_checked(&self.dirs));
        true
    }
}
