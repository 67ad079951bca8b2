//! The end of a quiz, review or challenge: the final score and every
//! mistake gone over with the right answer and why, then the next step
//! (the one Home's "Continue" names) that Enter opens.

use super::super::practice;
use super::QuizScreen;
use crate::progress::AttemptKind;
use crate::tui::theme::Theme;
use ratatui::text::Line;

impl QuizScreen {
    pub(super) fn summary_lines(&self, width: usize, t: &Theme) -> Vec<Line<'static>> {
        let s = self.quiz.summary();
        let what = match s.kind {
            AttemptKind::Review => "Review done",
            AttemptKind::Challenge => "Challenge done",
            _ => "Quiz done",
        };
        let mut v = vec![
            Line::styled(
                format!("{what}. Final score: {} of {}.", s.correct, s.total),
                t.title(),
            ),
            Line::raw(""),
        ];
        // The next step comes right under the score, so it is on screen
        // however many mistakes follow.
        if let Some(n) = &self.next {
            v.extend(practice::wrap(
                &format!("Enter: {}", n.describe()),
                width,
                t.key(),
                t,
            ));
        }
        v.extend(practice::wrap("Esc: back to the course", width, t.dim(), t));
        if !self.notes.is_empty() {
            v.push(Line::raw(""));
            v.extend(practice::notes_lines(&self.notes, width, t));
        }
        v.push(Line::raw(""));
        if s.mistakes.is_empty() {
            v.push(Line::styled("No mistakes: every item right.", t.good()));
        } else {
            v.push(Line::styled("Mistakes to review:", t.text()));
            for (i, m) in s.mistakes.iter().enumerate() {
                v.push(Line::raw(""));
                v.extend(practice::wrap(
                    &format!("{}. {} ({})", i + 1, m.prompt, m.key),
                    width,
                    t.text(),
                    t,
                ));
                v.extend(practice::wrap(
                    &format!(
                        "   Your answer: {}",
                        m.answer.as_deref().unwrap_or("(none)")
                    ),
                    width,
                    t.bad(),
                    t,
                ));
                v.extend(practice::wrap(
                    &format!("   Right answer: {}", m.right_answer),
                    width,
                    t.good(),
                    t,
                ));
                if let Some(d) = &m.diagnosis {
                    v.extend(practice::wrap(&format!("   Why: {d}"), width, t.warn(), t));
                }
            }
        }
        v
    }
}
