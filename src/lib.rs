pub mod engine;
pub mod quantity;
