//! Inline SVG charts drawn at build time: one per indicator (baseline,
//! progress, target, the tolerance band wherever the status rule compares
//! with one ([`status::tolerance_band`]), the expected path) and the stacked
//! status bars of the dashboard. Colours come from CSS classes; every chart
//! carries a title and a description, and pages show the same figures as a
//! table beside it.

use std::fmt::Write as _;

use crate::model::{Bound, Indicator, Op, Status};
use crate::render::i18n::Strings;
use crate::render::markdown::escape;
use crate::status;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 40.0;

/// A point in time (days) and value.
#[derive(Debug, Clone, Copy)]
struct Point {
    day: i64,
    value: f64,
}

/// The chart of one indicator, or `None` when it has no figure to draw.
pub fn indicator_chart(ind: &Indicator, s: &Strings, id: &str, name: &str) -> Option<String> {
    let decimals = status::display_decimals(ind);
    let baseline = ind.baseline.as_ref().and_then(|b| {
        Some(Point {
            day: b.period.value.end().days(),
            value: b.value.as_ref()?.value,
        })
    });
    // Every target with a figure, with its index among all targets.
    let targets: Vec<(usize, &Bound, Point)> = ind
        .all_targets()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            Some((
                i,
                t,
                Point {
                    day: t.period.value.end().days(),
                    value: t.value.as_ref()?.value,
                },
            ))
        })
        .collect();
    let several = ind.all_targets().len() > 1;
    let progress: Vec<(Point, crate::period::Period)> = status::chronological(&ind.progress)
        .into_iter()
        .filter_map(|p| {
            Some((
                Point {
                    day: p.period.value.end().days(),
                    value: p.value.as_ref()?.value,
                },
                p.period.value,
            ))
        })
        .collect();
    if baseline.is_none() && targets.is_empty() && progress.is_empty() {
        return None;
    }
    // The bands the status rule compares with; one of no width (exactly the
    // target) is the target line itself.
    let bands: Vec<(usize, (f64, f64))> = targets
        .iter()
        .filter_map(|(i, t, _)| Some((*i, status::tolerance_band(ind, t)?)))
        .filter(|(_, (low, high))| high > low)
        .collect();
    // The expected path to each target: from where status::path_start says
    // it starts (the baseline, zero, or the previous target) to the target.
    let paths: Vec<(usize, Point, Point)> = targets
        .iter()
        .map(|(i, _, tp)| {
            let (start, from) = status::path_start(ind, *i);
            let a = Point {
                day: start.days() - 1,
                value: from.unwrap_or(tp.value),
            };
            (*i, a, *tp)
        })
        .collect();

    let mut points: Vec<Point> = progress.iter().map(|(p, _)| *p).collect();
    points.extend(baseline);
    for (_, a, b) in &paths {
        points.push(*a);
        points.push(*b);
    }
    let (mut min_v, mut max_v) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.value), hi.max(p.value))
    });
    for (_, (low, high)) in &bands {
        min_v = min_v.min(*low);
        max_v = max_v.max(*high);
    }
    let span = (max_v - min_v).abs();
    let pad = if span > 0.0 {
        span * 0.15
    } else {
        max_v.abs().max(1.0) * 0.1
    };
    let (lo, hi) = (
        if min_v >= 0.0 && min_v - pad < 0.0 {
            0.0
        } else {
            min_v - pad
        },
        max_v + pad,
    );
    let min_day = points.iter().map(|p| p.day).min().unwrap_or(0);
    let max_day = points
        .iter()
        .map(|p| p.day)
        .max()
        .unwrap_or(1)
        .max(min_day + 1);

    let x =
        |day: i64| LEFT + (day - min_day) as f64 / (max_day - min_day) as f64 * (W - LEFT - RIGHT);
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);

    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" focusable=\"false\">\
         <title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
        escape(name),
        escape(&describe(ind, s, decimals))
    );
    // Grid and y-axis labels: three ticks.
    for i in 0..3 {
        let v = lo + (hi - lo) * f64::from(i) / 2.0;
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"chart-axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            escape(&s.number(v, decimals.min(2))),
            y = y(v)
        );
    }
    // One target: its band and line run across the chart; several: each
    // band under its own stretch of the path.
    let span_of = |i: usize| match paths.iter().find(|(j, ..)| *j == i) {
        Some((_, a, b)) if several => (x(a.day), x(b.day)),
        _ => (LEFT, W - RIGHT),
    };
    let fmt_x = |v: f64| {
        if several {
            format!("{v:.1}")
        } else {
            format!("{v}")
        }
    };
    for (i, (low, high)) in &bands {
        let (top, bottom) = (y(*high), y(*low));
        let (x1, x2) = span_of(*i);
        let _ = write!(
            svg,
            "<rect class=\"chart-band\" x=\"{}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            fmt_x(x1),
            x2 - x1,
            (bottom - top).max(1.0)
        );
    }
    for (_, a, b) in &paths {
        let _ = write!(
            svg,
            "<line class=\"chart-expected\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            x(a.day),
            y(a.value),
            x(b.day),
            y(b.value)
        );
    }
    for (_, bound, t) in &targets {
        let label = match bound.op {
            Some(op) if op != Op::Eq => format!("{}{}", op.symbol(), s.number(t.value, decimals)),
            _ => s.number(t.value, decimals),
        };
        let (cx, cy) = (x(t.day), y(t.value));
        if !several {
            let _ = write!(
                svg,
                "<line class=\"chart-target-line\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{cy:.1}\" y2=\"{cy:.1}\"/>",
                W - RIGHT
            );
        }
        let _ = write!(
            svg,
            "<path class=\"chart-target\" d=\"M{cx:.1} {:.1}L{:.1} {cy:.1}L{cx:.1} {:.1}L{:.1} {cy:.1}Z\"/>\
             <text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            cy - 7.0,
            cx + 7.0,
            cy + 7.0,
            cx - 7.0,
            cx - 10.0,
            cy - 10.0,
            escape(&format!("{} {label}", s.get("measure.kind_target")))
        );
    }
    if progress.len() > 1 {
        let d: Vec<String> = progress
            .iter()
            .enumerate()
            .map(|(i, (p, _))| {
                format!(
                    "{}{:.1} {:.1}",
                    if i == 0 { 'M' } else { 'L' },
                    x(p.day),
                    y(p.value)
                )
            })
            .collect();
        let _ = write!(
            svg,
            "<path class=\"chart-progress-line\" d=\"{}\"/>",
            d.join("")
        );
    }
    for (p, _) in &progress {
        let _ = write!(
            svg,
            "<circle class=\"chart-progress\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\"/>",
            x(p.day),
            y(p.value)
        );
    }
    if let Some((last, period)) = progress.last() {
        let _ =
            write!(
            svg,
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(last.day).clamp(LEFT + 30.0, W - RIGHT - 30.0),
            y(last.value) + 20.0,
            escape(&format!("{} {}", s.period(*period), s.number(last.value, decimals)))
        );
    }
    if let Some(b) = baseline {
        let (cx, cy) = (x(b.day), y(b.value));
        let _ = write!(
            svg,
            "<rect class=\"chart-baseline\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\"/><text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            cx - 5.0,
            cy - 5.0,
            cx + 10.0,
            cy - 10.0,
            escape(&format!("{} {}", s.get("measure.kind_baseline"), s.number(b.value, decimals)))
        );
    }
    // X-axis: the first and last dates.
    let first = ind
        .baseline
        .as_ref()
        .map(|b| b.period.value)
        .or_else(|| ind.all_targets().first().map(|t| t.period.value));
    if let Some(p) = first {
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"{LEFT}\" y=\"{}\">{}</text>",
            H - 12.0,
            escape(&s.period(p))
        );
    }
    if let Some((_, t, _)) = targets.last() {
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            H - 12.0,
            escape(&s.period(t.period.value))
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The text alternative: the same figures in a sentence.
fn describe(ind: &Indicator, s: &Strings, decimals: usize) -> String {
    let mut parts = Vec::new();
    if let Some(b) = &ind.baseline {
        if let Some(v) = &b.value {
            parts.push(format!(
                "{} {}: {}",
                s.get("measure.kind_baseline"),
                s.period(b.period.value),
                s.literal(&v.literal)
            ));
        }
    }
    for p in status::chronological(&ind.progress) {
        if let Some(v) = &p.value {
            parts.push(format!(
                "{} {}: {}",
                s.get("measure.kind_progress"),
                s.period(p.period.value),
                s.literal(&v.literal)
            ));
        }
    }
    for t in ind.all_targets() {
        if let Some(v) = &t.value {
            let op =
                t.op.filter(|o| *o != Op::Eq)
                    .map(|o| o.symbol())
                    .unwrap_or("");
            parts.push(format!(
                "{} {}: {op}{}",
                s.get("measure.kind_target"),
                s.period(t.period.value),
                s.literal(&v.literal)
            ));
        }
    }
    let _ = decimals;
    parts.join(s.get("list_separator").as_str())
}

/// A horizontal bar of status counts, segments in display order.
pub fn status_bar(counts: &[(Status, usize)], s: &Strings, id: &str, title: &str) -> String {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let (w, h) = (600.0, 28.0);
    let mut svg = format!(
        "<svg class=\"status-bar\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\" focusable=\"false\" preserveAspectRatio=\"none\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    let mut x = 0.0;
    for (status, n) in counts {
        if *n == 0 || total == 0 {
            continue;
        }
        let width = *n as f64 / total as f64 * w;
        let _ = write!(
            svg,
            "<rect class=\"seg seg-{}\" x=\"{x:.2}\" y=\"0\" width=\"{width:.2}\" height=\"{h}\"><title>{}: {n}</title></rect>",
            status.as_str(),
            escape(&s.status(*status))
        );
        x += width;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures::{self, bound, dec, entry};
    use crate::model::Direction;

    fn indicator(direction: Direction, op: Option<Op>, tolerance: Option<f64>) -> Indicator {
        Indicator {
            direction,
            tolerance: tolerance.map(dec),
            target: Some(bound("2024", op, Some(60.0))),
            progress: vec![entry("2024-Q1", Some(50.0), None)],
            ..fixtures::indicator("x")
        }
    }

    fn band_of(ind: &Indicator) -> Option<String> {
        let s = Strings {
            lang: "en".into(),
            value: serde_json::json!({}),
        };
        let svg = indicator_chart(ind, &s, "c", "X").unwrap();
        let start = svg.find("<rect class=\"chart-band\"")?;
        Some(svg[start..start + svg[start..].find("/>")?].to_string())
    }

    #[test]
    fn the_band_is_drawn_where_the_status_rule_compares_with_one() {
        // Values 50 and 60 ± 2: the y-axis runs from 48.2 to 63.8 (15 %
        // padding), 180 px high, so the band's top (62) is 1.8 / 15.6 of the
        // way down, and it is 4 / 15.6 of the height.
        let top = 20.0 + 1.8 / 15.6 * 180.0;
        let height = 4.0 / 15.6 * 180.0;
        let expected = format!(
            "<rect class=\"chart-band\" x=\"64\" y=\"{top:.1}\" width=\"552.0\" height=\"{height:.1}\""
        );
        for (direction, op) in [
            (Direction::None, None),
            (Direction::Maintain, None),
            (Direction::Increase, Some(Op::Eq)),
            (Direction::Decrease, Some(Op::About)),
        ] {
            let ind = indicator(direction, op, Some(2.0));
            assert_eq!(
                band_of(&ind),
                Some(expected.clone()),
                "{direction:?} {op:?}"
            );
        }
        // One-way comparisons draw none, whatever the tolerance says.
        for (direction, op) in [
            (Direction::Maintain, Some(Op::Ge)),
            (Direction::Increase, None),
            (Direction::None, Some(Op::Lt)),
        ] {
            assert_eq!(band_of(&indicator(direction, op, Some(2.0))), None);
        }
        // `~` without a tolerance: 1 % of the target.
        let about = indicator(Direction::Increase, Some(Op::About), None);
        assert!(band_of(&about).is_some());
        // A band of no width is the target line itself.
        assert_eq!(band_of(&indicator(Direction::Maintain, None, None)), None);
    }
}
