//! Text in lesson blocks: `{placeholder}` filling, `$math$` rendering and
//! number formatting, shared by examples, problems and prose so that every
//! number a learner reads is formatted one way.

use super::math;

/// Where and why a piece of text did not render; `offset` is a character
/// offset into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub offset: usize,
    pub message: String,
}

/// Formats `v` with `digits` significant digits (at least 1): `0.531`,
/// `12.3`, `∞`. No exponent notation, which learners misread, for any value a
/// lesson shows (1e-9 up to 1e15); beyond that the plain form would print 0
/// (2.5e-301 as 0.0000…) or hundreds of digits, so there it is `2.500e-301`.
pub fn fmt_sig(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = digits.clamp(1, 17) as i32;
    let magnitude = v.abs().log10().floor() as i32;
    if !(PLAIN_FROM..PLAIN_TO).contains(&magnitude) {
        return format!("{v:.prec$e}", prec = (digits - 1) as usize);
    }
    let decimals = (digits - 1 - magnitude).clamp(0, 20) as usize;
    let s = format!("{v:.decimals$}");
    // Rounding can carry into a new digit (0.099996 -> 0.10000); drop the extra zero.
    let carried = s
        .parse::<f64>()
        .is_ok_and(|r| r.abs() >= 10f64.powi(magnitude + 1));
    if carried && decimals > 0 {
        return format!("{v:.prec$}", prec = decimals - 1);
    }
    s
}

/// An input value as typed: the shortest decimal that round-trips.
/// Values computed from inputs (a Bernoulli row `1 - p`) are cleaned of float
/// noise first, so `1 - 0.7` shows as `0.3`, not `0.30000000000000004`.
///
/// An input an author would write (at most 6 decimals, like `0.37` or
/// `0.125`) prints as written; a value with more digits than that (a share
/// `1/6` after `normalize`, an input typed with 12 decimals) prints with 4
/// significant digits (`0.1667`), the digits a person reads, never
/// `0.166666666667`. The full value is only ever shown where it is the answer.
pub fn fmt_input(v: f64) -> String {
    if v != 0.0
        && v.is_finite()
        && !(PLAIN_FROM..PLAIN_TO).contains(&(v.abs().log10().floor() as i32))
    {
        // Shortest round-trip digits in exponent form: 1e-300, not 301
        // digits; float noise (1 − 0.9999999999) to 4 significant digits.
        let s = format!("{v:e}");
        let digits = s
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        return if digits > 6 { fmt_short(v, 4) } else { s };
    }
    if v.is_finite() && v.abs() >= 1e-6 && v.abs() < 1e6 {
        let six = (v * 1e6).round() / 1e6;
        if (six - v).abs() <= 1e-12 * v.abs().max(1.0) {
            return format!("{six}");
        }
        return fmt_short(v, 4);
    }
    format!("{v}")
}

/// [`fmt_sig`] without trailing zeros: `0.7`, not `0.7000`, for values in the
/// middle of a computation (a total keeps its zeros to show its precision).
pub fn fmt_short(v: f64, digits: usize) -> String {
    let s = fmt_sig(v, digits);
    let (mantissa, exponent) = match s.find('e') {
        Some(i) => s.split_at(i),
        None => (s.as_str(), ""),
    };
    if mantissa.contains('.') {
        format!(
            "{}{exponent}",
            mantissa.trim_end_matches('0').trim_end_matches('.')
        )
    } else {
        s
    }
}

/// A positive number given by its natural log, for one that is beyond the
/// double range (a ratio P/Q of 1e323): `1.000e323`, from the log alone.
pub fn fmt_from_ln(ln: f64, digits: usize) -> String {
    let l10 = ln / std::f64::consts::LN_10;
    let e = l10.floor();
    let m = 10f64.powf(l10 - e);
    let prec = digits.clamp(1, 17) - 1;
    // Rounding the mantissa can carry to 10.0: renormalise.
    let (m, e) = if format!("{m:.prec$}").starts_with("10") {
        (m / 10.0, e + 1.0)
    } else {
        (m, e)
    };
    format!("{m:.prec$}e{e}")
}

/// A ratio as shown: its value, or from its log when it overflows (the log,
/// in nats, is what the term uses and stays finite).
pub fn fmt_ratio(ratio: f64, ln: f64, digits: usize) -> String {
    if ratio.is_infinite() && ln.is_finite() {
        fmt_from_ln(ln, digits)
    } else {
        fmt_sig(ratio, digits)
    }
}

/// Decimal exponents shown in plain notation, `10^PLAIN_FROM ..= 10^(PLAIN_TO − 1)`.
const PLAIN_FROM: i32 = -9;
const PLAIN_TO: i32 = 15;

/// A vector of inputs as `[0.6, 0.3, 0.1]`.
pub fn fmt_vec(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| fmt_input(*x)).collect();
    format!("[{}]", parts.join(", "))
}

/// A value with its unit: `0.531 bits`, or just the number for unitless measures.
pub fn fmt_value(v: f64, digits: usize, unit: &str) -> String {
    crate::engine::Base::amount(&fmt_sig(v, digits), unit)
}

/// Supplies a placeholder's text, or `None` for a name it does not know.
pub type Fill<'a> = &'a dyn Fn(&Placeholder) -> Option<String>;

/// One `{name}` or `{name:digits}` placeholder.
pub struct Placeholder<'a> {
    pub name: &'a str,
    pub digits: Option<usize>,
}

/// Renders lesson text: `$...$` spans become Unicode math; outside them,
/// `{name}` and `{name:3}` are replaced by `fill` (which returns `None` for an
/// unknown name, an error). Braces that do not hold a placeholder-shaped name
/// (`{a, b}`) are left alone. With `fill = None` no placeholders are expected.
///
/// The text is sanitized first: strings decoded from TOML may carry escape
/// sequences written as `\u001b` that the file-level pass could not see.
pub fn render(text: &str, fill: Option<Fill>) -> Result<String, TextError> {
    let chars: Vec<char> = super::sanitize::sanitize(text).chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&'$') {
            out.push('$');
            i += 2;
        } else if c == '$' {
            let display = chars.get(i + 1) == Some(&'$');
            let open = if display { 2 } else { 1 };
            let start = i + open;
            let mut end = start;
            while end < chars.len() && chars[end] != '$' {
                end += 1;
            }
            if end >= chars.len() {
                return Err(TextError {
                    offset: i,
                    message: "unterminated '$' math".into(),
                });
            }
            if display && chars.get(end + 1) != Some(&'$') {
                return Err(TextError {
                    offset: i,
                    message: "unterminated '$$' math".into(),
                });
            }
            let src: String = chars[start..end].iter().collect();
            let rendered = math::render(&src).map_err(|e| TextError {
                offset: start + e.column,
                message: format!("math: {}", e.message),
            })?;
            out.push_str(&rendered);
            i = end + open;
        } else if c == '{' {
            match placeholder_at(&chars, i) {
                Some((name, digits, len)) => {
                    let ph = Placeholder {
                        name: &name,
                        digits,
                    };
                    match fill.and_then(|f| f(&ph)) {
                        Some(v) => out.push_str(&v),
                        None if fill.is_none() => out.extend(&chars[i..i + len]),
                        None => {
                            return Err(TextError {
                                offset: i,
                                message: format!("unknown placeholder {{{name}}}"),
                            });
                        }
                    }
                    i += len;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

/// Recognises `{name}` / `{name:digits}` at `i`: returns the name, the digits
/// and the placeholder's length in characters.
fn placeholder_at(chars: &[char], i: usize) -> Option<(String, Option<usize>, usize)> {
    let mut j = i + 1;
    let mut name = String::new();
    while let Some(&c) = chars.get(j) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
            name.push(c);
            j += 1;
        } else {
            break;
        }
    }
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let mut digits = None;
    if chars.get(j) == Some(&':') {
        j += 1;
        let mut d = String::new();
        while let Some(&c) = chars.get(j).filter(|c| c.is_ascii_digit()) {
            d.push(c);
            j += 1;
        }
        digits = Some(d.parse().ok().filter(|d| (1..=12).contains(d))?);
    }
    (chars.get(j) == Some(&'}')).then_some((name, digits, j + 1 - i))
}

/// Character offsets of ASCII digits typed outside `$math$` and placeholders:
/// in example text every number should come from the engine.
pub fn typed_digits(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_math = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '$' {
            in_math = !in_math;
        } else if !in_math && c == '{' {
            if let Some((_, _, len)) = placeholder_at(&chars, i) {
                i += len;
                continue;
            }
        } else if !in_math && c.is_ascii_digit() {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_print_without_float_noise() {
        assert_eq!(fmt_input(1.0 - 0.7), "0.3");
        assert_eq!(fmt_input(0.37), "0.37");
        assert_eq!(fmt_input(-2.5), "-2.5");
        assert_eq!(fmt_vec(&[0.5, 0.25]), "[0.5, 0.25]");
        // Shares with more digits than an author types: 4 significant digits.
        assert_eq!(fmt_input(1.0 / 6.0), "0.1667");
        assert_eq!(fmt_input(2.0 / 3.0), "0.6667");
        assert_eq!(fmt_input(0.123456), "0.123456");
        assert_eq!(fmt_input(1.0 / 3.0 * 3.0), "1");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(fmt_sig(0.531_004, 3), "0.531");
        assert_eq!(fmt_sig(0.531_004, 4), "0.5310");
        assert_eq!(fmt_sig(12.345, 3), "12.3");
        assert_eq!(fmt_sig(1234.5, 3), "1234");
        assert_eq!(fmt_sig(-0.000_123_45, 2), "-0.00012");
        assert_eq!(fmt_sig(0.099_996, 4), "0.1000");
        assert_eq!(fmt_sig(0.0, 4), "0");
        assert_eq!(fmt_sig(f64::INFINITY, 4), "∞");
    }

    /// Far outside what a lesson shows, exponent notation rather than a
    /// plain form that reads 0 or runs to hundreds of digits.
    #[test]
    fn extremes_use_exponents() {
        assert_eq!(fmt_sig(2.5e-301, 4), "2.500e-301");
        assert_eq!(fmt_short(2.5e-301, 4), "2.5e-301");
        assert_eq!(fmt_short(1e300, 4), "1e300");
        assert_eq!(fmt_short(-1.25e-20, 4), "-1.25e-20");
        assert_eq!(fmt_sig(1.5e-9, 2), "0.0000000015");
        assert_eq!(fmt_input(1e308), "1e308");
        assert_eq!(fmt_input(-1.7e308), "-1.7e308");
        assert_eq!(fmt_input(5e-324), "5e-324");
        assert_eq!(fmt_input(1e-7), "0.0000001");
        assert_eq!(fmt_input(2_000_000.0), "2000000");
        assert_eq!(fmt_from_ln(323.0 * std::f64::consts::LN_10, 4), "1.000e323");
        assert_eq!(fmt_ratio(f64::INFINITY, 745.0, 3), "3.54e323");
        assert_eq!(fmt_ratio(2.5, 2.5f64.ln(), 3), "2.50");
    }

    #[test]
    fn placeholders_and_math() {
        let fill = |p: &Placeholder| match (p.name, p.digits) {
            ("value", None) => Some("0.531 bits".to_string()),
            ("value", Some(d)) => Some(format!("{d} digits")),
            _ => None,
        };
        let f: &dyn Fn(&Placeholder) -> Option<String> = &fill;
        assert_eq!(
            render("It is {value}, or {value:2}; $x_{i}$ and {a, b}.", Some(f)).unwrap(),
            "It is 0.531 bits, or 2 digits; xᵢ and {a, b}."
        );
        let e = render("oops {valu}", Some(f)).unwrap_err();
        assert_eq!(e.offset, 5);
        assert!(e.message.contains("{valu}"));
        let e = render("a $\\frac{1}{2$", None).unwrap_err();
        assert!(e.message.starts_with("math:"));
        assert_eq!(render("costs \\$5", None).unwrap(), "costs $5");
        assert!(render("half $x", None).is_err());
    }

    #[test]
    fn digits_typed_by_hand() {
        assert_eq!(typed_digits("about {value} per toss"), None);
        assert_eq!(typed_digits("with $\\log_2$"), None);
        assert_eq!(typed_digits("about 0.53 bits"), Some(6));
        assert_eq!(typed_digits("weight {p2:3} of 10"), Some(17));
    }
}
