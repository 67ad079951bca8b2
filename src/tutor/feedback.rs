//! How the tutor words things: verdicts, pointers to the lesson section that
//! covers a mistake, and worked-solution steps as plain lines.
//!
//! Kept apart from the sessions (which decide *what* to say) and from the
//! front ends (which decide *how it looks*), so `calc --answer`, the plain
//! front end and the terminal app all say the same sentence for the same
//! verdict.

use super::grade::{Offset, Verdict};
use super::mistakes::Diagnosis;
use crate::lesson::text::{fmt_input, fmt_sig, fmt_value};
use crate::lesson::{Lesson, Step};
use crate::quantity::{Measure, Quantity};

/// Significant digits of numbers the tutor prints: enough to check a hand
/// computation against, few enough to read aloud.
pub const SHOWN_DIGITS: usize = 4;

/// One sentence on an answer: right, or wrong and (where the catalogue knows) why.
/// This is the calculator's wording (it reveals the expected value, which a
/// calculator may do and a tutor mid-problem may not).
pub fn verdict_message(v: &Verdict, q: &Quantity) -> String {
    let given = with_unit(v.given, "");
    if v.correct {
        return format!(
            "right: {given} agrees with the engine's {}",
            with_unit(v.expected, q.unit())
        );
    }
    if let Some(d) = &v.diagnosis {
        return format!("wrong: {given}. {}", d.message);
    }
    match &v.offset {
        Some(o) if o.relative.is_finite() => format!(
            "wrong: {given} is {} by {:.1} % (no known mistake gives that value)",
            if o.too_high { "too high" } else { "too low" },
            o.relative * 100.0
        ),
        _ => format!("wrong: {given} is not {}", with_unit(v.expected, q.unit())),
    }
}

/// A value and its unit, shortest round-trip digits (`0.5310044064107188 bits`).
pub fn with_unit(value: f64, unit: &str) -> String {
    let v = if value.is_infinite() {
        if value < 0.0 { "-inf" } else { "inf" }.to_string()
    } else if value != 0.0 && !(1e-7..1e16).contains(&value.abs()) {
        // Shortest round-trip digits in scientific form: 1e308, not 309 digits.
        format!("{value:e}")
    } else {
        format!("{value}")
    };
    crate::engine::Base::amount(&v, unit)
}

/// A lesson section a learner is sent to, to reread what a mistake is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRef {
    pub lesson_id: String,
    pub lesson_title: String,
    /// 0-based section index within the lesson.
    pub section: usize,
    pub heading: String,
    /// The section is in a lesson after the one the item comes from (the
    /// learner has unlocked it but may not have read it yet).
    pub later: bool,
}

impl SectionRef {
    /// "See the section "…" of this lesson." within the current lesson, or
    /// naming the other lesson (with its id, so the learner can open it) and
    /// saying when that lesson comes later.
    pub fn sentence(&self, current_lesson: Option<&str>) -> String {
        if current_lesson == Some(self.lesson_id.as_str()) {
            format!("See the section \"{}\" of this lesson.", self.heading)
        } else if self.later {
            format!(
                "See the section \"{}\" in the later lesson \"{}\" ({}), which covers this.",
                self.heading, self.lesson_title, self.lesson_id
            )
        } else {
            format!(
                "See the section \"{}\" in the lesson \"{}\" ({}).",
                self.heading, self.lesson_title, self.lesson_id
            )
        }
    }

    fn new(l: &Lesson, section: usize, later: bool) -> SectionRef {
        SectionRef {
            lesson_id: l.id.clone(),
            lesson_title: l.title.clone(),
            section,
            heading: l.sections()[section].heading.clone(),
            later,
        }
    }
}

/// The section holding the block `block_id` of lesson `lesson_id`: where a
/// lesson problem or question is taught, whatever its concept tag says.
pub fn own_section(lessons: &[Lesson], lesson_id: &str, block_id: &str) -> Option<SectionRef> {
    let l = lessons.iter().find(|l| l.id == lesson_id)?;
    let i = l
        .sections()
        .iter()
        .position(|s| s.items.iter().any(|it| it.id() == Some(block_id)))?;
    Some(SectionRef::new(l, i, false))
}

/// The section on `concept` nearest to the block `block_id` of lesson
/// `lesson_id`, among the lessons `open` says the learner has unlocked:
/// in the same lesson first (the closest section at or before the block,
/// then after it), then the nearest earlier lesson (its last such section),
/// then the nearest later lesson (marked [`SectionRef::later`]). `None` when
/// no unlocked lesson has a section on the concept: never an unrelated one.
pub fn section_for(
    lessons: &[Lesson],
    lesson_id: &str,
    block_id: &str,
    concept: &str,
    open: &dyn Fn(&Lesson) -> bool,
) -> Option<SectionRef> {
    let on = |l: &Lesson, i: usize| l.sections()[i].concept.as_deref() == Some(concept);
    let here = lessons.iter().position(|l| l.id == lesson_id);
    if let Some(h) = here {
        let l = &lessons[h];
        let at = l
            .sections()
            .iter()
            .position(|s| s.items.iter().any(|it| it.id() == Some(block_id)))
            .unwrap_or(0);
        let before = (0..=at.min(l.sections().len().saturating_sub(1)))
            .rev()
            .find(|&i| on(l, i));
        let after = || (at..l.sections().len()).find(|&i| on(l, i));
        if let Some(i) = before.or_else(after) {
            return Some(SectionRef::new(l, i, false));
        }
    }
    let h = here.unwrap_or(lessons.len());
    let earlier = lessons[..h.min(lessons.len())]
        .iter()
        .rev()
        .filter(|l| open(l))
        .find_map(|l| {
            (0..l.sections().len())
                .rev()
                .find(|&i| on(l, i))
                .map(|i| SectionRef::new(l, i, false))
        });
    earlier.or_else(|| {
        lessons
            .iter()
            .skip(h + 1)
            .filter(|l| open(l))
            .find_map(|l| {
                (0..l.sections().len())
                    .find(|&i| on(l, i))
                    .map(|i| SectionRef::new(l, i, here.is_some()))
            })
    })
}

/// What the tutor says about one answer to a problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub correct: bool,
    /// The answer as typed (trimmed).
    pub given: String,
    /// The engine's value, in the asked unit. Front ends show it only when
    /// [`Feedback::lines`] does (a lesson lets the learner try again).
    pub expected: f64,
    pub unit: &'static str,
    pub diagnosis: Option<Diagnosis>,
    /// The section covering the diagnosed mistake's concept, if any lesson has one.
    pub see: Option<SectionRef>,
    /// Too high / too low and by how much, when no mistake explains the answer.
    pub offset: Option<Offset>,
    /// Hints not yet shown.
    pub hints_left: usize,
    /// For an answer given term by term: the 1-based outcome of the first
    /// wrong term (`None` when all were right or a total was given).
    pub first_wrong_term: Option<usize>,
    /// The sentences to show, in order.
    pub lines: Vec<String>,
    /// Set when the answer was graded but could not be saved; it stays in
    /// memory and the next save retries, so the learner is only warned.
    pub save_error: Option<String>,
}

/// The inputs to [`problem_feedback`] beyond the verdict.
pub struct FeedbackContext<'a> {
    pub given: &'a str,
    pub quantity: &'a Quantity,
    pub see: Option<SectionRef>,
    pub current_lesson: Option<&'a str>,
    pub hints_left: usize,
    /// A hint aimed at the diagnosed mistake is waiting.
    pub targeted_hint: bool,
    pub hints_total: usize,
    pub solution_shown: bool,
    /// Say the right answer when wrong: quizzes and reviews do (there is no
    /// second try), lessons do not (the learner tries again).
    pub reveal: bool,
}

/// Words a graded answer for a learner.
pub fn problem_feedback(v: &Verdict, cx: FeedbackContext<'_>) -> Feedback {
    let unit = cx.quantity.unit();
    let expected_text = fmt_value(v.expected, SHOWN_DIGITS, unit);
    let mut lines = Vec::new();
    if v.correct {
        lines.push(format!(
            "Right: {} (the engine gets {expected_text}).",
            cx.given
        ));
    } else {
        match (&v.diagnosis, &v.offset) {
            (Some(d), _) => {
                lines.push(format!("Not quite: {}. {}", cx.given, d.message));
                if let Some(s) = &cx.see {
                    lines.push(s.sentence(cx.current_lesson));
                }
            }
            (None, o) => {
                lines.push(match o {
                    Some(o) => offset_sentence(cx.given, o),
                    None => format!("Not quite: {} is not the value asked for.", cx.given),
                });
                if let Some(s) = &cx.see {
                    lines.push(s.sentence(cx.current_lesson));
                }
            }
        }
        if cx.reveal {
            lines.push(format!("The answer is {expected_text}."));
        } else if cx.targeted_hint {
            lines.push("Type hint for a hint about this mistake, or try again.".to_string());
        } else if cx.hints_left > 0 {
            let n = cx.hints_total - cx.hints_left + 1;
            lines.push(format!(
                "Type hint for hint {n} of {}, or try again.",
                cx.hints_total
            ));
        } else if !cx.solution_shown {
            lines.push("Type solution to see the worked solution, or try again.".to_string());
        } else {
            lines.push("Try again, or type skip to move on.".to_string());
        }
    }
    Feedback {
        correct: v.correct,
        given: cx.given.to_string(),
        expected: v.expected,
        unit,
        diagnosis: v.diagnosis.clone(),
        see: cx.see,
        offset: v.offset,
        hints_left: cx.hints_left,
        first_wrong_term: None,
        lines,
        save_error: None,
    }
}

/// "Not quite: 0.6 is too high by 13.0 %." (no percentage when the right
/// answer is 0, where a relative error means nothing).
fn offset_sentence(given: &str, o: &Offset) -> String {
    let dir = if o.too_high { "too high" } else { "too low" };
    if o.relative.is_finite() {
        format!(
            "Not quite: {given} is {dir} by {:.1} %. No known mistake gives that value; check each term.",
            o.relative * 100.0
        )
    } else {
        format!("Not quite: {given} is {dir}.")
    }
}

/// What the tutor says about a chosen option of a question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFeedback {
    pub correct: bool,
    /// 0-based chosen and right options.
    pub chosen: usize,
    pub answer: usize,
    /// The explanation written for the chosen option.
    pub explanation: String,
    /// The section of the question's concept, when the choice was wrong.
    pub see: Option<SectionRef>,
    pub lines: Vec<String>,
    pub save_error: Option<String>,
}

/// A worked step as plain lines (a note, if any, on its own line).
pub fn step_lines(step: &Step, q: &Quantity) -> Vec<String> {
    let n = |v: f64| fmt_sig(v, SHOWN_DIGITS);
    let amount = crate::engine::Base::amount;
    let log = q.base.log_name();
    let unit = q.base.unit();
    match step {
        Step::Intro(s) | Step::Conclusion(s) => vec![s.clone()],
        Step::Work(w) => vec![w.line()],
        Step::Outcome(r) => {
            // For reverse KL the engine's row is weighted by Q: name the roles.
            let (w, o) = if q.measure == Measure::ReverseKl {
                ("Q", "P")
            } else {
                ("P", "Q")
            };
            let mut line = match (q.measure, r.q, r.ratio) {
                // 0·log(0/Q) = 0: the row adds nothing, and its log is not used.
                (Measure::Kl | Measure::ReverseKl, Some(other), Some(_)) if r.p == 0.0 => format!(
                    "{}: {w} = 0, {o} = {}; term {w}·{log}({w}/{o}) = 0 (0·log 0 counts as 0)",
                    r.label,
                    fmt_input(other),
                ),
                (Measure::Kl | Measure::ReverseKl, Some(other), Some(ratio)) => format!(
                    "{}: {w} = {}, {o} = {}; {w}/{o} = {}; {log}({w}/{o}) = {}; term {w}·{log}({w}/{o}) = {}",
                    r.label,
                    fmt_input(r.p),
                    fmt_input(other),
                    crate::lesson::text::fmt_ratio(ratio, q.base.to_nats(r.log), SHOWN_DIGITS),
                    n(r.log),
                    amount(&n(r.term), unit)
                ),
                (Measure::CrossEntropy, Some(other), _) => format!(
                    "{}: P = {}, Q = {}; {log}(1/Q) = {}; term P·{log}(1/Q) = {}",
                    r.label,
                    fmt_input(r.p),
                    fmt_input(other),
                    n(r.log),
                    amount(&n(r.term), unit)
                ),
                _ => format!(
                    "{}: P = {}; {log}(1/P) = {}; term P·{log}(1/P) = {}",
                    r.label,
                    fmt_input(r.p),
                    n(r.log),
                    amount(&n(r.term), unit)
                ),
            };
            if let Some(note) = &r.note {
                line.push('\n');
                line.push_str(note);
            }
            line.lines().map(str::to_string).collect()
        }
        Step::Sum {
            terms,
            total,
            unit,
            note,
        } => {
            let mut out = vec![if terms.is_empty() {
                format!(
                    "The engine's value: {}",
                    fmt_value(*total, SHOWN_DIGITS, unit)
                )
            } else {
                let parts: Vec<String> = terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if i > 0 && *t < 0.0 {
                            format!("({})", n(*t))
                        } else {
                            n(*t)
                        }
                    })
                    .collect();
                format!(
                    "Sum of the terms: {} = {}",
                    parts.join(" + "),
                    fmt_value(*total, SHOWN_DIGITS, unit)
                )
            }];
            out.extend(note.clone());
            out
        }
        Step::Unit {
            log_name,
            unit,
            others,
            ..
        } => {
            let others: Vec<String> = others
                .iter()
                .map(|(v, u)| fmt_value(*v, SHOWN_DIGITS, u))
                .collect();
            vec![if others.is_empty() {
                format!("Logs taken with {log_name} give {unit}.")
            } else {
                format!(
                    "Logs taken with {log_name} give {unit}; the same amount is {}.",
                    others.join(" or ")
                )
            }]
        }
    }
}
