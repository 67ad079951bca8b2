//! Bars that may be negative: drawn up from a zero axis or down from it.
//!
//! ratatui's `BarChart` only draws upward bars, and a KL term
//! `P(x) ln(P(x)/Q(x))` is negative wherever Q outweighs P; hiding that sign
//! would hide the lesson. Positive bars use the eighth blocks `▁..█`,
//! negative ones whole cells and `▀` halves; in ASCII, `#` and whole cells.
//! An infinite value is a wall to the top row capped with `∞` (taller than
//! any finite bar, which stops below the 10 % headroom); a zero value
//! (or one too small to see next to the tallest) draws no bar at all.

use crate::tui::theme::Theme;
use crate::tui::widgets::format::sig;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

pub struct SignedBars<'a> {
    pub values: &'a [f64],
    pub labels: Vec<String>,
    pub selected: Option<usize>,
    pub theme: Theme,
    pub style: Style,
    pub negative_style: Style,
}

const EIGHTHS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

impl SignedBars<'_> {
    /// The y range: [lo, hi] with lo <= 0 <= hi, 10% headroom.
    pub fn range(&self) -> (f64, f64) {
        let values = self.cleaned();
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let hi = finite.clone().fold(0.0, f64::max);
        let lo = finite.fold(0.0, f64::min);
        let wall = values.iter().any(|v| v.is_infinite() && *v > 0.0);
        let hi = if hi == 0.0 && (lo == 0.0 || wall) {
            // Room above the axis: for a wall even when no finite term is positive.
            (-lo).max(0.1)
        } else {
            hi * 1.1
        };
        (lo * 1.1, hi)
    }
}

impl SignedBars<'_> {
    /// The values with rounding noise (1e-17 next to 0.5, or next to
    /// nothing at all) set to zero, so it draws no bar and moves no axis.
    fn cleaned(&self) -> Vec<f64> {
        let scale = self
            .values
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        self.values
            .iter()
            .map(|&v| {
                if v.is_finite() && (v.abs() <= scale * 1e-9 || v.abs() < 1e-12) {
                    0.0
                } else {
                    v
                }
            })
            .collect()
    }
}

impl Widget for SignedBars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let a = t.ascii;
        let (lo, hi) = self.range();
        let hi_label = sig(hi, 2, a);
        let lo_label = sig(lo, 2, a);
        let gutter = hi_label.len().max(lo_label.len()) as u16 + 1;
        // Rows: plot, then outcome labels.
        if area.height < 4 || area.width < gutter + 4 {
            return;
        }
        let plot = Rect::new(
            area.x + gutter,
            area.y,
            area.width - gutter,
            area.height - 1,
        );
        let span = hi - lo;
        // Rows above the axis, the axis row, rows below it.
        let rows = plot.height - 1;
        let up_rows = ((rows as f64) * hi / span).round() as u16;
        let down_rows = rows - up_rows;
        let axis_y = plot.y + up_rows;
        let n = self.values.len().max(1) as u16;
        let slot = (plot.width / n).max(2);
        let width = (slot * 2 / 3).clamp(1, 12);
        let dim = t.dim();
        buf.set_string(area.x, plot.y, &hi_label, dim);
        buf.set_string(area.x, axis_y, "0", dim);
        if down_rows > 0 {
            buf.set_string(area.x, plot.y + plot.height - 1, &lo_label, dim);
        }
        let axis = if a { '-' } else { '─' };
        for x in plot.x..plot.x + plot.width {
            buf[(x, axis_y)].set_char(axis).set_style(dim);
        }
        let values = self.cleaned();
        // With a wall on screen the top row is the wall's alone, so that it
        // is taller than every finite bar.
        let walls = values.iter().any(|v| v.is_infinite() && *v > 0.0);
        let finite_rows = if walls {
            up_rows.saturating_sub(1)
        } else {
            up_rows
        };
        for (i, &v) in values.iter().enumerate() {
            let x0 = plot.x + i as u16 * slot + (slot - width) / 2;
            if x0 + width > plot.x + plot.width {
                break;
            }
            let sel = self.selected == Some(i);
            let style = if v < 0.0 {
                self.negative_style
            } else {
                self.style
            };
            let mut put = |x: u16, y: u16, c: char| {
                buf[(x, y)].set_char(c).set_style(style);
            };
            for x in x0..x0 + width {
                if v.is_infinite() && v > 0.0 {
                    for y in plot.y..axis_y {
                        put(x, y, if a { '#' } else { '█' });
                    }
                } else if v > 0.0 && finite_rows > 0 {
                    let eighths = (v / hi * finite_rows as f64 * 8.0).round() as u16;
                    let eighths = eighths.max(1);
                    for k in 0..finite_rows {
                        let y = axis_y - 1 - k;
                        let fill = eighths.saturating_sub(k * 8).min(8);
                        if fill == 0 {
                            break;
                        }
                        let c = if a {
                            if fill >= 4 { '#' } else { '.' }
                        } else {
                            EIGHTHS[fill as usize - 1]
                        };
                        put(x, y, c);
                    }
                } else if v < 0.0 && down_rows > 0 {
                    let halves = ((v / lo) * down_rows as f64 * 2.0).round() as u16;
                    let halves = halves.max(1);
                    for k in 0..down_rows {
                        let y = axis_y + 1 + k;
                        let fill = halves.saturating_sub(k * 2).min(2);
                        if fill == 0 {
                            break;
                        }
                        let c = match (a, fill) {
                            (true, _) => '#',
                            (false, 2) => '█',
                            _ => '▀',
                        };
                        put(x, y, c);
                    }
                }
            }
            if v.is_infinite() && v > 0.0 {
                // The cap names the value: ∞ (or "inf" where it fits in ASCII).
                let cap = if !a {
                    "∞"
                } else if width >= 3 {
                    "inf"
                } else {
                    "^"
                };
                let cx = x0 + (width - (cap.chars().count() as u16).min(width)) / 2;
                buf.set_stringn(cx, plot.y, cap, width as usize, style);
            }
            let label_style = if sel { t.selected() } else { t.text() };
            let lx = plot.x + i as u16 * slot;
            if let Some(l) = self.labels.get(i).filter(|_| lx < plot.x + plot.width) {
                let room = (plot.x + plot.width - lx).min(slot) as usize;
                buf.set_stringn(lx, area.y + area.height - 1, l, room, label_style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(buf: &Buffer, x: u16, h: u16) -> String {
        (0..h).map(|y| buf[(x, y)].symbol().to_string()).collect()
    }

    #[test]
    fn negative_bars_hang_below_the_axis_and_infinity_is_a_wall() {
        let values = [0.5, -0.25, f64::INFINITY];
        let w = SignedBars {
            values: &values,
            labels: vec!["x1".into(), "x2".into(), "x3".into()],
            selected: Some(0),
            theme: Theme::FULL,
            style: Style::new(),
            negative_style: Style::new(),
        };
        let area = Rect::new(0, 0, 40, 13);
        let mut buf = Buffer::empty(area);
        w.render(area, &mut buf);
        // Gutter "-0.28 " is 6 wide, slots of 11, bars 7 wide centred: 8..15, 19..26, 30..37.
        let up = column(&buf, 10, 12);
        let down = column(&buf, 21, 12);
        let wall = column(&buf, 32, 12);
        let axis = up.chars().position(|c| c == '─').unwrap();
        assert!(up[..up.find('─').unwrap()].contains('█'), "{up}");
        assert!(
            down.chars().skip(axis + 1).any(|c| c == '█' || c == '▀'),
            "{down}"
        );
        assert!(!down.chars().take(axis).any(|c| c == '█'), "{down}");
        assert!(wall.starts_with('█'), "{wall}");
        let top: String = (30..37).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(top.contains('∞'), "{top}");
        // The wall is taller than the tallest finite bar.
        let finite_top = up.chars().position(|c| c != ' ').unwrap();
        assert!(finite_top > 0, "{up}");
    }

    #[test]
    fn zero_and_rounding_noise_draw_no_bar() {
        let values = [0.5, 0.0, 1.1e-17, -1e-18];
        let w = SignedBars {
            values: &values,
            labels: vec![],
            selected: None,
            theme: Theme::FULL,
            style: Style::new(),
            negative_style: Style::new(),
        };
        let area = Rect::new(0, 0, 44, 13);
        let mut buf = Buffer::empty(area);
        w.render(area, &mut buf);
        // Gutter "0.55 " is 5 wide, slots of 9, bars 6 wide: 6.., 15.., 24.., 33..
        assert!(column(&buf, 8, 12).contains('█'));
        for x in [17, 26, 35] {
            let col = column(&buf, x, 12);
            assert!(col.chars().all(|c| c == ' ' || c == '─'), "x={x}: {col:?}");
        }
        // Noise moved no axis: nothing is drawn below zero.
        assert!(!(0..44).any(|x| buf[(x, 11)].symbol() == "▀"));
    }
}
