//! Colours and symbols, decided once at start-up.
//!
//! `NO_COLOR` is handled here rather than by crossterm, whose own handling
//! drops modifiers (bold, reverse) along with colours; `--ascii` swaps every
//! non-ASCII symbol for a plain one so the app reads on any terminal font.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    /// From the environment (`NO_COLOR` set and non-empty) and the `--ascii` flag.
    pub fn detect(ascii: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color && !ascii,
            ascii,
        }
    }

    pub const PLAIN: Theme = Theme {
        color: false,
        ascii: true,
    };
    pub const FULL: Theme = Theme {
        color: true,
        ascii: false,
    };

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn text(&self) -> Style {
        Style::new()
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }
    /// The first series of a chart (P, forward KL).
    pub fn series_a(&self) -> Style {
        self.fg(Color::Cyan)
    }
    /// The second series (Q, reverse KL).
    pub fn series_b(&self) -> Style {
        self.fg(Color::Magenta)
    }
    pub fn marker_style(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// Braille curves by default; plain dots in ASCII mode.
    pub fn marker(&self) -> Marker {
        if self.ascii {
            Marker::Dot
        } else {
            Marker::Braille
        }
    }

    /// Text as this theme shows it: spelled in ASCII ([`crate::ascii`]) for
    /// `--ascii`, unchanged otherwise. Applied before text is wrapped.
    pub fn spell<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.ascii && !s.is_ascii() {
            std::borrow::Cow::Owned(crate::ascii::to_ascii(s))
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    }

    /// Lines as this theme shows them ([`Theme::spell`] on every span), for
    /// text that ratatui wraps itself.
    pub fn spell_lines(&self, lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
        if !self.ascii {
            return lines;
        }
        lines
            .into_iter()
            .map(|mut l| {
                for s in &mut l.spans {
                    if !s.content.is_ascii() {
                        s.content = crate::ascii::to_ascii(&s.content).into();
                    }
                }
                l
            })
            .collect()
    }

    /// Picks the Unicode or the ASCII form of a symbol.
    pub fn sym(&self, unicode: &'static str, ascii: &'static str) -> &'static str {
        if self.ascii { ascii } else { unicode }
    }

    /// A character density ramp for heatmaps without colour.
    pub fn ramp(&self) -> &'static [char] {
        if self.ascii {
            &[' ', '.', ':', '-', '=', '+', '*', '#', '%', '@']
        } else {
            &[' ', '░', '▒', '▓', '█']
        }
    }
}
