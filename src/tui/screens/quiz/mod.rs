//! Quizzes, reviews and mastery challenges: one screen over a
//! [`QuizSession`], with a progress gauge, the score so far, feedback on each
//! answer, and at the end the summary with every mistake gone over.
//!
//! Leaving before the end asks first (`confirm_leave`); every answer given
//! is already saved, so leaving loses only the items not yet answered.
//! [`teach`] holds the term-by-term table (`e`) and the problem-in-a-lab key
//! (`o`), [`summary`] the end page.

mod summary;
mod teach;

use super::practice::{self, Note, Tone};
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::terms::TermsTable;
use crate::tutor::{
    ActiveProblem, DrillError, DrillItem, Feedback, NextOwned, QuizScope, QuizSession, next_step,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use std::rc::Rc;

/// Items in a quiz or a challenge opened from the home screen.
pub const QUIZ_LEN: usize = 5;

pub struct QuizScreen {
    ctx: Rc<Context>,
    quiz: QuizSession,
    /// "Quiz", "Review", "Mastery challenge".
    name: String,
    field: Field,
    /// Typing in the field (input mode) rather than using the command keys.
    typing: bool,
    choice: usize,
    /// Feedback on the item just answered, shown until Enter; the session
    /// has already moved on.
    shown: Option<(String, Vec<Note>)>,
    /// Notes on the item on screen (hints, unreadable answers).
    notes: Vec<Note>,
    /// The item's (or feedback's) scroll, with a bar and "↓ more" when it overflows.
    scroll: Scroll,
    /// The term-by-term table of the problem on screen, once opened with `e`.
    terms: Option<TermsTable>,
    /// Typing in the table of terms (input mode).
    in_terms: bool,
    /// The problem just answered wrongly and its feedback, while that
    /// feedback is on screen: `o` opens it in a lab.
    last_wrong: Option<(ActiveProblem, Feedback)>,
    /// What comes after this drill, as Home's "Continue" would say it:
    /// computed once the last item is answered, named on the summary and
    /// opened by Enter there.
    next: Option<NextOwned>,
}

impl QuizScreen {
    fn new(ctx: &Rc<Context>, quiz: QuizSession, name: &str) -> QuizScreen {
        let mut s = QuizScreen {
            ctx: Rc::clone(ctx),
            quiz,
            name: name.into(),
            field: Field::default(),
            typing: false,
            choice: 0,
            shown: None,
            notes: Vec::new(),
            scroll: Scroll::default(),
            terms: None,
            in_terms: false,
            last_wrong: None,
            next: None,
        };
        s.enter_item();
        s.note_next();
        s
    }

    /// A quiz of [`QUIZ_LEN`] items from every unlocked lesson, seeded from the context.
    pub fn quiz(ctx: &Rc<Context>) -> Result<QuizScreen, DrillError> {
        let seed = ctx.next_seed();
        let q = QuizSession::quiz(
            &ctx.catalog,
            &ctx.store.borrow(),
            &QuizScope::Unlocked,
            QUIZ_LEN,
            seed,
        )?;
        Ok(Self::new(ctx, q, &format!("Quiz (seed {seed})")))
    }

    /// A quiz of [`QUIZ_LEN`] items on one concept (what Continue offers
    /// when that concept keeps the next lesson locked).
    pub fn concept(ctx: &Rc<Context>, concept: &str) -> Result<QuizScreen, DrillError> {
        let seed = ctx.next_seed();
        let q = QuizSession::quiz(
            &ctx.catalog,
            &ctx.store.borrow(),
            &QuizScope::Concept(concept.to_string()),
            QUIZ_LEN,
            seed,
        )?;
        Ok(Self::new(
            ctx,
            q,
            &format!("Quiz on {concept} (seed {seed})"),
        ))
    }

    /// The items due for review; an error sentence when nothing is due.
    pub fn review(ctx: &Rc<Context>) -> Result<QuizScreen, String> {
        let q = {
            let mut seeds = ctx.seed_source();
            QuizSession::review(
                &ctx.catalog,
                &ctx.store.borrow(),
                (ctx.now)(),
                seeds.as_mut(),
            )
        };
        if q.is_empty() {
            let plan = crate::tutor::review_plan(&ctx.catalog, &ctx.store.borrow(), (ctx.now)());
            return Err(match plan.waiting_note() {
                Some(w) => format!("Nothing is due for review. {w}"),
                None => "Nothing is due for review.".into(),
            });
        }
        Ok(Self::new(ctx, q, "Review"))
    }

    pub fn challenge(ctx: &Rc<Context>) -> Result<QuizScreen, DrillError> {
        let seed = ctx.next_seed();
        let q = QuizSession::challenge(&ctx.catalog, &ctx.store.borrow(), QUIZ_LEN, seed)?;
        Ok(Self::new(ctx, q, "Mastery challenge"))
    }

    pub fn session(&self) -> &QuizSession {
        &self.quiz
    }

    fn enter_item(&mut self) {
        self.field.clear();
        self.terms = None;
        self.in_terms = false;
        self.choice = 0;
        self.notes.clear();
        self.scroll.reset();
        self.typing = matches!(self.quiz.current(), Some(DrillItem::Problem(_)));
    }

    /// Moves the just-answered item's feedback to `shown` if the session moved on.
    fn after_answer(&mut self, number: usize, header: String, notes: Vec<Note>) {
        self.note_next();
        if self.quiz.number() != number || self.quiz.is_finished() {
            self.shown = Some((header, notes));
            self.enter_item();
            self.typing = false;
        } else {
            self.notes = notes;
            self.scroll.follow_end();
        }
    }

    fn submit(&mut self) {
        let text = self.field.commit();
        if text.trim().is_empty() {
            self.notes = vec![("Type an answer first.".into(), Tone::Info)];
            return;
        }
        self.submit_text(&text);
    }

    /// Answers the problem on screen with `text` (a total, or `[t1, ...]`
    /// from the table of terms); a wrong answer's problem is kept for `o`.
    fn submit_text(&mut self, text: &str) {
        let Some(DrillItem::Problem(p)) = self.quiz.current() else {
            return;
        };
        let (number, header, posed) = (self.quiz.number(), p.header(), p.clone());
        let r = self.quiz.submit(&mut self.ctx.store.borrow_mut(), text);
        if let (Ok(fb), Some(table)) = (&r, &mut self.terms) {
            table.wrong = fb.first_wrong_term.map(|i| i - 1);
        }
        let notes = match r {
            Ok(fb) => {
                let mut n = practice::feedback_notes(&fb);
                let drawable = practice::has_lab(&posed);
                if !fb.correct && drawable {
                    n.push((
                        "o: see this very problem in a lab (Esc comes back here).".into(),
                        Tone::Info,
                    ));
                }
                if !fb.correct {
                    self.last_wrong = Some((posed, fb));
                }
                n
            }
            Err(e) => practice::error_notes(&e),
        };
        self.after_answer(number, header, notes);
    }

    fn choose(&mut self, k: usize) {
        let Some(item) = self.quiz.current() else {
            return;
        };
        let (number, header) = (self.quiz.number(), item.header());
        let r = self
            .quiz
            .choose(&mut self.ctx.store.borrow_mut(), &(k + 1).to_string());
        let notes = match r {
            Ok(fb) => practice::question_notes(&fb),
            Err(e) => practice::error_notes(&e),
        };
        self.after_answer(number, header, notes);
    }

    fn solution(&mut self) {
        self.scroll.follow_end();
        let Some(DrillItem::Problem(p)) = self.quiz.current() else {
            return;
        };
        let (number, header, q) = (self.quiz.number(), p.header(), p.instance.quantity.clone());
        let notes = match self.quiz.solution(&mut self.ctx.store.borrow_mut()) {
            Some(Ok((sol, err))) => {
                let mut n = practice::solution_notes(&sol, &q);
                n.push(("(Counted as not solved.)".into(), Tone::Bad));
                if let Some(e) = err {
                    n.push((format!("Could not save progress: {e}"), Tone::Warn));
                }
                n
            }
            Some(Err(e)) => vec![(format!("The engine could not solve this: {e}"), Tone::Warn)],
            None => return,
        };
        self.after_answer(number, header, notes);
    }

    fn skip(&mut self) {
        let Some(item) = self.quiz.current() else {
            return;
        };
        let (number, header) = (self.quiz.number(), item.header());
        self.quiz.skip();
        self.after_answer(number, header, vec![("Skipped.".into(), Tone::Info)]);
    }

    /// Once the drill is finished, what comes next (from the answers just
    /// saved, so a quiz that made a concept Familiar points past it).
    fn note_next(&mut self) {
        if self.quiz.is_finished() && self.next.is_none() {
            let store = self.ctx.store.borrow();
            self.next = Some(next_step(&self.ctx.catalog, &store, (self.ctx.now)()).into());
        }
    }

    /// Enter on the summary: the next step replaces this screen, as on a
    /// lesson's end page; if it cannot open, the summary says why.
    fn open_next(&mut self) -> Transition {
        let Some(n) = &self.next else {
            return Transition::Pop;
        };
        match super::open_next(&self.ctx, n) {
            Ok(s) => Transition::Replace(s),
            Err(m) => {
                self.notes = vec![(m, Tone::Warn)];
                Transition::Stay
            }
        }
    }

    fn scroll_by(&mut self, d: i32) {
        if d.abs() >= 10 {
            // A page: the panel's height, whatever it is.
            if d > 0 {
                self.scroll.page_down();
            } else {
                self.scroll.page_up();
            }
        } else {
            self.scroll.by(d);
        }
    }
}

impl Screen for QuizScreen {
    fn title(&self) -> String {
        self.name.clone()
    }

    fn handle(&mut self, a: Action) -> Transition {
        if self.shown.is_some() {
            match a {
                // Feedback longer than the panel pages before it moves on.
                Action::Enter | Action::Right | Action::Char(' ') if self.scroll.page_down() => {}
                Action::Enter | Action::Right | Action::Char(' ' | 'n') => {
                    self.shown = None;
                    self.last_wrong = None;
                    self.scroll.reset();
                    self.typing = matches!(self.quiz.current(), Some(DrillItem::Problem(_)));
                }
                Action::Char('o') => return self.show_problem(),
                Action::Up => self.scroll_by(-1),
                Action::Down => self.scroll_by(1),
                Action::PageUp => self.scroll_by(-10),
                Action::PageDown => self.scroll_by(10),
                Action::Back => return Transition::Pop,
                _ => {}
            }
            return Transition::Stay;
        }
        let Some(item) = self.quiz.current() else {
            match a {
                Action::Enter => return self.open_next(),
                Action::Back => return Transition::Pop,
                Action::Up => self.scroll_by(-1),
                Action::Down => self.scroll_by(1),
                Action::PageUp => self.scroll_by(-10),
                Action::PageDown => self.scroll_by(10),
                _ => {}
            }
            return Transition::Stay;
        };
        let choices = match item {
            DrillItem::Question(q) => Some(q.question.choices.len()),
            DrillItem::Problem(_) => None,
        };
        if self.in_terms {
            return self.handle_terms(a);
        }
        if self.typing {
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
                Action::Enter => self.submit(),
                Action::PageUp => self.scroll_by(-10),
                Action::PageDown => self.scroll_by(10),
                Action::Back | Action::NextPane | Action::PrevPane => self.typing = false,
                _ => {}
            }
            return Transition::Stay;
        }
        match (choices, a) {
            (_, Action::Back) => return Transition::Pop,
            (Some(n), Action::Up) => self.choice = self.choice.saturating_sub(1).min(n - 1),
            (Some(n), Action::Down) => self.choice = (self.choice + 1).min(n - 1),
            (Some(n), Action::Char(c)) if c.is_ascii_digit() => {
                let k = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=n).contains(&k) {
                    self.choose(k - 1);
                }
            }
            (Some(_), Action::Enter) => self.choose(self.choice),
            (_, Action::Char('n')) => self.skip(),
            (None, Action::Char('t')) => {
                if let Some(h) = self.quiz.hint() {
                    self.scroll.follow_end();
                    self.notes = match h {
                        crate::tutor::HintReply::NoMoreHints => vec![practice::hint_note(h)],
                        _ => Vec::new(),
                    };
                }
            }
            (None, Action::Char('s')) => self.solution(),
            (None, Action::Char('e')) => self.open_terms(),
            (None, Action::Char('o')) => return self.show_problem(),
            (None, Action::Enter | Action::Char('a') | Action::NextPane) => {
                self.typing = true;
                self.in_terms = false;
            }
            (None, Action::Up) => self.scroll_by(-1),
            (None, Action::Down) => self.scroll_by(1),
            (_, Action::PageUp) => self.scroll_by(-10),
            (_, Action::PageDown) => self.scroll_by(10),
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let problem_on_screen =
            matches!(self.quiz.current(), Some(DrillItem::Problem(_))) && self.shown.is_none();
        let table = self.terms.as_ref().filter(|_| problem_on_screen);
        let field_h = table.map_or(3, |tt| tt.height().min(area.height / 2).max(3));
        let [gauge_area, body_area, field_area] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(field_h),
        ])
        .areas(area);
        let (right, done) = self.quiz.score();
        let total = self.quiz.len().max(1);
        let label = format!(
            "{done} of {} answered · score {right} of {done}",
            self.quiz.len()
        );
        frame.render_widget(
            Gauge::default()
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(t.border())
                        .title(format!(" {} ", self.name)),
                )
                .gauge_style(t.series_a())
                .use_unicode(!t.ascii)
                .ratio((done as f64 / total as f64).clamp(0.0, 1.0))
                .label(label),
            gauge_area,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if self.typing { t.border() } else { t.title() });
        let inner = block.inner(body_area);
        let width = inner.width.saturating_sub(1).max(10) as usize;
        let mut lines: Vec<Line<'static>> = Vec::new();
        let block = if let Some((header, notes)) = &self.shown {
            lines.extend(practice::wrap(header, width, t.dim(), t));
            lines.push(Line::raw(""));
            lines.extend(practice::notes_lines(notes, width, t));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                if self.quiz.is_finished() {
                    "Enter: see the summary"
                } else {
                    "Enter: next item"
                },
                t.key(),
            ));
            block.title(" Feedback ")
        } else {
            match self.quiz.current() {
                None => {
                    lines = self.summary_lines(width, t);
                    block.title(" Summary ")
                }
                Some(item) => {
                    match item {
                        DrillItem::Problem(p) => {
                            lines.extend(practice::problem_lines(p, width, t));
                        }
                        DrillItem::Question(q) => {
                            lines.extend(practice::wrap(&q.header(), width, t.dim(), t));
                            lines.push(Line::raw(""));
                            lines.extend(practice::question_lines(
                                &q.question,
                                self.choice,
                                width,
                                t,
                            ));
                        }
                    }
                    if !self.notes.is_empty() {
                        lines.push(Line::raw(""));
                        lines.extend(practice::notes_lines(&self.notes, width, t));
                    }
                    block.title(format!(
                        " Item {} of {} ",
                        self.quiz.number(),
                        self.quiz.len()
                    ))
                }
            }
        };
        self.scroll.render(
            frame,
            body_area,
            block,
            Paragraph::new(t.spell_lines(lines)),
            "more: PgDn",
            t,
        );
        if let Some(tt) = table {
            tt.draw(frame, field_area, self.in_terms, t);
        } else if problem_on_screen {
            practice::draw_field(frame, field_area, &self.field, self.typing, t);
        } else {
            let hint = match (self.shown.is_some(), self.quiz.current()) {
                (true, _) => "Enter: go on",
                (false, Some(_)) => "1-9 or ↑↓ and Enter: choose · n: skip",
                (false, None) => "Enter: the next step · Esc: back to the course",
            };
            frame.render_widget(
                Paragraph::new(Line::styled(hint, t.dim())).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(t.border()),
                ),
                field_area,
            );
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("typing, Enter", "answer a problem"),
            key("←→ Home End", "move in the answer"),
            key("Bksp / Del", "delete in the answer"),
            key("↑↓ in the answer", "earlier answers"),
            key("Esc in the answer", "leave it for the keys below"),
            key("t", "next hint (used hints are recorded)"),
            key("s", "give up: worked solution, counted wrong"),
            key("n", "skip the item (counted wrong)"),
            key("a / Enter", "back to the answer field"),
            key("e", "answer term by term: a field per outcome"),
            key("o", "on a wrong answer's feedback: that problem in a lab"),
            key("1-9 / ↑↓ Enter", "choose (question)"),
            key("Enter", "after feedback: next item"),
            key("PgUp / PgDn", "scroll"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = self.item_keys();
        if self.scroll.overflows() {
            v.push(key("PgUp/PgDn", "scroll"));
        }
        v
    }

    fn input_mode(&self) -> bool {
        (self.typing || self.in_terms) && self.shown.is_none() && self.quiz.current().is_some()
    }

    fn confirm_leave(&self) -> bool {
        !self.quiz.is_finished()
    }
}

impl QuizScreen {
    /// The status keys for what is on screen, before the scroll keys.
    fn item_keys(&self) -> Vec<KeyHelp> {
        if self.shown.is_some() {
            let mut v = vec![key(
                "Enter",
                if self.scroll.at_end() { "next" } else { "more" },
            )];
            if self.last_wrong.is_some() {
                v.push(key("o", "see it in a lab"));
            }
            return v;
        }
        match self.quiz.current() {
            None => vec![
                key("Enter", "next step"),
                key("Esc", "back"),
                key("↑↓", "scroll"),
            ],
            Some(DrillItem::Question(_)) => vec![key("1-9", "choose"), key("n", "skip")],
            Some(DrillItem::Problem(_)) if self.in_terms => vec![
                key("Enter", "submit the terms"),
                key("↑↓", "outcome"),
                key("Esc", "commands"),
            ],
            Some(DrillItem::Problem(_)) if self.typing => {
                vec![
                    key("Enter", "submit"),
                    key("Esc", "hint, solution, help, back"),
                ]
            }
            Some(DrillItem::Problem(p)) => {
                let mut v = vec![key("a", "answer")];
                if practice::takes_terms(p) {
                    v.push(key("e", "terms"));
                }
                v.extend([key("t", "hint"), key("s", "solution"), key("n", "skip")]);
                v
            }
        }
    }
}
