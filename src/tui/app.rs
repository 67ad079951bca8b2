//! The app model: a stack of screens, the help overlay and the quit
//! confirmation. Keys go in, state changes, the view is drawn from state;
//! nothing here touches the terminal, so tests drive it with `TestBackend`.

use super::keymap::{self, Command};
use super::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition};
use super::theme::Theme;
use super::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

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

    pub fn draw(&self, frame: &mut Frame) {
        self.draw_screen(frame);
        if self.theme.ascii {
            super::ascii::asciify(frame.buffer_mut());
        }
    }

    fn draw_screen(&self, frame: &mut Frame) {
        let area = frame.area();
        let t = &self.theme;
        self.too_small
            .set(area.width < MIN_WIDTH || area.height < MIN_HEIGHT);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = format!(
                "kltutor needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {}x{}. Enlarge it, or press Ctrl-C to quit.",
                area.width, area.height
            );
            frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
            return;
        }
        let [top, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let screen = self.current();
        let unsaved = self.unsaved();
        if let Some(why) = &unsaved {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    format!(" Progress NOT saved; kltutor retries at every answer. {why}"),
                    t.warn(),
                ))),
                top,
            );
        } else {
            let crumbs: Vec<String> = self.stack.iter().map(|s| s.title()).collect();
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(" kltutor ", t.title()),
                    Span::styled(crumbs.join(t.sym(" › ", " > ")), t.text()),
                ])),
                top,
            );
        }
        screen.draw(frame, body, t);
        // The overlay is drawn before the status bar so that the bar can
        // name its scroll keys when it overflows.
        if self.help {
            self.draw_help(frame, body);
        }
        let mut keys = if self.help {
            let mut k = vec![KeyHelp {
                keys: "? / Esc",
                what: "close help",
            }];
            if self.help_scroll.overflows() {
                k.push(KeyHelp {
                    keys: "↑↓ PgUp PgDn",
                    what: "scroll",
                });
            }
            k
        } else {
            screen.status_keys()
        };
        // In a field ? and q are text: the screen names the keys that work
        // there (Esc for commands); the rest are in the help.
        if !self.help && !screen.input_mode() {
            keys.push(KeyHelp {
                keys: "?",
                what: "help",
            });
            keys.push(KeyHelp {
                keys: "q",
                what: if self.stack.len() > 1 { "back" } else { "quit" },
            });
        }
        frame.render_widget(
            Paragraph::new(fit_line(status_line(&keys, t), bottom.width, t)),
            bottom,
        );
        if self.confirm_quit {
            let w = 44.min(area.width);
            let r = centered(area, w, 5);
            frame.render_widget(Clear, r);
            let saved = if unsaved.is_some() {
                "Leave now? Progress is NOT saved."
            } else {
                "Leave now? Your answers so far are saved."
            };
            frame.render_widget(
                Paragraph::new(format!("{saved}\n\n  y: leave    any other key: stay")).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(" Leave? ")
                        .border_style(t.warn()),
                ),
                r,
            );
        }
    }

    fn draw_help(&self, frame: &mut Frame, body: Rect) {
        let t = &self.theme;
        let mut keys = self.current().keys();
        keys.extend([
            KeyHelp {
                keys: "?",
                what: "show or hide this help",
            },
            KeyHelp {
                keys: "Esc / q",
                what: "back (q quits from the home screen)",
            },
            KeyHelp {
                keys: "Ctrl-A / Ctrl-E",
                what: "answer field: start / end of the line",
            },
            KeyHelp {
                keys: "Ctrl-U / Ctrl-W",
                what: "answer field: erase to the start / the word before",
            },
            KeyHelp {
                keys: "Alt-← / Alt-→",
                what: "answer field: a word left / right",
            },
            KeyHelp {
                keys: "Ctrl-C",
                what: "quit at once (progress is saved)",
            },
        ]);
        let lines: Vec<Line> = keys
            .iter()
            .map(|k| {
                Line::from(vec![
                    Span::styled(format!("{:>14}  ", k.keys), t.key()),
                    Span::raw(k.what),
                ])
            })
            .collect();
        let w = 64.min(body.width);
        // Long descriptions wrap under their key column instead of being cut.
        let para = Paragraph::new(lines).wrap(Wrap { trim: false });
        let h = (para.line_count(w.saturating_sub(2)) as u16 + 2).min(body.height);
        let r = centered(body, w, h);
        frame.render_widget(Clear, r);
        self.help_scroll.render(
            frame,
            r,
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" Keys: {} ", self.current().title()))
                .border_style(t.title()),
            para,
            "more: ↓",
            t,
        );
    }
}

/// `key what · key what` with the keys highlighted.
pub fn status_line<'a>(keys: &[KeyHelp], t: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(t.sym(" · ", " | "), t.dim()));
        }
        spans.push(Span::styled(k.keys.to_string(), t.key()));
        spans.push(Span::raw(format!(" {}", k.what)));
    }
    Line::from(spans)
}

/// A line cut to `width` columns ending in `…` when it is longer, so a key
/// hint that does not fit is never dropped without a sign (the full list is
/// in the help overlay).
pub fn fit_line<'a>(line: Line<'a>, width: u16, t: &Theme) -> Line<'a> {
    let width = width as usize;
    if line.width() <= width || width == 0 {
        return line;
    }
    let ell = t.sym("…", "~");
    let mut left = width - 1;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.width();
        if w <= left {
            left -= w;
            spans.push(span);
            continue;
        }
        let cut: String = span
            .content
            .chars()
            .scan(0usize, |used, c| {
                *used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                (*used <= left).then_some(c)
            })
            .collect();
        spans.push(Span::styled(cut, span.style));
        break;
    }
    spans.push(Span::styled(ell, t.dim()));
    Line::from(spans)
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screen::key;
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
}
