//! Answering a posed problem: grading a total or a term-by-term answer,
//! wording the feedback, and recording the [`Attempt`] (with the
//! misconceptions the instance could show).

use super::{ActiveProblem, SubmitError};
use crate::lesson::Lesson;
use crate::progress::{Attempt, AttemptKind, Store};
use crate::quantity::Measure;
use crate::tutor::expr::parse_answer;
use crate::tutor::feedback::{FeedbackContext, own_section, problem_feedback, section_for};
use crate::tutor::grade::grade;
use crate::tutor::mistakes::{Diagnosis, info, possible};
use crate::tutor::terms::{TermsVerdict, check_terms, is_terms, parse_terms};
use crate::tutor::{Feedback, Verdict};

impl ActiveProblem {
    /// Grades a term-by-term answer `[t1, t2, ...]` without recording it:
    /// the first wrong term decides (and is diagnosed when a slip fits it);
    /// when every term is right, their sum is graded as the total.
    pub fn check_terms(&self, input: &str) -> Result<(Verdict, TermsVerdict), SubmitError> {
        let q = &self.instance.quantity;
        let malformed = |message: String, position: usize| SubmitError::Malformed {
            caret: crate::tutor::AnswerError {
                message: message.clone(),
                position,
            }
            .caret(input),
            message,
        };
        let rows = self.outcome_rows();
        let sums = matches!(
            q.measure,
            Measure::Kl | Measure::ReverseKl | Measure::CrossEntropy | Measure::Entropy
        );
        if rows.is_empty() || !sums {
            return Err(malformed(
                "terms can be given for kl, reverse-kl, cross-entropy and entropy over outcomes; give the total here".into(),
                0,
            ));
        }
        let given = parse_terms(input, q.base).map_err(|e| SubmitError::Malformed {
            message: e.message.clone(),
            caret: e.caret(input),
        })?;
        if given.len() != rows.len() {
            let names: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
            return Err(malformed(
                format!(
                    "expected {} terms, one per outcome ({}), got {}",
                    rows.len(),
                    names.join(", "),
                    given.len()
                ),
                input.chars().count(),
            ));
        }
        let tol = self.problem.tolerance;
        let t = check_terms(q, &rows, &given, tol);
        let verdict = match t.first_wrong {
            None => grade(
                q,
                &crate::tutor::Answer {
                    value: t.total,
                    unit: None,
                    digits: 0,
                },
                tol,
            )
            .map_err(|e| SubmitError::Engine(e.to_string()))?,
            Some(i) => Verdict {
                correct: false,
                expected: q.value().map_err(|e| SubmitError::Engine(e.to_string()))?,
                given: t.total,
                diagnosis: t.diagnosis.as_ref().map(|d| Diagnosis {
                    id: d.id,
                    message: d.message.clone(),
                    concept: info(d.id).map_or("definition-discrete", |m| m.concept),
                    mistaken_value: given[i],
                    outcome: Some(i),
                }),
                offset: None,
            },
        };
        Ok((verdict, t))
    }

    /// Grades `input` without recording it.
    pub fn check(&self, input: &str) -> Result<Verdict, SubmitError> {
        let answer = parse_answer(input).map_err(|e| SubmitError::Malformed {
            message: e.message.clone(),
            caret: e.caret(input),
        })?;
        grade(&self.instance.quantity, &answer, self.problem.tolerance)
            .map_err(|e| SubmitError::Engine(e.to_string()))
    }

    /// Grades `input`, records the attempt (saved before this returns) and
    /// words the feedback. A malformed answer is an error and not recorded.
    pub fn submit(
        &mut self,
        store: &mut Store,
        lessons: &[Lesson],
        kind: AttemptKind,
        input: &str,
        reveal: bool,
    ) -> Result<(Feedback, Attempt), SubmitError> {
        let input = input.trim();
        let (verdict, terms) = if is_terms(input) {
            let (v, t) = self.check_terms(input)?;
            (v, Some(t))
        } else {
            (self.check(input)?, None)
        };
        self.answers += 1;
        // Once right, the problem is answered: trying it again shows the
        // feedback but records nothing, so repeating a right answer cannot
        // count as fresh evidence for mastery.
        let already_solved = self.solved;
        self.solved |= verdict.correct;
        self.pending = verdict
            .diagnosis
            .as_ref()
            .map(|d| d.id)
            .filter(|id| !self.targeted.contains(id));
        let see = verdict.diagnosis.as_ref().and_then(|d| {
            let open = crate::tutor::lookup::unlocked_ids(
                lessons,
                &crate::progress::levels(store.attempts()),
            );
            section_for(
                lessons,
                &self.lesson_id,
                &self.problem.id,
                d.concept,
                &|l| open.contains(&l.id),
            )
        });
        // Posed alone (a quiz or review), a wrong answer with no known mistake
        // is sent to the section that teaches the problem.
        let see = see.or_else(|| {
            (reveal && !verdict.correct)
                .then(|| own_section(lessons, &self.lesson_id, &self.problem.id))
                .flatten()
        });
        let mut fb = problem_feedback(
            &verdict,
            FeedbackContext {
                given: input,
                quantity: &self.instance.quantity,
                see,
                // Posed alone (a quiz or review) there is no "this lesson".
                current_lesson: (!reveal).then_some(self.lesson_id.as_str()),
                hints_left: self.hints_left(),
                targeted_hint: self.pending.is_some(),
                hints_total: self.problem.hints.len(),
                solution_shown: self.solution_shown,
                reveal,
            },
        );
        if let Some(t) = &terms {
            match t.first_wrong {
                Some(i) => {
                    let label = t.label.clone().unwrap_or_default();
                    fb.lines[0] = match &t.diagnosis {
                        Some(d) => format!(
                            "Not quite: the term of outcome {} ({label}) is wrong: {}.",
                            i + 1,
                            d.detail
                        ),
                        None => format!(
                            "Not quite: the term of outcome {} ({label}) is wrong{}. No known slip gives that number: recompute {} for it.",
                            i + 1,
                            if i > 0 {
                                "; the terms before it are right"
                            } else {
                                ""
                            },
                            term_formula(self.instance.quantity.measure)
                        ),
                    };
                    fb.first_wrong_term = Some(i + 1);
                }
                None => fb.lines.insert(
                    0,
                    "Every term is right; their sum is graded as the total.".to_string(),
                ),
            }
        }
        let mut a = self.attempt(kind, input, verdict.correct);
        a.diagnosis = verdict.diagnosis.as_ref().map(|d| d.id.to_string());
        a.first_wrong_term = terms
            .as_ref()
            .and_then(|t| t.first_wrong)
            .map(|i| i as u32 + 1);
        if !already_solved {
            fb.save_error = store.record(a.clone()).err().map(|e| format!("{e:#}"));
        }
        Ok((fb, a))
    }

    /// The misconceptions this instance could show: those of every mistake
    /// that gives a value here that the grader can tell from the right one.
    pub fn exposes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in possible(&self.instance.quantity, self.problem.tolerance) {
            for m in crate::progress::misconceptions::of_diagnosis(id) {
                if !out.iter().any(|o| o == m) {
                    out.push(m.to_string());
                }
            }
        }
        out
    }

    /// Records giving up after the solution was shown (no answer typed), so
    /// the review schedule sees that this problem needed the solution.
    pub fn record_given_up(
        &mut self,
        store: &mut Store,
        kind: AttemptKind,
    ) -> (Attempt, Option<String>) {
        let a = self.attempt(kind, "", false);
        let err = store.record(a.clone()).err().map(|e| format!("{e:#}"));
        (a, err)
    }

    fn attempt(&self, kind: AttemptKind, answer: &str, correct: bool) -> Attempt {
        let mut a = Attempt::new(
            &self.key,
            &self.problem.concept,
            kind,
            self.instance.seed,
            answer,
            correct,
        );
        a.hints_used = (self.hints_shown + self.targeted.len()) as u32;
        a.exposes = self.exposes();
        a.solution_shown = self.solution_shown;
        a.seconds_taken = (a.time_ms - self.shown_ms).max(0) as f64 / 1000.0;
        a
    }
}

/// One term of `measure`, for telling a learner what to recompute.
fn term_formula(measure: Measure) -> &'static str {
    match measure {
        Measure::ReverseKl => "Q(x) log(Q(x)/P(x))",
        Measure::CrossEntropy => "−P(x) log Q(x)",
        Measure::Entropy => "−P(x) log P(x)",
        _ => "P(x) log(P(x)/Q(x))",
    }
}
