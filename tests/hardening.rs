//! Issue 11, the command line's hardening: output errors end cleanly,
//! `@FILE` is bounded, `--answer` and `--tolerance` refuse what they cannot
//! mean, no measure prints NaN, and error messages echo input inert and short.

use std::io::Read;
use std::process::{Command, Output, Stdio};

fn kltutor() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kltutor"));
    c.env("NO_COLOR", "1").env_remove("KLTUTOR_DATA_DIR");
    c
}

fn calc(args: &[&str]) -> Output {
    kltutor().arg("calc").args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("kltutor-harden-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A long --explain table written into a pipe whose reader has gone: no
/// panic, no message, the command's own exit code.
#[test]
fn a_closed_pipe_ends_quietly() {
    let n = 20_000;
    let p = vec!["1"; n].join(",");
    let mut child = kltutor()
        .args([
            "calc",
            "kl",
            "--normalize",
            "--explain",
            "--p",
            &p,
            "--q",
            &p,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, as `head -1` does, then close the pipe.
    let mut first = [0u8; 16];
    let mut out = child.stdout.take().unwrap();
    out.read_exact(&mut first).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

/// The plain session's output into a closed pipe ends quietly too.
#[test]
fn a_closed_pipe_ends_a_plain_session_quietly() {
    let data = scratch("plain-pipe");
    let mut child = kltutor()
        .args(["learn", "--plain", "--data-dir"])
        .arg(&data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let input = "\n".repeat(200);
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

/// A full disk is one error line and a non-zero exit, for calc and the plain commands.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_line_and_non_zero() {
    let data = scratch("full");
    for args in [
        vec![
            "calc",
            "kl",
            "--p",
            "0.5,0.5",
            "--q",
            "0.9,0.1",
            "--explain",
        ],
        vec!["check"],
        vec!["progress"],
        vec!["calc", "--help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = kltutor()
            .args(&args)
            .arg("--data-dir")
            .arg(&data)
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("No space left"), "{args:?}: {err}");
    }
}

/// @FILE reads only regular files of bounded size.
#[cfg(unix)]
#[test]
fn at_file_refuses_devices_fifos_and_huge_files() {
    let dir = scratch("atfile");
    let fifo = dir.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = dir.join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(kltutor::cli::values::MAX_FILE_BYTES + 1)
        .unwrap();
    for (path, what) in [
        ("/dev/urandom".to_string(), "not a regular file"),
        ("/dev/zero".to_string(), "not a regular file"),
        (fifo.display().to_string(), "not a regular file"),
        (dir.display().to_string(), "not a regular file"),
        (huge.display().to_string(), "MiB"),
    ] {
        let o = calc(&["kl", "--p", &format!("@{path}"), "--q", "1"]);
        assert_eq!(o.status.code(), Some(2), "{path}");
        assert!(stderr(&o).contains(what), "{path}: {}", stderr(&o));
    }
    let ok = dir.join("p.txt");
    std::fs::write(&ok, "0.5 0.5\n").unwrap();
    let o = calc(&[
        "entropy",
        "--p",
        &format!("@{}", ok.display()),
        "--base",
        "2",
    ]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1 bit");
}

/// Only inf/∞ means infinity; overflow and division by zero are bad input.
#[test]
fn answer_overflow_and_division_by_zero_are_exit_2() {
    let base = ["kl", "--p", "0.5,0.5", "--q", "0.9,0.1", "--answer"];
    for (answer, what) in [
        ("exp(1000)", "overflow"),
        ("1e400", "overflow"),
        ("1/0", "division by zero"),
        ("ln(0)", "division by zero"),
        ("10^400 bits", "overflow"),
    ] {
        let o = calc(&[&base[..], &[answer]].concat());
        assert_eq!(o.status.code(), Some(2), "{answer}: {}", stderr(&o));
        assert!(stderr(&o).contains(what), "{answer}: {}", stderr(&o));
    }
    let o = calc(&[&base[..], &["inf"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let o = calc(&[&base[..], &["-inf"]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("wrong: -inf."));
    let json = [
        "kl", "--p", "0.5,0.5", "--q", "0.9,0.1", "--json", "--answer", "-inf",
    ];
    let v: serde_json::Value = serde_json::from_slice(&calc(&json).stdout).unwrap();
    assert_eq!(v["answer"], "-inf");
    let o = calc(&[&base[..], &["1e308"]].concat());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("wrong: 1e308 "));
}

/// --tolerance outside (0, 0.5] is refused naming the range, with or without `=`.
#[test]
fn tolerance_outside_its_range_is_refused() {
    let base = ["kl", "--p", "0.5,0.5", "--q", "0.9,0.1", "--answer", "0.51"];
    for t in [
        ["--tolerance", "-1"],
        ["--tolerance", "0"],
        ["--tolerance", "3"],
        ["--tolerance", "0.51"],
        ["--tolerance", "abc"],
        ["--tolerance", "-0.1"],
    ] {
        let o = calc(&[&base[..], &t[..]].concat());
        assert_eq!(o.status.code(), Some(2), "{t:?}");
        assert!(stderr(&o).contains("(0, 0.5]"), "{t:?}: {}", stderr(&o));
    }
    let o = calc(&[&base[..], &["--tolerance=-1"]].concat());
    assert!(stderr(&o).contains("(0, 0.5]"), "{}", stderr(&o));
    let o = calc(&[&base[..], &["--tolerance", "0.5"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Error messages echo user input without control characters, cut short.
#[test]
fn error_messages_echo_input_inert_and_short() {
    let osc52 = "0.5,\u{1b}]52;c;aGVsbG8=\u{7}x\u{1b}[2J";
    let long = "7".repeat(100_000);
    let long_answer = format!("{long}+");
    let cases: Vec<Vec<&str>> = vec![
        vec!["kl", "--p", osc52, "--q", "0.5,0.5"],
        vec![
            "kl",
            "--p",
            "0.5,0.5",
            "--q",
            "0.5,0.5",
            "--base",
            "\u{1b}]0;pwned\u{7}",
        ],
        vec!["mi", "--joint", "0.5,\u{7}\u{1b}c;0.5,0"],
        vec![
            "kl",
            "--p",
            "0.5,0.5",
            "--q",
            "0.5,0.5",
            "--answer",
            "\u{1b}[31m1",
        ],
        vec![
            "kl",
            "--p",
            "0.5,0.5",
            "--q",
            "0.5,0.5",
            "--answer",
            &long_answer,
        ],
        vec!["kl", "--p", &long, "--q", "0.5,0.5"],
        vec![
            "kl",
            "--p",
            "@/nonexistent/\u{1b}]52;c;eA==\u{7}",
            "--q",
            "1",
        ],
        vec![
            "kl",
            "--p",
            "0.5,0.5",
            "--q",
            "0.5,0.5",
            "--answer",
            "1",
            "--tolerance",
            "\u{1b}[2Jx",
        ],
    ];
    for args in cases {
        let o = calc(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(err.len() < 600, "{} bytes: {err:.200}", err.len());
    }
}

/// No measure prints NaN: an undefined case is an error naming why.
#[test]
fn no_measure_prints_nan() {
    for args in [
        vec!["tv", "--p", "1e308,1e308", "--q", "1,1", "--normalize"],
        vec![
            "hellinger",
            "--p",
            "1e-200,1e-200",
            "--q",
            "1e-200,3e-200",
            "--normalize",
        ],
        vec!["js", "--p", "1e308,1e308", "--q", "1,2", "--normalize"],
        vec!["mi", "--joint", "1e308,1e308;1e308,1e308", "--normalize"],
    ] {
        let o = calc(&args);
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        assert!(
            !all.contains("NaN") && !all.contains("nan"),
            "{args:?}: {all}"
        );
        if o.status.code() != Some(0) {
            assert_eq!(o.status.code(), Some(2), "{args:?}: {all}");
        }
    }
}

/// File names and ids echoed by `check` and the plain commands are inert too.
#[cfg(unix)]
#[test]
fn file_names_and_ids_are_echoed_inert() {
    let dir = scratch("names");
    std::fs::write(dir.join("a\u{1b}]0;owned\u{7}b.md"), "garbage").unwrap();
    let o = kltutor().arg("check").arg(&dir).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    let id = format!("x\u{1b}[2J{}", "z".repeat(5000));
    let o = kltutor()
        .args(["learn", "--plain", &id, "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.len() < 300, "{err}");
}

/// Inputs near the largest double (1.8e308): a finite divergence or distance
/// is computed when it fits (values from mpmath, 40 digits), and refused with
/// its size when it does not; never a false `inf`.
#[test]
fn values_near_the_double_limit_are_finite_or_refused_never_inf() {
    let value = |args: &[&str]| -> f64 {
        let o = calc(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        out.split_whitespace().next().unwrap().parse().unwrap()
    };
    let close = |got: f64, want: f64| assert!((got / want - 1.0).abs() < 1e-12, "{got} vs {want}");
    let g = |m1: &str, s1: &str, m2: &str, s2: &str| {
        value(&[
            "gaussian", "--mu1", m1, "--sigma1", s1, "--mu2", m2, "--sigma2", s2,
        ])
    };
    // mpmath: log(s2/s1) + (s1^2 + (m1-m2)^2)/(2 s2^2) - 1/2.
    close(
        g("-1e308", "1", "1e308", "1e300"),
        20000000000000690.275527898,
    );
    close(g("0", "1.35e154", "0", "1"), 9.1125e307);
    close(g("0", "1", "1.8e154", "1"), 1.62e308);
    close(
        value(&[
            "w1",
            "--p",
            "0.5,0.5",
            "--q",
            "0.4,0.6",
            "--x",
            "-1e308,1e308",
        ]),
        2.0e307,
    );
    for (args, size) in [
        (
            vec![
                "gaussian", "--mu1", "0", "--sigma1", "1", "--mu2", "1e308", "--sigma2", "1",
            ],
            "5.0e615",
        ),
        (
            vec![
                "gaussian", "--mu1", "0", "--sigma1", "1e300", "--mu2", "0", "--sigma2", "1e-300",
            ],
            "5.0e1199",
        ),
        (
            vec!["w1", "--p", "1,0", "--q", "0,1", "--x", "-1e308,1e308"],
            "2.0e308",
        ),
    ] {
        let o = calc(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(
            err.contains(&format!("finite but about {size}, beyond the largest")),
            "{args:?}: {err}"
        );
    }
}

/// A usage error is shown whole (issue 10: clap errors were cut at 200
/// characters); only what it echoes from the input is shortened.
#[test]
fn usage_errors_are_whole_and_echoes_short() {
    use kltutor::cli::output::usage_error;
    let values: Vec<String> = (0..40).map(|i| format!("value-{i}")).collect();
    let list = format!("  [possible values: {}]", values.join(", "));
    assert!(list.chars().count() > 300);
    let long = "y".repeat(5000);
    let msg = format!(
        "error: invalid value '{long}' for '--shape <SHAPE>'\n{list}\n\nFor more information, try '--help'.\n"
    );
    let shown = usage_error(&msg);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "{shown}");
    assert_eq!(lines[1], list, "the list of possible values is kept whole");
    assert!(
        lines[0].starts_with(&format!(
            "error: invalid value '{}…' for '--shape <SHAPE>'",
            "y".repeat(40)
        )),
        "{}",
        lines[0]
    );
    assert_eq!(lines[3], "For more information, try '--help'.");
    // Through the binary: the long argument is shortened, the rest is all there.
    let o = kltutor()
        .args(["calc", &format!("--{long}")])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("error: unexpected argument '--yyyy") && err.contains("…' found"),
        "{err}"
    );
    assert!(
        err.contains("Usage: kltutor calc [OPTIONS] <COMMAND>"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("For more information, try '--help'."),
        "{err}"
    );
    assert!(err.len() < 400, "{err}");
}
