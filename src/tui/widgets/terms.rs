//! The per-outcome table of answer fields: a term-by-term answer typed one
//! field per outcome, with the outcome's inputs beside it. Pure state plus
//! its drawing; the screen turns keys into these calls and submits
//! [`TermsTable::answer`] like any typed answer (`[t1, t2, ...]`).

use super::field::Field;
use crate::lesson::OutcomeRow;
use crate::lesson::text::fmt_input;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

#[derive(Debug, Clone)]
pub struct TermsTable {
    /// Outcome label, the weighting input and the other one (names and values).
    rows: Vec<(String, String)>,
    pub fields: Vec<Field>,
    /// The field being typed in.
    pub row: usize,
    /// The first wrong term of the last answer (0-based), marked.
    pub wrong: Option<usize>,
}

impl TermsTable {
    /// A table for `rows` (the engine's outcome rows; only their labels and
    /// inputs are shown, never their terms). `weight`/`other` name the two
    /// inputs as the measure uses them (`P`, `Q`, or `Q`, `P` for reverse KL).
    pub fn new(rows: &[OutcomeRow], weight: &str, other: &str) -> TermsTable {
        TermsTable {
            rows: rows
                .iter()
                .map(|r| {
                    let inputs = match r.q {
                        Some(o) => {
                            format!("{weight} = {}, {other} = {}", fmt_input(r.p), fmt_input(o))
                        }
                        None => format!("{weight} = {}", fmt_input(r.p)),
                    };
                    (r.label.clone(), inputs)
                })
                .collect(),
            fields: vec![Field::default(); rows.len()],
            row: 0,
            wrong: None,
        }
    }

    /// The table for a posed problem, or why it takes a total only (terms
    /// are for kl, reverse-kl, cross-entropy and entropy over outcomes).
    pub fn for_problem(p: &crate::tutor::ActiveProblem) -> Result<TermsTable, &'static str> {
        use crate::quantity::Measure;
        let rows = p.outcome_rows();
        let m = p.instance.quantity.measure;
        let sums = matches!(
            m,
            Measure::Kl | Measure::ReverseKl | Measure::CrossEntropy | Measure::Entropy
        );
        if rows.is_empty() || !sums {
            return Err(
                "This problem takes the total only: terms are for kl, reverse-kl, cross-entropy and entropy over outcomes.",
            );
        }
        let (w, o) = if m == Measure::ReverseKl {
            ("Q", "P")
        } else {
            ("P", "Q")
        };
        Ok(TermsTable::new(&rows, w, o))
    }

    /// The table's share of a key while it has the focus: editing the row's
    /// field and moving between rows. False for keys it leaves to the screen
    /// (Enter, Esc, paging).
    pub fn key(&mut self, a: &crate::tui::screen::Action) -> bool {
        use crate::tui::screen::Action;
        match a {
            Action::Char(c) => self.field().insert(*c),
            Action::Left => self.field().left(),
            Action::Right => self.field().right(),
            Action::Home => self.field().home(),
            Action::End => self.field().end(),
            Action::Backspace => self.field().backspace(),
            Action::Delete => self.field().delete(),
            Action::Edit(e) => self.field().edit(*e),
            Action::Up | Action::PrevPane => self.up(),
            Action::Down | Action::NextPane => self.down(),
            _ => return false,
        }
        true
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn field(&mut self) -> &mut Field {
        &mut self.fields[self.row]
    }

    pub fn up(&mut self) {
        self.row = self.row.saturating_sub(1);
    }

    pub fn down(&mut self) {
        self.row = (self.row + 1).min(self.rows.len().saturating_sub(1));
    }

    /// `[t1, t2, ...]` from the fields, or the 0-based row of the first empty one.
    pub fn answer(&self) -> Result<String, usize> {
        let mut parts = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            let t = f.text();
            if t.trim().is_empty() {
                return Err(i);
            }
            parts.push(t.trim().to_string());
        }
        Ok(format!("[{}]", parts.join(", ")))
    }

    /// Lines tall when drawn (rows plus borders).
    pub fn height(&self) -> u16 {
        self.rows.len() as u16 + 2
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, t: &Theme) {
        let label_w = self
            .rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(2)
            .min(12);
        let inputs_w = self
            .rows
            .iter()
            .map(|r| r.1.chars().count())
            .max()
            .unwrap_or(10);
        let inner_w = area.width.saturating_sub(2) as usize;
        let field_w = inner_w.saturating_sub(label_w + inputs_w + 10).max(6);
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (label, inputs))| {
                let here = focused && i == self.row;
                let mark = if self.wrong == Some(i) {
                    Span::styled(t.sym("✗ ", "x "), t.bad())
                } else if here {
                    Span::styled(t.sym("▸ ", "> "), t.key())
                } else {
                    Span::raw("  ")
                };
                let label: String = label.chars().take(label_w).collect();
                let label_style = if self.wrong == Some(i) {
                    t.bad()
                } else {
                    t.text()
                };
                let mut spans = vec![
                    mark,
                    Span::styled(format!("{label:<label_w$} "), label_style),
                    Span::styled(format!("{inputs:<inputs_w$}"), t.dim()),
                    Span::raw("  term: "),
                ];
                spans.extend(self.fields[i].line(field_w, here, t).spans);
                Line::from(spans)
            })
            .collect();
        let title = crate::tui::widgets::fit_title(
            t,
            area.width,
            if focused {
                [
                    " Terms, one per outcome (↑↓ row · Enter submits all · Esc for commands) ",
                    " Terms (↑↓ row · Enter submits all · Esc for commands) ",
                    " Terms (Enter submits · Esc for commands) ",
                ]
            } else {
                [
                    " Terms, one per outcome (e to type) ",
                    " Terms (e to type) ",
                    " Terms ",
                ]
            }
            .map(String::from),
        );
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(title)
                    .border_style(if focused { t.title() } else { t.border() }),
            ),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, p: f64, q: f64) -> OutcomeRow {
        OutcomeRow {
            index: i,
            label: format!("x{}", i + 1),
            p,
            q: Some(q),
            ratio: Some(p / q),
            log: (p / q).ln(),
            term: p * (p / q).ln(),
            note: None,
        }
    }

    #[test]
    fn joins_the_fields_and_names_the_first_empty_one() {
        let mut t = TermsTable::new(&[row(0, 0.9, 0.5), row(1, 0.1, 0.5)], "P", "Q");
        for c in "0.76".chars() {
            t.field().insert(c);
        }
        assert_eq!(t.answer(), Err(1));
        t.down();
        t.down();
        assert_eq!(t.row, 1);
        for c in "-0.23".chars() {
            t.field().insert(c);
        }
        assert_eq!(t.answer().unwrap(), "[0.76, -0.23]");
        t.up();
        assert_eq!(t.row, 0);
    }
}
