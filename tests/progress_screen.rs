//! The Progress screen at the widths a learner uses (issue 9 §6): every
//! concept with a level above "not started" shows a bar whose length grows
//! with the level, and the answers-per-day chart ends with today in its
//! last column, at 80, 100 and 200 columns. Snapshots at 80x24 and 200x60.

use kltutor::lesson::catalog::{Catalog, read_dir};
use kltutor::progress::{Attempt, AttemptKind, Store};
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::progress::ProgressScreen;
use kltutor::tui::theme::Theme;
use kltutor::tutor::ListSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::rc::Rc;

const NOW: i64 = 1_750_000_000_000;
const DAY: i64 = 86_400_000;

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-progress-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One concept at each level: mastered, proficient, familiar, attempted,
/// not started (the fixture lessons' five concepts). Answers today and two
/// days ago, none yesterday.
fn app(tag: &str, theme: Theme) -> App {
    let dir = scratch(tag);
    {
        let mut store = Store::open(&dir).unwrap();
        let mut n = 0;
        let mut add = |t: i64, concept: &str, kind: AttemptKind, ok: bool| {
            n += 1;
            // A fixture problem per concept, so that Review would pose them.
            let problem = match concept {
                "definition-discrete" => "core-basics/coin-bits",
                "asymmetry" => "core-basics/three-kl",
                "units" => "core-units/coin-nats",
                _ => "core-basics/three-outcomes",
            };
            let mut a = Attempt::new(problem, concept, kind, n, "1", ok);
            a.time_ms = t;
            store.record(a).unwrap();
        };
        use AttemptKind::*;
        let two_ago = NOW - 2 * DAY;
        // Mastered: familiar by practice, then two right reviews a day apart.
        add(two_ago - DAY - 30, "definition-discrete", Practice, true);
        add(two_ago - DAY - 20, "definition-discrete", Practice, true);
        add(two_ago - DAY - 10, "definition-discrete", Review, true);
        add(two_ago, "definition-discrete", Review, true);
        // Proficient: familiar, then one right review.
        add(two_ago, "asymmetry", Practice, true);
        add(two_ago + 1, "asymmetry", Practice, true);
        add(two_ago + 2, "asymmetry", Review, true);
        // Familiar and attempted: today.
        add(NOW - 10, "units", Practice, true);
        add(NOW - 9, "units", Practice, true);
        add(NOW - 8, "kl-cross-entropy-relation", Practice, false);
    }
    let dir_lessons = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let catalog = Catalog::from_files(&read_dir(&dir_lessons).unwrap());
    let mut ctx = Context::new(
        catalog,
        Store::open(&dir).unwrap(),
        Box::new(ListSeeds::new(vec![1])),
    );
    Rc::get_mut(&mut ctx).unwrap().now = || NOW;
    App::new(Box::new(ProgressScreen::new(&ctx)), theme)
}

fn render(app: &App, w: u16, h: u16) -> Vec<Vec<String>> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

fn text(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| r.concat().trim_end().to_string() + "\n")
        .collect()
}

/// The filled cells of `concept`'s bar: from its label to the panel's border.
fn bar_cells(rows: &[Vec<String>], concept: &str, fill: &str) -> usize {
    let row = rows
        .iter()
        .find(|r| r.concat().contains(&format!("│{concept} ")))
        .unwrap_or_else(|| panic!("no row for {concept}:\n{}", text(rows)));
    let start = row.iter().position(|c| c == "│").unwrap() + 1;
    let end = start + row[start..].iter().position(|c| c == "│").unwrap();
    row[start..end].iter().filter(|c| *c == fill).count()
}

fn check_bars(rows: &[Vec<String>], fill: &str, w: u16) {
    let s = text(rows);
    let counts: Vec<usize> = [
        "kl-cross-entropy-relation",
        "units",
        "asymmetry",
        "definition-discrete",
    ]
    .iter()
    .map(|c| bar_cells(rows, c, fill))
    .collect();
    let step = counts[0];
    assert!(step >= 1, "no bar for an attempted concept at {w}:\n{s}");
    for (level, n) in counts.iter().enumerate() {
        assert_eq!(
            *n,
            step * (level + 1),
            "level {} is not {} steps long at {w}:\n{s}",
            level + 1,
            level + 1
        );
    }
    assert_eq!(bar_cells(rows, "non-negativity", fill), 0, "{s}");
    for word in [
        "attempted",
        "familiar",
        "proficient",
        "mastered",
        "not started",
    ] {
        assert!(s.contains(word), "{word} missing at {w}:\n{s}");
    }
}

/// The bottom row of the answers-per-day chart, between its borders.
fn chart_bottom(rows: &[Vec<String>]) -> Vec<String> {
    let top = rows
        .iter()
        .position(|r| r.concat().contains("Answers per day"))
        .expect("no chart");
    let row = &rows[top];
    let title_at = {
        let joined: Vec<String> = row.clone();
        let mut i = 0;
        while !joined[i..].concat().starts_with(" Answers per day") {
            i += 1;
        }
        i
    };
    let left = row[..title_at].iter().rposition(|c| c == "┌").unwrap();
    let right = left + row[left..].iter().position(|c| c == "┐").unwrap();
    let bottom = top
        + rows[top..]
            .iter()
            .position(|r| r[left] == "└")
            .expect("no bottom border");
    rows[bottom - 1][left + 1..right].to_vec()
}

#[test]
fn every_level_has_a_bar_and_today_is_at_the_right() {
    let app = app("widths", Theme::FULL);
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let rows = render(&app, w, h);
        check_bars(&rows, "█", w);
        let bottom = chart_bottom(&rows);
        let n = bottom.len();
        let s = text(&rows);
        assert_ne!(
            bottom[n - 1],
            " ",
            "today is not in the last column at {w}:\n{s}"
        );
        assert_eq!(bottom[n - 2], " ", "yesterday had no answers at {w}:\n{s}");
        assert_ne!(
            bottom[n - 3],
            " ",
            "two days ago is not third from the right at {w}:\n{s}"
        );
        assert_eq!(
            bottom.iter().filter(|c| *c != " ").count(),
            3,
            "answers fell on three days (3 and 2 days ago, today) at {w}:\n{s}"
        );
    }
}

#[test]
fn ascii_bars_are_visible_too() {
    let app = app(
        "ascii",
        Theme {
            color: false,
            ascii: true,
        },
    );
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        // The borders are `|` in ASCII: read them as the Unicode ones.
        let rows: Vec<Vec<String>> = render(&app, w, h)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| if c == "|" { "│".to_string() } else { c })
                    .collect()
            })
            .collect();
        check_bars(&rows, "#", w);
    }
}

#[test]
fn progress_snapshots() {
    let app = app("snap", Theme::FULL);
    insta::assert_snapshot!("progress_levels_80x24", text(&render(&app, 80, 24)));
    insta::assert_snapshot!("progress_levels_200x60", text(&render(&app, 200, 60)));
}

/// A long curriculum, many reviews due and many misconceptions held: at
/// 80x24 and 60x16 every Progress panel that cannot show everything says
/// so ("↓ more" with its key, and a scrollbar), the status bar names the
/// keys, and those keys bring the last row into view.
#[test]
fn every_overflowing_progress_panel_shows_a_sign_and_scrolls() {
    use kltutor::lesson::catalog::bundled_files;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let catalog = Catalog::from_files(&bundled_files());
    let problems: Vec<(String, String)> = catalog
        .lessons
        .iter()
        .flat_map(|l| {
            l.problems()
                .map(|p| (format!("{}/{}", l.id, p.id), p.concept.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let diagnoses = [
        "swapped-arguments",
        "nats-for-bits",
        "weighted-by-q",
        "cross-entropy-for-kl",
        "sign-flipped",
        "finite-for-infinite",
        "forgot-half",
        "dropped-term",
        "forgot-log",
    ];
    for (w, h) in [(80u16, 24u16), (60, 16)] {
        let dir = scratch(&format!("overflow-{w}"));
        {
            let mut store = Store::open(&dir).unwrap();
            for (i, (p, c)) in problems.iter().enumerate() {
                let mut a = Attempt::new(p, c, AttemptKind::Practice, i as u64, "1", true);
                a.time_ms = NOW - 30 * DAY + i as i64;
                store.record(a).unwrap();
            }
            for (i, d) in diagnoses.iter().enumerate() {
                let (p, c) = &problems[i];
                let mut a = Attempt::new(p, c, AttemptKind::Practice, 900 + i as u64, "2", false);
                a.time_ms = NOW - DAY + i as i64;
                a.diagnosis = Some(d.to_string());
                store.record(a).unwrap();
            }
        }
        let mut ctx = Context::new(
            catalog.clone(),
            Store::open(&dir).unwrap(),
            Box::new(ListSeeds::new(vec![1])),
        );
        Rc::get_mut(&mut ctx).unwrap().now = || NOW;
        let mut app = App::new(Box::new(ProgressScreen::new(&ctx)), Theme::FULL);
        let _ = render(&app, w, h);
        let s = text(&render(&app, w, h));
        let status = s.lines().last().unwrap().to_string();
        // The mastery chart: "↓ more" and the key, then End shows the last concept.
        assert!(s.contains("↓ more: ↓"), "{w}x{h}:\n{s}");
        assert!(s.contains('█') || s.contains('▐') || s.contains('║'), "{s}");
        assert!(status.contains("↑↓/jk scroll"), "{w}x{h}: {status}");
        let last_concept = {
            let mut v: Vec<&str> = Vec::new();
            for l in &catalog.lessons {
                for c in &l.concepts {
                    if !v.contains(&c.as_str()) {
                        v.push(c);
                    }
                }
            }
            v.last().unwrap().to_string()
        };
        let shown = |s: &str, what: &str| {
            // A label may be shortened with "…"; its first 12 characters stay.
            let head: String = what.chars().take(12).collect();
            s.contains(&head)
        };
        assert!(!shown(&s, &last_concept), "{w}x{h}:\n{s}");
        for _ in 0..200 {
            app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        }
        let s = text(&render(&app, w, h));
        assert!(shown(&s, &last_concept), "{w}x{h}: {last_concept}\n{s}");
        assert!(s.contains("↑ more"), "{w}x{h}:\n{s}");
        // The side panels: misconceptions at 80x24 (four rows of nine),
        // reviews at both sizes.
        let _ = render(&app, w, h);
        let s = text(&render(&app, w, h));
        let status = s.lines().last().unwrap().to_string();
        assert!(s.contains("↓ more: ]"), "{w}x{h}:\n{s}");
        assert!(status.contains("[ ] reviews"), "{w}x{h}: {status}");
        if h >= 24 {
            assert!(s.contains("↓ more: }"), "{w}x{h}:\n{s}");
            assert!(status.contains("{ } misconceptions"), "{w}x{h}: {status}");
        }
        for _ in 0..100 {
            app.on_key(KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE));
            app.on_key(KeyEvent::new(KeyCode::Char('}'), KeyModifiers::NONE));
        }
        let s = text(&render(&app, w, h));
        assert!(
            !s.contains("↓ more: ]") && !s.contains("↓ more: }"),
            "{w}x{h}:\n{s}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
