//! `kltutor quiz --plain` and `kltutor review --plain`: a list of items,
//! one answer each, the score and the mistakes at the end, then the next
//! step.

use super::Result;
use super::io::{Command, Io, command};
use super::learn::next_command;
use super::lines::{
    hint_line, malformed_lines, question_lines, solution_lines, very_problem_lines,
};
use crate::lesson::catalog::Catalog;
use crate::progress::AttemptKind;
use crate::progress::review::next_due_ms;
use crate::progress::{Store, now_ms};
use crate::tutor::{
    DrillItem, DrillSummary, NextOwned, QuizScope, QuizSession, SeedSource, next_step,
};

/// Options of `kltutor quiz`.
#[derive(Debug, Clone)]
pub struct QuizOptions {
    pub scope: QuizScope,
    pub count: usize,
    /// `None`: a random seed, printed so the quiz can be taken again.
    pub seed: Option<u64>,
    pub challenge: bool,
}

/// `kltutor quiz --plain ...`.
pub fn quiz(
    catalog: &Catalog,
    store: &mut Store,
    opts: &QuizOptions,
    io: &mut Io<'_>,
) -> Result<()> {
    let seed = opts
        .seed
        .unwrap_or_else(|| crate::tutor::RandomSeeds.next_seed());
    let mut q = if opts.challenge {
        QuizSession::challenge(catalog, store, opts.count, seed)?
    } else {
        QuizSession::quiz(catalog, store, &opts.scope, opts.count, seed)?
    };
    let from = match (&opts.scope, opts.challenge) {
        (_, true) => "concepts at Familiar or above".to_string(),
        (QuizScope::Lesson(l), _) => format!("lesson {l}"),
        (QuizScope::Concept(c), _) => format!("concept {c}"),
        (QuizScope::Unlocked, _) => "the unlocked lessons".to_string(),
    };
    let title = if opts.challenge {
        "Mastery challenge"
    } else {
        "Quiz"
    };
    io.say(format!(
        "{title}: {} items from {from} (seed {seed}).",
        q.len()
    ))?;
    drill(&mut q, store, io)?;
    say_next(&q, catalog, store, io)
}

/// `kltutor review --plain`.
pub fn review(
    catalog: &Catalog,
    store: &mut Store,
    seeds: &mut dyn SeedSource,
    io: &mut Io<'_>,
) -> Result<()> {
    let now = now_ms();
    let mut q = QuizSession::review(catalog, store, now, seeds);
    if q.is_empty() {
        io.say("Nothing is due for review.")?;
        if let Some(w) = crate::tutor::review_plan(catalog, store, now).waiting_note() {
            io.say(w)?;
        }
        if let Some(t) = next_due_ms(store.attempts(), now) {
            let hours = (t - now) as f64 / 3_600_000.0;
            io.say(format!("The next review is due in {hours:.1} hours."))?;
        }
        return Ok(());
    }
    let extra = q
        .items()
        .iter()
        .filter(|i| matches!(i, DrillItem::Problem(p) if p.extra_for.is_some()))
        .count();
    if extra == 0 {
        io.say(format!("Review: {} items due.", q.len()))?;
    } else {
        io.say(format!(
            "Review: {} items, {} due and {extra} extra for misconceptions you still hold.",
            q.len(),
            q.len() - extra
        ))?;
    }
    drill(&mut q, store, io)?;
    say_next(&q, catalog, store, io)
}

/// Poses every item of a drill; prints the score and the mistakes at the end.
pub(super) fn drill(q: &mut QuizSession, store: &mut Store, io: &mut Io<'_>) -> Result<()> {
    // The last problem answered wrongly, for `lab` (an item takes one
    // answer, so `lab` works at the prompts that follow it).
    let mut last_wrong: Option<(crate::tutor::ActiveProblem, crate::tutor::Feedback)> = None;
    while let Some(item) = q.current().cloned() {
        io.say("")?;
        io.say(format!(
            "Item {} of {}: {}",
            q.number(),
            q.len(),
            item.header()
        ))?;
        let n_choices = match &item {
            DrillItem::Problem(p) => {
                io.say(p.prompt())?;
                None
            }
            DrillItem::Question(qq) => {
                for l in question_lines(&qq.question) {
                    io.say(l)?;
                }
                Some(qq.question.choices.len())
            }
        };
        let number = q.number();
        while q.number() == number && !q.is_finished() {
            match n_choices {
                None => io.say("Answer (or hint, solution, skip, quit):")?,
                Some(n) => io.say(format!("Choose 1-{n} (or skip, quit):"))?,
            }
            let Some(line) = io.line()? else {
                return stopped(q, store, io);
            };
            match command(&line) {
                Command::Quit => return stopped(q, store, io),
                Command::Empty => io.say("Type an answer, or skip or quit.")?,
                Command::Lab => match &last_wrong {
                    Some((p, fb)) => {
                        for l in very_problem_lines(p, fb) {
                            io.say(l)?;
                        }
                    }
                    None => {
                        io.say("lab shows the last problem you answered wrongly in its lab.")?
                    }
                },
                Command::Skip => {
                    q.skip();
                    io.say("Skipped.")?;
                }
                Command::Hint => match q.hint() {
                    Some(h) => io.say(hint_line(h))?,
                    None => io.say("Questions have no hints.")?,
                },
                Command::Solution => {
                    let p = match q.current() {
                        Some(DrillItem::Problem(p)) => p.clone(),
                        _ => {
                            io.say("Questions have no worked solution.")?;
                            continue;
                        }
                    };
                    match q.solution(store) {
                        Some(Ok((sol, err))) => {
                            for l in solution_lines(&sol, &p) {
                                io.say(l)?;
                            }
                            io.say("(Counted as not solved.)")?;
                            io.warn(err)?;
                        }
                        Some(Err(e)) => io.say(format!("The engine could not solve this: {e}"))?,
                        None => {}
                    }
                }
                Command::Answer(a) => {
                    let r = match &item {
                        DrillItem::Question(_) => {
                            q.choose(store, a).map(|f| (f.lines, f.save_error))
                        }
                        DrillItem::Problem(p) => q.submit(store, a).map(|f| {
                            let mut lines = f.lines.clone();
                            if !f.correct
                                && crate::lab::problem_lab(
                                    &p.instance.quantity,
                                    &p.problem.labels,
                                    None,
                                )
                                .is_ok()
                            {
                                lines.push("Type lab to see this problem in its lab.".into());
                            }
                            let err = f.save_error.clone();
                            if !f.correct {
                                last_wrong = Some((p.clone(), f));
                            }
                            (lines, err)
                        }),
                    };
                    match r {
                        Ok((lines, err)) => {
                            for l in lines {
                                io.say(l)?;
                            }
                            io.warn(err)?;
                        }
                        Err(e) => {
                            for l in malformed_lines(&e) {
                                io.say(l)?;
                            }
                        }
                    }
                }
            }
        }
        let (right, done) = q.score();
        io.say(format!("Score so far: {right} of {done}."))?;
    }
    finished(&q.summary(), io)
}

/// After a finished drill, the next step as the lesson end report prints
/// it (what Home's "Continue" would open, and the command that opens it);
/// nothing when the learner stopped early.
fn say_next(q: &QuizSession, catalog: &Catalog, store: &Store, io: &mut Io<'_>) -> Result<()> {
    if !q.is_finished() {
        return Ok(());
    }
    let next: NextOwned = next_step(catalog, store, now_ms()).into();
    io.say(format!("Next: {}", next_command(&next)))
}

pub(super) fn stopped(q: &QuizSession, store: &Store, io: &mut Io<'_>) -> Result<()> {
    let (right, done) = q.score();
    let saved = if store.unsaved().is_none() {
        " Every answer is saved."
    } else {
        " Progress was NOT saved (see the warnings)."
    };
    io.say(format!(
        "Stopped after {done} of {} items: {right} right.{saved}",
        q.len()
    ))?;
    Ok(())
}

pub(super) fn finished(s: &DrillSummary, io: &mut Io<'_>) -> Result<()> {
    io.say("")?;
    let what = match s.kind {
        AttemptKind::Review => "Review done",
        AttemptKind::Challenge => "Challenge done",
        _ => "Quiz done",
    };
    io.say(format!(
        "{what}. Final score: {} of {}.",
        s.correct, s.total
    ))?;
    if !s.mistakes.is_empty() {
        io.say("Mistakes to review:")?;
        for (i, m) in s.mistakes.iter().enumerate() {
            io.say(format!("{}. {} ({})", i + 1, m.prompt, m.key))?;
            io.say(format!(
                "   Your answer: {}",
                m.answer.as_deref().unwrap_or("(none)")
            ))?;
            io.say(format!("   Right answer: {}", m.right_answer))?;
            if let Some(d) = &m.diagnosis {
                io.say(format!("   Why: {d}"))?;
            }
        }
    }
    Ok(())
}
