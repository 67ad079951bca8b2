pub mod cli;
pub mod engine;
pub mod lesson;
pub mod quantity;
