//! The contract every screen keeps: turn actions into state changes and
//! draw itself from state, nothing else.

use super::context::Context;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::rc::Rc;

/// What a key means, decided by the keymap before any screen sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    /// Shift+arrow or `H`/`L`: a coarse step.
    BigLeft,
    BigRight,
    BigUp,
    BigDown,
    PageUp,
    PageDown,
    Home,
    End,
    NextPane,
    PrevPane,
    Enter,
    /// A printable key that is not a global command (in input mode: every printable key).
    Char(char),
    Backspace,
    Delete,
    /// Esc or `q`: leave the current screen (the app asks first where leaving loses work).
    Back,
    /// A timer tick, for animations.
    Tick,
    /// Line editing in an answer field beyond single characters (only
    /// produced in input mode).
    Edit(Edit),
}

/// Readline-style edits of an answer field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Alt-← (or Ctrl-←): to the start of the word before the cursor.
    WordLeft,
    /// Alt-→ (or Ctrl-→): past the end of the word after the cursor.
    WordRight,
    /// Ctrl-U: delete from the start of the line to the cursor.
    KillToStart,
    /// Ctrl-W: delete the word before the cursor.
    KillWordBack,
}

/// What the app should do after a screen handled an action.
pub enum Transition {
    Stay,
    Push(Box<dyn Screen>),
    /// Replace the current screen.
    Replace(Box<dyn Screen>),
    Pop,
    Quit,
}

/// The lesson files changed (`--watch`): the context over the new
/// catalogue, and the notes screens leave for Home (a lesson that is gone).
pub struct Reload {
    pub ctx: Rc<Context>,
    notes: RefCell<Vec<String>>,
}

impl Reload {
    pub fn new(ctx: Rc<Context>) -> Reload {
        Reload {
            ctx,
            notes: RefCell::new(Vec::new()),
        }
    }

    /// Leaves a note for the home screen.
    pub fn note(&self, note: impl Into<String>) {
        self.notes.borrow_mut().push(note.into());
    }

    pub fn notes(&self) -> Vec<String> {
        self.notes.borrow().clone()
    }
}

/// What a screen becomes after a [`Reload`].
pub enum Reloaded {
    /// Unchanged (it holds nothing of the catalogue, or finishes on the old one).
    Keep,
    /// Rebuilt on the new catalogue.
    Replace(Box<dyn Screen>),
    /// Gone from the stack (its lesson no longer exists); never the root.
    Remove,
}

/// One key and what it does, for the status bar and the help overlay.
#[derive(Debug, Clone, Copy)]
pub struct KeyHelp {
    pub keys: &'static str,
    pub what: &'static str,
}

pub const fn key(keys: &'static str, what: &'static str) -> KeyHelp {
    KeyHelp { keys, what }
}

pub trait Screen {
    /// Shown in the title bar.
    fn title(&self) -> String;
    fn handle(&mut self, action: Action) -> Transition;
    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme);
    /// Every key of this screen, for the `?` overlay.
    fn keys(&self) -> Vec<KeyHelp>;
    /// The few keys that matter right now, for the status bar.
    fn status_keys(&self) -> Vec<KeyHelp> {
        self.keys().into_iter().take(4).collect()
    }
    /// True while typing into a field: letters and digits are text, not commands.
    fn input_mode(&self) -> bool {
        false
    }
    /// True while leaving would lose something (a quiz half done): `q` asks first.
    fn confirm_leave(&self) -> bool {
        false
    }
    /// True while the screen animates and wants `Action::Tick`.
    fn animating(&self) -> bool {
        false
    }
    /// Writes what only this screen holds (a lesson's position) to the
    /// store. The app calls it when the screen is left and, through
    /// `tui::run`'s exit hook, before the process ends; answers themselves
    /// are saved as they are given.
    fn save(&mut self) {}
    /// The lesson files changed (`--watch`). Screens built on the catalogue
    /// rebuild themselves on `reload.ctx`, keeping the learner's place; the
    /// rest (a quiz under way, a lab) keep what they hold.
    fn reload(&mut self, _reload: &Reload) -> Reloaded {
        Reloaded::Keep
    }
}
