pub mod cli;
pub mod engine;
pub mod lab;
pub mod lesson;
pub mod progress;
pub mod quantity;
pub mod tui;
pub mod tutor;
