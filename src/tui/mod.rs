//! The terminal front end: turns keys into actions and draws state. The
//! only module that talks to the terminal is this one (`run`); screens and
//! the app model render into any ratatui backend, `TestBackend` included.

pub mod app;
pub mod ascii;
pub mod backend;
pub mod context;
pub mod keymap;
pub mod reload;
pub mod screen;
pub mod screens;
pub mod theme;
pub mod widgets;

use anyhow::{Context, Result};
use app::App;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Where to report a crash, printed after the terminal is restored.
pub const REPORT_URL: &str = "the kltutor issue tracker (include the message above)";

/// Whether stdout is a terminal the app can draw on.
pub fn stdout_is_terminal() -> bool {
    stdout().is_terminal()
}

/// Runs the app until the learner quits, Ctrl-C, or a signal (SIGTERM,
/// SIGHUP, and SIGINT or SIGQUIT sent by `kill`: in raw mode the keys do not
/// send them, but another process can). Raw mode, the
/// alternate screen and mouse capture are restored on every path, panics
/// included; `on_exit` runs before returning (the caller saves progress there).
pub fn run(app: App, on_exit: impl FnMut(&mut App)) -> Result<()> {
    run_with(app, on_exit, None)
}

/// How often the loop asks an input source besides the terminal (`--watch`).
const SOURCE_EVERY: Duration = Duration::from_millis(100);

/// [`run`] with one more input source, asked between keys: it changes the
/// app and returns true when the screen needs drawing (`--watch` reloads).
pub fn run_with(
    mut app: App,
    mut on_exit: impl FnMut(&mut App),
    mut source: Option<&mut dyn FnMut(&mut App) -> bool>,
) -> Result<()> {
    let term = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in ENDING_SIGNALS {
        signal_hook::flag::register(sig, Arc::clone(&term))
            .context("installing a signal handler")?;
    }
    #[cfg(unix)]
    spawn_watchdog()?;
    install_panic_message();
    let result = backend::run(|terminal| -> Result<()> {
        execute!(stdout(), EnableMouseCapture).context("enabling mouse capture")?;
        let mut dirty = true;
        while !app.should_quit() && !term.load(Ordering::Relaxed) {
            if dirty {
                terminal
                    .draw(|f| app.draw(f))
                    .context("drawing the screen")?;
                dirty = false;
            }
            // Block for input; wake only to animate or to notice SIGTERM.
            let timeout = if app.animating() {
                Duration::from_millis(33)
            } else if source.is_some() {
                SOURCE_EVERY
            } else {
                Duration::from_millis(500)
            };
            if event::poll(timeout)? {
                // Drain everything pending before redrawing: repeated keys coalesce into one frame.
                loop {
                    match event::read()? {
                        Event::Key(k) if k.kind == KeyEventKind::Press => app.on_key(k),
                        Event::Mouse(m) => app.on_mouse(m),
                        _ => {}
                    }
                    dirty = true;
                    if app.should_quit() || !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            } else if app.animating() {
                app.on_tick();
                dirty = true;
            }
            if let Some(f) = source.as_mut() {
                dirty |= f(&mut app);
            }
        }
        Ok(())
    });
    let _ = execute!(stdout(), DisableMouseCapture);
    on_exit(&mut app);
    result
}

/// Draws the first frame and restores the terminal: `kltutor
/// --first-frame-and-exit`, so start-up can be timed from outside.
pub fn first_frame(app: &App) -> Result<()> {
    backend::run(|terminal| -> Result<()> {
        terminal
            .draw(|f| app.draw(f))
            .context("drawing the screen")?;
        Ok(())
    })
}

/// How long the event loop has to notice an ending signal before the
/// watchdog ends the process itself.
const GRACE: Duration = Duration::from_secs(3);

/// The signals that end the app cleanly: the loop stops, the terminal is
/// restored and the open screens are saved, exit code 0.
#[cfg(unix)]
const ENDING_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Whether the controlling terminal is gone (its pty closed): it can no
/// longer be opened. There is nothing left to restore then.
#[cfg(unix)]
fn terminal_gone() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_err()
}

/// When the terminal vanishes (a closed window, a dropped ssh session), the
/// input source reads end-of-file forever and `event::poll` never returns, so
/// the loop cannot see the hang-up flag: this thread ends the process after a
/// grace period instead of leaving it spinning; and at once when the signal
/// is a hang-up and the terminal is gone (nothing to restore, no one to see
/// it). Answers and positions are saved as they happen, so nothing a learner
/// did is lost.
#[cfg(unix)]
fn spawn_watchdog() -> Result<()> {
    use signal_hook::consts::SIGHUP;
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)
        .context("installing a signal handler")?;
    std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let deadline = std::time::Instant::now() + GRACE;
                while std::time::Instant::now() < deadline {
                    if sig == SIGHUP && terminal_gone() {
                        std::process::exit(128 + sig);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                std::process::exit(128 + sig);
            }
        })
        .context("starting the signal watchdog")?;
    Ok(())
}

/// Chains a hook that, after ratatui's hook has restored the terminal, turns
/// off mouse capture and tells the learner what happened and where to report it.
fn install_panic_message() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
        // Never eprintln! here: a failed write would panic inside the hook.
        crate::cli::output::line(
            "\nkltutor hit a bug and stopped. Your progress up to the last answer is saved.",
        );
        crate::cli::output::line(format_args!("Please report it to {REPORT_URL}."));
    }));
}
