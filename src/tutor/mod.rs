//! Checking a learner's answers: reading what they typed ([`expr`]), deciding
//! whether it is right ([`grade`]) and, when it is not, saying what most
//! likely went wrong ([`mistakes`]); and the learning sessions built on that
//! ([`session`] for a lesson, [`quiz`] for quizzes, reviews and challenges).
//!
//! Pure: no terminal and no stdin. The front ends (`calc --answer`, the plain
//! line mode, the terminal app) only format what these return, so every
//! front end judges and words an answer the same way.

pub mod expr;
pub mod feedback;
pub mod grade;
pub mod lookup;
pub mod mistakes;
pub mod path;
pub mod predict;
pub mod problem;
pub mod quiz;
pub mod refute;
pub mod reload;
pub mod session;
pub mod terms;

pub use expr::{Answer, AnswerError, parse_answer};
pub use feedback::{Feedback, QuestionFeedback, SectionRef};
pub use grade::{DEFAULT_TOLERANCE, Offset, Verdict, grade};
pub use mistakes::{Diagnosis, MistakeInfo, catalogue, diagnose};
pub use path::{LessonReport, NextOwned, NextStep, next_step};
pub use problem::{
    ActiveProblem, ActiveQuestion, HintReply, ListSeeds, RandomSeeds, SeedSource, SeededSeeds,
    Solution, SubmitError,
};
pub use quiz::{
    DrillError, DrillItem, DrillSummary, ItemResult, QuizScope, QuizSession, ReviewPlan,
    review_plan,
};
pub use session::{Current, Cursor, LessonSession, LessonSnapshot, lesson_to_continue};
