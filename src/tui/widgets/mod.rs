//! Reusable drawing pieces: number formatting, heatmaps, sliders.

pub mod bars;
pub mod field;
pub mod format;
pub mod heatmap;
pub mod panel;
pub mod prose;
pub mod scroll;
pub mod terms;
