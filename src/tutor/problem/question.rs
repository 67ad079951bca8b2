//! A multiple-choice question as posed: its options (shuffled outside the
//! lesson), reading a choice, and recording it.

use super::SubmitError;
use crate::lesson::{Lesson, Question};
use crate::progress::{Attempt, AttemptKind, Store, now_ms};
use crate::tutor::feedback::{QuestionFeedback, SectionRef, own_section};

/// A question as posed.
#[derive(Debug, Clone)]
pub struct ActiveQuestion {
    pub key: String,
    pub lesson_id: String,
    pub question: Question,
    /// `order[i]` is the author's index of the option shown at position `i`
    /// (the identity unless [`ActiveQuestion::shuffled`]).
    order: Vec<usize>,
    shown_ms: i64,
    solved: bool,
}

impl ActiveQuestion {
    pub fn new(lesson_id: &str, question: &Question) -> ActiveQuestion {
        ActiveQuestion {
            key: format!("{lesson_id}/{}", question.id),
            lesson_id: lesson_id.to_string(),
            question: question.clone(),
            order: (0..question.choices.len()).collect(),
            shown_ms: now_ms(),
            solved: false,
        }
    }

    /// The options in an order drawn from `seed` (Fisher-Yates with the
    /// project's generator: the same seed always gives the same order), so
    /// the right answer is not wherever the author wrote it. The lesson
    /// reader keeps the author's order; quizzes and reviews shuffle.
    pub fn shuffled(mut self, seed: u64) -> ActiveQuestion {
        use rand::{RngExt, SeedableRng};
        let n = self.question.choices.len();
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        let q = &self.question;
        let choices = order.iter().map(|&i| q.choices[i].clone()).collect();
        let explanations = order
            .iter()
            .map(|&i| q.explanations.get(i).cloned().unwrap_or_default())
            .collect();
        let answer = order.iter().position(|&i| i == q.answer).unwrap_or(0);
        self.question.choices = choices;
        self.question.explanations = explanations;
        self.question.answer = answer;
        self.order = order;
        self
    }

    /// The question as posed outside its lesson: its `context` (if any)
    /// before the prompt.
    pub fn alone(mut self) -> ActiveQuestion {
        if let Some(c) = &self.question.context {
            self.question.prompt = format!("{c} {}", self.question.prompt);
        }
        self
    }

    /// The author's 1-based number of the option shown at 0-based `shown`.
    pub fn author_number(&self, shown: usize) -> usize {
        self.order.get(shown).copied().unwrap_or(shown) + 1
    }

    pub fn header(&self) -> String {
        format!("question {}", self.key)
    }

    pub fn solved(&self) -> bool {
        self.solved
    }

    /// Reads a 1-based choice number.
    pub fn parse_choice(&self, input: &str) -> Result<usize, SubmitError> {
        let n = self.question.choices.len();
        let t = input.trim();
        match t.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => Ok(k - 1),
            _ => {
                let lead = input.len() - input.trim_start().len();
                Err(SubmitError::Malformed {
                    message: format!("type the number of a choice, 1 to {n}"),
                    caret: crate::tutor::AnswerError {
                        message: String::new(),
                        position: input[..lead].chars().count(),
                    }
                    .caret(input),
                })
            }
        }
    }

    /// Records the chosen option and explains it.
    pub fn choose(
        &mut self,
        store: &mut Store,
        lessons: &[Lesson],
        kind: AttemptKind,
        input: &str,
        reveal: bool,
    ) -> Result<(QuestionFeedback, Attempt), SubmitError> {
        let chosen = self.parse_choice(input)?;
        let q = &self.question;
        let correct = chosen == q.answer;
        // Once answered right, other choices show their explanations but
        // are not recorded: pressing the right number again is not evidence.
        let already_solved = self.solved;
        self.solved |= correct;
        let explanation = q.explanations.get(chosen).cloned().unwrap_or_default();
        let see: Option<SectionRef> = (!correct)
            .then(|| own_section(lessons, &self.lesson_id, &q.id))
            .flatten();
        // Authors often open the right option's explanation with "Right:";
        // the verdict is said once either way.
        let opens = |word: &str| {
            explanation
                .get(..word.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(word))
        };
        let mut lines = vec![if correct {
            if opens("right") || opens("correct") {
                explanation.clone()
            } else {
                format!("Right. {explanation}")
            }
        } else if opens("not quite") || opens("wrong") {
            explanation.clone()
        } else {
            format!("Not quite. {explanation}")
        }];
        if !correct {
            if reveal {
                lines.push(format!(
                    "The answer is {}: {}",
                    q.answer + 1,
                    q.choices[q.answer]
                ));
            }
            if let Some(claim) = &q.counterexample {
                lines.extend(crate::tutor::refute::feedback_lines(claim));
            }
            if let Some(s) = &see {
                // Posed alone (a quiz or review) there is no "this lesson".
                lines.push(s.sentence((!reveal).then_some(self.lesson_id.as_str())));
            }
        }
        let mut a = Attempt::new(
            &self.key,
            &q.concept,
            kind,
            0,
            self.author_number(chosen).to_string(),
            correct,
        );
        a.seconds_taken = (a.time_ms - self.shown_ms).max(0) as f64 / 1000.0;
        let save_error = if already_solved {
            None
        } else {
            store.record(a.clone()).err().map(|e| format!("{e:#}"))
        };
        Ok((
            QuestionFeedback {
                correct,
                chosen,
                answer: q.answer,
                explanation,
                see,
                lines,
                save_error,
            },
            a,
        ))
    }
}
