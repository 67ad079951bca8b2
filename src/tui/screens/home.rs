//! Home: the course in prerequisite order with each lesson's state and
//! mastery, "continue where you left off", and the ways into quizzes,
//! reviews, mastery challenges, labs and progress.

use super::lesson::LessonScreen;
use super::progress::ProgressScreen;
use super::quiz::QuizScreen;
use crate::lab::{LabParams, NAMES};
use crate::lesson::Lesson;
use crate::progress::levels;
use crate::progress::mastery::{Level, level_of};
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use crate::tutor::lookup::missing_prerequisites;
use crate::tutor::path::{NextOwned, next_step};
use crate::tutor::session::session_key;
use crate::tutor::{ReviewPlan, review_plan};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Where a lesson stands for this learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonState {
    /// A prerequisite concept is below Familiar (it can still be opened).
    Locked,
    New,
    InProgress,
    Done,
}

impl LessonState {
    pub fn word(self) -> &'static str {
        match self {
            LessonState::Locked => "locked",
            LessonState::New => "not started",
            LessonState::InProgress => "in progress",
            LessonState::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// Where the learner should go next (see [`next_step`]).
    Continue(NextOwned),
    Lesson(usize),
    Quiz,
    Review,
    Challenge,
    Lab(&'static str),
    Progress,
}

pub struct Home {
    ctx: Rc<Context>,
    selected: usize,
    message: Option<String>,
    /// The details pane's scroll (a locked lesson's reasons can be long).
    details: Scroll,
    /// The course list's scroll, which follows the selection.
    list: Scroll,
    /// What Review would pose, keyed by (answers recorded, minute): drawn
    /// every frame, worked out only when the log or the minute changes.
    plan: RefCell<Option<((usize, i64), ReviewPlan)>>,
}

impl Home {
    pub fn new(ctx: &Rc<Context>) -> Home {
        Home {
            ctx: Rc::clone(ctx),
            selected: 0,
            message: None,
            details: Scroll::default(),
            list: Scroll::default(),
            plan: RefCell::new(None),
        }
    }

    /// What Review would pose now: the problems due and one extra per
    /// misconception still held, the number the course list says.
    fn review_plan(&self) -> ReviewPlan {
        let store = self.ctx.store.borrow();
        let now = (self.ctx.now)();
        let key = (store.attempts().len(), now.div_euclid(60_000));
        let mut cache = self.plan.borrow_mut();
        match &*cache {
            Some((k, p)) if *k == key => p.clone(),
            _ => {
                let p = review_plan(&self.ctx.catalog, &store, now);
                *cache = Some((key, p.clone()));
                p
            }
        }
    }

    fn entries(&self) -> Vec<Entry> {
        let store = self.ctx.store.borrow();
        let mut v = Vec::new();
        v.push(Entry::Continue(
            next_step(&self.ctx.catalog, &store, (self.ctx.now)()).into(),
        ));
        v.extend((0..self.ctx.catalog.lessons.len()).map(Entry::Lesson));
        v.extend([Entry::Quiz, Entry::Review, Entry::Challenge]);
        v.extend(NAMES.iter().map(|(n, _)| Entry::Lab(n)));
        v.push(Entry::Progress);
        v
    }

    fn state(&self, l: &Lesson, lv: &BTreeMap<String, Level>) -> LessonState {
        let store = self.ctx.store.borrow();
        if store
            .position(&l.id)
            .is_some_and(|p| p.section >= l.sections().len())
        {
            LessonState::Done
        } else if store.session(&session_key(&l.id)).is_some() || store.position(&l.id).is_some() {
            LessonState::InProgress
        } else if !missing_prerequisites(&self.ctx.catalog, l, lv).is_empty() {
            LessonState::Locked
        } else {
            LessonState::New
        }
    }

    /// The lowest level among the lesson's concepts: a lesson is only as mastered as its weakest part.
    fn mastery(l: &Lesson, lv: &BTreeMap<String, Level>) -> Level {
        l.concepts
            .iter()
            .map(|c| level_of(lv, c))
            .min()
            .unwrap_or(Level::NotStarted)
    }

    fn open(&mut self, e: &Entry) -> Transition {
        let ctx = &self.ctx;
        let pushed: Result<Box<dyn Screen>, String> = match e {
            Entry::Continue(NextOwned::Lesson { id, .. }) => LessonScreen::open(ctx, id)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Continue(NextOwned::Review(_)) => {
                return self.open(&Entry::Review);
            }
            Entry::Continue(NextOwned::Quiz(u)) => QuizScreen::concept(ctx, &u.concept)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Continue(NextOwned::Challenge) => return self.open(&Entry::Challenge),
            Entry::Lesson(i) => LessonScreen::open(ctx, &ctx.catalog.lessons[*i].id)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Quiz => QuizScreen::quiz(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Review => QuizScreen::review(ctx).map(|s| Box::new(s) as Box<dyn Screen>),
            Entry::Challenge => QuizScreen::challenge(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Lab(n) => super::open_lab(n, &LabParams::default())
                .ok_or_else(|| format!("The {n} lab is not available.")),
            Entry::Progress => Ok(Box::new(ProgressScreen::new(ctx))),
        };
        match pushed {
            Ok(s) => {
                self.message = None;
                Transition::Push(s)
            }
            Err(m) => {
                let mut m = m;
                if let Some(first) = m.get(..1) {
                    m = first.to_uppercase() + &m[1..];
                }
                self.message = Some(m);
                Transition::Stay
            }
        }
    }

    /// An entry's name and its state column (empty for most non-lessons).
    fn entry_cells(
        &self,
        e: &Entry,
        lv: &BTreeMap<String, Level>,
        due_n: usize,
        t: &Theme,
    ) -> (String, String, String, Style) {
        match e {
            Entry::Continue(n) => {
                let what = match n {
                    NextOwned::Lesson { title, .. } => title.clone(),
                    NextOwned::Review(n) => format!("Review ({n} due)"),
                    NextOwned::Quiz(u) => {
                        format!("Quiz on {} (unlocks \"{}\")", u.concept, u.lesson_title)
                    }
                    NextOwned::Challenge => "Mastery challenge".into(),
                };
                (
                    format!("Continue: {what}"),
                    String::new(),
                    String::new(),
                    t.dim(),
                )
            }
            Entry::Lesson(i) => {
                let l = &self.ctx.catalog.lessons[*i];
                let st = self.state(l, lv);
                let st_style = match st {
                    LessonState::Locked => t.dim(),
                    LessonState::New => t.text(),
                    LessonState::InProgress => t.warn(),
                    LessonState::Done => t.good(),
                };
                (
                    format!("{:>2}. {}", i + 1, l.title),
                    st.word().to_string(),
                    Self::mastery(l, lv).to_string(),
                    st_style,
                )
            }
            Entry::Quiz => (
                "Quiz: 5 items from the unlocked lessons".into(),
                String::new(),
                String::new(),
                t.dim(),
            ),
            Entry::Review => (
                "Review".into(),
                format!("{due_n} due"),
                String::new(),
                if due_n > 0 { t.warn() } else { t.dim() },
            ),
            Entry::Challenge => (
                "Mastery challenge".into(),
                String::new(),
                String::new(),
                t.dim(),
            ),
            Entry::Lab(n) => (format!("Lab: {n}"), String::new(), String::new(), t.dim()),
            Entry::Progress => ("Progress".into(), String::new(), String::new(), t.dim()),
        }
    }

    fn detail_lines(
        &self,
        e: &Entry,
        lv: &BTreeMap<String, Level>,
        t: &Theme,
    ) -> Vec<Line<'static>> {
        let lesson = match e {
            Entry::Continue(NextOwned::Lesson { id, .. }) => self.ctx.catalog.get(id),
            Entry::Lesson(i) => self.ctx.catalog.lessons.get(*i),
            _ => None,
        };
        if let Some(l) = lesson {
            let mut v = vec![
                Line::styled(l.title.clone(), t.title()),
                Line::styled(
                    format!(
                        "{} · about {} min · difficulty {}",
                        l.id, l.minutes, l.difficulty
                    ),
                    t.dim(),
                ),
                Line::raw(""),
                Line::raw(l.summary.clone()),
                Line::raw(""),
            ];
            for c in &l.concepts {
                v.push(Line::from(vec![
                    Span::raw(format!("{} {c}: ", t.sym("•", "-"))),
                    Span::styled(level_of(lv, c).to_string(), t.key()),
                ]));
            }
            let missing = missing_prerequisites(&self.ctx.catalog, l, lv);
            if !missing.is_empty() {
                v.push(Line::raw(""));
                v.push(Line::styled(
                    format!(
                        "Locked until these reach familiar: {}. Enter opens it anyway.",
                        missing.join(", ")
                    ),
                    t.warn(),
                ));
            }
            return v;
        }
        let text = match e {
            Entry::Continue(n) => format!(
                "Every unlocked lesson is done. Next: {}.",
                n.describe()
            ),
            Entry::Quiz => "Five items drawn from every unlocked lesson, plus one extra problem for each misconception you still hold, with feedback on each and the mistakes gone over at the end.".to_string(),
            Entry::Review => {
                let plan = self.review_plan();
                let mut s = "The problems due for spaced review, each as a fresh instance, and one extra problem for each misconception you still hold. Reviews move mastery levels up and down.".to_string();
                if !plan.is_empty() {
                    s.push_str(&format!(
                        " Now: {} due",
                        plan.due.len()
                    ));
                    if !plan.extra.is_empty() {
                        let ids: Vec<String> =
                            plan.extra.iter().map(|(m, _)| format!("\"{m}\"")).collect();
                        s.push_str(&format!(
                            ", {} extra for {}",
                            plan.extra.len(),
                            ids.join(" and ")
                        ));
                    }
                    s.push('.');
                }
                if let Some(w) = plan.waiting_note() {
                    s.push(' ');
                    s.push_str(&w);
                }
                s
            }
            Entry::Challenge => "Fresh randomized problems on concepts at familiar or above: the way to proficient and mastered.".to_string(),
            Entry::Lab(n) => NAMES.iter().find(|(x, _)| x == n).map_or(String::new(), |(_, w)| w.to_string()),
            Entry::Progress => "Mastery per concept, answers over time and the reviews due.".to_string(),
            _ => String::new(),
        };
        vec![Line::raw(text)]
    }
}

impl Screen for Home {
    fn title(&self) -> String {
        "Home".into()
    }

    /// The new catalogue, with the same lesson (or entry) still selected,
    /// and the notes of lessons that are gone.
    fn reload(&mut self, r: &Reload) -> Reloaded {
        let entries = self.entries();
        let old_lessons = self.ctx.catalog.lessons.len();
        let picked = match entries.get(self.selected) {
            Some(Entry::Lesson(i)) => Some(self.ctx.catalog.lessons[*i].id.clone()),
            _ => None,
        };
        self.ctx = Rc::clone(&r.ctx);
        let new_lessons = self.ctx.catalog.lessons.len();
        let n = self.entries().len();
        self.selected = match picked {
            Some(id) => self
                .ctx
                .catalog
                .lessons
                .iter()
                .position(|l| l.id == id)
                // Entry 0 is "Continue"; lessons follow.
                .map_or(self.selected.min(new_lessons), |i| i + 1),
            // Quiz, labs, Progress: the same entry after a longer or shorter course list.
            None if self.selected > old_lessons => self.selected - old_lessons + new_lessons,
            None => self.selected,
        }
        .min(n - 1);
        let notes = r.notes();
        if !notes.is_empty() {
            self.message = Some(notes.join(" "));
        }
        Reloaded::Keep
    }

    fn handle(&mut self, a: Action) -> Transition {
        let entries = self.entries();
        if let Action::Char(c) = a
            && self.details.side_keys(c)
        {
            return Transition::Stay;
        }
        let before = self.selected;
        let t = self.handle_list(a, &entries);
        if self.selected != before {
            self.details.reset();
        }
        t
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        self.draw_home(frame, area, t)
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("↑↓ / jk", "choose"),
            key("Enter / → / l", "open"),
            key("PgUp / PgDn", "move ten entries"),
            key("Home / End", "first / last entry"),
            key("[ ]", "scroll the details"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![key("↑↓", "choose"), key("Enter", "open")];
        v.extend(self.details.side_status());
        v
    }
}

impl Home {
    fn handle_list(&mut self, a: Action, entries: &[Entry]) -> Transition {
        let n = entries.len();
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n - 1),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n - 1),
            Action::Home => self.selected = 0,
            Action::End => self.selected = n - 1,
            Action::Enter | Action::Right => {
                let e = entries[self.selected.min(n - 1)].clone();
                return self.open(&e);
            }
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }

    fn draw_home(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let entries = self.entries();
        let selected = self.selected.min(entries.len() - 1);
        let lv = levels(self.ctx.store.borrow().attempts());
        let due_n = self.review_plan().len();
        let mut notices: Vec<Line> = self
            .ctx
            .warnings
            .iter()
            .map(|w| Line::styled(format!("Warning: {w}"), t.bad()))
            .collect();
        let mut texts: Vec<String> = self
            .ctx
            .warnings
            .iter()
            .map(|w| format!("Warning: {w}"))
            .collect();
        if let Some(m) = &self.message {
            notices.push(Line::styled(m.clone(), t.warn()));
            texts.push(m.clone());
        }
        // As many rows as the wrapped notices take (at least two each, as
        // before), up to a third of the screen.
        let notice_h = if notices.is_empty() {
            0
        } else {
            let rows: usize = texts
                .iter()
                .map(|s| crate::tui::widgets::prose::wrapped_rows(s, area.width as usize).max(2))
                .sum();
            (rows as u16).min(area.height / 3)
        };
        let [notice_area, rest] =
            Layout::vertical([Constraint::Length(notice_h), Constraint::Min(5)]).areas(area);
        if notice_h > 0 {
            frame.render_widget(
                Paragraph::new(notices).wrap(Wrap { trim: true }),
                notice_area,
            );
        }
        let rows: Vec<(String, String, String, Style)> = entries
            .iter()
            .map(|e| {
                let (name, st, m, style) = self.entry_cells(e, &lv, due_n, t);
                (t.spell(&name).into_owned(), st, m, style)
            })
            .collect();
        // A column that says the same for every lesson says nothing: drop it.
        let lesson_rows = || {
            entries
                .iter()
                .zip(&rows)
                .filter(|(e, _)| matches!(e, Entry::Lesson(_)))
                .map(|(_, r)| r)
        };
        let varies = |f: fn(&(String, String, String, Style)) -> &String| {
            let mut it = lesson_rows().map(f);
            let first = it.next();
            it.any(|x| Some(x) != first)
        };
        let show_state = varies(|r| &r.1);
        let show_mastery = varies(|r| &r.2);
        let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let state_w = rows
            .iter()
            .zip(&entries)
            .filter(|(_, e)| show_state || !matches!(e, Entry::Lesson(_)))
            .map(|(r, _)| w(&r.1))
            .max()
            .unwrap_or(0);
        let mastery_w = if show_mastery {
            rows.iter().map(|r| w(&r.2)).max().unwrap_or(0)
        } else {
            0
        };
        let name_need = rows.iter().map(|r| w(&r.0)).max().unwrap_or(0);
        let cols = |x: usize| if x > 0 { x + 2 } else { 0 };
        // Mark, name, columns, the borders and the scrollbar's column.
        let list_need = (2 + name_need + cols(state_w) + cols(mastery_w) + 3) as u16;
        let wide = rest.width >= 100 && rest.width.saturating_sub(list_need) >= 36;
        let [list_area, detail_area] = if wide {
            Layout::horizontal([Constraint::Length(list_need), Constraint::Min(36)]).areas(rest)
        } else {
            // The details take the rows their text needs, up to half the screen.
            let need = Paragraph::new(t.spell_lines(self.detail_lines(&entries[selected], &lv, t)))
                .wrap(Wrap { trim: true })
                .line_count(rest.width) as u16
                + 1;
            let h = need.clamp(5, (rest.height / 2).max(5));
            Layout::vertical([Constraint::Min(5), Constraint::Length(h)]).areas(rest)
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(" Course ")
            .title(
                Line::styled(
                    format!(" reviews due: {due_n} "),
                    if due_n > 0 { t.warn() } else { t.dim() },
                )
                .right_aligned(),
            );
        // Leave a column for the scrollbar so that no title touches it.
        let width = (block.inner(list_area).width as usize).saturating_sub(1);
        // The title comes first: without room for it, the mastery column
        // goes (the details pane lists the level of every concept).
        let mastery_w = if 2 + name_need + cols(state_w) + cols(mastery_w) > width {
            0
        } else {
            mastery_w
        };
        // Columns follow the longest name, not the far edge.
        let name_w = width
            .saturating_sub(2 + cols(state_w) + cols(mastery_w))
            .min(name_need);
        // Group headings between kinds of entries.
        let mut lines: Vec<Line> = Vec::new();
        let mut sel_line = 0;
        let mut sel_end = 0;
        let mut last_group = "";
        for (i, (e, (name, state, mastery, st_style))) in entries.iter().zip(&rows).enumerate() {
            let group = match e {
                Entry::Continue(_) => "",
                Entry::Lesson(_) => "Lessons",
                Entry::Quiz | Entry::Review | Entry::Challenge => "Practice",
                Entry::Lab(_) => "Labs",
                Entry::Progress => "Progress",
            };
            if group != last_group && !group.is_empty() && group != "Progress" {
                lines.push(Line::styled(format!(" {group}"), t.title()));
            }
            last_group = group;
            let selected = i == selected;
            if selected {
                sel_line = lines.len();
            }
            // A title wider than its column wraps under itself, never cut.
            let parts = wrap_words(
                name,
                name_w,
                if matches!(e, Entry::Lesson(_)) { 4 } else { 2 },
            );
            let name_style = if selected { t.selected() } else { t.text() };
            let mut spans = vec![
                Span::styled(if selected { t.sym("▸ ", "> ") } else { "  " }, t.key()),
                Span::styled(parts[0].clone(), name_style),
                Span::raw(" ".repeat(name_w.saturating_sub(w(&parts[0])))),
            ];
            let is_lesson = matches!(e, Entry::Lesson(_));
            if state_w > 0 {
                let shown = if is_lesson && !show_state {
                    ""
                } else {
                    state.as_str()
                };
                spans.push(Span::styled(format!("  {shown:<state_w$}"), *st_style));
            }
            if mastery_w > 0 {
                spans.push(Span::styled(format!("  {mastery:<mastery_w$}"), t.dim()));
            }
            lines.push(Line::from(spans));
            for more in &parts[1..] {
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(more.clone(), name_style),
                ]));
            }
            if selected {
                sel_end = lines.len() - 1;
            }
        }
        // The whole selected entry in view, its first line last.
        self.list.keep_in_view(sel_end as u16);
        self.list.keep_in_view(sel_line as u16);
        self.list.render(
            frame,
            list_area,
            block,
            Paragraph::new(t.spell_lines(lines)),
            "more",
            t,
        );
        self.details.render(
            frame,
            detail_area,
            Block::default()
                .borders(if wide { Borders::ALL } else { Borders::TOP })
                .border_style(t.border()),
            Paragraph::new(t.spell_lines(self.detail_lines(&entries[selected], &lv, t)))
                .wrap(Wrap { trim: true }),
            "more: ]",
            t,
        );
    }
}

/// Splits `text` at spaces into lines of at most `width` columns, the
/// continuation lines indented by `indent` (a word longer than a line is
/// broken by characters, which only a terminal too narrow to use needs).
fn wrap_words(text: &str, width: usize, indent: usize) -> Vec<String> {
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let width = width.max(indent + 4);
    // Leading spaces (a right-aligned number) are kept.
    let lead = text.len() - text.trim_start().len();
    let mut lines = vec![text[..lead].to_string()];
    for word in text.split(' ').filter(|x| !x.is_empty()) {
        let cur = lines.last_mut().expect("never empty");
        let sep = usize::from(!cur.trim().is_empty());
        if w(cur) + sep + w(word) <= width {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        let mut next = " ".repeat(indent);
        for c in word.chars() {
            if w(&next) + 1 > width {
                lines.push(std::mem::replace(&mut next, " ".repeat(indent)));
            }
            next.push(c);
        }
        if lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines.push(next);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn a_long_title_wraps_at_spaces_with_a_hanging_indent() {
        let v = wrap_words(
            " 7. Several variables: chain rule and mutual information",
            30,
            4,
        );
        assert_eq!(
            v,
            vec![
                " 7. Several variables: chain",
                "    rule and mutual",
                "    information"
            ]
        );
        assert!(v.iter().all(|l| l.len() <= 30));
        assert_eq!(wrap_words("Progress", 30, 2), vec!["Progress"]);
    }
}
