//! The line-oriented front end: `kltutor learn|quiz|review --plain` and
//! `kltutor progress`. For screen readers, pipes and tests: prompts and
//! feedback are plain lines (no escape codes, no colour; the math is already
//! Unicode), answers are read one line at a time.
//!
//! At an answer prompt a learner can type an answer or `hint`, `solution`,
//! `skip`, `quit`; at prose and example steps, Enter continues and `back`
//! goes back. End of input saves and ends cleanly, so `kltutor learn --plain
//! < answers.txt` never loses progress.
//!
//! Everything here only formats: the sessions in [`crate::tutor`] decide.

use crate::lab::NAMES as LAB_NAMES;
use crate::lesson::catalog::Catalog;
use crate::lesson::text::fmt_input;
use crate::lesson::text::fmt_vec;
use crate::lesson::{Block, CONCEPTS, Lab, LabParams, Lesson, plain_text};
use crate::progress::AttemptKind;
use crate::progress::review::next_due_ms;
use crate::progress::{Store, now_ms, summary};
use crate::tutor::feedback::step_lines;
use crate::tutor::lookup::UnknownId;
use crate::tutor::{
    Current, DrillError, DrillItem, DrillSummary, HintReply, LessonSession, NextOwned, QuizScope,
    QuizSession, SeedSource, Solution, SubmitError, lesson_to_continue,
};
use std::io::{BufRead, Write};

/// Why a plain command stopped early.
#[derive(Debug)]
pub enum PlainError {
    /// Something the learner named does not exist or holds nothing (exit 2).
    Usage(String),
    /// Input, output or the progress file failed (exit 1).
    Failed(anyhow::Error),
}

impl PlainError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            PlainError::Usage(_) => 2,
            PlainError::Failed(_) => 1,
        }
    }
}

impl std::fmt::Display for PlainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlainError::Usage(m) => f.write_str(m),
            PlainError::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<std::io::Error> for PlainError {
    fn from(e: std::io::Error) -> Self {
        PlainError::Failed(e.into())
    }
}

impl From<anyhow::Error> for PlainError {
    fn from(e: anyhow::Error) -> Self {
        PlainError::Failed(e)
    }
}

impl From<UnknownId> for PlainError {
    fn from(e: UnknownId) -> Self {
        PlainError::Usage(e.to_string())
    }
}

impl From<DrillError> for PlainError {
    fn from(e: DrillError) -> Self {
        PlainError::Usage(e.to_string())
    }
}

type Result<T> = std::result::Result<T, PlainError>;

/// Input and output of a plain session, so tests can drive it in memory.
pub struct Io<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    /// Where save errors and warnings go (stderr in the binary).
    pub err: &'a mut dyn Write,
}

impl Io<'_> {
    /// The next line without its line ending; `None` at end of input.
    fn line(&mut self) -> Result<Option<String>> {
        let mut s = String::new();
        if self.input.read_line(&mut s)? == 0 {
            return Ok(None);
        }
        while s.ends_with('\n') || s.ends_with('\r') {
            s.pop();
        }
        Ok(Some(s))
    }

    fn say(&mut self, line: impl AsRef<str>) -> Result<()> {
        writeln!(self.out, "{}", line.as_ref())?;
        Ok(())
    }

    fn warn(&mut self, what: Option<String>) -> Result<()> {
        if let Some(e) = what {
            writeln!(
                self.err,
                "warning: {e} (the answer is kept in memory; the next save tries again)"
            )?;
        }
        Ok(())
    }
}

/// A learner command typed at an answer prompt.
enum Command<'a> {
    Hint,
    Solution,
    Skip,
    Quit,
    /// Show the very problem of the last wrong answer, as the lab would.
    Lab,
    Empty,
    Answer(&'a str),
}

fn command(line: &str) -> Command<'_> {
    match line.trim().to_ascii_lowercase().as_str() {
        "hint" | "h" => Command::Hint,
        "solution" => Command::Solution,
        "skip" => Command::Skip,
        "lab" => Command::Lab,
        "quit" | "q" | "exit" => Command::Quit,
        "" => Command::Empty,
        _ => Command::Answer(line),
    }
}

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
    match (&lab.params, openable) {
        (LabParams::Bernoulli { p, q, .. }, true) => out.push(format!(
            "Lab: {name}. In a terminal, open it with: kltutor lab {name} --p {p} --q {q}"
        )),
        (_, true) => out.push(format!(
            "Lab: {name}. In a terminal, open it with: kltutor lab {name}"
        )),
        (_, false) => out.push(format!("Lab: {name} (not available in this version).")),
    }
    if !lab.observations.is_empty() {
        out.push("What to observe:".to_string());
        out.extend(lab.observations.iter().map(|o| format!("- {o}")));
    }
    out
}

fn solution_lines(sol: &Solution, p: &crate::tutor::ActiveProblem) -> Vec<String> {
    let mut out = vec!["Worked solution:".to_string()];
    for s in &sol.steps {
        out.extend(step_lines(s, &p.instance.quantity));
    }
    out
}

fn hint_line(h: HintReply) -> String {
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

fn malformed_lines(e: &SubmitError) -> Vec<String> {
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

/// Opens the catalog (bundled lessons plus `dirs`) and reports files left
/// out on `err`, so a broken user lesson is visible but does not stop study.
pub fn load_catalog(dirs: &[std::path::PathBuf], err: &mut dyn Write) -> Catalog {
    let catalog = Catalog::load(dirs);
    for d in catalog.diagnostics.iter().filter(|d| d.is_error()) {
        let _ = writeln!(err, "warning: lesson left out: {d}");
    }
    catalog
}

/// Opens the store and prints its warnings (a corrupt file moved aside) once.
pub fn open_store(dir: &std::path::Path, err: &mut dyn Write) -> Result<Store> {
    let mut store = Store::open(dir)?;
    for w in store.take_warnings() {
        writeln!(err, "warning: {w}")?;
    }
    Ok(store)
}

/// Opens the store only to read it (`kltutor progress`): nothing is created,
/// moved aside or rewritten.
pub fn open_store_read_only(dir: &std::path::Path) -> Result<Store> {
    Ok(Store::open_read_only(dir)?)
}

/// The last word of a plain command on saving: when a save failed and no
/// later one succeeded, one more try; if that fails too, an error that says
/// plainly that progress was NOT saved (the caller exits non-zero).
pub fn final_save(store: &mut Store) -> std::result::Result<(), String> {
    if store.unsaved().is_none() {
        return Ok(());
    }
    store
        .save()
        .map_err(|e| format!("{e:#}. The answers of this session were NOT saved."))
}

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
            let heading = s.section().map(|x| x.heading.clone()).unwrap_or_default();
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
            Current::Prose(blocks) => prose_lines(blocks),
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
fn next_command(next: &NextOwned) -> String {
    let what = next.describe();
    let cmd = match next {
        NextOwned::Lesson { id, .. } => format!("kltutor learn --plain {id}"),
        NextOwned::Review(_) => "kltutor review --plain".into(),
        NextOwned::Quiz => "kltutor quiz --plain".into(),
        NextOwned::Challenge => "kltutor quiz --plain --challenge".into(),
    };
    format!("{what}: {cmd}")
}

/// One problem in a lesson; `Ok(false)` when the learner quit or input ended.
fn problem_loop(s: &mut LessonSession, store: &mut Store, io: &mut Io<'_>) -> Result<bool> {
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
                    for l in &fb.lines {
                        io.say(l)?;
                    }
                    io.warn(fb.save_error.clone())?;
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

/// The plain counterpart of opening the lab on a wrong answer: the
/// problem's own P and Q outcome by outcome (inputs only, no terms: the
/// full-screen lab draws those), the outcome the mistake points at marked.
fn very_problem_lines(p: &crate::tutor::ActiveProblem, fb: &crate::tutor::Feedback) -> Vec<String> {
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
        out.extend(
            lp.observations
                .iter()
                .filter(|o| !o.starts_with("Esc "))
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

fn question_lines(q: &crate::lesson::Question) -> Vec<String> {
    let mut v = vec![q.prompt.clone()];
    v.extend(
        q.choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("  {}. {c}", i + 1)),
    );
    v
}

/// One question in a lesson; `Ok(false)` when the learner quit or input ended.
fn question_loop(s: &mut LessonSession, store: &mut Store, io: &mut Io<'_>) -> Result<bool> {
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
                    for l in &fb.lines {
                        io.say(l)?;
                    }
                    io.warn(fb.save_error.clone())?;
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
fn predict_loop(s: &mut LessonSession, store: &mut Store, io: &mut Io<'_>) -> Result<bool> {
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
    drill(&mut q, store, io)
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
    drill(&mut q, store, io)
}

/// Poses every item of a drill; prints the score and the mistakes at the end.
fn drill(q: &mut QuizSession, store: &mut Store, io: &mut Io<'_>) -> Result<()> {
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
                Command::Lab => io.say(
                    "lab shows a lesson problem after a wrong answer; a quiz moves on at once.",
                )?,
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
                    let r = if n_choices.is_some() {
                        q.choose(store, a).map(|f| (f.lines, f.save_error))
                    } else {
                        q.submit(store, a).map(|f| (f.lines, f.save_error))
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

fn stopped(q: &QuizSession, store: &Store, io: &mut Io<'_>) -> Result<()> {
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

fn finished(s: &DrillSummary, io: &mut Io<'_>) -> Result<()> {
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

/// `kltutor progress [--json]`: mastery per concept and the reviews due.
pub fn progress(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let concepts: Vec<&str> = CONCEPTS.iter().map(|(c, _)| *c).collect();
    let now = now_ms();
    if json {
        let v = summary::to_json(store.progress(), &concepts, now);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
    } else {
        write!(
            out,
            "{}",
            summary::render_text(store.progress(), &concepts, now)
        )?;
    }
    Ok(())
}
