//! Times each phase of start-up in process (minimum over runs): catalog,
//! store, home screen, first draw into a TestBackend. `DATA_DIR` (argument)
//! is a copy of a learner's data directory.
use kltutor::lesson::catalog::Catalog;
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::SeededSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Instant;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DATA_DIR"));
    let runs = 20;
    let mut best = [f64::INFINITY; 4];
    for _ in 0..runs {
        let t0 = Instant::now();
        let catalog = Catalog::load(&[] as &[&str]);
        let t1 = Instant::now();
        let store = Store::open_read_only(&dir).unwrap();
        let t2 = Instant::now();
        let ctx = Context::new(catalog, store, Box::new(SeededSeeds::new(1)));
        let app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
        let t3 = Instant::now();
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| app.draw(f)).unwrap();
        let t4 = Instant::now();
        let d = [t1 - t0, t2 - t1, t3 - t2, t4 - t3];
        for (b, d) in best.iter_mut().zip(d) {
            *b = b.min(d.as_secs_f64() * 1e3);
        }
        let parsed = ctx
            .catalog
            .lessons
            .iter()
            .filter(|l| l.body_is_parsed())
            .count();
        if best[0] == (t1 - t0).as_secs_f64() * 1e3 {
            eprintln!("bodies parsed by home+draw: {parsed}");
        }
    }
    println!(
        "min over {runs}: catalog {:.3} ms, store {:.3} ms, home {:.3} ms, draw {:.3} ms",
        best[0], best[1], best[2], best[3]
    );
}
