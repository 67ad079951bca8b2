//! Command-line front ends: each subcommand parses its arguments and calls the
//! pure layers below it; nothing here computes a number itself.

pub mod calc;
pub mod check;
pub mod counterexample;
pub mod lab;
pub mod output;
pub mod report;
pub mod values;
