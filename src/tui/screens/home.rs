//! Home: the entries a learner can open.

use crate::lab::{LabParams, NAMES};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub struct Home {
    selected: usize,
}

impl Home {
    pub fn new() -> Home {
        Home { selected: 0 }
    }
}

impl Default for Home {
    fn default() -> Self {
        Home::new()
    }
}

impl Screen for Home {
    fn title(&self) -> String {
        "Home".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(NAMES.len() - 1),
            Action::Enter | Action::Right => {
                let name = NAMES[self.selected].0;
                if let Some(s) = super::open_lab(name, &LabParams::default()) {
                    return Transition::Push(s);
                }
            }
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let mut lines = vec![
            Line::styled("Labs: live divergence landscapes", t.title()),
            Line::raw(""),
        ];
        for (i, (name, what)) in NAMES.iter().enumerate() {
            let style = if i == self.selected {
                t.selected()
            } else {
                t.text()
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {name:<14}"), style),
                Span::styled(format!(" {what}"), t.dim()),
            ]));
        }
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border()),
            ),
            area,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![key("↑↓ / jk", "choose"), key("Enter", "open")]
    }
}
