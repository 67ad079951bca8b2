//! `kltutor completions SHELL` and the settings `kltutor lab NAME` takes
//! (issue 9 §5, §6), through the binary.

use std::process::{Command, Stdio};

fn kltutor(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn completions_for_each_shell_name_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = kltutor(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in [
            "kltutor",
            "learn",
            "quiz",
            "review",
            "lab",
            "check",
            "calc",
            "separation",
        ] {
            assert!(out.contains(word), "{shell} script lacks {word}");
        }
    }
    // The bash script is valid bash.
    let (_, script, _) = kltutor(&["completions", "bash"]);
    let dir = std::env::temp_dir().join(format!("kltutor-compl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("kltutor.bash");
    std::fs::write(&f, script).unwrap();
    if let Ok(st) = Command::new("bash").arg("-n").arg(&f).status() {
        assert!(st.success(), "bash -n rejects the script");
    }
    let (code, _, err) = kltutor(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn lab_settings_out_of_range_are_refused_with_exit_2() {
    for (args, says) in [
        (
            &["lab", "bernoulli", "--p", "1.5"][..],
            "--p 1.5: expected a probability in [0, 1]",
        ),
        (&["lab", "heatmap", "--q", "-0.1"][..], "--q -0.1"),
        (
            &["lab", "contributions", "--p", "0.5,0.6", "--q", "0.5,0.5"][..],
            "--p",
        ),
        (
            &[
                "lab",
                "contributions",
                "--p",
                "0.5,0.5",
                "--q",
                "0.2,0.3,0.5",
            ][..],
            "2 outcomes but Q has 3",
        ),
        (
            &["lab", "modes", "--separation", "25"][..],
            "--separation 25",
        ),
        (&["lab", "modes", "--weight", "1"][..], "--weight 1"),
        (
            &["lab", "loss", "--unit", "furlongs"][..],
            "--unit furlongs",
        ),
        (
            &["lab", "bernoulli", "--labels", "a,b"][..],
            "does not take",
        ),
        (&["lab", "compare", "--p", "0.3"][..], "whole distribution"),
    ] {
        let (code, _, err) = kltutor(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn valid_lab_settings_pass_to_the_app() {
    // With stdout not a terminal the app cannot start, but the settings were
    // accepted: the message is about the terminal, not a flag.
    for args in [
        &[
            "lab",
            "contributions",
            "--p",
            "0.5,0.3,0.2",
            "--q",
            "0.2,0.3,0.5",
            "--labels",
            "a,b,c",
            "--unit",
            "bits",
        ][..],
        &[
            "lab",
            "modes",
            "--separation",
            "8",
            "--sigma",
            "1",
            "--weight",
            "0.3",
        ][..],
        &["lab", "loss", "--p", "0.7,0.2,0.1"][..],
        &["lab", "heatmap", "--measure", "js"][..],
        &["lab", "bernoulli", "--p", "0.3", "--q", "0.6"][..],
    ] {
        let (_, _, err) = kltutor(args);
        assert!(!err.contains("error: --"), "{args:?}: {err}");
        assert!(err.contains("not a terminal"), "{args:?}: {err}");
    }
}
