//! Finding lessons and concepts by id (with "did you mean" suggestions for
//! typos) and lesson gating: which prerequisite concepts still lock a lesson.

use crate::lesson::catalog::Catalog;
use crate::lesson::{CONCEPTS, Lesson};
use crate::progress::mastery::{Level, level_of};
use std::collections::BTreeMap;
use std::fmt;

/// An id typed by the learner that names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    /// "lesson" or "concept".
    pub what: &'static str,
    pub id: String,
    /// Known ids close to it, best first.
    pub close: Vec<String>,
}

impl fmt::Display for UnknownId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no {} has the id \"{}\"",
            self.what,
            crate::lesson::sanitize::echo(&self.id)
        )?;
        if !self.close.is_empty() {
            write!(f, "; did you mean {}?", self.close.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownId {}

/// Levenshtein distance over characters (ids are short, so O(n·m) is nothing).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Candidates within a third of the id's length in edits (at least 2), or
/// containing it / contained in it, closest first, at most five.
pub fn close_matches<'a>(id: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let limit = (id.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = distance(id, c);
            let contains = !id.is_empty() && (c.contains(id) || id.contains(c));
            (d <= limit || contains).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(5)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// The lesson with `id`, or an error suggesting close ids.
pub fn find_lesson<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a Lesson, UnknownId> {
    catalog.get(id).ok_or_else(|| UnknownId {
        what: "lesson",
        id: id.to_string(),
        close: close_matches(id, catalog.lessons.iter().map(|l| l.id.as_str())),
    })
}

/// Checks a concept id against the curriculum's list.
pub fn check_concept(id: &str) -> Result<(), UnknownId> {
    if CONCEPTS.iter().any(|(c, _)| *c == id) {
        Ok(())
    } else {
        Err(UnknownId {
            what: "concept",
            id: id.to_string(),
            close: close_matches(id, CONCEPTS.iter().map(|(c, _)| *c)),
        })
    }
}

/// The concepts taught by `lesson`'s prerequisite lessons (those in the
/// catalog), without repeats.
pub fn prerequisite_concepts<'a>(catalog: &'a Catalog, lesson: &Lesson) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for r in &lesson.requires {
        if let Some(l) = catalog.get(r) {
            for c in &l.concepts {
                if !out.contains(&c.as_str()) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// The prerequisite concepts still below Familiar: empty when the lesson is
/// unlocked (see [`crate::progress::lesson_unlocked`], the rule itself).
pub fn missing_prerequisites<'a>(
    catalog: &'a Catalog,
    lesson: &Lesson,
    levels: &BTreeMap<String, Level>,
) -> Vec<&'a str> {
    let pre = prerequisite_concepts(catalog, lesson);
    if crate::progress::lesson_unlocked(pre.iter().copied(), levels) {
        return Vec::new();
    }
    pre.into_iter()
        .filter(|c| level_of(levels, c) < Level::Familiar)
        .collect()
}

/// Lessons open to the learner, in study order.
pub fn unlocked_lessons<'a>(
    catalog: &'a Catalog,
    levels: &BTreeMap<String, Level>,
) -> Vec<&'a Lesson> {
    catalog
        .lessons
        .iter()
        .filter(|l| missing_prerequisites(catalog, l, levels).is_empty())
        .collect()
}

/// The ids of the lessons in `lessons` whose prerequisites are met: the same
/// rule as [`unlocked_lessons`], for callers that hold lessons without a catalog.
pub fn unlocked_ids(lessons: &[Lesson], levels: &BTreeMap<String, Level>) -> Vec<String> {
    lessons
        .iter()
        .filter(|l| {
            let pre = l
                .requires
                .iter()
                .filter_map(|r| lessons.iter().find(|o| o.id == *r))
                .flat_map(|o| o.concepts.iter().map(String::as_str));
            crate::progress::lesson_unlocked(pre, levels)
        })
        .map(|l| l.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_matches_find_typos() {
        let ids = ["kl-basics", "cross-entropy", "units"];
        assert_eq!(close_matches("kl-basic", ids), vec!["kl-basics"]);
        assert_eq!(close_matches("entropy", ids), vec!["cross-entropy"]);
        assert!(close_matches("zzzzzzzz", ids).is_empty());
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
