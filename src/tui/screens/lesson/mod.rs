//! A lesson, item by item, driven through [`LessonSession`]: the reader
//! (prose with an outline of sections), worked examples revealed step by
//! step, problems with an answer field, questions and lab items.
//!
//! Keys: on prose and examples ↑↓/jk/PgUp/PgDn scroll, → / l / Enter go on,
//! ← / h go back. On a problem the answer field has the keys: every letter
//! and digit is text there, so Esc leaves it for the command keys `t` (hint),
//! `s` (solution), `n` (skip) and Enter/`a` (back to the field). Tab moves
//! between the content and the outline, where Enter jumps to a section.

mod answer;
mod end;
mod view;

use super::practice::{self, Note, Tone};
use super::quiz::QuizScreen;
use crate::lab::LabParams;
use crate::lesson::Step;
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::terms::TermsTable;

use crate::tutor::Feedback;
use crate::tutor::{Current, LessonReport, LessonSession, NextOwned, lookup::UnknownId};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::rc::Rc;

/// Below this width the outline goes above the content instead of beside it.
pub const SIDE_OUTLINE_MIN_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// The item, with its command keys.
    Content,
    /// Typing into the answer field (input mode).
    Field,
    /// Typing into the per-outcome table of terms (input mode).
    Terms,
    Outline,
}

pub struct LessonScreen {
    ctx: Rc<Context>,
    session: LessonSession,
    field: Field,
    /// The term-by-term table of the problem on screen, once opened with `e`.
    terms: Option<TermsTable>,
    focus: Focus,
    /// The item's scroll; the reader pages through it before moving on.
    scroll: Scroll,
    outline: usize,
    notes: Vec<Note>,
    /// The problem or question on screen has been answered right.
    solved: bool,
    choice: usize,
    /// A `predict` item's chosen prediction, before its confidence is given.
    predicted: Option<usize>,
    /// The last answer to the problem on screen, when it was wrong: `o`
    /// opens that problem in a lab, at the term it points at.
    last_wrong: Option<Feedback>,
    /// The worked example's steps, cached per item (the engine computes them).
    steps: Option<Vec<Step>>,
    /// The position of `steps` (section, item).
    steps_at: (usize, usize),
    /// The end page's report, computed when the end is reached.
    report: Option<LessonReport>,
}

impl LessonScreen {
    /// Opens `lesson_id` where the learner left it.
    pub fn open(ctx: &Rc<Context>, lesson_id: &str) -> Result<LessonScreen, UnknownId> {
        let session = {
            let store = ctx.store.borrow();
            LessonSession::resume(&ctx.catalog, lesson_id, &store, ctx.seed_source())?
        };
        let mut s = LessonScreen {
            ctx: Rc::clone(ctx),
            session,
            field: Field::default(),
            terms: None,
            focus: Focus::Content,
            scroll: Scroll::default(),
            outline: 0,
            notes: Vec::new(),
            solved: false,
            choice: 0,
            predicted: None,
            last_wrong: None,
            steps: None,
            steps_at: (usize::MAX, 0),
            report: None,
        };
        s.enter_item();
        if !s.session.locked_by().is_empty() {
            s.notes.push((
                format!(
                    "This lesson is locked until these concepts reach Familiar: {}. Opened anyway.",
                    s.session.locked_by().join(", ")
                ),
                Tone::Warn,
            ));
        }
        Ok(s)
    }

    pub fn session(&self) -> &LessonSession {
        &self.session
    }

    /// Resets the per-item state after a move and saves the position.
    fn enter_item(&mut self) {
        self.scroll.reset();
        self.notes.clear();
        self.solved = false;
        self.choice = 0;
        self.predicted = None;
        self.field.clear();
        self.terms = None;
        self.last_wrong = None;
        let c = self.session.cursor();
        self.outline = c
            .section
            .min(self.session.lesson().sections().len().saturating_sub(1));
        if self.steps_at != (c.section, c.item) {
            self.steps = match self.session.current() {
                Current::Step { example, .. } => example.steps().ok(),
                _ => None,
            };
            self.steps_at = (c.section, c.item);
        }
        self.focus = if matches!(self.session.current(), Current::Problem(_)) {
            Focus::Field
        } else {
            Focus::Content
        };
        self.persist();
        // After the save: the next step depends on this lesson being done.
        self.report = self.session.is_finished().then(|| {
            let store = self.ctx.store.borrow();
            self.session
                .report(&self.ctx.catalog, &store, (self.ctx.now)())
        });
    }

    /// Enter on the end page: what the report says comes next.
    fn open_next(&mut self) -> Transition {
        let Some(r) = &self.report else {
            return Transition::Pop;
        };
        let ctx = &self.ctx;
        let next: Result<Box<dyn Screen>, String> = match &r.next {
            NextOwned::Lesson { id, .. } => LessonScreen::open(ctx, id)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            NextOwned::Review(_) => QuizScreen::review(ctx).map(|s| Box::new(s) as Box<dyn Screen>),
            NextOwned::Quiz => QuizScreen::quiz(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            NextOwned::Challenge => QuizScreen::challenge(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
        };
        match next {
            Ok(s) => Transition::Replace(s),
            Err(m) => {
                self.notes = vec![(m, Tone::Warn)];
                Transition::Stay
            }
        }
    }

    fn persist(&mut self) {
        let r = self.session.save(&mut self.ctx.store.borrow_mut());
        if let Err(e) = r {
            self.notes
                .push((format!("Could not save progress: {e:#}"), Tone::Warn));
        }
    }

    /// Moves forward, re-entering the item only when the item changed (an
    /// example step keeps the table and the scroll).
    fn forward(&mut self) {
        let before = self.session.cursor();
        self.session.advance();
        self.after_move(before);
    }

    fn backward(&mut self) {
        let before = self.session.cursor();
        self.session.back();
        self.after_move(before);
    }

    fn after_move(&mut self, before: crate::tutor::Cursor) {
        let now = self.session.cursor();
        if (now.section, now.item) != (before.section, before.item) {
            self.enter_item();
        } else if now != before {
            self.persist();
        }
    }

    /// Walks the session to the first item of section `target`.
    fn jump(&mut self, target: usize) {
        let before = self.session.cursor();
        for _ in 0..10_000 {
            let c = self.session.cursor();
            if c.section == target && c.item == 0 && c.step == 0 {
                break;
            }
            if c.section < target {
                self.session.advance();
            } else {
                self.session.back();
            }
            if self.session.cursor() == c {
                break;
            }
        }
        if self.session.cursor() != before {
            self.enter_item();
        }
    }

    fn submit(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let text = self.field.commit();
        if text.trim().is_empty() {
            self.notes = vec![("Type an answer first.".into(), Tone::Info)];
            return;
        }
        self.submit_text(&text);
    }

    fn submit_text(&mut self, text: &str) {
        self.scroll.follow_end();
        let r = self.session.submit(&mut self.ctx.store.borrow_mut(), text);
        if let (Ok(fb), Some(table)) = (&r, &mut self.terms) {
            table.wrong = fb.first_wrong_term.map(|i| i - 1);
            if let Some(i) = table.wrong {
                table.row = i;
            }
        }
        self.last_wrong = match &r {
            Ok(fb) if !fb.correct => Some(fb.clone()),
            _ => None,
        };
        self.notes = match r {
            Ok(fb) => {
                self.solved = fb.correct;
                let mut n = practice::feedback_notes(&fb);
                if fb.correct {
                    self.focus = Focus::Content;
                    n.push(("Enter or → for the next item.".into(), Tone::Info));
                }
                n
            }
            Err(e) => practice::error_notes(&e),
        };
        self.persist();
    }

    fn choose(&mut self, n: usize) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let r = self
            .session
            .choose(&mut self.ctx.store.borrow_mut(), &(n + 1).to_string());
        self.choice = n;
        self.notes = match r {
            Ok(fb) => {
                self.solved = fb.correct;
                let mut v = practice::question_notes(&fb);
                v.push((
                    if fb.correct {
                        "Enter or → for the next item.".into()
                    } else {
                        "Choose again, or n to move on.".into()
                    },
                    Tone::Info,
                ));
                v
            }
            Err(e) => practice::error_notes(&e),
        };
        self.persist();
    }

    /// A digit on a `predict` item: first the prediction (1-n), then the
    /// confidence (5-9 for 50-90 %, 0 for 100 %), then the engine's reveal.
    fn predict_key(&mut self, digit: u32) {
        let Current::Predict(p) = self.session.current() else {
            return;
        };
        let p = p.clone();
        if self.solved {
            return;
        }
        self.scroll.follow_end();
        match self.predicted {
            None => {
                let k = digit as usize;
                if (1..=p.choices.len()).contains(&k) {
                    self.predicted = Some(k - 1);
                    self.choice = k - 1;
                    self.notes = vec![
                        (format!("Your prediction: {}.", p.choices[k - 1]), Tone::Info),
                        (
                            "How sure are you? 5 = 50 % (a guess), 6, 7, 8, 9 = 90 %, 0 = 100 % (certain).".into(),
                            Tone::Info,
                        ),
                    ];
                }
            }
            Some(choice) => {
                let confidence = match digit {
                    0 => 1.0,
                    5..=9 => f64::from(digit) / 10.0,
                    _ => return,
                };
                let lesson_id = self.session.lesson().id.clone();
                let (lines, err) = crate::tutor::predict::submit(
                    &mut self.ctx.store.borrow_mut(),
                    &lesson_id,
                    &p,
                    choice,
                    confidence,
                );
                let right = choice == p.answer;
                self.notes = lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let tone = match (i, right) {
                            (0, true) => Tone::Good,
                            (0, false) => Tone::Bad,
                            _ => Tone::Info,
                        };
                        (l, tone)
                    })
                    .collect();
                if let Some(e) = err {
                    self.notes
                        .push((format!("Could not save progress: {e}"), Tone::Warn));
                }
                self.notes
                    .push(("Enter or → for the next item.".into(), Tone::Info));
                self.solved = true;
            }
        }
    }

    fn hint(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        // A revealed hint is listed under the prompt; only "no more" needs a note.
        if let Some(h) = self.session.hint() {
            self.notes = match h {
                crate::tutor::HintReply::NoMoreHints => vec![practice::hint_note(h)],
                _ => Vec::new(),
            };
            self.persist();
        }
    }

    fn solution(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let q = self.session.problem().map(|p| p.instance.quantity.clone());
        match (self.session.solution(), q) {
            (Some(Ok(Some(sol))), Some(q)) => {
                self.notes = practice::solution_notes(&sol, &q);
                self.notes.push((
                    "Type the answer to finish (a), or n to move on.".into(),
                    Tone::Info,
                ));
            }
            (Some(Ok(None)), _) => {
                let left = self.session.problem().map_or(0, |p| p.hints_left());
                self.notes = vec![(
                    format!("Try the hints first: press t ({left} left), then s."),
                    Tone::Info,
                )];
            }
            (Some(Err(e)), _) => {
                self.notes = vec![(format!("The engine could not solve this: {e}"), Tone::Warn)]
            }
            _ => {}
        }
        self.persist();
    }

    fn open_lab(&mut self) -> Transition {
        let Current::Lab(lab) = self.session.current() else {
            return Transition::Stay;
        };
        let params = LabParams::from_lesson(lab);
        let name = lab.params.name();
        match super::open_lab(name, &params) {
            Some(s) => Transition::Push(s),
            None => {
                self.notes = vec![(
                    format!("The {name} lab is not available in this version."),
                    Tone::Warn,
                )];
                Transition::Stay
            }
        }
    }

    fn scroll_by(&mut self, d: i32) {
        self.scroll.by(d);
    }

    /// The pager's forward: a page down while the item has more, else the next item.
    fn page_or_forward(&mut self) {
        if !self.scroll.page_down() {
            self.forward();
        }
    }

    /// The pager's back: a page up while not at the top, else the previous item.
    fn page_or_backward(&mut self) {
        if !self.scroll.page_up() {
            self.backward();
        }
    }

    fn handle_field(&mut self, a: Action) -> Transition {
        match a {
            Action::Char(c) => self.field.insert(c),
            Action::Left => self.field.left(),
            Action::Right => self.field.right(),
            Action::Home => self.field.home(),
            Action::End => self.field.end(),
            Action::Backspace => self.field.backspace(),
            Action::Delete => self.field.delete(),
            Action::Edit(e) => self.field.edit(e),
            Action::Up => self.field.older(),
            Action::Down => self.field.newer(),
            Action::PageUp => {
                self.scroll.page_up();
            }
            Action::PageDown => {
                self.scroll.page_down();
            }
            Action::Enter => self.submit(),
            Action::Back => self.focus = Focus::Content,
            Action::NextPane | Action::PrevPane => self.focus = Focus::Outline,
            _ => {}
        }
        Transition::Stay
    }

    fn handle_outline(&mut self, a: Action) -> Transition {
        let n = self.session.lesson().sections().len();
        match a {
            Action::Up => self.outline = self.outline.saturating_sub(1),
            Action::Down => self.outline = (self.outline + 1).min(n.saturating_sub(1)),
            Action::Home => self.outline = 0,
            Action::End => self.outline = n.saturating_sub(1),
            Action::Enter | Action::Right => {
                let target = self.outline;
                self.jump(target);
                self.focus = self.default_focus();
            }
            Action::Back | Action::NextPane | Action::PrevPane => self.focus = self.default_focus(),
            _ => {}
        }
        Transition::Stay
    }

    fn default_focus(&self) -> Focus {
        if matches!(self.session.current(), Current::Problem(_)) && !self.solved {
            Focus::Field
        } else {
            Focus::Content
        }
    }

    fn handle_content(&mut self, a: Action) -> Transition {
        enum Kind {
            Read,
            Problem,
            Question(usize),
            Predict,
            Lab,
            End,
        }
        let kind = match self.session.current() {
            Current::Problem(_) => Kind::Problem,
            Current::Question(q) => Kind::Question(q.question.choices.len()),
            Current::Lab(_) => Kind::Lab,
            Current::Predict(_) => Kind::Predict,
            Current::End => Kind::End,
            _ => Kind::Read,
        };
        match a {
            Action::Back => return Transition::Pop,
            Action::NextPane | Action::PrevPane => self.focus = Focus::Outline,
            Action::Left => self.page_or_backward(),
            Action::PageUp => {
                self.scroll.page_up();
            }
            Action::PageDown => {
                self.scroll.page_down();
            }
            Action::Home => self.scroll.home(),
            Action::End => self.scroll.end(),
            _ => {}
        }
        match (kind, a) {
            (Kind::Question(n), Action::Up) => {
                self.choice = self.choice.saturating_sub(1).min(n - 1)
            }
            (Kind::Question(n), Action::Down) => self.choice = (self.choice + 1).min(n - 1),
            (Kind::Question(n), Action::Char(c)) if c.is_ascii_digit() => {
                let k = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=n).contains(&k) {
                    self.choose(k - 1);
                }
            }
            (Kind::Question(_), Action::Enter) => {
                if self.solved {
                    self.page_or_forward();
                } else {
                    self.choose(self.choice);
                }
            }
            (Kind::Question(_), Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (Kind::Question(_), Action::Char('n')) => self.forward(),
            (Kind::Predict, Action::Char(c)) if c.is_ascii_digit() => {
                self.predict_key(c.to_digit(10).unwrap_or(0));
            }
            (Kind::Predict, Action::Char('n')) => self.forward(),
            // Before the reveal Enter waits for a prediction; → moves on regardless.
            (Kind::Predict, Action::Enter) if self.solved => self.page_or_forward(),
            (Kind::Predict, Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (_, Action::Up) => self.scroll_by(-1),
            (_, Action::Down) => self.scroll_by(1),
            (Kind::Problem, Action::Char('t')) => self.hint(),
            (Kind::Problem, Action::Char('s')) => self.solution(),
            (Kind::Problem, Action::Char('n')) => {
                if self.solved {
                    self.forward();
                } else {
                    let before = self.session.cursor();
                    let err = self.session.skip(&mut self.ctx.store.borrow_mut());
                    self.after_move(before);
                    if let Some(e) = err {
                        self.notes
                            .push((format!("Could not save progress: {e}"), Tone::Warn));
                    }
                }
            }
            (Kind::Problem, Action::Enter | Action::Right | Action::Char(' ')) if self.solved => {
                self.page_or_forward()
            }
            (Kind::Problem, Action::Right | Action::Char(' ')) => {
                self.scroll.page_down();
            }
            (Kind::Problem, Action::Enter | Action::Char('a')) => self.focus = Focus::Field,
            (Kind::Problem, Action::Char('e')) => self.open_terms(),
            (Kind::Problem, Action::Char('o')) => return self.show_problem(),
            (Kind::Lab, Action::Enter | Action::Char('o')) => return self.open_lab(),
            (Kind::Lab, Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (Kind::Lab, Action::Char('n')) => self.forward(),
            (Kind::End, Action::Enter) => return self.open_next(),
            (Kind::Read, Action::Enter | Action::Right | Action::Char(' ')) => {
                self.page_or_forward()
            }
            (Kind::Read, Action::Char('n')) => self.forward(),
            _ => {}
        }
        Transition::Stay
    }

    fn position_text(&self) -> String {
        let l = self.session.lesson();
        let c = self.session.cursor();
        if self.session.is_finished() {
            return "the end".into();
        }
        let n = l.sections().get(c.section).map_or(0, |s| s.items.len());
        format!(
            "section {} of {}, item {} of {n}",
            c.section + 1,
            l.sections().len(),
            c.item + 1
        )
    }
}

impl Screen for LessonScreen {
    fn title(&self) -> String {
        self.session.lesson().title.clone()
    }

    fn handle(&mut self, a: Action) -> Transition {
        match self.focus {
            Focus::Field => self.handle_field(a),
            Focus::Terms => self.handle_terms(a),
            Focus::Outline => self.handle_outline(a),
            Focus::Content => self.handle_content(a),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let outline = self.outline_lines(t);
        let outline_block = Block::default()
            .borders(Borders::ALL)
            .title(" Sections ")
            .border_style(if self.focus == Focus::Outline {
                t.title()
            } else {
                t.border()
            });
        let content_area = if area.width >= SIDE_OUTLINE_MIN_WIDTH {
            let w = (area.width / 4).clamp(24, 36);
            let [side, main] =
                Layout::horizontal([Constraint::Length(w), Constraint::Min(20)]).areas(area);
            frame.render_widget(Paragraph::new(outline).block(outline_block), side);
            main
        } else {
            // Narrow: one line naming the section, the whole list while the outline has focus.
            let h = if self.focus == Focus::Outline {
                (outline.len() as u16 + 2).min(area.height / 2)
            } else {
                1
            };
            let [top, main] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(area);
            if self.focus == Focus::Outline {
                let skip = self.outline.saturating_sub(h.saturating_sub(3) as usize);
                let lines: Vec<Line> = outline.into_iter().skip(skip).collect();
                frame.render_widget(Paragraph::new(lines).block(outline_block), top);
            } else {
                let c = self.session.cursor().section;
                let heading = self
                    .session
                    .section()
                    .map_or("End".to_string(), |s| s.heading.clone());
                let n = self.session.lesson().sections().len();
                let num = format!(" § {}/{n} ", (c + 1).min(n));
                let room = (area.width as usize).saturating_sub(num.chars().count() + 17);
                frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled(num, t.key()),
                        Span::styled(fit(&heading, room, t), t.title()),
                        Span::styled("  (Tab: sections)", t.dim()),
                    ])),
                    top,
                );
            }
            main
        };
        let answering = matches!(self.session.current(), Current::Problem(_));
        let table = self.terms.as_ref().filter(|_| answering);
        let field_h = match table {
            Some(tt) => tt.height().min(content_area.height / 2),
            None if answering => 3,
            None => 0,
        };
        let [body_area, field_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(field_h)]).areas(content_area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if self.focus == Focus::Content {
                t.title()
            } else {
                t.border()
            })
            .title(format!(
                " {} ",
                fit(
                    &self
                        .session
                        .section()
                        .map_or("End".to_string(), |s| s.heading.clone()),
                    (body_area.width as usize).saturating_sub(4),
                    t
                )
            ))
            .title_bottom(Line::styled(format!(" {} ", self.position_text()), t.dim()));
        // One column is left for the scrollbar on the border's inside edge.
        let width = block.inner(body_area).width.saturating_sub(1).max(10) as usize;
        let mut lines = self.body_lines(width, t);
        if !self.notes.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(practice::notes_lines(&self.notes, width, t));
        }
        let more = if self.focus == Focus::Field {
            "more: PgDn"
        } else {
            "more: →"
        };
        self.scroll
            .render(frame, body_area, block, Paragraph::new(lines), more, t);
        if let Some(tt) = table {
            tt.draw(frame, field_area, self.focus == Focus::Terms, t);
        } else if answering {
            practice::draw_field(
                frame,
                field_area,
                &self.field,
                self.focus == Focus::Field,
                t,
            );
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key(
                "→ / l / Enter / Space",
                "page down, then the next item or step",
            ),
            key("← / h", "page up, then the previous item"),
            key("↑↓ / jk", "scroll (choose, on a question)"),
            key("PgUp / PgDn / wheel", "scroll a page"),
            key("Tab", "sections outline (Enter jumps)"),
            key("typing, Enter", "answer a problem"),
            key("←→ Home End", "move in the answer"),
            key("Bksp / Del", "delete in the answer"),
            key("↑↓ in the answer", "earlier answers"),
            key("Esc in the answer", "leave it for the keys below"),
            key("t", "next hint (problem)"),
            key("s", "worked solution (after the hints)"),
            key("n", "skip to the next item"),
            key("a / Enter", "back to the answer field"),
            key("e", "answer term by term: a field per outcome"),
            key("o", "after a wrong answer: this problem in a lab"),
            key("1-9 / ↑↓ Enter", "choose (question)"),
            key("Enter / o", "open the lab (lab item)"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let more = !self.scroll.at_end();
        let mut v = match (self.focus, self.session.current()) {
            (Focus::Field, _) => vec![
                key("Enter", "submit"),
                key("↑↓", "history"),
                key("Esc", "commands (hint, solution, help, back)"),
            ],
            (Focus::Outline, _) => vec![key("↑↓", "section"), key("Enter", "jump")],
            (_, Current::Problem(_)) if self.solved && more => vec![key("→", "more")],
            (_, Current::Problem(_)) if self.solved => vec![key("Enter", "next")],
            (Focus::Terms, _) => vec![
                key("Enter", "submit the terms"),
                key("↑↓", "outcome"),
                key("Esc", "commands"),
            ],
            (_, Current::Problem(_)) if self.last_wrong.is_some() => vec![
                key("a", "answer"),
                key("e", "terms"),
                key("t", "hint"),
                key("o", "see it in a lab"),
                key("n", "skip"),
            ],
            (_, Current::Problem(_)) => vec![
                key("a", "answer"),
                key("e", "terms"),
                key("t", "hint"),
                key("s", "solution"),
                key("n", "skip"),
            ],
            (_, Current::Question(_)) => vec![
                key("1-9", "choose"),
                key("↑↓ Enter", "choose"),
                key("n", "next"),
            ],
            (_, Current::Lab(_)) => vec![key("Enter", "open lab"), key("→", "next")],
            (_, Current::Predict(_)) if self.solved => vec![key("Enter", "next")],
            (_, Current::Predict(_)) if self.predicted.is_some() => {
                vec![key("5-9 0", "how sure (50-100 %)"), key("n", "skip")]
            }
            (_, Current::Predict(_)) => vec![key("1-9", "predict"), key("n", "skip")],
            (_, Current::End) => vec![
                key("Enter", "go on"),
                key("Esc", "course"),
                key("←", "back"),
            ],
            _ => vec![
                key("→/Enter", if more { "more" } else { "next" }),
                key("←", "back"),
                key("↑↓", "scroll"),
                key("Tab", "sections"),
            ],
        };
        if self.scroll.overflows()
            && (self.focus == Focus::Field
                || matches!(
                    self.session.current(),
                    Current::Question(_) | Current::Lab(_)
                ))
        {
            v.push(key("PgUp/PgDn", "scroll"));
        }
        v
    }

    fn input_mode(&self) -> bool {
        matches!(self.focus, Focus::Field | Focus::Terms)
    }

    fn save(&mut self) {
        self.persist();
    }
}

/// `text` cut to `cols` columns with "…" where it does not fit, so that a
/// cut heading says so.
fn fit(text: &str, cols: usize, t: &Theme) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= cols {
        return text.to_string();
    }
    let mark = t.sym("…", "~");
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + mark.width() + c.to_string().width() > cols {
            break;
        }
        out.push(c);
    }
    out + mark
}
