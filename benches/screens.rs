//! Start-up and draw cost of the app's screens. Targets: building the app
//! (catalog with every bundled lesson, store, home screen) and drawing its
//! first frame well under 30 ms; drawing any screen at 200x60 under 2 ms.
//! The fixture lessons are loaded with the bundled ones so the numbers mean
//! something while `lessons/` is still small.

use criterion::{Criterion, criterion_group, criterion_main};
use kltutor::lesson::catalog::{Catalog, bundled_files, read_dir};
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::SeededSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kltutor-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Everything `kltutor` does before its first frame, minus the terminal itself.
fn build(dir: &Path) -> App {
    let mut files = bundled_files();
    files.extend(read_dir(&fixtures()).unwrap());
    let catalog = Catalog::from_files(&files);
    let store = Store::open(dir).unwrap();
    let ctx = Context::new(catalog, store, Box::new(SeededSeeds::new(1)));
    App::new(Box::new(Home::new(&ctx)), Theme::FULL)
}

fn keys(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.on_key(KeyEvent::new(*k, KeyModifiers::NONE));
    }
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        keys(app, &[KeyCode::Char(c)]);
    }
}

fn screens(c: &mut Criterion) {
    let dir = scratch("start");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    c.bench_function("start: build app and draw first frame (80x24)", |b| {
        b.iter(|| {
            let app = build(&dir);
            term.draw(|f| app.draw(f)).unwrap();
            black_box(&app);
        })
    });

    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut draw = |name: &str, app: &App| {
        c.bench_function(&format!("draw {name} (200x60)"), |b| {
            b.iter(|| {
                term.draw(|f| app.draw(f)).unwrap();
            })
        });
    };
    use KeyCode::*;
    // Each screen is reached from a fresh home screen by its keys. The
    // lessons are found by title, wherever the bundled curriculum puts them.
    let open_fixture = |dir: &Path| {
        let mut app = build(dir);
        for _ in 0..100 {
            let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
            t.draw(|f| app.draw(f)).unwrap();
            let buf = t.backend().buffer().clone();
            let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
            if screen.contains("▸  1. Core basics") || screen.contains("▸ Continue: Core basics")
            {
                break;
            }
            keys(&mut app, &[Down]);
        }
        keys(&mut app, &[Enter]);
        app
    };
    let d = scratch("home");
    draw("home", &build(&d));
    let d = scratch("reader");
    let app = open_fixture(&d);
    draw("lesson reader", &app);
    let d = scratch("example");
    let mut app = open_fixture(&d);
    keys(&mut app, &[Enter, Enter, Enter, Enter]);
    draw("worked example", &app);
    let d = scratch("problem");
    let mut app = open_fixture(&d);
    keys(&mut app, &[Enter; 7]);
    typ(&mut app, "0.368");
    keys(&mut app, &[Enter]);
    draw("problem with feedback", &app);
    let d = scratch("quiz");
    let mut app = build(&d);
    // From Progress (the last entry) up past the labs, Challenge and Review to Quiz.
    keys(&mut app, &[End]);
    keys(&mut app, &vec![Up; kltutor::lab::NAMES.len() + 3]);
    keys(&mut app, &[Enter]);
    draw("quiz", &app);
    let d = scratch("progress");
    let mut app = build(&d);
    keys(&mut app, &[End, Enter]);
    draw("progress", &app);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = screens
}
criterion_main!(benches);
