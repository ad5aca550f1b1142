//! Who continues whom across plans (SPEC §10), resolved once the plans
//! are: each link with its change, each indicator's series, each served
//! programme indicator. Records are named by their paths with the plan
//! (`2023/indicators/gdp`, `2023/indicators/gdp/gdp`), the keys every
//! page, data file and release uses for them.

use std::collections::BTreeMap;

use crate::model::*;
use crate::site::Site;

/// One `continues` link, from the later record to the earlier one.
#[derive(Debug, Clone)]
pub struct Link {
    /// The record that continues (`2024/indicators/gdp[/gdp]`).
    pub from: String,
    /// The record it continues.
    pub to: String,
    /// Its own change, or its measure's for an indicator that sets none.
    pub change: Option<Change>,
    pub note: Option<Text>,
    /// Whether both ends are indicators.
    pub indicator: bool,
}

/// The lineage of every record of every plan.
#[derive(Debug, Default)]
pub struct Lineages {
    /// Every link, in plan order, then file order.
    pub links: Vec<Link>,
    /// Each indicator's series id (the path of its earliest member), by path.
    series: BTreeMap<String, String>,
    /// Each series' members, earliest plan first.
    members: BTreeMap<String, Vec<String>>,
    /// Served programme indicator → the annual indicators serving it.
    pub served_by: BTreeMap<String, Vec<String>>,
}

/// What a record's path names, by its shape: `plan/collection/measure` a
/// measure, `plan/collection/measure/indicator` an indicator. The one
/// place that reads a path's shape; whether the record is there is for
/// the caller to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Measure,
    Indicator,
}

impl Kind {
    /// The kind a path's shape says (its number of segments).
    pub fn of(path: &str) -> Kind {
        match path.split('/').count() {
            4 => Kind::Indicator,
            _ => Kind::Measure,
        }
    }
}

/// `plan/collection/measure`.
pub fn measure_path(plan: &str, collection: &str, measure: &str) -> String {
    format!("{plan}/{collection}/{measure}")
}

/// `plan/collection/measure/indicator`.
pub fn indicator_path(plan: &str, collection: &str, measure: &str, indicator: &str) -> String {
    format!("{plan}/{collection}/{measure}/{indicator}")
}

impl Lineages {
    /// The links of `plans` (in period order), all already checked.
    pub fn new(plans: &[Site]) -> Lineages {
        let mut lineages = Lineages::default();
        let mut order: Vec<String> = Vec::new();
        for site in plans {
            let Some(plan) = &site.plan else { continue };
            for c in &site.collections {
                for m in &c.measures {
                    let measure = &m.measure;
                    let from = measure_path(&plan.id, &c.config.id, &measure.id.value);
                    lineages.add(&from, &measure.lineage, None, false);
                    for entry in &measure.indicators {
                        let IndicatorEntry::Defined(ind) = entry else {
                            continue;
                        };
                        let path = indicator_path(
                            &plan.id,
                            &c.config.id,
                            &measure.id.value,
                            &ind.id.value,
                        );
                        let inherited = measure.lineage.change.as_ref().map(|c| c.value);
                        lineages.add(&path, &ind.lineage, inherited, true);
                        for served in &ind.serves {
                            lineages
                                .served_by
                                .entry(served.value.clone())
                                .or_default()
                                .push(path.clone());
                        }
                        order.push(path);
                    }
                }
            }
        }
        // Series: each indicator joins the series of the first indicator it
        // continues in the same series; plans come in period order, so
        // every predecessor's series is known before its successors'.
        for path in &order {
            let id = lineages
                .links
                .iter()
                .filter(|l| l.indicator && &l.from == path)
                .filter(|l| l.change.is_none_or(Change::same_series))
                .find_map(|l| lineages.series.get(&l.to).cloned())
                .unwrap_or_else(|| path.clone());
            lineages
                .members
                .entry(id.clone())
                .or_default()
                .push(path.clone());
            lineages.series.insert(path.clone(), id);
        }
        lineages
    }

    fn add(&mut self, from: &str, lineage: &Lineage, inherited: Option<Change>, indicator: bool) {
        for to in &lineage.continues {
            self.links.push(Link {
                from: from.to_string(),
                to: to.value.clone(),
                change: lineage.change.as_ref().map(|c| c.value).or(inherited),
                note: lineage.change_note.clone(),
                indicator: indicator && Kind::of(&to.value) == Kind::Indicator,
            });
        }
    }

    /// What `path` continues.
    pub fn continues<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Link> {
        self.links.iter().filter(move |l| l.from == path)
    }

    /// What continues `path`.
    pub fn continued_by<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Link> {
        self.links.iter().filter(move |l| l.to == path)
    }

    /// The series id of indicator `path` (its own path when it starts one).
    pub fn series_of<'a>(&'a self, path: &'a str) -> &'a str {
        self.series.get(path).map(String::as_str).unwrap_or(path)
    }

    /// The members of indicator `path`'s series, earliest plan first (just
    /// `path` when it has no other).
    pub fn series_members<'a>(&'a self, path: &'a str) -> Vec<&'a str> {
        match self.members.get(self.series_of(path)) {
            Some(m) => m.iter().map(String::as_str).collect(),
            None => vec![path],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_a_measure_or_an_indicator_by_its_shape() {
        assert_eq!(
            Kind::of(&measure_path("2023", "indicators", "gdp")),
            Kind::Measure
        );
        assert_eq!(
            Kind::of(&indicator_path("2023", "indicators", "gdp", "gdp")),
            Kind::Indicator
        );
        assert_eq!(Kind::of("2023/indicators"), Kind::Measure);
    }
}
