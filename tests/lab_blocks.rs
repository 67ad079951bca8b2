//! Every bundled lesson's lab block opens its lab in a state where what the
//! observations promise is true (issue 9 §5): each block is run through
//! `LabParams::from_lesson` and the lab screen's own constructor, and the
//! stated effect is asserted on the lab's numbers.

use kltutor::lab::LabParams;
use kltutor::lab::modes::Direction;
use kltutor::lesson::catalog::{Catalog, bundled_files};
use kltutor::lesson::model::LabParams as Block;
use kltutor::tui::screens::{
    lab_bernoulli::BernoulliScreen, lab_compare::CompareScreen,
    lab_contributions::ContributionsScreen, lab_loss::LossScreen, lab_modes::ModesScreen,
};

fn labs() -> Vec<(String, kltutor::lesson::model::Lab)> {
    let c = Catalog::from_files(&bundled_files());
    c.lessons
        .iter()
        .flat_map(|l| l.labs().map(move |b| (l.id.clone(), b.clone())))
        .collect()
}

/// Modes: forward covers (centred, wider than half the separation); reverse
/// has two off-centre minima, each about as narrow as a bump; the animated
/// reverse fit from the block's start ends on a bump, not in the saddle at
/// μ = 0; and a heavier left bump is the reverse fit's best choice.
fn modes(params: &LabParams) {
    let lab = ModesScreen::new(params).lab;
    let (sep, s) = (lab.sep, lab.comp_sigma);
    let (fm, fs) = lab.forward_min();
    assert!(
        fm.abs() < 0.05 * sep && fs > sep / 2.0,
        "forward ({fm}, {fs})"
    );
    let mins = lab.reverse_mins();
    assert_eq!(mins.len(), 2, "reverse minima {mins:?} at separation {sep}");
    assert!(mins[0].0 * mins[1].0 < 0.0, "{mins:?}");
    for (m, sd, _) in mins {
        assert!(
            m.abs() > sep / 4.0,
            "a reverse minimum at μ = {m} is not off-centre"
        );
        assert!(
            *sd < 1.5 * s,
            "a reverse minimum with σ = {sd} does not hug a bump"
        );
    }
    let mut fit = ModesScreen::new(params).lab;
    fit.direction = Direction::Reverse;
    fit.fit_to_end();
    assert!(
        fit.mu.abs() > sep / 4.0 && fit.sigma < 1.5 * s,
        "reverse fit stopped at ({}, {})",
        fit.mu,
        fit.sigma
    );
    // From exactly the mirror axis too (the saddle).
    let mut axis = ModesScreen::new(&LabParams {
        q: Some(0.0),
        ..params.clone()
    })
    .lab;
    axis.direction = Direction::Reverse;
    axis.fit_to_end();
    // From the mirror axis the fit may rest in the wide local minimum
    // between the modes, but then the lab says so.
    if axis.mu.abs() < sep / 4.0 {
        let note = axis
            .fit_note()
            .expect("a fit resting between the modes is explained");
        assert!(note.contains("local minimum"), "{note}");
    } else {
        assert_eq!(axis.fit_note(), None);
    }
    assert_eq!(fit.fit_note(), None);
    let heavy = ModesScreen::new(&LabParams {
        weight: Some(0.7),
        ..params.clone()
    })
    .lab;
    assert!(
        heavy.reverse_mins()[0].0 < 0.0,
        "{:?}",
        heavy.reverse_mins()
    );
}

#[test]
fn every_bundled_lab_block_shows_what_its_observations_promise() {
    let all = labs();
    assert!(all.len() >= 6, "{}", all.len());
    let mut kinds = std::collections::BTreeSet::new();
    for (lesson, block) in &all {
        let params = LabParams::from_lesson(block);
        let here = format!("{lesson}/{}", block.id);
        match &block.params {
            Block::Modes { .. } => {
                kinds.insert("modes");
                modes(&params);
            }
            Block::Bernoulli { p, q, .. } => {
                kinds.insert("bernoulli");
                let lab = BernoulliScreen::new(&params).lab;
                let d = |x: f64| lab.divergence(*p, x);
                // A single valley with its floor at q = p, walls at both ends,
                // and the two edges a hundredth away differ a lot.
                let said = |w: &str| block.observations.iter().any(|o| o.contains(w));
                assert_eq!(d(*p), 0.0, "{here}");
                assert!(d(0.01) > d(*q) && d(0.99) > d(*q), "{here}");
                assert!(d(0.0).is_infinite() || *p == 0.0, "{here}");
                if said("0.99") {
                    // "Compare q = 0.01 with q = 0.99 ... differ a lot".
                    assert!((d(0.99) / d(0.01)).max(d(0.01) / d(0.99)) > 1.5, "{here}");
                }
                if said("0.06") {
                    // "set p to 0.05 and q to 0.06: the same step of 0.01 costs about
                    // five times as much" as at p = 0.5, q = 0.51.
                    let r = lab.divergence(0.05, 0.06) / lab.divergence(0.5, 0.51);
                    assert!((4.0..6.0).contains(&r), "{here}: {r}");
                }
                if said("four times the data") {
                    // The exponent shrinks with the square of the gap: halving the gap
                    // divides it by about four.
                    let g = 0.1;
                    let r = d(p + g) / d(p + g / 2.0);
                    assert!((3.5..4.5).contains(&r), "{here}: {r}");
                }
                if said("Fisher") {
                    // The curvature at q = p is the Fisher information 1/(p(1-p)) (nats).
                    let h = 1e-4;
                    let curv = (d(p + h) - 2.0 * d(*p) + d(p - h)) / (h * h);
                    let fisher = 1.0 / (p * (1.0 - p));
                    assert!(
                        (curv / fisher - 1.0).abs() < 1e-3,
                        "{here}: {curv} vs {fisher}"
                    );
                }
            }
            Block::Contributions { p, q, .. } => {
                kinds.insert("contributions");
                let lab = ContributionsScreen::new(&params).lab;
                assert_eq!(lab.n(), p.len(), "{here}");
                assert!(lab.total() > 0.0, "{here}");
                let sum: f64 = lab.terms().iter().sum();
                assert!((sum - lab.total()).abs() < 1e-9, "{here}");
                // Some term is negative (a bar dips below zero), the total is not.
                assert!(
                    lab.terms().iter().any(|t| *t < 0.0),
                    "{here}: {:?}",
                    lab.terms()
                );
                // Q = P: every bar drops to zero.
                let same = ContributionsScreen::new(&LabParams {
                    q_dist: p.clone(),
                    ..params.clone()
                })
                .lab;
                assert!(
                    same.terms().iter().all(|t| *t == 0.0),
                    "{here}: {:?}",
                    same.terms()
                );
                let n = q.len() as f64;
                if q.iter().all(|x| *x == q[0]) {
                    // Q uniform: D(P‖U) = log n − H(P) in the lab's unit; `e` (uniform
                    // P) gives 0 and the maximal entropy; raising one outcome from there
                    // raises the total at every step; all of P on one outcome gives the
                    // full log n.
                    let mut lab = ContributionsScreen::new(&params).lab;
                    let log_n = lab.base.from_nats(n.ln());
                    let [fwd, _, _, h] = lab.summary();
                    assert!((fwd - (log_n - h)).abs() < 1e-9, "{here}");
                    lab.editing = kltutor::lab::contributions::Dist::P;
                    lab.selected = 0;
                    lab.uniform();
                    let [fwd, _, _, h] = lab.summary();
                    assert!(fwd.abs() < 1e-12, "{here}");
                    assert!((h - log_n).abs() < 1e-9, "{here}");
                    let mut last = lab.total();
                    while lab.p[0] < 0.99 {
                        lab.nudge(0.01);
                        assert!(lab.total() > last, "{here}: {:?}", lab.p);
                        last = lab.total();
                    }
                    lab.set(1.0);
                    assert!((lab.total() - log_n).abs() < 1e-9, "{here}");
                }
            }
            Block::Loss { .. } => {
                kinds.insert("loss");
                let lab = LossScreen::new(&params).lab;
                // The loss sits above the entropy floor, the gap is D(P‖Q),
                // and the floor is reached at the optimum.
                let (h, ce) = lab.entropies().expect("a discrete family");
                assert!(ce > h, "{here}");
                assert!((ce - h - lab.loss()).abs() < 1e-9, "{here}");
                assert!(lab.loss_at(lab.optimum()).abs() < 1e-9, "{here}");
                let said = |w: &str| block.observations.iter().any(|o| o.contains(w));
                if said("square of the remaining gap") {
                    // Halving the gap to θ = 1 quarters the divergence (roughly).
                    let r = lab.loss_at(0.95) / lab.loss_at(0.9);
                    assert!((r - 0.25).abs() < 0.03, "{here}: {r}");
                }
                if said("Press f") && said("wall") {
                    // f leads to a Bernoulli model whose loss climbs a wall at q = 0.
                    let mut lab = lab.clone();
                    lab.next_family();
                    assert_eq!(lab.family, kltutor::lab::loss::Family::BernoulliQ, "{here}");
                    assert!(lab.loss_at(0.0).is_infinite(), "{here}");
                    assert!(lab.loss_at(0.001) > lab.loss_at(0.01), "{here}");
                    assert!(lab.loss_at(0.01) > lab.loss_at(0.1), "{here}");
                }
            }
            Block::Compare { .. } => {
                kinds.insert("compare");
                let lab = CompareScreen::new(&params).lab;
                let v = lab.values();
                // KL and reverse KL differ for the starting pair.
                assert!((v[0] - v[1]).abs() > 0.01 * v[0], "{here}: {v:?}");
                let said = |w: &str| block.observations.iter().any(|o| o.contains(w));
                if said("Press → once") {
                    // One step of the shift: KL infinite both ways, the bounded
                    // f-divergences finite and below their ceilings.
                    let one = lab.values_at(lab.shape.shift_step());
                    assert!(
                        one[0].is_infinite() && one[1].is_infinite(),
                        "{here}: {one:?}"
                    );
                    assert!(
                        one[2] < lab.js_limit() && one[3] < 1.0 && one[4] < 1.0,
                        "{here}"
                    );
                    // ... and they rise from the starting pair ("only rise").
                    for (now, start) in one[2..5].iter().zip(&v[2..5]) {
                        assert!(now > start, "{here}: {one:?} from {v:?}");
                    }
                }
                if said("ceilings") {
                    // From the parting shift on, JS, TV and Hellinger sit at ln 2, 1
                    // and 1 while W1 keeps growing.
                    let d = lab.disjoint_from().expect("the supports part");
                    let (a, b) = (lab.values_at(d), lab.values_at(d + 5.0));
                    for v in [a, b] {
                        assert!((v[2] - lab.js_limit()).abs() < 1e-12, "{here}: {v:?}");
                        assert!((v[3] - 1.0).abs() < 1e-12 && (v[4] - 1.0).abs() < 1e-12);
                    }
                    assert!(b[5] > a[5] + 4.0, "{here}: W1 {} then {}", a[5], b[5]);
                }
            }
            Block::Heatmap { .. } => {
                kinds.insert("heatmap");
            }
        }
    }
    assert!(kinds.contains("modes"), "{kinds:?}");
}

/// `kltutor lab NAME` with the flags the lab takes, as `main` parses them.
#[derive(clap::Parser)]
struct LabCommand {
    #[command(flatten)]
    args: kltutor::cli::lab::LabArgs,
}

/// Every bundled lab block's plain-mode line names a runnable `kltutor lab`
/// command, and that command, parsed as `main` parses it, opens the lab with
/// exactly the block's settings (issue 9: `learn --plain` reproduces the
/// lesson's lab, not the lab's defaults).
#[test]
fn every_bundled_lab_blocks_plain_line_reproduces_its_settings() {
    use clap::Parser;
    let all = labs();
    assert!(all.len() >= 6, "{}", all.len());
    for (lesson, block) in &all {
        let here = format!("{lesson}/{}", block.id);
        let lines = kltutor::plain::lab_lines(block);
        let cmd = kltutor::cli::lab::command_line(&block.params);
        assert!(
            lines[0].ends_with(&cmd),
            "{here}: the plain line does not end in the command:\n{}",
            lines[0]
        );
        // A simple shell split: the bundled blocks need no quoting.
        assert!(!cmd.contains('\''), "{here}: {cmd}");
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(&words[..2], ["kltutor", "lab"], "{here}: {cmd}");
        let parsed = LabCommand::try_parse_from(words[1..].iter().copied())
            .unwrap_or_else(|e| panic!("{here}: {cmd}: {e}"));
        let from_cli = kltutor::cli::lab::params(&parsed.args)
            .unwrap_or_else(|e| panic!("{here}: {cmd}: refused: {e}"));
        let mut from_block = LabParams::from_lesson(block);
        from_block.observations.clear();
        assert_eq!(from_cli, from_block, "{here}: {cmd}");
        // Every setting the block gives appears as a flag.
        match &block.params {
            Block::Modes { .. } => {
                for f in ["--separation", "--sigma", "--weight"] {
                    assert!(cmd.contains(f), "{here}: {cmd}");
                }
            }
            Block::Compare { .. } => {}
            _ => assert!(cmd.contains("--unit"), "{here}: {cmd}"),
        }
    }
}

/// A lab block whose labels need quoting still gives one shell word each.
#[test]
fn a_lab_commands_labels_are_quoted_for_the_shell() {
    let block = Block::Contributions {
        p: vec![0.5, 0.5],
        q: vec![0.25, 0.75],
        labels: vec!["it's sunny".into(), "rain".into()],
        unit: kltutor::engine::Base::Two,
    };
    assert_eq!(
        kltutor::cli::lab::command_line(&block),
        r"kltutor lab contributions --p 0.5,0.5 --q 0.25,0.75 --labels 'it'\''s sunny,rain' --unit bits"
    );
}
