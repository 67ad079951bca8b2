//! The Markdown body: lines into sections, prose blocks and fenced lesson
//! blocks, with the heading checks (the title, `## Key takeaways`).

use super::*;

/// The Markdown body after the front matter.
pub(super) struct Body<'a> {
    pub(super) lines: &'a [&'a str],
    /// 0-based index of the first body line.
    pub(super) first: usize,
}

/// A prose line with its 1-based file line and 0-based column of its text.
#[derive(Clone)]
pub(super) struct Piece {
    pub(super) line: usize,
    pub(super) col: usize,
    pub(super) text: String,
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) sections: Vec<Section>,
    pub(super) current: Option<Section>,
    pub(super) prose: Vec<Block>,
    pub(super) para: Vec<Piece>,
    pub(super) quote: Vec<Piece>,
    pub(super) list: Option<(bool, Vec<Vec<Piece>>)>,
    pub(super) block_ids: std::collections::HashMap<String, usize>,
    pub(super) counts: [usize; 5],
    pub(super) saw_takeaways: bool,
    /// Whether a heading has been read (the first one is checked against the title).
    pub(super) saw_heading: bool,
    pub(super) too_many_blocks: bool,
}

pub(super) fn fence_marker(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, t[n..].trim()))
}

pub(super) fn heading(line: &str) -> Option<(u8, &str, usize)> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    if indent > 3 {
        return None;
    }
    let n = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&n) {
        return None;
    }
    let rest = &t[n..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim();
    let col = indent + n + (rest.len() - rest.trim_start().len());
    Some((n as u8, text.trim_end_matches('#').trim_end(), col))
}

pub(super) fn list_item(line: &str) -> Option<(bool, usize)> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    if indent > 3 {
        return None;
    }
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t == "-" {
        return Some((false, indent + 2.min(t.len())));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
    {
        return Some((true, indent + digits + 2));
    }
    None
}

impl Body<'_> {
    pub(super) fn parse(&self, ctx: &mut Ctx, fm: &Front) -> Vec<Section> {
        let mut b = Builder::default();
        let mut i = self.first;
        while i < self.lines.len() {
            let line = self.lines[i];
            let lno = i + 1;
            if let Some((fc, n, info)) = fence_marker(line) {
                b.flush_text(ctx);
                let end = (i + 1..self.lines.len()).find(|&j| {
                    fence_marker(self.lines[j])
                        .is_some_and(|(c2, n2, rest)| c2 == fc && n2 >= n && rest.is_empty())
                });
                let Some(end) = end else {
                    ctx.error(
                        lno,
                        1,
                        format!(
                            "unterminated code block: no closing {} line",
                            fc.to_string().repeat(n)
                        ),
                    );
                    break;
                };
                let content = self.lines[i + 1..end].join("\n");
                let kind = info.split_whitespace().next().unwrap_or("");
                let t = Toml {
                    text: &content,
                    first_line: lno + 1,
                };
                self.block(ctx, &mut b, fm, kind, info, t, lno);
                i = end + 1;
                continue;
            }
            if let Some((level, text, col)) = heading(line) {
                b.flush_text(ctx);
                if level == 2 {
                    b.flush_prose();
                    if let Some(s) = b.current.take() {
                        b.sections.push(s);
                    }
                    let (heading, concept) = split_attributes(ctx, lno, col, text);
                    if heading.trim().eq_ignore_ascii_case("key takeaways") {
                        b.saw_takeaways = true;
                    }
                    let heading = inline_plain(ctx, lno, col, &heading);
                    if heading.trim().is_empty() {
                        ctx.error(lno, 1, "empty section heading");
                    }
                    if heading.trim().eq_ignore_ascii_case(fm.title.trim()) {
                        ctx.warn(
                            lno,
                            col + 1,
                            "this section heading merely repeats the lesson's title: name the section for what it teaches",
                        );
                    }
                    b.saw_heading = true;
                    b.current = Some(Section {
                        heading,
                        concept,
                        line: lno,
                        items: Vec::new(),
                    });
                } else {
                    let spans = inline(
                        ctx,
                        &[Piece {
                            line: lno,
                            col,
                            text: text.to_string(),
                        }],
                    );
                    if level == 1 && !b.saw_heading {
                        title_heading(ctx, lno, col + 1, &plain_text(&spans), &fm.title);
                    }
                    b.saw_heading = true;
                    b.prose.push(Block::Heading { level, text: spans });
                }
                i += 1;
                continue;
            }
            if b.current.is_none() && !line.trim().is_empty() {
                b.current = Some(Section {
                    heading: fm.title.clone(),
                    concept: None,
                    line: lno,
                    items: Vec::new(),
                });
            }
            let trimmed = line.trim();
            if trimmed.is_empty() {
                b.flush_text(ctx);
            } else if trimmed.len() >= 4 && trimmed.starts_with("$$") && trimmed.ends_with("$$") {
                b.flush_text(ctx);
                let col = line.len() - line.trim_start().len();
                match text::render(trimmed, None) {
                    Ok(r) => b.prose.push(Block::Math(r)),
                    Err(e) => ctx.error(lno, col + e.offset + 1, e.message),
                }
            } else if let Some(rest) = trimmed.strip_prefix('>') {
                if !b.para.is_empty() || b.list.is_some() {
                    b.flush_text(ctx);
                }
                let col = line.len() - rest.trim_start().len();
                b.quote.push(Piece {
                    line: lno,
                    col,
                    text: rest.trim().to_string(),
                });
            } else if let Some((ordered, col)) = list_item(line) {
                if !b.para.is_empty() || !b.quote.is_empty() {
                    b.flush_text(ctx);
                }
                let piece = Piece {
                    line: lno,
                    col,
                    text: line.get(col..).unwrap_or("").trim().to_string(),
                };
                match &mut b.list {
                    Some((o, items)) if *o == ordered => items.push(vec![piece]),
                    _ => {
                        b.flush_text(ctx);
                        b.list = Some((ordered, vec![vec![piece]]));
                    }
                }
            } else if let Some((_, items)) = &mut b.list
                && line.starts_with(' ')
            {
                let col = line.len() - line.trim_start().len();
                if let Some(last) = items.last_mut() {
                    last.push(Piece {
                        line: lno,
                        col,
                        text: trimmed.to_string(),
                    });
                }
            } else {
                if b.list.is_some() || !b.quote.is_empty() {
                    b.flush_text(ctx);
                }
                let col = line.len() - line.trim_start().len();
                b.para.push(Piece {
                    line: lno,
                    col,
                    text: trimmed.to_string(),
                });
            }
            i += 1;
        }
        b.flush_text(ctx);
        b.flush_prose();
        if let Some(s) = b.current.take() {
            b.sections.push(s);
        }
        if !b.saw_takeaways {
            ctx.warn(
                self.lines.len().max(1),
                1,
                "no `## Key takeaways` section: every lesson should end with one",
            );
        } else if let Some(last) = b.sections.last()
            && !last.heading.trim().eq_ignore_ascii_case("key takeaways")
        {
            ctx.warn(
                last.line,
                1,
                "`## Key takeaways` should be the last section",
            );
        }
        b.sections
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn block(
        &self,
        ctx: &mut Ctx,
        b: &mut Builder,
        fm: &Front,
        kind: &str,
        info: &str,
        t: Toml,
        lno: usize,
    ) {
        let k = match kind {
            "example" => 0,
            "problem" => 1,
            "question" => 2,
            "lab" => 3,
            "predict" => 4,
            _ => {
                let text = t.text.to_string();
                b.prose.push(Block::Code {
                    lang: info.to_string(),
                    text,
                });
                return;
            }
        };
        if b.current.is_none() {
            b.current = Some(Section {
                heading: fm.title.clone(),
                concept: None,
                line: lno,
                items: Vec::new(),
            });
        }
        b.flush_prose();
        b.counts[k] += 1;
        if b.counts.iter().sum::<usize>() > MAX_BLOCKS {
            if !b.too_many_blocks {
                b.too_many_blocks = true;
                ctx.error(
                    lno,
                    1,
                    format!("more than {MAX_BLOCKS} blocks in one lesson: split it"),
                );
            }
            return;
        }
        let default_id = format!("{kind}-{}", b.counts[k]);
        let section_concept = b.current.as_ref().and_then(|s| s.concept.clone());
        let default_concept = section_concept
            .or_else(|| fm.concepts.first().cloned())
            .unwrap_or_default();
        let env = blocks::Env {
            default_id,
            default_concept,
            line: lno,
        };
        let item = match k {
            0 => blocks::example(ctx, &t, &env).map(Item::Example),
            1 => blocks::problem(ctx, &t, &env).map(Item::Problem),
            2 => blocks::question(ctx, &t, &env).map(Item::Question),
            3 => blocks::lab(ctx, &t, &env).map(Item::Lab),
            _ => blocks::predict(ctx, &t, &env).map(Item::Predict),
        };
        if let Some(item) = item {
            let id = item.id().unwrap_or_default().to_string();
            if let Some(first) = b.block_ids.get(&id) {
                ctx.error(
                    lno,
                    1,
                    format!("duplicate block id \"{id}\" (first used on line {first})"),
                );
            } else {
                b.block_ids.insert(id, lno);
            }
            if let Some(s) = b.current.as_mut() {
                s.items.push(item);
            }
        }
    }
}

/// Splits `Heading {concept=asymmetry}` into the heading and its concept.
pub(super) fn split_attributes(
    ctx: &mut Ctx,
    lno: usize,
    col: usize,
    text: &str,
) -> (String, Option<String>) {
    let t = text.trim_end();
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        let attr = &t[open + 1..t.len() - 1];
        let acol = col + t[..open].chars().count() + 1;
        if let Some(c) = attr.trim().strip_prefix("concept") {
            let c = c
                .trim_start()
                .strip_prefix('=')
                .map(|c| c.trim().trim_matches('"'));
            match c {
                Some(c) if is_concept(c) => {
                    return (t[..open].trim_end().to_string(), Some(c.to_string()));
                }
                Some(c) => {
                    ctx.error(
                        lno,
                        acol,
                        format!("unknown concept id \"{c}\"{}", suggest_concept(c)),
                    );
                    return (t[..open].trim_end().to_string(), None);
                }
                None => {}
            }
        }
        if !attr.contains(' ') || attr.contains('=') {
            ctx.error(
                lno,
                acol,
                format!("unknown heading attribute {{{attr}}}: only {{concept=...}} is supported"),
            );
            return (t[..open].trim_end().to_string(), None);
        }
    }
    (t.to_string(), None)
}

/// A lesson's `#` heading is its title for readers of the Markdown file; the
/// tutor shows the front matter's `title`. The two must say the same thing,
/// word for word, or the learner meets two names for one lesson.
pub(super) fn title_heading(ctx: &mut Ctx, lno: usize, col: usize, heading: &str, title: &str) {
    if heading.trim() != title.trim() {
        ctx.warn(
            lno,
            col,
            format!(
                "the first heading \"{}\" differs from the title \"{}\": make it the title word for word (the tutor shows the title), or remove it",
                heading.trim(),
                title.trim()
            ),
        );
    }
}

pub(super) fn inline_plain(ctx: &mut Ctx, lno: usize, col: usize, text: &str) -> String {
    plain_text(&inline(
        ctx,
        &[Piece {
            line: lno,
            col,
            text: text.to_string(),
        }],
    ))
}

impl Builder {
    pub(super) fn flush_prose(&mut self) {
        if !self.prose.is_empty() {
            let blocks = std::mem::take(&mut self.prose);
            if let Some(s) = self.current.as_mut() {
                s.items.push(Item::Prose(blocks));
            }
        }
    }

    pub(super) fn flush_text(&mut self, ctx: &mut Ctx) {
        if !self.para.is_empty() {
            let p = std::mem::take(&mut self.para);
            self.prose.push(Block::Paragraph(inline(ctx, &p)));
        }
        if !self.quote.is_empty() {
            let q = std::mem::take(&mut self.quote);
            self.prose.push(Block::Quote(inline(ctx, &q)));
        }
        if let Some((ordered, items)) = self.list.take() {
            let items = items.iter().map(|pieces| inline(ctx, pieces)).collect();
            self.prose.push(Block::List { ordered, items });
        }
    }
}
