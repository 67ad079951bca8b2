pub mod cli;
pub mod engine;
pub mod progress;
pub mod quantity;
