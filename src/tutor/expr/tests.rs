//! The answer parser's behaviour, one concern per test.

use super::*;

fn val(s: &str) -> f64 {
    match parse_answer(s) {
        Ok(a) => a.value,
        Err(e) => panic!("{s:?}: {e}\n{}", e.caret(s)),
    }
}

fn err(s: &str) -> AnswerError {
    parse_answer(s).expect_err(s)
}

#[test]
fn numbers() {
    assert_eq!(val("0.531"), 0.531);
    assert_eq!(val("5.31e-1"), 0.531);
    assert_eq!(val("5.31E-1"), 0.531);
    assert_eq!(val(".5"), 0.5);
    assert_eq!(val("5."), 5.0);
    assert_eq!(val("1/3"), 1.0 / 3.0);
    assert!(val("-0").is_sign_negative());
    assert_eq!(val("  −0.25 "), -0.25);
    assert_eq!(val("1e3"), 1000.0);
}

#[test]
fn digits_count_significant_figures_of_plain_numbers() {
    let d = |s: &str| parse_answer(s).unwrap().digits;
    assert_eq!(d("0.531"), 3);
    assert_eq!(d("5.31e-1"), 3);
    assert_eq!(d("0.50"), 2);
    assert_eq!(d("-0.0053"), 2);
    assert_eq!(d("0"), 1);
    assert_eq!(d("120"), 3);
    assert_eq!(d("0.53 bits"), 2);
    assert_eq!(d("1/3"), 0);
    assert_eq!(d("inf"), 0);
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(val("-2^2"), -4.0);
    assert_eq!(val("(-2)^2"), 4.0);
    assert_eq!(val("2^3^2"), 512.0);
    assert_eq!(val("2^-1"), 0.5);
    assert_eq!(val("2^-3^2"), 2f64.powf(-9.0));
    assert_eq!(val("1-2-3"), -4.0);
    assert_eq!(val("8/4/2"), 1.0);
    assert_eq!(val("2*3+4*5"), 26.0);
    assert_eq!(val("2+3*4^2"), 50.0);
    assert_eq!(val("2*-3"), -6.0);
    assert_eq!(val("1--1"), 2.0);
    assert_eq!(val("2**3"), 8.0);
}

#[test]
fn functions_and_constants() {
    assert_eq!(val("ln(e)"), 1.0);
    assert_eq!(val("log(8)"), 8f64.ln());
    assert_eq!(val("log2(8)"), 3.0);
    assert_eq!(val("LOG10(1000)"), 3.0);
    assert_eq!(val("exp(0)"), 1.0);
    assert_eq!(val("sqrt(16)"), 4.0);
    assert_eq!(val("abs(-3)"), 3.0);
    assert_eq!(val("π"), std::f64::consts::PI);
    assert_eq!(val("2×pi"), 2.0 * std::f64::consts::PI);
    assert_eq!(val("3·2"), 6.0);
    let kl = 0.9 * (0.9f64 / 0.5).log2() + 0.1 * (0.1f64 / 0.5).log2();
    assert_eq!(val("0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)"), kl);
}

#[test]
fn infinity() {
    for s in ["inf", "∞", "infinity", "Infinity", "+inf", "INF bits"] {
        assert_eq!(val(s), f64::INFINITY, "{s}");
    }
    assert_eq!(val("-inf"), f64::NEG_INFINITY);
}

#[test]
fn units() {
    let u = |s: &str| parse_answer(s).unwrap().unit;
    assert_eq!(u("0.37 nats"), Some(Base::E));
    assert_eq!(u("0.37nat"), Some(Base::E));
    assert_eq!(u("0.531 Bits"), Some(Base::Two));
    assert_eq!(u("1 bit"), Some(Base::Two));
    assert_eq!(u("0.16 hartleys"), Some(Base::Ten));
    assert_eq!(u("0.531"), None);
    assert_eq!(u("ln(2) nats"), Some(Base::E));
    assert_eq!(val("ln(2) nats"), 2f64.ln());
    assert_eq!(err("bits").position, 0);
    assert_eq!(err("2 bits + 1").position, 2);
    assert_eq!(err("2 + bits").position, 4);
    assert_eq!(err("(2 bits").position, 0);
    assert!(err("(2 bits").message.contains("column 1 is never closed"));
}

#[test]
fn nan_is_an_error_at_the_operation() {
    let e = err("0/0");
    assert_eq!(e.position, 1);
    assert!(e.message.contains("NaN"), "{}", e.message);
    let e = err("1 + ln(-1)");
    assert_eq!(e.position, 4);
    assert!(e.message.contains("NaN"));
    assert_eq!(err("sqrt(-4)").position, 0);
    assert_eq!(err("inf - inf").position, 4);
    assert_eq!(err("(-8)^(1/3)").position, 4);
    // NaN^0 is 1 in IEEE arithmetic, but the NaN is still reported.
    assert!(err("(0/0)^0").message.contains("NaN"));
}

#[test]
fn errors_point_at_the_problem() {
    let e = err("2ln(2)");
    assert_eq!(e.position, 1);
    assert!(e.message.contains("'2' and 'ln'"), "{}", e.message);
    assert!(e.message.contains("2*ln(2)"));
    assert_eq!(err("2(3)").position, 1);
    assert_eq!(err("(1+2").position, 0);
    assert_eq!(err("1+2)").position, 3);
    assert_eq!(err("1+").position, 2);
    assert_eq!(err("").position, 0);
    assert_eq!(err("   ").position, 3);
    assert_eq!(err("0,531").position, 1);
    assert_eq!(err("1.2.3").position, 3);
    assert_eq!(err("1 $ 2").position, 2);
    assert_eq!(err("ln 2").position, 3);
    assert_eq!(err("ln").position, 2);
    assert!(err("ln2").message.contains("ln(2)"));
    assert_eq!(err("foo(1)").position, 0);
    assert_eq!(err("*3").position, 0);
    assert_eq!(err("−(1×)").position, 4);
}

/// A message that names a column names the caret's column (the first
/// column named, when it names two).
#[test]
fn a_named_column_is_the_caret_column() {
    for input in [
        "(1+2",
        "2*(1+2 3)",
        "((1)",
        "ln(2",
        "(2 bits",
        "1+(2*3",
        "2^(1",
    ] {
        let e = err(input);
        if let Some(i) = e.message.find("column ") {
            let n: usize = e.message[i + 7..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap();
            assert_eq!(n, e.position + 1, "{input}: {}", e.message);
        }
    }
}

#[test]
fn caret_sits_under_the_position() {
    let input = "0.5 + 2ln(2)";
    let e = err(input);
    assert_eq!(e.caret(input), "0.5 + 2ln(2)\n       ^");
    let input = "(1+2";
    assert_eq!(err(input).caret(input), "(1+2\n^");
    let input = "2*(1+2 3)";
    assert_eq!(err(input).caret(input), "2*(1+2 3)\n       ^");
}

#[test]
fn bounds() {
    let long = "1".repeat(MAX_LEN + 1);
    assert_eq!(err(&long).position, MAX_LEN);
    let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(val(&ok), 1.0);
    let deep = format!(
        "{}1{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(err(&deep).position, MAX_DEPTH);
    // Long runs of signs and powers do not recurse.
    assert_eq!(val(&format!("{}1", "-".repeat(MAX_LEN - 1))), -1.0);
    assert_eq!(val(&format!("{}1", "1^".repeat(200))), 1.0);
}

/// Only inf/∞ means infinity: overflow and division by zero are errors
/// naming what happened, at the operator or function at fault.
#[test]
fn overflow_and_division_by_zero_are_errors() {
    for (s, what, at) in [
        ("1e400", "overflows", 0),
        ("exp(1000)", "overflows", 0),
        ("1/0", "division by zero", 1),
        ("2*(1/0)", "division by zero", 4),
        ("1e300*1e300", "overflows", 5),
        ("ln(0)", "division by zero", 0),
        ("log2(0) bits", "division by zero", 0),
        ("0^-1", "division by zero", 1),
        ("10^400", "overflows", 2),
        ("1e308+1e308", "overflows", 5),
    ] {
        let e = err(s);
        assert!(e.message.contains(what), "{s}: {e}");
        assert!(e.message.contains("inf or ∞"), "{s}: {e}");
        assert_eq!(e.position, at, "{s}: {e}");
    }
    assert_eq!(val("inf"), f64::INFINITY);
    assert_eq!(val("-inf"), f64::NEG_INFINITY);
    assert_eq!(val("1/inf"), 0.0);
    assert_eq!(val("inf*2"), f64::INFINITY);
    assert_eq!(val("exp(-1000)"), 0.0);
}
