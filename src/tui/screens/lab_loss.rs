//! Draws the `loss` lab: the curve of D(P‖Q_θ) over θ, the tangent at the
//! current θ, walls where the loss is infinite, and the engine's numbers.

use crate::lab::LabParams;
use crate::lab::loss::{Family, LossLab};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::format::{sig, text, with_unit};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};

pub struct LossScreen {
    pub lab: LossLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

impl LossScreen {
    pub fn new(params: &LabParams) -> LossScreen {
        let mut lab = LossLab::new(params.p.unwrap_or(0.2), params.q.unwrap_or(0.6))
            .with_categorical(&params.p_dist);
        if let Some(u) = params.unit {
            lab.set_unit(u);
        }
        // The family first: the observations belong to the family the lab
        // opens on (a problem's Gaussian pair moves it off the default).
        if let Some([m1, s1, m2, s2]) = params.gaussian
            && let Some(g) = lab.clone().with_gaussian(m1, s1, m2, s2)
        {
            lab = g;
        }
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
            lab.observations_family = lab.family;
        }
        LossScreen {
            lab,
            panel: Scroll::default(),
        }
    }
}

/// The y range: the curve up to a cap (6 nats), raised to keep the current point in view.
fn y_max(lab: &LossLab) -> f64 {
    let cap = lab.base.from_nats(if lab.family == Family::BernoulliQ {
        4.0
    } else {
        6.0
    });
    let top = lab.curve().iter().map(|(_, d)| *d).fold(0.0, f64::max);
    let mut m = top.min(cap);
    let f = lab.loss();
    if f.is_finite() {
        m = m.max(f * 1.15);
    }
    m.max(0.1)
}

impl Screen for LossScreen {
    fn title(&self) -> String {
        "Lab: loss landscape".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left => lab.move_theta(-1.0),
            Action::Right => lab.move_theta(1.0),
            Action::BigLeft => lab.move_theta(-10.0),
            Action::BigRight => lab.move_theta(10.0),
            Action::Up => lab.move_truth(1.0),
            Action::Down => lab.move_truth(-1.0),
            Action::BigUp | Action::PageUp => lab.move_truth(10.0),
            Action::BigDown | Action::PageDown => lab.move_truth(-10.0),
            Action::Home => lab.set_theta(lab.family.range().0),
            Action::End => lab.set_theta(lab.family.range().1),
            Action::Char('g') => {
                lab.descending = false;
                lab.descend();
            }
            Action::Char('G') | Action::Char(' ') => lab.toggle_descent(),
            Action::Char('f') | Action::NextPane | Action::PrevPane => lab.next_family(),
            Action::Char('u') => lab.toggle_unit(),
            Action::Tick => lab.tick(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn animating(&self) -> bool {
        self.lab.descending
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let a = t.ascii;
        let side = if area.width >= 110 { 44 } else { 30 };
        let [chart_area, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        let unit = lab.base.unit();
        let ym = y_max(lab);
        let (lo, hi) = lab.family.range();
        let theta = lab.theta();
        let f = lab.loss();
        let point = [(theta, if f.is_finite() { f.min(ym) } else { ym })];
        let tangent: Vec<(f64, f64)> = lab.tangent().map(|t| t.to_vec()).unwrap_or_default();
        let walls: Vec<(f64, f64)> = if lab.family == Family::BernoulliQ {
            let p = lab.truth();
            let mut w = Vec::new();
            for i in 0..=20 {
                let y = ym * i as f64 / 20.0;
                if p > 0.0 {
                    w.push((0.0, y));
                }
                if p < 1.0 {
                    w.push((1.0, y));
                }
            }
            w
        } else {
            Vec::new()
        };
        let name = text(lab.family.theta_name(), a);
        let mut datasets = vec![
            Dataset::default()
                .name(text(&format!("D(P‖Q) over {}", lab.family.theta_name()), a))
                .marker(t.marker())
                .graph_type(GraphType::Line)
                .style(t.series_a())
                .data(lab.curve()),
        ];
        if !tangent.is_empty() {
            datasets.push(
                Dataset::default()
                    .name("tangent (slope)")
                    .marker(t.marker())
                    .graph_type(GraphType::Line)
                    .style(t.series_b())
                    .data(&tangent),
            );
        }
        if !walls.is_empty() {
            datasets.push(
                Dataset::default()
                    .name(t.sym("∞ wall", "inf wall"))
                    .marker(t.marker())
                    .graph_type(GraphType::Scatter)
                    .style(t.bad())
                    .data(&walls),
            );
        }
        datasets.push(
            Dataset::default()
                .name(format!("{name} = {}", sig(theta, 3, a)))
                .marker(Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(t.marker_style())
                .data(&point),
        );
        // The longest title that fits the border (never one cut at the corner).
        let title = crate::tui::widgets::fit_title(
            t,
            chart_area.width,
            [
                format!(
                    " D(P‖Q_θ) over {}: {} ",
                    lab.family.theta_meaning(),
                    lab.describe()
                ),
                format!(" D(P‖Q_θ) over {} ", lab.family.theta_meaning()),
                format!(" D(P‖Q_θ), {} ", lab.family.theta_short()),
                " D(P‖Q_θ) ".to_string(),
            ],
        );
        let chart = Chart::new(datasets)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border())
                    .title(text(&title, a)),
            )
            .x_axis(
                Axis::default()
                    .title(name.clone())
                    .bounds([lo, hi])
                    .labels([sig(lo, 2, a), sig((lo + hi) / 2.0, 2, a), sig(hi, 2, a)])
                    .style(t.dim()),
            )
            .y_axis(
                Axis::default()
                    .title(unit)
                    .bounds([0.0, ym])
                    .labels([String::from("0"), sig(ym / 2.0, 2, a), sig(ym, 2, a)])
                    .style(t.dim()),
            );
        frame.render_widget(chart, chart_area);

        let (pname, ..) = lab.family.truth();
        let g = lab.slope();
        let c = lab.curvature();
        let per = format!("{unit} per unit of {}", lab.family.theta_name());
        let mut lines = vec![
            Line::raw(text(&lab.describe(), a)),
            Line::raw(text(
                &format!(
                    "{pname} = {}   {name} = {}",
                    sig(lab.truth(), 3, a),
                    sig(theta, 3, a)
                ),
                a,
            )),
            Line::raw(""),
            Line::from(vec![
                Span::raw(text("D(P‖Q) = ", a)),
                Span::styled(with_unit(f, 4, unit, a), t.series_a()),
            ]),
            Line::from(vec![
                Span::raw("slope  = "),
                Span::styled(sig(g, 4, a), t.series_b()),
                Span::raw(text(&format!(" {per}"), a)),
            ]),
        ];
        if let Some((h, ce)) = lab.entropies() {
            lines.push(Line::raw(text(
                &format!(
                    "H(P,Q) = {} = H(P) {} + D",
                    with_unit(ce, 4, unit, a),
                    sig(h, 4, a)
                ),
                a,
            )));
        }
        if c.is_finite() {
            lines.push(Line::raw(format!(
                "curvature = {} ({})",
                sig(c, 3, a),
                if c > 0.0 { "convex here" } else { "flat" }
            )));
        }
        lines.push(Line::raw(text(
            &format!("minimum at {name} = {}", sig(lab.optimum(), 3, a)),
            a,
        )));
        if f.is_infinite() {
            lines.push(Line::styled(
                text("Wall: Q rules out an outcome P allows, D = ∞.", a),
                t.bad(),
            ));
        }
        if lab.descending {
            lines.push(Line::styled(
                format!("descending... step {}", lab.steps_taken),
                t.warn(),
            ));
        }
        lab_panel(
            frame,
            panel,
            lines,
            &lab.try_this(),
            " Values ",
            false,
            &self.panel,
            t,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("←→ / hl", "move θ (fine)"),
            key("H L / Shift+←→", "move θ (coarse)"),
            key("↑↓ / kj", "move P's parameter (K J: coarse)"),
            key("g", "one gradient-descent step"),
            key("G / Space", "run gradient descent (animated) / stop"),
            key(
                "f / Tab",
                "θ: Bernoulli q, Gaussian mean, ln σ, categorical path",
            ),
            key("Home / End", "θ to the ends of its range"),
            key("u", "nats / bits"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→", "θ"),
            key("↑↓", "P"),
            key("g", "step"),
            key("f", "family"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
