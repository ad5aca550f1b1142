//! JSON Schemas of the record files, generated from the same Rust types
//! that `load` fills, so that an editor validates YAML as it is typed.

use schemars::{generate::SchemaSettings, JsonSchema};

use crate::model::{CollectionConfig, Measure, SiteConfig, UnitsFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Measure,
    Collection,
    Site,
    Units,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Measure, Kind::Collection, Kind::Site, Kind::Units];

    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Measure => "measure.schema.json",
            Kind::Collection => "collection.schema.json",
            Kind::Site => "site.schema.json",
            Kind::Units => "units.schema.json",
        }
    }
}

pub fn schema(kind: Kind) -> serde_json::Value {
    match kind {
        Kind::Measure => generate::<Measure>(),
        Kind::Collection => generate::<CollectionConfig>(),
        Kind::Site => generate::<SiteConfig>(),
        Kind::Units => generate::<UnitsFile>(),
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

    /// The decoder's field lists and the schema come from two places; this
    /// keeps them the same.
    #[test]
    fn decoder_fields_match_the_schema() {
        assert_eq!(properties::<SiteConfig>(), sorted(SITE_FIELDS));
        assert_eq!(properties::<Unit>(), sorted(UNIT_FIELDS));
        assert_eq!(properties::<CollectionConfig>(), sorted(COLLECTION_FIELDS));
        assert_eq!(properties::<Category>(), sorted(CATEGORY_FIELDS));
        assert_eq!(properties::<Measure>(), sorted(MEASURE_FIELDS));
        assert_eq!(properties::<Indicator>(), sorted(INDICATOR_FIELDS));
        assert_eq!(properties::<Bound>(), sorted(BOUND_FIELDS));
        assert_eq!(properties::<Progress>(), sorted(PROGRESS_FIELDS));
        assert_eq!(properties::<Source>(), sorted(SOURCE_FIELDS));
        assert_eq!(properties::<PlanSource>(), sorted(PLAN_SOURCE_FIELDS));
        assert_eq!(properties::<AssessmentLevel>(), sorted(LEVEL_FIELDS));
        assert_eq!(properties::<PlanPeriod>(), sorted(PERIOD_FIELDS));
        assert_eq!(properties::<PageFrontMatter>(), sorted(FRONT_MATTER_FIELDS));
        assert_eq!(properties::<License>(), sorted(LICENSE_FIELDS));
        assert_eq!(variant_fields::<Feedback>(), sorted(FEEDBACK_FIELDS));
        assert_eq!(properties::<Edition>(), sorted(EDITION_FIELDS));
        assert_eq!(properties::<FooterLine>(), sorted(FOOTER_FIELDS));
    }
}
