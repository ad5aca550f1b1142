//! `gongkai schema`: print (or write) the JSON Schemas of the record files.

use std::path::Path;

use super::EXIT_OK;
use crate::schema::{schema, Kind};

pub fn execute(kind: Kind, out: Option<&Path>) -> u8 {
    let Some(dir) = out else {
        println!("{}", pretty(kind));
        return EXIT_OK;
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return super::fail(format!("cannot create {}: {e}", dir.display()));
    }
    for kind in Kind::ALL {
        let path = dir.join(kind.file_name());
        if let Err(e) = std::fs::write(&path, pretty(kind) + "\n") {
            return super::fail(format!("cannot write {}: {e}", path.display()));
        }
        eprintln!("wrote {}", path.display());
    }
    EXIT_OK
}

fn pretty(kind: Kind) -> String {
    serde_json::to_string_pretty(&schema(kind)).unwrap_or_default()
}
