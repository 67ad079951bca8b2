//! Lesson files are untrusted input: a user lesson could carry terminal escape
//! sequences that move the cursor, retitle the window, rewrite the clipboard
//! (OSC 52) or hide text. Everything a lesson says passes through here at
//! parse time, so no later layer can draw one of them by accident.

/// Removes terminal escape sequences (CSI, OSC, DCS and other `ESC` forms,
/// 7- and 8-bit), C0/C1 control characters and bidirectional overrides.
/// Keeps `\n`; turns a tab into one space (so columns stay put); drops `\r`.
pub fn sanitize(text: &str) -> String {
    sanitize_report(text).0
}

/// How many characters of user input an error message echoes.
pub const ECHO_CHARS: usize = 40;

/// The one function every error message built from user input passes its
/// echoed input through (`calc` arguments and `@FILE` contents, `--answer`,
/// `--base`, `--joint`, file names): escape sequences and control
/// characters are removed ([`sanitize`]; a line break becomes a space), a
/// run of more than 20 digits is shortened to its first digits and its
/// length, and the result is cut to [`ECHO_CHARS`] characters with an
/// ellipsis. A message can then neither drive the terminal (retitle it,
/// write the clipboard with OSC 52) nor grow with the input.
pub fn echo(input: &str) -> String {
    let clean = sanitize(input).replace('\n', " ");
    let mut out = String::new();
    let mut chars = clean.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut run = String::from(c);
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                run.push(d);
                chars.next();
            }
            if run.len() > 20 {
                out.push_str(&format!("{}…({} digits)", &run[..8], run.len()));
            } else {
                out.push_str(&run);
            }
        } else {
            out.push(c);
        }
    }
    if out.chars().count() > ECHO_CHARS {
        out = out.chars().take(ECHO_CHARS).collect::<String>() + "…";
    }
    out
}

/// [`sanitize`], also returning the byte offsets (in `text`) where something
/// other than a carriage return or byte-order mark was removed, so the parser
/// can warn the author.
pub fn sanitize_report(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' | '\u{feff}' => {}
            '\u{1b}' => {
                removed.push(at);
                match chars.peek().map(|&(_, c)| c) {
                    Some('[') => {
                        chars.next();
                        skip_csi(&mut chars);
                    }
                    Some(']' | 'P' | 'X' | '^' | '_') => {
                        chars.next();
                        skip_string(&mut chars);
                    }
                    Some(c) if (' '..='~').contains(&c) => {
                        // Intermediate bytes, then one final byte (e.g. ESC ( B, ESC c).
                        while let Some(&(_, c)) = chars.peek() {
                            chars.next();
                            if !(' '..='/').contains(&c) {
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
            '\u{9b}' => {
                removed.push(at);
                skip_csi(&mut chars);
            }
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                removed.push(at);
                skip_string(&mut chars);
            }
            c if is_stripped(c) => removed.push(at),
            c => out.push(c),
        }
    }
    (out, removed)
}

/// Control characters and the invisible bidi overrides that reorder text
/// ("Trojan Source"), none of which a lesson needs.
fn is_stripped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Skips a CSI sequence's parameter and intermediate bytes and its final byte.
/// Stops (without consuming) at anything that cannot belong to one, so a
/// malformed sequence cannot swallow the following text.
fn skip_csi(chars: &mut Chars) {
    while let Some(&(_, c)) = chars.peek() {
        if ('0'..='?').contains(&c) || (' '..='/').contains(&c) {
            chars.next();
        } else {
            if ('@'..='~').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// Skips an OSC/DCS-style string up to its terminator (BEL, `ESC \` or 8-bit
/// ST). An unterminated string ends at the line end, not the file end.
fn skip_string(chars: &mut Chars) {
    while let Some(&(_, c)) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek().map(|&(_, c)| c) == Some('\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        let s = "D(P‖Q) ≥ 0 — *always*.\nΣ next line";
        assert_eq!(sanitize(s), s);
    }

    #[test]
    fn strips_csi_sgr_and_cursor_moves() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("x\x1b[2J\x1b[Hy"), "xy");
        assert_eq!(sanitize("x\x1b[?25ly"), "xy");
    }

    #[test]
    fn strips_osc_with_either_terminator() {
        assert_eq!(sanitize("a\x1b]0;pwned\x07b"), "ab");
        assert_eq!(sanitize("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
        assert_eq!(
            sanitize("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),
            "alink"
        );
    }

    #[test]
    fn unterminated_osc_stops_at_line_end() {
        assert_eq!(sanitize("a\x1b]0;title\nnext"), "a\nnext");
    }

    #[test]
    fn strips_eight_bit_controls_and_other_escapes() {
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
        assert_eq!(sanitize("a\u{9d}0;t\u{9c}b"), "ab");
        assert_eq!(sanitize("a\x1bcb"), "ab");
        assert_eq!(sanitize("a\x1b(Bb"), "ab");
        assert_eq!(sanitize("trailing\x1b"), "trailing");
        assert_eq!(sanitize("trailing\x1b["), "trailing");
    }

    #[test]
    fn strips_c0_del_bidi_and_normalises_whitespace() {
        assert_eq!(sanitize("a\x00b\x07c\x08d\x7fe"), "abcde");
        assert_eq!(sanitize("l\u{202e}txet\u{2066}"), "ltxet");
        assert_eq!(sanitize("a\r\nb\tc"), "a\nb c");
        assert_eq!(sanitize("\u{feff}bom"), "bom");
    }

    #[test]
    fn reports_offsets_but_not_line_endings() {
        let (out, removed) = sanitize_report("ok\r\nx\x1b[1my");
        assert_eq!(out, "ok\nxy");
        assert_eq!(removed, vec![5]);
    }

    #[test]
    fn echo_is_inert_and_short() {
        assert_eq!(echo("0.5"), "0.5");
        let osc52 = "abc\u{1b}]52;c;aGVsbG8=\u{7}def\u{7}\u{1b}[31m";
        let e = echo(osc52);
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert_eq!(e, "abcdef");
        let long = "x".repeat(100_000);
        assert_eq!(echo(&long).chars().count(), ECHO_CHARS + 1);
        assert!(echo(&long).ends_with('…'));
        let digits = format!("1{}", "0".repeat(308));
        assert_eq!(echo(&digits), "10000000…(309 digits)");
        assert_eq!(echo("a\nb"), "a b");
    }
}
