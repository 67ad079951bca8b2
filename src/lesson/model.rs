//! The parsed form of a lesson: plain data with every string sanitized and
//! every formula already rendered, so the front ends only lay it out.

use super::sanitize::sanitize;
use crate::engine::Base;
use crate::quantity::{Measure, Quantity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Where a lesson came from, for diagnostics and for "user lesson replaces
/// bundled lesson" decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The path as shown in diagnostics (`lessons/01-surprise.md` for bundled ones).
    pub file: String,
    pub bundled: bool,
    /// 1-based file lines of the front matter's `id` and `requires` keys
    /// (where the checker reports duplicate ids and prerequisite problems).
    pub id_line: usize,
    pub requires_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub concepts: Vec<String>,
    pub requires: Vec<String>,
    pub minutes: u32,
    pub difficulty: u8,
    /// The body, parsed at load time or (bundled lessons) on first use.
    pub(crate) body: LessonBody,
    pub source: SourceInfo,
}

impl Lesson {
    /// The `##` sections in reading order. A bundled lesson is loaded by its
    /// front matter alone and its body parsed here the first time it is
    /// asked for.
    pub fn sections(&self) -> &[Section] {
        self.body.sections()
    }

    /// Whether the body has been parsed yet (always, except for a bundled
    /// lesson nothing has opened): lets tests check that start-up stays lazy.
    pub fn body_is_parsed(&self) -> bool {
        self.body.sections.get().is_some()
    }

    /// Every block item in reading order, with the section it belongs to.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections()
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The problems of the lesson, in reading order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.items().filter_map(|(_, i)| match i {
            Item::Problem(p) => Some(p),
            _ => None,
        })
    }

    /// The worked examples of the lesson, in reading order.
    pub fn examples(&self) -> impl Iterator<Item = &Example> {
        self.items().filter_map(|(_, i)| match i {
            Item::Example(e) => Some(e),
            _ => None,
        })
    }

    /// The labs of the lesson, in reading order.
    pub fn labs(&self) -> impl Iterator<Item = &Lab> {
        self.items().filter_map(|(_, i)| match i {
            Item::Lab(l) => Some(l),
            _ => None,
        })
    }

    /// The questions of the lesson, in reading order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.items().filter_map(|(_, i)| match i {
            Item::Question(q) => Some(q),
            _ => None,
        })
    }
}

/// A lesson's sections, or what to parse them from.
///
/// Start-up needs only the front matter of every lesson (Home shows titles,
/// concepts and prerequisites), so a bundled lesson is loaded by its front
/// matter and its body read when a screen first asks for it: decoded from
/// the sections `build.rs` parsed with this crate's parser (its modules
/// included by path) and encoded, or, for a lesson the build could not
/// parse, parsed from the embedded text. The tests hold the decoded body
/// equal to a parse of the text for every bundled lesson, and the
/// bundled lessons are checked in full by `cargo test` and `kltutor check`;
/// user lessons (`--lessons DIR`) are parsed in full at load time so that
/// their errors are reported when the app starts.
///
/// Clones share the parse (an `Arc`): sessions copy the catalog's lessons.
#[derive(Clone)]
pub(crate) struct LessonBody {
    sections: Arc<OnceLock<Vec<Section>>>,
    /// Where an embedded body not yet read comes from.
    deferred: Option<Deferred>,
}

/// An embedded lesson's body before first use: the file (its path and
/// text) and, when `build.rs` parsed it without errors, its sections as the
/// build encoded them ([`super::embedded::encode_sections`]).
#[derive(Clone)]
struct Deferred {
    file: String,
    text: &'static str,
    prebuilt: Option<&'static [u8]>,
}

impl LessonBody {
    pub(crate) fn parsed(sections: Vec<Section>) -> LessonBody {
        LessonBody {
            sections: Arc::new(OnceLock::from(sections)),
            deferred: None,
        }
    }

    /// A body read on first use: decoded from `prebuilt`, or parsed from
    /// `text` when there is none (or it does not decode).
    pub(crate) fn deferred(
        file: String,
        text: &'static str,
        prebuilt: Option<&'static [u8]>,
    ) -> LessonBody {
        LessonBody {
            sections: Arc::new(OnceLock::new()),
            deferred: Some(Deferred {
                file,
                text,
                prebuilt,
            }),
        }
    }

    /// Whether the body is read from what the build parsed (and not yet read).
    pub(crate) fn is_prebuilt(&self) -> bool {
        self.deferred.as_ref().is_some_and(|d| d.prebuilt.is_some())
    }

    pub(crate) fn into_sections(self) -> Vec<Section> {
        self.sections();
        match Arc::try_unwrap(self.sections) {
            Ok(cell) => cell.into_inner().unwrap_or_default(),
            Err(shared) => shared.get().cloned().unwrap_or_default(),
        }
    }

    fn sections_from_source(&self) -> Vec<Section> {
        match &self.deferred {
            Some(d) => super::embedded::deferred_body(&d.file, d.text, d.prebuilt),
            None => Vec::new(),
        }
    }

    fn sections(&self) -> &[Section] {
        self.sections.get_or_init(|| self.sections_from_source())
    }

    /// Reads the body now if it has not been read.
    pub(crate) fn read(&self) {
        self.sections();
    }
}

/// Two bodies are equal when their sections are (parsing deferred ones).
impl PartialEq for LessonBody {
    fn eq(&self, other: &LessonBody) -> bool {
        self.sections() == other.sections()
    }
}

impl fmt::Debug for LessonBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.sections().fmt(f)
    }
}

/// A `##` section: the unit of the outline and of "where you left off". Text
/// before the first `##` heading forms a first section headed by the title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub concept: Option<String>,
    /// 1-based line of the heading in the file (of the first content line for
    /// the untitled opening section).
    pub line: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Item {
    Prose(Vec<Block>),
    Example(Example),
    Problem(Problem),
    Question(Question),
    Lab(Lab),
    Predict(Predict),
}

impl Item {
    /// The block id (`None` for prose).
    pub fn id(&self) -> Option<&str> {
        match self {
            Item::Prose(_) => None,
            Item::Example(e) => Some(&e.id),
            Item::Problem(p) => Some(&p.id),
            Item::Question(q) => Some(&q.id),
            Item::Lab(l) => Some(&l.id),
            Item::Predict(p) => Some(&p.id),
        }
    }
}

/// A block of prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A `#` or `###` heading inside a section (`##` starts a new section).
    Heading {
        level: u8,
        text: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
    Quote(Vec<Span>),
    /// A fenced code block whose info string is not a lesson block kind.
    Code {
        lang: String,
        text: String,
    },
    /// A display formula (`$$...$$` on its own line), rendered.
    Math(String),
}

/// Inline text with its emphasis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Span {
    Text(String),
    Emph(String),
    Strong(String),
    Code(String),
    /// An inline formula, rendered to Unicode.
    Math(String),
    /// An engine value from `{{kl p=.. q=..}}`, formatted with its unit.
    Value(String),
}

impl Span {
    pub fn text(&self) -> &str {
        match self {
            Span::Text(s)
            | Span::Emph(s)
            | Span::Strong(s)
            | Span::Code(s)
            | Span::Math(s)
            | Span::Value(s) => s,
        }
    }
}

/// The plain text of a run of spans (for search, plain output and tests).
pub fn plain_text(spans: &[Span]) -> String {
    spans.iter().map(Span::text).collect()
}

/// A worked example: the engine solves it step by step (see [`Example::steps`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub id: String,
    pub concept: String,
    pub title: Option<String>,
    pub quantity: Quantity,
    /// One name per outcome (defaults to `x1`, `x2`, …).
    pub labels: Vec<String>,
    /// Placeholders already filled and math rendered.
    pub intro: Option<String>,
    pub conclusion: Option<String>,
    /// Notes by outcome index (0-based), rendered.
    pub notes: BTreeMap<usize, String>,
    /// The note after the sum, rendered.
    pub sum_note: Option<String>,
    /// Monte Carlo draws to list after the exact value (`samples`, `seed`).
    pub sampling: Option<super::sampling::Sampling>,
    pub line: usize,
}

/// A practice problem; fixed or drawn from a seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub id: String,
    pub concept: String,
    /// The prompt with its placeholders unfilled (see [`Problem::instantiate`]).
    pub prompt: String,
    pub measure: Measure,
    pub base: Base,
    /// Relative tolerance for accepting an answer.
    pub tolerance: f64,
    /// Rendered hints, in the order they are revealed.
    pub hints: Vec<String>,
    pub source: ProblemSource,
    /// The answer is +∞ on purpose (a support-mismatch problem).
    pub allow_infinite: bool,
    /// Outcome names for a fixed discrete problem (empty: `x1`, `x2`, …).
    pub labels: Vec<String>,
    /// What a quiz or review shows before the prompt, so that a prompt that
    /// leans on the lesson text before it ("Now weight by the other
    /// distribution") can be posed alone. Placeholders are filled as in the prompt.
    pub context: Option<String>,
    /// Whether quizzes, reviews and challenges may pose it (`quiz = false`
    /// keeps a problem that only makes sense in its lesson out of them).
    pub quiz: bool,
    /// Hints aimed at one diagnosed mistake (`[hints_for]`, keyed by a
    /// catalogue id), replacing the catalogue's default for this problem.
    pub hints_for: BTreeMap<String, String>,
    /// Monte Carlo draws its worked solution lists (`samples`, `seed`).
    pub sampling: Option<super::sampling::Sampling>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProblemSource {
    Fixed(Quantity),
    Random(Generator),
}

/// A randomized problem's recipe: how to draw inputs and which draws to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generator {
    pub spec: RandomSpec,
    /// Keep drawing until the answer lies in this inclusive range.
    pub answer: Option<(f64, f64)>,
}

/// The `[random]` table of each family, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RandomSpec {
    Discrete {
        outcomes: (usize, usize),
        concentration: f64,
        decimals: u32,
        no_zeros: bool,
    },
    Bernoulli {
        p: (f64, f64),
        q: (f64, f64),
        decimals: u32,
    },
    Gaussian {
        mu1: (f64, f64),
        sigma1: (f64, f64),
        mu2: (f64, f64),
        sigma2: (f64, f64),
        decimals: u32,
    },
    Joint {
        rows: (usize, usize),
        cols: (usize, usize),
        concentration: f64,
        decimals: u32,
        no_zeros: bool,
    },
    /// Two `dim`-dimensional Gaussians: every mean component drawn from `mu`,
    /// every standard deviation from `sigma`, every correlation from `rho`.
    Mvn {
        dim: (usize, usize),
        mu: (f64, f64),
        sigma: (f64, f64),
        rho: (f64, f64),
        decimals: u32,
    },
}

/// One drawn problem: what to compute and the prompt that asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub quantity: Quantity,
    pub prompt: String,
    /// The seed it was drawn from (0 for fixed problems), shown to the learner
    /// so an instance can be reproduced.
    pub seed: u64,
}

/// A multiple-choice concept question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub concept: String,
    pub prompt: String,
    pub choices: Vec<String>,
    /// 0-based index of the right choice (the file says 1-based `answer`).
    pub answer: usize,
    /// One explanation per choice.
    pub explanations: Vec<String>,
    /// Shown before the prompt in quizzes and reviews (see [`Problem::context`]).
    pub context: Option<String>,
    /// Whether quizzes and reviews may pose it.
    pub quiz: bool,
    /// The false claim its wrong choices assert (a claim id of
    /// [`crate::engine::counterexample`]): a wrong choice is answered with a
    /// counterexample to it.
    pub counterexample: Option<String>,
    pub line: usize,
}

/// What a `predict` block asks the learner to predict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PredictAsk {
    /// Which is larger, D(P‖Q) or D(Q‖P).
    Larger,
    /// Which range D(P‖Q) falls in; the boundaries in nats.
    Range(Vec<f64>),
    /// Whether D(P‖Q) is finite.
    Finite,
}

/// A prediction before a computation: the choices, the engine's answer
/// (0-based), and the inputs whose values are revealed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predict {
    pub id: String,
    pub concept: String,
    pub ask: PredictAsk,
    pub p: Vec<f64>,
    pub q: Vec<f64>,
    pub labels: Vec<String>,
    pub prompt: Option<String>,
    pub choices: Vec<String>,
    pub answer: usize,
    pub line: usize,
}

/// A live chart with its initial parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lab {
    pub id: String,
    pub concept: String,
    pub params: LabParams,
    pub observations: Vec<String>,
    pub line: usize,
}

/// The labs and their parameters; every parameter has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LabParams {
    /// D(Bern(p)‖Bern(q)) as q slides, p held.
    Bernoulli { p: f64, q: f64, unit: Base },
    /// Per-outcome contributions P(x) log(P(x)/Q(x)) as bars.
    Contributions {
        p: Vec<f64>,
        q: Vec<f64>,
        labels: Vec<String>,
        unit: Base,
    },
    /// One Gaussian fitted to a two-mode mixture by forward and by reverse KL.
    Modes {
        separation: f64,
        sigma: f64,
        weight: f64,
    },
    /// Cross-entropy loss = entropy + KL, as a model Q moves toward data P.
    Loss { p: Vec<f64>, unit: Base },
    /// KL, reverse KL, JS, TV and Hellinger side by side.
    Compare { p: Vec<f64>, q: Vec<f64> },
    /// A measure over the (p, q) grid of two Bernoulli distributions.
    Heatmap { measure: Measure, unit: Base },
}

impl LabParams {
    /// The lab's name as written in lesson files.
    pub fn name(&self) -> &'static str {
        match self {
            LabParams::Bernoulli { .. } => "bernoulli",
            LabParams::Contributions { .. } => "contributions",
            LabParams::Modes { .. } => "modes",
            LabParams::Loss { .. } => "loss",
            LabParams::Compare { .. } => "compare",
            LabParams::Heatmap { .. } => "heatmap",
        }
    }
}

/// The lab names a lesson may use.
pub const LAB_NAMES: &[&str] = &[
    "bernoulli",
    "contributions",
    "modes",
    "loss",
    "compare",
    "heatmap",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about a lesson file, with a 1-based line and column. The file
/// name and message are sanitized, since messages quote lesson values and are
/// printed to a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn error(file: &str, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: sanitize(file),
            line,
            column,
            message: sanitize(&message.into()),
            severity: Severity::Error,
        }
    }

    pub fn warning(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: sanitize(file),
            line,
            column,
            message: sanitize(&message.into()),
            severity: Severity::Warning,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}
