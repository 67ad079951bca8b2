//! Reusable drawing pieces: number formatting, heatmaps, sliders.

pub mod bars;
pub mod format;
pub mod heatmap;
