//! One keypress plus one full redraw of each lab into a 200x60 `TestBackend`:
//! the latency a learner feels. The budget is 8 ms per keypress.
//!
//! Keys alternate (right, left, ...) so the state neither drifts nor sticks
//! at a clamp. Labs with a cached landscape are measured twice: with a key
//! that only moves the current point (the cache is reused) and with a key
//! that changes the landscape's parameters (the cache is recomputed).

use criterion::{Criterion, criterion_group, criterion_main};
use kltutor::lab::LabParams;
use kltutor::tui::app::App;
use kltutor::tui::screens;
use kltutor::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;

fn app(name: &str) -> App {
    let params = LabParams::default();
    App::new(
        screens::open_lab(name, &params).expect("a registered lab"),
        Theme::FULL,
    )
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Benchmarks `name` with keys cycling through `keys`, one per iteration.
fn bench_lab(c: &mut Criterion, id: &str, name: &str, keys: &[KeyCode]) {
    let mut a = app(name);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    term.draw(|f| a.draw(f)).expect("draw");
    let mut i = 0usize;
    c.bench_function(id, |b| {
        b.iter(|| {
            a.on_key(key(keys[i % keys.len()]));
            i += 1;
            term.draw(|f| a.draw(f)).expect("draw");
            black_box(term.backend().buffer().area);
        })
    });
}

fn labs(c: &mut Criterion) {
    use KeyCode::{Char, Left, Right, Up};
    bench_lab(c, "bernoulli/move_q", "bernoulli", &[Right, Left]);
    bench_lab(
        c,
        "contributions/edit_q",
        "contributions",
        &[Up, KeyCode::Down],
    );
    bench_lab(c, "heatmap/move_point", "heatmap", &[Right, Left]);
    // Cycles KL, cross-entropy, JS, TV, Hellinger: a new 101x101 map each press.
    bench_lab(
        c,
        "heatmap/change_measure_recompute_map",
        "heatmap",
        &[Char('m')],
    );
    bench_lab(c, "loss/move_theta", "loss", &[Right, Left]);
    bench_lab(
        c,
        "loss/move_p_recompute_curve",
        "loss",
        &[Up, KeyCode::Down],
    );
    bench_lab(c, "modes/move_q", "modes", &[Right, Left]);
    bench_lab(
        c,
        "modes/change_separation_recompute_maps",
        "modes",
        &[Char('s'), Char('S')],
    );
    bench_lab(c, "compare/move_shift", "compare", &[Right, Left]);
    bench_lab(
        c,
        "compare/change_shape_recompute_curves",
        "compare",
        &[Char('b')],
    );
}

criterion_group!(benches, labs);
criterion_main!(benches);
