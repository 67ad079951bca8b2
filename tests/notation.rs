//! Math that reads one way only (issue 10 §3): every bundled lesson is
//! rendered as a learner sees it (prose, headings, prompts with their
//! placeholders filled, hints, choices, explanations, contexts, worked
//! example and solution steps, lab observations), and no LaTeX survives: no
//! backslash command, no `_{`/`^{`, no brace from a formula. The same
//! subscripted symbol must also render the same way everywhere.

use kltutor::lesson::Step;
use kltutor::lesson::catalog::Catalog;
use kltutor::lesson::model::{Block, Item, Lesson, Span};
use kltutor::tutor::problem::ActiveProblem;
use std::collections::{BTreeMap, BTreeSet};

/// Every learner-visible string of a lesson, each with where it comes from.
/// Code (spans and fenced blocks) is left out: it shows source on purpose.
fn visible(l: &Lesson) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |at: String, s: &str| out.push((at, s.to_string()));
    push(format!("{}: title", l.id), &l.title);
    push(format!("{}: summary", l.id), &l.summary);
    let spans = |spans: &[Span]| -> String {
        spans
            .iter()
            .filter(|s| !matches!(s, Span::Code(_)))
            .map(Span::text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for s in l.sections() {
        push(format!("{}: heading", l.id), &s.heading);
        for item in &s.items {
            let at = format!("{}/{}", l.id, item.id().unwrap_or(&s.heading));
            match item {
                Item::Prose(blocks) => {
                    for b in blocks {
                        match b {
                            Block::Heading { text, .. }
                            | Block::Paragraph(text)
                            | Block::Quote(text) => push(at.clone(), &spans(text)),
                            Block::List { items, .. } => {
                                for i in items {
                                    push(at.clone(), &spans(i));
                                }
                            }
                            Block::Code { .. } => {}
                            Block::Math(m) => push(at.clone(), m),
                        }
                    }
                }
                Item::Example(e) => {
                    for s in [&e.title, &e.intro, &e.conclusion, &e.sum_note]
                        .into_iter()
                        .flatten()
                    {
                        push(at.clone(), s);
                    }
                    for n in e.notes.values() {
                        push(at.clone(), n);
                    }
                    for step in e.steps().expect("example steps") {
                        push(format!("{at} step"), &step_text(&step));
                    }
                }
                Item::Problem(p) => {
                    for h in p.hints.iter().chain(p.hints_for.values()) {
                        push(format!("{at} hint"), h);
                    }
                    for seed in [1, 2, 3] {
                        let mut a = ActiveProblem::new(&l.id, p, seed)
                            .expect("instance")
                            .alone();
                        push(format!("{at} prompt"), a.prompt());
                        if !p.allow_infinite {
                            for step in a.solution().expect("solution").steps {
                                push(format!("{at} solution"), &step_text(&step));
                            }
                        }
                    }
                }
                Item::Question(q) => {
                    push(format!("{at} prompt"), &q.prompt);
                    for c in q.choices.iter().chain(&q.explanations).chain(&q.context) {
                        push(at.clone(), c);
                    }
                }
                Item::Predict(p) => {
                    for c in p.prompt.iter().chain(&p.choices) {
                        push(at.clone(), c);
                    }
                }
                Item::Lab(lab) => {
                    for o in &lab.observations {
                        push(at.clone(), o);
                    }
                }
            }
        }
    }
    out
}

fn step_text(s: &Step) -> String {
    match s {
        Step::Intro(t) | Step::Conclusion(t) => t.clone(),
        Step::Outcome(r) => format!("{} {}", r.label, r.note.clone().unwrap_or_default()),
        Step::Sum { note, .. } => note.clone().unwrap_or_default(),
        Step::Unit { .. } => String::new(),
        Step::Work(w) => w.line(),
    }
}

#[test]
fn no_latex_survives_rendering_in_any_lesson() {
    let catalog = Catalog::load(&[] as &[&str]);
    let mut bad = Vec::new();
    let mut count = 0;
    for l in &catalog.lessons {
        for (at, s) in visible(l) {
            count += 1;
            for pat in ["\\", "_{", "^{", "{", "}", "$"] {
                if s.contains(pat) {
                    bad.push(format!("{at}: {pat:?} in {s:?}"));
                    break;
                }
            }
        }
    }
    assert!(count > 1000, "only {count} strings collected");
    assert!(bad.is_empty(), "{} strings:\n{}", bad.len(), bad.join("\n"));
}

const SUB_DIGITS: &str = "₀₁₂₃₄₅₆₇₈₉";
const SUB_OTHER: [(char, char); 24] = [
    ('₊', '+'),
    ('₋', '-'),
    ('₌', '='),
    ('₍', '('),
    ('₎', ')'),
    ('ₐ', 'a'),
    ('ₑ', 'e'),
    ('ₕ', 'h'),
    ('ᵢ', 'i'),
    ('ⱼ', 'j'),
    ('ₖ', 'k'),
    ('ₗ', 'l'),
    ('ₘ', 'm'),
    ('ₙ', 'n'),
    ('ₒ', 'o'),
    ('ₚ', 'p'),
    ('ᵣ', 'r'),
    ('ₛ', 's'),
    ('ₜ', 't'),
    ('ᵤ', 'u'),
    ('ᵥ', 'v'),
    ('ₓ', 'x'),
    ('ᵦ', 'β'),
    ('ᵩ', 'φ'),
];

fn is_greek(c: char) -> bool {
    ('α'..='ω').contains(&c) || ('Α'..='Ω').contains(&c)
}

fn plain_sub(c: char) -> Option<char> {
    if let Some(i) = SUB_DIGITS.chars().position(|d| d == c) {
        return char::from_digit(i as u32, 10);
    }
    SUB_OTHER.iter().find(|(s, _)| *s == c).map(|(_, p)| *p)
}

/// The subscripted symbols of a text: (symbol with its subscript spelled
/// plainly, as rendered). `Qₛₑₑₖ` and `Q_seek` share the key `Q seek`.
fn subscripted(s: &str) -> Vec<(String, String)> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let base = c[i];
        let starts_word = i == 0 || !c[i - 1].is_alphanumeric();
        if !base.is_alphabetic() || !starts_word {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut key = String::new();
        if c.get(j) == Some(&'_') {
            j += 1;
            if c.get(j) == Some(&'(') {
                let mut depth = 0;
                while j < c.len() {
                    depth += match c[j] {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    key.push(c[j]);
                    j += 1;
                    if depth == 0 {
                        break;
                    }
                }
                key = key[1..key.len().saturating_sub(1)].to_string();
            } else {
                while j < c.len() && c[j].is_alphanumeric() && plain_sub(c[j]).is_none() {
                    key.push(c[j]);
                    j += 1;
                }
            }
        } else if is_greek(base) && c.get(j).is_some_and(char::is_ascii_digit) {
            // `σ1` in plain text is the `σ₁` of a formula.
            while j < c.len() && c[j].is_ascii_digit() {
                key.push(c[j]);
                j += 1;
            }
        } else {
            while let Some(p) = c.get(j).and_then(|&x| plain_sub(x)) {
                key.push(p);
                j += 1;
            }
        }
        let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
        if !key.is_empty() && (j >= c.len() || !c[j].is_alphanumeric()) {
            out.push((format!("{base} {key}"), c[i..j].iter().collect()));
        }
        i = j.max(i + 1);
    }
    out
}

#[test]
fn a_subscripted_symbol_renders_one_way_across_lessons() {
    let catalog = Catalog::load(&[] as &[&str]);
    let mut forms: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for l in &catalog.lessons {
        for (at, s) in visible(l) {
            for (key, form) in subscripted(&s) {
                forms
                    .entry(key)
                    .or_default()
                    .entry(form)
                    .or_default()
                    .insert(at.clone());
            }
        }
    }
    assert!(forms.contains_key("D KL"), "no D_KL found: {forms:?}");
    let clashes: Vec<String> = forms
        .iter()
        .filter(|(_, f)| f.len() > 1)
        .map(|(k, f)| format!("{k}: {f:?}"))
        .collect();
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    // The rule itself: a name in a subscript is never spelled in subscript
    // letters (`Qₛₑₑₖ` beside `Q_cover`).
    let spelled: Vec<&String> = forms
        .values()
        .flat_map(|f| f.keys())
        .filter(|form| {
            form.chars().collect::<Vec<_>>().windows(2).any(|w| {
                w.iter()
                    .all(|&c| plain_sub(c).is_some_and(char::is_alphabetic))
            })
        })
        .collect();
    assert!(
        spelled.is_empty(),
        "names in subscript letters: {spelled:?}"
    );
}

#[test]
fn the_subscript_scanner_finds_both_spellings() {
    let found = subscripted("Qₛₑₑₖ and Q_cover, 𝔼_(x ∼ P)[f], xᵢ, D_KL(P‖Q), σ1 σ₁");
    let keys: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["Q seek", "Q cover", "𝔼 x∼P", "x i", "D KL", "σ 1", "σ 1"]
    );
}

/// "1 bits" reads wrong: one of a unit is singular wherever a number meets
/// its unit (prose, prompts with their values filled, worked steps).
fn wrong_plural(s: &str) -> Option<String> {
    for (i, _) in s.char_indices() {
        let before = s[..i].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.') {
            continue;
        }
        for unit in ["1 bits", "1 nats", "1 hartleys"] {
            if let Some(after) = s[i..].strip_prefix(unit)
                && after.chars().next().is_none_or(|a| !a.is_alphanumeric())
            {
                return Some(unit.to_string());
            }
        }
    }
    None
}

#[test]
fn one_unit_is_singular_in_every_lesson() {
    assert_eq!(wrong_plural("is 1 bits."), Some("1 bits".into()));
    assert_eq!(wrong_plural("(−1 nats)"), Some("1 nats".into()));
    assert_eq!(wrong_plural("0.1 bits, 11 nats, 1.0 bits, 1 bit"), None);
    let catalog = Catalog::load(&[] as &[&str]);
    let bad: Vec<String> = catalog
        .lessons
        .iter()
        .flat_map(visible)
        .filter_map(|(at, s)| wrong_plural(&s).map(|u| format!("{at}: {u:?} in {s:?}")))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every worked example and every problem's solution in the course shows its
/// working (per-outcome rows or lines of working), not only the engine's
/// value; Hellinger's working never writes cross-entropy's H(P,Q).
#[test]
fn every_solution_and_example_is_worked() {
    let catalog = Catalog::load(&[] as &[&str]);
    let mut bad = Vec::new();
    let mut checked = 0;
    let mut check = |at: String, q: &kltutor::quantity::Quantity, steps: Vec<Step>| {
        checked += 1;
        let worked = steps
            .iter()
            .any(|s| matches!(s, Step::Outcome(_) | Step::Work(_)));
        if !worked {
            bad.push(format!("{at}: no working for {}", q.measure));
        }
        if q.measure == kltutor::quantity::Measure::Hellinger {
            for s in &steps {
                let t = step_text(s).replace("d_H(", "");
                if t.contains("H(P") || t.contains("Hel(") {
                    bad.push(format!("{at}: Hellinger written {t:?}"));
                }
            }
        }
    };
    for l in &catalog.lessons {
        for s in l.sections() {
            for item in &s.items {
                let at = format!("{}/{}", l.id, item.id().unwrap_or(&s.heading));
                match item {
                    Item::Example(e) => check(at, &e.quantity, e.steps().expect("steps")),
                    Item::Problem(p) if !p.allow_infinite => {
                        for seed in [1, 2] {
                            let mut a = ActiveProblem::new(&l.id, p, seed)
                                .expect("instance")
                                .alone();
                            let q = a.instance.quantity.clone();
                            check(at.clone(), &q, a.solution().expect("solution").steps);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} checked");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
