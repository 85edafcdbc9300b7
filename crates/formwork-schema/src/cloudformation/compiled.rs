//! The compiled form of the vendored resource schemas (schemas/cloudformation/compiled.bin,
//! see `crate::schema::compact`): generated from the JSON files by the test
//! `compiled_schemas_are_fresh`, which fails when it is stale.

/// The compact form of the vendored resource schemas, in the order of `RESOURCE_SCHEMAS`,
/// each with its type's `Fn::GetAtt` attributes.
pub(super) static RESOURCE_SCHEMAS_COMPILED: &[u8] =
    include_bytes!("../../schemas/cloudformation/compiled.bin");

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value as Json};

    use super::RESOURCE_SCHEMAS_COMPILED;
    use crate::schema::compact::{file_of, schema_at};
    use crate::schema::Schema;
    use crate::vendored::RESOURCE_SCHEMAS;

    /// Each vendored schema compiled from its JSON, and its type's attributes.
    fn compiled_from_json() -> Vec<(Schema, Vec<String>)> {
        RESOURCE_SCHEMAS
            .iter()
            .map(|(name, text)| {
                let schema = Schema::from_json(&serde_json::from_str(text).expect("valid JSON"));
                let attributes = super::super::attributes_of(name, &schema);
                (schema, attributes)
            })
            .collect()
    }

    #[test]
    fn compiled_schemas_are_fresh() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/cloudformation/compiled.bin");
        let expected = file_of(&compiled_from_json());
        if std::env::var_os("FORMWORK_SCHEMA_REGENERATE").is_some() {
            std::fs::write(&path, &expected).expect("write schemas/cloudformation/compiled.bin");
            return;
        }
        let actual = std::fs::read(&path).unwrap_or_default();
        assert!(
            actual == expected && RESOURCE_SCHEMAS_COMPILED == expected.as_slice(),
            "schemas/cloudformation/compiled.bin is stale: run scripts/refresh-cfn-schemas.py, or \
             FORMWORK_SCHEMA_REGENERATE=1 cargo test -p formwork-schema --lib compiled_schemas_are_fresh"
        );
    }

    #[test]
    fn decoding_gives_the_schema_compiling_the_json_gives() {
        // Debug prints every field of every node (patterns as their source, not compiled
        // yet): equal prints are equal schemas.
        let mut attributes_seen = 0;
        for (index, ((schema, attributes), (name, _))) in
            compiled_from_json().iter().zip(RESOURCE_SCHEMAS).enumerate()
        {
            let (decoded, decoded_attributes) = schema_at(RESOURCE_SCHEMAS_COMPILED, index).expect(name);
            assert_eq!(decoded.type_name(), Some(*name));
            assert_eq!(&decoded_attributes, attributes, "{name}");
            assert_eq!(super::super::attributes_of(name, &decoded), *attributes, "{name}");
            attributes_seen += attributes.len();
            let (decoded, expected) = (format!("{decoded:?}"), format!("{schema:?}"));
            // where they differ, not the whole print
            let at = decoded.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
            let around = |text: &str| {
                text.get(at.saturating_sub(200)..).unwrap_or("").chars().take(400).collect::<String>()
            };
            assert!(
                decoded == expected,
                "{name}: decoded ...{}\nfrom JSON ...{}",
                around(&decoded),
                around(&expected)
            );
        }
        assert!(schema_at(RESOURCE_SCHEMAS_COMPILED, RESOURCE_SCHEMAS.len()).is_none());
        assert!(attributes_seen > 80, "{attributes_seen}");
    }

    /// A document for a schema's JSON: every property it names, to `depth` levels, each
    /// with a value of a kind picked by `seed` and its position (right or wrong).
    fn sample(schema: &Json, root: &Json, seed: usize, depth: usize) -> Json {
        let schema = match schema.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => root.pointer(pointer).unwrap_or(schema),
            None => schema,
        };
        let kinds = [
            Json::String("x".into()),
            Json::String(String::new()),
            Json::from(0),
            Json::from(-5),
            Json::from(1.5e12),
            Json::Bool(true),
            Json::Null,
            serde_json::json!({"Ref": "Other"}),
            Json::String("arn:aws:s3:::a-b.c/D_1".into()),
        ];
        let Some(properties) = schema.get("properties").and_then(Json::as_object) else {
            let items = schema.get("items");
            return match (items, depth) {
                (Some(items), 1..) if seed % 3 != 0 => {
                    Json::Array((0..seed % 4).map(|i| sample(items, root, seed + i, depth - 1)).collect())
                }
                _ => kinds[seed % kinds.len()].clone(),
            };
        };
        let mut out = Map::new();
        for (position, (name, property)) in properties.iter().enumerate() {
            let pick = seed.wrapping_mul(31).wrapping_add(position * 7);
            if pick % 5 == 4 {
                continue;
            }
            let value = if depth > 0 && pick % 3 != 0 {
                sample(property, root, pick, depth - 1)
            } else {
                kinds[pick % kinds.len()].clone()
            };
            out.insert(name.clone(), value);
        }
        if seed % 4 == 1 {
            out.insert("NotAProperty".into(), Json::from(1));
        }
        Json::Object(out)
    }

    #[test]
    fn decoded_and_json_schemas_report_the_same_errors() {
        let mut reported = 0;
        for (index, (name, text)) in RESOURCE_SCHEMAS.iter().enumerate() {
            let json: Json = serde_json::from_str(text).expect("valid JSON");
            let compiled = Schema::from_json(&json);
            let (decoded, _) = schema_at(RESOURCE_SCHEMAS_COMPILED, index).expect(name);
            for seed in 0..24 {
                let document = sample(&json, &json, seed, 4);
                for options in [crate::Options::json(), crate::Options::cloudformation()] {
                    let expected = compiled.validate_with(&document, &options);
                    assert_eq!(decoded.validate_with(&document, &options), expected, "{name} {document}");
                    reported += expected.len();
                }
            }
        }
        assert!(reported > 5_000, "{reported}");
    }
}
