//! Atom feeds of progress entries and updates on measures (one per language), the sitemap with
//! hreflang alternates, and robots.txt. No build timestamps: every date
//! comes from the data.

use std::fmt::Write as _;

use crate::changes::History;
use crate::render::markdown::escape;
use crate::render::pages::{LangData, PageKind};
use crate::render::urls;
use crate::render::views::UpdateView;
use crate::site::Site;

use super::OutputFile;

/// The newest entries a feed carries; the updates pages list them all.
pub const FEED_ENTRIES: usize = 100;

pub fn atom(site: &Site, data: &LangData, base_url: &str) -> OutputFile {
    let l = &data.l;
    let feed_path = urls::feed(&l.prefix);
    let feed_url = urls::absolute(base_url, &feed_path);
    let home = urls::absolute(base_url, &urls::home(&l.prefix));
    let title = l.text(&site.config.title).plain;
    let updated = data
        .updates
        .iter()
        .map(|u| u.end)
        .chain(data.history.releases.iter().map(|r| r.date))
        .max()
        .unwrap_or(site.config.as_of.value);
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{} · {}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n",
        escape(l.lang),
        escape(&title),
        escape(&l.s.get("nav.updates")),
        escape(&feed_url),
        escape(&feed_url),
        escape(&home),
        updated
    );
    if let Some(p) = &site.config.publisher {
        let _ = writeln!(
            xml,
            "<author><name>{}</name></author>",
            escape(&l.text(p).plain)
        );
    } else {
        let _ = writeln!(xml, "<author><name>{}</name></author>", escape(&title));
    }
    for u in data.update_views(site, 0, FEED_ENTRIES) {
        let entry = if u.kind == "update" {
            measure_update_entry(site, data, base_url, &u)
        } else {
            progress_entry(site, data, base_url, &u)
        };
        xml.push_str(&entry);
    }
    xml.push_str(&crate::render::changes::feed_entries(data, base_url));
    xml.push_str("</feed>\n");
    OutputFile::new(feed_path, xml.into_bytes())
}

/// The entry of an indicator's progress entry: its id is the indicator's
/// address and the period.
fn progress_entry(site: &Site, data: &LangData, base_url: &str, u: &UpdateView) -> String {
    let l = &data.l;
    let link = urls::absolute(base_url, &urls::with_anchor(&u.measure.url, &u.anchor));
    let date = crate::period::Period::parse(&u.period_key)
        .map(|p| p.end())
        .unwrap_or(site.config.as_of.value);
    let status = u.status.as_ref().map(|s| s.label.as_str()).unwrap_or("");
    let mut summary = format!("{} · {status}", u.value);
    if let Some(src) = &u.source {
        summary.push_str(&format!(" · {}", src.title.plain));
    }
    format!(
        "<entry>\n<title>{}</title>\n<id>{}/{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{date}T00:00:00Z</updated>\n<summary>{}</summary>\n</entry>\n",
        escape(&l.s.fill("updates.entry", &[("indicator", u.indicator.plain.clone()), ("period", u.period.clone())])),
        escape(&link),
        escape(&u.period_key),
        escape(&link),
        escape(&summary)
    )
}

/// The entry of an update on a measure: its id is its place in the
/// measure page's timeline (a measure has at most one update a day), and
/// its summary the text as HTML, with the declared status and the source.
fn measure_update_entry(site: &Site, data: &LangData, base_url: &str, u: &UpdateView) -> String {
    let l = &data.l;
    let link = urls::absolute(base_url, &urls::with_anchor(&u.measure.url, &u.anchor));
    let date = crate::period::Date::parse(&u.period_key).unwrap_or(site.config.as_of.value);
    let mut summary = u.text_html.clone();
    let mut facts = Vec::new();
    if let Some(st) = &u.declared {
        facts.push(format!(
            "{} {}",
            escape(&l.s.get("updates.declared")),
            escape(&st.label)
        ));
    }
    if let Some(src) = &u.source {
        let title = match &src.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), src.title.html),
            None => src.title.html.clone(),
        };
        let date = src.date.as_ref().map(|d| format!(" ({})", escape(d)));
        facts.push(format!(
            "{}: {title}{}",
            escape(&l.s.get("measure.source")),
            date.unwrap_or_default()
        ));
    }
    if !facts.is_empty() {
        summary.push_str(&format!("<p>{}</p>", facts.join(" · ")));
    }
    let title = l.s.fill(
        "updates.measure_entry",
        &[
            ("measure", u.measure.plain.clone()),
            ("date", u.period.clone()),
        ],
    );
    format!(
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{date}T00:00:00Z</updated>\n<summary type=\"html\">{}</summary>\n</entry>\n",
        escape(&title),
        escape(&link),
        escape(&link),
        escape(&summary)
    )
}

pub fn sitemap(site: &Site, history: Option<&History>, base_url: &str) -> OutputFile {
    let none = History::default();
    let default = site.config.default_language();
    let langs = site.config.language_codes();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let history = history.unwrap_or(&none);
    // The day each page last changed, as the page itself says (SPEC §11).
    let dates = super::pages::dates::site_dates(site, history);
    for kind in PageKind::all(site, history) {
        if !kind.in_sitemap() {
            continue;
        }
        let changed = dates.of(history, &kind).changed;
        for lang in &langs {
            let url = kind.url(site, &urls::lang_prefix(lang, default));
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc><lastmod>{changed}</lastmod>",
                escape(&urls::absolute(base_url, &urls::encode_path(&url)))
            );
            for other in &langs {
                let alt = kind.url(site, &urls::lang_prefix(other, default));
                let _ = writeln!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(other),
                    escape(&urls::absolute(base_url, &urls::encode_path(&alt)))
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile::new(urls::SITEMAP.into(), xml.into_bytes())
}

pub fn robots(base_url: &str) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        urls::absolute(base_url, urls::SITEMAP)
    );
    OutputFile::new(urls::ROBOTS.into(), text.into_bytes())
}
