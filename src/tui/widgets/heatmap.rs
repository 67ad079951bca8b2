//! A heat map of a [`Grid`] with axis labels and a colour legend.
//!
//! In colour, each terminal cell is two pseudo-pixels: `▀` with the upper
//! pixel's colour as foreground and the lower one's as background, which
//! doubles the vertical resolution at no cost (a cell whose two pixels
//! share a colour is a space on it). The ramp is quantised ([`levels`]) so
//! that neighbouring cells share colours and a frame stays small. Without colour (`NO_COLOR`,
//! `--ascii`) a cell is one character of the theme's density ramp, darker
//! meaning larger, so the map still reads. Infinite values (a KL wall) get
//! their own colour or character instead of the top of the scale, because
//! "infinite" is a different fact from "large".

use crate::lab::Grid;
use crate::tui::theme::Theme;
use crate::tui::widgets::format::sig;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

/// A point drawn over the map (the current parameters, a minimum).
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    pub symbol: char,
    /// What the mark is, for the legend line.
    pub label: &'static str,
}

/// How values map onto the colour scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    Linear,
    /// `ln(1 + v)`: divergences span orders of magnitude near a wall, and a
    /// linear scale would spend every colour on the steep corner.
    Log1p,
}

pub struct Heatmap<'a> {
    pub grid: &'a Grid,
    /// Values at or above `hi` get the top colour (and the legend says `≥`).
    pub hi: f64,
    pub scale: Scale,
    pub marks: Vec<Mark>,
    pub x_title: String,
    pub y_title: String,
    /// The unit printed after the legend.
    pub unit: String,
    /// Legend numbers are the grid's times this: a map held in nats (so that
    /// switching to bits costs no recomputation) is labelled in bits with
    /// `1 / ln 2`. 1 when the grid is already in the unit shown.
    pub legend_scale: f64,
    pub theme: Theme,
}

/// Viridis at nine stops: perceptually even and readable by most colour-blind
/// learners, dark for small values.
const STOPS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// How many colours a map of `plot` cells uses: the ramp is quantised so
/// that neighbouring cells share colours and the terminal is sent a colour
/// sequence only where the colour changes (a full 200x60 frame with a
/// colour per pixel was ~262 KB of escape sequences and took ~5.9 ms to
/// reach the screen).
///
/// Why this many: a full sweep of the scale across the map is at most
/// `min(width, 2 * height)` pixels long (a cell is two pixels tall), and a
/// colour band narrower than about three pixels does not read as a band: a
/// smooth gradient drawn in cells that coarse already shows its steps,
/// whatever the number of colours. So a map gets a third of its shorter
/// side in levels, between 16 (the legend bar's width, where each cell of
/// the bar is its own colour) and 64 (where neighbouring viridis levels
/// differ by about 3.5 ΔE, near the smallest difference the eye sees);
/// at 200x60 one map gets about 35 and each of two side by side 24.
pub fn levels(plot: Rect) -> usize {
    (plot.width.min(2 * plot.height) as usize / 3).clamp(16, 64)
}

/// The colour of the infinite wall: outside the scale on purpose.
const WALL: Color = Color::Rgb(255, 255, 255);

pub fn colour(t: f64) -> Color {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let f = t * (STOPS.len() - 1) as f64;
    let i = (f.floor() as usize).min(STOPS.len() - 2);
    let u = f - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * u).round() as u8;
    Color::Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// How a cell shows an upper and a lower pixel, given the colour pair of the
/// cell to its left: the same picture with the fewest colour changes. A cell
/// of one colour is a space on that background, keeping the left cell's
/// foreground (unseen), so a run of equal cells needs one colour sequence;
/// two colours are `▀` on the lower one, or `▄` when that matches the left
/// cell's pair.
fn half_block(up: Color, down: Color, prev: Option<(Color, Color)>) -> (char, Color, Color) {
    match prev {
        _ if up != down => match prev {
            Some((f, b)) if (f, b) == (down, up) => ('▄', down, up),
            _ => ('▀', up, down),
        },
        Some((f, _)) => (' ', f, up),
        None => (' ', up, up),
    }
}

impl Heatmap<'_> {
    /// Position of `v` on the scale, in [0, 1]; `None` for the wall (∞ or NaN).
    pub fn level(&self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            return None;
        }
        let hi = self.hi.max(1e-12);
        let t = match self.scale {
            Scale::Linear => v / hi,
            Scale::Log1p => v.max(0.0).ln_1p() / hi.ln_1p(),
        };
        Some(t.clamp(0.0, 1.0))
    }

    /// The value at scale position `t` (for legend labels).
    fn value_at(&self, t: f64) -> f64 {
        match self.scale {
            Scale::Linear => t * self.hi,
            Scale::Log1p => (t * self.hi.ln_1p()).exp_m1(),
        }
    }

    fn ramp_char(&self, level: Option<f64>) -> char {
        let ramp = self.theme.ramp();
        match level {
            None => self.wall_char(),
            Some(t) => ramp[((t * (ramp.len() - 1) as f64).round() as usize).min(ramp.len() - 1)],
        }
    }

    fn wall_char(&self) -> char {
        if self.theme.ascii { 'X' } else { '╳' }
    }

    /// The plot rectangle inside `area`: a left gutter for y labels, two rows
    /// below for x labels and the legend.
    pub fn plot_area(&self, area: Rect) -> Rect {
        let gutter = self.gutter_width();
        Rect {
            x: area.x + gutter,
            y: area.y,
            width: area.width.saturating_sub(gutter),
            height: area.height.saturating_sub(2),
        }
    }

    fn y_labels(&self) -> [String; 2] {
        let a = self.theme.ascii;
        [sig(self.grid.y.1, 3, a), sig(self.grid.y.0, 3, a)]
    }

    fn gutter_width(&self) -> u16 {
        let [top, bottom] = self.y_labels();
        let w = top
            .chars()
            .count()
            .max(bottom.chars().count())
            .max(self.y_title.chars().count());
        w as u16 + 1
    }

    /// The cell (column, row) and half (0 upper, 1 lower) of a data point.
    /// Pixel centres run from one end of the grid to the other, ends included,
    /// so that a wall along an edge of the grid is always drawn.
    pub fn cell_of(&self, plot: Rect, x: f64, y: f64) -> Option<(u16, u16, u8)> {
        if plot.width == 0 || plot.height == 0 || !x.is_finite() || !y.is_finite() {
            return None;
        }
        let g = self.grid;
        let fx = (x - g.x.0) / (g.x.1 - g.x.0);
        let fy = (g.y.1 - y) / (g.y.1 - g.y.0);
        if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
            return None;
        }
        let c = (fx * (plot.width - 1) as f64).round() as u16;
        let p = (fy * (2 * plot.height - 1) as f64).round() as u16;
        Some((plot.x + c, plot.y + p / 2, (p % 2) as u8))
    }

    fn pixel(&self, plot: Rect, c: u16, p: u16) -> f64 {
        let g = self.grid;
        let fx = c as f64 / (plot.width - 1).max(1) as f64;
        let fy = p as f64 / (2 * plot.height - 1).max(1) as f64;
        let x = g.x.0 + fx * (g.x.1 - g.x.0);
        let y = g.y.1 - fy * (g.y.1 - g.y.0);
        g.interpolate(x, y)
    }
}

impl Widget for Heatmap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let plot = self.plot_area(area);
        if plot.width < 2 || plot.height < 1 || self.grid.values.is_empty() {
            return;
        }
        let t = self.theme;
        // The quantised colour table and the scale's constant, hoisted out of
        // the per-pixel loop (a full-screen map is ~20k pixels per frame).
        let top = levels(plot) - 1;
        let lut: Vec<Color> = (0..=top).map(|i| colour(i as f64 / top as f64)).collect();
        let hi = self.hi.max(1e-12);
        let inv = match self.scale {
            Scale::Linear => 1.0 / hi,
            Scale::Log1p => 1.0 / hi.ln_1p(),
        };
        let level = |v: f64| -> Option<f64> {
            if !v.is_finite() {
                return None;
            }
            let x = match self.scale {
                Scale::Linear => v * inv,
                Scale::Log1p => v.max(0.0).ln_1p() * inv,
            };
            Some(x.clamp(0.0, 1.0))
        };
        for r in 0..plot.height {
            // The colour pair of the cell to the left: a terminal is sent a
            // colour sequence only where the pair changes (see `half_block`).
            let mut prev: Option<(Color, Color)> = None;
            for c in 0..plot.width {
                let up = level(self.pixel(plot, c, 2 * r));
                let down = level(self.pixel(plot, c, 2 * r + 1));
                let cell = &mut buf[(plot.x + c, plot.y + r)];
                if t.color {
                    let col =
                        |l: Option<f64>| l.map_or(WALL, |x| lut[(x * top as f64).round() as usize]);
                    let (ch, fg, bg) = half_block(col(up), col(down), prev);
                    prev = Some((fg, bg));
                    cell.set_char(ch).set_style(Style::new().fg(fg).bg(bg));
                } else {
                    // One character per cell: the wall wins, else the larger half.
                    let l = match (up, down) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    cell.set_char(self.ramp_char(l)).set_style(Style::new());
                }
            }
        }
        for m in &self.marks {
            if let Some((cx, cy, _)) = self.cell_of(plot, m.x, m.y) {
                let style = if t.color {
                    Style::new()
                        .fg(Color::Black)
                        .bg(Color::Rgb(255, 120, 60))
                        .add_modifier(ratatui::style::Modifier::BOLD)
                } else {
                    t.selected()
                };
                buf[(cx, cy)].set_char(m.symbol).set_style(style);
            }
        }
        // y labels: top, title in the middle, bottom.
        let [top, bottom] = self.y_labels();
        let dim = t.dim();
        buf.set_stringn(area.x, plot.y, &top, (plot.x - area.x) as usize, dim);
        buf.set_stringn(
            area.x,
            plot.y + plot.height - 1,
            &bottom,
            (plot.x - area.x) as usize,
            dim,
        );
        if plot.height >= 3 {
            buf.set_stringn(
                area.x,
                plot.y + plot.height / 2,
                &self.y_title,
                (plot.x - area.x) as usize,
                t.text(),
            );
        }
        // x labels: left, title, right.
        let ly = plot.y + plot.height;
        if ly < area.y + area.height {
            let a = t.ascii;
            let left = sig(self.grid.x.0, 3, a);
            let right = sig(self.grid.x.1, 3, a);
            buf.set_stringn(plot.x, ly, &left, plot.width as usize, dim);
            let rw = right.chars().count() as u16;
            if plot.width > rw {
                buf.set_string(plot.x + plot.width - rw, ly, &right, dim);
            }
            let tw = self.x_title.chars().count() as u16;
            if plot.width > tw + 2 * rw + 2 {
                buf.set_string(plot.x + (plot.width - tw) / 2, ly, &self.x_title, t.text());
            }
        }
        // Legend: lo [scale] hi unit, the wall, the marks.
        let gy = ly + 1;
        if gy < area.y + area.height {
            self.render_legend(Rect::new(area.x, gy, area.width, 1), buf);
        }
    }
}

impl Heatmap<'_> {
    fn render_legend(&self, row: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let a = t.ascii;
        let mut x = row.x;
        let end = row.x + row.width;
        let put = |x: &mut u16, s: &str, style: Style, buf: &mut Buffer| {
            if *x < end {
                let (nx, _) = buf.set_stringn(*x, row.y, s, (end - *x) as usize, style);
                *x = nx;
            }
        };
        put(&mut x, &format!("{} ", sig(0.0, 2, a)), t.dim(), buf);
        let bar = if row.width >= 70 { 16 } else { 8 };
        for k in 0..bar {
            if x >= end {
                break;
            }
            let lv = k as f64 / (bar - 1) as f64;
            if t.color {
                buf[(x, row.y)]
                    .set_char(' ')
                    .set_style(Style::new().bg(colour(lv)));
            } else {
                buf[(x, row.y)].set_char(self.ramp_char(Some(lv)));
            }
            x += 1;
        }
        let hi = format!(
            " {}{} {}",
            t.sym("≥", ">="),
            sig(self.value_at(1.0) * self.legend_scale, 2, a),
            self.unit
        );
        put(&mut x, &hi, t.dim(), buf);
        put(&mut x, "  ", t.text(), buf);
        if t.color {
            if x < end {
                buf[(x, row.y)]
                    .set_char(' ')
                    .set_style(Style::new().bg(WALL));
                x += 1;
            }
        } else {
            let w = self.wall_char().to_string();
            put(&mut x, &w, t.text(), buf);
        }
        put(&mut x, &format!(" {}", t.sym("∞", "inf")), t.dim(), buf);
        let mut seen: Vec<char> = Vec::new();
        for m in &self.marks {
            if seen.contains(&m.symbol) {
                continue;
            }
            seen.push(m.symbol);
            put(&mut x, &format!("  {} {}", m.symbol, m.label), t.dim(), buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid::sample(11, 11, (0.0, 1.0), (0.0, 1.0), |x, y| {
            if y == 0.0 { f64::INFINITY } else { x + y }
        })
    }

    #[test]
    fn half_blocks_keep_the_left_cells_colours_where_they_can() {
        let (a, b, c) = (
            Color::Rgb(1, 1, 1),
            Color::Rgb(2, 2, 2),
            Color::Rgb(3, 3, 3),
        );
        // Two pixels of one colour: a space on it, the unseen fg carried over.
        assert_eq!(half_block(a, a, Some((c, b))), (' ', c, a));
        assert_eq!(half_block(a, a, None), (' ', a, a));
        // Two colours: upper as fg of ▀, or ▄ when that is the left pair.
        assert_eq!(half_block(a, b, Some((c, c))), ('▀', a, b));
        assert_eq!(half_block(a, b, Some((b, a))), ('▄', b, a));
    }

    #[test]
    fn levels_follow_the_plot_size() {
        assert_eq!(levels(Rect::new(0, 0, 150, 54)), 36);
        assert_eq!(levels(Rect::new(0, 0, 73, 54)), 24);
        assert_eq!(levels(Rect::new(0, 0, 30, 10)), 16);
        assert_eq!(levels(Rect::new(0, 0, 400, 200)), 64);
    }

    #[test]
    fn levels_keep_the_wall_apart() {
        let g = grid();
        let h = Heatmap {
            grid: &g,
            hi: 2.0,
            scale: Scale::Log1p,
            marks: vec![],
            x_title: "p".into(),
            y_title: "q".into(),
            unit: "nats".into(),
            legend_scale: 1.0,
            theme: Theme::FULL,
        };
        assert_eq!(h.level(f64::INFINITY), None);
        assert_eq!(h.level(f64::NAN), None);
        assert_eq!(h.level(0.0), Some(0.0));
        assert_eq!(h.level(5.0), Some(1.0));
        assert!((h.value_at(1.0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn draws_half_blocks_marks_and_a_legend() {
        let g = grid();
        let h = Heatmap {
            grid: &g,
            hi: 2.0,
            scale: Scale::Linear,
            marks: vec![Mark {
                x: 0.5,
                y: 0.5,
                symbol: '+',
                label: "you",
            }],
            x_title: "p".into(),
            y_title: "q".into(),
            unit: "nats".into(),
            legend_scale: 1.0,
            theme: Theme::FULL,
        };
        let area = Rect::new(0, 0, 40, 12);
        let mut buf = Buffer::empty(area);
        let plot = h.plot_area(area);
        let (mx, my, _) = h.cell_of(plot, 0.5, 0.5).unwrap();
        h.render(area, &mut buf);
        assert_eq!(buf[(mx, my)].symbol(), "+");
        // Two pixels per cell: a half block, or a space on one colour.
        assert!(matches!(buf[(plot.x, plot.y)].symbol(), "▀" | "▄" | " "));
        // The bottom pixel row is q = 0: the wall colour.
        assert_eq!(buf[(plot.x + 3, plot.y + plot.height - 1)].bg, WALL);
        let legend: String = (0..40).map(|x| buf[(x, 11)].symbol().to_string()).collect();
        assert!(
            legend.contains("≥2.0 nats") && legend.contains("you"),
            "{legend}"
        );
    }
}
