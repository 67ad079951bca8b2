//! One file per screen.

pub mod home;
pub mod lab_bernoulli;
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
        _ => None,
    }
}
