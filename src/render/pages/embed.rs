//! A measure for another site's `<iframe>` (`embed.html`, at
//! `/embed/<collection>/<measure>/`): its status, each indicator's status,
//! reason and chart, and a link back to its page; no header or menu, not
//! indexed by search engines and not in the sitemap.

use schemars::JsonSchema;
use serde::Serialize;

use super::LangData;
use crate::render::chart;
use crate::render::urls;
use crate::render::views::{IndicatorView, StatusView, TextView};
use crate::site::Site;

/// `x` of `embed.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct EmbedContext {
    pub title: TextView,
    /// The plan's own number (序号).
    pub number: Option<u32>,
    /// The collection's title.
    pub collection: TextView,
    pub status: StatusView,
    /// The measure's indicators, with their charts.
    pub indicators: Vec<IndicatorView>,
    /// The measure's page, absolute when the site's address is (the
    /// link opens it in the whole window).
    pub link: String,
}

/// Measure `ci`/`mi`'s embed page, showing `indicators` (its
/// [`super::measure::indicators`]' views).
pub fn embed(
    site: &Site,
    data: &LangData,
    ci: usize,
    mi: usize,
    indicators: Vec<IndicatorView>,
) -> EmbedContext {
    let l = &data.l;
    let c = &site.collections[ci];
    let m = &c.measures[mi].measure;
    EmbedContext {
        title: l.text(&m.title),
        number: m.number,
        collection: l.text(&c.config.title),
        status: l.status(site.measure_assessment[ci][mi].status),
        indicators,
        // Set with the page's address, in `page_context`.
        link: urls::measure(&l.prefix, &c.config.id, &m.id.value),
    }
}

/// What the embed page shows, as text and charts: enough to size the
/// `<iframe>` that shows it.
pub struct Shown<'a> {
    /// The collection line (`<collection> · <number>`).
    pub collection: String,
    pub title: String,
    /// The status line (`Status: <status> <as of>`).
    pub status: String,
    /// The page's indicators, each with its status line.
    pub indicators: Vec<(&'a IndicatorView, String)>,
    /// The link back (`<more>: <title>`).
    pub more: String,
    pub site_title: String,
}

impl<'a> Shown<'a> {
    /// The embed page of measure `ci`/`mi`, whose listed indicators are
    /// `indicators` (as [`super::measure::indicators`] makes them for it and
    /// for the measure page).
    pub fn new(
        site: &Site,
        data: &LangData,
        ci: usize,
        mi: usize,
        indicators: &'a [IndicatorView],
    ) -> Shown<'a> {
        let l = &data.l;
        let s = l.s;
        let c = &site.collections[ci];
        let m = &c.measures[mi].measure;
        let title = l.text(&m.title).plain;
        let mut collection = l.text(&c.config.title).plain;
        if let Some(n) = m.number {
            collection.push_str(&format!(" · {n}"));
        }
        let status = l.status(site.measure_assessment[ci][mi].status);
        let why = s.get("measure.why");
        Shown {
            collection,
            status: format!(
                "{}: {} {} {}",
                s.get("table.status"),
                status.symbol,
                status.label,
                s.date(site.config.as_of.value)
            ),
            indicators: indicators
                .iter()
                .map(|i| {
                    let line =
                        format!("{} {} {why}: {}", i.status.symbol, i.status.label, i.reason);
                    (i, line)
                })
                .collect(),
            more: format!("{}: {title}", s.get("embed.more")),
            title,
            site_title: l.text(&site.config.title).plain,
        }
    }

    /// The height in CSS px an `<iframe>` needs to show the whole page
    /// without a scroll bar, at any width from a phone's up: the tallest
    /// of the page laid out at each of [`FRAME_WIDTHS`].
    pub fn frame_height(&self) -> u32 {
        let tallest = FRAME_WIDTHS
            .iter()
            .map(|w| self.height_at(*w))
            .fold(0.0, f64::max);
        // Rounded up to 10 px, with room for the page's and each
        // indicator's text to wrap once more than text widths estimate.
        let slack = BODY_LINE * (1 + self.indicators.len()) as f64;
        ((tallest + slack) / 10.0).ceil() as u32 * 10
    }

    /// The page's height laid out in a frame `frame` px wide, by the
    /// default theme's `style.css` (`.page-embed`).
    fn height_at(&self, frame: f64) -> f64 {
        let column = frame.min(EMBED_MAX) - 2.0 * REM;
        let lines = |text: &str, font: f64| {
            (chart::text_width(text, font) * WRAP_SLACK / column)
                .ceil()
                .max(1.0)
        };
        let small = 0.9 * REM;
        let (h1, h2) = (1.3 * REM, 1.1 * REM);
        // Each block as (margin above, height, margin below).
        let paragraph = |text: &str| (REM, lines(text, REM) * BODY_LINE, REM);
        let mut blocks = vec![
            (
                0.0,
                lines(&self.collection, small) * small * BODY_LINE_HEIGHT,
                0.0,
            ),
            (
                0.25 * REM,
                lines(&self.title, h1) * h1 * HEADING_LINE_HEIGHT,
                0.5 * h1,
            ),
            paragraph(&self.status),
        ];
        for (i, status) in &self.indicators {
            let name = if i.unit.is_empty() {
                i.name.plain.clone()
            } else {
                format!("{} ({})", i.name.plain, i.unit)
            };
            // The section's 1rem above collapses into its heading's 1.5em.
            blocks.push((
                1.5 * h2,
                lines(&name, h2) * h2 * HEADING_LINE_HEIGHT,
                0.5 * h2,
            ));
            blocks.push(paragraph(status));
            if i.chart.is_some() {
                blocks.push((REM, chart_height(frame, column), REM));
            }
        }
        blocks.push(paragraph(&self.more));
        blocks.push((
            0.0,
            lines(&self.site_title, small) * small * BODY_LINE_HEIGHT,
            0.0,
        ));
        // main's padding, then the blocks, margins between two collapsed
        // into the larger.
        let mut h = 0.5 * REM + REM;
        let mut below: f64 = 0.0;
        for (top, height, bottom) in &blocks {
            h += top.max(below) + height;
            below = *bottom;
        }
        h + below
    }
}

/// Frame widths the height is found for: phones, tablets and the widths
/// on either side of the theme's breakpoint between the two charts.
pub const FRAME_WIDTHS: [f64; 8] = [320.0, 375.0, 414.0, 512.0, 600.0, 767.0, 768.0, 1024.0];

/// `1rem` in CSS px.
const REM: f64 = 16.0;
/// The body's line height (1.65) and a heading's (1.3).
const BODY_LINE_HEIGHT: f64 = 1.65;
const HEADING_LINE_HEIGHT: f64 = 1.3;
const BODY_LINE: f64 = REM * BODY_LINE_HEIGHT;
/// `main.embed`'s widest (52rem).
const EMBED_MAX: f64 = 52.0 * REM;
/// Where the wide chart replaces the narrow one (48rem), and the widest
/// each is shown (50rem and 30rem).
const WIDE_FROM: f64 = 48.0 * REM;
const WIDE_MAX: f64 = 50.0 * REM;
const NARROW_MAX: f64 = 30.0 * REM;
/// Lines break between words, so they hold less than their width.
const WRAP_SLACK: f64 = 1.15;

/// The height of the chart shown in a frame `frame` px wide whose column
/// is `column` px: scaled to the column's width, up to its widest, plus
/// its 1 px border above and below.
fn chart_height(frame: f64, column: f64) -> f64 {
    let (layout, widest) = if frame >= WIDE_FROM {
        (chart::WIDE, WIDE_MAX)
    } else {
        (chart::NARROW, NARROW_MAX)
    };
    column.min(widest) * layout.height / layout.width + 2.0
}
