//! Reading the progress file without a detour through a generic tree.
//!
//! A learner's file grows by an attempt per answer; with a few thousand
//! attempts, reading it was half the time before the first frame (issue 12:
//! ~7 ms for 3000 attempts, malloc-bound): the whole file became a
//! `serde_json::Value` (for the schema check and migration), and every
//! attempt, derived with `#[serde(flatten)]` to keep a newer kltutor's
//! fields, was buffered once more before its fields were read. Here a file
//! of the current schema is read straight from its bytes ([`current`]) and
//! an attempt's known fields straight into place, keeping the rest in
//! [`Attempt::extra`], with the derive's rules: the same required fields,
//! defaults, lenient `seconds_taken` and errors (`missing field`,
//! `duplicate field`). Anything else (an older or newer schema, a duplicate
//! top-level key, any error) goes the general way in `store.rs`, which gives
//! the messages and the migration.

use super::calibration::Prediction;
use super::model::{Attempt, AttemptKind, Position, Progress, SessionSnapshot};
use super::store::SCHEMA;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// A progress file of the current schema read from its bytes, or `None` to
/// read it the general way (see the module comment). Attempts are sorted.
pub(super) fn current(bytes: &[u8]) -> Option<Progress> {
    // Checked as UTF-8 once, in bulk, rather than string by string (a
    // fifth of the time of reading 3000 attempts).
    let text = std::str::from_utf8(bytes).ok()?;
    // (Reading the attempt log in two halves on two threads was tried: in
    // a fresh process, with the lesson bodies decoding on the other core,
    // it was slower than one pass.)
    let mut p = whole(text)?;
    p.sort_attempts();
    Some(p)
}

/// A file of the current schema read in one go, attempts unsorted.
fn whole(text: &str) -> Option<Progress> {
    let mut de = serde_json::Deserializer::from_str(text);
    let p = de
        .deserialize_map(CurrentVisitor {
            // Room for the attempts up front (an attempt takes ~470 bytes of
            // the file as the store writes it): the log is not grown and
            // copied a dozen times, each time into memory never touched.
            attempts: text.len() / 512,
        })
        .ok()?
        .0;
    de.end().ok()?;
    Some(p)
}

struct Current(Progress);

/// Reads a file of the current schema; `attempts` is the room to make for
/// them.
struct CurrentVisitor {
    attempts: usize,
}

/// The attempt log, read into a vector with room for `0` attempts.
struct AttemptsSeed(usize);

impl<'de> de::DeserializeSeed<'de> for AttemptsSeed {
    type Value = Vec<Attempt>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Attempt>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AttemptsSeed {
    type Value = Vec<Attempt>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, mut s: S) -> Result<Vec<Attempt>, S::Error> {
        let mut v = Vec::with_capacity(self.0);
        while let Some(a) = s.next_element()? {
            v.push(a);
        }
        Ok(v)
    }
}

impl<'de> Visitor<'de> for CurrentVisitor {
    type Value = Current;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a progress file of the current schema")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Current, A::Error> {
        let mut schema: Option<u64> = None;
        let mut attempts: Option<Vec<Attempt>> = None;
        let mut positions: Option<BTreeMap<String, Position>> = None;
        let mut sessions: Option<BTreeMap<String, SessionSnapshot>> = None;
        let mut predictions: Option<Vec<Prediction>> = None;
        let mut reviews: Option<IgnoredAny> = None;
        let mut extra = serde_json::Map::new();
        while let Some(key) = m.next_key::<String>()? {
            match key.as_str() {
                "schema" => once(&mut schema, m.next_value()?, "schema")?,
                "attempts" => once(
                    &mut attempts,
                    m.next_value_seed(AttemptsSeed(self.attempts))?,
                    "attempts",
                )?,
                "positions" => once(&mut positions, m.next_value()?, "positions")?,
                "sessions" => once(&mut sessions, m.next_value()?, "sessions")?,
                "predictions" => once(&mut predictions, m.next_value()?, "predictions")?,
                "reviews" => once(&mut reviews, m.next_value()?, "reviews")?,
                _ => {
                    let value = m.next_value()?;
                    if extra.insert(key, value).is_some() {
                        return Err(de::Error::custom("a key twice"));
                    }
                }
            }
        }
        if schema != Some(u64::from(SCHEMA)) {
            return Err(de::Error::custom("not the current schema"));
        }
        Ok(Current(Progress {
            attempts: attempts.unwrap_or_default(),
            positions: positions.unwrap_or_default(),
            sessions: sessions.unwrap_or_default(),
            predictions: predictions.unwrap_or_default(),
            extra,
        }))
    }
}

impl<'de> Deserialize<'de> for Attempt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Attempt, D::Error> {
        d.deserialize_map(AttemptVisitor)
    }
}

struct AttemptVisitor;

/// The fields [`AttemptVisitor`] reads (as [`KeyVisitor`] knows them).
#[cfg(test)]
const FIELDS: [&str; 15] = [
    "id",
    "time_ms",
    "problem",
    "concept",
    "seed",
    "answer",
    "correct",
    "hints_used",
    "solution_shown",
    "diagnosis",
    "seconds_taken",
    "expected_seconds",
    "kind",
    "exposes",
    "first_wrong_term",
];

/// An attempt's key: one of the fields [`AttemptVisitor`] reads (without allocating) or another
/// key, kept for [`Attempt::extra`].
struct Key(Result<&'static str, String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
        // A match, not a search of FIELDS: told apart by length first, it
        // compares one name rather than half the list (45,000 keys in 3000
        // attempts). The test below holds it to FIELDS.
        let known = match s {
            "id" => "id",
            "time_ms" => "time_ms",
            "problem" => "problem",
            "concept" => "concept",
            "seed" => "seed",
            "answer" => "answer",
            "correct" => "correct",
            "hints_used" => "hints_used",
            "solution_shown" => "solution_shown",
            "diagnosis" => "diagnosis",
            "seconds_taken" => "seconds_taken",
            "expected_seconds" => "expected_seconds",
            "kind" => "kind",
            "exposes" => "exposes",
            "first_wrong_term" => "first_wrong_term",
            other => return Ok(Key(Err(other.to_string()))),
        };
        Ok(Key(Ok(known)))
    }
}

/// Stores a field's value once; a second occurrence is an error, as in a derive.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for AttemptVisitor {
    type Value = Attempt;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Attempt")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Attempt, A::Error> {
        let mut id: Option<String> = None;
        let mut time_ms: Option<i64> = None;
        let mut problem: Option<String> = None;
        let mut concept: Option<String> = None;
        let mut seed: Option<u64> = None;
        let mut answer: Option<String> = None;
        let mut correct: Option<bool> = None;
        let mut hints_used: Option<u32> = None;
        let mut solution_shown: Option<bool> = None;
        let mut diagnosis: Option<Option<String>> = None;
        let mut seconds_taken: Option<f64> = None;
        let mut expected_seconds: Option<Option<f64>> = None;
        let mut kind: Option<AttemptKind> = None;
        let mut exposes: Option<Vec<String>> = None;
        let mut first_wrong_term: Option<Option<u32>> = None;
        let mut extra = serde_json::Map::new();
        while let Some(key) = m.next_key::<Key>()? {
            match key.0 {
                Err(other) => {
                    extra.insert(other, m.next_value()?);
                }
                Ok(known) => match known {
                    "id" => once(&mut id, m.next_value()?, "id")?,
                    "time_ms" => once(&mut time_ms, m.next_value()?, "time_ms")?,
                    "problem" => once(&mut problem, m.next_value()?, "problem")?,
                    "concept" => once(&mut concept, m.next_value()?, "concept")?,
                    "seed" => once(&mut seed, m.next_value()?, "seed")?,
                    "answer" => once(&mut answer, m.next_value()?, "answer")?,
                    "correct" => once(&mut correct, m.next_value()?, "correct")?,
                    "hints_used" => once(&mut hints_used, m.next_value()?, "hints_used")?,
                    "solution_shown" => {
                        once(&mut solution_shown, m.next_value()?, "solution_shown")?
                    }
                    "diagnosis" => once(&mut diagnosis, m.next_value()?, "diagnosis")?,
                    // `null` (or any missing value) reads as 0, so one odd value
                    // cannot make the whole file unreadable.
                    "seconds_taken" => {
                        let v: Option<f64> = m.next_value()?;
                        once(&mut seconds_taken, v.unwrap_or(0.0), "seconds_taken")?
                    }
                    "expected_seconds" => {
                        once(&mut expected_seconds, m.next_value()?, "expected_seconds")?
                    }
                    "kind" => once(&mut kind, m.next_value()?, "kind")?,
                    "exposes" => once(&mut exposes, m.next_value()?, "exposes")?,
                    "first_wrong_term" => {
                        once(&mut first_wrong_term, m.next_value()?, "first_wrong_term")?
                    }
                    // Key holds only the names above.
                    _ => {
                        m.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        let req = |name: &'static str| de::Error::missing_field(name);
        Ok(Attempt {
            id: id.ok_or_else(|| req("id"))?,
            time_ms: time_ms.ok_or_else(|| req("time_ms"))?,
            problem: problem.ok_or_else(|| req("problem"))?,
            concept: concept.ok_or_else(|| req("concept"))?,
            seed: seed.ok_or_else(|| req("seed"))?,
            answer: answer.ok_or_else(|| req("answer"))?,
            correct: correct.ok_or_else(|| req("correct"))?,
            hints_used: hints_used.unwrap_or_default(),
            solution_shown: solution_shown.unwrap_or_default(),
            diagnosis: diagnosis.unwrap_or_default(),
            seconds_taken: seconds_taken.unwrap_or_default(),
            expected_seconds: expected_seconds.unwrap_or_default(),
            kind: kind.ok_or_else(|| req("kind"))?,
            extra,
            exposes: exposes.unwrap_or_default(),
            first_wrong_term: first_wrong_term.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"id":"a","time_ms":5,"problem":"l/p","concept":"units","seed":7,
        "answer":"0.5","correct":true,"kind":"quiz","seconds_taken":null,"future":{"x":[1]}}"#;

    /// What the derive with `flatten` gave: the same value for the same text.
    #[test]
    fn reads_like_the_derive() {
        let a: Attempt = serde_json::from_str(ONE).unwrap();
        assert_eq!(
            (a.id.as_str(), a.time_ms, a.seed, a.correct),
            ("a", 5, 7, true)
        );
        assert_eq!(a.kind, AttemptKind::Quiz);
        assert_eq!(
            (a.hints_used, a.solution_shown, a.seconds_taken),
            (0, false, 0.0)
        );
        assert_eq!(
            (a.diagnosis, a.expected_seconds, a.first_wrong_term),
            (None, None, None)
        );
        assert!(a.exposes.is_empty());
        assert_eq!(a.extra.len(), 1);
        assert_eq!(a.extra["future"], serde_json::json!({"x": [1]}));
        // Through a generic tree too (the store reads a `Value` first).
        let v: serde_json::Value = serde_json::from_str(ONE).unwrap();
        let b: Attempt = serde_json::from_value(v).unwrap();
        assert_eq!(a_id_extra(&b), ("a", 1));
        // Written and read back, unchanged.
        let again: Attempt = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
        assert_eq!(again, b);
    }

    fn a_id_extra(a: &Attempt) -> (&str, usize) {
        (a.id.as_str(), a.extra.len())
    }

    #[test]
    fn keys_are_the_fields() {
        for f in FIELDS {
            assert_eq!(
                KeyVisitor.visit_str::<de::value::Error>(f).unwrap().0,
                Ok(f)
            );
        }
        let other = KeyVisitor.visit_str::<de::value::Error>("future").unwrap();
        assert_eq!(other.0, Err("future".to_string()));
    }

    #[test]
    fn errors_name_the_field() {
        let missing = ONE.replace(r#""kind":"quiz","#, "");
        let e = serde_json::from_str::<Attempt>(&missing)
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field `kind`"), "{e}");
        let twice = ONE.replace(r#""seed":7,"#, r#""seed":7,"seed":8,"#);
        let e = serde_json::from_str::<Attempt>(&twice)
            .unwrap_err()
            .to_string();
        assert!(e.contains("duplicate field `seed`"), "{e}");
        let wrong = ONE.replace(r#""seed":7"#, r#""seed":"seven""#);
        assert!(serde_json::from_str::<Attempt>(&wrong).is_err());
    }
}
