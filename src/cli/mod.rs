//! Command-line glue: each subcommand's clap arguments and its `run`.

pub mod check;
