//! The app model driven by keys: Esc and quick keys, the too-small
//! terminal, quitting, the status bar in a field, cutting a long status
//! line, and the unsaved-progress warning.

use super::*;
use crate::tui::screen::{KeyHelp, key};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::rc::Rc;

/// A screen in input mode until Esc, recording what reaches it.
struct Recorder {
    seen: Rc<RefCell<Vec<Action>>>,
    typing: bool,
}

impl Screen for Recorder {
    fn title(&self) -> String {
        "recorder".into()
    }
    fn handle(&mut self, a: Action) -> Transition {
        if a == Action::Back {
            self.typing = false;
        }
        self.seen.borrow_mut().push(a);
        Transition::Stay
    }
    fn draw(&self, _: &mut Frame, _: Rect, _: &Theme) {}
    fn keys(&self) -> Vec<KeyHelp> {
        vec![key("x", "y")]
    }
    fn input_mode(&self) -> bool {
        self.typing
    }
}

#[test]
fn esc_then_a_quick_key_is_two_presses_not_text() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let mut app = App::new(
        Box::new(Recorder {
            seen: seen.clone(),
            typing: true,
        }),
        Theme::FULL,
    );
    app.on_key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
    // What a terminal sends for Esc followed at once by t.
    app.on_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::ALT));
    assert_eq!(
        *seen.borrow(),
        vec![Action::Char('1'), Action::Back, Action::Char('t')]
    );
    assert!(!app.current().input_mode());
}

fn recorder(typing: bool) -> (App, Rc<RefCell<Vec<Action>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let app = App::new(
        Box::new(Recorder {
            seen: seen.clone(),
            typing,
        }),
        Theme::FULL,
    );
    (app, seen)
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let (mut app, seen) = recorder(false);
    let s = screen(&app, 40, 10);
    assert!(s.contains("needs a terminal"), "{s}");
    for c in ['q', 'j', '?', '1'] {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert!(seen.borrow().is_empty(), "{:?}", seen.borrow());
    assert!(!app.should_quit() && !app.help);
    // Enlarged again, keys act.
    screen(&app, 80, 24);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(*seen.borrow(), vec![Action::Down]);
    // Ctrl-C always quits.
    screen(&app, 40, 10);
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.should_quit());
}

/// A root screen that, like Home, asks to be left on Esc.
struct Root;
impl Screen for Root {
    fn title(&self) -> String {
        "root".into()
    }
    fn handle(&mut self, a: Action) -> Transition {
        if a == Action::Back {
            Transition::Pop
        } else {
            Transition::Stay
        }
    }
    fn draw(&self, _: &mut Frame, _: Rect, _: &Theme) {}
    fn keys(&self) -> Vec<KeyHelp> {
        vec![]
    }
}

#[test]
fn esc_on_the_root_screen_does_not_quit_but_q_does() {
    let mut app = App::new(Box::new(Root), Theme::FULL);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn the_status_bar_in_a_field_names_no_command_letters() {
    let (app, _) = recorder(true);
    let s = screen(&app, 80, 24);
    let last = s.lines().last().unwrap();
    assert!(
        !last.contains("? help") && !last.contains("q back"),
        "{last}"
    );
    let (app, _) = recorder(false);
    let s = screen(&app, 80, 24);
    assert!(s.lines().last().unwrap().contains("? help"), "{s}");
}

#[test]
fn a_status_line_too_long_for_the_screen_ends_in_an_ellipsis() {
    let t = Theme::FULL;
    let keys: Vec<KeyHelp> = (0..12)
        .map(|_| KeyHelp {
            keys: "PgUp/PgDn",
            what: "scroll",
        })
        .collect();
    let full = status_line(&keys, &t);
    assert!(full.width() > 80);
    let cut = fit_line(full, 80, &t);
    assert_eq!(cut.width(), 80);
    assert!(cut.to_string().ends_with('…'), "{cut}");
    let short = status_line(&keys[..2], &t);
    let w = short.width();
    assert_eq!(fit_line(short, 80, &t).width(), w);
}

/// A failed save shows a warning on every frame until a save succeeds.
#[test]
fn an_unsaved_store_shows_a_persistent_warning() {
    use ratatui::{Terminal, backend::TestBackend};
    let why: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let probe = Rc::clone(&why);
    let app = App::new(
        Box::new(Recorder {
            seen: Rc::new(RefCell::new(Vec::new())),
            typing: false,
        }),
        Theme::FULL,
    )
    .with_save_status(Box::new(move || probe.borrow().clone()));
    let screen = |app: &App| {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| app.draw(f)).unwrap();
        format!("{:?}", term.backend().buffer())
    };
    assert!(!screen(&app).contains("NOT saved"));
    *why.borrow_mut() = Some("disk full".into());
    for _ in 0..3 {
        let s = screen(&app);
        assert!(s.contains("Progress NOT saved"), "{s}");
        assert!(s.contains("disk full"), "{s}");
    }
    *why.borrow_mut() = None;
    assert!(!screen(&app).contains("NOT saved"));
}
