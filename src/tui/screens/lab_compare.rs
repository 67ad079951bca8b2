//! Draws the `compare` lab: P and Q on their points, the bounded measures
//! (JS, TV, Hellinger) and the unbounded ones (KL both ways, W1) as curves
//! over the shift with the current shift marked, and a table of values with
//! the limit each one reaches.

use crate::lab::LabParams;
use crate::lab::compare::{CompareLab, MEASURES, SHIFT_MAX, Shape};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::format::{fixed, sig, text, with_unit};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};

pub struct CompareScreen {
    pub lab: CompareLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

impl CompareScreen {
    pub fn new(params: &LabParams) -> CompareScreen {
        let mut lab =
            // A lesson's own pair starts as given (shift 0); the shapes start apart.
            CompareLab::new(params.q.unwrap_or(if params.p_dist.is_empty() { 2.0 } else { 0.0 }))
                .with_custom(&params.p_dist, &params.q_dist);
        if let Some(u) = params.unit {
            lab.set_unit(u);
        }
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
        }
        CompareScreen {
            lab,
            panel: Scroll::default(),
        }
    }
}

/// One marker per measure: Braille in colour; without colour, curves that
/// share a chart get different marks so the legend tells them apart.
fn marker(t: &Theme, k: usize) -> ratatui::symbols::Marker {
    use ratatui::symbols::Marker;
    if t.color {
        return t.marker();
    }
    match k {
        3 => Marker::Bar,
        4 | 5 => Marker::Block,
        _ => t.marker(),
    }
}

/// One style per measure, in `MEASURES` order.
fn styles(t: &Theme) -> [Style; 6] {
    use ratatui::style::Color;
    let c = |col| {
        if t.color {
            Style::new().fg(col)
        } else {
            Style::new()
        }
    };
    [
        c(Color::Cyan),
        c(Color::Magenta),
        c(Color::Green),
        c(Color::Yellow),
        c(Color::Blue),
        c(Color::Red),
    ]
}

fn measure_chart<'a>(
    title: String,
    datasets: Vec<Dataset<'a>>,
    y_max: f64,
    y_title: &'a str,
    t: &Theme,
) -> Chart<'a> {
    let a = t.ascii;
    Chart::new(datasets)
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.border())
                .title(title),
        )
        .x_axis(
            Axis::default()
                .title("shift")
                .bounds([0.0, SHIFT_MAX])
                .labels(["0", "10", "20"])
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .title(y_title)
                .bounds([0.0, y_max])
                .labels([String::from("0"), sig(y_max / 2.0, 2, a), sig(y_max, 2, a)])
                .style(t.dim()),
        )
}

impl Screen for CompareScreen {
    fn title(&self) -> String {
        "Lab: compare measures".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left | Action::Down => lab.move_shift(-1.0),
            Action::Right | Action::Up => lab.move_shift(1.0),
            Action::BigLeft | Action::BigDown | Action::PageDown => lab.move_shift(-10.0),
            Action::BigRight | Action::BigUp | Action::PageUp => lab.move_shift(10.0),
            Action::Home => lab.move_shift(-1e9),
            Action::End => lab.move_shift(1e9),
            Action::Char('b') | Action::NextPane | Action::PrevPane => lab.toggle_shape(),
            Action::Char(' ') | Action::Char('a') => lab.toggle_play(),
            Action::Char('u') => lab.toggle_unit(),
            Action::Tick => lab.tick(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn animating(&self) -> bool {
        self.lab.playing
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let a = t.ascii;
        let unit = lab.base.unit();
        let side = if area.width >= 110 { 46 } else { 30 };
        let [left, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        let show_dists = left.height >= 30;
        let (dist_area, bounded_area, unbounded_area) = if show_dists {
            let [d, b, u] = Layout::vertical([
                Constraint::Percentage(30),
                Constraint::Fill(1),
                Constraint::Fill(1),
            ])
            .areas(left);
            (Some(d), b, u)
        } else {
            let [b, u] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(left);
            (None, b, u)
        };
        let st = styles(t);

        if let Some(d) = dist_area {
            let p: Vec<(f64, f64)> = lab
                .xs()
                .iter()
                .copied()
                .zip(lab.p().iter().copied())
                .collect();
            let qv = lab.q();
            let q: Vec<(f64, f64)> = lab.xs().iter().copied().zip(qv.iter().copied()).collect();
            let top = lab.p().iter().copied().fold(0.0, f64::max) * 1.1;
            let chart = Chart::new(vec![
                Dataset::default()
                    .name("P")
                    .marker(t.marker())
                    .graph_type(GraphType::Line)
                    .style(t.series_a())
                    .data(&p),
                Dataset::default()
                    .name(text(
                        &format!("Q = P shifted by {}", fixed(lab.shift, 2)),
                        a,
                    ))
                    .marker(t.marker())
                    .graph_type(GraphType::Line)
                    .style(t.series_b())
                    .data(&q),
            ])
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border())
                    .title(crate::tui::widgets::fit_title(
                        t,
                        d.width,
                        if lab.shape == Shape::Custom {
                            [
                                " P and Q: the lesson's, one outcome per unit of x ".to_string(),
                                " P and Q: the lesson's ".into(),
                                " P and Q ".into(),
                            ]
                        } else {
                            [
                                format!(" P and Q: {} on points 0.25 apart ", lab.shape.name()),
                                format!(" P and Q: {} ", lab.shape.name()),
                                " P and Q ".into(),
                            ]
                        },
                    )),
            )
            .x_axis(
                Axis::default()
                    .title("x")
                    .bounds([lab.xs()[0], *lab.xs().last().unwrap_or(&36.0)])
                    .labels(["-8", "14", "36"])
                    .style(t.dim()),
            )
            .y_axis(
                Axis::default()
                    .title("prob.")
                    .bounds([0.0, top])
                    .labels([String::from("0"), sig(top, 2, a)])
                    .style(t.dim()),
            );
            frame.render_widget(chart, d);
        }

        // Curves over the shift: (shift, value) per measure, infinite values left out.
        let series = |k: usize| -> Vec<(f64, f64)> {
            lab.curves()
                .iter()
                .filter(|(_, v)| v[k].is_finite())
                .map(|(s, v)| (*s, v[k]))
                .collect()
        };
        let all: Vec<Vec<(f64, f64)>> = (0..6).map(series).collect();
        // Bounded: JS, TV, Hellinger, with the limits drawn.
        let b_max = 1.1f64.max(lab.js_limit() * 1.1);
        let limits: Vec<(f64, f64)> = (0..=40)
            .flat_map(|i| {
                let s = SHIFT_MAX * i as f64 / 40.0;
                [(s, 1.0), (s, lab.js_limit())]
            })
            .collect();
        let cursor_b: Vec<(f64, f64)> = (0..=20)
            .map(|i| (lab.shift, b_max * i as f64 / 20.0))
            .collect();
        let mut ds = vec![
            Dataset::default()
                .name(text("limits: 1 and ln 2", a))
                .marker(t.marker())
                .graph_type(GraphType::Scatter)
                .style(t.dim())
                .data(&limits),
            Dataset::default()
                .marker(t.marker())
                .graph_type(GraphType::Scatter)
                .style(t.marker_style())
                .data(&cursor_b),
        ];
        for k in 2..5 {
            ds.push(
                Dataset::default()
                    .name(MEASURES[k])
                    .marker(marker(t, k))
                    .graph_type(GraphType::Line)
                    .style(st[k])
                    .data(&all[k]),
            );
        }
        frame.render_widget(
            measure_chart(
                crate::tui::widgets::fit_title(
                    t,
                    bounded_area.width,
                    [
                        " bounded: JS, TV, Hellinger ".into(),
                        " JS, TV, Hellinger ".into(),
                    ],
                ),
                ds,
                b_max,
                "",
                t,
            ),
            bounded_area,
        );
        // Unbounded: KL both ways and W1.
        let u_max = SHIFT_MAX * 1.05;
        let cursor_u: Vec<(f64, f64)> = (0..=20)
            .map(|i| (lab.shift, u_max * i as f64 / 20.0))
            .collect();
        let mut ds = vec![
            Dataset::default()
                .marker(t.marker())
                .graph_type(GraphType::Scatter)
                .style(t.marker_style())
                .data(&cursor_u),
        ];
        for k in [0, 1, 5] {
            ds.push(
                Dataset::default()
                    .name(text(MEASURES[k], a))
                    .marker(marker(t, k))
                    .graph_type(GraphType::Line)
                    .style(st[k])
                    .data(&all[k]),
            );
        }
        let candidates = if lab.values()[0].is_infinite() {
            [
                format!(
                    " unbounded: KL both ways (now ∞, off the chart), W1 (x units; KL in {unit}) "
                ),
                " unbounded: KL both ways (now ∞), W1 ".into(),
                " KL (now ∞), W1 ".into(),
                " KL ∞, W1 ".into(),
            ]
        } else {
            [
                format!(" unbounded: KL both ways ({unit}), W1 (x units) "),
                format!(" unbounded: KL ({unit}), W1 "),
                " KL both ways, W1 ".into(),
                " KL, W1 ".into(),
            ]
        };
        let title = crate::tui::widgets::fit_title(t, unbounded_area.width, candidates);
        frame.render_widget(measure_chart(title, ds, u_max, "", t), unbounded_area);

        // The table.
        let v = lab.values();
        let limit = |k: usize| -> String {
            match k {
                0 | 1 => match lab.shape {
                    Shape::Bump => "grows as shift²".into(),
                    Shape::Block | Shape::Custom => "∞ once Q misses P's support".into(),
                },
                2 => format!("→ ln 2 = {}", sig(lab.js_limit(), 4, a)),
                3 | 4 => "→ 1".into(),
                // Only a copy of P moved bodily is W1 = shift; a lesson's Q
                // starts apart from P, so its W1 only grows with the shift.
                _ => match lab.shape {
                    Shape::Custom => "grows with the shift".into(),
                    _ => "= the shift".into(),
                },
            }
        };
        let units = |k: usize| match k {
            0..=2 => unit,
            5 => "x units",
            _ => "",
        };
        let mut lines = vec![
            Line::raw(format!("shape: {}", lab.shape.name())),
            Line::raw(format!("shift = {}", fixed(lab.shift, 2))),
            Line::raw(""),
        ];
        let wide = panel.width >= 44;
        for k in 0..6 {
            let mut spans = vec![
                Span::styled(format!("{:<10}", text(MEASURES[k], a)), st[k]),
                Span::raw(format!("{:<16}", with_unit(v[k], 4, units(k), a))),
            ];
            let lim = Span::styled(text(&limit(k), a), t.dim());
            if wide {
                spans.push(lim);
                lines.push(Line::from(spans));
            } else {
                lines.push(Line::from(spans));
                lines.push(Line::from(vec![Span::raw("  "), lim]));
            }
        }
        if let Some(d) = lab.disjoint_from() {
            lines.push(Line::raw(""));
            lines.push(Line::raw(if lab.shift >= d {
                "Supports are disjoint now.".to_string()
            } else {
                format!("Supports part at shift {}.", fixed(d, 2))
            }));
        }
        if lab.playing {
            lines.push(Line::styled("sweeping...", t.warn()));
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
            key("←→ / hl", "shift Q by 0.25"),
            key("H L / Shift+←→", "shift Q by 2.5"),
            key("Home / End", "shift 0 / 20"),
            key(
                "b / Tab",
                "smooth bump, flat block (, the lesson's P and Q)",
            ),
            key("Space / a", "sweep the shift (animated) / pause"),
            key("u", "nats / bits"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→", "shift"),
            key("b", "shape"),
            key("Space", "sweep"),
            key("u", "unit"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
