//! Draws the `bernoulli` lab: the curve of D(P‖Bern(q)) over q with the
//! current q marked, walls at the ends, and the engine's values beside it.

use crate::lab::LabParams;
use crate::lab::bernoulli::{BernoulliLab, Param};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::format::{sig, with_unit};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};

pub struct BernoulliScreen {
    pub lab: BernoulliLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

impl BernoulliScreen {
    pub fn new(params: &LabParams) -> BernoulliScreen {
        let mut lab = BernoulliLab::new(params.p.unwrap_or(0.2), params.q.unwrap_or(0.5));
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
            lab.own_prompts = false;
        }
        if let Some(u) = params.unit {
            lab.set_unit(u);
        }
        BernoulliScreen {
            lab,
            panel: Scroll::default(),
        }
    }
}

/// The y range: the curve up to a cap, raised to keep the current point in view.
fn y_max(lab: &BernoulliLab) -> f64 {
    let cap = 4.0 / lab.base.ln();
    let top = lab
        .forward_curve()
        .iter()
        .map(|(_, d)| *d)
        .fold(0.0, f64::max);
    let mut m = top.min(cap);
    let f = lab.forward();
    if f.is_finite() {
        m = m.max(f * 1.15);
    }
    if lab.show_reverse {
        let r = lab
            .reverse_curve()
            .iter()
            .map(|(_, d)| *d)
            .fold(0.0, f64::max)
            .min(cap);
        m = m.max(r);
    }
    m.max(0.1)
}

impl Screen for BernoulliScreen {
    fn title(&self) -> String {
        "Lab: Bernoulli".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left | Action::Down => lab.nudge(-0.01),
            Action::Right | Action::Up => lab.nudge(0.01),
            Action::BigLeft | Action::BigDown | Action::PageDown => lab.nudge(-0.1),
            Action::BigRight | Action::BigUp | Action::PageUp => lab.nudge(0.1),
            Action::Home => lab.set(0.0),
            Action::End => lab.set(1.0),
            Action::NextPane | Action::PrevPane => lab.toggle_param(),
            Action::Char('p') => lab.selected = Param::P,
            Action::Char('Q') | Action::Char('x') => lab.selected = Param::Q,
            Action::Char('r') => lab.show_reverse = !lab.show_reverse,
            Action::Char('u') => lab.toggle_unit(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let side = if area.width >= 110 { 42 } else { 30 };
        let [chart_area, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        let unit = lab.base.unit();
        let ym = y_max(lab);
        let marker_pt = [(lab.q, lab.forward().min(ym))];
        let mut datasets = vec![
            Dataset::default()
                .name(t.spell("D(P‖Q) over q").into_owned())
                .marker(t.marker())
                .graph_type(GraphType::Line)
                .style(t.series_a())
                .data(lab.forward_curve()),
        ];
        if lab.show_reverse {
            datasets.push(
                Dataset::default()
                    .name(t.spell("D(Q‖P) over q").into_owned())
                    .marker(t.marker())
                    .graph_type(GraphType::Line)
                    .style(t.series_b())
                    .data(lab.reverse_curve()),
            );
        }
        let walls: Vec<(f64, f64)> = if lab.p > 0.0 && lab.p < 1.0 {
            (0..=20)
                .flat_map(|i| [(0.0, ym * i as f64 / 20.0), (1.0, ym * i as f64 / 20.0)])
                .collect()
        } else {
            Vec::new()
        };
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
                .name(format!("q = {}", sig(lab.q, 3, t.ascii)))
                .marker(ratatui::symbols::Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(t.marker_style())
                .data(&marker_pt),
        );
        let chart = Chart::new(datasets)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border())
                    .title(crate::tui::widgets::fit_title(
                        t,
                        chart_area.width,
                        [
                            format!(
                                " D(Bern({})‖Bern(q)) as q sweeps 0..1 ",
                                sig(lab.p, 3, t.ascii)
                            ),
                            format!(" D(Bern({})‖Bern(q)) ", sig(lab.p, 3, t.ascii)),
                            " D(P‖Bern(q)) ".to_string(),
                        ],
                    )),
            )
            .x_axis(
                Axis::default()
                    .title("q")
                    .bounds([0.0, 1.0])
                    .labels(["0", "0.5", "1"])
                    .style(t.dim()),
            )
            .y_axis(
                Axis::default()
                    .title(unit)
                    .bounds([0.0, ym])
                    .labels([
                        String::from("0"),
                        sig(ym / 2.0, 2, t.ascii),
                        sig(ym, 2, t.ascii),
                    ])
                    .style(t.dim()),
            );
        frame.render_widget(chart, chart_area);

        let sel = |p: Param| {
            if lab.selected == p {
                t.selected()
            } else {
                t.text()
            }
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!(" p = {:<6}", sig(lab.p, 3, t.ascii)), sel(Param::P)),
                Span::raw("  "),
                Span::styled(format!(" q = {:<6}", sig(lab.q, 3, t.ascii)), sel(Param::Q)),
            ]),
            Line::raw(""),
            Line::from(vec![
                Span::raw("D(P‖Q) = "),
                Span::styled(with_unit(lab.forward(), 4, unit, t.ascii), t.series_a()),
            ]),
            Line::from(vec![
                Span::raw("D(Q‖P) = "),
                Span::styled(with_unit(lab.reverse(), 4, unit, t.ascii), t.series_b()),
            ]),
        ];
        if lab.forward_wall() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Infinite wall: Q gives probability 0 to an outcome P allows, so D(P‖Q) = ∞.",
                t.bad(),
            ));
        }
        lab_panel(
            frame,
            panel,
            lines,
            &lab.observations,
            " Values ",
            false,
            &self.panel,
            t,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("←→ / hl", "move by 0.01"),
            key("H L / Shift+←→", "move by 0.1"),
            key("Tab / p", "switch between p and q"),
            key("r", "show the reverse curve"),
            key("u", "nats / bits"),
            key("Home / End", "jump to 0 / 1"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→", "±0.01"),
            key("HL", "±0.1"),
            key("Tab", "p/q"),
            key("r", "reverse"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
