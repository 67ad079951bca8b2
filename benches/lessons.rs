//! Load and check cost of lessons: `kltutor` loads the bundled curriculum at
//! every start (front matter and bodies read at build time, a body decoded
//! on first use), a lesson's first opening decodes its body (a user lesson's
//! is parsed when the app starts), and `kltutor check` parses
//! everything and samples every randomized problem, so all of it should stay
//! well under the time a person notices.

use criterion::{Criterion, criterion_group, criterion_main};
use kltutor::lesson::catalog::{Catalog, LessonFile, bundled_files};
use kltutor::lesson::check::check_files;
use kltutor::lesson::parse_bytes;
use std::borrow::Cow;
use std::hint::black_box;

/// A fixture lesson with every block kind, so the benchmark measures
/// something even while `lessons/` is empty.
fn fixture() -> Vec<LessonFile> {
    vec![LessonFile {
        path: "tests/lesson_fixtures/valid/01-coins.md".into(),
        bytes: Cow::Borrowed(include_bytes!("../tests/lesson_fixtures/valid/01-coins.md")),
        bundled: false,
    }]
}

fn lessons(c: &mut Criterion) {
    let bundled = bundled_files();
    c.bench_function("load bundled lessons", |b| {
        b.iter(|| black_box(Catalog::from_files(black_box(&bundled))))
    });
    c.bench_function("load bundled lessons and read every body", |b| {
        b.iter(|| {
            let catalog = Catalog::from_files(black_box(&bundled));
            for l in &catalog.lessons {
                black_box(l.sections());
            }
            catalog
        })
    });
    c.bench_function("parse bundled lessons in full", |b| {
        b.iter(|| {
            for f in &bundled {
                black_box(parse_bytes(&f.path, black_box(&f.bytes), true));
            }
        })
    });
    c.bench_function("check bundled lessons", |b| {
        b.iter(|| black_box(check_files(black_box(&bundled), &[])))
    });
    let fixture = fixture();
    c.bench_function("load fixture lesson", |b| {
        b.iter(|| black_box(Catalog::from_files(black_box(&fixture))))
    });
    c.bench_function(
        "check fixture lesson (200 seeds per randomized problem)",
        |b| b.iter(|| black_box(check_files(black_box(&fixture), &[]))),
    );
}

criterion_group!(benches, lessons);
criterion_main!(benches);
