//! The edge where the command line's output meets the outside world. Every
//! byte `kltutor` prints outside the full-screen app goes through here, so a
//! failed write is handled once: a closed pipe (`kltutor calc ... | head -1`)
//! ends quietly, any other failure (`> /dev/full`) is one line on stderr and
//! a non-zero exit, never a panic (which is what `println!` does).

use crate::lesson::sanitize::sanitize;
use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit code when the output could not be written (other than a closed pipe).
pub const EXIT_OUTPUT_FAILED: u8 = 1;

/// Writes `text` to stdout and flushes it.
pub fn stdout(text: &str) -> io::Result<()> {
    let out = io::stdout();
    let mut out = out.lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether `e` (or anything in its chain) is a closed pipe.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The exit code of a command that meant to exit with `code` after writing
/// its output with `result`: `code` when written or when the reader closed
/// the pipe (it has what it wanted); otherwise one error line and
/// [`EXIT_OUTPUT_FAILED`].
pub fn finish(result: io::Result<()>, code: u8) -> ExitCode {
    match result {
        Ok(()) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(code),
        Err(e) => {
            error(format_args!("cannot write the output: {e}"));
            ExitCode::from(EXIT_OUTPUT_FAILED)
        }
    }
}

/// Prints `error: MESSAGE` on stderr with control characters and escape
/// sequences removed (the parts echoing user input are already cut short by
/// [`crate::lesson::sanitize::echo`]). A failure to write stderr is ignored:
/// there is nowhere left to report it.
pub fn error(message: impl Display) {
    line(format_args!("error: {message}"));
}

/// A command-line usage error from clap, whole: every line of the message
/// is kept (a learner must read all of it, the list of possible values
/// included), and only what clap echoes back from the input, the text it
/// quotes between `'`, is shortened like every other echo
/// ([`crate::lesson::sanitize::echo`]), so a megabyte argument cannot flood
/// the terminal.
pub fn usage_error(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split('\'').collect();
            if parts.len() < 3 {
                return line.to_string();
            }
            parts
                .iter()
                .enumerate()
                .map(|(k, part)| {
                    // Odd pieces sit between a pair of quotes; a trailing
                    // unpaired quote leaves the last piece as it is.
                    let quoted = k % 2 == 1 && k + 1 < parts.len();
                    if quoted && part.chars().count() > crate::lesson::sanitize::ECHO_CHARS {
                        crate::lesson::sanitize::echo(part)
                    } else {
                        part.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("'")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints one line on stderr, sanitised, ignoring a failure to write it.
pub fn line(text: impl Display) {
    let clean = sanitize(&text.to_string());
    let _ = writeln!(io::stderr().lock(), "{clean}");
}
