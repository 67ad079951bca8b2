//! Reusable drawing pieces: number formatting, heatmaps, sliders.

pub mod field;
pub mod format;
pub mod prose;
