//! Drawing pieces the lesson and quiz screens share: a problem and its
//! help, a multiple-choice question, feedback, worked steps and the answer
//! field. Only layout: the sessions decide every word of feedback.

use crate::lesson::{Block, Question, Span as LSpan, Step};
use crate::quantity::Quantity;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::prose;
use crate::tutor::feedback::step_lines;
use crate::tutor::{ActiveProblem, Feedback, HintReply, QuestionFeedback, Solution, SubmitError};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as WBlock, Borders, Paragraph};

/// How a line of feedback reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Info,
    Warn,
}

/// A line of feedback to show under the item.
pub type Note = (String, Tone);

fn tone_style(tone: Tone, t: &Theme) -> Style {
    match tone {
        Tone::Good => t.good(),
        Tone::Bad => t.bad(),
        Tone::Info => t.text(),
        Tone::Warn => t.warn(),
    }
}

/// Text wrapped at `width` in one style (through the prose layout, so wrapping is the reader's).
pub fn wrap(s: &str, width: usize, style: Style, t: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let lines = prose::render(
            &[Block::Paragraph(vec![LSpan::Text(para.into())])],
            width,
            t,
        );
        out.extend(lines.into_iter().map(|l| l.patch_style(style)));
    }
    out
}

/// Drops the plain front end's typed-command instructions ("Type hint for
/// …"): the screen shows its own keys in the status bar instead.
fn keep(line: &str) -> bool {
    !(line.starts_with("Type ") || line.starts_with("Try again, or type skip"))
}

/// Whether `p` can be answered term by term (`e`): a sum over outcomes.
pub fn takes_terms(p: &ActiveProblem) -> bool {
    crate::tui::widgets::terms::TermsTable::for_problem(p).is_ok()
}

/// Whether a lab draws `p`'s own inputs (`o` after a wrong answer).
pub fn has_lab(p: &ActiveProblem) -> bool {
    crate::lab::problem_lab(&p.instance.quantity, &p.problem.labels, None).is_ok()
}

pub fn feedback_notes(fb: &Feedback) -> Vec<Note> {
    let mut out: Vec<Note> = fb
        .lines
        .iter()
        .filter(|l| keep(l))
        .enumerate()
        .map(|(i, l)| {
            let tone = match (i, fb.correct) {
                (0, true) => Tone::Good,
                (0, false) => Tone::Bad,
                _ => Tone::Info,
            };
            (l.clone(), tone)
        })
        .collect();
    if let Some(e) = &fb.save_error {
        out.push((format!("Could not save progress: {e}"), Tone::Warn));
    }
    out
}

pub fn question_notes(fb: &QuestionFeedback) -> Vec<Note> {
    let mut out: Vec<Note> = fb
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let tone = match (i, fb.correct) {
                (0, true) => Tone::Good,
                (0, false) => Tone::Bad,
                _ => Tone::Info,
            };
            (l.clone(), tone)
        })
        .collect();
    if let Some(e) = &fb.save_error {
        out.push((format!("Could not save progress: {e}"), Tone::Warn));
    }
    out
}

pub fn error_notes(e: &SubmitError) -> Vec<Note> {
    match e {
        SubmitError::Malformed { message, caret } => {
            let mut v = vec![(format!("Could not read that answer: {message}"), Tone::Warn)];
            v.extend(caret.lines().map(|l| (format!("  {l}"), Tone::Info)));
            v.push(("(Not counted. Try again.)".into(), Tone::Info));
            v
        }
        other => vec![(other.to_string(), Tone::Warn)],
    }
}

pub fn hint_note(h: HintReply) -> Note {
    match h {
        HintReply::Hint {
            number,
            total,
            text,
        } => (format!("Hint {number} of {total}: {text}"), Tone::Info),
        HintReply::Targeted { title, text, .. } => (
            crate::tutor::problem::targeted_hint_line(title, &text),
            Tone::Info,
        ),
        HintReply::NoMoreHints => (
            "No more hints: press s for the worked solution.".into(),
            Tone::Info,
        ),
    }
}

pub fn solution_notes(sol: &Solution, q: &Quantity) -> Vec<Note> {
    let mut v = vec![("Worked solution:".to_string(), Tone::Info)];
    for s in &sol.steps {
        v.extend(step_lines(s, q).into_iter().map(|l| (l, Tone::Info)));
    }
    v
}

/// Notes as lines. An indented note (the echoed answer and its `^`) is
/// drawn as it is: wrapping would drop the spaces that put the caret under
/// the column the message names.
pub fn notes_lines(notes: &[Note], width: usize, t: &Theme) -> Vec<Line<'static>> {
    notes
        .iter()
        .flat_map(|(s, tone)| {
            if s.starts_with("  ") {
                vec![Line::styled(s.clone(), tone_style(*tone, t))]
            } else {
                wrap(s, width, tone_style(*tone, t), t)
            }
        })
        .collect()
}

/// The problem as posed: which instance (key and seed), the prompt and the hints shown.
pub fn problem_lines(p: &ActiveProblem, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut v = wrap(&p.header(), width, t.dim(), t);
    v.push(Line::raw(""));
    v.extend(wrap(p.prompt(), width, t.text(), t));
    for (i, h) in p.hints_shown().iter().enumerate() {
        v.push(Line::raw(""));
        v.extend(wrap(
            &format!("Hint {} of {}: {h}", i + 1, p.problem.hints.len()),
            width,
            t.warn(),
            t,
        ));
    }
    for (id, h) in p.targeted_hints() {
        let title = crate::tutor::mistakes::info(id).map_or(id, |m| m.title);
        v.push(Line::raw(""));
        v.extend(wrap(
            &crate::tutor::problem::targeted_hint_line(title, &h),
            width,
            t.warn(),
            t,
        ));
    }
    v
}

/// A question and its numbered choices, `selected` marked.
pub fn question_lines(
    q: &Question,
    selected: usize,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut v = wrap(&q.prompt, width, t.text(), t);
    v.push(Line::raw(""));
    for (i, c) in q.choices.iter().enumerate() {
        let (mark, style) = if i == selected {
            (t.sym("▸", ">"), t.selected())
        } else {
            (" ", t.text())
        };
        for (j, l) in wrap(
            &format!("{}. {c}", i + 1),
            width.saturating_sub(3),
            style,
            t,
        )
        .into_iter()
        .enumerate()
        {
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

/// The per-outcome table of a worked example, filled in up to step `upto`
/// (rows not yet reached are dots), the row of the current step highlighted,
/// then the sum, the unit and the conclusion once reached.
pub fn example_lines(
    q: &Quantity,
    steps: &[Step],
    upto: usize,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    use crate::lesson::text::{fmt_input, fmt_sig};
    use crate::quantity::Measure;
    let log = q.base.log_name();
    let mut v: Vec<Line<'static>> = Vec::new();
    let outcomes: Vec<(usize, &crate::lesson::steps::OutcomeRow)> = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Outcome(r) => Some((i, r)),
            _ => None,
        })
        .collect();
    if let Some(Step::Intro(s)) = steps.first() {
        v.extend(wrap(s, width, t.text(), t));
        v.push(Line::raw(""));
    }
    if !outcomes.is_empty() {
        let lw = outcomes
            .iter()
            .map(|(_, r)| r.label.chars().count())
            .max()
            .unwrap_or(7)
            .clamp(7, 14);
        // The columns name the roles of this measure: reverse KL is weighted by
        // Q, and entropy and cross-entropy take the log of 1/P or 1/Q.
        let (w, o, ratio, logcol) = match q.measure {
            Measure::ReverseKl => ("Q", "P", "Q/P".to_string(), format!("{log}(Q/P)")),
            Measure::CrossEntropy => ("P", "Q", "-".to_string(), format!("{log}(1/Q)")),
            Measure::Entropy => ("P", "-", "-".to_string(), format!("{log}(1/P)")),
            _ => ("P", "Q", "P/Q".to_string(), format!("{log}(P/Q)")),
        };
        // Each column as wide as its widest cell, so that the table fits
        // narrow terminals (a fixed layout cut the last column at 60 columns).
        let dots = t.sym("…", "...");
        let header: Vec<String> = ["outcome", w, o, &ratio, &logcol, "term"]
            .iter()
            .map(|x| x.to_string())
            .collect();
        // Widths come from every row's values, shown or not, so the table
        // keeps its layout as the steps fill it in.
        let full: Vec<Vec<String>> = outcomes
            .iter()
            .map(|(_, r)| {
                let opt = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or("-".into(), f);
                vec![
                    t.spell(&r.label).chars().take(lw).collect(),
                    fmt_input(r.p),
                    opt(r.q, &fmt_input),
                    opt(r.ratio, &|x| fmt_sig(x, 4)),
                    fmt_sig(r.log, 4),
                    fmt_sig(r.term, 4),
                ]
            })
            .collect();
        let cells: Vec<Vec<String>> = outcomes
            .iter()
            .zip(&full)
            .map(|((i, _), row)| {
                if *i <= upto {
                    row.clone()
                } else {
                    let mut hidden = vec![row[0].clone()];
                    hidden.extend((0..5).map(|_| dots.to_string()));
                    hidden
                }
            })
            .collect();
        // A measure without a Q or a ratio has no column for it: entropy shows
        // outcome, P, log(1/P) and the term; cross-entropy adds Q. A column of
        // dashes under a "-" header told the learner nothing.
        let keep: &[usize] = match q.measure {
            Measure::Entropy => &[0, 1, 4, 5],
            Measure::CrossEntropy => &[0, 1, 2, 4, 5],
            _ => &[0, 1, 2, 3, 4, 5],
        };
        let pick =
            |r: &Vec<String>| -> Vec<String> { keep.iter().map(|&c| r[c].clone()).collect() };
        let header = pick(&header);
        let full: Vec<Vec<String>> = full.iter().map(pick).collect();
        let cells: Vec<Vec<String>> = cells.iter().map(pick).collect();
        let ncol = keep.len();
        let cw = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let widths: Vec<usize> = (0..ncol)
            .map(|c| {
                full.iter()
                    .chain(&cells)
                    .map(|r| cw(&r[c]))
                    .chain([cw(&header[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Three spaces between columns where they fit, else one.
        let total: usize = widths.iter().sum();
        let gap = if 2 + total + (ncol - 1) * 3 <= width {
            3
        } else {
            1
        };
        let row_text = |r: &[String]| {
            let mut out = format!("{}{}", r[0], " ".repeat(widths[0] - cw(&r[0])));
            for c in 1..ncol {
                out.push_str(&" ".repeat(gap + widths[c] - cw(&r[c])));
                out.push_str(&r[c]);
            }
            out
        };
        v.push(Line::styled(format!("  {}", row_text(&header)), t.title()));
        for ((i, _), row) in outcomes.iter().zip(&cells) {
            let style = if *i == upto {
                t.selected()
            } else if *i < upto {
                t.text()
            } else {
                t.dim()
            };
            let mark = if *i == upto {
                t.sym("▸ ", "> ")
            } else {
                "  "
            };
            v.push(Line::from(vec![
                Span::styled(mark, t.key()),
                Span::styled(row_text(row), style),
            ]));
        }
        v.push(Line::raw(""));
    }
    for (i, s) in steps.iter().enumerate().take(upto + 1) {
        let style = if i == upto { t.good() } else { t.text() };
        match s {
            Step::Intro(_) => {}
            Step::Outcome(r) => {
                if i == upto
                    && let Some(n) = &r.note
                {
                    v.extend(wrap(&format!("{}: {n}", r.label), width, t.warn(), t));
                }
            }
            other => {
                for l in step_lines(other, q) {
                    v.extend(wrap(&l, width, style, t));
                }
            }
        }
    }
    if upto + 1 < steps.len() {
        v.push(Line::raw(""));
        v.push(Line::styled(
            format!(
                "Step {} of {}: → or Enter for the next step, ← to go back.",
                upto + 1,
                steps.len()
            ),
            t.dim(),
        ));
    }
    v
}

/// The answer field in a bordered box; the border is bright while typing.
pub fn draw_field(frame: &mut Frame, area: Rect, field: &Field, focused: bool, t: &Theme) {
    // Shortened to fit the border, never cut at the corner.
    let title = crate::tui::widgets::fit_title(
        t,
        area.width,
        if focused {
            [
                " Answer (Enter submits · ↑↓ earlier answers · Esc for commands) ",
                " Answer (Enter submits · Esc for commands) ",
                " Answer (Esc for commands) ",
            ]
        } else {
            [
                " Answer (Enter or a to type) ",
                " Answer (a to type) ",
                " Answer ",
            ]
        }
        .map(String::from),
    );
    let inner_w = area.width.saturating_sub(2) as usize;
    frame.render_widget(
        Paragraph::new(field.line(inner_w, focused, t)).block(
            WBlock::default()
                .borders(Borders::ALL)
                .title(title)
                .border_style(if focused { t.title() } else { t.border() }),
        ),
        area,
    );
}

#[cfg(test)]
mod caret_tests {
    use super::*;

    /// The caret sits under the column the message names.
    #[test]
    fn the_caret_stays_under_the_named_column() {
        let input = "0.5 * (0.5/0.25";
        let e = crate::tutor::parse_answer(input).unwrap_err();
        let err = SubmitError::Malformed {
            message: e.message.clone(),
            caret: e.caret(input),
        };
        let lines: Vec<String> = notes_lines(&error_notes(&err), 60, &Theme::FULL)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(lines[0].contains("column 7"), "{lines:?}");
        let echo = lines.iter().position(|l| l.trim() == input).unwrap();
        let caret = &lines[echo + 1];
        let at = caret.find('^').unwrap();
        assert_eq!(&lines[echo][at..=at], "(");
        assert_eq!(at - lines[echo].find('0').unwrap(), 6);
    }
}

#[cfg(test)]
mod example_table_tests {
    use super::*;
    use crate::engine::Base;
    use crate::lesson::steps::OutcomeRow;
    use crate::quantity::Measure;

    /// The table's header row for a two-outcome example of `measure`, with
    /// every row filled in (the terms come from the engine via `Quantity`).
    fn header(measure: Measure) -> String {
        let q = Quantity::discrete(measure, vec![0.9, 0.1], vec![0.5, 0.5], Base::Two);
        let total = q.value().unwrap();
        let steps: Vec<Step> = [0.9f64, 0.1]
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                Step::Outcome(OutcomeRow {
                    index: i,
                    label: format!("x{}", i + 1),
                    p,
                    q: (measure != Measure::Entropy).then_some(0.5),
                    ratio: matches!(measure, Measure::Kl).then_some(p / 0.5),
                    log: -p.log2(),
                    term: total / 2.0,
                    note: None,
                })
            })
            .collect();
        let lines = example_lines(&q, &steps, steps.len(), 80, &Theme::PLAIN);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        text.into_iter().find(|l| l.contains("outcome")).unwrap()
    }

    /// Issue 9 §6: the entropy table names its columns instead of showing
    /// "P  -  -  log2(1/P)"; cross-entropy has no ratio column; KL keeps all.
    #[test]
    fn columns_a_measure_lacks_are_dropped() {
        let words = |m| -> Vec<String> { header(m).split_whitespace().map(String::from).collect() };
        assert_eq!(
            words(Measure::Entropy),
            ["outcome", "P", "log2(1/P)", "term"]
        );
        assert_eq!(
            words(Measure::CrossEntropy),
            ["outcome", "P", "Q", "log2(1/Q)", "term"]
        );
        assert_eq!(
            words(Measure::Kl),
            ["outcome", "P", "Q", "P/Q", "log2(P/Q)", "term"]
        );
    }
}
