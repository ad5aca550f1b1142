//! The open data and feed entries of releases (SPEC §8): each snapshot as
//! published (`data/releases/<name>.json`, the release file's own bytes),
//! every change in `data/changes.json`, and one Atom entry per release.

use serde::Serialize;

use crate::changes::{Change, History};
use crate::render::markdown::escape;
use crate::render::pages::changes::counts;
use crate::render::pages::LangData;
use crate::render::urls;

use super::OutputFile;

/// `data/changes.json`: every release with its changes from the one
/// before, oldest first, and the changes since the latest.
#[derive(Serialize)]
struct ChangesFile<'a> {
    releases: Vec<ReleaseEntry<'a>>,
    since: Option<Since<'a>>,
}

#[derive(Serialize)]
struct ReleaseEntry<'a> {
    name: &'a str,
    date: String,
    as_of: &'a str,
    /// The release compared with (none for the first).
    from: Option<&'a str>,
    snapshot: String,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Since<'a> {
    from: &'a str,
    changes: &'a [Change],
}

/// The data files of the releases; none without releases.
pub fn data_files(history: &History) -> Vec<OutputFile> {
    if history.releases.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<OutputFile> = history
        .releases
        .iter()
        .map(|r| OutputFile::new(urls::release_data(&r.name), r.text.clone().into_bytes()))
        .collect();
    let file = ChangesFile {
        releases: history
            .releases
            .iter()
            .enumerate()
            .map(|(i, r)| ReleaseEntry {
                name: &r.name,
                date: r.date.to_string(),
                as_of: &r.snapshot.as_of,
                from: history.previous(i).map(|p| p.name.as_str()),
                snapshot: urls::release_data(&r.name),
                changes: &r.changes,
            })
            .collect(),
        since: history.latest().map(|l| Since {
            from: &l.name,
            changes: &history.since,
        }),
    };
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    json.push('\n');
    files.push(OutputFile::new(
        urls::data_file(urls::CHANGES_JSON),
        json.into_bytes(),
    ));
    files
}

/// One Atom entry per release, newest first: its page, its day, and how
/// many changes of each kind.
pub fn feed_entries(data: &LangData, base_url: &str) -> String {
    let l = &data.l;
    let mut xml = String::new();
    for (i, r) in data.history.releases.iter().enumerate().rev() {
        let link = urls::absolute(base_url, &urls::release(&l.prefix, &r.name));
        let title = if i == 0 {
            l.s.fill("changes.feed_first", &[("name", r.name.clone())])
        } else {
            l.s.fill(
                "changes.feed_title",
                &[
                    ("name", r.name.clone()),
                    ("count", r.changes.len().to_string()),
                ],
            )
        };
        let summary: Vec<String> = if i == 0 {
            vec![l.s.fill(
                "changes.first",
                &[
                    ("measures", r.snapshot.measure_count().to_string()),
                    ("indicators", r.snapshot.indicator_count().to_string()),
                ],
            )]
        } else {
            counts(l, &r.changes)
                .iter()
                .map(|k| format!("{}{}{}", k.label, l.s.get("changes.colon"), k.count))
                .collect()
        };
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<summary>{}</summary>\n</entry>\n",
            escape(&title),
            escape(&link),
            escape(&link),
            r.date,
            escape(&summary.join(" · "))
        ));
    }
    xml
}
