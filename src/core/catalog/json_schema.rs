//! The JSON Schema of the flow format, generated from the model's types so
//! that it cannot drift from what the loader accepts. Editors that speak the
//! YAML language server read it from the first line of a flow file:
//! `# yaml-language-server: $schema=../assets/flow.schema.json`.
//!
//! `actwiz schema` prints it; `assets/flow.schema.json` is the committed
//! copy, kept equal by a test.

use schemars::generate::SchemaSettings;

use crate::core::model::FlowFile;

/// Where the committed copy lives, relative to the repository.
#[cfg(test)]
const COMMITTED_PATH: &str = "assets/flow.schema.json";

/// The schema of a flow file, as pretty JSON ending with a newline.
/// Draft-07: the draft the YAML language server supports best.
pub(crate) fn flow_schema() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<FlowFile>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_schema_matches_the_model() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED_PATH);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == flow_schema(),
            "{COMMITTED_PATH} is not the schema of the current model (a field was added or \
             changed in src/core/model/mod.rs). Regenerate it:\n\n    \
             cargo run -- schema > {COMMITTED_PATH}\n\nand commit the result."
        );
    }

    #[test]
    fn schema_describes_the_format() {
        let schema: serde_json::Value = serde_json::from_str(&flow_schema()).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let required = schema["required"].as_array().unwrap();
        for field in ["family", "title", "source", "codes"] {
            assert!(required.iter().any(|r| r == field), "{field} not required");
        }
        // Unknown fields are refused by the loader, so by the schema too.
        assert_eq!(schema["additionalProperties"], false);
        let text = flow_schema();
        for word in [
            "way_out",
            "caution",
            "no_way_out",
            "check_command",
            "placeholders",
        ] {
            assert!(text.contains(&format!("\"{word}\"")), "{word} missing");
        }
    }
}
