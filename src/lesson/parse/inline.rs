//! Inline Markdown: emphasis, code, `$math$` and `{{engine values}}` in a
//! run of text, each with its file position for errors.

use super::*;

/// Parses inline Markdown over lines joined by spaces, reporting errors at
/// the right line and column.
pub(super) fn inline(ctx: &mut Ctx, pieces: &[Piece]) -> Vec<Span> {
    // Joined text, and for each char its (line, column).
    let mut chars = Vec::new();
    let mut pos = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        if k > 0 {
            chars.push(' ');
            pos.push((p.line, p.col));
        }
        for (j, c) in p.text.chars().enumerate() {
            chars.push(c);
            pos.push((p.line, p.col + j + 1));
        }
    }
    let at = |i: usize| pos.get(i).or(pos.last()).copied().unwrap_or((1, 1));
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    // Searches only move forward, so once no closing `**` follows some
    // position, none follows any later one: remember that, or a line of
    // unclosed `**` would take quadratic time.
    let mut no_strong_close = false;
    let flush = |text: &mut String, spans: &mut Vec<Span>| {
        if !text.is_empty() {
            spans.push(Span::Text(std::mem::take(text)));
        }
    };
    let find = |from: usize, pat: &[char]| -> Option<usize> {
        (from..chars.len())
            .find(|&j| chars[j..].starts_with(pat) && (j == 0 || chars[j - 1] != '\\'))
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && "\\`*_{}[]()#+-.!$>".contains(chars[i + 1]) {
            text.push(chars[i + 1]);
            i += 2;
        } else if c == '`' {
            let Some(end) = find(i + 1, &['`']) else {
                let (l, col) = at(i);
                ctx.error(l, col, "unterminated `code` span");
                text.extend(&chars[i..]);
                break;
            };
            flush(&mut text, &mut spans);
            spans.push(Span::Code(chars[i + 1..end].iter().collect()));
            i = end + 1;
        } else if c == '{' && chars.get(i + 1) == Some(&'{') {
            let Some(end) = find(i + 2, &['}', '}']) else {
                let (l, col) = at(i);
                ctx.error(l, col, "unterminated {{...}} engine value");
                break;
            };
            let src: String = chars[i + 2..end].iter().collect();
            let (l, col) = at(i);
            match blocks::inline_value(&src) {
                Ok(v) => {
                    flush(&mut text, &mut spans);
                    spans.push(Span::Value(v));
                }
                Err(e) => ctx.error(l, col, format!("{{{{{}}}}}: {e}", src.trim())),
            }
            i = end + 2;
        } else if c == '$' {
            let display = chars.get(i + 1) == Some(&'$');
            let delim: &[char] = if display { &['$', '$'] } else { &['$'] };
            let start = i + delim.len();
            let Some(end) = find(start, delim) else {
                let (l, col) = at(i);
                ctx.error(
                    l,
                    col,
                    format!("unterminated {} math", if display { "$$" } else { "$" }),
                );
                break;
            };
            let src: String = chars[start..end].iter().collect();
            match crate::lesson::math::render(&src) {
                Ok(r) => {
                    flush(&mut text, &mut spans);
                    spans.push(Span::Math(r));
                }
                Err(e) => {
                    let (l, col) = at(start + e.column);
                    ctx.error(l, col, format!("math: {}", e.message));
                }
            }
            i = end + delim.len();
        } else if c == '*' && chars.get(i + 1) == Some(&'*') {
            let close = if no_strong_close {
                None
            } else {
                find(i + 2, &['*', '*'])
            };
            no_strong_close = close.is_none();
            match close {
                Some(end) if end > i + 2 => {
                    flush(&mut text, &mut spans);
                    let inner: String = chars[i + 2..end].iter().collect();
                    spans.push(Span::Strong(emphasis_text(ctx, at(i + 2), &inner)));
                    i = end + 2;
                }
                _ => {
                    text.push_str("**");
                    i += 2;
                }
            }
        } else if c == '*' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            match find(i + 1, &['*']) {
                Some(end) if end > i + 1 && chars.get(end + 1) != Some(&'*') => {
                    flush(&mut text, &mut spans);
                    let inner: String = chars[i + 1..end].iter().collect();
                    spans.push(Span::Emph(emphasis_text(ctx, at(i + 1), &inner)));
                    i = end + 1;
                }
                _ => {
                    text.push('*');
                    i += 1;
                }
            }
        } else {
            text.push(c);
            i += 1;
        }
    }
    flush(&mut text, &mut spans);
    spans
}

/// Emphasised text may hold math.
pub(super) fn emphasis_text(ctx: &mut Ctx, (l, col): (usize, usize), inner: &str) -> String {
    match text::render(inner, None) {
        Ok(s) => s,
        Err(e) => {
            ctx.error(l, col + e.offset, e.message);
            inner.to_string()
        }
    }
}
