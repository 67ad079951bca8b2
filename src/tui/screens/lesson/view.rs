//! What the lesson screen draws inside its panels: the outline of sections
//! and the item under the cursor, as lines.

use super::super::practice;
use super::{Focus, LessonScreen};
use crate::tui::theme::Theme;
use crate::tui::widgets::prose;
use crate::tutor::Current;
use ratatui::text::{Line, Span};

impl LessonScreen {
    pub(super) fn outline_lines(&self, t: &Theme) -> Vec<Line<'static>> {
        let cur = self.session.cursor().section;
        self.session
            .lesson()
            .sections()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mark = if i == cur { t.sym("▸", ">") } else { " " };
                let style = if self.focus == Focus::Outline && i == self.outline {
                    t.selected()
                } else if i == cur {
                    t.title()
                } else {
                    t.text()
                };
                Line::from(vec![
                    Span::styled(format!("{mark}{:>2} ", i + 1), t.key()),
                    Span::styled(s.heading.clone(), style),
                ])
            })
            .collect()
    }

    pub(super) fn body_lines(&self, width: usize, t: &Theme) -> Vec<Line<'static>> {
        match self.session.current() {
            Current::Prose(blocks) => prose::render(blocks, width, t),
            Current::Step { example, index, .. } => {
                let mut v = Vec::new();
                let title = example.title.clone().unwrap_or_else(|| example.id.clone());
                v.extend(practice::wrap(
                    &format!("Worked example: {title}"),
                    width,
                    t.title(),
                    t,
                ));
                v.push(Line::raw(""));
                if let Some(steps) = &self.steps {
                    v.extend(practice::example_lines(
                        &example.quantity,
                        steps,
                        index,
                        width,
                        t,
                    ));
                }
                v
            }
            Current::Problem(p) => practice::problem_lines(p, width, t),
            Current::Question(q) => {
                let mut v = practice::wrap(&q.header(), width, t.dim(), t);
                v.push(Line::raw(""));
                v.extend(practice::question_lines(&q.question, self.choice, width, t));
                v
            }
            Current::Predict(p) => {
                let mut v = vec![Line::styled(
                    "Predict first, then see the engine's values",
                    t.title(),
                )];
                v.push(Line::raw(""));
                v.extend(practice::wrap(
                    &format!(
                        "P = {}, Q = {}",
                        crate::lesson::text::fmt_vec(&p.p),
                        crate::lesson::text::fmt_vec(&p.q)
                    ),
                    width,
                    t.text(),
                    t,
                ));
                if let Some(text) = &p.prompt {
                    v.extend(practice::wrap(text, width, t.text(), t));
                }
                v.push(Line::raw(""));
                // The mark goes in its own span: wrapping trims a leading
                // space, which would pull the unmarked options left.
                for (i, c) in p.choices.iter().enumerate() {
                    let mark = if self.predicted == Some(i) {
                        t.sym("▸", ">")
                    } else {
                        " "
                    };
                    let body = practice::wrap(
                        &format!("{}. {c}", i + 1),
                        width.saturating_sub(3),
                        t.text(),
                        t,
                    );
                    for (j, l) in body.into_iter().enumerate() {
                        let lead = if j == 0 {
                            format!(" {mark} ")
                        } else {
                            "   ".into()
                        };
                        let mut spans = vec![Span::styled(lead, t.key())];
                        spans.extend(l.spans);
                        v.push(Line::from(spans));
                    }
                }
                v
            }
            Current::Lab(lab) => {
                let name = lab.params.name();
                let what = crate::lab::NAMES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, w)| *w);
                let mut v = vec![Line::styled(format!("Lab: {name}"), t.title())];
                if let Some(w) = what {
                    v.extend(practice::wrap(w, width, t.dim(), t));
                }
                v.push(Line::raw(""));
                if !lab.observations.is_empty() {
                    v.push(Line::styled("What to observe:", t.text()));
                    for o in &lab.observations {
                        v.extend(practice::wrap(
                            &format!("{} {o}", t.sym("•", "-")),
                            width,
                            t.text(),
                            t,
                        ));
                    }
                    v.push(Line::raw(""));
                }
                v.push(Line::styled(
                    if what.is_some() {
                        "Enter: open the lab · →: skip it"
                    } else {
                        "This lab is not available in this version · →: go on"
                    },
                    t.key(),
                ));
                v
            }
            Current::Broken(m) => practice::wrap(
                &format!("This item could not be shown: {m}"),
                width,
                t.bad(),
                t,
            ),
            Current::End => match &self.report {
                Some(r) => super::end::report_lines(r, width, t),
                None => vec![Line::styled(
                    format!("End of the lesson \"{}\".", self.session.lesson().title),
                    t.good(),
                )],
            },
        }
    }
}
