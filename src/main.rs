//! The `kltutor` command line: the tutor, and tools for learners and authors.

use clap::{Parser, Subcommand};
use kltutor::cli;
use kltutor::cli::output;
use kltutor::lesson::catalog::Catalog;
use kltutor::plain;
use kltutor::progress::{Store, resolve_data_dir};
use kltutor::tui::{self, app::App, context::Context, theme::Theme};
use kltutor::tutor::QuizScope;
use std::io::Write;
use std::path::PathBuf;
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
    /// Where progress is kept (default: $KLTUTOR_DATA_DIR, else the platform's data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Extra lesson directory (repeatable); a lesson there replaces a bundled one with its id.
    #[arg(long = "lessons", global = true, value_name = "DIR")]
    lessons: Vec<PathBuf>,
    /// Reload the --lessons directories when a lesson file is saved, keeping
    /// your place (for lesson authors; `check --watch DIR` re-checks instead).
    #[arg(long)]
    watch: bool,
    /// Draw the first frame of the app and exit (for start-up timing).
    #[arg(long, hide = true)]
    first_frame_and_exit: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a divergence, entropy or distance (and check a hand computation).
    Calc(cli::calc::CalcArgs),
    /// Open an interactive lab: a live chart of a divergence landscape.
    Lab(cli::lab::LabArgs),
    /// Validate lesson files and report problems as file:line:column.
    Check(cli::check::CheckArgs),
    /// Study a lesson (no LESSON: continue where you left off).
    Learn(LearnArgs),
    /// A quiz from a lesson, a concept or everything unlocked; or a mastery challenge.
    Quiz(QuizArgs),
    /// The problems due for spaced review, each as a fresh instance.
    Review(ReviewArgs),
    /// Mastery per concept and the reviews due.
    Progress(ProgressArgs),
    /// A class view over learners' `progress --json` exports.
    Report(cli::report::ReportArgs),
    /// Print a shell completion script (e.g. `kltutor completions bash > ~/.local/share/bash-completion/completions/kltutor`).
    Completions(CompletionsArgs),
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
struct LearnArgs {
    /// Line-oriented mode for screen readers and pipes (the only mode of this
    /// command for now).
    #[arg(long)]
    plain: bool,
    /// The lesson id.
    lesson: Option<String>,
}

#[derive(Debug, clap::Args)]
struct QuizArgs {
    /// Line-oriented mode (the only mode of this command for now).
    #[arg(long)]
    plain: bool,
    /// Draw from this lesson.
    #[arg(long, conflicts_with = "concept")]
    lesson: Option<String>,
    /// Draw from every problem and question on this concept.
    #[arg(long)]
    concept: Option<String>,
    /// How many items.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=100))]
    count: u64,
    /// Seed of the draw: the same seed gives the same quiz (default: random, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Fresh randomized problems on concepts at Familiar or above; moves mastery levels.
    #[arg(long, conflicts_with_all = ["lesson", "concept"])]
    challenge: bool,
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    /// Line-oriented mode (the only mode of this command for now).
    #[arg(long)]
    plain: bool,
}

#[derive(Debug, clap::Args)]
struct ProgressArgs {
    /// The summary and the full attempt log as JSON.
    #[arg(long)]
    json: bool,
}

/// Exit code when the terminal app cannot run (stdout is not a terminal).
const EXIT_NOT_A_TERMINAL: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout; usage errors to stderr, through the
        // same sanitising edge as every other message (clap echoes input).
        Err(e) if !e.use_stderr() => {
            return output::finish(output::stdout(&e.render().to_string()), 0);
        }
        Err(e) => {
            output::line(output::usage_error(&e.render().to_string()));
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    if cli.watch {
        let misuse = if cli.command.is_some() {
            Some(
                "--watch goes with the app (kltutor --lessons DIR --watch); to re-check lesson files on every save use kltutor check --watch DIR",
            )
        } else if cli.lessons.is_empty() {
            Some(
                "--watch needs --lessons DIR: it reloads the lessons in DIR when their files are saved (the bundled lessons cannot change)",
            )
        } else {
            None
        };
        if let Some(m) = misuse {
            output::error(m);
            return ExitCode::from(2);
        }
    }
    let theme = Theme::detect(cli.ascii);
    let env = PlainEnv {
        ascii: cli.ascii,
        data_dir: cli.data_dir.clone(),
        lessons: cli.lessons.clone(),
    };
    match cli.command {
        Some(Command::Learn(a)) => {
            let _ = a.plain;
            run_plain(&env, |catalog, store, io| {
                plain::learn(
                    catalog,
                    store,
                    a.lesson.as_deref(),
                    Box::new(kltutor::tutor::RandomSeeds),
                    io,
                )
            })
        }
        Some(Command::Quiz(a)) => {
            let _ = a.plain;
            let scope = match (a.lesson, a.concept) {
                (Some(l), _) => QuizScope::Lesson(l),
                (None, Some(c)) => QuizScope::Concept(c),
                (None, None) => QuizScope::Unlocked,
            };
            let opts = plain::QuizOptions {
                scope,
                count: a.count as usize,
                seed: a.seed,
                challenge: a.challenge,
            };
            run_plain(&env, |catalog, store, io| {
                plain::quiz(catalog, store, &opts, io)
            })
        }
        Some(Command::Review(a)) => {
            let _ = a.plain;
            run_plain(&env, |catalog, store, io| {
                plain::review(catalog, store, &mut kltutor::tutor::RandomSeeds, io)
            })
        }
        Some(Command::Progress(a)) => run_plain_opened(
            &env,
            |dir, _| plain::open_store_read_only(dir),
            |_, store, io| plain::progress(store, a.json, io.out),
        ),
        None => run_home(&env, theme, cli.first_frame_and_exit, cli.watch),
        Some(Command::Completions(a)) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(a.shell, &mut cmd, "kltutor", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Lab(a)) => {
            let params = match cli::lab::params(&a) {
                Ok(p) => p,
                Err(e) => {
                    output::error(e);
                    return ExitCode::from(2);
                }
            };
            match tui::screens::open_lab(&a.name, &params) {
                Some(screen) => run_app(screen, theme),
                None => {
                    output::error(format_args!(
                        "no lab named \"{}\"",
                        kltutor::lesson::sanitize::echo(&a.name)
                    ));
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Check(args)) => match cli::check::run(&args) {
            Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
            // A closed pipe (`kltutor check | head`) is not an error worth a message.
            Err(e) if output::is_closed_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                output::error(format_args!("{e:#}"));
                ExitCode::from(2)
            }
        },
        Some(Command::Report(args)) => {
            let out = cli::report::run(&args);
            let written = output::stdout(&out.stdout);
            for l in &out.stderr {
                output::line(l);
            }
            output::finish(written, out.code)
        }
        Some(Command::Calc(args)) => {
            // Streamed through a buffer: `--explain` on 1e7 values never holds
            // its whole output in memory.
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match cli::calc::run_to(&args, &mut w) {
                Ok(result) => {
                    let result = result.and_then(|r| {
                        use std::io::Write as _;
                        w.flush()?;
                        Ok(r)
                    });
                    let (written, code) = match result {
                        Ok((code, stderr)) => {
                            if !stderr.is_empty() {
                                output::line(stderr.trim_end());
                            }
                            (Ok(()), code)
                        }
                        Err(e) => (Err(e), 0),
                    };
                    output::finish(written, code as u8)
                }
                Err(e) => {
                    output::error(format_args!("{e}"));
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Global flags the plain commands share.
struct PlainEnv {
    /// `--ascii`: plain output spelled in ASCII too.
    ascii: bool,
    data_dir: Option<PathBuf>,
    lessons: Vec<PathBuf>,
}

/// Opens the catalog and the store, runs a plain command on stdin/stdout and
/// maps its outcome to an exit code (2 for an unknown id, 1 for a failure).
fn run_plain(
    env: &PlainEnv,
    f: impl FnOnce(&Catalog, &mut Store, &mut plain::Io<'_>) -> Result<(), plain::PlainError>,
) -> ExitCode {
    run_plain_opened(env, plain::open_store, f)
}

/// [`run_plain`] with the way the store is opened passed in (`kltutor
/// progress` opens it read-only). Ends with [`plain::final_save`], so a
/// command whose answers could not be saved never exits 0.
fn run_plain_opened(
    env: &PlainEnv,
    open: impl FnOnce(&std::path::Path, &mut dyn Write) -> Result<Store, plain::PlainError>,
    f: impl FnOnce(&Catalog, &mut Store, &mut plain::Io<'_>) -> Result<(), plain::PlainError>,
) -> ExitCode {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let dir = match resolve_data_dir(env.data_dir.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            output::error(format_args!("{e:#}"));
            return ExitCode::from(2);
        }
    };
    let catalog = plain::load_catalog(&env.lessons, &mut err);
    let mut store = match open(&dir, &mut err) {
        Ok(s) => s,
        Err(e) => {
            output::error(format_args!("{e}"));
            return ExitCode::from(e.exit_code());
        }
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut io = plain::Io {
        input: &mut input,
        out: &mut out,
        err: &mut err,
        ascii: env.ascii,
    };
    let result = f(&catalog, &mut store, &mut io);
    let flushed = out.flush();
    let code = match result {
        // The reader closed the pipe (`learn --plain | head`): it has what it wanted.
        Err(plain::PlainError::Failed(e)) if output::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Ok(()) => output::finish(flushed, 0),
        Err(e) => {
            output::error(format_args!("{e}"));
            ExitCode::from(e.exit_code())
        }
    };
    match plain::final_save(&mut store) {
        Ok(()) => code,
        Err(e) => {
            output::error(format_args!("{e}"));
            ExitCode::FAILURE
        }
    }
}

/// `kltutor` with no subcommand: the app on the course, sharing one store
/// through the [`Context`]; the exit hook saves every open screen.
fn run_home(env: &PlainEnv, theme: Theme, first_frame_only: bool, watch: bool) -> ExitCode {
    if !tui::stdout_is_terminal() {
        return not_a_terminal();
    }
    let dir = match resolve_data_dir(env.data_dir.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            output::error(format_args!("{e:#}"));
            return ExitCode::from(2);
        }
    };
    // Watching, the lessons get the full check, as the reloads will.
    let catalog = if watch {
        kltutor::lesson::check::load_checked(&env.lessons)
    } else {
        Catalog::load(&env.lessons)
    };
    // A learner with a history makes Home look into every lesson's body
    // (where they stopped, what is due for review): decode the bodies on
    // the other core while the progress file is read.
    if dir.join(kltutor::progress::store::FILE_NAME).is_file() {
        catalog.read_bodies_in_background();
    }
    let store = match Store::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            output::error(format_args!("{e:#}"));
            return ExitCode::FAILURE;
        }
    };
    let ctx = Context::new(catalog, store, Box::new(kltutor::tutor::RandomSeeds));
    let mut course_watch = if watch && !first_frame_only {
        match tui::reload::CourseWatch::new(&env.lessons, &ctx) {
            Ok(w) => Some(w),
            Err(e) => {
                output::error(format_args!("{e:#}"));
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let status_ctx = std::rc::Rc::clone(&ctx);
    let app = App::new(Box::new(tui::screens::home::Home::new(&ctx)), theme).with_save_status(
        Box::new(move || {
            status_ctx
                .store
                .try_borrow()
                .ok()
                .and_then(|s| s.unsaved().map(str::to_string))
        }),
    );
    let result = if first_frame_only {
        tui::first_frame(&app)
    } else {
        match course_watch.as_mut() {
            Some(w) => {
                let mut source = |app: &mut App| w.poll(app);
                tui::run_with(app, |app| app.save_all(), Some(&mut source))
            }
            None => tui::run(app, |app| app.save_all()),
        }
    };
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(format_args!("{e:#}"));
            ExitCode::FAILURE
        }
    };
    match plain::final_save(&mut ctx.store.borrow_mut()) {
        Ok(()) => code,
        Err(e) => {
            output::error(format_args!("{e}"));
            ExitCode::FAILURE
        }
    }
}

fn not_a_terminal() -> ExitCode {
    output::line(
        "kltutor: standard output is not a terminal, so the interactive tutor cannot start.\n\
         For pipes and screen readers use the line-oriented mode (kltutor learn --plain),\n\
         or compute directly with kltutor calc (see kltutor calc --help).",
    );
    ExitCode::from(EXIT_NOT_A_TERMINAL)
}

fn run_app(root: Box<dyn tui::screen::Screen>, theme: Theme) -> ExitCode {
    if !tui::stdout_is_terminal() {
        return not_a_terminal();
    }
    match tui::run(App::new(root, theme), |app| app.save_all()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(format_args!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
