//! The README tells the truth: its example lesson passes `kltutor check`, and
//! every `kltutor calc` example prints what the README says it prints.

use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn example_lesson_passes_check() {
    let r = readme();
    let start = r
        .find("<!-- example-lesson:start -->")
        .expect("start marker");
    let end = r.find("<!-- example-lesson:end -->").expect("end marker");
    let block = &r[start..end];
    let body = block
        .split_once("````markdown\n")
        .unwrap()
        .1
        .rsplit_once("````")
        .unwrap()
        .0;
    let dir = std::env::temp_dir().join(format!("kltutor-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("example.md"), body).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .arg("check")
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}

#[test]
fn calc_examples_print_what_the_readme_says() {
    let r = readme();
    let mut checked = 0;
    for line in r
        .lines()
        .filter(|l| l.starts_with('|') && l.contains("`kltutor calc "))
    {
        let cells: Vec<&str> = line.split('`').collect();
        // | name | what | `kltutor calc ...` → `output` |
        let (Some(cmd), Some(out)) = (
            cells.iter().position(|c| c.starts_with("kltutor calc ")),
            line.find('→'),
        ) else {
            continue;
        };
        let command = cells[cmd];
        let expected = line[out..].split('`').nth(1).unwrap();
        let args = shell_words(command.trim_start_matches("kltutor "));
        let run = Command::new(env!("CARGO_BIN_EXE_kltutor"))
            .args(&args)
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&run.stdout);
        assert_eq!(got.trim(), expected, "README example `{command}`");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples found");
}

/// Splits on spaces, keeping "double-quoted" words whole.
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
