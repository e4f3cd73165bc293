//! JSON Schemas of caliper's documents, generated from the serde types (published in
//! `docs/schema/` for custom-rule authors; a test keeps the committed copies current).

use std::path::Path;

use anyhow::Result;

use super::config::Config;
use super::findings::Findings;
use super::snapshot::Snapshot;

/// A schema as published: pretty JSON with a final newline.
pub fn pretty(s: schemars::Schema) -> String {
    serde_json::to_string_pretty(&s).expect("schema serializes") + "\n"
}

/// File name → schema text of the documents caliper reads (see `caliper::schemas` for all).
pub fn schemas() -> Vec<(&'static str, String)> {
    vec![
        (
            "snapshot.schema.json",
            pretty(schemars::schema_for!(Snapshot)),
        ),
        (
            "findings.schema.json",
            pretty(schemars::schema_for!(Findings)),
        ),
        ("config.schema.json", pretty(schemars::schema_for!(Config))),
    ]
}

pub fn write_schemas(dir: &Path, schemas: &[(&str, String)]) -> Result<()> {
    for (name, text) in schemas {
        super::io::write_atomic(&dir.join(name), text)?;
    }
    Ok(())
}
