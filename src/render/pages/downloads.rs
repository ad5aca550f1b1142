//! The page describing the open data (`data.html`, at `/data/` in every
//! language): each download with its stable address and, for the CSV
//! files, its fields as the Data Package describes them; the licence and
//! how to cite; and the release snapshots, when there are some.

use schemars::JsonSchema;
use serde::Serialize;

use super::additions::CitationView;
use super::LangData;
use crate::render::data::{self, Column};
use crate::render::i18n::Strings;
use crate::render::urls;
use crate::site::Site;

/// `x` of `data.html`.
#[derive(Serialize, JsonSchema, Debug)]
pub struct DataPageContext {
    /// The files about the whole plan.
    pub files: Vec<DownloadView>,
    /// The files of each measure and indicator, by the pattern of their
    /// addresses, each with an example.
    pub per_measure: Vec<PatternView>,
    /// How to cite the data: the site's `citation`, else the default one
    /// with this page's address.
    pub citation: CitationView,
    /// Frozen snapshots of what was published, newest first (empty until
    /// the site has releases).
    pub releases: Vec<ReleaseView>,
}

/// One download.
#[derive(Serialize, JsonSchema, Debug)]
pub struct DownloadView {
    /// Its file name (`indicators.csv`).
    pub name: String,
    /// Root-relative.
    pub url: String,
    /// Absolute, the address to rely on (from `base_url`).
    pub url_abs: String,
    /// What it holds, in the page's language.
    pub description: String,
    /// Its columns, for a CSV file (empty otherwise).
    pub fields: Vec<FieldView>,
}

/// A column of a CSV file.
#[derive(Serialize, JsonSchema, Debug)]
pub struct FieldView {
    pub name: String,
    /// The Frictionless type (`string`, `number`, `date`, …).
    pub kind: &'static str,
    /// What it holds, in the page's language (the Data Package says it in
    /// English).
    pub description: String,
    /// The values it may take (empty: any).
    pub values: Vec<&'static str>,
}

/// Files there is one of per measure or indicator.
#[derive(Serialize, JsonSchema, Debug)]
pub struct PatternView {
    /// The address pattern, root-relative (`data/<collection>/<measure>.json`).
    pub pattern: String,
    pub description: String,
    /// One such file, root-relative, when the site has one.
    pub example: Option<String>,
}

/// A release snapshot (SPEC §8), newest first.
#[derive(Serialize, JsonSchema, Debug)]
pub struct ReleaseView {
    pub name: String,
    /// Its date, in words.
    pub date: String,
    /// The snapshot file, root-relative.
    pub url: String,
}

/// The columns of CSV file `file` (`indicators`, `observations`), each
/// described by the interface string `datafields.<file>.<column>`; a
/// column there is one of per language by `datafields.<file>.<prefix>_lang`,
/// with `{lang}` its language. `{default}` is the site's default language.
fn fields(site: &Site, s: &Strings, file: &str, columns: Vec<Column>) -> Vec<FieldView> {
    let default = site.config.default_language().to_string();
    columns
        .into_iter()
        .map(|c| {
            let column = match &c.lang {
                Some(lang) => {
                    let prefix = c.name.strip_suffix(&format!("_{lang}")).unwrap_or(&c.name);
                    format!("{file}.{prefix}_lang")
                }
                None => format!("{file}.{}", c.name),
            };
            let description = s.fill(
                &format!("datafields.{}", column),
                &[
                    ("lang", c.lang.clone().unwrap_or_default()),
                    ("default", default.clone()),
                ],
            );
            FieldView {
                name: c.name,
                kind: c.kind,
                description,
                values: c.values,
            }
        })
        .collect()
}

/// The data page, for a site at `base_url`.
pub fn data_page(site: &Site, data: &LangData, base_url: &str) -> DataPageContext {
    let l = &data.l;
    let s = l.s;
    let file = |name: &str, description: String, fields: Vec<FieldView>| {
        let url = urls::data_file(name);
        DownloadView {
            name: name.to_string(),
            url_abs: urls::absolute(base_url, &url),
            url,
            description,
            fields,
        }
    };
    let mut files = vec![
        file(
            urls::MEASURES_JSON,
            s.get("datapage.measures_json"),
            Vec::new(),
        ),
        file(
            urls::INDICATORS_CSV,
            s.get("datapage.indicators_csv"),
            fields(site, s, "indicators", data::indicator_header(site)),
        ),
        file(
            urls::OBSERVATIONS_CSV,
            s.get("datapage.observations_csv"),
            fields(site, s, "observations", data::observation_header(site)),
        ),
        file(
            urls::INDICATORS_XLSX,
            s.get("datapage.indicators_xlsx"),
            Vec::new(),
        ),
        file(
            urls::OBSERVATIONS_XLSX,
            s.get("datapage.observations_xlsx"),
            Vec::new(),
        ),
        file(
            urls::DATAPACKAGE_JSON,
            s.get("datapage.datapackage_json"),
            Vec::new(),
        ),
    ];
    if !data.history.releases.is_empty() {
        files.push(file(
            urls::CHANGES_JSON,
            s.get("datapage.changes_json"),
            Vec::new(),
        ));
    }
    // An example of each kind of file: the first measure, and its first
    // indicator with a chart.
    let first = site
        .collections
        .iter()
        .find_map(|c| Some((c.config.id.as_str(), c.measures.first()?)));
    let example_chart = site.collections.iter().find_map(|c| {
        c.measures.iter().find_map(|mf| {
            let m = &mf.measure;
            // Only an indicator that is drawn has a chart file (a target
            // in words alone is not).
            m.indicators.iter().find_map(|e| match e {
                crate::model::IndicatorEntry::Defined(ind)
                    if crate::render::chart::standalone(ind, l.s, "").is_some() =>
                {
                    Some(urls::chart_file(
                        &l.prefix,
                        &c.config.id,
                        &m.id.value,
                        &ind.id.value,
                    ))
                }
                _ => None,
            })
        })
    });
    let p = &l.prefix;
    let pattern = |pattern: String, description: String, example: Option<String>| PatternView {
        pattern,
        description,
        example,
    };
    let per_measure = vec![
        pattern(
            urls::measure_data("<collection>", "<measure>", "json"),
            s.get("datapage.measure_json"),
            first.map(|(c, mf)| urls::measure_data(c, &mf.measure.id.value, "json")),
        ),
        pattern(
            urls::measure_data("<collection>", "<measure>", "csv"),
            s.get("datapage.measure_csv"),
            first.map(|(c, mf)| urls::measure_data(c, &mf.measure.id.value, "csv")),
        ),
        pattern(
            urls::chart_file(p, "<collection>", "<measure>", "<indicator>"),
            s.get("datapage.chart_svg"),
            example_chart,
        ),
        pattern(
            urls::badge(p, "<collection>", "<measure>"),
            s.get("datapage.badge_svg"),
            first.map(|(c, mf)| urls::badge(p, c, &mf.measure.id.value)),
        ),
        pattern(urls::feed(p), s.get("datapage.feed"), Some(urls::feed(p))),
    ];
    DataPageContext {
        files,
        per_measure,
        // Names the page's address: set with it, in `page_context`.
        citation: CitationView::default(),
        releases: data
            .history
            .releases
            .iter()
            .rev()
            .map(|r| ReleaseView {
                name: r.name.clone(),
                date: s.date(r.date),
                url: urls::release_data(&r.name),
            })
            .collect(),
    }
}
