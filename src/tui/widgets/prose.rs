//! Lays out lesson prose as terminal lines: word wrapping that keeps each
//! span's emphasis, bullets with hanging indents, quotes, code and display
//! math. Wrapping is done here, not by `Paragraph`, so that the reader knows
//! exactly how many lines a section takes (for scrolling and the outline).

use crate::lesson::model::{Block, Span as LSpan};
use crate::tui::theme::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// One styled word (or space-free run) to place.
struct Word {
    text: String,
    style: Style,
    /// Whether a space separated it from the previous word.
    space_before: bool,
}

fn span_style(s: &LSpan, t: &Theme) -> Style {
    match s {
        LSpan::Text(_) => t.text(),
        LSpan::Emph(_) => t.text().add_modifier(Modifier::ITALIC),
        LSpan::Strong(_) => t.text().add_modifier(Modifier::BOLD),
        LSpan::Code(_) => t.key(),
        LSpan::Math(_) => t.series_a(),
        LSpan::Value(_) => t.good(),
    }
}

fn words(spans: &[LSpan], t: &Theme) -> Vec<Word> {
    let mut out = Vec::new();
    let mut pending_space = false;
    for s in spans {
        let style = span_style(s, t);
        // Formulas and values stay whole where they fit: split them only at spaces too.
        let text = t.spell(s.text());
        let mut first = true;
        for (i, piece) in text.split(' ').enumerate() {
            if i > 0 {
                pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            out.push(Word {
                text: piece.to_string(),
                style,
                space_before: pending_space && !(first && out.is_empty()),
            });
            pending_space = false;
            first = false;
        }
        if text.ends_with(' ') {
            pending_space = true;
        }
    }
    out
}

/// Wraps words into lines of at most `width` columns; the first line starts
/// with `first_prefix`, the others with `rest_prefix` (a hanging indent).
fn wrap(
    ws: Vec<Word>,
    width: usize,
    first_prefix: Span<'static>,
    rest_prefix: Span<'static>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut cur: Vec<Span<'static>> = vec![first_prefix.clone()];
    let mut used = first_prefix.width();
    let indent = rest_prefix.width();
    let mut line_empty = true;
    // A word glued to the next one ("**support**," is "support" then ",")
    // must not be split from it: break before the whole run or not at all.
    let mut run = vec![0; ws.len()];
    let mut acc = 0;
    for i in (0..ws.len()).rev() {
        acc += ws[i].text.width();
        run[i] = acc;
        if ws[i].space_before {
            acc = 0;
        }
    }
    for (i, w) in ws.into_iter().enumerate() {
        let glued = !w.space_before && !line_empty;
        let need = run[i] + usize::from(w.space_before && !line_empty);
        if !line_empty && !glued && used + need > width {
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur.push(rest_prefix.clone());
            used = indent;
            line_empty = true;
        }
        if w.space_before && !line_empty {
            cur.push(Span::raw(" "));
            used += 1;
        }
        // A word longer than a whole line is broken by characters.
        let mut text = w.text;
        while used + text.width() > width && width > indent + 1 {
            let room = width - used;
            let mut cut = 0;
            let mut cols = 0;
            for (i, c) in text.char_indices() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if cols + cw > room {
                    break;
                }
                cols += cw;
                cut = i + c.len_utf8();
            }
            if cut == 0 {
                lines.push(Line::from(std::mem::take(&mut cur)));
                cur.push(rest_prefix.clone());
                used = indent;
                continue;
            }
            cur.push(Span::styled(text[..cut].to_string(), w.style));
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur.push(rest_prefix.clone());
            used = indent;
            text = text[cut..].to_string();
        }
        used += text.width();
        cur.push(Span::styled(text, w.style));
        line_empty = false;
    }
    lines.push(Line::from(cur));
    lines
}

/// Lines for a run of prose blocks at a given width, a blank line between blocks.
pub fn render(blocks: &[Block], width: usize, t: &Theme) -> Vec<Line<'static>> {
    let width = width.max(10);
    let mut out: Vec<Line<'static>> = Vec::new();
    for b in blocks {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        match b {
            Block::Heading { text, .. } => {
                let ws = words(text, t)
                    .into_iter()
                    .map(|w| Word {
                        style: t.title(),
                        ..w
                    })
                    .collect();
                out.extend(wrap(ws, width, Span::raw(""), Span::raw("")));
            }
            Block::Paragraph(spans) => {
                out.extend(wrap(words(spans, t), width, Span::raw(""), Span::raw("")));
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let bullet = if *ordered {
                        format!("{}. ", i + 1)
                    } else {
                        format!("{} ", t.sym("•", "-"))
                    };
                    let pad = " ".repeat(bullet.width() + 1);
                    out.extend(wrap(
                        words(item, t),
                        width,
                        Span::styled(format!(" {bullet}"), t.dim()),
                        Span::raw(pad),
                    ));
                }
            }
            Block::Quote(spans) => {
                let bar = Span::styled(format!("{} ", t.sym("│", "|")), t.dim());
                out.extend(wrap(words(spans, t), width, bar.clone(), bar));
            }
            Block::Code { text, .. } => {
                for l in t.spell(text).lines() {
                    out.push(Line::from(Span::styled(format!("    {l}"), t.key())));
                }
            }
            Block::Math(m) => {
                // A formula wider than the panel wraps at its spaces, not mid-symbol.
                let ws = t
                    .spell(m)
                    .split(' ')
                    .filter(|p| !p.is_empty())
                    .enumerate()
                    .map(|(i, p)| Word {
                        text: p.to_string(),
                        style: t.series_a(),
                        space_before: i > 0,
                    })
                    .collect();
                out.extend(wrap(ws, width, Span::raw("    "), Span::raw("      ")));
            }
        }
    }
    out
}

/// Rows `text` takes when word-wrapped to `width` columns (a word longer
/// than the width is cut across rows, as ratatui's wrap does).
pub fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut col = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        let need = if col == 0 { w } else { col + 1 + w };
        if need <= width {
            col = need;
        } else {
            if col > 0 {
                rows += 1;
            }
            col = w;
            while col > width {
                rows += 1;
                col -= width;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_width_keeping_words() {
        let b = vec![Block::Paragraph(vec![LSpan::Text(
            "the quick brown fox jumps over the lazy dog".into(),
        )])];
        let lines = text(&render(&b, 16, &Theme::FULL));
        assert!(lines.iter().all(|l| l.width() <= 16), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "the quick brown fox jumps over the lazy dog"
        );
    }

    #[test]
    fn emphasis_and_math_keep_their_spacing() {
        let b = vec![Block::Paragraph(vec![
            LSpan::Text("KL is ".into()),
            LSpan::Strong("never".into()),
            LSpan::Text(" negative: ".into()),
            LSpan::Math("D(P‖Q) ≥ 0".into()),
            LSpan::Text(".".into()),
        ])];
        let lines = text(&render(&b, 80, &Theme::FULL));
        assert_eq!(lines, vec!["KL is never negative: D(P‖Q) ≥ 0."]);
    }

    #[test]
    fn list_items_hang() {
        let b = vec![Block::List {
            ordered: false,
            items: vec![vec![LSpan::Text("one two three four five".into())]],
        }];
        let lines = text(&render(&b, 12, &Theme::PLAIN));
        assert!(lines[0].starts_with(" - "), "{lines:?}");
        assert!(lines[1].starts_with("   "), "{lines:?}");
    }

    #[test]
    fn overlong_words_break_instead_of_overflowing() {
        let b = vec![Block::Paragraph(vec![LSpan::Text("x".repeat(50))])];
        let lines = text(&render(&b, 20, &Theme::FULL));
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(lines.concat().len(), 50);
    }

    #[test]
    fn punctuation_after_emphasis_stays_on_its_word() {
        let b = vec![Block::Paragraph(vec![
            LSpan::Text("aaaa bbbb ".into()),
            LSpan::Strong("support".into()),
            LSpan::Text(", and more".into()),
        ])];
        // "aaaa bbbb support" fills 17 columns: the comma cannot follow it.
        let lines = text(&render(&b, 17, &Theme::FULL));
        assert_eq!(lines, vec!["aaaa bbbb", "support, and more"]);
    }

    #[test]
    fn wrapped_rows_counts_word_wrapped_rows() {
        assert_eq!(super::wrapped_rows("", 10), 1);
        assert_eq!(super::wrapped_rows("one two", 7), 1);
        assert_eq!(super::wrapped_rows("one two", 6), 2);
        // "aaaa bbbb cccc" at 9: "aaaa bbbb" then "cccc".
        assert_eq!(super::wrapped_rows("aaaa bbbb cccc", 9), 2);
        // A word longer than the width is cut across rows.
        assert_eq!(super::wrapped_rows("abcdefghij", 4), 3);
    }
}
