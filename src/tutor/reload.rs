//! Where a learner lands when the lesson files change under them
//! (`kltutor --lessons DIR --watch`): the old lesson and position plus the
//! freshly loaded catalogue give the new place. Pure: no file watcher and
//! no terminal, so every case is a unit test.
//!
//! An item is found again by what names it, not by its index, since an
//! edit above it shifts every index: a block by its `id`, prose by its
//! text (moved unchanged) or else by its section's heading and its rank
//! among that section's prose items (edited in place).

use super::session::Cursor;
use crate::lesson::catalog::Catalog;
use crate::lesson::model::{Diagnostic, Item, Lesson};

/// The new place for a learner who was at a cursor in a lesson.
#[derive(Debug, Clone, PartialEq)]
pub enum Relocated {
    /// The same item is still there: its cursor in the new lesson (the
    /// worked-example step is kept; the session clamps it to the new count).
    Same(Cursor),
    /// The item is gone; the start of its section when a section with the
    /// same heading remains, else the lesson's start. The note says which.
    Moved { cursor: Cursor, note: String },
    /// The lesson's file does not check now: its diagnostics (errors first).
    Broken(Vec<Diagnostic>),
    /// No lesson with this id is loaded any more; the note says so.
    Gone(String),
}

/// What names the item under a cursor across edits.
#[derive(Debug, Clone, PartialEq)]
enum ItemKey<'a> {
    Block(&'a str),
    Prose {
        item: &'a Item,
        section: SectionKey<'a>,
        /// Rank among the prose items of its section.
        rank: usize,
    },
    End,
}

/// A section: its heading and which of the sections with that heading it is.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SectionKey<'a> {
    heading: &'a str,
    nth: usize,
}

fn section_key(lesson: &Lesson, section: usize) -> Option<SectionKey<'_>> {
    let heading = lesson.sections().get(section)?.heading.as_str();
    let nth = lesson.sections()[..section]
        .iter()
        .filter(|s| s.heading == heading)
        .count();
    Some(SectionKey { heading, nth })
}

fn find_section(lesson: &Lesson, key: SectionKey<'_>) -> Option<usize> {
    lesson
        .sections()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.heading == key.heading)
        .nth(key.nth)
        .map(|(i, _)| i)
}

fn item_key(lesson: &Lesson, at: Cursor) -> Option<ItemKey<'_>> {
    if at.section >= lesson.sections().len() {
        return Some(ItemKey::End);
    }
    let items = &lesson.sections()[at.section].items;
    let item = items.get(at.item)?;
    Some(match item.id() {
        Some(id) => ItemKey::Block(id),
        None => ItemKey::Prose {
            item,
            section: section_key(lesson, at.section)?,
            rank: items[..at.item]
                .iter()
                .filter(|i| matches!(i, Item::Prose(_)))
                .count(),
        },
    })
}

fn cursor(section: usize, item: usize) -> Cursor {
    Cursor {
        section,
        item,
        step: 0,
    }
}

/// Where `key` is in `lesson`, if it still is.
fn find_item(lesson: &Lesson, key: &ItemKey<'_>) -> Option<Cursor> {
    let mut all = lesson
        .sections()
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| sec.items.iter().enumerate().map(move |(i, it)| (s, i, it)));
    match key {
        ItemKey::End => Some(cursor(lesson.sections().len(), 0)),
        ItemKey::Block(id) => all
            .find(|(_, _, it)| it.id() == Some(id))
            .map(|(s, i, _)| cursor(s, i)),
        ItemKey::Prose {
            item,
            section,
            rank,
        } => {
            if let Some((s, i, _)) = all.find(|(_, _, it)| it == item) {
                return Some(cursor(s, i));
            }
            let s = find_section(lesson, *section)?;
            lesson.sections()[s]
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| matches!(it, Item::Prose(_)))
                .nth(*rank)
                .map(|(i, _)| cursor(s, i))
        }
    }
}

/// The new place of a learner who was at `at` in `old`, given the catalogue
/// loaded after the change (with its diagnostics, which decide whether the
/// lesson's file still checks).
pub fn relocate(old: &Lesson, at: Cursor, new: &Catalog) -> Relocated {
    let mut diags: Vec<Diagnostic> = new
        .diagnostics
        .iter()
        .filter(|d| d.file == old.source.file)
        .cloned()
        .collect();
    if diags.iter().any(Diagnostic::is_error) {
        // Errors first, each group in file order.
        diags.sort_by_key(|d| (!d.is_error(), d.line, d.column));
        return Relocated::Broken(diags);
    }
    let Some(lesson) = new.get(&old.id) else {
        return Relocated::Gone(format!(
            "The lesson \"{}\" ({}) is no longer among the lessons (its file was removed, or its id changed).",
            old.title, old.id
        ));
    };
    if let Some(key) = item_key(old, at)
        && let Some(mut c) = find_item(lesson, &key)
    {
        if matches!(key, ItemKey::Block(_)) {
            c.step = at.step;
        }
        return Relocated::Same(c);
    }
    match section_key(old, at.section).and_then(|k| find_section(lesson, k)) {
        Some(s) => Relocated::Moved {
            cursor: cursor(s, 0),
            note: format!(
                "The item you were on is gone from the lesson: back to the start of \"{}\".",
                lesson.sections()[s].heading
            ),
        },
        None => Relocated::Moved {
            cursor: cursor(0, 0),
            note: "The section you were in is gone from the lesson: back to its start.".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::catalog::LessonFile;
    use std::borrow::Cow;

    const FRONT: &str = "+++\nid = \"w\"\ntitle = \"Watched\"\nsummary = \"s\"\nconcepts = [\"asymmetry\"]\nminutes = 5\ndifficulty = 1\n+++\n\n";

    fn question(id: &str) -> String {
        format!(
            "```question\nid = \"{id}\"\nprompt = \"Is KL symmetric?\"\nchoices = [\"yes\", \"no\"]\nanswer = 2\nexplanations = [\"No: swap and see.\", \"Right.\"]\n```\n\n"
        )
    }

    fn catalog(body: &str) -> Catalog {
        catalog_at("lessons/w.md", body)
    }

    fn catalog_at(path: &str, body: &str) -> Catalog {
        let text = format!("{FRONT}{body}## Key takeaways\n\n- one\n");
        Catalog::from_files(&[LessonFile {
            path: path.into(),
            bytes: Cow::Owned(text.into_bytes()),
            bundled: false,
        }])
    }

    fn lesson(c: &Catalog) -> &Lesson {
        c.get("w").unwrap_or_else(|| panic!("{:?}", c.diagnostics))
    }

    fn at(section: usize, item: usize) -> Cursor {
        cursor(section, item)
    }

    #[test]
    fn a_block_is_found_by_id_after_an_edit_above_it() {
        let old = catalog(&format!("## A\n\nIntro.\n\n{}", question("q1")));
        let new = catalog(&format!(
            "## A\n\nIntro.\n\nA new paragraph.\n\n## Added\n\nMore.\n\n## B\n\n{}",
            question("q1")
        ));
        assert_eq!(lesson(&old).sections()[0].items[1].id(), Some("q1"));
        assert_eq!(
            relocate(lesson(&old), at(0, 1), &new),
            Relocated::Same(at(2, 0))
        );
    }

    #[test]
    fn an_example_keeps_its_step() {
        let ex =
            "```example\nid = \"ex\"\ncompute = \"kl\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\n```\n\n";
        let old = catalog(&format!("## A\n\n{ex}"));
        let new = catalog(&format!("## A\n\nNew text first.\n\n{ex}"));
        let c = Cursor {
            section: 0,
            item: 0,
            step: 2,
        };
        assert_eq!(
            relocate(lesson(&old), c, &new),
            Relocated::Same(Cursor {
                section: 0,
                item: 1,
                step: 2
            })
        );
    }

    #[test]
    fn prose_edited_in_place_keeps_its_rank_in_its_section() {
        let old = catalog(&format!("## A\n\nFirst.\n\n{}Second.\n\n", question("q1")));
        let new = catalog(&format!(
            "## A\n\nFirst.\n\n{}Second, reworded.\n\n",
            question("q1")
        ));
        // Prose "Second." is item 2 of section 0 (the second prose item there).
        assert_eq!(
            relocate(lesson(&old), at(0, 2), &new),
            Relocated::Same(at(0, 2))
        );
    }

    #[test]
    fn unchanged_prose_is_followed_when_it_moves() {
        let old = catalog(&format!("## A\n\n{}Kept text.\n\n", question("q1")));
        let new = catalog(&format!("## Z\n\nKept text.\n\n## A\n\n{}", question("q1")));
        assert_eq!(
            relocate(lesson(&old), at(0, 1), &new),
            Relocated::Same(at(0, 0))
        );
    }

    #[test]
    fn a_removed_item_lands_at_its_section_start_or_the_lesson_start() {
        let old = catalog(&format!("## A\n\nText.\n\n{}", question("q1")));
        let without_q = catalog("## A\n\nText.\n\n");
        match relocate(lesson(&old), at(0, 1), &without_q) {
            Relocated::Moved { cursor, note } => {
                assert_eq!(cursor, at(0, 0));
                assert!(note.contains("\"A\""), "{note}");
            }
            r => panic!("{r:?}"),
        }
        let renamed = catalog("## Other\n\nText.\n\n");
        match relocate(lesson(&old), at(0, 1), &renamed) {
            Relocated::Moved { cursor, .. } => assert_eq!(cursor, at(0, 0)),
            r => panic!("{r:?}"),
        }
    }

    #[test]
    fn the_end_page_stays_the_end_page() {
        let old = catalog("## A\n\nText.\n\n");
        let new = catalog("## A\n\nText.\n\n## B\n\nMore.\n\n");
        let end = lesson(&old).sections().len();
        assert_eq!(
            relocate(lesson(&old), at(end, 0), &new),
            Relocated::Same(at(lesson(&new).sections().len(), 0))
        );
    }

    #[test]
    fn a_file_with_errors_is_broken_with_its_diagnostics() {
        let old = catalog(&format!("## A\n\n{}", question("q1")));
        let broken = catalog(&format!(
            "## A\n\n{}",
            question("q1").replace("answer = 2", "answer = 7")
        ));
        match relocate(lesson(&old), at(0, 0), &broken) {
            Relocated::Broken(d) => {
                assert!(d[0].is_error(), "{d:?}");
                assert_eq!(d[0].file, "lessons/w.md");
                assert!(d[0].line > 1, "{d:?}");
            }
            r => panic!("{r:?}"),
        }
        // Another file's errors do not break this lesson.
        let other = catalog_at("lessons/other.md", "## A\n\n```question\nid = 1\n```\n\n");
        let mut mixed = catalog(&format!("## A\n\n{}", question("q1")));
        mixed.diagnostics.extend(other.diagnostics);
        assert!(mixed.diagnostics.iter().any(Diagnostic::is_error));
        assert_eq!(
            relocate(lesson(&old), at(0, 0), &mixed),
            Relocated::Same(at(0, 0))
        );
    }

    #[test]
    fn a_lesson_that_is_gone_says_so() {
        let old = catalog("## A\n\nText.\n\n");
        match relocate(lesson(&old), at(0, 0), &Catalog::default()) {
            Relocated::Gone(note) => assert!(note.contains("\"Watched\" (w)"), "{note}"),
            r => panic!("{r:?}"),
        }
    }
}
