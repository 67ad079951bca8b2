//! What a heat map costs the terminal: the escape sequences the app's
//! backend (ratatui's `CrosstermBackend` writing only changed colours,
//! `kltutor::tui::backend`) writes for a 200x60 frame of the heatmap lab. Every
//! half-block cell carries two colours, so the bytes (and the time the
//! terminal takes to read them) depend on how often neighbouring cells
//! share a colour pair. A size budget, not a timing: the latency it buys
//! is measured by `benches/pty_timing.py keys`.

use kltutor::lab::LabParams;
use kltutor::tui::app::App;
use kltutor::tui::backend::LeanBackend;
use kltutor::tui::screens;
use kltutor::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The budget for one full 200x60 frame (issue 12: the unquantised ramp wrote ~262 KB).
const FULL_FRAME_BUDGET: usize = 100_000;

fn frame(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    term.backend().buffer().clone()
}

/// The bytes a crossterm terminal is sent to draw `cells`.
fn bytes<'a>(cells: impl Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>) -> usize {
    let mut written = Vec::<u8>::new();
    {
        let mut out = LeanBackend::new(&mut written);
        out.draw(cells).unwrap();
        Backend::flush(&mut out).unwrap();
    }
    written.len()
}

fn full(buf: &Buffer) -> usize {
    let w = buf.area.width;
    bytes(
        buf.content()
            .iter()
            .enumerate()
            .map(|(i, c)| ((i as u16) % w, (i as u16) / w, c)),
    )
}

fn key(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

/// Every measure the `m` key reaches, in every view (`t`): a full frame
/// stays under the budget, and so does the redraw after a key that
/// recomputes the whole map.
#[test]
fn a_full_heatmap_frame_stays_under_the_byte_budget() {
    let mut app = App::new(
        screens::open_lab("heatmap", &LabParams::default()).unwrap(),
        Theme::FULL,
    );
    let mut worst = (0, String::new());
    for view in 0..3 {
        for measure in 0..5 {
            let before = frame(&app);
            key(&mut app, 'm');
            let after = frame(&app);
            let (f, d) = (full(&after), bytes(before.diff(&after).into_iter()));
            println!(
                "view {view} measure {measure}: full frame {f} bytes, redraw after m {d} bytes"
            );
            assert!(d <= f + 2_000, "a diff larger than the frame?");
            if f > worst.0 {
                worst = (f, format!("view {view}, measure {measure}"));
            }
            assert!(
                f <= FULL_FRAME_BUDGET,
                "{f} bytes for a full frame ({}), over the {FULL_FRAME_BUDGET} budget",
                worst.1
            );
        }
        key(&mut app, 't');
    }
    // The map is drawn at all: a frame of the lab is mostly map.
    assert!(worst.0 > 10_000, "only {} bytes: no map drawn?", worst.0);
}
