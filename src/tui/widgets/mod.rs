//! Reusable drawing pieces: number formatting, heatmaps, sliders.

pub mod format;
pub mod heatmap;
pub mod bars;
