//! The app model: a stack of screens, the help overlay and the quit
//! confirmation. Keys go in, state changes, the view is drawn from state;
//! nothing here touches the terminal, so tests drive it with `TestBackend`.
//!
//! This file holds the state and what keys, mouse, ticks and reloads do to
//! it; [`draw`] draws that state (title bar, screen, status bar, help
//! overlay, quit confirmation, the too-small notice), [`lines`] holds the
//! layout helpers it uses (status line, cutting with a sign, centring).

mod draw;
mod lines;
#[cfg(test)]
mod tests;

pub use lines::{centered, fit_line, status_line};

use super::keymap::{self, Command};
use super::screen::{Action, Reload, Reloaded, Screen, Transition};
use super::theme::Theme;
use super::widgets::scroll::Scroll;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

/// Below this the app shows what size it needs instead of a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub struct App {
    stack: Vec<Box<dyn Screen>>,
    pub theme: Theme,
    help: bool,
    /// The help overlay's scroll (it can be taller than a small terminal).
    help_scroll: Scroll,
    confirm_quit: bool,
    quit: bool,
    /// Set by the last draw: the terminal was below the minimum size and
    /// only the notice was on screen, so keys (but Ctrl-C) do nothing.
    too_small: std::cell::Cell<bool>,
    /// Why progress is not saved, asked at every draw: while it says
    /// something, a warning replaces the title bar (see [`App::with_save_status`]).
    save_status: Option<SaveStatus>,
}

/// Reports why the last save failed while no save has succeeded since.
pub type SaveStatus = Box<dyn Fn() -> Option<String>>;

impl App {
    pub fn new(root: Box<dyn Screen>, theme: Theme) -> App {
        App {
            stack: vec![root],
            theme,
            help: false,
            help_scroll: Scroll::default(),
            confirm_quit: false,
            quit: false,
            too_small: std::cell::Cell::new(false),
            save_status: None,
        }
    }

    /// Shows a persistent warning in the title bar whenever `status` says
    /// progress is not saved, until a save succeeds and it says nothing.
    pub fn with_save_status(mut self, status: SaveStatus) -> App {
        self.save_status = Some(status);
        self
    }

    /// Why progress is not saved now, if it is not.
    pub fn unsaved(&self) -> Option<String> {
        self.save_status.as_ref().and_then(|f| f())
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn animating(&self) -> bool {
        self.stack.last().is_some_and(|s| s.animating())
    }

    pub fn current(&self) -> &dyn Screen {
        self.stack
            .last()
            .expect("the stack always holds the root screen")
            .as_ref()
    }

    fn current_mut(&mut self) -> &mut Box<dyn Screen> {
        self.stack
            .last_mut()
            .expect("the stack always holds the root screen")
    }

    pub fn on_key(&mut self, mut ev: KeyEvent) {
        // Esc then a key typed quickly reaches us as Alt+key (terminals send
        // both as ESC followed by the key): treat it as the two presses, so
        // "Esc t" for a hint never types a "t" into the answer field.
        if ev.modifiers.contains(KeyModifiers::ALT) && matches!(ev.code, KeyCode::Char(_)) {
            self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            ev.modifiers.remove(KeyModifiers::ALT);
        }
        let input = self.current().input_mode() && !self.help;
        let cmd = keymap::key(ev, input);
        // Behind the "terminal too small" notice nothing is visible, so
        // nothing may change: only Ctrl-C (quit) acts.
        if self.too_small.get() && cmd != Command::Exit {
            return;
        }
        self.on_command(cmd);
    }

    pub fn on_mouse(&mut self, ev: MouseEvent) {
        if !self.too_small.get() {
            self.on_command(keymap::mouse(ev));
        }
    }

    pub fn on_tick(&mut self) {
        if self.animating() {
            self.dispatch(Action::Tick);
        }
    }

    fn on_command(&mut self, cmd: Command) {
        if cmd == Command::Exit {
            self.quit = true;
            return;
        }
        if self.confirm_quit {
            // y leaves, anything else stays.
            self.confirm_quit = false;
            if cmd == Command::Screen(Action::Char('y')) {
                self.leave();
            }
            return;
        }
        if self.help {
            match cmd {
                Command::Help | Command::Quit | Command::Screen(Action::Back) => self.help = false,
                Command::Screen(Action::Up) => self.help_scroll.by(-1),
                Command::Screen(Action::Down) => self.help_scroll.by(1),
                Command::Screen(Action::PageUp) => {
                    self.help_scroll.page_up();
                }
                Command::Screen(Action::PageDown | Action::Char(' ')) => {
                    self.help_scroll.page_down();
                }
                _ => {}
            }
            return;
        }
        match cmd {
            Command::Help => {
                self.help = true;
                self.help_scroll.reset();
            }
            Command::Quit => self.request_leave(),
            Command::Screen(a) => self.dispatch(a),
            Command::Exit | Command::Ignore => {}
        }
    }

    fn request_leave(&mut self) {
        if self.current().confirm_leave() {
            self.confirm_quit = true;
        } else {
            self.leave();
        }
    }

    fn leave(&mut self) {
        if self.stack.len() > 1 {
            if let Some(mut s) = self.stack.pop() {
                s.save();
            }
        } else {
            self.quit = true;
        }
    }

    /// Saves every screen on the stack, top first: the exit hook of `tui::run`.
    pub fn save_all(&mut self) {
        for s in self.stack.iter_mut().rev() {
            s.save();
        }
    }

    /// Rebuilds the screens on a reloaded catalogue (`--watch`), top first,
    /// so a note left by a lesson that is gone reaches Home at the bottom.
    /// Nothing is saved here: every screen saved its place as it moved, and
    /// the rebuilt ones save theirs as they open.
    pub fn reload(&mut self, r: &Reload) {
        let top = self.stack.len() - 1;
        for i in (0..self.stack.len()).rev() {
            let outcome = self.stack[i].reload(r);
            if i == top && !matches!(outcome, Reloaded::Keep) {
                // A confirmation asked by a screen that was rebuilt no longer applies.
                self.confirm_quit = false;
            }
            match outcome {
                Reloaded::Keep => {}
                Reloaded::Replace(s) => self.stack[i] = s,
                Reloaded::Remove if i > 0 => {
                    self.stack.remove(i);
                }
                Reloaded::Remove => {}
            }
        }
    }

    fn dispatch(&mut self, a: Action) {
        // Esc goes back unless the screen uses it (it returns Stay then).
        // On the root screen Esc does nothing: a second Esc after leaving a
        // lab must not end the program (`q` quits).
        let root = self.stack.len() == 1;
        match self.current_mut().handle(a) {
            Transition::Pop if root && a == Action::Back => {}
            Transition::Stay => {}
            Transition::Push(s) => self.stack.push(s),
            Transition::Replace(s) => {
                self.current_mut().save();
                *self.current_mut() = s;
            }
            Transition::Pop => self.request_leave(),
            Transition::Quit => self.quit = true,
        }
    }
}
