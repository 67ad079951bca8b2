//! Draws the `modes` lab: P (a two-mode mixture) and Q (one Gaussian)
//! overlaid, heat maps of forward and reverse KL over (μ, σ) with the
//! current Q and each minimum marked, and the engine's values.

use crate::lab::LabParams;
use crate::lab::modes::{Direction, ModesLab};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::format::{fixed, sig, text, with_unit};
use crate::tui::widgets::heatmap::{Heatmap, Mark, Scale};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};

pub struct ModesScreen {
    pub lab: ModesLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

const DENSITY_POINTS: usize = 240;

impl ModesScreen {
    pub fn new(params: &LabParams) -> ModesScreen {
        let s = params.sigma.unwrap_or(1.0);
        let mut lab = ModesLab::with_mixture(
            params.separation.unwrap_or(6.0),
            s,
            params.weight.or(params.p).unwrap_or(0.5),
            params.q.unwrap_or(1.5 * s),
        );
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
        }
        ModesScreen {
            lab,
            panel: Scroll::default(),
        }
    }

    fn densities(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        // The mixture in the title when it fits the border; else a shorter
        // title (the Values panel states P's settings either way), never a
        // title cut at the corner.
        let title = {
            let (lab, a) = (&self.lab, t.ascii);
            let full = format!(
                " densities: P = {} N({}, {}²) + {} N({}, {}²) and Q ",
                sig(lab.w, 2, a),
                sig(-lab.sep / 2.0, 2, a),
                sig(lab.comp_sigma, 2, a),
                sig(1.0 - lab.w, 2, a),
                sig(lab.sep / 2.0, 2, a),
                sig(lab.comp_sigma, 2, a)
            );
            crate::tui::widgets::fit_title(
                t,
                area.width,
                [full, " densities of P and Q ".into(), " densities ".into()],
            )
        };
        let lab = &self.lab;
        let a = t.ascii;
        let (lo, hi) = lab.mu_range();
        // The maps' μ range plus room for the tails of the outer modes.
        let x_range = (lo - 2.0 * lab.comp_sigma, hi + 2.0 * lab.comp_sigma);
        let xs = (0..=DENSITY_POINTS)
            .map(|i| x_range.0 + (x_range.1 - x_range.0) * i as f64 / DENSITY_POINTS as f64);
        let p: Vec<(f64, f64)> = xs.clone().map(|x| (x, lab.p_pdf(x))).collect();
        let q: Vec<(f64, f64)> = xs.map(|x| (x, lab.q_pdf(x))).collect();
        let top = p
            .iter()
            .chain(&q)
            .map(|(_, y)| *y)
            .fold(0.0, f64::max)
            .max(0.05)
            * 1.05;
        let chart = Chart::new(vec![
            Dataset::default()
                .name("P (mixture)")
                .marker(t.marker())
                .graph_type(GraphType::Line)
                .style(t.series_a())
                .data(&p),
            Dataset::default()
                .name(text(
                    &format!("Q = N({}, {}²)", fixed(lab.mu, 2), fixed(lab.sigma, 2)),
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
                .title(title),
        )
        .x_axis(
            Axis::default()
                .title("x")
                .bounds([x_range.0, x_range.1])
                .labels([sig(x_range.0, 2, a), "0".into(), sig(x_range.1, 2, a)])
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .title("density")
                .bounds([0.0, top])
                .labels([String::from("0"), sig(top, 2, a)])
                .style(t.dim()),
        );
        frame.render_widget(chart, area);
    }

    fn map(&self, frame: &mut Frame, area: Rect, t: &Theme, dir: Direction) {
        let lab = &self.lab;
        let a = t.ascii;
        let active = lab.direction == dir;
        let (grid, d, what) = match dir {
            Direction::Forward => (lab.forward_map(), "D(P‖Q)", "mode-covering"),
            Direction::Reverse => (lab.reverse_map(), "D(Q‖P)", "mode-seeking"),
        };
        let title = crate::tui::widgets::fit_title(
            t,
            area.width,
            [
                format!(" {d} over (μ, σ): {what} "),
                format!(" {d}: {what} "),
                format!(" {d} "),
            ],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if active { t.title() } else { t.border() })
            .title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut marks = Vec::new();
        match dir {
            Direction::Forward => {
                let (m, s) = lab.forward_min();
                marks.push(Mark {
                    x: m,
                    y: s,
                    symbol: 'F',
                    label: "minimum",
                });
            }
            Direction::Reverse => {
                for &(m, s, _) in lab.reverse_mins() {
                    marks.push(Mark {
                        x: m,
                        y: s,
                        symbol: 'R',
                        label: "minima",
                    });
                }
            }
        }
        marks.push(Mark {
            x: lab.mu,
            y: lab.sigma,
            symbol: t.sym("●", "O").chars().next().unwrap_or('O'),
            label: "Q",
        });
        // The maps hold nats whatever the unit shown; the legend converts.
        let hi = 4.0;
        frame.render_widget(
            Heatmap {
                grid,
                hi,
                scale: Scale::Log1p,
                marks,
                x_title: text("μ", a),
                y_title: text("σ", a),
                unit: lab.base.unit().into(),
                legend_scale: lab.base.from_nats(1.0),
                theme: *t,
            },
            inner,
        );
    }

    fn panel(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let a = t.ascii;
        let unit = lab.base.unit();
        let (f, r) = (lab.forward(), lab.reverse());
        let hl = |d: Direction| {
            if lab.direction == d {
                t.selected()
            } else {
                t.text()
            }
        };
        let (fm, fs) = lab.forward_min();
        let mut lines = vec![
            Line::raw(text(
                &format!(
                    "P: separation {}, σ {}, left weight {}",
                    sig(lab.sep, 2, a),
                    sig(lab.comp_sigma, 2, a),
                    sig(lab.w, 2, a)
                ),
                a,
            )),
            Line::raw(text(
                &format!(
                    "Q = N(μ, σ²): μ = {}, σ = {}",
                    fixed(lab.mu, 2),
                    fixed(lab.sigma, 2)
                ),
                a,
            )),
            Line::raw(""),
            Line::from(vec![
                Span::styled(text("D(P‖Q)", a), hl(Direction::Forward)),
                Span::raw(" = "),
                Span::styled(with_unit(f, 4, unit, a), t.series_a()),
            ]),
            Line::from(vec![
                Span::styled(text("D(Q‖P)", a), hl(Direction::Reverse)),
                Span::raw(" = "),
                Span::styled(with_unit(r, 4, unit, a), t.series_b()),
            ]),
            Line::raw(""),
            Line::raw(text(
                &format!("forward min F: μ = {}, σ = {}", fixed(fm, 2), fixed(fs, 2)),
                a,
            )),
        ];
        for &(m, s, _) in lab.reverse_mins() {
            lines.push(Line::raw(text(
                &format!("reverse min R: μ = {}, σ = {}", fixed(m, 2), fixed(s, 2)),
                a,
            )));
        }
        if lab.fitting {
            let what = match lab.direction {
                Direction::Forward => "D(P‖Q)",
                Direction::Reverse => "D(Q‖P)",
            };
            lines.push(Line::styled(
                text(&format!("fitting {what}: step {}", lab.fit_steps), a),
                t.warn(),
            ));
        }
        if let Some(note) = lab.fit_note() {
            lines.push(Line::styled(text(&note, a), t.warn()));
        }
        lab_panel(
            frame,
            area,
            lines,
            &lab.observations,
            " Values ",
            false,
            &self.panel,
            t,
        );
    }
}

impl Screen for ModesScreen {
    fn title(&self) -> String {
        "Lab: modes".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left => lab.move_mu(-0.1),
            Action::Right => lab.move_mu(0.1),
            Action::BigLeft => lab.move_mu(-1.0),
            Action::BigRight => lab.move_mu(1.0),
            Action::Up => lab.move_sigma(0.05),
            Action::Down => lab.move_sigma(-0.05),
            Action::BigUp | Action::PageUp => lab.move_sigma(0.5),
            Action::BigDown | Action::PageDown => lab.move_sigma(-0.5),
            Action::Char('s') => lab.move_sep(-0.5),
            Action::Char('S') => lab.move_sep(0.5),
            Action::Char('w') => lab.move_w(-0.05),
            Action::Char('W') => lab.move_w(0.05),
            Action::Char('c') => lab.move_comp_sigma(-0.1),
            Action::Char('C') => lab.move_comp_sigma(0.1),
            Action::Char('d') | Action::NextPane | Action::PrevPane => lab.toggle_direction(),
            Action::Char('f') | Action::Char(' ') | Action::Enter => lab.toggle_fit(),
            Action::Char('u') => lab.toggle_unit(),
            Action::Tick => lab.tick(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn animating(&self) -> bool {
        self.lab.fitting
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let side = if area.width >= 110 { 44 } else { 30 };
        let [left, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        let dens_h = (left.height * 2 / 5).max(7);
        let [dens, maps] =
            Layout::vertical([Constraint::Length(dens_h), Constraint::Fill(1)]).areas(left);
        self.densities(frame, dens, t);
        if maps.width >= 100 {
            let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(maps);
            self.map(frame, a, t, Direction::Forward);
            self.map(frame, b, t, Direction::Reverse);
        } else {
            self.map(frame, maps, t, self.lab.direction);
        }
        self.panel(frame, panel, t);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("←→ / hl", "move Q's mean μ by 0.1 (H L: by 1)"),
            key("↑↓ / kj", "move Q's σ by 0.05 (K J: by 0.5)"),
            key("s / S", "separation of P's modes down / up"),
            key("w / W", "weight of P's left mode down / up"),
            key("c / C", "σ of P's modes down / up"),
            key("d / Tab", "forward D(P‖Q) or reverse D(Q‖P)"),
            key("f / Space", "fit Q by gradient descent (animated) / stop"),
            key("u", "nats / bits"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→↑↓", "μ σ"),
            key("d", "direction"),
            key("f", "fit"),
            key("s w", "P"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
