//! `kltutor calc` as a user runs it: every figure of the seed texts, JSON
//! output, explain tables and bad input.

use std::process::Command;

fn calc(args: &str) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .arg("calc")
        .args(args.split_whitespace())
        .output()
        .expect("run kltutor");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// The value on the last line of plain output.
fn value(args: &str) -> f64 {
    let (out, err, code) = calc(args);
    assert_eq!(code, 0, "calc {args}: {err}");
    let last = out.lines().last().unwrap();
    let num = last.split_whitespace().next().unwrap();
    if num == "inf" {
        f64::INFINITY
    } else {
        num.parse().unwrap()
    }
}

fn close(got: f64, want: f64, digits_shown: i32) {
    // A figure quoted with k significant digits is within one unit of its
    // last digit (the seeds round some figures and truncate others, e.g. 0.2981
    // for 0.298164 built from rounded pieces).
    let tol = 10f64.powi(want.abs().log10().floor() as i32 - digits_shown + 1);
    assert!((got - want).abs() <= tol, "got {got}, seed says {want}");
}

#[test]
fn coin_figures_in_bits() {
    close(value("kl --p 0.9,0.1 --q 0.5,0.5 --base 2"), 0.531, 3);
    // `--unit`, the labs' spelling, is the same flag.
    assert_eq!(
        value("kl --p 0.9,0.1 --q 0.5,0.5 --unit bits"),
        value("kl --p 0.9,0.1 --q 0.5,0.5 --base 2")
    );
    close(value("kl --p 0.9,0.1 --q 0.8,0.2 --base 2"), 0.053, 2);
    close(value("kl --p 0.5,0.5 --q 0.9,0.1 --base 2"), 0.737, 3);
    close(
        value("reverse-kl --p 0.9,0.1 --q 0.5,0.5 --base 2"),
        0.737,
        3,
    );
    // Shortest round-trip digits of the exact value.
    let (out, _, _) = calc("kl --p 0.9,0.1 --q 0.5,0.5 --base 2");
    assert_eq!(out.trim(), "0.5310044064107188 bits");
}

#[test]
fn three_outcome_figure_in_nats() {
    // The seed's 0.02308831234083844 is NumPy's unnormalised sum; the exact
    // divergence of these decimals is 0.0230883123408384975 (mpmath), which
    // both agree with to 14 digits.
    let v = value("kl --p 0.6,0.3,0.1 --q 0.5,0.4,0.1");
    close(v, 0.02308831234083844, 14);
    assert!((v - 0.023_088_312_340_838_497).abs() < 1e-17);
}

#[test]
fn worked_examples_and_practice_of_the_lesson_page() {
    close(value("bernoulli --p 0.2 --q 0.02"), 0.2981, 4);
    assert_eq!(value("bernoulli --p 0.2 --q 0.2"), 0.0);
    assert_eq!(value("bernoulli --p 0.2 --q 0"), f64::INFINITY);
    close(value("bernoulli --p 0.7 --q 0.4"), 0.1838, 4);
    close(value("kl --p 0.49,0.49,0.02 --q 0.45,0.45,0.10"), 0.0513, 3);
    close(value("kl --p 0.49,0.49,0.02 --q 0.98,0.01,0.01"), 1.581, 4);
    close(
        value("reverse-kl --p 0.49,0.49,0.02 --q 0.98,0.01,0.01"),
        0.633,
        3,
    );
    // The weather example: 0.8/0.2 against 0.5/0.5.
    close(value("kl --p 0.8,0.2 --q 0.5,0.5 --base 2"), 0.2781, 4);
}

#[test]
fn other_measures() {
    close(value("entropy --p 0.9,0.1 --base 2"), 0.469, 3);
    assert_eq!(value("cross-entropy --p 0.9,0.1 --q 0.5,0.5 --base 2"), 1.0);
    assert_eq!(value("js --p 1,0 --q 0,1"), std::f64::consts::LN_2);
    assert_eq!(value("tv --p 1,0 --q 0,1"), 1.0);
    assert_eq!(value("hellinger --p 1,0 --q 0,1"), 1.0);
    assert_eq!(value("w1 --p 1,0,0 --q 0,0,1 --x 0,1,5"), 5.0);
    close(value("mi --joint 0.3,0.2;0.1,0.4"), 0.0863046, 6);
    close(
        value("gaussian --mu1 0 --sigma1 1 --mu2 1 --sigma2 2"),
        0.443147,
        6,
    );
    close(value("entropy --p 3,1 --normalize --base 2"), 0.811278, 6);
}

#[test]
fn json_shape() {
    let (out, _, code) = calc("kl --p 0.9,0.1 --q 0.5,0.5 --base 2 --json");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["measure"], "kl");
    assert_eq!(v["unit"], "bits");
    assert_eq!(v["value"].as_f64().unwrap(), 0.5310044064107188);
    let (out, _, _) = calc("kl --p 0.5,0.5 --q 1,0 --json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["value"], "inf");
}

#[test]
fn explain_points_at_the_infinite_outcome() {
    let (out, _, code) = calc("kl --p 0.5,0.3,0.2 --q 0.5,0.5,0 --explain --base 2");
    assert_eq!(code, 0);
    let row3 = out
        .lines()
        .find(|l| l.trim_start().starts_with("3 "))
        .unwrap();
    assert!(row3.contains("<- infinite"), "{out}");
    assert!(out.contains("outcome 3"), "{out}");
    assert_eq!(out.lines().last().unwrap(), "inf bits");
}

#[test]
fn explain_rows_come_from_the_engine() {
    let (out, _, _) = calc("kl --p 0.9,0.1 --q 0.5,0.5 --base 2 --explain");
    // 0.9*log2(1.8) = 0.763... and 0.1*log2(0.2) = -0.232...
    assert!(out.contains("0.763"), "{out}");
    assert!(out.contains("-0.232"), "{out}");
}

#[test]
fn values_from_a_file() {
    let dir = std::env::temp_dir().join(format!("kltutor-calc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("hist.txt");
    std::fs::write(&f, "# counts per bin\n3 5\n2, 0 # last bin empty\n").unwrap();
    let (out, err, code) = calc(&format!("entropy --p @{} --normalize", f.display()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nats"));
    std::fs::write(&f, "1 2\nx\n").unwrap();
    let (_, err, code) = calc(&format!("entropy --p @{} --normalize", f.display()));
    assert_eq!(code, 2);
    assert!(err.contains("line 2") && err.contains("\"x\""), "{err}");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    for (args, needle) in [
        (
            "kl --p 0.9,0.1 --q 0.5,abc",
            "--q: value 2 is \"abc\", not a number",
        ),
        ("kl --p 0.9,0.2 --q 0.5,0.5", "sum to"),
        ("kl --p 0.9,0.1 --q 0.5,0.25,0.25", "2 outcomes"),
        ("kl --p -0.1,1.1 --q 0.5,0.5", "value 1 is -0.1"),
        ("kl --p 0,0 --q 0.5,0.5 --normalize", "all values are zero"),
        ("kl --p 0.9,0.1 --q 0.5,0.5 --base 3", "unknown base"),
        ("bernoulli --p 1.5 --q 0.5", "[0, 1]"),
        (
            "gaussian --mu1 0 --sigma1 -1 --mu2 0 --sigma2 1",
            "positive",
        ),
        ("kl --p nan,1 --q 0.5,0.5", "value 1"),
        ("kl --p 0.5,0.5 --q @/nonexistent/file", "cannot read"),
    ] {
        let (out, err, code) = calc(args);
        assert_eq!(code, 2, "calc {args}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "calc {args}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(needle),
            "calc {args}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn answer_checks_a_hand_computation() {
    let coin = "kl --p 0.9,0.1 --q 0.5,0.5 --base 2 --json --answer";
    let run = |a: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
            .arg("calc")
            .args(coin.split_whitespace())
            .arg(a)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{a}: {}", String::from_utf8_lossy(&out.stderr)));
        (v, out.status.code().unwrap())
    };
    for (answer, correct, diagnosis, code) in [
        ("0.531", true, None, 0),
        ("0.53", true, None, 0),
        ("0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)", true, None, 0),
        ("0.52", false, None, 1),
        ("1", false, Some("cross-entropy-for-kl"), 1),
        ("0.737", false, Some("swapped-arguments"), 1),
        ("0.368", false, Some("nats-for-bits"), 1),
        ("-0.531", false, Some("sign-flipped"), 1),
        ("0.469", false, Some("entropy-for-kl"), 1),
        ("inf", false, None, 1),
    ] {
        let (v, c) = run(answer);
        assert_eq!(v["correct"], correct, "{answer}: {v}");
        assert_eq!(v["diagnosis"].as_str(), diagnosis, "{answer}: {v}");
        assert_eq!(c, code, "{answer}");
    }
    // Exactly 1 bit: "1" is right there.
    let (out, _, code) = calc("kl --p 1,0 --q 0.5,0.5 --base 2 --answer 1");
    assert_eq!(code, 0, "{out}");
    // inf is right only for an infinite value.
    let (_, _, code) = calc("kl --p 0.5,0.5 --q 1,0 --answer inf");
    assert_eq!(code, 0);
    // A malformed answer is bad input: exit 2, one line naming the position.
    let (_, err, code) = calc("kl --p 0.9,0.1 --q 0.5,0.5 --answer 0.5*/2");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --answer:") && err.contains("character"),
        "{err}"
    );
}

#[test]
fn chi2_renyi_and_mvn_subcommands() {
    // χ²: (0.4)²/0.5 · 2 = 0.64.
    assert!((value("chi2 --p 0.9,0.1 --q 0.5,0.5") - 0.64).abs() < 1e-15);
    // Rényi of order 2: ln(0.81/0.5 + 0.01/0.5) = ln 1.64.
    assert!((value("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha 2") - 1.64f64.ln()).abs() < 1e-15);
    // Order 1 is KL exactly; inf is ln max P/Q.
    assert_eq!(
        value("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha 1"),
        value("kl --p 0.9,0.1 --q 0.5,0.5")
    );
    assert!((value("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha inf") - 1.8f64.ln()).abs() < 1e-15);
    let (_, err, code) = calc("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha -0.5");
    assert_eq!(code, 2);
    assert!(err.contains("--alpha") && err.contains(">= 0"), "{err}");
    // Every refusal of --alpha names the flag and the allowed range; an
    // overflow is not the order ∞ (only `inf` is).
    for (alpha, why) in [
        ("-1", "-1 is below 0"),
        ("abc", "\"abc\" is not a number"),
        ("nan", "NaN is not a number"),
        ("1e400", "1e400 overflows a double"),
    ] {
        let (out, err, code) = calc(&format!("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha {alpha}"));
        assert_eq!((code, out.as_str()), (2, ""), "{alpha}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("error: --alpha: {why}"))
                && err.contains("Rényi divergence is a number >= 0, or inf"),
            "{err}"
        );
    }
    assert_eq!(
        value("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha Infinity"),
        value("renyi --p 0.9,0.1 --q 0.5,0.5 --alpha inf")
    );
    // 1-d mvn is the scalar Gaussian KL.
    assert_eq!(
        value("mvn --mu1 0 --cov1 1 --mu2 1 --cov2 4"),
        value("gaussian --mu1 0 --sigma1 1 --mu2 1 --sigma2 2")
    );
    for (cov2, why) in [
        ("1,2;2,1", "cov2: is not positive definite"),
        ("1,0.5;0.4,1", "cov2: is not symmetric"),
        ("1,0;0,-1", "cov2: is not positive definite"),
        ("1,0,0;0,1,0", "cov2: row 1 has 3 values"),
        ("1,0;0,1;0,0", "cov2: has 3 rows"),
        ("1;1", "cov2: row 1 has 1 values"),
    ] {
        let (out, err, code) = calc(&format!(
            "mvn --mu1 0,0 --cov1 1,0;0,1 --mu2 0,0 --cov2 {cov2}"
        ));
        assert_eq!(code, 2, "{cov2}: {out}{err}");
        assert!(err.contains(why), "{cov2}: {err}");
    }
    let (_, err, code) = calc("mvn --mu1 0,0 --cov1 1,0;0,1 --mu2 0 --cov2 1,0;0,1");
    assert_eq!(code, 2);
    assert!(err.contains("mu2"), "{err}");
    let (out, _, code) = calc("mvn --mu1 0,0 --cov1 1,0;0,1 --mu2 1,0 --cov2 1,0;0,1 --json");
    assert_eq!(code, 0);
    assert!(
        out.contains("\"measure\":\"mvn\"") && out.contains("\"value\":0.5"),
        "{out}"
    );
}

#[test]
fn explain_works_every_measure_in_text_and_json() {
    for (cmd, must) in [
        (
            "entropy --p 0.5,0.25,0.25 --base 2",
            "term P·log2(1/P) = 0.5000 bits",
        ),
        ("cross-entropy --p 0.9,0.1 --q 0.5,0.5", "ln(1/Q) = 0.6931"),
        ("js --p 0.9,0.1 --q 0.5,0.5", "M = (P + Q)/2 = [0.7, 0.3]"),
        (
            "tv --p 0.9,0.1 --q 0.5,0.5",
            "x1: |P − Q| = |0.9 − 0.5| = 0.4",
        ),
        ("hellinger --p 0.9,0.1 --q 0.5,0.5", "BC = Σ √(P·Q)"),
        (
            "w1 --p 0.5,0.5,0 --q 0,0.5,0.5 --x 0,1,3",
            "|1 − 0.5|·(3 − 1) = 1",
        ),
        (
            "mi --joint 0.3,0.2;0.1,0.4",
            "P(Y) = column sums = [0.4, 0.6]",
        ),
        (
            "gaussian --mu1 0 --sigma1 1 --mu2 1 --sigma2 2",
            "ln(σ₂/σ₁) = ln(2/1) = 0.6931 nats",
        ),
        ("chi2 --p 0.9,0.1 --q 0.5,0.5", "(0.9 − 0.5)²/0.5 = 0.32"),
        (
            "renyi --p 0.9,0.1 --q 0.5,0.5 --alpha 2",
            "S = Σ P^α·Q^(1−α) = 1.64",
        ),
        (
            "mvn --mu1 0,0 --cov1 1,0.5;0.5,2 --mu2 1,0 --cov2 1,0;0,1",
            "tr(Σ₂⁻¹Σ₁)",
        ),
    ] {
        let (out, err, code) = calc(&format!("{cmd} --explain"));
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains(must), "{cmd}:\n{out}");
        assert!(out.lines().count() >= 3, "{cmd}:\n{out}");
        let (json, err, code) = calc(&format!("{cmd} --explain --json"));
        assert_eq!(code, 0, "{cmd}: {err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let steps = v["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("{cmd}: {json}"));
        assert!(!steps.is_empty());
        // The last step is the engine's value.
        assert_eq!(steps.last().unwrap()["value"], v["value"], "{cmd}");
    }
    // Entropy's per-outcome rows are JSON terms too.
    let (json, _, _) = calc("entropy --p 0.5,0.25,0.25 --base 2 --explain --json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["terms"].as_array().unwrap().len(), 3);
    assert_eq!(v["terms"][1]["log"], 2.0);
}

/// `--explain` on long inputs streams its rows: 500,000 values explained as
/// JSON (about 80 MB of output) run under a 300 MB address-space limit (the
/// rows used to be built as JSON values first, about 1 KB each).
#[cfg(target_os = "linux")]
#[test]
fn explain_on_long_inputs_streams_within_a_memory_budget() {
    let dir = std::env::temp_dir().join(format!("kltutor-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = 500_000;
    let write = |name: &str, k: u64| {
        let text: String = (0..n).map(|i| format!("{}\n", 1 + (i * k) % 97)).collect();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let (p, q) = (write("p.txt", 7), write("q.txt", 13));
    for extra in ["--json", ""] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 300000; exec \"$0\" calc kl --p @{} --q @{} --normalize --explain {extra} | tail -c 300",
                p.display(),
                q.display()
            ))
            .arg(env!("CARGO_BIN_EXE_kltutor"))
            .output()
            .unwrap();
        let tail = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{extra}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if extra == "--json" {
            assert!(tail.contains(&format!("\"outcome\":{n},")), "{tail}");
            assert!(tail.trim_end().ends_with("}]}"), "{tail}");
        } else {
            assert!(
                tail.contains("D(P‖Q) = the sum of the last column"),
                "{tail}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The numbers of every measure's `--explain --json` steps, checked against
/// mpmath at 30 digits (the script is in the comment of each case): each
/// step's `value` is the intermediate the issue names (M and the two KLs for
/// JS, √(PQ) and BC for Hellinger, the cumulative differences for W1, the
/// cells for MI, the three Gaussian terms, ...), and `steps` of every
/// measure, KL included, ends in the engine's value.
#[test]
#[allow(clippy::excessive_precision, clippy::approx_constant)] // mpmath's digits, as printed
fn explain_steps_carry_the_reference_numbers() {
    fn steps(cmd: &str) -> (Vec<f64>, serde_json::Value) {
        let (json, err, code) = calc(&format!("{cmd} --explain --json"));
        assert_eq!(code, 0, "{cmd}: {err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let values = v["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("{cmd}: {json}"))
            .iter()
            .filter_map(|s| s["value"].as_f64())
            .collect();
        (values, v)
    }
    fn near(got: &[f64], want: &[f64], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: {got:?}");
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-14 * w.abs().max(1.0),
                "{what}: {g} vs {w}"
            );
        }
    }
    // P = [0.9, 0.1], Q = [0.5, 0.5]; M = [0.7, 0.3].
    let pq = "--p 0.9,0.1 --q 0.5,0.5";
    near(
        &steps(&format!("js {pq}")).0,
        &[
            0.116321756586004500777,
            0.0871766935723888763505,
            0.101749225079196688564,
        ],
        "js",
    );
    near(&steps(&format!("tv {pq}")).0, &[0.4, 0.4, 0.8, 0.4], "tv");
    near(
        &steps(&format!("hellinger {pq}")).0,
        &[
            0.670820393249936908923,
            0.223606797749978969641,
            0.894427190999915878564,
            0.324919696232906326156,
        ],
        "hellinger",
    );
    near(&steps(&format!("chi2 {pq}")).0, &[0.32, 0.32, 0.64], "chi2");
    // S = 0.9²/0.5 + 0.1²/0.5 = 1.64; D₂ = ln 1.64.
    near(
        &steps(&format!("renyi {pq} --alpha 2")).0,
        &[1.62, 0.02, 1.64, 0.494696241836107054665],
        "renyi",
    );
    // F_P = [0.5, 1], F_Q = [0, 0.5]; gaps 1 and 2.
    near(
        &steps("w1 --p 0.5,0.5,0 --q 0,0.5,0.5 --x 0,1,3").0,
        &[0.5, 1.0, 1.5],
        "w1",
    );
    near(
        &steps("mi --joint 0.3,0.2;0.1,0.4").0,
        &[
            0.121639532432449314593,
            -0.0810930216216328763956,
            -0.0693147180559945309417,
            0.115072828980712370976,
            0.0863046217355342782318,
        ],
        "mi",
    );
    // ln(σ₂/σ₁), σ₁²/(2σ₂²), (μ₁ − μ₂)²/(2σ₂²), their sum − 1/2.
    near(
        &steps("gaussian --mu1 0 --sigma1 1 --mu2 1 --sigma2 2").0,
        &[
            0.693147180559945309417,
            0.125,
            0.125,
            0.443147180559945309417,
        ],
        "gaussian",
    );
    // k, tr(Σ₂⁻¹Σ₁), Mahalanobis, ln det Σ₁ = ln 1.75, ln det Σ₂, the total.
    near(
        &steps("mvn --mu1 0,0 --cov1 1,0.5;0.5,2 --mu2 1,0 --cov2 1,0;0,1").0,
        &[
            2.0,
            3.0,
            1.0,
            0.559615787935422686271,
            0.0,
            0.720192106032288656865,
        ],
        "mvn",
    );
    // Cross-entropy: the rows are the terms, P·ln(1/Q), and the total.
    let (total, v) = steps(&format!("cross-entropy {pq}"));
    near(&total, &[0.693147180559945309417], "cross-entropy total");
    let terms: Vec<f64> = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_f64().unwrap())
        .collect();
    near(
        &terms,
        &[0.623832462503950778476, 0.0693147180559945309417],
        "cross-entropy terms",
    );
    // KL, reverse KL and Bernoulli: the per-outcome table, and a total step.
    for cmd in [
        format!("kl {pq}"),
        format!("reverse-kl {pq}"),
        "bernoulli --p 0.1 --q 0.5".to_string(),
    ] {
        let (total, v) = steps(&cmd);
        assert_eq!(total.len(), 1, "{cmd}");
        assert_eq!(v["steps"][0]["value"], v["value"], "{cmd}");
        let sum: f64 = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_f64().unwrap())
            .sum();
        assert!((sum - total[0]).abs() < 1e-15, "{cmd}");
    }
    // D(P‖Q) = 0.9 ln 1.8 + 0.1 ln 0.2 (mpmath: 0.368064207168497083).
    assert!((steps(&format!("kl {pq}")).0[0] - 0.368064207168497083).abs() < 1e-15);
}
