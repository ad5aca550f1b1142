//! SVG charts drawn at build time: one per indicator (baseline, progress,
//! target, the tolerance band wherever the status rule compares with one
//! ([`status::tolerance_band`]), the expected path) and the stacked status
//! bars of the dashboard. Colours come from CSS classes; every chart
//! carries a title and a description, and pages show the same figures as a
//! table beside it.
//!
//! An indicator's chart is drawn for two widths ([`WIDE`] and [`NARROW`]):
//! the page shows the one that fits (CSS), so that its text is never
//! shrunk below 12 CSS px on a 320 px phone. The y-axis has ticks at round
//! numbers ([`nice_ticks`]); every reported period is labelled on the time
//! axis, thinned only where two labels would collide; value labels are
//! placed where they cover neither another label nor a line or a mark
//! ([`place_label`]), or left out (the table beside the chart has them all).
//! [`standalone`] is the wide drawing as a file, with its own styles.

use std::fmt::Write as _;

use crate::model::{Bound, Indicator, Op, Status};
use crate::period::Period;
// `F(x)`: a coordinate to one decimal, as `{:.1}` writes it.
use crate::render::fixed::{Fixed1 as F, Fixed2};
use crate::render::i18n::Strings;
use crate::render::markdown::escape;
use crate::status;

/// The size a chart is drawn for, in CSS px at scale 1.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The font size of every text, in user units.
    pub font: f64,
    /// The class the page's CSS shows or hides it by.
    pub class: &'static str,
    /// Appended to the ids of its title and description.
    pub suffix: &'static str,
}

/// The chart for a column of 48rem and wider (shown from 768 px, where
/// it is scaled up at least 1.15 times).
pub const WIDE: Layout = Layout {
    width: 640.0,
    height: 260.0,
    font: 12.0,
    class: "chart chart-wide",
    suffix: "",
};

/// The chart for a phone: drawn for the 320 px page's column (288 px, less
/// the chart's border), so that it is shown at scale 1 or more.
pub const NARROW: Layout = Layout {
    width: 280.0,
    height: 240.0,
    font: 12.0,
    class: "chart chart-narrow",
    suffix: "-n",
};

/// The gap kept between a label and anything else.
const GAP: f64 = 3.0;

/// How far a text's box reaches above and below its baseline, in ems: as
/// far as the tallest fonts a page may fall back to (CJK fonts reach
/// 1.16 em up and 0.29 em down).
const ASCENT: f64 = 1.16;
const DESCENT: f64 = 0.3;

/// A point in time (days) and value.
#[derive(Debug, Clone, Copy)]
struct Point {
    day: i64,
    value: f64,
}

/// A line segment from one point to another, in user units.
pub type Segment = ((f64, f64), (f64, f64));

/// An axis-aligned box in user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn grown(&self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x
            && self.y >= o.y
            && self.x + self.w <= o.x + o.w
            && self.y + self.h <= o.y + o.h
    }

    /// Whether the segment from `a` to `b` crosses or touches the box.
    pub fn hits_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        // Liang–Barsky clipping of the segment to the box.
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        for (p, q) in [
            (-dx, a.0 - self.x),
            (dx, self.x + self.w - a.0),
            (-dy, a.1 - self.y),
            (dy, self.y + self.h - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// How wide a text is at `font` px, estimated on the wide side (CJK
/// characters a full em, capitals 0.8 em, others 0.66 em), so that boxes placed apart by
/// this estimate are apart in any browser's fonts.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                1.0
            } else if c == ' ' {
                0.35
            } else if c.is_ascii_uppercase() {
                0.8
            } else {
                0.66
            }
        })
        .sum::<f64>()
        * font
}

/// The box of a text whose left end is at `x` and baseline at `y`.
fn text_box(text: &str, x: f64, y: f64, font: f64) -> Rect {
    Rect {
        x,
        y: y - font * ASCENT,
        w: text_width(text, font),
        h: font * (ASCENT + DESCENT),
    }
}

/// Round ticks covering `lo..=hi`: a step of 1, 2 or 5 × 10ⁿ, the fewest
/// ticks that leave at most `max_intervals` intervals, the first at or
/// below `lo` and the last at or above `hi`. Returns the step and the
/// ticks, lowest first.
pub fn nice_ticks(lo: f64, hi: f64, max_intervals: usize) -> (f64, Vec<f64>) {
    let max_intervals = max_intervals.max(1) as f64;
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - d, hi + d)
    };
    let raw = (hi - lo) / max_intervals;
    let mut magnitude = 10f64.powf(raw.log10().floor());
    let (first, mut last, step);
    loop {
        let mut found = None;
        for m in [1.0, 2.0, 5.0] {
            let s = m * magnitude;
            let f = (lo / s + 1e-9).floor();
            let l = (hi / s - 1e-9).ceil();
            if l - f <= max_intervals {
                found = Some((s, f, l));
                break;
            }
        }
        if let Some((s, f, l)) = found {
            step = s;
            first = f;
            last = l;
            break;
        }
        magnitude *= 10.0;
    }
    if last <= first {
        last = first + 1.0;
    }
    let ticks = (first as i64..=last as i64)
        .map(|k| tidy(k as f64 * step, step))
        .collect();
    (step, ticks)
}

/// `v` rounded to the decimals of `step` (no 0.30000000000000004).
fn tidy(v: f64, step: f64) -> f64 {
    let d = tick_decimals(step) as i32;
    let f = 10f64.powi(d);
    (v * f).round() / f
}

/// The decimals a tick label needs for ticks `step` apart.
pub fn tick_decimals(step: f64) -> usize {
    let e = step.log10().floor() as i64;
    if e < 0 {
        // 0.5 needs 1, 0.25 would need 2; steps are 1, 2, 5 × 10ⁿ.
        (-e) as usize
    } else {
        0
    }
}

/// Where a label of `w` × `h` goes beside the mark at `(cx, cy)`: the
/// first of the usual places (above, below, right, left, then the
/// corners, then farther away) that stays in `area` and keeps clear of
/// the boxes in `taken` and of the `segments`. `None` when none is clear.
pub fn place_label(
    (cx, cy): (f64, f64),
    (w, h): (f64, f64),
    area: &Rect,
    taken: &[Rect],
    segments: &[Segment],
) -> Option<Rect> {
    // Just clear of a mark (7 from its centre) and the gap around a label.
    let r = 11.0;
    for far in [1.0, 1.8, 2.8] {
        let d = r * far;
        let candidates = [
            (cx - w / 2.0, cy - d - h),
            (cx - w / 2.0, cy + d),
            (cx + d, cy - h / 2.0),
            (cx - d - w, cy - h / 2.0),
            (cx + d, cy - d - h),
            (cx - d - w, cy - d - h),
            (cx + d, cy + d),
            (cx - d - w, cy + d),
            // Shifted along a line above or below the mark.
            (cx - w + r, cy - d - h),
            (cx - r, cy - d - h),
            (cx - w + r, cy + d),
            (cx - r, cy + d),
        ];
        for (x, y) in candidates {
            let b = Rect { x, y, w, h };
            let padded = b.grown(GAP);
            if b.inside(area)
                && !taken.iter().any(|t| t.overlaps(&padded))
                && !segments.iter().any(|(a, z)| padded.hits_segment(*a, *z))
            {
                return Some(b);
            }
        }
    }
    None
}

/// What an indicator's chart shows, whatever its size.
struct Model {
    /// The baseline, its label and the label's short form.
    baseline: Option<(Point, [String; 2])>,
    /// Targets with a figure: their index among all targets, the point, the
    /// label and its short form.
    targets: Vec<(usize, Point, [String; 2])>,
    /// Progress with a figure, oldest first, with its period.
    progress: Vec<(Point, Period)>,
    bands: Vec<(usize, (f64, f64))>,
    paths: Vec<(usize, Point, Point)>,
    several: bool,
    /// A series' baselines after a re-base (SPEC §10), drawn as the first.
    more_baselines: Vec<(Point, [String; 2])>,
    /// Where a series' progress line starts again (indices into
    /// `progress`): after a re-base, the figures are not joined.
    segments: Vec<usize>,
    /// The days where a series is re-based, each marked with a line and a label.
    breaks: Vec<(i64, String)>,
    /// Every reported period (baseline, progress, targets), by its end.
    periods: Vec<(i64, String)>,
    decimals: usize,
    min_v: f64,
    max_v: f64,
    min_day: i64,
    max_day: i64,
}

fn model(ind: &Indicator, s: &Strings) -> Option<Model> {
    let decimals = status::display_decimals(ind);
    let baseline = ind.baseline.as_ref().and_then(|b| {
        Some(Point {
            day: b.period.value.end().days(),
            value: b.value.as_ref()?.value,
        })
    });
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
    let progress: Vec<(Point, Period)> = status::chronological(&ind.progress)
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
    let mut periods: Vec<(i64, String)> = Vec::new();
    let mut period = |p: Period| {
        let label = s.period(p);
        if !periods.iter().any(|(_, l)| *l == label) {
            periods.push((p.end().days(), label));
        }
    };
    if let (Some(b), Some(_)) = (&ind.baseline, baseline) {
        period(b.period.value);
    }
    for (_, p) in &progress {
        period(*p);
    }
    for (_, t, _) in &targets {
        period(t.period.value);
    }
    let min_day = points.iter().map(|p| p.day).min().unwrap_or(0);
    let max_day = points
        .iter()
        .map(|p| p.day)
        .max()
        .unwrap_or(1)
        .max(min_day + 1);
    let target_label = |t: &Bound, v: f64| {
        let figure = match t.op {
            Some(op) if op != Op::Eq => format!("{}{}", op.symbol(), s.number(v, decimals)),
            _ => s.number(v, decimals),
        };
        [format!("{} {figure}", s.get("measure.kind_target")), figure]
    };
    Some(Model {
        baseline: baseline.map(|b| {
            let figure = s.number(b.value, decimals);
            (
                b,
                [
                    format!("{} {figure}", s.get("measure.kind_baseline")),
                    figure,
                ],
            )
        }),
        several: ind.all_targets().len() > 1,
        more_baselines: Vec::new(),
        segments: Vec::new(),
        breaks: Vec::new(),
        targets: targets
            .iter()
            .map(|(i, t, p)| (*i, *p, target_label(t, p.value)))
            .collect(),
        progress,
        bands,
        paths,
        periods,
        decimals,
        min_v,
        max_v,
        min_day,
        max_day,
    })
}

/// The chart of one indicator for the page: the wide and the narrow
/// drawing, or `None` when it has no figure to draw.
pub struct IndicatorChart {
    pub wide: String,
    pub narrow: String,
}

pub fn indicator_chart(
    ind: &Indicator,
    s: &Strings,
    id: &str,
    name: &str,
) -> Option<IndicatorChart> {
    let m = model(ind, s)?;
    let desc = describe(ind, s);
    Some(IndicatorChart {
        wide: draw(&m, s, &WIDE, id, name, &desc, false),
        narrow: draw(&m, s, &NARROW, id, name, &desc, false),
    })
}

/// An indicator's chart for its page and the wide one as a file of its
/// own (see [`standalone`]), the wide body drawn once for both.
pub fn indicator_chart_and_file(
    ind: &Indicator,
    s: &Strings,
    id: &str,
    name: &str,
) -> Option<(IndicatorChart, String)> {
    let m = model(ind, s)?;
    let desc = describe(ind, s);
    let mut body = String::with_capacity(4096);
    draw_body(&m, s, &WIDE, &mut body);
    let with_header = |id: &str, standalone: bool| {
        let mut svg = header(&WIDE, id, name, &desc, standalone);
        svg.push_str(&body);
        svg
    };
    let chart = IndicatorChart {
        wide: with_header(id, false),
        narrow: draw(&m, s, &NARROW, id, name, &desc, false),
    };
    Some((chart, with_header(STANDALONE_ID, true)))
}

/// The styles of a standalone chart: the page's, with the theme's colours.
const STANDALONE_STYLE: &str = "svg{font-family:system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;background:#fff}\
.chart-frame{fill:#fff;stroke:#d4d4d4}.chart-grid{stroke:#e2e2e2}.chart-axis,.chart-label{font-size:12px;fill:#1b1b1b}\
.chart-band{fill:#2e8b57;opacity:.15}.chart-expected{stroke:#6b6b6b;stroke-width:2;stroke-dasharray:6 5}\
.chart-target-line{stroke:#8c1d18;stroke-width:1;stroke-dasharray:2 4}.chart-target{fill:#8c1d18}\
.chart-progress-line{fill:none;stroke:#0b4f8a;stroke-width:3}.chart-progress{fill:#0b4f8a;stroke:#fff;stroke-width:2}\
.chart-baseline{fill:#fff;stroke:#1b1b1b;stroke-width:2}";

/// The ids of a standalone chart's title and description start with this.
const STANDALONE_ID: &str = "chart";

/// The page's wide chart as a file of its own: its styles inside, a size,
/// the SVG namespace, and the same title and description.
pub fn standalone(ind: &Indicator, s: &Strings, name: &str) -> Option<String> {
    let m = model(ind, s)?;
    Some(draw(
        &m,
        s,
        &WIDE,
        STANDALONE_ID,
        name,
        &describe(ind, s),
        true,
    ))
}

/// One plan's part of an indicator's series (SPEC §10), for [`series_chart`].
pub struct SeriesPart<'a> {
    pub indicator: &'a Indicator,
    /// The plan's name, for the text alternative.
    pub plan: String,
    /// The first day of the plan's period.
    pub start: crate::period::Date,
    /// Whether it re-bases the series: its figures are not joined to the
    /// earlier ones, and a line marks the break.
    pub rebased: bool,
}

/// One chart of a whole series, plan by plan: every plan's figures and
/// targets in order, the first baseline and each re-based one, the line
/// broken and marked where the series is re-based. `None` without a
/// figure to draw.
pub fn series_chart(
    parts: &[SeriesPart],
    s: &Strings,
    id: &str,
    name: &str,
) -> Option<IndicatorChart> {
    let m = series_model(parts, s)?;
    let desc = describe_series(parts, s);
    Some(IndicatorChart {
        wide: draw(&m, s, &WIDE, id, name, &desc, false),
        narrow: draw(&m, s, &NARROW, id, name, &desc, false),
    })
}

fn series_model(parts: &[SeriesPart], s: &Strings) -> Option<Model> {
    let decimals = parts
        .iter()
        .map(|p| status::display_decimals(p.indicator))
        .max()?;
    let figure_of = |b: &Bound| {
        Some(Point {
            day: b.period.value.end().days(),
            value: b.value.as_ref()?.value,
        })
    };
    let baseline_label = |v: f64| {
        let figure = s.number(v, decimals);
        [
            format!("{} {figure}", s.get("measure.kind_baseline")),
            figure,
        ]
    };
    let mut baseline = None;
    let mut more_baselines = Vec::new();
    let mut targets = Vec::new();
    let mut progress: Vec<(Point, Period)> = Vec::new();
    let mut segments = Vec::new();
    let mut breaks = Vec::new();
    let mut periods: Vec<(i64, String)> = Vec::new();
    let mut period = |p: Period| {
        let label = s.period(p);
        if !periods.iter().any(|(_, l)| *l == label) {
            periods.push((p.end().days(), label));
        }
    };
    let mut segment_start = 0;
    // The last day drawn so far, and where each part's first mark is.
    let mut last_day: Option<i64> = None;
    for (n, part) in parts.iter().enumerate() {
        let mut days: Vec<i64> = Vec::new();
        let ind = part.indicator;
        let b = ind.baseline.as_ref().and_then(|b| Some((b, figure_of(b)?)));
        let rebased = n > 0 && part.rebased;
        if rebased {
            segment_start = progress.len();
            segments.push(segment_start);
            if let Some((b, p)) = b {
                more_baselines.push((p, baseline_label(p.value)));
                period(b.period.value);
                days.push(p.day);
            }
        } else if baseline.is_none() && progress.is_empty() {
            if let Some((b, p)) = b {
                baseline = Some((p, baseline_label(p.value)));
                period(b.period.value);
                days.push(p.day);
            }
        }
        for p in status::chronological(&ind.progress) {
            let Some(v) = &p.value else { continue };
            let point = Point {
                day: p.period.value.end().days(),
                value: v.value,
            };
            // The same period again (a later plan's figure for it): the later one.
            match progress[segment_start..]
                .iter()
                .position(|(_, q)| *q == p.period.value)
            {
                Some(i) => progress[segment_start + i] = (point, p.period.value),
                None => progress.push((point, p.period.value)),
            }
            period(p.period.value);
            days.push(point.day);
        }
        for t in ind.all_targets() {
            if let Some(point) = figure_of(t) {
                let figure = match t.op {
                    Some(op) if op != Op::Eq => {
                        format!("{}{}", op.symbol(), s.number(point.value, decimals))
                    }
                    _ => s.number(point.value, decimals),
                };
                let label = [format!("{} {figure}", s.get("measure.kind_target")), figure];
                targets.push((targets.len(), point, label));
                period(t.period.value);
                days.push(point.day);
            }
        }
        let first = days.iter().min().copied();
        if rebased {
            // Between the old basis's last mark and the new one's first,
            // else (a re-based figure for a period already drawn) through
            // the new one's first.
            let at = match (last_day, first) {
                (Some(a), Some(b)) if b > a => (a + b) / 2,
                (_, Some(b)) => b,
                (_, None) => part.start.days(),
            };
            breaks.push((at, s.get("lineage.rebased")));
        }
        last_day = last_day.max(days.iter().max().copied());
    }
    // In time order within each stretch of one basis.
    let mut bounds = vec![0];
    bounds.extend(segments.iter().copied());
    bounds.push(progress.len());
    for w in bounds.windows(2) {
        progress[w[0]..w[1]].sort_by_key(|(p, _)| p.day);
    }
    let mut points: Vec<Point> = progress.iter().map(|(p, _)| *p).collect();
    points.extend(baseline.as_ref().map(|(p, _)| *p));
    points.extend(more_baselines.iter().map(|(p, _)| *p));
    points.extend(targets.iter().map(|(_, p, _)| *p));
    if points.is_empty() {
        return None;
    }
    let (min_v, max_v) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.value), hi.max(p.value))
    });
    let days = points
        .iter()
        .map(|p| p.day)
        .chain(breaks.iter().map(|(d, _)| *d));
    let min_day = days.clone().min().unwrap_or(0);
    let max_day = days.max().unwrap_or(1).max(min_day + 1);
    periods.sort_by_key(|(day, _)| *day);
    Some(Model {
        baseline,
        targets,
        progress,
        bands: Vec::new(),
        paths: Vec::new(),
        several: true,
        more_baselines,
        segments,
        breaks,
        periods,
        decimals,
        min_v,
        max_v,
        min_day,
        max_day,
    })
}

/// The text alternative of a series' chart: each plan's figures in a
/// sentence, the re-bases said.
fn describe_series(parts: &[SeriesPart], s: &Strings) -> String {
    parts
        .iter()
        .map(|p| {
            let args = [
                ("plan", p.plan.clone()),
                ("figures", describe(p.indicator, s)),
            ];
            match p.rebased {
                true => s.fill("lineage.chart_part_rebased", &args),
                false => s.fill("lineage.chart_part", &args),
            }
        })
        .collect::<Vec<_>>()
        .join(&s.get("lineage.chart_part_separator"))
}

/// Draws the model for one layout: its header (see [`header`]), then its
/// body.
fn draw(
    m: &Model,
    s: &Strings,
    layout: &Layout,
    id: &str,
    name: &str,
    desc: &str,
    standalone: bool,
) -> String {
    let mut svg = header(layout, id, name, desc, standalone);
    svg.reserve(4096);
    draw_body(m, s, layout, &mut svg);
    svg
}

/// A chart's opening tag with its title and description, for the page
/// (ids made of `id`) or as a file of its own (`standalone`: its size,
/// namespace and styles inside); the body drawn after it is the same.
fn header(layout: &Layout, id: &str, name: &str, desc: &str, standalone: bool) -> String {
    let (w, h) = (layout.width, layout.height);
    let title_id = format!("{id}{}-title", layout.suffix);
    let desc_id = format!("{id}{}-desc", layout.suffix);
    let mut svg = String::with_capacity(1024);
    if standalone {
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\
             <title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc><style>{STANDALONE_STYLE}</style>\
             <rect class=\"chart-frame\" x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\"/>",
            escape(name),
            escape(desc),
            w - 1.0,
            h - 1.0
        );
    } else {
        let _ = write!(
            svg,
            "<svg class=\"{}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" focusable=\"false\">\
             <title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
            layout.class,
            escape(name),
            escape(desc)
        );
    }
    svg
}

/// The model drawn for one layout, after the chart's header in `svg`.
fn draw_body(m: &Model, s: &Strings, layout: &Layout, svg: &mut String) {
    let (w, h, font) = (layout.width, layout.height, layout.font);
    let top = 12.0;
    let bottom = font * 2.5;
    let right = 12.0;
    // The y-axis: round ticks over the values, from zero when the values
    // start near it.
    let span = m.max_v - m.min_v;
    let mut lo = m.min_v - span * 0.08;
    if m.min_v >= 0.0 && (lo < 0.0 || m.min_v < span * 0.25) {
        lo = 0.0;
    }
    let hi = m.max_v + span * 0.1;
    let plot_h = h - top - bottom;
    let max_intervals = ((plot_h / (font * 3.0)).floor() as usize).clamp(2, 6);
    let (step, mut ticks) = nice_ticks(lo, hi, max_intervals);
    // Room for a label above the highest mark and below the lowest (unless
    // that is zero, the axis's floor): one more tick where there is none.
    let room = (font * (ASCENT + DESCENT) + 14.0) / plot_h;
    let last = ticks[ticks.len() - 1];
    if (last - m.max_v) / (last - ticks[0]) < room {
        ticks.push(tidy(last + step, step));
    }
    let first = ticks[0];
    if (m.min_v - first) / (ticks[ticks.len() - 1] - first) < room && (first > 0.0 || m.min_v < 0.0)
    {
        ticks.insert(0, tidy(first - step, step));
    }
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let tick_dec = tick_decimals(step);
    let tick_labels: Vec<String> = ticks.iter().map(|v| s.number(*v, tick_dec)).collect();
    let widest = tick_labels
        .iter()
        .map(|t| text_width(t, font))
        .fold(0.0, f64::max);
    let left = (widest + 10.0).max(28.0);
    let plot_w = w - left - right;
    // A little room either side of the first and last marks.
    let days = (m.max_day - m.min_day) as f64;
    let (d0, d1) = (
        m.min_day as f64 - days * 0.06,
        m.max_day as f64 + days * 0.06,
    );
    let x = |day: i64| left + (day as f64 - d0) / (d1 - d0) * plot_w;
    let y = |v: f64| top + (hi - v) / (hi - lo) * plot_h;

    // Grid and y-axis labels at the round ticks.
    for (v, label) in ticks.iter().zip(&tick_labels) {
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{}\" x2=\"{}\" y1=\"{ty}\" y2=\"{ty}\"/><text class=\"chart-axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            F(left),
            F(w - right),
            F(left - 6.0),
            F(y(*v) + font * 0.35),
            escape(label),
            ty = F(y(*v))
        );
    }
    // One target: its band and line run across the chart; several: each
    // band under its own stretch of the path.
    let span_of = |i: usize| match m.paths.iter().find(|(j, ..)| *j == i) {
        Some((_, a, b)) if m.several => (x(a.day), x(b.day)),
        _ => (left, w - right),
    };
    for (i, (low, high)) in &m.bands {
        let (bt, bb) = (y(*high), y(*low));
        let (x1, x2) = span_of(*i);
        let _ = write!(
            svg,
            "<rect class=\"chart-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            F(x1),
            F(bt),
            F(x2 - x1),
            F((bb - bt).max(1.0))
        );
    }
    // Everything a label must keep clear of.
    let mut segments: Vec<Segment> = Vec::new();
    let mut taken: Vec<Rect> = Vec::new();
    // A re-based series: a line where the old basis ends, named at its top.
    for (day, label) in &m.breaks {
        let bx = x(*day);
        let (y1, y2) = (top, h - bottom);
        segments.push(((bx, y1), (bx, y2)));
        let _ = write!(
            svg,
            "<line class=\"chart-break\" x1=\"{bx}\" x2=\"{bx}\" y1=\"{}\" y2=\"{}\"/>",
            F(y1),
            F(y2),
            bx = F(bx)
        );
        let tw = text_width(label, font);
        let lx = (bx + 4.0).min(w - right - tw);
        let b = text_box(label, lx, top + font * ASCENT, font);
        taken.push(b);
        let _ = write!(
            svg,
            "<text class=\"chart-label chart-break-label\" x=\"{}\" y=\"{}\">{}</text>",
            F(lx),
            F(top + font * ASCENT),
            escape(label)
        );
    }
    let mark = |cx: f64, cy: f64| Rect {
        x: cx - 7.0,
        y: cy - 7.0,
        w: 14.0,
        h: 14.0,
    };
    for (_, a, b) in &m.paths {
        let (p, q) = ((x(a.day), y(a.value)), (x(b.day), y(b.value)));
        segments.push((p, q));
        let _ = write!(
            svg,
            "<line class=\"chart-expected\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            F(p.0),
            F(p.1),
            F(q.0),
            F(q.1)
        );
    }
    for (_, t, _) in &m.targets {
        let (cx, cy) = (x(t.day), y(t.value));
        if !m.several {
            segments.push(((left, cy), (w - right, cy)));
            let _ = write!(
                svg,
                "<line class=\"chart-target-line\" x1=\"{}\" x2=\"{}\" y1=\"{cy}\" y2=\"{cy}\"/>",
                F(left),
                F(w - right),
                cy = F(cy)
            );
        }
        taken.push(mark(cx, cy));
        let _ = write!(
            svg,
            "<path class=\"chart-target\" d=\"M{cx} {}L{} {cy}L{cx} {}L{} {cy}Z\"/>",
            F(cy - 7.0),
            F(cx + 7.0),
            F(cy + 7.0),
            F(cx - 7.0),
            cx = F(cx),
            cy = F(cy)
        );
    }
    let points: Vec<(f64, f64)> = m
        .progress
        .iter()
        .map(|(p, _)| (x(p.day), y(p.value)))
        .collect();
    // One line through the figures; a series re-based starts a new one.
    let mut starts = vec![0];
    starts.extend(m.segments.iter().copied().filter(|i| *i < points.len()));
    starts.push(points.len());
    for run in starts.windows(2).map(|w| &points[w[0]..w[1]]) {
        if run.len() < 2 {
            continue;
        }
        svg.push_str("<path class=\"chart-progress-line\" d=\"");
        for (i, (px, py)) in run.iter().enumerate() {
            let _ = write!(
                svg,
                "{}{} {}",
                if i == 0 { 'M' } else { 'L' },
                F(*px),
                F(*py)
            );
        }
        svg.push_str("\"/>");
        segments.extend(run.windows(2).map(|p| (p[0], p[1])));
    }
    for (px, py) in &points {
        taken.push(mark(*px, *py));
        let _ = write!(
            svg,
            "<circle class=\"chart-progress\" cx=\"{}\" cy=\"{}\" r=\"5\"/>",
            F(*px),
            F(*py)
        );
    }
    for (b, _) in m.baseline.iter().chain(&m.more_baselines) {
        let (cx, cy) = (x(b.day), y(b.value));
        taken.push(mark(cx, cy));
        let _ = write!(
            svg,
            "<rect class=\"chart-baseline\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\"/>",
            F(cx - 5.0),
            F(cy - 5.0)
        );
    }
    // Value labels, the most telling first: the latest figure, the
    // targets (the last first), the baseline, then earlier figures.
    // Each with a shorter form (the figure alone) for where the whole does
    // not fit.
    let mut wanted: Vec<((f64, f64), [String; 2])> = Vec::new();
    if let Some((last, period)) = m.progress.last() {
        let figure = s.number(last.value, m.decimals);
        wanted.push((
            (x(last.day), y(last.value)),
            [format!("{} {figure}", s.period(*period)), figure],
        ));
    }
    for (_, t, label) in m.targets.iter().rev() {
        wanted.push(((x(t.day), y(t.value)), label.clone()));
    }
    for (b, label) in m.baseline.iter().chain(&m.more_baselines) {
        wanted.push(((x(b.day), y(b.value)), label.clone()));
    }
    for (p, _) in m.progress.iter().rev().skip(1) {
        let figure = s.number(p.value, m.decimals);
        wanted.push(((x(p.day), y(p.value)), [figure.clone(), figure]));
    }
    let area = Rect {
        x: left + 1.0,
        y: 1.0,
        w: w - left - 2.0,
        h: h - bottom - 1.0,
    };
    for (at, forms) in wanted {
        let placed = forms.iter().find_map(|label| {
            let size = (text_width(label, font), font * (ASCENT + DESCENT));
            Some((place_label(at, size, &area, &taken, &segments)?, label))
        });
        if let Some((b, label)) = placed {
            taken.push(b);
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\">{}</text>",
                F(b.x),
                F(b.y + font * ASCENT),
                escape(label)
            );
        }
    }
    // The time axis: every reported period at its end, the first, the last
    // and the latest kept first, the others where they do not collide.
    let base = h - bottom + font * 2.0;
    let mut order: Vec<usize> = (0..m.periods.len()).collect();
    order.sort_by_key(|i| {
        let last = m.periods.len() - 1;
        (
            if *i == 0 || *i == last { 0 } else { 1 },
            std::cmp::Reverse(*i),
        )
    });
    let mut axis: Vec<(Rect, &str)> = Vec::new();
    for i in order {
        let (day, label) = &m.periods[i];
        let tw = text_width(label, font);
        let lx = (x(*day) - tw / 2.0).clamp(1.0, w - tw - 1.0);
        let b = text_box(label, lx, base, font);
        if !axis.iter().any(|(o, _)| o.grown(GAP * 2.0).overlaps(&b)) {
            axis.push((b, label));
        }
    }
    axis.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    for (b, label) in axis {
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"{}\" y=\"{}\">{}</text>",
            F(b.x),
            F(base),
            escape(label)
        );
    }
    svg.push_str("</svg>");
}

/// The text alternative: the same figures in a sentence.
fn describe(ind: &Indicator, s: &Strings) -> String {
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
            "<rect class=\"seg seg-{}\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{h}\"><title>{}: {n}</title></rect>",
            status.as_str(),
            Fixed2(x),
            Fixed2(width),
            escape(&s.status(*status))
        );
        x += width;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests;
