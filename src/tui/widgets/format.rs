//! How numbers from the engine are shown: rounded, never invented.

/// `sig` significant digits, plain notation where readable; `∞` for infinity.
pub fn sig(v: f64, sig: usize, ascii: bool) -> String {
    if v.is_infinite() {
        let inf = if ascii { "inf" } else { "∞" };
        return if v > 0.0 {
            inf.to_string()
        } else {
            format!("-{inf}")
        };
    }
    if v.is_nan() {
        return "undefined".to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let mag = v.abs().log10().floor() as i32;
    if !(-4..7).contains(&mag) {
        return format!("{:.*e}", sig.saturating_sub(1), v);
    }
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    format!("{v:.decimals$}")
}

/// A parameter with a fixed number of decimals (a slider's position, not a
/// computed value): `0.00`, never `-0.00` or `7.5e-8` after a fit lands on 0.
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return sig(v, 3, true);
    }
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A value with its unit.
pub fn with_unit(v: f64, sig_digits: usize, unit: &str, ascii: bool) -> String {
    crate::engine::Base::amount(&sig(v, sig_digits, ascii), unit)
}

/// Text for an ASCII-only terminal (`--ascii`): the few non-ASCII symbols
/// the labs print, spelled out; unchanged otherwise.
pub fn text(s: &str, ascii: bool) -> String {
    if !ascii || s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '‖' => out.push_str("||"),
            '≠' => out.push_str("!="),
            '≈' => out.push('~'),
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '↑' => out.push('^'),
            '↓' => out.push('v'),
            '∞' => out.push_str("inf"),
            '•' => out.push('-'),
            '−' | '–' | '—' => out.push('-'),
            '·' => out.push('*'),
            'σ' => out.push_str("sigma"),
            'μ' => out.push_str("mu"),
            'θ' => out.push_str("theta"),
            'δ' => out.push_str("shift"),
            '²' => out.push_str("^2"),
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_significant_digits() {
        assert_eq!(sig(0.5310044064107188, 4, false), "0.5310");
        assert_eq!(sig(0.0230883123408385, 3, false), "0.0231");
        assert_eq!(sig(12.345, 3, false), "12.3");
        assert_eq!(sig(f64::INFINITY, 3, false), "∞");
        assert_eq!(sig(f64::INFINITY, 3, true), "inf");
        assert_eq!(sig(1.5e-7, 2, false), "1.5e-7");
        assert_eq!(text("D(P‖Q) ≠ ∞", true), "D(P||Q) != inf");
        assert_eq!(text("D(P‖Q)", false), "D(P‖Q)");
        assert_eq!(fixed(-7.5e-8, 2), "0.00");
        assert_eq!(fixed(-0.5, 2), "-0.50");
    }
}
