//! Keys and mouse events to actions. Global keys (Ctrl-C, `?`, Esc, `q`)
//! are separated out here so that no screen can forget them, and so that in
//! input mode letters and digits always reach the field.

use super::screen::{Action, Edit};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

/// A decoded key: something the app handles itself, or an action for the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Ctrl-C: always exits cleanly, from anywhere, after saving.
    Exit,
    /// `?`: toggle the help overlay.
    Help,
    /// `q` outside input mode: go back, or quit from the home screen.
    Quit,
    Screen(Action),
    Ignore,
}

pub fn key(ev: KeyEvent, input_mode: bool) -> Command {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
    if ctrl && matches!(ev.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Command::Exit;
    }
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    let a = |a| Command::Screen(a);
    if input_mode {
        // Readline keys in the answer field.
        let edit = match ev.code {
            KeyCode::Char('a' | 'A') if ctrl => Some(Action::Home),
            KeyCode::Char('e' | 'E') if ctrl => Some(Action::End),
            KeyCode::Char('u' | 'U') if ctrl => Some(Action::Edit(Edit::KillToStart)),
            KeyCode::Char('w' | 'W') if ctrl => Some(Action::Edit(Edit::KillWordBack)),
            KeyCode::Left if alt || ctrl => Some(Action::Edit(Edit::WordLeft)),
            KeyCode::Right if alt || ctrl => Some(Action::Edit(Edit::WordRight)),
            _ => None,
        };
        if let Some(e) = edit {
            return a(e);
        }
    }
    match ev.code {
        KeyCode::Esc => a(Action::Back),
        KeyCode::Enter => a(Action::Enter),
        KeyCode::Tab => a(Action::NextPane),
        KeyCode::BackTab => a(Action::PrevPane),
        KeyCode::Backspace => a(Action::Backspace),
        KeyCode::Delete => a(Action::Delete),
        KeyCode::Up if shift => a(Action::BigUp),
        KeyCode::Down if shift => a(Action::BigDown),
        KeyCode::Left if shift => a(Action::BigLeft),
        KeyCode::Right if shift => a(Action::BigRight),
        KeyCode::Up => a(Action::Up),
        KeyCode::Down => a(Action::Down),
        KeyCode::Left => a(Action::Left),
        KeyCode::Right => a(Action::Right),
        KeyCode::PageUp => a(Action::PageUp),
        KeyCode::PageDown => a(Action::PageDown),
        KeyCode::Home => a(Action::Home),
        KeyCode::End => a(Action::End),
        KeyCode::Char(c) if ctrl => {
            let _ = c;
            Command::Ignore
        }
        KeyCode::Char(c) if input_mode => a(Action::Char(c)),
        KeyCode::Char('?') => Command::Help,
        KeyCode::Char('q') => Command::Quit,
        KeyCode::Char('k') => a(Action::Up),
        KeyCode::Char('j') => a(Action::Down),
        KeyCode::Char('h') => a(Action::Left),
        KeyCode::Char('l') => a(Action::Right),
        KeyCode::Char('K') => a(Action::BigUp),
        KeyCode::Char('J') => a(Action::BigDown),
        KeyCode::Char('H') => a(Action::BigLeft),
        KeyCode::Char('L') => a(Action::BigRight),
        KeyCode::Char(c) => a(Action::Char(c)),
        _ => Command::Ignore,
    }
}

pub fn mouse(ev: MouseEvent) -> Command {
    match ev.kind {
        MouseEventKind::ScrollUp => Command::Screen(Action::Up),
        MouseEventKind::ScrollDown => Command::Screen(Action::Down),
        _ => Command::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ctrl_c_exits_even_in_input_mode() {
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(key(ev, true), Command::Exit);
        assert_eq!(key(ev, false), Command::Exit);
    }

    #[test]
    fn readline_keys_edit_in_input_mode_only() {
        let c = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        let alt = |code| KeyEvent::new(code, KeyModifiers::ALT);
        let s = Command::Screen;
        assert_eq!(key(c('a'), true), s(Action::Home));
        assert_eq!(key(c('e'), true), s(Action::End));
        assert_eq!(key(c('u'), true), s(Action::Edit(Edit::KillToStart)));
        assert_eq!(key(c('w'), true), s(Action::Edit(Edit::KillWordBack)));
        assert_eq!(
            key(alt(KeyCode::Left), true),
            s(Action::Edit(Edit::WordLeft))
        );
        assert_eq!(
            key(alt(KeyCode::Right), true),
            s(Action::Edit(Edit::WordRight))
        );
        assert_eq!(key(c('u'), false), Command::Ignore);
        assert_eq!(key(alt(KeyCode::Left), false), s(Action::Left));
    }

    #[test]
    fn letters_are_text_in_input_mode() {
        for c in ['q', '?', 'h', 'j', '1'] {
            assert_eq!(
                key(k(KeyCode::Char(c)), true),
                Command::Screen(Action::Char(c))
            );
        }
        assert_eq!(key(k(KeyCode::Char('q')), false), Command::Quit);
        assert_eq!(
            key(k(KeyCode::Char('j')), false),
            Command::Screen(Action::Down)
        );
    }
}
