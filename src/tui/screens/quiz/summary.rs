//! The end of a quiz, review or challenge: the final score and every
//! mistake gone over with the right answer and why.

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
        v.push(Line::raw(""));
        v.push(Line::styled("Enter or Esc: back to the course", t.dim()));
        v
    }
}
