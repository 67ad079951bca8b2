//! The `kltutor` command line: the tutor, and tools for learners and authors.

use clap::{CommandFactory, Parser, Subcommand};
use kltutor::cli;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "kltutor",
    version,
    about = "A terminal tutor for Kullback-Leibler divergence"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a divergence, entropy or distance (and check a hand computation).
    Calc(cli::calc::CalcArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            let _ = Cli::command().print_help();
            ExitCode::SUCCESS
        }
        Some(Command::Calc(args)) => match cli::calc::run(&args) {
            Ok(out) => {
                print!("{}", out.stdout);
                ExitCode::from(out.code as u8)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}
