//! Drawing the app's state into a frame: the breadcrumb title bar (or the
//! unsaved-progress warning), the current screen, the status bar, the help
//! overlay, the quit confirmation, and the notice shown instead of a
//! broken layout when the terminal is below [`MIN_WIDTH`]x[`MIN_HEIGHT`].

use super::lines::{centered, cut, fit_line, status_line};
use super::{App, MIN_HEIGHT, MIN_WIDTH};
use crate::tui::screen::KeyHelp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

impl App {
    pub fn draw(&self, frame: &mut Frame) {
        self.draw_screen(frame);
        if self.theme.ascii {
            crate::tui::ascii::asciify(frame.buffer_mut());
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
            let crumbs: Vec<String> = self
                .stack
                .iter()
                .map(|s| t.spell(&s.title()).into_owned())
                .collect();
            // A title bar too narrow for the whole path ends in "…".
            let room = (top.width as usize).saturating_sub(" kltutor ".len());
            let path = cut(&crumbs.join(t.sym(" › ", " > ")), room, t.sym("…", "..."));
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(" kltutor ", t.title()),
                    Span::styled(path, t.text()),
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
                    Span::styled(format!("{:>14}  ", t.spell(k.keys)), t.key()),
                    Span::raw(t.spell(k.what).into_owned()),
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
                .title(format!(" Keys: {} ", t.spell(&self.current().title())))
                .border_style(t.title()),
            para,
            "more: ↓",
            t,
        );
    }
}
