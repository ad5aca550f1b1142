//! `data/catalog.jsonld` (SPEC §11): a DCAT catalogue of every download,
//! in JSON-LD, for the data portals that harvest catalogues (CKAN's
//! DCAT harvester reads it as RDF). One dataset per open-data table
//! (indicators, observations, measures), per measure and per release
//! snapshot (and the changes between releases), each with its
//! distributions — CSV, xlsx, JSON — and the licence, the publisher, the
//! dates it was issued and last changed, and its languages. Dates come
//! from the releases and the content (see `pages::dates`), never the clock.
//!
//! Every term is written with its prefix and every value with its type
//! (`{"@id": …}` for an address, `{"@value": …, "@type": "xsd:date"}` for
//! a date, `{"@value": …, "@language": …}` for a text), so that the
//! document means the same to every JSON-LD processor without a remote
//! context.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::changes::History;
use crate::model::Text;
use crate::output::{Sink, WriteError};
use crate::site::Site;

use super::i18n::Strings;
use super::pages::dates::{Dates, SiteDates};
use super::urls;

/// The catalogue's file, under the output root.
pub fn path() -> String {
    urls::data_file("catalog.jsonld")
}

const CSV: (&str, &str) = ("CSV", "text/csv");
const JSON: (&str, &str) = ("JSON", "application/json");
const XLSX: (&str, &str) = ("XLSX", super::data::XLSX_MEDIATYPE);

/// One download of a dataset: its file (under the output root) and format.
struct File {
    path: String,
    format: (&'static str, &'static str),
    /// The JSON Schema it conforms to (under the output root, with a
    /// fragment for a part of it).
    schema: Option<String>,
}

/// One dataset: an identifier (the fragment of its IRI), its title and
/// description per language, its dates and files.
struct Dataset {
    id: String,
    title: Vec<(String, String)>,
    description: Vec<(String, String)>,
    dates: Dates,
    files: Vec<File>,
}

/// Writes the catalogue of the site to [`path`], a dataset at a time (the
/// datasets of a chunk in parallel), so that it is never whole in memory.
pub fn write(
    site: &Site,
    history: &History,
    strings: &BTreeMap<String, Strings>,
    dates: &SiteDates,
    base_url: &str,
    sink: &dyn Sink,
) -> Result<(), WriteError> {
    let langs = site.config.language_codes();
    let each = |text: &dyn Fn(&Strings) -> String| -> Vec<(String, String)> {
        langs
            .iter()
            .filter_map(|l| strings.get(*l).map(|s| (l.to_string(), text(s))))
            .collect()
    };
    let file = |name: &str, format| File {
        path: urls::data_file(name),
        format,
        schema: None,
    };
    let measures_schema = urls::data_file(urls::MEASURES_SCHEMA_JSON);
    let mut datasets = vec![
        Dataset {
            id: "indicators".into(),
            title: each(&|s| s.get("catalog.indicators")),
            description: each(&|s| s.get("datapage.indicators_csv")),
            dates: dates.site.clone(),
            files: vec![
                file(urls::INDICATORS_CSV, CSV),
                file(urls::INDICATORS_XLSX, XLSX),
            ],
        },
        Dataset {
            id: "observations".into(),
            title: each(&|s| s.get("catalog.observations")),
            description: each(&|s| s.get("datapage.observations_csv")),
            dates: dates.site.clone(),
            files: vec![
                file(urls::OBSERVATIONS_CSV, CSV),
                file(urls::OBSERVATIONS_XLSX, XLSX),
            ],
        },
        Dataset {
            id: "measures".into(),
            title: each(&|s| s.get("catalog.measures")),
            description: each(&|s| s.get("datapage.measures_json")),
            dates: dates.site.clone(),
            files: vec![File {
                schema: Some(measures_schema.clone()),
                ..file(urls::MEASURES_JSON, JSON)
            }],
        },
    ];
    for (ci, c) in site.collections.iter().enumerate() {
        for (mi, m) in c.measures.iter().enumerate() {
            let id = &m.measure.id.value;
            let title = texts(&m.measure.title, &langs);
            datasets.push(Dataset {
                id: format!("measure/{}/{id}", c.config.id),
                title: title
                    .into_iter()
                    .filter_map(|(l, t)| {
                        strings
                            .get(&l)
                            .map(|s| (l, s.fill("catalog.measure", &[("title", t)])))
                    })
                    .collect(),
                description: each(&|s| s.get("datapage.measure_json")),
                dates: dates.measures[ci][mi].clone(),
                files: vec![
                    File {
                        path: urls::measure_data(&c.config.id, id, "json"),
                        format: JSON,
                        // One item of measures.json.
                        schema: Some(format!("{measures_schema}#/definitions/Measure")),
                    },
                    File {
                        path: urls::measure_data(&c.config.id, id, "csv"),
                        format: CSV,
                        schema: None,
                    },
                ],
            });
        }
    }
    for r in &history.releases {
        datasets.push(Dataset {
            id: format!("release/{}", r.name),
            title: each(&|s| s.fill("catalog.release", &[("name", r.name.clone())])),
            description: each(&|s| s.get("datapage.releases")),
            dates: Dates {
                first: r.date,
                changed: r.date,
                release: Some(r.name.clone()),
            },
            files: vec![File {
                path: urls::release_data(&r.name),
                format: JSON,
                schema: None,
            }],
        });
    }
    if let (Some(first), Some(latest)) = (history.releases.first(), history.latest()) {
        datasets.push(Dataset {
            id: "changes".into(),
            title: each(&|s| s.get("catalog.changes")),
            description: each(&|s| s.get("datapage.changes_json")),
            dates: Dates {
                first: first.date,
                changed: if history.since.is_empty() {
                    latest.date
                } else {
                    dates.now
                },
                release: None,
            },
            files: vec![file(urls::CHANGES_JSON, JSON)],
        });
    }
    let description = each(&|s| s.get("catalog.description"));
    let doc = Document::new(site, &langs, &description, &dates.site, base_url);
    sink.put_streamed(&path(), &mut |out| {
        // The catalogue as `serde_json::to_vec_pretty` writes it whole: its
        // fields, the datasets last, each two levels in.
        let head = serde_json::to_vec_pretty(&doc.catalog).map_err(std::io::Error::other)?;
        let head = head.strip_suffix(b"\n}").unwrap_or(&head);
        out.write_all(head)?;
        out.write_all(b",\n  \"dcat:dataset\": [")?;
        for (i, chunk) in datasets.chunks(DATASETS_PER_CHUNK).enumerate() {
            let items: Vec<Vec<u8>> = chunk
                .par_iter()
                .map(|d| serde_json::to_vec_pretty(&doc.dataset(d)).unwrap_or_default())
                .collect();
            for (j, item) in items.iter().enumerate() {
                out.write_all(if i + j == 0 { b"\n" } else { b",\n" })?;
                for (k, line) in item.split(|b| *b == b'\n').enumerate() {
                    if k > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"    ")?;
                    out.write_all(line)?;
                }
            }
        }
        out.write_all(match datasets.is_empty() {
            true => b"]\n}\n",
            false => b"\n  ]\n}\n",
        })
    })
}

/// Datasets made (in parallel) between two writes to the catalogue.
const DATASETS_PER_CHUNK: usize = 256;

/// A text in each of `langs` it is written in (no fallback: a title in
/// the wrong language would be tagged wrongly).
fn texts(t: &Text, langs: &[&str]) -> Vec<(String, String)> {
    langs
        .iter()
        .filter_map(|l| t.exactly(l).map(|s| (l.to_string(), s.to_string())))
        .collect()
}

fn tagged(values: &[(String, String)]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|(lang, text)| json!({"@value": text, "@language": lang}))
            .collect(),
    )
}

fn date(d: crate::period::Date) -> Value {
    json!({"@value": d.to_string(), "@type": "xsd:date"})
}

fn iri(url: String) -> Value {
    json!({"@id": url})
}

/// The catalogue without its datasets, and what each dataset repeats.
struct Document {
    /// The catalogue's fields, but its datasets.
    catalog: Value,
    catalog_iri: String,
    base_url: String,
    languages: Vec<Value>,
    publisher: Option<Value>,
    license: Option<Value>,
    source: Option<Value>,
    data_page: String,
}

impl Document {
    fn new(
        site: &Site,
        langs: &[&str],
        description: &[(String, String)],
        site_dates: &Dates,
        base_url: &str,
    ) -> Document {
        let c = &site.config;
        let abs = |path: &str| urls::absolute(base_url, path);
        let catalog_iri = abs(&path());
        let languages: Vec<Value> = langs.iter().map(|l| json!(l)).collect();
        let publisher = c.publisher.as_ref().map(|p| {
            json!({
                "@id": format!("{catalog_iri}#publisher"),
                "@type": "foaf:Agent",
                "foaf:name": tagged(&texts(p, langs)),
            })
        });
        let license = c.license.as_ref().map(|l| iri(l.url.value.clone()));
        let source = c
            .source
            .as_ref()
            .and_then(|s| s.url.as_ref())
            .map(|u| iri(u.value.clone()));
        let data_page = abs(&urls::data_page(""));
        let mut cat = Map::new();
        cat.insert(
            "@context".into(),
            json!({
                "dcat": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
            }),
        );
        cat.insert("@id".into(), json!(catalog_iri));
        cat.insert("@type".into(), json!("dcat:Catalog"));
        cat.insert("dct:title".into(), tagged(&texts(&c.title, langs)));
        cat.insert("dct:description".into(), tagged(description));
        cat.insert("dct:issued".into(), date(site_dates.first));
        cat.insert("dct:modified".into(), date(site_dates.changed));
        cat.insert("dct:language".into(), json!(languages));
        cat.insert("foaf:homepage".into(), iri(abs(&urls::home(""))));
        if let Some(p) = &publisher {
            cat.insert("dct:publisher".into(), p.clone());
        }
        if let Some(l) = &license {
            cat.insert("dct:license".into(), l.clone());
        }
        Document {
            catalog: Value::Object(cat),
            catalog_iri,
            base_url: base_url.to_string(),
            languages,
            publisher,
            license,
            source,
            data_page,
        }
    }

    /// One dataset of `dcat:dataset`, with its distributions.
    fn dataset(&self, d: &Dataset) -> Value {
        let abs = |path: &str| urls::absolute(&self.base_url, path);
        let license = &self.license;
        let id = format!("{}#{}", self.catalog_iri, d.id);
        let distributions: Vec<Value> = d
            .files
            .iter()
            .map(|f| {
                let url = abs(&f.path);
                let mut dist = Map::new();
                dist.insert(
                    "@id".into(),
                    json!(format!("{id}/{}", f.format.0.to_lowercase())),
                );
                dist.insert("@type".into(), json!("dcat:Distribution"));
                dist.insert(
                    "dct:title".into(),
                    json!(f.path.rsplit('/').next().unwrap_or(&f.path)),
                );
                dist.insert("dct:format".into(), json!(f.format.0));
                dist.insert("dcat:mediaType".into(), json!(f.format.1));
                dist.insert("dcat:accessURL".into(), iri(url.clone()));
                dist.insert("dcat:downloadURL".into(), iri(url));
                if let Some(schema) = &f.schema {
                    dist.insert("dct:conformsTo".into(), iri(abs(schema)));
                }
                if let Some(l) = license {
                    dist.insert("dct:license".into(), l.clone());
                }
                dist.insert("dct:issued".into(), date(d.dates.first));
                dist.insert("dct:modified".into(), date(d.dates.changed));
                Value::Object(dist)
            })
            .collect();
        let mut set = Map::new();
        set.insert("@id".into(), json!(id));
        set.insert("@type".into(), json!("dcat:Dataset"));
        set.insert("dct:identifier".into(), json!(d.id));
        set.insert("dct:title".into(), tagged(&d.title));
        set.insert("dct:description".into(), tagged(&d.description));
        set.insert("dct:issued".into(), date(d.dates.first));
        set.insert("dct:modified".into(), date(d.dates.changed));
        set.insert("dct:language".into(), json!(self.languages));
        if let Some(p) = &self.publisher {
            set.insert("dct:publisher".into(), json!({"@id": p["@id"]}));
        }
        if let Some(l) = license {
            set.insert("dct:license".into(), l.clone());
        }
        if let Some(s) = &self.source {
            set.insert("dct:source".into(), s.clone());
        }
        set.insert("dcat:landingPage".into(), iri(self.data_page.clone()));
        set.insert("dcat:distribution".into(), Value::Array(distributions));
        Value::Object(set)
    }
}
