//! A one-line answer field: cursor editing and a history of earlier answers.
//! Pure state; the screen draws it with [`Field::line`].

use crate::tui::screen::Edit;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Default)]
pub struct Field {
    text: Vec<char>,
    /// Cursor position in characters, 0..=len.
    cursor: usize,
    history: Vec<String>,
    /// Index into `history` while recalling; `None` while editing fresh text.
    recall: Option<usize>,
    /// The text being typed before recalling started, restored past the newest entry.
    draft: String,
}

/// Longest answer accepted: far beyond any real answer, it keeps the line bounded.
const MAX_CHARS: usize = 200;

impl Field {
    pub fn text(&self) -> String {
        self.text.iter().collect()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, s: &str) {
        self.text = s.chars().take(MAX_CHARS).collect();
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.set("");
        self.recall = None;
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.text.len() >= MAX_CHARS {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += 1;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.len());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.text.remove(self.cursor);
        }
    }
    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    /// Readline-style edits. A word is a run of letters, digits and dots
    /// (`0.531`, `ln`, `bits`); everything else separates words.
    pub fn edit(&mut self, e: Edit) {
        let word = |c: char| c.is_alphanumeric() || c == '.' || c == '_';
        match e {
            Edit::WordLeft => self.cursor = self.word_start(word),
            Edit::WordRight => {
                let mut i = self.cursor;
                while i < self.text.len() && !word(self.text[i]) {
                    i += 1;
                }
                while i < self.text.len() && word(self.text[i]) {
                    i += 1;
                }
                self.cursor = i;
            }
            Edit::KillToStart => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            Edit::KillWordBack => {
                // Like a shell's Ctrl-W: the spaces before the cursor, then the word.
                let mut i = self.cursor;
                while i > 0 && self.text[i - 1].is_whitespace() {
                    i -= 1;
                }
                while i > 0 && !self.text[i - 1].is_whitespace() {
                    i -= 1;
                }
                self.text.drain(i..self.cursor);
                self.cursor = i;
            }
        }
    }

    fn word_start(&self, word: impl Fn(char) -> bool) -> usize {
        let mut i = self.cursor;
        while i > 0 && !word(self.text[i - 1]) {
            i -= 1;
        }
        while i > 0 && word(self.text[i - 1]) {
            i -= 1;
        }
        i
    }

    /// Remembers a submitted answer (not twice in a row) and empties the field.
    pub fn commit(&mut self) -> String {
        let s = self.text();
        if !s.trim().is_empty() && self.history.last() != Some(&s) {
            self.history.push(s.clone());
        }
        self.clear();
        s
    }

    /// Up: the previous answer.
    pub fn older(&mut self) {
        if self.history.is_empty() {
            return;
        }
        let i = match self.recall {
            None => {
                self.draft = self.text();
                self.history.len() - 1
            }
            Some(i) => i.saturating_sub(1),
        };
        self.recall = Some(i);
        let s = self.history[i].clone();
        self.set(&s);
    }

    /// Down: the next answer, then back to what was being typed.
    pub fn newer(&mut self) {
        let Some(i) = self.recall else { return };
        if i + 1 < self.history.len() {
            self.recall = Some(i + 1);
            let s = self.history[i + 1].clone();
            self.set(&s);
        } else {
            self.recall = None;
            let d = std::mem::take(&mut self.draft);
            self.set(&d);
        }
    }

    /// The field as a line of at most `width` columns, scrolled to keep the
    /// cursor in view; the cursor is a reversed cell when `focused`.
    pub fn line(&self, width: usize, focused: bool, t: &Theme) -> Line<'static> {
        let width = width.max(4);
        let start = (self.cursor + 1).saturating_sub(width);
        let mut spans = Vec::new();
        let end = (start + width).min(self.text.len());
        let before: String = self.text[start..self.cursor.max(start)].iter().collect();
        spans.push(Span::styled(before, t.text()));
        if focused {
            let at = self.text.get(self.cursor).copied().unwrap_or(' ');
            spans.push(Span::styled(at.to_string(), t.selected()));
            if self.cursor < end {
                let after: String = self.text[self.cursor + 1..end].iter().collect();
                spans.push(Span::styled(after, t.text()));
            }
        } else if self.cursor < end {
            let after: String = self.text[self.cursor..end].iter().collect();
            spans.push(Span::styled(after, t.text()));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut f = Field::default();
        for c in "0.35".chars() {
            f.insert(c);
        }
        f.home();
        f.delete();
        f.end();
        f.left();
        f.backspace();
        assert_eq!(f.text(), ".5");
        f.insert('3');
        assert_eq!(f.text(), ".35");
    }

    #[test]
    fn readline_edits() {
        let mut f = Field::default();
        f.set("0.5 * ln(0.5/0.25) bits");
        f.edit(Edit::WordLeft);
        assert_eq!(f.cursor(), 19);
        f.edit(Edit::WordLeft);
        assert_eq!(f.cursor(), 13);
        f.edit(Edit::WordRight);
        assert_eq!(f.cursor(), 17);
        f.end();
        f.edit(Edit::KillWordBack);
        assert_eq!(f.text(), "0.5 * ln(0.5/0.25) ");
        f.edit(Edit::KillWordBack);
        assert_eq!(f.text(), "0.5 * ");
        f.home();
        f.edit(Edit::WordRight);
        assert_eq!(f.cursor(), 3);
        f.edit(Edit::KillToStart);
        assert_eq!((f.text().as_str(), f.cursor()), (" * ", 0));
        f.edit(Edit::KillWordBack);
        f.edit(Edit::WordLeft);
        assert_eq!((f.text().as_str(), f.cursor()), (" * ", 0));
    }

    #[test]
    fn history_recalls_and_returns_to_the_draft() {
        let mut f = Field::default();
        f.set("1");
        f.commit();
        f.set("2");
        f.commit();
        f.set("dra");
        f.older();
        assert_eq!(f.text(), "2");
        f.older();
        f.older();
        assert_eq!(f.text(), "1");
        f.newer();
        assert_eq!(f.text(), "2");
        f.newer();
        assert_eq!(f.text(), "dra");
    }
}
