//! The one place that decides where every page lives. Paths here are
//! relative to the site root, without a leading slash (`en/units/`); pages
//! print them behind a relative prefix (`../../`), so the output works under
//! any sub-path and even from disk.

use crate::model::Status;

/// A language's folder: empty for the default language.
pub fn lang_prefix(lang: &str, default_lang: &str) -> String {
    if lang == default_lang {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// Every language's prefix, in the site's order.
pub fn lang_prefixes(site: &crate::site::Site) -> Vec<String> {
    let default = site.config.default_language();
    site.config
        .language_codes()
        .iter()
        .map(|l| lang_prefix(l, default))
        .collect()
}

/// A page of another plan of the same site (SPEC §10), from a page of a
/// plan: `url` is that plan's own path (`indicators/gdp/`, behind its
/// language prefix), and the result is relative to this plan's root, so it
/// goes behind the page's root prefix like any other path.
pub fn other_plan(plan: &str, url: &str) -> String {
    format!("../{plan}/{url}")
}

/// The plan list and every page above the plans, from a page of a plan.
pub fn above_plans(url: &str) -> String {
    format!("../{url}")
}

/// The folder of the search index (one for the whole site, above the plans
/// of a site with several).
pub const SEARCH_INDEX_DIR: &str = "search/";

/// The lineage page of a plan: what it carried over, changed and dropped.
pub fn lineage(p: &str) -> String {
    format!("{p}lineage/")
}

pub fn home(p: &str) -> String {
    p.to_string()
}

pub fn collection(p: &str, c: &str) -> String {
    format!("{p}{c}/")
}

pub fn measure(p: &str, c: &str, m: &str) -> String {
    format!("{p}{c}/{m}/")
}

/// The id of an indicator's part of a measure page.
pub fn indicator_anchor(indicator: &str) -> String {
    format!("indicator-{indicator}")
}

/// The id of an update in the timeline of a measure page (a measure has
/// at most one update a day).
pub fn update_anchor(date: crate::period::Date) -> String {
    format!("update-{date}")
}

/// An indicator's address: its part of the page of the measure that
/// defines it.
pub fn indicator(p: &str, c: &str, m: &str, i: &str) -> String {
    with_anchor(&measure(p, c, m), &indicator_anchor(i))
}

/// `url#anchor`.
pub fn with_anchor(url: &str, anchor: &str) -> String {
    format!("{url}#{anchor}")
}

pub fn units(p: &str) -> String {
    format!("{p}units/")
}

pub fn unit(p: &str, u: &str) -> String {
    format!("{p}units/{u}/")
}

pub fn status(p: &str, s: Status) -> String {
    format!("{p}status/{}/", s.as_str())
}

pub fn category(p: &str, c: &str, cat: &str) -> String {
    format!("{p}categories/{c}/{cat}/")
}

pub fn updates(p: &str) -> String {
    format!("{p}updates/")
}

/// Page `n` (0-based) of the updates list: `updates/`, `updates/page/2/`, …
pub fn updates_page(p: &str, n: usize) -> String {
    if n == 0 {
        updates(p)
    } else {
        format!("{p}updates/page/{}/", n + 1)
    }
}

/// Every release and what changed (SPEC §8).
pub fn changes(p: &str) -> String {
    format!("{p}changes/")
}

/// What changed in release `name`, from the one before.
pub fn release(p: &str, name: &str) -> String {
    format!("{p}changes/{name}/")
}

/// The snapshot of release `name`, as published.
pub fn release_data(name: &str) -> String {
    data_file(&format!("releases/{name}.json"))
}

pub fn methodology(p: &str) -> String {
    format!("{p}methodology/")
}

/// The accessibility statement (SPEC §11).
pub fn accessibility(p: &str) -> String {
    format!("{p}accessibility/")
}

pub fn search(p: &str) -> String {
    format!("{p}search/")
}

pub fn page(p: &str, slug: &str) -> String {
    format!("{p}{slug}/")
}

pub fn feed(p: &str) -> String {
    format!("{p}feed.xml")
}

/// The page for an address that has none (served at any depth).
pub fn not_found(p: &str) -> String {
    format!("{p}404.html")
}

pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";

/// The open-data files of the whole site, by name in [`data_file`] (the
/// Data Package lists them by these names too).
pub const MEASURES_JSON: &str = "measures.json";
pub const INDICATORS_CSV: &str = "indicators.csv";
pub const OBSERVATIONS_CSV: &str = "observations.csv";
/// The two tables again as workbooks, for readers who open them in Excel.
pub const INDICATORS_XLSX: &str = "indicators.xlsx";
pub const OBSERVATIONS_XLSX: &str = "observations.xlsx";
pub const DATAPACKAGE_JSON: &str = "datapackage.json";
/// The JSON Schema of `measures.json`, beside it.
pub const MEASURES_SCHEMA_JSON: &str = "measures.schema.json";
/// The plans of a site with several and the links between them (SPEC §10).
pub const PLANS_JSON: &str = "plans.json";
/// The JSON Schema of `plans.json`, beside it.
pub const PLANS_SCHEMA_JSON: &str = "plans.schema.json";
/// The folder under `data/` of the files covering every plan.
pub const ALL_PLANS_DIR: &str = "all/";
/// Every change of every release (SPEC §8).
pub const CHANGES_JSON: &str = "changes.json";

/// A file of the open data: `data/indicators.csv`.
pub fn data_file(name: &str) -> String {
    format!("data/{name}")
}

/// A file of the open data across every plan of a site with several:
/// `data/all/indicators.csv`.
pub fn all_plans_data(name: &str) -> String {
    data_file(&format!("{ALL_PLANS_DIR}{name}"))
}

/// The root of a plan's pages on a site with several (`2024/`), from the
/// site's root.
pub fn plan_root(plan: &str) -> String {
    format!("{plan}/")
}

pub fn measure_data(c: &str, m: &str, ext: &str) -> String {
    data_file(&format!("{c}/{m}.{ext}"))
}

/// The printable report of the whole plan.
pub fn report(p: &str) -> String {
    format!("{p}report/")
}

/// The printable report of one body's part of the plan.
pub fn unit_report(p: &str, u: &str) -> String {
    format!("{unit}report/", unit = unit(p, u))
}

/// The print stylesheet of a report at `report` (its URL): the page's
/// address and as-of date in the margins of every printed page.
pub fn report_print_css(report: &str) -> String {
    format!("{report}print.css")
}

/// A measure's status and charts for an `<iframe>` on another site.
pub fn embed(p: &str, c: &str, m: &str) -> String {
    format!("{p}embed/{c}/{m}/")
}

/// A measure's status badge.
pub fn badge(p: &str, c: &str, m: &str) -> String {
    format!("{p}badges/{c}/{m}.svg")
}

/// An indicator's chart as a file of its own, in the folder of its
/// measure's data (per language, like the page it comes from).
pub fn chart_file(p: &str, c: &str, m: &str, i: &str) -> String {
    format!("{p}data/{c}/{m}/{i}.svg")
}

/// The page describing the downloads.
pub fn data_page(p: &str) -> String {
    format!("{p}data/")
}

/// A static file of the theme.
pub fn asset(rel: &str) -> String {
    format!("assets/{rel}")
}

/// The file a page URL is written to.
pub fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The page URL a file is served at: the inverse of [`file_of`].
pub fn url_of_file(file: &str) -> String {
    file.strip_suffix("index.html").unwrap_or(file).to_string()
}

/// `../` once per folder between the page's file and the root (`./` at
/// the root itself, so that a link to the home page is never empty).
pub fn root_prefix(file: &str) -> String {
    match file.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

/// The path part of a base URL, with leading and trailing slashes
/// (`https://x.gov/plan/` → `/plan/`).
pub fn base_path(base_url: &str) -> String {
    let without_scheme = match base_url.find("://") {
        Some(i) => {
            let rest = &base_url[i + 3..];
            rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
        }
        None => base_url,
    };
    let trimmed = without_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// An absolute URL for feeds, sitemaps and canonical links: the base URL
/// (which may be only a path) joined with a root-relative path.
pub fn absolute(base_url: &str, path: &str) -> String {
    let base = if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    };
    format!("{base}{path}")
}

/// Percent-encodes what may not stand in a URL path as is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_prefixes() {
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("en/units/"), "en/units/index.html");
        for url in ["", "en/units/", "404.html"] {
            assert_eq!(url_of_file(&file_of(url)), url);
        }
        assert_eq!(file_of("data/measures.json"), "data/measures.json");
        assert_eq!(root_prefix("index.html"), "./");
        assert_eq!(root_prefix("en/indicators/x/index.html"), "../../../");
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.gov/plan/sub"), "/plan/sub/");
        assert_eq!(base_path("https://x.gov"), "/");
        assert_eq!(base_path("/gongfu/"), "/gongfu/");
        assert_eq!(base_path("/"), "/");
        assert_eq!(
            absolute("https://x.gov/plan/", "en/"),
            "https://x.gov/plan/en/"
        );
        assert_eq!(
            absolute("/plan", &indicator("en/", "c", "m", "i")),
            "/plan/en/c/m/#indicator-i"
        );
    }
}
