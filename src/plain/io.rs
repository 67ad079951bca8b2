//! Reading a learner's lines and writing ours: [`Io`] and the commands
//! typed at an answer prompt.

use super::Result;
use std::io::{BufRead, Write};

/// Input and output of a plain session, so tests can drive it in memory.
pub struct Io<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    /// Where save errors and warnings go (stderr in the binary).
    pub err: &'a mut dyn Write,
    /// `--ascii`: every line is spelled in ASCII ([`crate::ascii`], the
    /// table the terminal app uses) before it is written.
    pub ascii: bool,
}

impl Io<'_> {
    /// The next line without its line ending; `None` at end of input.
    pub(super) fn line(&mut self) -> Result<Option<String>> {
        let mut s = String::new();
        if self.input.read_line(&mut s)? == 0 {
            return Ok(None);
        }
        while s.ends_with('\n') || s.ends_with('\r') {
            s.pop();
        }
        Ok(Some(s))
    }

    pub(super) fn say(&mut self, line: impl AsRef<str>) -> Result<()> {
        let line = line.as_ref();
        if self.ascii {
            writeln!(self.out, "{}", crate::ascii::to_ascii(line))?;
        } else {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    pub(super) fn warn(&mut self, what: Option<String>) -> Result<()> {
        if let Some(e) = what {
            writeln!(
                self.err,
                "warning: {e} (the answer is kept in memory; the next save tries again)"
            )?;
        }
        Ok(())
    }
}

/// A learner command typed at an answer prompt.
pub(super) enum Command<'a> {
    Hint,
    Solution,
    Skip,
    Quit,
    /// Show the very problem of the last wrong answer, as the lab would.
    Lab,
    Empty,
    Answer(&'a str),
}

pub(super) fn command(line: &str) -> Command<'_> {
    match line.trim().to_ascii_lowercase().as_str() {
        "hint" | "h" => Command::Hint,
        "solution" => Command::Solution,
        "skip" => Command::Skip,
        "lab" => Command::Lab,
        "quit" | "q" | "exit" => Command::Quit,
        "" => Command::Empty,
        _ => Command::Answer(line),
    }
}
