//! How a lesson names itself and its sections (issue 9 §4): the lesson's
//! title is read once at its start (the title bar, or the opening heading
//! when the bar has to cut it), and an outline entry too long for its panel
//! ends in "…", at 80x24 and 200x60, for every bundled lesson.

use kltutor::lesson::catalog::{Catalog, bundled_files};
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::SeededSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn rows(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Home with a fresh store, the lesson at `index` opened from the course list.
fn open(catalog: &Catalog, index: usize) -> App {
    let dir = std::env::temp_dir().join(format!("kltutor-titles-{}-{index}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ctx = Context::new(
        catalog.clone(),
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(1)),
    );
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    // Continue, then the lessons in course order.
    for _ in 0..=index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    // A locked lesson asks first; open it anyway.
    press(&mut app, KeyCode::Char('y'));
    app
}

/// The words of the screen, one space apart (wrapped lines joined).
fn words(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || "│┌┐└┘─".contains(c)))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_title_is_read_once_and_cut_headings_say_so() {
    let catalog = Catalog::from_files(&bundled_files());
    assert!(catalog.lessons.len() >= 9);
    let mut cut_seen = false;
    for (i, lesson) in catalog.lessons.iter().enumerate() {
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let app = open(&catalog, i);
            let screen = rows(&app, w, h);
            let all = screen.join("\n");
            let bar = &screen[0];
            assert!(
                bar.contains(&lesson.title) || bar.trim_end().ends_with('…'),
                "{} at {w}: the title bar cuts the title without a sign:\n{all}",
                lesson.id
            );
            let title_words = lesson
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let body = words(&screen[1..]);
            if bar.contains(&lesson.title) {
                assert!(
                    !body.contains(&title_words),
                    "{} at {w}: the title is shown again below the title bar:\n{all}",
                    lesson.id
                );
            } else {
                assert_eq!(
                    body.matches(&title_words).count(),
                    1,
                    "{} at {w}: a title the bar cuts is read once in the lesson:\n{all}",
                    lesson.id
                );
            }
            if w < 200 {
                continue;
            }
            // The outline beside the item: every entry whole or ending in "…".
            for (n, s) in lesson.sections().iter().enumerate().skip(1) {
                let row = screen
                    .iter()
                    .find(|r| r.contains(&format!(" {:>2} ", n + 1)) && r.starts_with('│'))
                    .unwrap_or_else(|| panic!("{}: no outline row {}:\n{all}", lesson.id, n + 1));
                let entry = row.split('│').nth(1).unwrap();
                let label = entry[entry.find(&format!("{:>2} ", n + 1)).unwrap() + 3..].trim_end();
                if label != s.heading {
                    let stem = label.strip_suffix('…').unwrap_or_else(|| {
                        panic!("{}: outline entry {label:?} cut without a sign", lesson.id)
                    });
                    assert!(s.heading.starts_with(stem), "{label:?} vs {:?}", s.heading);
                    cut_seen = true;
                }
            }
        }
    }
    assert!(
        cut_seen,
        "no bundled section heading is longer than the outline"
    );
}
