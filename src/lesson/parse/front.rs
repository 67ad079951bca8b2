//! The front matter: its TOML keys read and validated into a [`Front`].

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFront {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) concepts: Vec<String>,
    #[serde(default)]
    pub(super) requires: Vec<String>,
    pub(super) minutes: u32,
    pub(super) difficulty: u8,
}

pub(crate) struct Front {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub concepts: Vec<String>,
    pub requires: Vec<String>,
    pub minutes: u32,
    pub difficulty: u8,
}

pub(super) fn validate_front(ctx: &mut Ctx, t: &Toml, f: RawFront) -> Option<Front> {
    let mut ok = true;
    if !is_valid_id(&f.id) {
        let (l, c) = t.key("id");
        ctx.error(
            l,
            c,
            format!(
                "lesson id \"{}\" must be lowercase letters, digits and '-'",
                f.id
            ),
        );
        ok = false;
    }
    let title = render_plain(ctx, t, "title", &f.title);
    if title.trim().is_empty() {
        let (l, c) = t.key("title");
        ctx.error(l, c, "title is empty");
    }
    let summary = render_plain(ctx, t, "summary", &f.summary);
    if f.concepts.is_empty() {
        let (l, c) = t.key("concepts");
        ctx.error(
            l,
            c,
            "concepts is empty: name at least one concept the lesson teaches",
        );
    }
    for c in &f.concepts {
        if !is_concept(c) {
            let (l, col) = t.value("concepts", &format!("\"{c}\""));
            ctx.error(
                l,
                col,
                format!("unknown concept id \"{c}\"{}", suggest_concept(c)),
            );
        }
    }
    for r in &f.requires {
        if !is_valid_id(r) {
            let (l, col) = t.value("requires", &format!("\"{r}\""));
            ctx.error(
                l,
                col,
                format!("required lesson id \"{r}\" is not a valid id"),
            );
        }
        if *r == f.id {
            let (l, col) = t.value("requires", &format!("\"{r}\""));
            ctx.error(l, col, format!("lesson \"{r}\" requires itself"));
        }
    }
    if !(1..=600).contains(&f.minutes) {
        let (l, c) = t.key("minutes");
        ctx.error(l, c, format!("minutes = {}: expected 1 to 600", f.minutes));
    }
    if !(1..=5).contains(&f.difficulty) {
        let (l, c) = t.key("difficulty");
        ctx.error(
            l,
            c,
            format!(
                "difficulty = {}: expected 1 (gentle) to 5 (hard)",
                f.difficulty
            ),
        );
    }
    ok.then_some(Front {
        id: f.id,
        title,
        summary,
        // Reported above; dropped so the model holds only valid ids.
        concepts: f.concepts.into_iter().filter(|c| is_concept(c)).collect(),
        requires: f.requires.into_iter().filter(|r| is_valid_id(r)).collect(),
        minutes: f.minutes,
        difficulty: f.difficulty,
    })
}

/// Renders a string value that may hold `$math$` but no placeholders,
/// reporting errors at the key.
pub(crate) fn render_plain(ctx: &mut Ctx, t: &Toml, key: &str, s: &str) -> String {
    match text::render(s, None) {
        Ok(r) => r,
        Err(e) => {
            let (l, c) = t.key(key);
            ctx.error(
                l,
                c,
                format!("{key}: {} (at character {})", e.message, e.offset + 1),
            );
            s.to_string()
        }
    }
}
