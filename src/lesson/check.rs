//! Everything `kltutor check` validates, as a library function: per-file
//! syntax and semantics (from the parser), then what needs the whole set of
//! lessons (duplicate ids, missing or cyclic prerequisites) and what needs
//! sampling (randomized generators over many seeds), plus a concept coverage
//! table for curriculum authors.

use super::catalog::{Catalog, LessonFile, bundled_files, read_dir, topo_order};
use super::concepts::CONCEPTS;
use super::model::{Diagnostic, Item, Lesson, Problem};
use super::parse::parse_bytes;
use super::random::MAX_ATTEMPTS;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How many seeds each randomized problem is drawn for.
pub const CHECK_SEEDS: u64 = 200;

/// After this many failing seeds the generator is reported without drawing the rest.
const GIVE_UP_AFTER: usize = 10;

/// Draws `check` may spend on all the randomized problems of one lesson,
/// shared equally among them, so a lesson of hundreds of unsatisfiable
/// generators is checked in about a second, not minutes.
pub const LESSON_DRAW_BUDGET: usize = 200_000;

/// The fewest draws one problem gets however many share a lesson's budget:
/// a seed that finds no draw in this many attempts counts as failing.
pub const MIN_PROBLEM_DRAWS: usize = 250;

/// How often each concept is taught and practised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Lessons listing the concept in their front matter.
    pub lessons: usize,
    pub examples: usize,
    /// All problems, fixed and randomized.
    pub problems: usize,
    /// The randomized problems among them.
    pub randomized: usize,
    pub questions: usize,
    /// Interactive labs (`lab` blocks) on the concept.
    pub labs: usize,
}

/// The result of checking a set of lesson files.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// How many files parsed into a lesson.
    pub lessons: usize,
    /// Sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Every concept id, including those nothing covers yet.
    pub coverage: BTreeMap<String, Coverage>,
}

impl CheckReport {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// The catalogue `kltutor --lessons DIR --watch` studies: the bundled
/// lessons and the directories' as [`Catalog::load`] gives them, except that
/// the directories' files get the whole check (not only the parse), and a
/// lesson whose file has an error is left out with its diagnostics kept, so
/// an author sees what `kltutor check` would say instead of a half-right
/// lesson.
pub fn load_checked(dirs: &[impl AsRef<Path>]) -> Catalog {
    let bundled = bundled_files();
    let mut files: Vec<LessonFile> = Vec::new();
    let mut diagnostics = Vec::new();
    for d in dirs {
        match read_dir(d.as_ref()) {
            Ok(f) => files.extend(f),
            Err(e) => diagnostics.push(e),
        }
    }
    let report = check_files(&files, &bundled);
    let mut all = bundled;
    all.extend(files);
    let mut catalog = Catalog::from_files(&all);
    let broken: Vec<&str> = report.errors().map(|d| d.file.as_str()).collect();
    catalog
        .lessons
        .retain(|l| l.source.bundled || !broken.contains(&l.source.file.as_str()));
    // The parse's diagnostics of the bundled files (none expected), then the check's.
    diagnostics.extend(
        catalog
            .diagnostics
            .drain(..)
            .filter(|d| !report.diagnostics.contains(d)),
    );
    diagnostics.extend(report.diagnostics);
    catalog.diagnostics = diagnostics;
    catalog
}

/// Checks `files`. `context` holds lessons that `files` may require but that
/// are not themselves being checked (the bundled curriculum, when checking a
/// user's directory): they satisfy prerequisites and take part in cycle
/// detection, and a checked lesson with the same id replaces one of them.
pub fn check_files(files: &[LessonFile], context: &[LessonFile]) -> CheckReport {
    let mut diagnostics = Vec::new();
    let mut checked: Vec<Lesson> = Vec::new();
    let parsed = super::parallel::map(files, |f| parse_bytes(&f.path, &f.bytes, f.bundled));
    for out in parsed {
        diagnostics.extend(out.diagnostics);
        if let Some(l) = out.lesson {
            checked.push(l);
        }
    }
    let lessons = checked.len();

    // Duplicate ids among the checked files.
    for (i, l) in checked.iter().enumerate() {
        if let Some(first) = checked[..i].iter().find(|o| o.id == l.id) {
            diagnostics.push(Diagnostic::error(
                &l.source.file,
                l.source.id_line,
                1,
                format!(
                    "duplicate lesson id \"{}\" (also in {}:{})",
                    l.id, first.source.file, first.source.id_line
                ),
            ));
        }
    }

    // The whole graph: context lessons not replaced by a checked one, then the checked ones.
    let mut graph: Vec<Lesson> = context
        .iter()
        .filter_map(|f| parse_bytes(&f.path, &f.bytes, f.bundled).lesson)
        .filter(|c| !checked.iter().any(|l| l.id == c.id))
        .collect();
    let first_checked = graph.len();
    for l in &checked {
        if !graph[first_checked..].iter().any(|g| g.id == l.id) {
            graph.push(l.clone());
        }
    }
    for l in &checked {
        for r in &l.requires {
            if !graph.iter().any(|g| g.id == *r) {
                diagnostics.push(Diagnostic::error(
                    &l.source.file,
                    l.source.requires_line,
                    1,
                    format!("missing prerequisite: lesson \"{}\" requires \"{r}\", which no lesson defines", l.id),
                ));
            }
        }
    }
    report_cycles(&mut graph, &checked, &mut diagnostics);

    // Sampling generators is most of the checker's time: one task per problem.
    let randomized: Vec<(&Lesson, &Problem)> = checked
        .iter()
        .flat_map(|l| {
            l.problems()
                .filter(|p| p.is_randomized())
                .map(move |p| (l, p))
        })
        .collect();
    // Each lesson's draw budget, split equally among its randomized problems.
    let budget = |l: &Lesson| -> usize {
        let n = randomized
            .iter()
            .filter(|(o, _)| std::ptr::eq(*o, l))
            .count();
        (LESSON_DRAW_BUDGET / n.max(1)).max(MIN_PROBLEM_DRAWS)
    };
    let tasks: Vec<(&Lesson, &Problem, usize)> =
        randomized.iter().map(|&(l, p)| (l, p, budget(l))).collect();
    diagnostics.extend(
        super::parallel::map(&tasks, |&(l, p, b)| check_generator(l, p, b))
            .into_iter()
            .flatten(),
    );

    for l in &checked {
        diagnostics.extend(check_standalone(l));
    }

    let coverage = coverage(&checked);
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    CheckReport {
        lessons,
        diagnostics,
        coverage,
    }
}

/// Reports every cycle once, on each checked lesson that is part of it.
fn report_cycles(graph: &mut Vec<Lesson>, checked: &[Lesson], diagnostics: &mut Vec<Diagnostic>) {
    // Remove one lesson of each cycle found and look again, so that separate
    // cycles are all reported.
    for _ in 0..graph.len() {
        let Err(cycle) = topo_order(graph) else {
            return;
        };
        if cycle.is_empty() {
            return;
        }
        let shown = cycle.join(" → ");
        for id in &cycle[..cycle.len() - 1] {
            if let Some(l) = checked.iter().find(|l| l.id == *id) {
                diagnostics.push(Diagnostic::error(
                    &l.source.file,
                    l.source.requires_line,
                    1,
                    format!("cyclic prerequisites: {shown} (each lesson requires the next)"),
                ));
            }
        }
        graph.retain(|l| l.id != cycle[0]);
    }
}

/// Draws a randomized problem for up to [`CHECK_SEEDS`] seeds, spending at
/// most `budget` draws (each seed may use what is left, up to
/// [`MAX_ATTEMPTS`]), and reports the first failing seed and how many failed.
fn check_generator(l: &Lesson, p: &Problem, budget: usize) -> Option<Diagnostic> {
    let mut failures = 0;
    let mut first = None;
    let mut tried = 0;
    let mut used = 0;
    for seed in 0..CHECK_SEEDS {
        if used >= budget {
            break;
        }
        tried += 1;
        let attempts = (budget - used).min(MAX_ATTEMPTS);
        // Too few draws left to judge a seed fairly: stop, rather than
        // report a generator that might only need more tries.
        if attempts < MIN_PROBLEM_DRAWS {
            break;
        }
        if let Err(e) = p.instantiate_within(seed, attempts, &mut used) {
            failures += 1;
            first.get_or_insert(e);
            // A hopeless generator costs MAX_ATTEMPTS draws per seed: stop early.
            if failures == GIVE_UP_AFTER {
                break;
            }
        }
    }
    let failures = if tried < CHECK_SEEDS {
        format!("{failures} of the first {tried}")
    } else {
        format!("{failures} of {CHECK_SEEDS}")
    };
    first.map(|e| {
        Diagnostic::error(
            &l.source.file,
            p.line,
            1,
            format!(
                "problem \"{}\": the generator fails its constraints for {failures} seeds (first: {e})",
                p.id
            ),
        )
    })
}

/// Quiz-eligible problems and questions whose prompt (or context) leans on
/// lesson text that a quiz or review does not show (see
/// [`super::standalone`]): each gets a warning naming the phrase and the fix.
fn check_standalone(l: &Lesson) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, item) in l.items() {
        let (kind, id, prompt, context, quiz, line) = match item {
            Item::Problem(p) => ("problem", &p.id, &p.prompt, &p.context, p.quiz, p.line),
            Item::Question(q) => ("question", &q.id, &q.prompt, &q.context, q.quiz, q.line),
            _ => continue,
        };
        if !quiz {
            continue;
        }
        let (field, text) = match context {
            Some(c) => ("context", c),
            None => ("prompt", prompt),
        };
        if let Some(phrase) = super::standalone::leaning_phrase(text) {
            let fix = if context.is_some() {
                "write the context so it stands alone"
            } else {
                "add a `context` that a quiz shows before the prompt, or `quiz = false`"
            };
            out.push(Diagnostic::warning(
                &l.source.file,
                line,
                1,
                format!(
                    "{kind} \"{id}\": its {field} refers to text before it (\"{phrase}\"), which quizzes and reviews do not show; {fix}"
                ),
            ));
        }
    }
    out
}

/// Counts, per concept, the lessons, examples, problems, questions and labs.
pub fn coverage(lessons: &[Lesson]) -> BTreeMap<String, Coverage> {
    let mut table: BTreeMap<String, Coverage> = CONCEPTS
        .iter()
        .map(|(c, _)| (c.to_string(), Coverage::default()))
        .collect();
    for l in lessons {
        for c in &l.concepts {
            if let Some(e) = table.get_mut(c) {
                e.lessons += 1;
            }
        }
        for (_, item) in l.items() {
            let (concept, kind) = match item {
                Item::Example(e) => (&e.concept, 0),
                Item::Problem(p) => (&p.concept, if p.is_randomized() { 2 } else { 1 }),
                Item::Question(q) => (&q.concept, 3),
                Item::Lab(l) => (&l.concept, 4),
                _ => continue,
            };
            if let Some(e) = table.get_mut(concept) {
                match kind {
                    0 => e.examples += 1,
                    1 => e.problems += 1,
                    2 => {
                        e.problems += 1;
                        e.randomized += 1;
                    }
                    3 => e.questions += 1,
                    _ => e.labs += 1,
                }
            }
        }
    }
    table
}
