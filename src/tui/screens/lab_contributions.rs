//! Draws the `contributions` lab: P and Q side by side (a grouped bar chart,
//! when there is room), each outcome's term as a signed bar (negative terms
//! below the axis), and a table of the engine's numbers.

use crate::lab::LabParams;
use crate::lab::contributions::{ContributionsLab, Dist, Mode};
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::bars::SignedBars;
use crate::tui::widgets::format::{sig, text, with_unit};
use crate::tui::widgets::panel::lab_panel;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders};

pub struct ContributionsScreen {
    pub lab: ContributionsLab,
    /// The side panel's scroll: its "Try this" can be longer than the panel.
    pub panel: Scroll,
}

impl ContributionsScreen {
    pub fn new(params: &LabParams) -> ContributionsScreen {
        let mut lab = ContributionsLab::new(params.p, params.q).with_distributions(
            &params.p_dist,
            &params.q_dist,
            &params.labels,
        );
        if let Some(u) = params.unit {
            lab.set_unit(u);
        }
        let given = params.p.is_some()
            || params.q.is_some()
            || !params.p_dist.is_empty()
            || !params.q_dist.is_empty();
        if !params.observations.is_empty() {
            lab.observations = params.observations.clone();
        } else if given {
            // The default prompts describe the default P and Q.
            lab.observations = lab.observations_for_inputs();
        }
        lab.start_at(params.measure, params.selected);
        ContributionsScreen {
            lab,
            panel: Scroll::default(),
        }
    }

    fn draw_pq(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let n = lab.n() as u16;
        let inner_w = area.width.saturating_sub(2);
        // Two bars per outcome and a gap: as wide as fits.
        let slot = inner_w / n.max(1);
        let bar_w = (slot.saturating_sub(2) / 2).clamp(1, 12);
        let gap = slot.saturating_sub(2 * bar_w).max(1);
        let a = t.ascii;
        let mut chart = BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(t.border())
                    .title(crate::tui::widgets::fit_title(
                        t,
                        area.width,
                        [
                            " P (first bar) and Q (second) per outcome ".to_string(),
                            " P (first) and Q (second) ".into(),
                            " P and Q ".into(),
                        ],
                    )),
            )
            .bar_width(bar_w)
            .bar_gap(0)
            .group_gap(gap)
            .max(1000);
        if a {
            chart = chart.bar_set(symbols::bar::THREE_LEVELS);
        }
        for i in 0..lab.n() {
            let bar = |v: f64, style| {
                Bar::default()
                    .value((v * 1000.0).round() as u64)
                    .text_value(if bar_w >= 4 {
                        sig(v, 2, a)
                    } else {
                        String::new()
                    })
                    .style(style)
            };
            let label = if i == lab.selected {
                Line::styled(lab.labels[i].clone(), t.selected())
            } else {
                Line::raw(lab.labels[i].clone())
            };
            chart = chart.data(
                BarGroup::default()
                    .label(label)
                    .bars(&[bar(lab.p[i], t.series_a()), bar(lab.q[i], t.series_b())]),
            );
        }
        frame.render_widget(chart, area);
    }

    fn draw_terms(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let a = t.ascii;
        let unit = lab.base.unit();
        let total = with_unit(lab.total(), 4, unit, a);
        // The longest title that fits the border; the total is always in it.
        let title = crate::tui::widgets::fit_title(
            t,
            area.width,
            [
                format!(
                    " {} per outcome · total {} = {total} ",
                    lab.mode.term_name(),
                    lab.mode.total_name(),
                ),
                format!(" {} = {total}, term by term ", lab.mode.total_name()),
                format!(" {} = {total} ", lab.mode.total_name()),
                format!(" {total} "),
            ],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // The bars' own gutter (the axis labels) takes at most 9 columns; a
        // label with its value is used only when every one fits its slot with
        // a space to spare, or neighbours run together ("2 -0.0143 -0.014").
        let slot = inner.width.saturating_sub(9) as usize / lab.n().max(1);
        let with_values: Vec<String> = lab
            .terms()
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{} {}", lab.labels[i], sig(*v, 2, a)))
            .collect();
        let labels = if with_values.iter().all(|l| l.chars().count() < slot) {
            with_values
        } else {
            lab.labels.clone()
        };
        frame.render_widget(
            SignedBars {
                values: lab.terms(),
                labels,
                selected: Some(lab.selected),
                theme: *t,
                style: t.series_a(),
                negative_style: t.series_b(),
            },
            inner,
        );
    }

    fn draw_panel(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lab = &self.lab;
        let a = t.ascii;
        let unit = lab.base.unit();
        let col = |d: Dist, i: usize| {
            if lab.editing == d && lab.selected == i {
                t.selected()
            } else if lab.editing == d {
                t.text()
            } else {
                t.dim()
            }
        };
        let mut lines = vec![Line::styled(
            format!(" x      P       Q      term ({unit})"),
            t.title(),
        )];
        for i in 0..lab.n() {
            lines.push(Line::from(vec![
                Span::raw(format!("{:<4.4}", text(&lab.labels[i], a))),
                Span::styled(format!("{:>7}", sig(lab.p[i], 3, a)), col(Dist::P, i)),
                Span::raw(" "),
                Span::styled(format!("{:>7}", sig(lab.q[i], 3, a)), col(Dist::Q, i)),
                Span::raw(format!("  {:>8}", sig(lab.terms()[i], 3, a))),
            ]));
        }
        let [f, r, ce, h] = lab.summary();
        let val = |name: &str, v: f64, on: bool| {
            let style = if on { t.series_a() } else { t.text() };
            Line::from(vec![
                Span::raw(text(&format!("{name} = "), a)),
                Span::styled(with_unit(v, 4, unit, a), style),
            ])
        };
        lines.push(Line::raw(""));
        lines.push(val("D(P‖Q)", f, lab.mode == Mode::Forward));
        lines.push(val("D(Q‖P)", r, lab.mode == Mode::Reverse));
        lines.push(val("H(P,Q)", ce, lab.mode == Mode::CrossEntropy));
        lines.push(val("H(P)  ", h, false));
        if lab.terms().iter().any(|v| v.is_infinite()) {
            lines.push(Line::styled(
                text("An outcome has probability 0 on the wrong side: ∞.", a),
                t.bad(),
            ));
        }
        let editing = match lab.editing {
            Dist::P => " Editing P ",
            Dist::Q => " Editing Q ",
        };
        lab_panel(
            frame,
            area,
            lines,
            &lab.observations,
            editing,
            true,
            &self.panel,
            t,
        );
    }
}

impl Screen for ContributionsScreen {
    fn title(&self) -> String {
        "Lab: contributions".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if let Action::Char(c) = a
            && self.panel.side_keys(c)
        {
            return Transition::Stay;
        }
        let lab = &mut self.lab;
        match a {
            Action::Left => lab.select(-1),
            Action::Right => lab.select(1),
            Action::BigLeft => lab.select(-10),
            Action::BigRight => lab.select(10),
            Action::Up => lab.nudge(0.01),
            Action::Down => lab.nudge(-0.01),
            Action::BigUp | Action::PageUp => lab.nudge(0.1),
            Action::BigDown | Action::PageDown => lab.nudge(-0.1),
            Action::Home | Action::Char('0') => lab.set(0.0),
            Action::End => lab.set(1.0),
            Action::NextPane | Action::PrevPane => lab.toggle_editing(),
            Action::Char('p') => lab.editing = Dist::P,
            Action::Char('Q') => lab.editing = Dist::Q,
            Action::Char('m') | Action::Char('r') => lab.cycle_mode(),
            Action::Char('+') | Action::Char('=') | Action::Char('a') => lab.add_outcome(),
            Action::Char('-') | Action::Char('x') => lab.remove_outcome(),
            Action::Char('e') => lab.uniform(),
            Action::Char('u') => lab.toggle_unit(),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let side = if area.width >= 110 { 46 } else { 36 };
        let [charts, panel] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(area);
        if charts.height >= 28 {
            let [pq, terms] =
                Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(charts);
            self.draw_pq(frame, pq, t);
            self.draw_terms(frame, terms, t);
        } else {
            self.draw_terms(frame, charts, t);
        }
        self.draw_panel(frame, panel, t);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("←→ / hl", "choose an outcome"),
            key("↑↓ / kj", "raise / lower it by 0.01 (others rescale)"),
            key("K J / Shift+↑↓", "raise / lower by 0.1"),
            key("Tab / p Q", "edit P or Q"),
            key("Home 0 / End", "set it to 0 / 1"),
            key("m / r", "terms of D(P‖Q), D(Q‖P), H(P,Q)"),
            key("+ a / - x", "add / remove an outcome (2..10)"),
            key("e", "make the edited distribution uniform"),
            key("u", "nats / bits"),
            key("[ ]", "scroll the side panel (Try this)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![
            key("←→", "outcome"),
            key("↑↓", "±0.01"),
            key("Tab", "P/Q"),
            key("m", "mode"),
        ];
        v.extend(self.panel.side_status());
        v
    }
}
