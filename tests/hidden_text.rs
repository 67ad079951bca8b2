//! No text is hidden without a sign. Every word of every bundled lesson's
//! prose reaches the screen when a learner only presses → (plus what it
//! takes to get past a problem), at the smallest supported size and at
//! 80x24: the reader pages through an item before it moves on, and no line
//! is cut at the panel's right edge (tables and titles fit). The labs'
//! "Try this" panels and the help overlay say when they overflow and scroll
//! to their last word with the keys the status bar names.
//!
//! The lessons are whatever is bundled, so the test follows the curriculum
//! as it grows.

use kltutor::lab::{LabParams, NAMES};
use kltutor::lesson::catalog::{Catalog, bundled_files};
use kltutor::lesson::model::{Block, Item, Lesson, plain_text};
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screen::Screen;
use kltutor::tui::screens::lesson::LessonScreen;
use kltutor::tui::screens::{
    lab_bernoulli, lab_compare, lab_contributions, lab_heatmap, lab_loss, lab_modes,
};
use kltutor::tui::theme::Theme;
use kltutor::tutor::SeededSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-pager-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text of the screen between the title bar and the status bar.
fn body(app: &App, term: &mut Terminal<TestBackend>) -> Vec<String> {
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let (w, h) = (buf.area.width, buf.area.height);
    (1..h - 1)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Every whitespace-separated word of the lesson's prose items.
fn prose_words(lesson: &Lesson) -> BTreeSet<String> {
    let mut text = String::new();
    for s in lesson.sections() {
        for item in &s.items {
            let Item::Prose(blocks) = item else { continue };
            for b in blocks {
                match b {
                    Block::Heading { text: t, .. } | Block::Paragraph(t) | Block::Quote(t) => {
                        text += &plain_text(t)
                    }
                    Block::List { items, .. } => {
                        for i in items {
                            text += &plain_text(i);
                            text.push(' ');
                        }
                    }
                    Block::Code { text: t, .. } => text += t,
                    Block::Math(m) => text += m,
                }
                text.push(' ');
            }
        }
    }
    text.split_whitespace().map(str::to_string).collect()
}

/// Walks `lesson` with → only (Esc and `n` skip a problem, which takes
/// typed input) and returns every body line seen on the way.
fn walk(catalog: &Catalog, lesson: &Lesson, w: u16, h: u16) -> Vec<String> {
    let dir = scratch(&format!("{}-{w}", lesson.id));
    let ctx = Context::new(
        catalog.clone(),
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(7)),
    );
    let screen = LessonScreen::open(&ctx, &lesson.id).unwrap();
    let mut app = App::new(Box::new(screen), Theme::FULL);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut seen = Vec::new();
    for _ in 0..5000 {
        let screen = body(&app, &mut term);
        let status = {
            let buf = term.backend().buffer();
            (0..w).map(|x| buf[(x, h - 1)].symbol()).collect::<String>()
        };
        let at_end = screen.iter().any(|l| l.contains(" the end ─"));
        // Text is wrapped short of the panel's last column: anything there
        // was cut at the right edge (a table or a title too wide).
        {
            let buf = term.backend().buffer();
            for y in 2..h - 1 {
                let c = buf[(w - 2, y)].symbol();
                let line = &screen[y as usize - 1];
                if !matches!(c, " " | "│" | "─" | "┐" | "┘") && !line.contains("Answer") {
                    panic!("{} at {w}x{h}: cut at the right edge:\n{line}", lesson.id);
                }
            }
        }
        // No panel title runs into its corner (a title cut without a sign).
        for line in &screen {
            let cells: Vec<char> = line.chars().collect();
            for i in 1..cells.len() {
                if matches!(cells[i], '┐' | '┘') {
                    assert!(
                        matches!(cells[i - 1], '─' | ' ' | '│' | '┌' | '└'),
                        "{} at {w}x{h}: a title runs into its corner:\n{line}",
                        lesson.id
                    );
                }
            }
        }
        seen.extend(screen);
        if at_end {
            // A report longer than the panel pages with →, as its marker says.
            for _ in 0..10 {
                let now = body(&app, &mut term);
                if !now.iter().any(|l| l.contains("more: →")) {
                    break;
                }
                press(&mut app, KeyCode::Right);
                let after = body(&app, &mut term);
                assert_ne!(
                    now, after,
                    "{} at {w}x{h}: → did not page the end",
                    lesson.id
                );
                seen.extend(after);
            }
            let _ = std::fs::remove_dir_all(&dir);
            return seen;
        }
        if app.current().input_mode() {
            assert!(status.contains("submit"), "{status}");
            press(&mut app, KeyCode::Esc);
            press(&mut app, KeyCode::Char('n'));
        } else {
            press(&mut app, KeyCode::Right);
        }
    }
    panic!("{}: → never reached the end at {w}x{h}", lesson.id);
}

fn check_all_words(w: u16, h: u16) {
    let catalog = Catalog::from_files(&bundled_files());
    // Every bundled lesson file is walked, not only the ones that parse
    // (a lesson left out of the catalog would be left out of the walk).
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert!(files >= 18, "{files}");
    assert_eq!(catalog.lessons.len(), files, "{:?}", catalog.diagnostics);
    let mut missing = Vec::new();
    for lesson in &catalog.lessons {
        let seen = walk(&catalog, lesson, w, h).join("\n");
        for word in prose_words(lesson) {
            if !seen.contains(&word) {
                missing.push(format!("{}: {word:?}", lesson.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "never on screen at {w}x{h}:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_prose_word_is_seen_at_80x24() {
    check_all_words(80, 24);
}

#[test]
fn every_prose_word_is_seen_at_60x16() {
    check_all_words(60, 16);
}

/// A lab screen with its default settings and the observations it was given.
fn lab_screen(name: &str) -> (Vec<String>, Box<dyn Screen>) {
    lab_screen_with(name, &LabParams::default())
}

/// A lab screen opened on `p` (a lesson block's settings and observations).
fn lab_screen_with(name: &str, p: &LabParams) -> (Vec<String>, Box<dyn Screen>) {
    macro_rules! open {
        ($s:expr) => {{
            let s = $s;
            (s.lab.observations.clone(), Box::new(s) as Box<dyn Screen>)
        }};
    }
    match name {
        "bernoulli" => open!(lab_bernoulli::BernoulliScreen::new(p)),
        "compare" => open!(lab_compare::CompareScreen::new(p)),
        "contributions" => open!(lab_contributions::ContributionsScreen::new(p)),
        "heatmap" => open!(lab_heatmap::HeatmapScreen::new(p)),
        "loss" => open!(lab_loss::LossScreen::new(p)),
        "modes" => open!(lab_modes::ModesScreen::new(p)),
        other => panic!("a lab this test does not know: {other}"),
    }
}

fn status(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let (w, h) = (buf.area.width, buf.area.height);
    (0..w).map(|x| buf[(x, h - 1)].symbol()).collect()
}

#[test]
fn every_labs_try_this_panel_scrolls_to_its_last_word() {
    // Each lab on its own, and on every bundled lesson block's settings with
    // that block's observations (longer, and written by the lesson).
    let catalog = Catalog::from_files(&bundled_files());
    let mut cases: Vec<(String, LabParams)> = NAMES
        .iter()
        .map(|(n, _)| (n.to_string(), LabParams::default()))
        .collect();
    for l in &catalog.lessons {
        for b in l.labs() {
            cases.push((b.params.name().to_string(), LabParams::from_lesson(b)));
        }
    }
    assert!(cases.len() > NAMES.len() + 6, "{}", cases.len());
    for (w, h) in [(60, 16), (80, 24)] {
        for (name, params) in &cases {
            let (observations, screen) = lab_screen_with(name, params);
            assert!(!observations.is_empty(), "{name}");
            let mut app = App::new(screen, Theme::FULL);
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            let first = body(&app, &mut term);
            let overflows = first.iter().any(|l| l.contains("↓ more"));
            if overflows {
                assert!(status(&term).contains("[ ] scroll"), "{name} {w}x{h}");
            }
            let mut seen = first;
            for _ in 0..100 {
                press(&mut app, KeyCode::Char(']'));
                seen.extend(body(&app, &mut term));
            }
            let last = body(&app, &mut term);
            assert!(
                !last.iter().any(|l| l.contains("↓ more")),
                "{name} {w}x{h}: still more after scrolling:\n{}",
                last.join("\n")
            );
            let seen = seen.join("\n");
            for o in &observations {
                for word in o.split_whitespace() {
                    assert!(seen.contains(word), "{name} {w}x{h}: {word:?} of {o:?}");
                }
            }
        }
    }
}

#[test]
fn the_help_overlay_scrolls_when_the_terminal_is_small() {
    let catalog = Catalog::from_files(&bundled_files());
    let dir = scratch("help");
    let ctx = Context::new(
        catalog.clone(),
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(7)),
    );
    let id = catalog.lessons[0].id.clone();
    let mut app = App::new(
        Box::new(LessonScreen::open(&ctx, &id).unwrap()),
        Theme::FULL,
    );
    let mut term = Terminal::new(TestBackend::new(60, 16)).unwrap();
    press(&mut app, KeyCode::Char('?'));
    let first = body(&app, &mut term).join("\n");
    assert!(first.contains("↓ more"), "{first}");
    assert!(!first.contains("quit at once"), "{first}");
    assert!(status(&term).contains("scroll"), "{}", status(&term));
    for _ in 0..5 {
        press(&mut app, KeyCode::PageDown);
    }
    let last = body(&app, &mut term).join("\n");
    assert!(
        last.contains("quit at once") && !last.contains("↓ more"),
        "{last}"
    );
    press(&mut app, KeyCode::Char('?'));
    assert!(!body(&app, &mut term).join("\n").contains("Keys:"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The help overlay's box alone (from its "┌ Keys" corner to the bottom
/// corner below it), without the screen behind it.
fn overlay(lines: &[String]) -> String {
    let rows: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    let Some((top, x0)) = rows.iter().enumerate().find_map(|(y, r)| {
        let s: String = r.iter().collect();
        s.find("┌ Keys").map(|b| (y, s[..b].chars().count()))
    }) else {
        return lines.join("\n");
    };
    let x1 = (x0 + 1..rows[top].len())
        .find(|&x| rows[top][x] == '┐')
        .unwrap_or(rows[top].len() - 1);
    let mut out = Vec::new();
    for r in &rows[top..] {
        let part: String = r[x0..=x1.min(r.len() - 1)].iter().collect();
        let end = part.starts_with('└');
        out.push(part);
        if end {
            break;
        }
    }
    out.join("\n")
}

/// Builds a fresh screen for one help-overlay check.
type MakeScreen = Box<dyn Fn() -> Box<dyn Screen>>;

/// The help overlay of every kind of screen, at 80x24 and 60x16: when its
/// keys do not fit it says "↓ more" and PgDn reaches its last line.
#[test]
fn every_screens_help_overlay_reaches_its_last_line() {
    use kltutor::tui::screens::home::Home;
    use kltutor::tui::screens::progress::ProgressScreen;
    let catalog = Catalog::from_files(&bundled_files());
    let dir = scratch("help-all");
    let ctx = Context::new(
        catalog.clone(),
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(7)),
    );
    let mut screens: Vec<(String, MakeScreen)> = vec![
        ("home".into(), {
            let ctx = ctx.clone();
            Box::new(move || Box::new(Home::new(&ctx)) as Box<dyn Screen>)
        }),
        ("progress".into(), {
            let ctx = ctx.clone();
            Box::new(move || Box::new(ProgressScreen::new(&ctx)) as Box<dyn Screen>)
        }),
        ("lesson".into(), {
            let ctx = ctx.clone();
            let id = catalog.lessons[0].id.clone();
            Box::new(move || Box::new(LessonScreen::open(&ctx, &id).unwrap()) as Box<dyn Screen>)
        }),
    ];
    for (n, _) in NAMES {
        screens.push((n.to_string(), Box::new(move || lab_screen(n).1)));
    }
    for (w, h) in [(80, 24), (60, 16)] {
        for (name, make) in &screens {
            let mut app = App::new(make(), Theme::FULL);
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            press(&mut app, KeyCode::Char('?'));
            let first = overlay(&body(&app, &mut term));
            assert!(first.contains("Keys"), "{name} {w}x{h}:\n{first}");
            if !first.contains("quit at once") {
                assert!(first.contains("↓ more"), "{name} {w}x{h}:\n{first}");
                assert!(status(&term).contains("scroll"), "{}", status(&term));
            }
            for _ in 0..20 {
                press(&mut app, KeyCode::PageDown);
            }
            let last = overlay(&body(&app, &mut term));
            assert!(
                last.contains("quit at once") && !last.contains("↓ more"),
                "{name} {w}x{h}:\n{last}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Home's details pane for a locked lesson (its reasons are long) at the
/// smallest size: "↓ more" with its key, named in the status bar, and `]`
/// reaches the last word.
#[test]
fn homes_details_pane_scrolls_to_a_locked_lessons_reasons() {
    use kltutor::tui::screens::home::Home;
    let catalog = Catalog::from_files(&bundled_files());
    let dir = scratch("home-details");
    let ctx = Context::new(
        catalog.clone(),
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(7)),
    );
    for (w, h) in [(60, 16), (80, 24)] {
        let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        // The last lesson is locked for a new learner: Continue, then the lessons.
        for _ in 0..catalog.lessons.len() {
            press(&mut app, KeyCode::Down);
        }
        let first = body(&app, &mut term);
        let joined = first.join("\n");
        let last_lesson = catalog.lessons.last().unwrap();
        assert!(
            joined.contains(&last_lesson.title[..12.min(last_lesson.title.len())]),
            "{w}x{h}:\n{joined}"
        );
        let mut seen = first.clone();
        if joined.contains("more: ]") {
            assert!(status(&term).contains("[ ]"), "{}", status(&term));
        }
        for _ in 0..40 {
            press(&mut app, KeyCode::Char(']'));
            seen.extend(body(&app, &mut term));
        }
        let last = body(&app, &mut term).join("\n");
        assert!(!last.contains("more: ]"), "{w}x{h}:\n{last}");
        let seen = seen.join(" ");
        let words: String = seen
            .split(|c: char| c.is_whitespace() || c == '│')
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains("Enter opens it anyway."),
            "{w}x{h}:\n{words}"
        );
        for word in last_lesson.summary.split_whitespace() {
            assert!(seen.contains(word), "{w}x{h}: {word:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A panel title too long for its border would end right at the corner
/// (`…N(3.0,┐`): every lab (default settings and every lesson block's), at
/// 80x24 and 60x16, has each title end with a space before the border goes
/// on, so no title is cut without a sign.
#[test]
fn no_panel_title_is_cut_at_its_corner() {
    let catalog = Catalog::from_files(&bundled_files());
    let mut cases: Vec<(String, LabParams)> = NAMES
        .iter()
        .map(|(n, _)| (n.to_string(), LabParams::default()))
        .collect();
    for l in &catalog.lessons {
        for b in l.labs() {
            cases.push((b.params.name().to_string(), LabParams::from_lesson(b)));
        }
    }
    for (w, h) in [(80, 24), (60, 16), (200, 60)] {
        for (name, params) in &cases {
            let mut app = App::new(lab_screen_with(name, params).1, Theme::FULL);
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            // The loss lab in each of its four families (f cycles them).
            let families = if name == "loss" { 4 } else { 1 };
            let mut lines = Vec::new();
            for _ in 0..families {
                lines.extend(body(&app, &mut term));
                press(&mut app, KeyCode::Char('f'));
            }
            for line in lines {
                let cells: Vec<char> = line.chars().collect();
                for (i, c) in cells.iter().enumerate() {
                    if matches!(c, '┐' | '┘') && i > 0 {
                        let before = cells[i - 1];
                        assert!(
                            matches!(before, '─' | ' ' | '│' | '┌' | '└'),
                            "{name} {w}x{h}: a title runs into its corner:\n{line}"
                        );
                    }
                }
            }
        }
    }
}
