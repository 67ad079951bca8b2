//! The class view: learners' `kltutor progress --json` exports, read in one
//! streaming pass each and aggregated for a teacher (`kltutor report`).
//!
//! An export can be large (every attempt a learner ever made), so it is never
//! held in memory: [`read_export`] walks the JSON from a reader, keeps the
//! small parts (concept levels, misconception states) and folds the attempt
//! log into per-problem counts as it goes. A file only joins the [`Class`]
//! once it has been read to the end, so a file that fails halfway adds
//! nothing but its error.
//!
//! The misconception object (`"misconceptions": {id: {"state", ...}}`) is
//! optional: exports from before misconception tracking simply have none.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

/// The mastery level ids, lowest first, as exports spell them.
pub const LEVELS: &[&str] = &[
    "not-started",
    "attempted",
    "familiar",
    "proficient",
    "mastered",
];

/// One concept line of an export (`concepts[i]`).
#[derive(Debug, Clone, Deserialize)]
struct ConceptLine {
    concept: String,
    #[serde(default)]
    level: Option<String>,
}

/// One misconception's state in an export.
#[derive(Debug, Clone, Deserialize)]
struct MisconceptionLine {
    #[serde(default)]
    state: Option<String>,
}

/// The fields of an attempt the report uses; the rest are skipped.
#[derive(Debug, Deserialize)]
struct AttemptLine {
    #[serde(default)]
    problem: String,
    #[serde(default)]
    correct: bool,
    #[serde(default)]
    hints_used: u32,
    #[serde(default)]
    solution_shown: bool,
    #[serde(default)]
    diagnosis: Option<String>,
    #[serde(default)]
    time_ms: i64,
}

/// Counts for one problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProblemStats {
    pub attempts: usize,
    pub wrong: usize,
    /// Diagnosis id -> how many wrong answers got it.
    pub diagnoses: BTreeMap<String, usize>,
}

impl ProblemStats {
    fn merge(&mut self, o: &ProblemStats) {
        self.attempts += o.attempts;
        self.wrong += o.wrong;
        for (d, n) in &o.diagnoses {
            *self.diagnoses.entry(d.clone()).or_default() += n;
        }
    }

    /// Wrong answers over all answers.
    pub fn error_rate(&self) -> f64 {
        if self.attempts == 0 {
            0.0
        } else {
            self.wrong as f64 / self.attempts as f64
        }
    }

    /// Diagnoses by count, most common first (ties by id).
    pub fn top_diagnoses(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self
            .diagnoses
            .iter()
            .map(|(d, n)| (d.as_str(), *n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// What one export says about its learner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnerExport {
    /// Concept id -> level id, in the export's order.
    pub levels: Vec<(String, String)>,
    /// Misconception id -> state (`active`, `resolved`, ...); `None` when the
    /// export has no misconception object.
    pub misconceptions: Option<BTreeMap<String, String>>,
    pub attempts: usize,
    pub unaided_correct: usize,
    pub wrong: usize,
    /// The latest attempt, unix ms.
    pub last_active_ms: Option<i64>,
    pub problems: BTreeMap<String, ProblemStats>,
    /// Whether the file had the keys of a progress export at all.
    recognised: bool,
}

impl LearnerExport {
    /// Misconception ids whose state is `active`.
    pub fn active_misconceptions(&self) -> Vec<&str> {
        self.misconceptions
            .iter()
            .flatten()
            .filter(|(_, s)| s.as_str() == "active")
            .map(|(id, _)| id.as_str())
            .collect()
    }

    /// How many concepts are at `level` or above.
    pub fn at_least(&self, level: &str) -> usize {
        let rank = |l: &str| LEVELS.iter().position(|x| *x == l);
        let Some(min) = rank(level) else { return 0 };
        self.levels
            .iter()
            .filter(|(_, l)| rank(l).is_some_and(|r| r >= min))
            .count()
    }
}

/// Why an export could not be read.
#[derive(Debug)]
pub struct ExportError(pub String);

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads one `kltutor progress --json` export from `r` in a single streaming
/// pass (wrap a file in a `BufReader`). Memory is bounded by the number of
/// distinct problems and concepts, not by the number of attempts.
pub fn read_export<R: Read>(r: R) -> Result<LearnerExport, ExportError> {
    let mut de = serde_json::Deserializer::from_reader(r);
    let export = ExportSeed
        .deserialize(&mut de)
        .map_err(|e| ExportError(describe(&e)))?;
    de.end().map_err(|e| ExportError(describe(&e)))?;
    if !export.recognised {
        return Err(ExportError(
            "not a kltutor progress export (no \"concepts\" or \"attempts\"); make one with `kltutor progress --json > FILE`".into(),
        ));
    }
    Ok(export)
}

/// A serde_json error as "line L, column C: what".
fn describe(e: &serde_json::Error) -> String {
    if e.is_io() {
        return e.to_string();
    }
    let what = e.to_string();
    // serde_json appends " at line L column C"; say it first, the way
    // file:line:column messages read.
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(w, _)| w);
    if e.line() == 0 {
        what.to_string()
    } else {
        format!("line {}, column {}: {what}", e.line(), e.column())
    }
}

struct ExportSeed;

impl<'de> DeserializeSeed<'de> for ExportSeed {
    type Value = LearnerExport;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<LearnerExport, D::Error> {
        d.deserialize_map(ExportVisitor)
    }
}

struct ExportVisitor;

impl<'de> Visitor<'de> for ExportVisitor {
    type Value = LearnerExport;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object from `kltutor progress --json`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LearnerExport, A::Error> {
        let mut out = LearnerExport::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "concepts" => {
                    let lines: Vec<ConceptLine> = map.next_value()?;
                    out.levels = lines
                        .into_iter()
                        .map(|c| {
                            let level = c.level.unwrap_or_else(|| "not-started".into());
                            (c.concept, level)
                        })
                        .collect();
                    out.recognised = true;
                }
                "misconceptions" => {
                    let m: Option<BTreeMap<String, MisconceptionLine>> = map.next_value()?;
                    out.misconceptions = m.map(|m| {
                        m.into_iter()
                            .map(|(id, l)| (id, l.state.unwrap_or_default()))
                            .collect()
                    });
                }
                "attempts" => {
                    map.next_value_seed(AttemptsSeed(&mut out))?;
                    out.recognised = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Folds the attempt array into the export's counts, one element at a time.
struct AttemptsSeed<'a>(&'a mut LearnerExport);

impl<'de> DeserializeSeed<'de> for AttemptsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AttemptsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of attempts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let out = self.0;
        while let Some(a) = seq.next_element::<AttemptLine>()? {
            if a.problem.is_empty() {
                return Err(de::Error::custom(format!(
                    "attempt {} has no \"problem\"",
                    out.attempts + 1
                )));
            }
            out.attempts += 1;
            out.unaided_correct += usize::from(a.correct && a.hints_used == 0 && !a.solution_shown);
            out.wrong += usize::from(!a.correct);
            out.last_active_ms = Some(out.last_active_ms.map_or(a.time_ms, |t| t.max(a.time_ms)));
            let p = out.problems.entry(a.problem).or_default();
            p.attempts += 1;
            if !a.correct {
                p.wrong += 1;
                if let Some(d) = a.diagnosis {
                    *p.diagnoses.entry(d).or_default() += 1;
                }
            }
        }
        Ok(())
    }
}

/// One learner in the class: a name (from the file) and the export.
#[derive(Debug, Clone)]
pub struct Learner {
    pub name: String,
    pub export: LearnerExport,
}

/// The aggregate over every export that was read.
#[derive(Debug, Clone, Default)]
pub struct Class {
    pub learners: Vec<Learner>,
}

/// A concept's row: how many learners at each level (indexed like [`LEVELS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptRow {
    pub concept: String,
    pub counts: [usize; 5],
}

/// A misconception's row.
#[derive(Debug, Clone, PartialEq)]
pub struct MisconceptionRow {
    pub id: String,
    /// Learners whose state is `active` now.
    pub active: usize,
    /// Learners whose state is `resolved`.
    pub resolved: usize,
    /// Learners whose export mentions it at all.
    pub seen_by: usize,
}

impl Class {
    pub fn add(&mut self, name: String, export: LearnerExport) {
        self.learners.push(Learner { name, export });
    }

    /// Per concept, learners at each level; `known` (the curriculum's order)
    /// first, then concepts only exports name, alphabetically. A learner
    /// whose export lacks a concept counts as not started on it.
    pub fn concepts(&self, known: &[&str]) -> Vec<ConceptRow> {
        let mut order: Vec<String> = known.iter().map(|c| c.to_string()).collect();
        let mut extra: Vec<String> = self
            .learners
            .iter()
            .flat_map(|l| l.export.levels.iter().map(|(c, _)| c.clone()))
            .filter(|c| !order.contains(c))
            .collect();
        extra.sort();
        extra.dedup();
        order.extend(extra);
        order
            .into_iter()
            .map(|concept| {
                let mut counts = [0; 5];
                for l in &self.learners {
                    let level = l
                        .export
                        .levels
                        .iter()
                        .find(|(c, _)| *c == concept)
                        .map_or("not-started", |(_, lv)| lv.as_str());
                    let i = LEVELS.iter().position(|x| *x == level).unwrap_or(0);
                    counts[i] += 1;
                }
                ConceptRow { concept, counts }
            })
            .collect()
    }

    /// Per misconception id found in any export: how many hold it now. Most
    /// held first, then by id.
    pub fn misconceptions(&self) -> Vec<MisconceptionRow> {
        let mut rows: BTreeMap<&str, MisconceptionRow> = BTreeMap::new();
        for l in &self.learners {
            for (id, state) in l.export.misconceptions.iter().flatten() {
                let r = rows.entry(id).or_insert_with(|| MisconceptionRow {
                    id: id.clone(),
                    active: 0,
                    resolved: 0,
                    seen_by: 0,
                });
                r.seen_by += 1;
                match state.as_str() {
                    "active" => r.active += 1,
                    "resolved" => r.resolved += 1,
                    _ => {}
                }
            }
        }
        let mut v: Vec<MisconceptionRow> = rows.into_values().collect();
        v.sort_by(|a, b| b.active.cmp(&a.active).then(a.id.cmp(&b.id)));
        v
    }

    /// How many exports carry misconception data.
    pub fn with_misconceptions(&self) -> usize {
        self.learners
            .iter()
            .filter(|l| l.export.misconceptions.is_some())
            .count()
    }

    /// Every problem answered by anyone, highest error rate first (then
    /// more wrong answers, then id).
    pub fn problems(&self) -> Vec<(String, ProblemStats)> {
        let mut all: BTreeMap<&str, ProblemStats> = BTreeMap::new();
        for l in &self.learners {
            for (p, s) in &l.export.problems {
                all.entry(p).or_default().merge(s);
            }
        }
        let mut v: Vec<(String, ProblemStats)> =
            all.into_iter().map(|(p, s)| (p.to_string(), s)).collect();
        v.sort_by(|a, b| {
            b.1.error_rate()
                .total_cmp(&a.1.error_rate())
                .then(b.1.wrong.cmp(&a.1.wrong))
                .then(a.0.cmp(&b.0))
        });
        v
    }

    pub fn total_attempts(&self) -> usize {
        self.learners.iter().map(|l| l.export.attempts).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = r#"{
      "schema": 1, "generated_ms": 5,
      "concepts": [
        {"concept": "definition-discrete", "level": "familiar", "attempts": 3},
        {"concept": "asymmetry", "level": "attempted"}
      ],
      "reviews_due": [{"problem": "a/b"}],
      "attempts": [
        {"id": "1", "time_ms": 10, "problem": "l/p1", "concept": "asymmetry", "seed": 0,
         "answer": "1", "correct": false, "diagnosis": "swapped-arguments", "kind": "practice"},
        {"id": "2", "time_ms": 30, "problem": "l/p1", "correct": false, "diagnosis": null},
        {"id": "3", "time_ms": 20, "problem": "l/p2", "correct": true, "hints_used": 1},
        {"id": "4", "time_ms": 25, "problem": "l/p2", "correct": true}
      ],
      "misconceptions": {"direction": {"state": "active", "seen": 2}, "units": {"state": "resolved"}}
    }"#;

    #[test]
    fn reads_levels_attempts_and_misconceptions() {
        let e = read_export(EXPORT.as_bytes()).unwrap();
        assert_eq!(
            e.levels[0],
            ("definition-discrete".into(), "familiar".into())
        );
        assert_eq!(e.attempts, 4);
        assert_eq!(e.wrong, 2);
        assert_eq!(e.unaided_correct, 1);
        assert_eq!(e.last_active_ms, Some(30));
        assert_eq!(e.problems["l/p1"].diagnoses["swapped-arguments"], 1);
        assert_eq!(e.problems["l/p1"].wrong, 2);
        assert_eq!(e.active_misconceptions(), ["direction"]);
        assert_eq!(e.at_least("familiar"), 1);
    }

    #[test]
    fn misconceptions_are_optional() {
        let e = read_export(r#"{"concepts": [], "attempts": []}"#.as_bytes()).unwrap();
        assert_eq!(e.misconceptions, None);
        assert!(e.active_misconceptions().is_empty());
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = read_export("{\n \"attempts\": [\n {\"problem\": 3}]}".as_bytes()).unwrap_err();
        assert!(err.0.starts_with("line 3, column "), "{err}");
        let err = read_export(r#"{"concepts": []} trailing"#.as_bytes()).unwrap_err();
        assert!(err.0.contains("trailing"), "{err}");
        let err = read_export(r#"{"hello": 1}"#.as_bytes()).unwrap_err();
        assert!(err.0.contains("not a kltutor progress export"), "{err}");
        let err = read_export(r#"[1, 2]"#.as_bytes()).unwrap_err();
        assert!(err.0.contains("progress --json"), "{err}");
    }

    #[test]
    fn class_aggregates_across_learners() {
        let mut c = Class::default();
        c.add("a".into(), read_export(EXPORT.as_bytes()).unwrap());
        let other = r#"{"concepts": [{"concept": "asymmetry", "level": "mastered"}],
            "attempts": [{"problem": "l/p2", "correct": false, "diagnosis": "units"},
                         {"problem": "l/p3", "correct": true}],
            "misconceptions": {"direction": {"state": "resolved"}}}"#;
        c.add("b".into(), read_export(other.as_bytes()).unwrap());
        let rows = c.concepts(&["asymmetry", "units"]);
        assert_eq!(rows[0].concept, "asymmetry");
        assert_eq!(rows[0].counts, [0, 1, 0, 0, 1]);
        assert_eq!(rows[1].counts, [2, 0, 0, 0, 0]);
        assert_eq!(rows[2].concept, "definition-discrete");
        assert_eq!(rows[2].counts, [1, 0, 1, 0, 0]);
        let m = c.misconceptions();
        assert_eq!(m[0].id, "direction");
        assert_eq!((m[0].active, m[0].resolved, m[0].seen_by), (1, 1, 2));
        let p = c.problems();
        assert_eq!(p[0].0, "l/p1");
        assert_eq!(p[0].1.error_rate(), 1.0);
        assert_eq!(p[1].0, "l/p2");
        assert_eq!((p[1].1.attempts, p[1].1.wrong), (3, 1));
        assert_eq!(p[2].0, "l/p3");
        assert_eq!(c.total_attempts(), 6);
        assert_eq!(c.with_misconceptions(), 2);
    }
}
