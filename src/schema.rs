//! JSON Schemas of the record files, generated from the same Rust types
//! that `load` fills, so that an editor validates YAML as it is typed.

use schemars::{generate::SchemaSettings, JsonSchema};

use crate::model::{CollectionConfig, Measure, PlanConfig, SiteConfig, UnitsFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Measure,
    Collection,
    Site,
    Units,
    /// `plans/<plan>/plan.yaml` (SPEC §10).
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Measure,
        Kind::Collection,
        Kind::Site,
        Kind::Units,
        Kind::Plan,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Measure => "measure.schema.json",
            Kind::Collection => "collection.schema.json",
            Kind::Site => "site.schema.json",
            Kind::Units => "units.schema.json",
            Kind::Plan => "plan.schema.json",
        }
    }
}

pub fn schema(kind: Kind) -> serde_json::Value {
    match kind {
        Kind::Measure => generate::<Measure>(),
        Kind::Collection => generate::<CollectionConfig>(),
        Kind::Site => generate::<SiteConfig>(),
        Kind::Units => generate::<UnitsFile>(),
        Kind::Plan => generate::<PlanConfig>(),
    }
}

fn generate<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::decode::*;
    use crate::model::*;

    fn properties<T: JsonSchema>() -> Vec<String> {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let mut keys: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    /// The fields of an enum whose variants are one-field mappings
    /// (`{url: …}` or `{email: …}`).
    fn variant_fields<T: JsonSchema>() -> Vec<String> {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let mut keys: Vec<String> = schema["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|v| v["properties"].as_object().unwrap().keys().cloned())
            .collect();
        keys.sort();
        keys
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    /// Every field list of the decoder, by the name of its constant, with
    /// the fields the schema gives the same record.
    fn field_lists() -> Vec<(&'static str, Vec<String>, &'static [&'static str])> {
        vec![
            ("SITE_FIELDS", properties::<SiteConfig>(), SITE_FIELDS),
            ("UNIT_FIELDS", properties::<Unit>(), UNIT_FIELDS),
            (
                "COLLECTION_FIELDS",
                properties::<CollectionConfig>(),
                COLLECTION_FIELDS,
            ),
            ("CATEGORY_FIELDS", properties::<Category>(), CATEGORY_FIELDS),
            ("MEASURE_FIELDS", properties::<Measure>(), MEASURE_FIELDS),
            (
                "INDICATOR_FIELDS",
                properties::<Indicator>(),
                INDICATOR_FIELDS,
            ),
            ("BOUND_FIELDS", properties::<Bound>(), BOUND_FIELDS),
            ("PROGRESS_FIELDS", properties::<Progress>(), PROGRESS_FIELDS),
            ("UPDATE_FIELDS", properties::<Update>(), UPDATE_FIELDS),
            (
                "MILESTONE_FIELDS",
                properties::<Milestone>(),
                MILESTONE_FIELDS,
            ),
            ("SOURCE_FIELDS", properties::<Source>(), SOURCE_FIELDS),
            (
                "PLAN_SOURCE_FIELDS",
                properties::<PlanSource>(),
                PLAN_SOURCE_FIELDS,
            ),
            (
                "LEVEL_FIELDS",
                properties::<AssessmentLevel>(),
                LEVEL_FIELDS,
            ),
            ("PERIOD_FIELDS", properties::<PlanPeriod>(), PERIOD_FIELDS),
            (
                "FRONT_MATTER_FIELDS",
                properties::<PageFrontMatter>(),
                FRONT_MATTER_FIELDS,
            ),
            ("LICENSE_FIELDS", properties::<License>(), LICENSE_FIELDS),
            (
                "FEEDBACK_FIELDS",
                variant_fields::<Feedback>(),
                FEEDBACK_FIELDS,
            ),
            ("EDITION_FIELDS", properties::<Edition>(), EDITION_FIELDS),
            ("FOOTER_FIELDS", properties::<FooterLine>(), FOOTER_FIELDS),
            ("PLAN_FIELDS", properties::<PlanConfig>(), PLAN_FIELDS),
            (
                "DISCONTINUED_FIELDS",
                properties::<Discontinued>(),
                DISCONTINUED_FIELDS,
            ),
        ]
    }

    /// The decoder's field lists and the schema come from two places; this
    /// keeps them the same.
    #[test]
    fn decoder_fields_match_the_schema() {
        for (name, schema, decoder) in field_lists() {
            assert_eq!(schema, sorted(decoder), "{name} and the schema differ");
        }
    }

    /// The test above once left out the update and milestone lists, so a
    /// field added to the decoder alone went unnoticed: every `*_FIELDS`
    /// list the decoder declares must be compared.
    #[test]
    fn schema_field_test_covers_update_and_milestone_and_every_list() {
        let decoder = include_str!("load/decode.rs");
        let declared: Vec<&str> = decoder
            .lines()
            .filter_map(|l| l.strip_prefix("pub const ")?.split_once(':'))
            .map(|(name, _)| name.trim())
            .filter(|name| name.ends_with("_FIELDS"))
            .collect();
        let compared: Vec<&str> = field_lists().iter().map(|(name, _, _)| *name).collect();
        for name in ["UPDATE_FIELDS", "MILESTONE_FIELDS"] {
            assert!(declared.contains(&name), "{name} is declared");
        }
        for name in &declared {
            assert!(
                compared.contains(name),
                "{name} is not compared with the schema"
            );
        }
    }
}
