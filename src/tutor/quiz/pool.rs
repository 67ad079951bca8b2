//! The blocks a drill can pose, before they are posed: every problem and
//! question of some lessons that may leave its lesson (`quiz = true`).

use crate::lesson::{Item, Lesson, Problem, Question};
use rand::RngExt;
use rand::rngs::StdRng;

/// A reference to a block in the catalog, before it is posed.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Problem(&'a Lesson, &'a Problem),
    Question(&'a Lesson, &'a Question),
}

pub fn blocks<'a>(lessons: impl IntoIterator<Item = &'a Lesson>) -> Vec<Source<'a>> {
    let mut out = Vec::new();
    for l in lessons {
        for (_, item) in l.items() {
            // `quiz = false` keeps a block that only makes sense in its
            // lesson out of quizzes, reviews and challenges.
            match item {
                Item::Problem(p) if p.quiz => out.push(Source::Problem(l, p)),
                Item::Question(q) if q.quiz => out.push(Source::Question(l, q)),
                _ => {}
            }
        }
    }
    out
}

pub fn concept_of<'a>(s: &Source<'a>) -> &'a str {
    match s {
        Source::Problem(_, p) => &p.concept,
        Source::Question(_, q) => &q.concept,
    }
}

/// Fisher-Yates with our own draws, so the order for a seed depends only
/// on this code and the generator, not on a library's shuffle algorithm.
pub fn shuffle<T>(v: &mut [T], rng: &mut StdRng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}
