//! Whether a problem or question can be posed alone. Quizzes, reviews and
//! challenges show a block without the lesson text before it, so a prompt
//! that leans on that text ("Now weight by the other distribution", "Same
//! pair, the other direction") must carry a `context` or say `quiz = false`.
//! `kltutor check` applies [`leaning_phrase`] to every block quizzes may pose.

/// Phrases that, at the start of a prompt, continue something said before.
const OPENERS: &[&str] = &[
    "now",
    "same",
    "the same",
    "for the same",
    "with the same",
    "again",
    "then",
    "next",
    "also",
    "this time",
    "as before",
    "still",
    "instead",
];

/// Phrases that point back at text anywhere in a prompt.
const POINTERS: &[&str] = &[
    "above",
    "previous",
    "earlier",
    "as before",
    "from before",
    "the example",
    "the worked example",
    "the last problem",
    "the problem before",
    "this distribution",
    "these distributions",
    "those distributions",
    "same pair",
    "same image",
    "same histograms",
    "same smoothed",
    "same valley",
];

/// Lower-cased words of `text` (letters, digits and apostrophes), so that
/// phrases match on word boundaries and across punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn starts_with(ws: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    ws.len() >= p.len() && ws.iter().zip(&p).all(|(w, p)| w == p)
}

/// The first phrase of `text` that refers to context it does not hold, if any.
pub fn leaning_phrase(text: &str) -> Option<&'static str> {
    let ws = words(text);
    // Longest openers first, so "the same" is named rather than "same".
    let mut openers: Vec<&&str> = OPENERS.iter().collect();
    openers.sort_by_key(|o| std::cmp::Reverse(o.len()));
    if let Some(o) = openers.into_iter().find(|o| starts_with(&ws, o)) {
        return Some(o);
    }
    POINTERS
        .iter()
        .copied()
        .find(|p| (0..ws.len()).any(|i| starts_with(&ws[i..], p)))
}

#[cfg(test)]
mod tests {
    use super::leaning_phrase;

    #[test]
    fn prompts_that_lean_on_the_lesson_are_found() {
        assert_eq!(
            leaning_phrase("Now weight by the other distribution. For P = [0.5, 0.5]"),
            Some("now")
        );
        assert_eq!(
            leaning_phrase("Same pair, the other direction: P = {p}"),
            Some("same")
        );
        assert_eq!(
            leaning_phrase("The same two height models in metres"),
            Some("the same")
        );
        assert_eq!(
            leaning_phrase("Compare it with the value from the example."),
            Some("the example")
        );
        assert_eq!(
            leaning_phrase("Using the table above, compute"),
            Some("above")
        );
    }

    #[test]
    fn self_contained_prompts_pass() {
        for p in [
            "Compute D(P‖Q) in nats for P = {p} and Q = {q}.",
            "Two Gaussians have the same standard deviation and different means.",
            "Why does minimising H(P,Q) give the same answer as minimising D(P‖Q)?",
            "Known from the start: nowhere is P zero.",
        ] {
            assert_eq!(leaning_phrase(p), None, "{p}");
        }
    }
}
