//! Lesson items, hints, solutions and errors as plain lines: what the
//! plain front end prints, shared by lessons and drills.

use crate::lab::NAMES as LAB_NAMES;
use crate::lesson::text::fmt_input;
use crate::lesson::{Block, Lab, plain_text};
use crate::tutor::feedback::step_lines;
use crate::tutor::{HintReply, Solution, SubmitError};

/// Prose blocks as lines.
pub fn prose_lines(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } => out.push(plain_text(text)),
            Block::Paragraph(s) => out.push(plain_text(s)),
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let mark = if *ordered {
                        format!("{}.", i + 1)
                    } else {
                        "-".to_string()
                    };
                    out.push(format!("{mark} {}", plain_text(item)));
                }
            }
            Block::Quote(s) => out.push(format!("> {}", plain_text(s))),
            Block::Code { text, .. } => out.extend(text.lines().map(|l| format!("    {l}"))),
            Block::Math(m) => out.push(format!("    {m}")),
        }
    }
    out
}

/// A lab block in plain mode: how to open it, and what to look for.
pub fn lab_lines(lab: &Lab) -> Vec<String> {
    let name = lab.params.name();
    let mut out = Vec::new();
    let openable = LAB_NAMES.iter().any(|(n, _)| *n == name);
    if openable {
        out.push(format!(
            "Lab: {name}. In a terminal, open it with this lesson's settings: {}",
            crate::cli::lab::command_line(&lab.params)
        ));
    } else {
        out.push(format!("Lab: {name} (not available in this version)."));
    }
    if !lab.observations.is_empty() {
        out.push("What to observe:".to_string());
        out.extend(lab.observations.iter().map(|o| format!("- {o}")));
    }
    out
}

pub(super) fn solution_lines(sol: &Solution, p: &crate::tutor::ActiveProblem) -> Vec<String> {
    let mut out = vec!["Worked solution:".to_string()];
    for s in &sol.steps {
        out.extend(step_lines(s, &p.instance.quantity));
    }
    out
}

pub(super) fn hint_line(h: HintReply) -> String {
    match h {
        HintReply::Hint {
            number,
            total,
            text,
        } => format!("Hint {number} of {total}: {text}"),
        HintReply::Targeted { title, text, .. } => {
            crate::tutor::problem::targeted_hint_line(title, &text)
        }
        HintReply::NoMoreHints => {
            "No more hints. Type solution to see the worked solution.".to_string()
        }
    }
}

pub(super) fn malformed_lines(e: &SubmitError) -> Vec<String> {
    match e {
        SubmitError::Malformed { message, caret } => {
            let mut v = vec![format!("Could not read that answer: {message}")];
            v.extend(caret.lines().map(|l| format!("  {l}")));
            v.push("(Not counted. Try again.)".to_string());
            v
        }
        other => vec![format!("{other}")],
    }
}

/// The plain counterpart of opening the lab on a wrong answer: the
/// problem's own P and Q outcome by outcome (inputs only, no terms: the
/// full-screen lab draws those), the outcome the mistake points at marked.
pub(super) fn very_problem_lines(
    p: &crate::tutor::ActiveProblem,
    fb: &crate::tutor::Feedback,
) -> Vec<String> {
    let outcome = fb
        .first_wrong_term
        .map(|i| i - 1)
        .or_else(|| fb.diagnosis.as_ref().and_then(|d| d.outcome));
    let q = &p.instance.quantity;
    let (name, lp) = match crate::lab::problem_lab(q, &p.problem.labels, outcome) {
        Ok(found) => found,
        Err(why) => return vec![format!("No lab draws this problem: {why}.")],
    };
    let mut out = Vec::new();
    if name == "loss" || name == "compare" {
        out.push(format!(
            "This problem in the {name} lab (in the full-screen app, o opens it):"
        ));
        if name == "compare" {
            let list = |v: &[f64]| {
                v.iter()
                    .map(|x| fmt_input(*x))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(format!(
                "  P = [{}], Q = [{}]",
                list(&lp.p_dist),
                list(&lp.q_dist)
            ));
        }
        // The app's keys (Esc, ←→) mean nothing on a line-by-line terminal.
        out.extend(
            lp.observations
                .iter()
                .filter(|o| !o.starts_with("Esc ") && !o.starts_with("Move Q (←→)"))
                .map(|o| format!("  {o}")),
        );
        return out;
    }
    if name == "bernoulli" {
        out.push(format!(
            "This problem in the bernoulli lab: P = Bern({}), Q = Bern({}). In the full-screen app, o opens it.",
            lp.p.unwrap_or_default(),
            lp.q.unwrap_or_default()
        ));
        return out;
    }
    out.push(format!(
        "This problem in the contributions lab (in the full-screen app, o opens it live), {}:",
        match lp.measure {
            Some(crate::quantity::Measure::ReverseKl) => "each term Q(x) log(Q(x)/P(x))",
            Some(crate::quantity::Measure::CrossEntropy)
                if q.measure == crate::quantity::Measure::Entropy =>
                "each term −P(x) log P(x)",
            Some(crate::quantity::Measure::CrossEntropy) => "each term −P(x) log Q(x)",
            _ => "each term P(x) log(P(x)/Q(x))",
        }
    ));
    for (i, (a, b)) in lp.p_dist.iter().zip(&lp.q_dist).enumerate() {
        let label = lp.labels.get(i).cloned().unwrap_or(format!("x{}", i + 1));
        let mark = if lp.selected == Some(i) { "->" } else { "  " };
        let mut line = format!(
            "{mark} {}. {label}: P = {}, Q = {}",
            i + 1,
            fmt_input(*a),
            fmt_input(*b)
        );
        if lp.selected == Some(i) {
            line.push_str("  <- the term your answer went wrong on");
        }
        out.push(line);
    }
    out
}

pub(super) fn question_lines(q: &crate::lesson::Question) -> Vec<String> {
    let mut v = vec![q.prompt.clone()];
    v.extend(
        q.choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("  {}. {c}", i + 1)),
    );
    v
}
