use super::*;
use crate::model::fixtures::{self, bound, dec, entry};
use crate::model::Direction;
use proptest::prelude::*;

/// The theme's interface strings of `lang` (`en` or `zh`), loaded once.
fn strings_of(lang: &str) -> &'static Strings {
    static ALL: std::sync::OnceLock<std::collections::BTreeMap<String, Strings>> =
        std::sync::OnceLock::new();
    &ALL.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::theme::Theme::load(root, "default").expect("built-in theme");
        Strings::load_all(&theme, &["en", "zh"]).expect("strings").0
    })[lang]
}

fn strings() -> &'static Strings {
    strings_of("en")
}

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
    let svg = indicator_chart(ind, strings(), "c", "X").unwrap().wide;
    let start = svg.find("<rect class=\"chart-band\"")?;
    Some(svg[start..start + svg[start..].find("/>")?].to_string())
}

/// The numbers of attribute `name` in every element of `svg` with class `class`.
fn attr_values(svg: &str, class: &str, name: &str) -> Vec<f64> {
    svg.split(&format!("class=\"{class}\""))
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag[at..at + tag[at..].find('"')?].parse().ok()
        })
        .collect()
}

#[test]
fn the_band_is_drawn_where_the_status_rule_compares_with_one() {
    for (direction, op) in [
        (Direction::None, None),
        (Direction::Maintain, None),
        (Direction::Increase, Some(Op::Eq)),
        (Direction::Decrease, Some(Op::About)),
    ] {
        let ind = indicator(direction, op, Some(2.0));
        let band = band_of(&ind).unwrap_or_else(|| panic!("{direction:?} {op:?}"));
        // 58 to 62 on an axis of round ticks: 4 units high, the target
        // line (60) in its middle.
        let svg = indicator_chart(&ind, strings(), "c", "X").unwrap().wide;
        let target_y = attr_values(&svg, "chart-target-line", "y1")[0];
        let top: f64 = attr_values(&band, "chart-band", "y")[0];
        let height: f64 = attr_values(&band, "chart-band", "height")[0];
        assert!(
            (top + height / 2.0 - target_y).abs() < 0.2,
            "{band} {target_y}"
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

#[test]
fn ticks_are_round_and_cover_the_figures_of_the_issue() {
    // The figures that gave ticks at 50,183 / 52,158 / 54,133.
    let (step, ticks) = nice_ticks(50183.0, 54133.0, 4);
    assert_eq!(step, 2000.0);
    assert_eq!(ticks, [50000.0, 52000.0, 54000.0, 56000.0]);
    let (step, ticks) = nice_ticks(0.0, 1.6, 4);
    assert_eq!((step, ticks), (0.5, vec![0.0, 0.5, 1.0, 1.5, 2.0]));
    assert_eq!(tick_decimals(0.5), 1);
    assert_eq!(tick_decimals(0.02), 2);
    assert_eq!(tick_decimals(2000.0), 0);
    // One value: a range around it.
    let (_, ticks) = nice_ticks(7.0, 7.0, 4);
    assert!(ticks[0] <= 7.0 && *ticks.last().unwrap() >= 7.0 && ticks.len() >= 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Over ranges from thousandths to billions, negative ones included.
    #[test]
    fn ticks_are_one_two_or_five_times_a_power_of_ten_and_cover_the_range(
        lo in -1e9f64..1e9,
        span in 1e-3f64..1e9,
        max in 2usize..7,
    ) {
        let hi = lo + span;
        let (step, ticks) = nice_ticks(lo, hi, max);
        let magnitude = 10f64.powf(step.log10().floor());
        let m = step / magnitude;
        prop_assert!([1.0, 2.0, 5.0].iter().any(|x| (m - x).abs() < 1e-6), "step {step}");
        prop_assert!(ticks.len() >= 2 && ticks.len() <= max + 1, "{ticks:?}");
        let slack = step * 1e-6;
        prop_assert!(ticks[0] <= lo + slack && *ticks.last().unwrap() >= hi - slack, "{lo} {hi} {ticks:?}");
        for t in &ticks {
            let k = t / step;
            prop_assert!((k - k.round()).abs() < 1e-6, "{t} not a multiple of {step}");
        }
    }

    /// Labels placed one after another never overlap each other, the
    /// marks or the lines, and stay in their area.
    #[test]
    fn placed_labels_overlap_nothing(
        marks in proptest::collection::vec((20.0f64..260.0, 10.0f64..200.0), 1..8),
        widths in proptest::collection::vec(20.0f64..110.0, 8),
    ) {
        let area = Rect { x: 30.0, y: 0.0, w: 250.0, h: 210.0 };
        let segments: Vec<Segment> = marks.windows(2).map(|p| (p[0], p[1])).collect();
        let mut taken: Vec<Rect> = marks.iter().map(|(x, y)| Rect { x: x - 7.0, y: y - 7.0, w: 14.0, h: 14.0 }).collect();
        let fixed = taken.len();
        for (i, at) in marks.iter().enumerate() {
            if let Some(b) = place_label(*at, (widths[i], 17.5), &area, &taken, &segments) {
                prop_assert!(b.inside(&area));
                prop_assert!(!taken.iter().any(|t| t.overlaps(&b)));
                prop_assert!(!segments.iter().any(|(a, z)| b.hits_segment(*a, *z)));
                taken.push(b);
            }
        }
        prop_assert!(taken.len() >= fixed);
    }

    /// Whatever the figures, no two texts of a drawn chart overlap (by the
    /// same wide estimate of their size), in either layout.
    #[test]
    fn chart_texts_never_overlap(
        base in -1e6f64..1e6,
        scale in 1e-2f64..1e6,
        steps in proptest::collection::vec(-1.0f64..1.0, 0..8),
        target in -1.0f64..2.0,
        zh in proptest::bool::ANY,
    ) {
        let periods = ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"];
        let mut value = base;
        let progress = steps.iter().zip(periods).map(|(d, p)| {
            value += d * scale;
            entry(p, Some(value), None)
        }).collect();
        let ind = Indicator {
            baseline: Some(bound("2022", None, Some(base))),
            target: Some(bound("2025", None, Some(base + target * scale))),
            progress,
            ..fixtures::indicator("x")
        };
        let s = strings_of(if zh { "zh" } else { "en" });
        let chart = indicator_chart(&ind, s, "c", "X").unwrap();
        for (svg, layout) in [(&chart.wide, WIDE), (&chart.narrow, NARROW)] {
            let boxes = text_boxes(svg, layout.font);
            prop_assert!(!boxes.is_empty());
            for (i, a) in boxes.iter().enumerate() {
                prop_assert!(a.x >= 0.0 && a.x + a.w <= layout.width + 0.5, "{a:?} outside {svg}");
                for b in &boxes[i + 1..] {
                    prop_assert!(!a.overlaps(b), "{a:?} {b:?} in {svg}");
                }
            }
        }
    }
}

/// The estimated box of every text of a chart.
fn text_boxes(svg: &str, font: f64) -> Vec<Rect> {
    svg.split("<text ")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap()];
            let text = &rest[rest.find('>').unwrap() + 1..rest.find("</text>").unwrap()];
            let num = |name: &str| -> f64 {
                let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
            };
            let w = text_width(&text.replace("&amp;", "&"), font);
            let x = if tag.contains("text-anchor=\"end\"") {
                num("x") - w
            } else {
                num("x")
            };
            text_box("", x, num("y"), font).grown(0.0).with_width(w)
        })
        .collect()
}

impl Rect {
    fn with_width(mut self, w: f64) -> Rect {
        self.w = w;
        self
    }
}

#[test]
fn chart_text_is_at_least_12_px_where_each_drawing_is_shown() {
    // The narrow chart fills a 320 px page's column (288 px, less 2 px of
    // border) at scale 1 or more; the wide one is shown from 768 px
    // (a 734 px column).
    const { assert!((320.0 - 32.0 - 2.0) / NARROW.width * NARROW.font >= 12.0) };
    const { assert!((768.0 - 32.0 - 2.0) / WIDE.width * WIDE.font >= 12.0) };
    let ind = indicator(Direction::Increase, None, None);
    let chart = indicator_chart(&ind, strings(), "c", "X").unwrap();
    assert!(chart.narrow.contains("viewBox=\"0 0 280 240\""));
    assert!(chart.narrow.contains("chart-narrow") && chart.wide.contains("chart-wide"));
    // Distinct ids, so both can be on one page.
    assert!(chart.narrow.contains("id=\"c-n-title\"") && chart.wide.contains("id=\"c-title\""));
}

#[test]
fn every_reported_period_is_on_the_time_axis_when_there_is_room() {
    let ind = Indicator {
        baseline: Some(bound("2022", None, Some(10.0))),
        target: Some(bound("2025", None, Some(40.0))),
        progress: vec![
            entry("2023", Some(20.0), None),
            entry("2024", Some(30.0), None),
        ],
        ..fixtures::indicator("x")
    };
    let svg = indicator_chart(&ind, strings(), "c", "X").unwrap().wide;
    for year in ["2022", "2023", "2024", "2025"] {
        assert!(
            svg.contains(&format!(">{year}</text>")) || svg.contains(&format!(">{year} ")),
            "{year} in {svg}"
        );
    }
    let file = standalone(&ind, strings(), "X").unwrap();
    assert!(file.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(file.contains("<style>") && file.contains("<title id=\"chart-title\">X</title>"));
}

#[test]
fn simple_attribute_values_lose_their_quotes_and_the_rest_keep_them() {
    let svg = r#"<svg class="chart chart-wide" viewBox="0 0 640 260"><line x1="28.0" y1="-3" class="chart-grid"/><text x="2" aria-label="">a&quot;</text></svg>"#;
    assert_eq!(
        crate::html::unquote_attributes(svg.as_bytes()),
        br#"<svg class="chart chart-wide" viewBox="0 0 640 260"><line x1=28.0 y1=-3 class="chart-grid"/><text x=2 aria-label="">a&quot;</text></svg>"#
    );
}

fn series_parts(rebased: bool) -> (Indicator, Indicator) {
    let first = Indicator {
        baseline: Some(bound("2022", None, Some(10.0))),
        target: Some(bound("2023", None, Some(30.0))),
        progress: vec![entry("2023", Some(28.0), None)],
        ..fixtures::indicator("x")
    };
    let second = Indicator {
        baseline: rebased.then(|| bound("2023", None, Some(50.0))),
        target: Some(bound("2024", None, Some(60.0))),
        progress: vec![entry("2024", Some(55.0), None)],
        ..fixtures::indicator("x")
    };
    (first, second)
}

fn draw_series(first: &Indicator, second: &Indicator, rebased: bool) -> IndicatorChart {
    let day = |y: &str| crate::period::Period::parse(y).unwrap().start();
    let parts = [
        SeriesPart {
            indicator: first,
            plan: "Plan 2023".into(),
            start: day("2023"),
            rebased: false,
        },
        SeriesPart {
            indicator: second,
            plan: "Plan 2024".into(),
            start: day("2024"),
            rebased,
        },
    ];
    series_chart(&parts, strings(), "s", "X across plans").unwrap()
}

#[test]
fn a_series_is_one_line_through_every_plan_unless_re_based() {
    let (first, second) = series_parts(false);
    let chart = draw_series(&first, &second, false);
    for svg in [&chart.wide, &chart.narrow] {
        assert_eq!(svg.matches("class=\"chart-progress-line\"").count(), 1);
        assert_eq!(attr_values(svg, "chart-progress", "cx").len(), 2);
        // Both plans' targets, no expected path and no break.
        assert_eq!(svg.matches("class=\"chart-target\"").count(), 2);
        assert!(!svg.contains("chart-expected") && !svg.contains("chart-break"));
        assert!(svg.contains("<desc id=\"s"));
        assert!(svg.contains("Plan 2023: Baseline 2022: 10, Progress 2023: 28, Target 2023: 30; Plan 2024: Progress 2024: 55, Target 2024: 60"), "{svg}");
    }
}

#[test]
fn a_re_based_series_is_broken_and_marked_and_its_new_baseline_drawn() {
    let (first, second) = series_parts(true);
    let chart = draw_series(&first, &second, true);
    let svg = &chart.wide;
    // The two figures are on different bases: not joined by a line.
    assert_eq!(svg.matches("class=\"chart-progress-line\"").count(), 0);
    assert_eq!(attr_values(svg, "chart-progress", "cx").len(), 2);
    // A line and a word where the basis changes: through the re-based
    // baseline, drawn for the period of the old basis's last figure.
    let at = attr_values(svg, "chart-break", "x1");
    assert_eq!(at.len(), 1);
    let marks = attr_values(svg, "chart-progress", "cx");
    assert!(marks[0] <= at[0] && at[0] < marks[1], "{at:?} {marks:?}");
    assert!(svg.contains(">Re-based</text>"));
    assert_eq!(svg.matches("class=\"chart-baseline\"").count(), 2);
    assert!(
        svg.contains("Plan 2024, re-based: Baseline 2023: 50"),
        "{svg}"
    );
}

#[test]
fn a_re_base_without_a_new_baseline_is_marked_between_the_two_bases() {
    let (first, mut second) = series_parts(true);
    second.baseline = None;
    let svg = draw_series(&first, &second, true).wide;
    let at = attr_values(&svg, "chart-break", "x1");
    let marks = attr_values(&svg, "chart-progress", "cx");
    assert!(marks[0] < at[0] && at[0] < marks[1], "{at:?} {marks:?}");
    assert_eq!(svg.matches("class=\"chart-baseline\"").count(), 1);
}
