//! `kltutor learn --plain`: a lesson item by item, with its problems,
//! questions and predictions, ending with the lesson's report and the
//! command for the next step.

use super::io::{Command, Io, command};
use super::lines::{
    hint_line, lab_lines, malformed_lines, prose_lines, question_lines, solution_lines,
    very_problem_lines,
};
use super::{PlainError, Result};
use crate::lesson::catalog::Catalog;
use crate::lesson::text::fmt_vec;
use crate::lesson::{Block, Lesson, plain_text};
use crate::progress::Store;
use crate::tutor::feedback::step_lines;
use crate::tutor::{Current, LessonSession, NextOwned, SeedSource, lesson_to_continue};

/// `kltutor learn --plain [LESSON]`.
pub fn learn(
    catalog: &Catalog,
    store: &mut Store,
    lesson: Option<&str>,
    seeds: Box<dyn SeedSource>,
    io: &mut Io<'_>,
) -> Result<()> {
    let id = match lesson {
        Some(id) => id.to_string(),
        None => match lesson_to_continue(catalog, store) {
            Some(l) => l.id.clone(),
            None => return Err(PlainError::Usage("there are no lessons to study".into())),
        },
    };
    let mut s = LessonSession::resume(catalog, &id, store, seeds)?;
    let lesson: Lesson = s.lesson().clone();
    io.say(format!("Lesson: {} ({})", lesson.title, lesson.id))?;
    if !s.locked_by().is_empty() {
        io.say(format!(
            "Note: this lesson is locked until these concepts reach Familiar: {} (prerequisite lessons: {}). Opening it anyway.",
            s.locked_by().join(", "),
            lesson.requires.join(", ")
        ))?;
    }
    let start = s.cursor();
    if (start.section, start.item, start.step) != (0, 0, 0) && !s.is_finished() {
        io.say("Resuming where you left off.")?;
    }
    let mut shown_section: Option<usize> = None;
    loop {
        let cursor = s.cursor();
        if !s.is_finished() && shown_section != Some(cursor.section) {
            shown_section = Some(cursor.section);
            // The opening section is headed by the lesson's title, already
            // printed on the "Lesson:" line: call it the Introduction, as the
            // app does, so the title is read once.
            let heading = match s.section() {
                Some(x) if cursor.section == 0 && x.heading == lesson.title => {
                    "Introduction".to_string()
                }
                Some(x) => x.heading.clone(),
                None => String::new(),
            };
            io.say("")?;
            io.say(format!("## {heading}"))?;
        }
        let lines: Vec<String> = match s.current() {
            Current::End => {
                io.say("")?;
                io.say(format!("End of the lesson \"{}\".", lesson.title))?;
                s.save(store)?;
                // The same report the app's end page draws.
                let report = s.report(catalog, store, crate::progress::now_ms());
                for l in report.text_lines() {
                    io.say(l)?;
                }
                io.say(format!("Next: {}", next_command(&report.next)))?;
                return Ok(());
            }
            Current::Prose(blocks) => {
                // A file's opening `# Title` repeats the "Lesson:" line.
                let skip = usize::from(
                    cursor.section == 0
                        && cursor.item == 0
                        && matches!(blocks.first(), Some(Block::Heading { level: 1, text })
                            if plain_text(text).trim() == lesson.title.trim()),
                );
                prose_lines(&blocks[skip.min(blocks.len())..])
            }
            Current::Lab(lab) => lab_lines(lab),
            Current::Broken(m) => vec![format!("This item could not be shown: {m}")],
            Current::Step {
                example,
                index,
                count,
                step,
            } => {
                let mut v = vec![format!(
                    "Example{}, step {} of {count}:",
                    example
                        .title
                        .as_ref()
                        .map(|t| format!(" \"{t}\""))
                        .unwrap_or_default(),
                    index + 1
                )];
                v.extend(step_lines(step, &example.quantity));
                v
            }
            Current::Problem(_) => {
                if !problem_loop(&mut s, store, io)? {
                    s.save(store)?;
                    return Ok(());
                }
                s.save(store)?;
                continue;
            }
            Current::Predict(_) => {
                if !predict_loop(&mut s, store, io)? {
                    s.save(store)?;
                    return Ok(());
                }
                s.save(store)?;
                continue;
            }
            Current::Question(_) => {
                if !question_loop(&mut s, store, io)? {
                    s.save(store)?;
                    return Ok(());
                }
                s.save(store)?;
                continue;
            }
        };
        for l in lines {
            io.say(l)?;
        }
        io.say("(Enter to continue, back to go back, quit to stop)")?;
        match io.line()? {
            None => {
                s.save(store)?;
                return Ok(());
            }
            Some(l) => match l.trim().to_ascii_lowercase().as_str() {
                "quit" | "q" | "exit" => {
                    s.save(store)?;
                    io.say("Saved. Run kltutor learn --plain to continue.")?;
                    return Ok(());
                }
                "back" | "b" => s.back(),
                _ => s.advance(),
            },
        }
        if s.cursor().item != cursor.item || s.cursor().section != cursor.section {
            s.save(store)?;
        }
    }
}

/// The next step after a lesson as a command to run.
pub(super) fn next_command(next: &NextOwned) -> String {
    let what = next.describe();
    let cmd = match next {
        NextOwned::Lesson { id, .. } => format!("kltutor learn --plain {id}"),
        NextOwned::Review(_) => "kltutor review --plain".into(),
        NextOwned::Quiz(u) => format!("kltutor quiz --plain --concept {}", u.concept),
        NextOwned::Challenge => "kltutor quiz --plain --challenge".into(),
    };
    format!("{what}: {cmd}")
}

/// One problem in a lesson; `Ok(false)` when the learner quit or input ended.
pub(super) fn problem_loop(
    s: &mut LessonSession,
    store: &mut Store,
    io: &mut Io<'_>,
) -> Result<bool> {
    let (header, prompt) = match s.problem() {
        Some(p) => (p.header(), p.prompt().to_string()),
        None => return Ok(true),
    };
    io.say(format!("Problem {}", header.trim_start_matches("problem ")))?;
    io.say(prompt)?;
    let mut last_wrong: Option<crate::tutor::Feedback> = None;
    loop {
        io.say("Answer (or hint, solution, skip, quit):")?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        match command(&line) {
            Command::Quit => {
                io.say("Saved. Run kltutor learn --plain to continue.")?;
                return Ok(false);
            }
            Command::Empty => io.say("Type an answer, or hint, solution, skip, quit.")?,
            Command::Hint => {
                if let Some(h) = s.hint() {
                    io.say(hint_line(h))?;
                }
            }
            Command::Solution => match s.solution() {
                Some(Ok(Some(sol))) => {
                    let p = s.problem().expect("on a problem").clone();
                    for l in solution_lines(&sol, &p) {
                        io.say(l)?;
                    }
                    io.say("Type the answer to finish, or skip to move on.")?;
                }
                Some(Ok(None)) => {
                    let left = s.problem().map_or(0, |p| p.hints_left());
                    io.say(format!(
                        "Try the hints first: type hint ({left} left), then solution."
                    ))?;
                }
                Some(Err(e)) => io.say(format!("The engine could not solve this: {e}"))?,
                None => {}
            },
            Command::Skip => {
                let e = s.skip(store);
                io.warn(e)?;
                return Ok(true);
            }
            Command::Lab => {
                let lines = match (s.problem(), &last_wrong) {
                    (Some(p), Some(fb)) => very_problem_lines(p, fb),
                    _ => vec!["lab shows this problem as the contributions lab would, after a wrong answer.".into()],
                };
                for l in lines {
                    io.say(l)?;
                }
            }
            Command::Answer(a) => match s.submit(store, a) {
                Ok(fb) => {
                    say_feedback(io, &fb.lines, &fb.save_error)?;
                    if fb.correct {
                        s.advance();
                        return Ok(true);
                    }
                    last_wrong = Some(fb);
                }
                Err(e) => {
                    for l in malformed_lines(&e) {
                        io.say(l)?;
                    }
                }
            },
        }
    }
}

/// An answer's feedback lines, then the warning if saving it failed (the
/// learner must know an answer was not kept).
/// Problems and questions give different feedback types with these two
/// fields in common.
fn say_feedback(io: &mut Io<'_>, lines: &[String], save_error: &Option<String>) -> Result<()> {
    for l in lines {
        io.say(l)?;
    }
    io.warn(save_error.clone())
}

/// One question in a lesson; `Ok(false)` when the learner quit or input ended.
pub(super) fn question_loop(
    s: &mut LessonSession,
    store: &mut Store,
    io: &mut Io<'_>,
) -> Result<bool> {
    let Current::Question(q) = s.current() else {
        return Ok(true);
    };
    let n = q.question.choices.len();
    io.say(format!("Question {}", q.key))?;
    for l in question_lines(&q.question) {
        io.say(l)?;
    }
    loop {
        io.say(format!("Choose 1-{n} (or skip, quit):"))?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        match command(&line) {
            Command::Quit => {
                io.say("Saved. Run kltutor learn --plain to continue.")?;
                return Ok(false);
            }
            Command::Skip => {
                s.advance();
                return Ok(true);
            }
            Command::Empty | Command::Hint | Command::Solution | Command::Lab => {
                io.say(format!("Type the number of your choice, 1 to {n}."))?
            }
            Command::Answer(a) => match s.choose(store, a) {
                Ok(fb) => {
                    say_feedback(io, &fb.lines, &fb.save_error)?;
                    if fb.correct {
                        s.advance();
                        return Ok(true);
                    }
                    io.say("Try again, or type skip.")?;
                }
                Err(e) => {
                    for l in malformed_lines(&e) {
                        io.say(l)?;
                    }
                }
            },
        }
    }
}

/// A prediction before a computation: a choice, a confidence, then the
/// engine's values; `Ok(false)` when the learner quit or input ended.
pub(super) fn predict_loop(
    s: &mut LessonSession,
    store: &mut Store,
    io: &mut Io<'_>,
) -> Result<bool> {
    let Current::Predict(p) = s.current() else {
        return Ok(true);
    };
    let p = p.clone();
    let lesson_id = s.lesson().id.clone();
    io.say(format!("Predict first ({lesson_id}/{})", p.id))?;
    io.say(format!("P = {}, Q = {}", fmt_vec(&p.p), fmt_vec(&p.q)))?;
    if let Some(text) = &p.prompt {
        io.say(text)?;
    }
    for (i, c) in p.choices.iter().enumerate() {
        io.say(format!("  {}. {c}", i + 1))?;
    }
    let n = p.choices.len();
    let choice = loop {
        io.say(format!("Your prediction, 1-{n} (or skip, quit):"))?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        match command(&line) {
            Command::Quit => {
                io.say("Saved. Run kltutor learn --plain to continue.")?;
                return Ok(false);
            }
            Command::Skip => {
                s.advance();
                return Ok(true);
            }
            _ => match crate::tutor::predict::parse_choice(&p, &line) {
                Ok(c) => break c,
                Err(m) => io.say(m)?,
            },
        }
    };
    let confidence = loop {
        io.say("How sure are you, from 50 (a guess) to 100 (certain)?")?;
        let Some(line) = io.line()? else {
            return Ok(false);
        };
        match crate::tutor::predict::parse_confidence(&line) {
            Ok(c) => break c,
            Err(m) => io.say(m)?,
        }
    };
    let (lines, err) = crate::tutor::predict::submit(store, &lesson_id, &p, choice, confidence);
    for l in lines {
        io.say(l)?;
    }
    io.warn(err)?;
    s.advance();
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::{NextOwned, next_command};
    use crate::progress::mastery::Level;
    use crate::tutor::path::Unlock;

    #[test]
    fn a_locked_next_lesson_prints_the_quiz_that_unlocks_it() {
        let next = NextOwned::Quiz(Unlock {
            lesson_id: "kl-definition".into(),
            lesson_title: "The definition".into(),
            concept: "units".into(),
            level: Level::Attempted,
            right: 1,
        });
        assert_eq!(
            next_command(&next),
            "a quiz on units. \"The definition\" opens when units (now attempted) reaches familiar: 2 of your last 4 answers on it right with no hint or solution (1 so far): kltutor quiz --plain --concept units"
        );
    }
}
