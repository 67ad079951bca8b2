//! The terminal backend: ratatui's `CrosstermBackend` with one change in how
//! a frame is written. Where only the foreground or only the background
//! colour changes from one cell to the next, only that colour is sent.
//!
//! ratatui's own `draw` sends both colours whenever either changes: about
//! 36 bytes for a pair of 24-bit colours. The heat maps draw every cell as a
//! half block whose two pixels are fg and bg, and next to a level boundary
//! usually only one of them changes; sending just that one halves the bytes
//! of a map frame, and a frame's bytes are what the terminal spends its time
//! on (issue 12: ~262 KB per heat-map frame took ~5.9 ms to reach the screen
//! while drawing it took 1.1 ms). Everything else is delegated unchanged.

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Colors, Print, SetAttribute, SetBackgroundColor, SetColors, SetForegroundColor,
    SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Stdout, Write};

/// [`CrosstermBackend`] writing only the colours that change.
pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> LeanBackend<W> {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
        }
    }
}

/// The app's terminal.
pub type Term = Terminal<LeanBackend<Stdout>>;

/// Runs `f` on the terminal set up as `ratatui::run` does (raw mode, the
/// alternate screen, a panic hook that restores them) and restores it after.
pub fn run<R>(f: impl FnOnce(&mut Term) -> anyhow::Result<R>) -> anyhow::Result<R> {
    // ratatui's set-up and panic hook; its terminal (same stdout) is not used.
    drop(ratatui::try_init()?);
    let result = match Terminal::new(LeanBackend::new(io::stdout())) {
        Ok(mut t) => f(&mut t),
        Err(e) => Err(e.into()),
    };
    ratatui::restore();
    result
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let w = &mut self.inner;
        let (mut fg, mut bg, mut ul) = (Color::Reset, Color::Reset, Color::Reset);
        let mut modifier = Modifier::empty();
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                queue!(w, MoveTo(x, y))?;
            }
            last = Some((x, y));
            if cell.modifier != modifier {
                queue_modifiers(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            match (cell.fg != fg, cell.bg != bg) {
                (true, true) => queue!(
                    w,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?,
                (true, false) => queue!(w, SetForegroundColor(cell.fg.into_crossterm()))?,
                (false, true) => queue!(w, SetBackgroundColor(cell.bg.into_crossterm()))?,
                (false, false) => {}
            }
            (fg, bg) = (cell.fg, cell.bg);
            if cell.underline_color != ul {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                ul = cell.underline_color;
            }
            queue!(w, Print(cell.symbol()))?;
        }
        queue!(
            w,
            SetForegroundColor(Color::Reset.into_crossterm()),
            SetBackgroundColor(Color::Reset.into_crossterm()),
            SetUnderlineColor(Color::Reset.into_crossterm()),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// The attribute changes from `from` to `to`, as ratatui's backend sends
/// them (bold and dim share one reset, so a kept one is set again).
fn queue_modifiers<W: Write>(w: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let set = |w: &mut W, a: Attribute| queue!(w, SetAttribute(a));
    if removed.contains(Modifier::REVERSED) {
        set(w, Attribute::NoReverse)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(w, Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(w, Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(w, Attribute::Bold)?;
        }
    }
    for (m, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(m) {
            set(w, off)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(w, Attribute::NoBlink)?;
    }
    let added = to - from;
    for (m, on) in [
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::BOLD, Attribute::Bold),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::DIM, Attribute::Dim),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        (Modifier::HIDDEN, Attribute::Hidden),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    ] {
        let already = reset_intensity && matches!(on, Attribute::Bold | Attribute::Dim);
        if added.contains(m) && !already {
            set(w, on)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn written(buf: &Buffer, lean: bool) -> Vec<u8> {
        let w = buf.area.width;
        let cells = || {
            buf.content
                .iter()
                .enumerate()
                .map(move |(i, c)| ((i as u16) % w, (i as u16) / w, c))
        };
        let mut out = Vec::new();
        if lean {
            LeanBackend::new(&mut out).draw(cells()).unwrap();
        } else {
            CrosstermBackend::new(&mut out).draw(cells()).unwrap();
        }
        out
    }

    /// The same screen as ratatui's backend draws, read back by a terminal
    /// emulator cell by cell (symbols, colours, attributes), in fewer bytes.
    #[test]
    fn draws_what_crossterm_draws_with_fewer_colour_bytes() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 3));
        let styles = [
            Style::new().fg(Color::Rgb(1, 2, 3)).bg(Color::Rgb(4, 5, 6)),
            Style::new().fg(Color::Rgb(1, 2, 3)).bg(Color::Rgb(7, 8, 9)),
            Style::new().fg(Color::Red).bg(Color::Rgb(7, 8, 9)).bold(),
            Style::new().fg(Color::Red).dim().italic(),
            Style::new().reversed().underlined(),
            Style::new(),
        ];
        for (i, s) in styles.iter().cycle().take(60).enumerate() {
            let (x, y) = ((i % 30) as u16, (i / 30) as u16);
            buf[(x, y)]
                .set_char(['▀', 'a', ' ', 'é'][i % 4])
                .set_style(*s);
        }
        let (lean, plain) = (written(&buf, true), written(&buf, false));
        assert!(
            lean.len() < plain.len(),
            "{} vs {}",
            lean.len(),
            plain.len()
        );
        let screen = |bytes: &[u8]| {
            let mut p = vt100::Parser::new(3, 30, 0);
            p.process(bytes);
            let s = p.screen().clone();
            (0..3)
                .flat_map(|y| (0..30).map(move |x| (x, y)))
                .map(|(x, y)| {
                    let c = s.cell(y, x).unwrap();
                    (
                        c.contents().to_string(),
                        c.fgcolor(),
                        c.bgcolor(),
                        c.bold(),
                        c.dim(),
                        c.italic(),
                        c.underline(),
                        c.inverse(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(screen(&lean), screen(&plain));
    }
}
