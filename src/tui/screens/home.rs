//! Home: the course in prerequisite order with each lesson's state and
//! mastery, "continue where you left off", and the ways into quizzes,
//! reviews, mastery challenges, labs and progress.

use super::lesson::LessonScreen;
use super::progress::ProgressScreen;
use super::quiz::QuizScreen;
use crate::lab::{LabParams, NAMES};
use crate::lesson::Lesson;
use crate::progress::mastery::{Level, level_of};
use crate::progress::{due, levels};
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use crate::tutor::lookup::missing_prerequisites;
use crate::tutor::session::{lesson_to_continue, session_key};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
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
            LessonState::New => "new",
            LessonState::InProgress => "in progress",
            LessonState::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Continue(String),
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
}

impl Home {
    pub fn new(ctx: &Rc<Context>) -> Home {
        Home {
            ctx: Rc::clone(ctx),
            selected: 0,
            message: None,
            details: Scroll::default(),
        }
    }

    fn entries(&self) -> Vec<Entry> {
        let store = self.ctx.store.borrow();
        let mut v = Vec::new();
        if let Some(l) = lesson_to_continue(&self.ctx.catalog, &store) {
            v.push(Entry::Continue(l.id.clone()));
        }
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
            .is_some_and(|p| p.section >= l.sections.len())
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
            Entry::Continue(id) => LessonScreen::open(ctx, id)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
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

    fn entry_line(
        &self,
        e: &Entry,
        selected: bool,
        width: usize,
        lv: &BTreeMap<String, Level>,
        due_n: usize,
        t: &Theme,
    ) -> Line<'static> {
        let mark = if selected { t.sym("▸ ", "> ") } else { "  " };
        let style = if selected { t.selected() } else { t.text() };
        let (name, extra, extra_style): (String, String, Style) = match e {
            Entry::Continue(id) => {
                let title = self
                    .ctx
                    .catalog
                    .get(id)
                    .map_or(id.clone(), |l| l.title.clone());
                (format!("Continue: {title}"), String::new(), t.dim())
            }
            Entry::Lesson(i) => {
                let l = &self.ctx.catalog.lessons[*i];
                let st = self.state(l, lv);
                let m = Self::mastery(l, lv);
                let st_style = match st {
                    LessonState::Locked => t.dim(),
                    LessonState::New => t.text(),
                    LessonState::InProgress => t.warn(),
                    LessonState::Done => t.good(),
                };
                (
                    format!("{:>2}. {}", i + 1, l.title),
                    format!("{:<11} {}", st.word(), m),
                    st_style,
                )
            }
            Entry::Quiz => (
                "Quiz: 5 items from the unlocked lessons".into(),
                String::new(),
                t.dim(),
            ),
            Entry::Review => (
                "Review".into(),
                format!("{due_n} due"),
                if due_n > 0 { t.warn() } else { t.dim() },
            ),
            Entry::Challenge => ("Mastery challenge".into(), String::new(), t.dim()),
            Entry::Lab(n) => (format!("Lab: {n}"), String::new(), t.dim()),
            Entry::Progress => ("Progress".into(), String::new(), t.dim()),
        };
        let extra_w = 24.min(width / 2);
        let name_w = width.saturating_sub(extra_w + 3);
        let name: String = name.chars().take(name_w).collect();
        let pad = name_w.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()));
        Line::from(vec![
            Span::styled(mark, t.key()),
            Span::styled(name, style),
            Span::raw(" ".repeat(pad + 1)),
            Span::styled(extra.chars().take(extra_w).collect::<String>(), extra_style),
        ])
    }

    fn detail_lines(
        &self,
        e: &Entry,
        lv: &BTreeMap<String, Level>,
        t: &Theme,
    ) -> Vec<Line<'static>> {
        let lesson = match e {
            Entry::Continue(id) => self.ctx.catalog.get(id),
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
            Entry::Quiz => "Five items drawn from every unlocked lesson, with feedback on each and the mistakes gone over at the end.".to_string(),
            Entry::Review => "The problems due for spaced review, each as a fresh instance. Reviews move mastery levels up and down.".to_string(),
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
        let (lv, due_n) = {
            let store = self.ctx.store.borrow();
            (
                levels(store.attempts()),
                due(store.attempts(), (self.ctx.now)()).len(),
            )
        };
        let mut notices: Vec<Line> = self
            .ctx
            .warnings
            .iter()
            .map(|w| Line::styled(format!("Warning: {w}"), t.bad()))
            .collect();
        if let Some(m) = &self.message {
            notices.push(Line::styled(m.clone(), t.warn()));
        }
        let notice_h = if notices.is_empty() {
            0
        } else {
            (notices.len() as u16 * 2).min(area.height / 3)
        };
        let [notice_area, rest] =
            Layout::vertical([Constraint::Length(notice_h), Constraint::Min(5)]).areas(area);
        if notice_h > 0 {
            frame.render_widget(
                Paragraph::new(notices).wrap(Wrap { trim: true }),
                notice_area,
            );
        }
        let wide = rest.width >= 100;
        let [list_area, detail_area] = if wide {
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(rest)
        } else {
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(rest)
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
        let inner = block.inner(list_area);
        frame.render_widget(block, list_area);
        let width = inner.width as usize;
        // Group headings between kinds of entries.
        let mut lines: Vec<Line> = Vec::new();
        let mut sel_line = 0;
        let mut last_group = "";
        for (i, e) in entries.iter().enumerate() {
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
            if i == selected {
                sel_line = lines.len();
            }
            lines.push(self.entry_line(e, i == selected, width, &lv, due_n, t));
        }
        let h = inner.height as usize;
        let offset = (sel_line + 1).saturating_sub(h);
        frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
        self.details.render(
            frame,
            detail_area,
            Block::default()
                .borders(if wide { Borders::ALL } else { Borders::TOP })
                .border_style(t.border()),
            Paragraph::new(self.detail_lines(&entries[selected], &lv, t)).wrap(Wrap { trim: true }),
            "more: ]",
            t,
        );
    }
}
