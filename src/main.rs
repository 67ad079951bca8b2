//! The `kltutor` command line: the tutor, and tools for learners and authors.

use clap::{Parser, Subcommand};
use kltutor::cli;
use kltutor::lab::LabParams;
use kltutor::tui::{self, app::App, theme::Theme};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "kltutor",
    version,
    about = "A terminal tutor for Kullback-Leibler divergence"
)]
struct Cli {
    /// ASCII symbols and no colour (NO_COLOR=1 also turns colour off).
    #[arg(long, global = true)]
    ascii: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a divergence, entropy or distance (and check a hand computation).
    Calc(cli::calc::CalcArgs),
    /// Open an interactive lab: a live chart of a divergence landscape.
    Lab(LabArgs),
}

#[derive(Debug, clap::Args)]
struct LabArgs {
    /// The lab to open.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(kltutor::lab::NAMES.iter().map(|(n, _)| *n)))]
    name: String,
    /// Initial p (the lab's first parameter).
    #[arg(long, allow_hyphen_values = true)]
    p: Option<f64>,
    /// Initial q (the lab's second parameter).
    #[arg(long, allow_hyphen_values = true)]
    q: Option<f64>,
}

/// Exit code when the terminal app cannot run (stdout is not a terminal).
const EXIT_NOT_A_TERMINAL: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let theme = Theme::detect(cli.ascii);
    match cli.command {
        None => run_app(Box::new(tui::screens::home::Home::new()), theme),
        Some(Command::Lab(a)) => {
            let params = LabParams {
                p: a.p,
                q: a.q,
                ..LabParams::default()
            };
            match tui::screens::open_lab(&a.name, &params) {
                Some(screen) => run_app(screen, theme),
                None => {
                    eprintln!("error: no lab named \"{}\"", a.name);
                    ExitCode::from(2)
                }
            }
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

fn run_app(root: Box<dyn tui::screen::Screen>, theme: Theme) -> ExitCode {
    if !tui::stdout_is_terminal() {
        eprintln!(
            "kltutor: standard output is not a terminal, so the interactive tutor cannot start.\n\
             For pipes and screen readers use the line-oriented mode (kltutor learn --plain),\n\
             or compute directly with kltutor calc (see kltutor calc --help)."
        );
        return ExitCode::from(EXIT_NOT_A_TERMINAL);
    }
    match tui::run(App::new(root, theme), |_| {}) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
