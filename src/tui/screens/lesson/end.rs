//! A lesson's end page: the [`LessonReport`] the tutor layer computed
//! (the same one `learn --plain` prints), drawn with colour.

use super::super::practice;
use crate::progress::mastery::Level;
use crate::tui::theme::Theme;
use crate::tutor::LessonReport;
use ratatui::text::{Line, Span};

pub fn report_lines(r: &LessonReport, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut v = practice::wrap(
        &format!("End of the lesson \"{}\".", r.title),
        width,
        t.good(),
        t,
    );
    v.push(Line::raw(""));
    let done_style = if r.unanswered == 0 {
        t.good()
    } else {
        t.warn()
    };
    v.extend(practice::wrap(&r.done_line(), width, done_style, t));
    v.extend(practice::wrap(&r.problems_line(), width, t.text(), t));
    if r.questions > 0 {
        v.extend(practice::wrap(&r.questions_line(), width, t.text(), t));
    }
    v.push(Line::raw(""));
    v.push(Line::styled("Mastery", t.title()));
    for c in &r.mastery {
        let style = if c.after > c.before {
            t.good()
        } else if c.after < c.before {
            t.warn()
        } else {
            t.text()
        };
        let change = if c.before == c.after {
            format!("{} (unchanged)", c.after)
        } else {
            format!("{} {} {}", c.before, t.sym("→", "->"), c.after)
        };
        v.push(Line::from(vec![
            Span::raw(format!("{} {}: ", t.sym("•", "-"), c.concept)),
            Span::styled(change, style),
        ]));
    }
    if r.mastery.iter().any(|c| c.after < Level::Familiar) {
        v.extend(practice::wrap(
            "Familiar needs two right answers without hints among a concept's last four.",
            width,
            t.dim(),
            t,
        ));
    }
    v.push(Line::raw(""));
    let unlocked_style = if r.unlocked.is_empty() {
        t.text()
    } else {
        t.good()
    };
    v.extend(practice::wrap(&r.unlocked_line(), width, unlocked_style, t));
    v.extend(practice::wrap(&r.reviews_line(), width, t.text(), t));
    v.push(Line::raw(""));
    v.extend(practice::wrap(
        &format!("Enter: {}", r.next.describe()),
        width,
        t.key(),
        t,
    ));
    v.extend(practice::wrap(
        "Esc: back to the course · ←: back to the last item",
        width,
        t.dim(),
        t,
    ));
    v
}
