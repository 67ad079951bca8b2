//! "Did you mean": the close concept or mistake id when one is likely a typo.

/// A close concept id, when a typo is likely: ` (did you mean "asymmetry"?)`.
pub fn suggest_concept(id: &str) -> String {
    crate::lesson::concepts::CONCEPTS
        .iter()
        .map(|(c, _)| (edit_distance(id, c), *c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map_or(String::new(), |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

/// A close mistake id from the catalogue, when a typo is likely.
pub fn suggest_mistake(id: &str) -> String {
    crate::mistake_ids::MISTAKE_IDS
        .iter()
        .map(|m| (edit_distance(id, m), *m))
        .filter(|(d, _)| *d <= 4)
        .min()
        .map_or(String::new(), |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

/// A close claim of `kltutor calc counterexample` (true or false), when a
/// typo is likely: ` (did you mean "symmetry"?)`.
pub fn suggest_claim(id: &str) -> String {
    crate::engine::counterexample::CLAIMS
        .iter()
        .map(|(c, _)| (edit_distance(id, c), *c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map_or(String::new(), |(_, c)| format!(" (did you mean \"{c}\"?)"))
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}
