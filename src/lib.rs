pub mod engine;
pub mod quantity;
pub mod lesson;
