//! Draws the `heatmap` lab: D(Bern(p)‖Bern(q)) over the (p, q) square as a
//! heat map with a legend, the current point and its mirror image, and the
//! transposed map beside it or instead of it.

use crate::lab::LabParams;
use crate::lab::heatmap::{HeatmapLab, View};
use crate::quantity::Measure;
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::format::{sig, text, with_unit};
use crate::tui::widgets::heatmap::{Heatmap, Mark, Scale};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub struct HeatmapScreen {
    pub lab: HeatmapLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

impl HeatmapScreen {
    pub fn new(params: &LabParams) -> HeatmapScreen {
        let mut lab = HeatmapLab::new(params.p.unwrap_or(0.2), params.q.unwrap_or(0.6));
        if let Some(u) = params.unit {
            lab.set_unit(u);
        }
        if let Some(m) = params.measure {
            lab.set_measure(m);
        }
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
        }
        HeatmapScreen {
            lab,
            panel: Scroll::default(),
        }
    }

    fn map(&self, area: Rect, frame: &mut Frame, t: &Theme, reverse: bool) {
        let lab = &self.lab;
        let (fname, rname) = lab.names();
        let (grid, title) = match (reverse, lab.measure) {
            (true, Measure::Kl) => (lab.reverse_grid(), " D(Q‖P) = D(Bern(q)‖Bern(p)) ".into()),
            (false, Measure::Kl) => (lab.forward_grid(), " D(P‖Q) = D(Bern(p)‖Bern(q)) ".into()),
            (true, _) => (lab.reverse_grid(), format!(" {rname}: the transpose ")),
            (false, _) => (
                lab.forward_grid(),
                format!(" {fname}, P = Bern(p), Q = Bern(q) "),
            ),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(text(&title, t.ascii));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let marks = vec![
            Mark {
                x: lab.q,
                y: lab.p,
                symbol: t.sym("◇", "o").chars().next().unwrap_or('o'),
                label: "mirror (q,p)",
            },
            Mark {
                x: lab.p,
                y: lab.q,
                symbol: t.sym("●", "O").chars().next().unwrap_or('O'),
                label: "(p,q)",
            },
        ];
        frame.render_widget(
            Heatmap {
                grid,
                hi: lab.scale_top(),
                scale: if lab.log_scale() {
                    Scale::Log1p
                } else {
                    Scale::Linear
                },
                marks,
                x_title: "p = P(1)".into(),
                y_title: "q".into(),
                unit: lab.unit().into(),
                legend_scale: lab.legend_scale(),
                theme: *t,
            },
            inner,
        );
    }
}

impl Screen for HeatmapScreen {
    fn title(&self) -> String {
        "Lab: heat map".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left => lab.move_p(-0.01),
            Action::Right => lab.move_p(0.01),
            Action::Down => lab.move_q(-0.01),
            Action::Up => lab.move_q(0.01),
            Action::BigLeft => lab.move_p(-0.1),
            Action::BigRight => lab.move_p(0.1),
            Action::BigDown | Action::PageDown => lab.move_q(-0.1),
            Action::BigUp | Action::PageUp => lab.move_q(0.1),
            Action::Home => lab.q = 0.0,
            Action::End => lab.q = 1.0,
            Action::Char('t') | Action::NextPane | Action::PrevPane => lab.cycle_view(),
            Action::Char('s') => lab.swap(),
            Action::Char('u') => lab.toggle_unit(),
            Action::Char('m') => lab.next_measure(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let side = if area.width >= 110 { 40 } else { 28 };
        let [maps, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        match lab.view {
            View::Forward => self.map(maps, frame, t, false),
            View::Reverse => self.map(maps, frame, t, true),
            View::Both => {
                let [a, b] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(maps);
                self.map(a, frame, t, false);
                self.map(b, frame, t, true);
            }
        }
        let unit = lab.unit();
        let a = t.ascii;
        let (f, r) = (lab.forward(), lab.reverse());
        let (fname, rname) = lab.names();
        let mut lines = vec![
            Line::raw(format!(
                "p = {}   q = {}",
                sig(lab.p, 3, a),
                sig(lab.q, 3, a)
            )),
            Line::raw(""),
            Line::from(vec![
                Span::raw(text(&format!("{fname} = "), a)),
                Span::styled(with_unit(f, 4, unit, a), t.series_a()),
            ]),
            Line::from(vec![
                Span::raw(text(&format!("{rname} = "), a)),
                Span::styled(with_unit(r, 4, unit, a), t.series_b()),
            ]),
        ];
        let symmetric = matches!(
            lab.measure,
            Measure::Js | Measure::Tv | Measure::Hellinger | Measure::W1
        );
        if symmetric {
            // Equal by definition; a difference of rounding would only mislead.
            lines.push(Line::raw("(symmetric: the map is its own transpose)"));
        } else if f.is_finite() && r.is_finite() {
            lines.push(Line::raw(format!(
                "difference {}",
                with_unit(f - r, 3, unit, a)
            )));
        }
        if f.is_infinite() {
            lines.push(Line::styled(
                text("On the wall: Q gives 0 to an outcome P allows.", a),
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
            key("←→ / hl", "move p by 0.01"),
            key("↑↓ / kj", "move q by 0.01"),
            key("HL JK / Shift", "move by 0.1"),
            key("t / Tab", "D(P‖Q), D(Q‖P), both side by side"),
            key("s", "swap p and q (jump to the mirror point)"),
            key("Home / End", "q to 0 / 1 (the walls)"),
            key("m", "measure: KL, cross-entropy, JS, TV, Hellinger"),
            key("u", "nats / bits"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→", "p"),
            key("↑↓", "q"),
            key("t", "transpose"),
            key("s", "swap"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
