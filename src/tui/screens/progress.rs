//! Progress: the mastery level of each concept as a bar chart, answers per
//! day as a sparkline, and the reviews due. Everything is recomputed from
//! the attempt log on each draw ([`crate::progress::summary::summarize`]),
//! the same numbers `kltutor progress` prints; once predictions have been
//! made, a reliability diagram (stated confidence against observed accuracy).

use crate::progress::calibration::{Calibration, calibration};
use crate::progress::misconceptions::{Misconception, RESOLVE_AFTER, State, misconceptions};
use crate::progress::model::DAY_MS;
use crate::progress::summary::summarize;
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use crate::tutor::review_plan;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Wrap};
use std::rc::Rc;

pub struct ProgressScreen {
    ctx: Rc<Context>,
    /// The concept rows' scroll, for long curricula on short terminals
    /// (`↑↓`, PgUp/PgDn, Home).
    mastery: Scroll,
    /// The misconceptions panel's scroll (`{` `}`), when more are held than fit.
    misconceptions: Scroll,
    /// The reviews panel's scroll (`[` `]`), when more are due than fit.
    reviews: Scroll,
}

impl ProgressScreen {
    pub fn new(ctx: &Rc<Context>) -> ProgressScreen {
        ProgressScreen {
            ctx: Rc::clone(ctx),
            mastery: Scroll::default(),
            misconceptions: Scroll::default(),
            reviews: Scroll::default(),
        }
    }

    /// The curriculum's concepts in teaching order (lessons in study order).
    fn concepts(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for l in &self.ctx.catalog.lessons {
            for c in &l.concepts {
                if !v.contains(&c.as_str()) {
                    v.push(c);
                }
            }
        }
        v
    }
}

/// The most days the answers-per-day chart covers (a year).
const MAX_DAYS: usize = 366;

/// One row of the mastery chart.
pub struct MasteryRow<'a> {
    pub concept: &'a str,
    /// 0 (not started) to 4 (mastered).
    pub level: usize,
    /// What follows the bar: the level in words and the answers.
    pub text: String,
}

/// The mastery chart as lines: the concept, a bar of four equal steps (one
/// per level above "not started", so every level that is not empty has at
/// least one filled cell at any width) on a dim track, then the level in
/// words. The label gives way before the bar does.
pub fn mastery_lines<'a>(rows: &[MasteryRow], width: usize, t: &Theme) -> Vec<Line<'a>> {
    let text_w = rows
        .iter()
        .map(|r| r.text.chars().count())
        .max()
        .unwrap_or(0);
    let label_full = rows
        .iter()
        .map(|r| r.concept.chars().count())
        .max()
        .unwrap_or(0);
    // At least a cell per level; up to 10 per level when there is room.
    let room = width.saturating_sub(text_w + 2);
    let label_w = label_full.min(room.saturating_sub(4)).min(width / 2);
    let step = (room.saturating_sub(label_w) / 4).clamp(1, 10);
    let (fill, track) = (t.sym("█", "#"), t.sym("░", "."));
    rows.iter()
        .map(|r| {
            let n = r.concept.chars().count();
            let mark = t.sym("…", "...");
            let label: String = if n > label_w && label_w > mark.len() {
                let mut l: String = r
                    .concept
                    .chars()
                    .take(label_w - mark.chars().count())
                    .collect();
                l.push_str(mark);
                l
            } else {
                r.concept.chars().take(label_w).collect()
            };
            let filled = r.level.min(4) * step;
            Line::from(vec![
                Span::raw(format!("{label:<label_w$} ")),
                Span::styled(fill.repeat(filled), t.series_a()),
                Span::styled(track.repeat(4 * step - filled), t.dim()),
                Span::styled(format!(" {}", r.text), t.selected()),
            ])
        })
        .collect()
}

/// Answers per day for the last `days` days, oldest first, today last.
pub fn per_day(times: impl Iterator<Item = i64>, now: i64, days: usize) -> Vec<u64> {
    let mut v = vec![0u64; days];
    let today = now.div_euclid(DAY_MS);
    for t in times {
        let ago = today - t.div_euclid(DAY_MS);
        if (0..days as i64).contains(&ago) {
            v[days - 1 - ago as usize] += 1;
        }
    }
    v
}

impl Screen for ProgressScreen {
    fn title(&self) -> String {
        "Progress".into()
    }

    fn handle(&mut self, a: Action) -> Transition {
        match a {
            Action::Up => self.mastery.by(-1),
            Action::Down => self.mastery.by(1),
            Action::PageUp => {
                self.mastery.page_up();
            }
            Action::PageDown => {
                self.mastery.page_down();
            }
            Action::Home => self.mastery.home(),
            Action::End => self.mastery.end(),
            Action::Char(c) if self.reviews.side_keys(c) => {}
            Action::Char('{') => self.misconceptions.by(-2),
            Action::Char('}') => self.misconceptions.by(2),
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let now = (self.ctx.now)();
        let store = self.ctx.store.borrow();
        let concepts = self.concepts();
        let mut s = summarize(store.progress(), &concepts, now);
        // Only what Review poses (items still in the catalog, quiz = true).
        let posed = review_plan(&self.ctx.catalog, &store, now).due;
        s.reviews_due.retain(|d| posed.contains(&d.problem));
        let mis = misconceptions(store.attempts());
        // The misconceptions panel appears once one has been diagnosed: a
        // row each (active first), every one on a tall screen, at most four
        // on a short one (the title says how many are shown).
        let mis_rows = mis.len().min(if area.height >= 30 { 9 } else { 4 });
        let mis_h = if mis.is_empty() {
            0
        } else {
            mis_rows as u16 + 2
        };
        let cal = calibration(&store.progress().predictions);
        // The reliability diagram appears once a prediction has been made:
        // a row per confidence bin, the Brier score in the title.
        let cal_h = if cal.predictions == 0 { 0 } else { 8 };
        let wide = area.width >= 100;
        let [chart_area, side] = if wide {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
        } else {
            // The chart takes what its rows need, at least 6 lines, and
            // leaves the rest to the panels below it.
            let side_need = 9 + mis_h + cal_h;
            let rows = s.concepts.len() as u16 + 2;
            let chart_h = rows
                .min(area.height.saturating_sub(side_need))
                .max(6.min(rows))
                .min(area.height);
            Layout::vertical([Constraint::Length(chart_h), Constraint::Min(0)]).areas(area)
        };

        // Mastery: one horizontal bar per concept, 0 (not started) to 4 (mastered).
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(" Mastery per concept ");
        let inner = block.inner(chart_area);
        // A column for the scrollbar when the rows do not all fit.
        let bar_w = u16::from(s.concepts.len() > inner.height as usize);
        let shown: Vec<MasteryRow> = s
            .concepts
            .iter()
            .map(|c| MasteryRow {
                concept: &c.concept,
                level: c.level as usize,
                text: format!("{} ({})", c.level, c.attempts),
            })
            .collect();
        self.mastery.render(
            frame,
            chart_area,
            block,
            Paragraph::new(mastery_lines(
                &shown,
                inner.width.saturating_sub(bar_w) as usize,
                t,
            )),
            "more: ↓",
            t,
        );

        let [spark_area, mis_area, cal_area, due_area] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Length(mis_h),
            Constraint::Length(cal_h),
            Constraint::Min(3),
        ])
        .areas(side);
        if cal.predictions > 0 {
            frame.render_widget(
                reliability(&cal, cal_area.width, cal_area.height, t),
                cal_area,
            );
        }
        if !mis.is_empty() {
            let mut rows: Vec<(&String, &Misconception)> = mis.iter().collect();
            rows.sort_by_key(|(id, m)| {
                (
                    m.state != State::Active,
                    std::cmp::Reverse(m.last_seen),
                    (*id).clone(),
                )
            });
            let lines: Vec<Line> = rows
                .iter()
                .map(|(id, m)| {
                    let (mark, state, style) = match m.state {
                        State::Active => (
                            t.sym("●", "*"),
                            format!("active, {}/{RESOLVE_AFTER} clean", m.clean_since),
                            t.bad(),
                        ),
                        State::Resolved => (t.sym("○", "o"), "resolved".to_string(), t.good()),
                    };
                    Line::from(vec![
                        Span::styled(format!(" {mark} "), style),
                        Span::raw(format!("{id:<22}")),
                        Span::styled(format!("{state} · seen {}", m.seen), t.dim()),
                    ])
                })
                .collect();
            let active = rows
                .iter()
                .filter(|(_, m)| m.state == State::Active)
                .count();
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(t.border())
                .title(format!(
                    " Misconceptions: {active} active, {} in all ",
                    rows.len()
                ));
            self.misconceptions.render(
                frame,
                mis_area,
                block,
                Paragraph::new(lines).wrap(Wrap { trim: false }),
                "more: }",
                t,
            );
        }
        // One column per day, today in the last column: the chart fills the
        // panel, so "today at the right" holds at every width.
        let spark_block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border());
        let spark_inner = spark_block.inner(spark_area);
        let days = (spark_inner.width as usize).clamp(1, MAX_DAYS);
        let counts = per_day(store.attempts().iter().map(|a| a.time_ms), now, days);
        let right = store.attempts().iter().filter(|a| a.correct).count();
        frame.render_widget(
            spark_block
                .title(format!(" Answers per day, last {days} days "))
                .title_bottom(Line::styled(
                    format!(
                        " {} answers, {right} right · today at the right ",
                        s.total_attempts
                    ),
                    t.dim(),
                )),
            spark_area,
        );
        let spark_rect = Rect {
            x: spark_inner.right().saturating_sub(days as u16),
            width: (days as u16).min(spark_inner.width),
            ..spark_inner
        };
        frame.render_widget(
            Sparkline::default().style(t.series_b()).data(&counts),
            spark_rect,
        );

        // Review also poses one extra problem per misconception still held.
        let plan = crate::tutor::review_plan(&self.ctx.catalog, &store, now);
        let mut head = vec![
            Span::styled(format!("{}", s.reviews_due.len()), t.key()),
            Span::raw(" due now"),
        ];
        if !plan.extra.is_empty() {
            head.push(Span::raw(format!(
                ", and {} extra for misconceptions you hold",
                plan.extra.len()
            )));
        }
        let mut lines = vec![Line::from(head)];
        for d in &s.reviews_due {
            let hours = d.overdue_by_ms as f64 / 3_600_000.0;
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", t.sym("•", "-")), t.dim()),
                Span::raw(d.problem.clone()),
                Span::styled(format!("  ({}, {hours:.0} h overdue)", d.concept), t.dim()),
            ]));
        }
        for (m, key) in &plan.extra {
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", t.sym("+", "+")), t.dim()),
                Span::raw(key.clone()),
                Span::styled(format!("  (for \"{m}\")"), t.dim()),
            ]));
        }
        if let Some(w) = plan.waiting_note() {
            lines.push(Line::styled(w, t.dim()));
        }
        if s.reviews_due.is_empty() && plan.extra.is_empty() {
            match s.next_review_ms {
                Some(n) => lines.push(Line::styled(
                    format!(
                        "The next review is due in {:.1} hours.",
                        (n - now) as f64 / 3_600_000.0
                    ),
                    t.dim(),
                )),
                None => lines.push(Line::styled(
                    "Answer problems in lessons to schedule reviews.",
                    t.dim(),
                )),
            }
        }
        self.reviews.render(
            frame,
            due_area,
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.border())
                .title(" Reviews "),
            // Wrapped: a long problem id and its note are never cut at the edge.
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            "more: ]",
            t,
        );
    }

    fn reload(&mut self, r: &Reload) -> Reloaded {
        self.ctx = Rc::clone(&r.ctx);
        Reloaded::Keep
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("↑↓ / jk", "scroll the concepts"),
            key("PgUp / PgDn", "scroll a page"),
            key("Home / End", "top / bottom"),
            key("[ ]", "scroll the reviews"),
            key("{ }", "scroll the misconceptions"),
        ]
    }

    /// Short names so the line, with "? help · q back", fits 80 columns;
    /// the `?` overlay keeps the long ones.
    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = Vec::new();
        if self.mastery.overflows() {
            v.push(key("↑↓/jk", "scroll"));
            v.push(key("PgUp/PgDn", "page"));
        }
        if self.reviews.overflows() {
            v.push(key("[ ]", "reviews"));
        }
        if self.misconceptions.overflows() {
            v.push(key("{ }", "misconceptions"));
        }
        v
    }
}

/// The reliability diagram as rows: for each stated confidence (50 % to
/// 100 %), a bar of the observed share right, with `│` where a calibrated
/// learner's bar would end; bins with no prediction are dim.
pub fn reliability<'a>(cal: &Calibration, width: u16, height: u16, t: &Theme) -> Paragraph<'a> {
    let bar_w = (width as usize).saturating_sub(26).clamp(6, 40);
    // Too short for every bin: the bins with predictions, so the ones that
    // say something are never the ones cut off.
    let short = (height.saturating_sub(2) as usize) < cal.bins.len();
    let mut lines = Vec::new();
    for b in &cal.bins {
        let stated = format!("{:>4.0}%", b.confidence * 100.0);
        if b.n == 0 && short {
            continue;
        }
        if b.n == 0 {
            lines.push(Line::styled(format!(" {stated}   -"), t.dim()));
            continue;
        }
        let share = b.right as f64 / b.n as f64;
        let filled = (share * bar_w as f64).round() as usize;
        let mark = ((b.confidence * bar_w as f64).round() as usize).min(bar_w);
        let mut bar = String::new();
        for i in 0..=bar_w {
            bar.push_str(if i == mark {
                t.sym("│", "|")
            } else if i < filled {
                t.sym("█", "#")
            } else {
                " "
            });
        }
        let style = if (share - b.confidence).abs() <= 0.15 {
            t.good()
        } else {
            t.bad()
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {stated}  ")),
            Span::styled(bar, style),
            Span::styled(
                format!(" {:.0}% ({} of {})", share * 100.0, b.right, b.n),
                t.dim(),
            ),
        ]));
    }
    let brier = cal.brier.map_or("-".to_string(), |b| format!("{b:.3}"));
    Paragraph::new(lines).block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(format!(
                " Calibration: {} {}, Brier {brier} ",
                cal.predictions,
                if cal.predictions == 1 {
                    "prediction"
                } else {
                    "predictions"
                }
            ))
            .title_bottom(Line::styled(
                format!(
                    " stated confidence · bar: share right · {} where it should end ",
                    t.sym("│", "|")
                ),
                t.dim(),
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_on_their_day() {
        let now = 10 * DAY_MS + 5;
        let v = per_day(
            [now, now - 1, now - DAY_MS, now - 40 * DAY_MS].into_iter(),
            now,
            7,
        );
        assert_eq!(v, vec![0, 0, 0, 0, 0, 1, 2]);
    }
}
