//! One file per screen.

pub mod broken;
pub mod home;
pub mod lab_bernoulli;
pub mod lab_compare;
pub mod lab_contributions;
pub mod lab_heatmap;
pub mod lab_loss;
pub mod lab_modes;
pub mod lesson;
pub mod practice;
pub mod progress;
pub mod quiz;

use super::screen::Screen;
use crate::lab::LabParams;

/// Opens a lab by name with optional parameters; `None` for an unknown name.
pub fn open_lab(name: &str, params: &LabParams) -> Option<Box<dyn Screen>> {
    match name {
        "bernoulli" => Some(Box::new(lab_bernoulli::BernoulliScreen::new(params))),
        "contributions" => Some(Box::new(lab_contributions::ContributionsScreen::new(
            params,
        ))),
        "heatmap" => Some(Box::new(lab_heatmap::HeatmapScreen::new(params))),
        "loss" => Some(Box::new(lab_loss::LossScreen::new(params))),
        "modes" => Some(Box::new(lab_modes::ModesScreen::new(params))),
        "compare" => Some(Box::new(lab_compare::CompareScreen::new(params))),
        _ => None,
    }
}

/// The very problem behind a wrong answer, in the lab that draws its inputs,
/// with the outcome the first wrong term (or the diagnosis) points at
/// selected; `Err` says, as a sentence, why no lab draws them.
pub fn show_problem(
    p: &crate::tutor::ActiveProblem,
    fb: &crate::tutor::Feedback,
) -> Result<Box<dyn Screen>, String> {
    let outcome = fb
        .first_wrong_term
        .map(|i| i - 1)
        .or_else(|| fb.diagnosis.as_ref().and_then(|d| d.outcome));
    let (name, params) = crate::lab::problem_lab(&p.instance.quantity, &p.problem.labels, outcome)
        .map_err(|why| format!("No lab draws this problem: {why}."))?;
    open_lab(name, &params).ok_or_else(|| format!("The {name} lab is not available."))
}

/// The screen for a next step ([`crate::tutor::NextOwned`]), the one place
/// Home's "Continue", a lesson's end page and a quiz's summary open it from;
/// `Err` says, as a sentence, why it cannot open.
pub fn open_next(
    ctx: &std::rc::Rc<super::context::Context>,
    next: &crate::tutor::NextOwned,
) -> Result<Box<dyn Screen>, String> {
    use crate::tutor::NextOwned;
    use quiz::QuizScreen;
    match next {
        NextOwned::Lesson { id, .. } => lesson::LessonScreen::open(ctx, id)
            .map(|s| Box::new(s) as Box<dyn Screen>)
            .map_err(|e| e.to_string()),
        NextOwned::Review(_) => QuizScreen::review(ctx).map(|s| Box::new(s) as Box<dyn Screen>),
        NextOwned::Quiz(u) => QuizScreen::concept(ctx, &u.concept)
            .map(|s| Box::new(s) as Box<dyn Screen>)
            .map_err(|e| e.to_string()),
        NextOwned::Challenge => QuizScreen::challenge(ctx)
            .map(|s| Box::new(s) as Box<dyn Screen>)
            .map_err(|e| e.to_string()),
    }
}
