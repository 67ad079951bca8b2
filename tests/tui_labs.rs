//! Lab screens rendered into `TestBackend`: snapshots at 80x24 and 200x60,
//! and the numbers on screen equal to the engine's.

use kltutor::lab::LabParams;
use kltutor::tui::app::App;
use kltutor::tui::screens;
use kltutor::tui::theme::Theme;
use kltutor::tui::widgets::format::sig;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn lab(name: &str, p: f64, q: f64, theme: Theme) -> App {
    let params = LabParams {
        p: Some(p),
        q: Some(q),
        ..LabParams::default()
    };
    App::new(screens::open_lab(name, &params).unwrap(), theme)
}

#[test]
fn bernoulli_lab_snapshots() {
    let app = lab("bernoulli", 0.2, 0.5, Theme::FULL);
    insta::assert_snapshot!("bernoulli_80x24", render(&app, 80, 24));
    insta::assert_snapshot!("bernoulli_200x60", render(&app, 200, 60));
    let plain = lab("bernoulli", 0.2, 0.5, Theme::PLAIN);
    insta::assert_snapshot!("bernoulli_ascii_80x24", render(&plain, 80, 24));
}

#[test]
fn bernoulli_lab_shows_the_engines_numbers() {
    let mut app = lab("bernoulli", 0.2, 0.5, Theme::FULL);
    // Walk q down to 0.02: 48 fine steps.
    for _ in 0..48 {
        press(&mut app, KeyCode::Left);
    }
    let screen = render(&app, 100, 30);
    let d = kltutor::engine::kl(&[0.8, 0.2], &[0.98, 0.02], kltutor::engine::Norm::Strict).unwrap();
    let shown = format!("D(P‖Q) = {d:.4} nats");
    assert!(screen.contains(&shown), "expected {shown} in\n{screen}");
    // q = 0 is the infinite wall: said in words, never NaN.
    press(&mut app, KeyCode::Home);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("D(P‖Q) = ∞"), "{screen}");
    assert!(screen.contains("Infinite wall"), "{screen}");
    assert!(!screen.contains("NaN"));
}

#[test]
fn tiny_terminal_says_what_it_needs() {
    let app = lab("bernoulli", 0.2, 0.5, Theme::FULL);
    let screen = render(&app, 40, 10);
    assert!(
        screen.contains("at least") && screen.contains("60x16") && screen.contains("40x10"),
        "{screen}"
    );
}

#[test]
fn help_overlay_lists_the_screens_keys() {
    let mut app = lab("bernoulli", 0.2, 0.5, Theme::FULL);
    press(&mut app, KeyCode::Char('?'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("switch between p and q"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app, 80, 24).contains("switch between p and q"));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

/// Snapshots of one lab at both sizes and in plain ASCII without colour.
fn snapshots(name: &str, p: f64, q: f64) {
    let app = lab(name, p, q, Theme::FULL);
    insta::assert_snapshot!(format!("{name}_80x24"), render(&app, 80, 24));
    insta::assert_snapshot!(format!("{name}_200x60"), render(&app, 200, 60));
    let plain = lab(name, p, q, Theme::PLAIN);
    insta::assert_snapshot!(format!("{name}_ascii_80x24"), render(&plain, 80, 24));
}

/// Every lab is listed, opens by name, and never shows NaN at either size.
#[test]
fn every_lab_opens_and_draws() {
    for (name, _) in kltutor::lab::NAMES {
        for theme in [Theme::FULL, Theme::PLAIN] {
            let app = lab(name, 0.3, 0.6, theme);
            for (w, h) in [(60, 16), (80, 24), (200, 60)] {
                let s = render(&app, w, h);
                assert!(
                    !s.contains("NaN") && !s.contains("undefined"),
                    "{name} {w}x{h}\n{s}"
                );
            }
        }
    }
}

#[test]
fn heatmap_lab_snapshots() {
    snapshots("heatmap", 0.2, 0.6);
}

#[test]
fn heatmap_lab_shows_the_engines_numbers() {
    use kltutor::engine::parametric::bernoulli_kl;
    let mut app = lab("heatmap", 0.2, 0.6, Theme::FULL);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Down);
    let s = render(&app, 200, 60);
    let (f, r) = (
        bernoulli_kl(0.23, 0.59).unwrap(),
        bernoulli_kl(0.59, 0.23).unwrap(),
    );
    for want in [
        format!("D(P‖Q) = {} nats", sig(f, 4, false)),
        format!("D(Q‖P) = {} nats", sig(r, 4, false)),
    ] {
        assert!(s.contains(&want), "expected {want} in\n{s}");
    }
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('t'));
    let s = render(&app, 200, 60);
    assert!(
        s.contains(" D(P‖Q) = D(Bern(p)‖Bern(q)) ") && s.contains(" D(Q‖P) = D(Bern(q)‖Bern(p)) ")
    );
    press(&mut app, KeyCode::Home);
    assert!(render(&app, 80, 24).contains("D(P‖Q) = ∞"));
}

#[test]
fn contributions_lab_snapshots() {
    snapshots("contributions", 0.6, 0.2);
}

/// The table's terms and the totals are the engine's, at the same rounding.
#[test]
fn contributions_lab_shows_the_engines_numbers() {
    use kltutor::engine::{Norm, cross_entropy, kl, kl_terms};
    let mut app = lab("contributions", 0.6, 0.2, Theme::FULL);
    // Edit Q: outcome 2 up by 0.1 and 0.02.
    press(&mut app, KeyCode::Right);
    app.on_key(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    let p = [0.6, 0.1, 0.1, 0.1, 0.1];
    let q2: f64 = 0.32;
    let rest = (1.0 - q2) / 0.8;
    let q = [0.2 * rest, q2, 0.2 * rest, 0.2 * rest, 0.2 * rest];
    let s = render(&app, 200, 60);
    let d = kl(&p, &q, Norm::Normalize).unwrap();
    let want = format!("D(P‖Q) = {}", sig(d, 4, false));
    assert!(s.contains(&want), "expected {want} in\n{s}");
    let terms = kl_terms(&p, &q, Norm::Normalize).unwrap();
    for t in &terms {
        let cell = format!("{:>8}", sig(t.contribution, 3, false));
        assert!(s.contains(&cell), "expected term {cell} in\n{s}");
    }
    assert!(terms[1].contribution < 0.0);
    // Cross-entropy mode: the total in the chart's title.
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('m'));
    let s = render(&app, 200, 60);
    let ce = cross_entropy(&p, &q, Norm::Normalize).unwrap();
    let want = format!("total H(P,Q) = {} nats", sig(ce, 4, false));
    assert!(s.contains(&want), "expected {want} in\n{s}");
    // Q(x2) = 0: an infinite term, said as such.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Char('m'));
    let s = render(&app, 80, 24);
    assert!(s.contains("D(P‖Q) = ∞") && !s.contains("NaN"), "{s}");
}

#[test]
fn loss_lab_snapshots() {
    snapshots("loss", 0.2, 0.6);
}

#[test]
fn loss_lab_shows_the_engines_numbers_and_descends() {
    use kltutor::engine::parametric::{bernoulli_kl, gaussian_kl};
    let mut app = lab("loss", 0.2, 0.6, Theme::FULL);
    let s = render(&app, 200, 60);
    let want = format!(
        "D(P‖Q) = {} nats",
        sig(bernoulli_kl(0.2, 0.6).unwrap(), 4, false)
    );
    assert!(s.contains(&want), "expected {want} in\n{s}");
    // The slope on screen is the derivative (q - p)/(q(1 - q)) to 4 digits.
    let slope = format!("slope  = {}", sig((0.6 - 0.2) / (0.6 * 0.4), 4, false));
    assert!(s.contains(&slope), "expected {slope} in\n{s}");
    // Gaussian mean: P = N(1, 1), Q = N(-2, 1).
    press(&mut app, KeyCode::Char('f'));
    let s = render(&app, 200, 60);
    let want = format!(
        "D(P‖Q) = {} nats",
        sig(gaussian_kl(1.0, 1.0, -2.0, 1.0).unwrap(), 4, false)
    );
    assert!(s.contains(&want), "expected {want} in\n{s}");
    // Animated descent ends at the minimum, mu = 1.
    press(&mut app, KeyCode::Char('G'));
    assert!(app.animating());
    for _ in 0..1000 {
        if !app.animating() {
            break;
        }
        app.on_tick();
    }
    assert!(!app.animating());
    let s = render(&app, 200, 60);
    assert!(s.contains("μ = 1.00"), "{s}");
    // q at the wall: infinite, said in words.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('f'));
    }
    press(&mut app, KeyCode::Home);
    let s = render(&app, 80, 24);
    assert!(s.contains("D(P‖Q) = ∞") && !s.contains("NaN"), "{s}");
}

#[test]
fn modes_lab_snapshots() {
    snapshots("modes", 0.5, 1.5);
}

/// The lesson of the `modes` lab: for 0.5 N(-3,1) + 0.5 N(3,1), the forward
/// optimum is wider than the reverse one and sits between the modes, the
/// reverse optimum sits on a mode, and the animated fit ends at each.
#[test]
fn modes_lab_teaches_covering_versus_seeking() {
    use kltutor::lab::modes::{Direction, ModesLab};
    let lab = ModesLab::new(0.5, 1.5);
    assert_eq!((lab.sep, lab.w), (6.0, 0.5));
    let (fm, fs) = lab.forward_min();
    let &(rm, rs, _) = &lab.reverse_mins()[0];
    assert!(fs > rs + 1.0, "forward sigma {fs} vs reverse {rs}");
    assert!(
        fm > -3.0 + 1.0 && fm < 3.0 - 1.0,
        "forward mean {fm} between the modes"
    );
    assert!((rm.abs() - 3.0).abs() < 0.1, "reverse mean {rm} on a mode");
    assert!((rs - 1.0).abs() < 0.1);

    // Animated fits, driven through the app's tick like the run loop does.
    let mut app = lab_app_modes();
    press(&mut app, KeyCode::Char('f'));
    assert!(app.animating());
    let mut ticks = 0;
    while app.animating() && ticks < 5000 {
        app.on_tick();
        ticks += 1;
    }
    assert!(!app.animating(), "the forward fit ends");
    // It ends on the forward minimum, as the panel shows.
    let s = render(&app, 200, 60);
    let want = format!("Q = N(μ, σ²): μ = 0.00, σ = {fs:.2}");
    assert!(s.contains(&want), "expected {want} in\n{s}");
    let mut fwd = ModesLab::new(0.5, 1.5);
    fwd.fit_to_end();
    assert!(
        fwd.mu.abs() < 0.01 && (fwd.sigma - fs).abs() < 0.01,
        "{} {}",
        fwd.mu,
        fwd.sigma
    );
    let mut rev = ModesLab::new(0.5, 1.5);
    rev.toggle_direction();
    assert_eq!(rev.direction, Direction::Reverse);
    rev.fit_to_end();
    assert!(
        (rev.mu - 3.0).abs() < 0.1 && (rev.sigma - 1.0).abs() < 0.1,
        "{} {}",
        rev.mu,
        rev.sigma
    );
    assert!(
        rev.reverse_mins()
            .iter()
            .any(|m| (m.0 - rev.mu).abs() < 0.02 && (m.1 - rev.sigma).abs() < 0.02)
    );
    assert!(fwd.sigma > rev.sigma + 1.0);
}

fn lab_app_modes() -> App {
    lab("modes", 0.5, 1.5, Theme::FULL)
}

#[test]
fn modes_lab_shows_the_engines_numbers() {
    use kltutor::engine::continuous::{
        Gaussian, Mixture2, kl_from_gaussian, kl_mixture_to_gaussian_forward,
    };
    let mut app = lab("modes", 0.5, 1.5, Theme::FULL);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Up);
    let p = Mixture2::new(0.5, -3.0, 1.0, 3.0, 1.0).unwrap();
    let q = Gaussian::new(1.6, 1.05).unwrap();
    let f = kl_mixture_to_gaussian_forward(&p, &q).unwrap().value;
    let r = kl_from_gaussian(&q, &p, 1e-6).unwrap().value;
    let s = render(&app, 200, 60);
    for want in [
        format!("D(P‖Q) = {} nats", sig(f, 4, false)),
        format!("D(Q‖P) = {} nats", sig(r, 4, false)),
    ] {
        assert!(s.contains(&want), "expected {want} in\n{s}");
    }
}

#[test]
fn compare_lab_snapshots() {
    snapshots("compare", 0.5, 2.0);
}

/// The table shows the engine's six measures; the block's KL turns infinite
/// while JS saturates at ln 2, TV at 1, and W1 equals the shift.
#[test]
fn compare_lab_shows_the_engines_numbers() {
    use kltutor::engine::{Norm, js, kl, total_variation, wasserstein1};
    use kltutor::lab::compare::CompareLab;
    let mut app = lab("compare", 0.5, 2.0, Theme::FULL);
    press(&mut app, KeyCode::Right);
    let model = CompareLab::new(2.25);
    let (p, q) = (model.p().to_vec(), model.q());
    let s = render(&app, 200, 60);
    let want = [
        sig(kl(&p, &q, Norm::Normalize).unwrap(), 4, false),
        sig(js(&p, &q, Norm::Normalize).unwrap(), 4, false),
        sig(total_variation(&p, &q, Norm::Normalize).unwrap(), 4, false),
        sig(
            wasserstein1(&p, &q, Some(model.xs()), Norm::Normalize).unwrap(),
            4,
            false,
        ),
    ];
    for w in want {
        assert!(s.contains(&w), "expected {w} in\n{s}");
    }
    assert!(s.contains("shift = 2.25"));
    // Block, shifted past its width: KL infinite, JS = ln 2, TV = 1, W1 = 10.
    press(&mut app, KeyCode::Char('b'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('L'));
    }
    let s = render(&app, 200, 60);
    assert!(s.contains("shift = 9.75"), "{s}");
    for w in [
        "D(P‖Q)    ∞ nats",
        "JS        0.6931 nats",
        "TV        1.000",
        "W1        9.750 x units",
    ] {
        assert!(s.contains(w), "expected {w} in\n{s}");
    }
    assert!(s.contains("Supports are disjoint now."));
}

/// Every key of every lab, many times over, at the smallest and largest
/// sizes, in both themes: no panic, no NaN, and animations end.
#[test]
fn every_lab_survives_every_key() {
    let codes = [
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Tab,
        KeyCode::Enter,
    ];
    let chars = "aAbcCdefgGHJKLmprsStuwWx0+-= ";
    for (name, _) in kltutor::lab::NAMES {
        for theme in [Theme::FULL, Theme::PLAIN] {
            let mut app = lab(name, 0.3, 0.6, theme);
            for round in 0..12 {
                for (i, c) in codes.iter().enumerate() {
                    for _ in 0..(1 + (i + round) % 3) {
                        press(&mut app, *c);
                    }
                    if i % 3 == 0 {
                        app.on_key(KeyEvent::new(*c, KeyModifiers::SHIFT));
                    }
                }
                for ch in chars.chars() {
                    press(&mut app, KeyCode::Char(ch));
                    let mut ticks = 0;
                    while app.animating() && ticks < 3000 {
                        app.on_tick();
                        ticks += 1;
                    }
                    assert!(!app.animating(), "{name}: an animation that never ends");
                }
                let (w, h) = [(60, 16), (80, 24), (200, 60)][round % 3];
                let s = render(&app, w, h);
                assert!(
                    !s.contains("NaN") && !s.contains("undefined"),
                    "{name} {w}x{h}\n{s}"
                );
            }
            assert!(!app.should_quit());
        }
    }
}

/// The home screen lists every lab, and Enter on each lab entry opens it.
#[test]
fn home_opens_every_lab() {
    use kltutor::lesson::catalog::Catalog;
    use kltutor::progress::Store;
    use kltutor::tui::context::Context;
    use kltutor::tui::screens::home::Home;
    use kltutor::tutor::SeededSeeds;
    let names = kltutor::lab::NAMES;
    assert_eq!(names.len(), 6);
    let dir = std::env::temp_dir().join(format!("kltutor-home-labs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let home = || {
        let ctx = Context::new(
            Catalog::default(),
            Store::open(&dir).unwrap(),
            Box::new(SeededSeeds::new(1)),
        );
        App::new(Box::new(Home::new(&ctx)), Theme::FULL)
    };
    let s = render(&home(), 100, 30);
    for (name, _) in names {
        assert!(s.contains(name), "{name} missing from home\n{s}");
    }
    // Walk down the entries; every lab must open from one of them.
    let mut opened = std::collections::BTreeSet::new();
    for i in 0..40 {
        let mut app = home();
        for _ in 0..i {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        let title = app.current().title();
        if title.starts_with("Lab:") {
            // Each lab's keys are listed for the help overlay.
            assert!(app.current().keys().len() >= 5, "{title}");
            opened.insert(title);
        }
    }
    assert_eq!(opened.len(), names.len(), "opened {opened:?}");
}

/// Observations from a lesson replace the lab's own.
#[test]
fn observations_from_params_replace_the_defaults() {
    for (name, _) in kltutor::lab::NAMES {
        let params = LabParams {
            observations: vec!["Lesson prompt: look at the wall.".into()],
            ..LabParams::default()
        };
        let app = App::new(screens::open_lab(name, &params).unwrap(), Theme::FULL);
        let s = render(&app, 200, 60);
        assert!(
            s.contains("Lesson prompt: look at the wall."),
            "{name}\n{s}"
        );
        assert!(!s.contains("Try this\n• The"), "{name}");
    }
}

/// Parameters from a lesson block: whole distributions with labels and a
/// unit for `contributions`, a measure for `heatmap`.
#[test]
fn lesson_parameters_reach_the_labs() {
    use kltutor::engine::{Base, Norm, kl};
    use kltutor::quantity::Measure;
    let params = LabParams {
        p_dist: vec![0.5, 0.3, 0.2],
        q_dist: vec![0.2, 0.3, 0.5],
        labels: vec!["sun".into(), "rain".into(), "snow".into()],
        unit: Some(Base::Two),
        ..LabParams::default()
    };
    let app = App::new(
        screens::open_lab("contributions", &params).unwrap(),
        Theme::FULL,
    );
    let s = render(&app, 200, 60);
    let d = kl(&[0.5, 0.3, 0.2], &[0.2, 0.3, 0.5], Norm::Strict).unwrap() / std::f64::consts::LN_2;
    let want = format!("D(P‖Q) = {} bits", sig(d, 4, false));
    assert!(
        s.contains(&want) && s.contains("rain"),
        "expected {want} in\n{s}"
    );
    let params = LabParams {
        p: Some(0.1),
        q: Some(0.5),
        measure: Some(Measure::Tv),
        ..LabParams::default()
    };
    let app = App::new(screens::open_lab("heatmap", &params).unwrap(), Theme::FULL);
    let s = render(&app, 200, 60);
    assert!(
        s.contains("TV(P,Q) = 0.4000") && s.contains("symmetric"),
        "{s}"
    );

    // modes: a wider mixture than the lab's default, still in its maps.
    use kltutor::engine::continuous::{Gaussian, Mixture2, kl_mixture_to_gaussian_forward};
    let params = LabParams {
        separation: Some(12.0),
        sigma: Some(2.0),
        weight: Some(0.3),
        ..LabParams::default()
    };
    let app = App::new(screens::open_lab("modes", &params).unwrap(), Theme::FULL);
    let s = render(&app, 200, 60);
    let p = Mixture2::new(0.3, -6.0, 2.0, 6.0, 2.0).unwrap();
    let f = kl_mixture_to_gaussian_forward(&p, &Gaussian::new(3.0, 2.0).unwrap())
        .unwrap()
        .value;
    let want = format!("D(P‖Q) = {} nats", sig(f, 4, false));
    assert!(s.contains("separation 12, σ 2.0, left weight 0.30"), "{s}");
    assert!(s.contains(&want), "expected {want} in\n{s}");

    // loss: a categorical P; Q starts uniform, and cross-entropy = entropy + KL.
    use kltutor::engine::{cross_entropy, entropy};
    let params = LabParams {
        p_dist: vec![0.7, 0.2, 0.1],
        ..LabParams::default()
    };
    let app = App::new(screens::open_lab("loss", &params).unwrap(), Theme::FULL);
    let s = render(&app, 200, 60);
    let (p, u) = ([0.7, 0.2, 0.1], [1.0 / 3.0; 3]);
    let n = Norm::Normalize;
    for w in [
        format!("D(P‖Q) = {} nats", sig(kl(&p, &u, n).unwrap(), 4, false)),
        format!(
            "H(P,Q) = {} nats",
            sig(cross_entropy(&p, &u, n).unwrap(), 4, false)
        ),
        format!("H(P) {}", sig(entropy(&p, n).unwrap(), 4, false)),
    ] {
        assert!(s.contains(&w), "expected {w} in\n{s}");
    }

    // compare: a lesson's P and Q, measured as given, then Q moved.
    use kltutor::engine::{hellinger, js};
    let (p, q) = ([0.5, 0.3, 0.2], [0.2, 0.3, 0.5]);
    let params = LabParams {
        p_dist: p.to_vec(),
        q_dist: q.to_vec(),
        ..LabParams::default()
    };
    let mut app = App::new(screens::open_lab("compare", &params).unwrap(), Theme::FULL);
    let s = render(&app, 200, 60);
    for w in [
        sig(kl(&p, &q, Norm::Strict).unwrap(), 4, false),
        sig(kl(&q, &p, Norm::Strict).unwrap(), 4, false),
        sig(js(&p, &q, Norm::Strict).unwrap(), 4, false),
        sig(hellinger(&p, &q, Norm::Strict).unwrap(), 4, false),
    ] {
        assert!(s.contains(&w), "expected {w} in\n{s}");
    }
    press(&mut app, KeyCode::Right);
    let s = render(&app, 200, 60);
    assert!(
        s.contains("shift = 1.00") && s.contains("D(P‖Q)    ∞ nats"),
        "{s}"
    );
}

/// Outcome labels under the term bars never run into each other: with four
/// near-equal negative terms at 80 columns the labels keep a space between
/// them (they once read "2 -0.0143 -0.0144 -0.014", digits that were not there).
#[test]
fn contributions_term_labels_keep_apart() {
    let params = LabParams {
        p_dist: vec![0.28, 0.24, 0.24, 0.24],
        q_dist: vec![0.25, 0.25, 0.25, 0.25],
        labels: ["1", "2", "3", "4"].map(String::from).to_vec(),
        unit: Some(kltutor::engine::Base::Two),
        observations: vec!["Q is the uniform distribution.".into()],
        ..LabParams::default()
    };
    let app = App::new(
        screens::open_lab("contributions", &params).unwrap(),
        Theme::FULL,
    );
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let s = render(&app, w, h);
        assert!(!s.contains("-0.0143") && !s.contains("-0.0144"), "{s}");
    }
}

/// A term that is zero (P(x) = Q(x)) shows as 0 with no bar; an infinite
/// term (Q(x) = 0 < P(x)) is a full-height wall capped with ∞.
#[test]
fn contributions_zero_and_infinite_terms() {
    let params = LabParams {
        p_dist: vec![0.5, 0.3, 0.2],
        q_dist: vec![0.5, 0.5, 0.0],
        labels: vec!["same".into(), "less".into(), "wall".into()],
        ..LabParams::default()
    };
    let app = App::new(
        screens::open_lab("contributions", &params).unwrap(),
        Theme::FULL,
    );
    let s = render(&app, 80, 24);
    assert!(s.contains('∞'), "{s}");
    assert!(s.contains("same 0 ") || s.contains("same"), "{s}");
    insta::assert_snapshot!("contributions_zero_wall_80x24", s);
    insta::assert_snapshot!("contributions_zero_wall_200x60", render(&app, 200, 60));
    // Rounding noise from normalising counts is a zero term too.
    let noisy = LabParams {
        p_dist: vec![1.0, 2.0, 7.0],
        q_dist: vec![0.1, 0.2, 0.7],
        ..LabParams::default()
    };
    let lab = screens::lab_contributions::ContributionsScreen::new(&noisy).lab;
    assert!(lab.terms().iter().all(|t| *t == 0.0), "{:?}", lab.terms());
}

/// Issue 13 §4: a Gaussian problem whose means and spreads both differ,
/// P = N(1, 2²), Q = N(1.7, 1.2²), opens the loss lab's mean family with
/// Q's spread fixed (both divided by P's σ = 2: P = N(0.5, 1), Q = N(μ, 0.6²)
/// at μ = 0.85); the point is the problem's own D = 0.5482022 nats
/// (python3), and the lab's prompts are the problem's, not the family's.
#[test]
fn a_gaussian_problem_opens_the_loss_lab_on_its_pair() {
    use kltutor::engine::{Base, Norm};
    use kltutor::quantity::{Inputs, Measure, Quantity};
    let q = Quantity {
        measure: Measure::Kl,
        inputs: Inputs::Gaussian {
            mu1: 1.0,
            sigma1: 2.0,
            mu2: 1.7,
            sigma2: 1.2,
        },
        base: Base::E,
        norm: Norm::Strict,
    };
    let (name, params) = kltutor::lab::problem_lab(&q, &[], None).unwrap();
    assert_eq!(name, "loss");
    let app = App::new(screens::open_lab(name, &params).unwrap(), Theme::FULL);
    let s = render(&app, 160, 48);
    assert!(s.contains("Q = N(μ, 0.6²)"), "{s}");
    assert!(s.contains("D(P‖Q) = 0.5482 nats"), "{s}");
    assert!(s.contains("Your pair is P = N(1, 2²)"), "{s}");
    assert!(s.contains("both divided by 2"), "{s}");
    assert!(!s.contains("The curve is a parabola"), "{s}");
}
