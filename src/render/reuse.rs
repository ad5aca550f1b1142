//! Files for reuse on other sites, per language like the pages they come
//! from: each measure's status badge (`badges/<collection>/<measure>.svg`:
//! the status's symbol and word, in colours that keep WCAG AA contrast)
//! and each indicator's chart as a standalone SVG
//! (`data/<collection>/<measure>/<indicator>.svg`, the page's wide chart
//! with its own styles, written with the measure's page); and each report's print stylesheet, which puts
//! the report's address and as-of date in the margin of every printed page
//! (a file, as the pages' Content-Security-Policy allows no inline style).

use std::fmt::Write as _;

use rayon::prelude::*;

use super::chart::text_width;
use super::markdown::escape;
use super::pages::LangData;
use super::urls;
use super::views::symbol;
use crate::model::Status;
use crate::output::{OutputFile, Sink, WriteError};
use crate::site::Site;

/// The badge's colours, text on background: the theme's status colours,
/// each at least 4.5:1 (WCAG AA for small text).
fn colours(st: Status) -> (&'static str, &'static str) {
    match st {
        Status::Achieved => ("#0a5528", "#e3f2e7"),
        Status::OnTrack => ("#0a4583", "#e4eefa"),
        Status::AtRisk => ("#5c3f00", "#fff2cc"),
        Status::Missed => ("#8e1a1a", "#fbe4e4"),
        Status::NotReported => ("#3d3d3d", "#ececec"),
        Status::NotAssessed => ("#4b2a85", "#efe8f8"),
    }
}

/// The label's colours: white on the theme's dark grey (8:1).
const LABEL: (&str, &str) = ("#ffffff", "#505050");

const FONT: f64 = 12.0;
const HEIGHT: f64 = 22.0;
const PAD: f64 = 7.0;

/// A badge: `label` on grey, then the status's symbol and `word` in its colours.
pub fn badge(label: &str, st: Status, word: &str, title: &str) -> String {
    let status_text = format!("{} {word}", symbol(st));
    let lw = (text_width(label, FONT) + 2.0 * PAD).round();
    let sw = (text_width(&status_text, FONT) + 2.0 * PAD).round();
    let w = lw + sw;
    let (fg, bg) = colours(st);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{HEIGHT}\" viewBox=\"0 0 {w} {HEIGHT}\" role=\"img\" aria-label=\"{}\">\
         <title>{}</title>\
         <style>text{{font-family:system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;font-size:{FONT}px}}</style>\
         <rect width=\"{lw}\" height=\"{HEIGHT}\" fill=\"{}\"/><rect x=\"{lw}\" width=\"{sw}\" height=\"{HEIGHT}\" fill=\"{bg}\"/>\
         <rect x=\"{lw}\" width=\"3\" height=\"{HEIGHT}\" fill=\"{fg}\"/>\
         <text x=\"{PAD}\" y=\"15\" fill=\"{}\">{}</text><text x=\"{}\" y=\"15\" fill=\"{fg}\" font-weight=\"600\">{}</text></svg>",
        escape(&format!("{label}: {word}")),
        escape(title),
        LABEL.1,
        LABEL.0,
        escape(label),
        lw + PAD,
        escape(&status_text)
    );
    svg
}

/// A CSS string literal of `s`.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The print stylesheet of the report at `url` (root-relative).
fn report_css(site: &Site, data: &LangData, url: &str, base_url: &str) -> OutputFile {
    let s = data.l.s;
    let line = s.fill(
        "report.printed_from",
        &[
            ("url", urls::absolute(base_url, &urls::encode_path(url))),
            ("date", s.date(site.config.as_of.value)),
        ],
    );
    let css = format!(
        "@page {{ @bottom-left {{ content: {}; font-size: 8pt; color: #444; }} }}\n",
        css_string(&line)
    );
    OutputFile::new(urls::report_print_css(url), css.into_bytes())
}

/// Writes every badge and report stylesheet of one language (the badges
/// of the measures `own_files` chooses) into `sink`, each as soon as it is
/// made (in parallel), so that they are never all in memory; returns how
/// many files were written. The chart files are made with their measures'
/// pages, of the same drawings (see `PageRenderer::page_and_more`).
pub fn write(
    site: &Site,
    data: &LangData,
    base_url: &str,
    own_files: &(dyn Fn(usize, usize) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<usize, WriteError> {
    let l = &data.l;
    sink.put(report_css(site, data, &urls::report(&l.prefix), base_url))?;
    for u in &site.units {
        sink.put(report_css(
            site,
            data,
            &urls::unit_report(&l.prefix, &u.id.value),
            base_url,
        ))?;
    }
    let label = l.s.get("badge.label");
    let measures: Vec<(usize, usize)> = site
        .collections
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.measures.len()).map(move |mi| (ci, mi)))
        .filter(|&(ci, mi)| own_files(ci, mi))
        .collect();
    let own = measures
        .par_iter()
        .map(|&(ci, mi)| -> Result<usize, WriteError> {
            let c = &site.collections[ci];
            let m = &c.measures[mi].measure;
            let st = site.measure_assessment[ci][mi].status;
            let word = l.s.status(st);
            let title = l.s.fill(
                "badge.alt",
                &[("title", l.text(&m.title).plain), ("status", word.clone())],
            );
            sink.put(
                OutputFile::new(
                    urls::badge(&l.prefix, &c.config.id, &m.id.value),
                    badge(&label, st, &word, &title).into_bytes(),
                )
                .owned_by(site.measure_key(ci, mi)),
            )?;
            Ok(1)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(1 + site.units.len() + own)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn badges_keep_aa_contrast_and_say_the_status_in_words_and_symbol() {
        assert!(contrast(LABEL.0, LABEL.1) >= 4.5);
        for st in Status::ALL {
            let (fg, bg) = colours(st);
            assert!(contrast(fg, bg) >= 4.5, "{st:?}: {}", contrast(fg, bg));
        }
        let svg = badge("进展", Status::AtRisk, "有风险", "<a> & b");
        assert!(svg.contains(">! 有风险</text>"), "{svg}");
        assert!(svg.contains("aria-label=\"进展: 有风险\""));
        assert!(svg.contains("<title>&lt;a&gt; &amp; b</title>"));
    }

    #[test]
    fn css_strings_cannot_be_closed_from_inside() {
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\a d\"");
    }
}
