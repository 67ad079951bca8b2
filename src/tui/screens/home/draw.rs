//! Home's drawing: the course list's cells, the details pane and the
//! layout that places them (the state and keys live in `mod.rs`).

use super::*;

impl Home {
    /// An entry's name and its state column (empty for most non-lessons).
    pub(super) fn entry_cells(
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
                    LessonState::InProgress | LessonState::Read(_) => t.warn(),
                    LessonState::Done => t.good(),
                };
                (
                    format!("{:>2}. {}", i + 1, l.title),
                    st.word(),
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

    pub(super) fn detail_lines(
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
            if let LessonState::Read(n) = self.state(l, lv) {
                v.push(Line::raw(""));
                v.push(Line::styled(
                    format!(
                        "Read to the end, but {n} of its problems and questions {} no answer yet: it is done once each has one (Tab in the lesson lists its sections).",
                        if n == 1 { "has" } else { "have" }
                    ),
                    t.warn(),
                ));
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
                "You have read every unlocked lesson to the end. Next: {}.",
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

    pub(super) fn draw_home(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let lv = levels(self.ctx.store.borrow().attempts());
        let entries = self.entries_at(&lv);
        let selected = self.selected.min(entries.len() - 1);
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
