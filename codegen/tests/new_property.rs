//! Adding a property to a definition of a spec makes it a typed field of the generated struct,
//! with no other edit: no list of fields, no hand-written mapping.

use quote::ToTokens;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vvp_codegen::generate_text;

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The fields of `pub struct {name}` in generated code: Rust name -> (type, serde attributes).
fn fields(code: &str, name: &str) -> BTreeMap<String, (String, String)> {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut found = None;
    visit(&file.items, name, &mut found);
    let item = found.unwrap_or_else(|| panic!("no struct {name}"));
    item.fields
        .iter()
        .map(|f| {
            let ident = f.ident.as_ref().expect("named field").to_string();
            let ty = f.ty.to_token_stream().to_string().replace(' ', "");
            let attrs = f
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("serde"))
                .map(|a| a.to_token_stream().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            (ident, (ty, attrs))
        })
        .collect()
}

fn visit(items: &[syn::Item], name: &str, found: &mut Option<syn::ItemStruct>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if s.ident == name => *found = Some(s.clone()),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    visit(inner, name, found);
                }
            }
            _ => {}
        }
    }
}

fn generate(doc: &Value) -> String {
    generate_text(&doc.to_string())
        .unwrap_or_else(|e| panic!("{e}"))
        .code
}

/// Adds properties to `definition` (found at `schemas`, a JSON pointer) and checks that the
/// struct gains exactly those fields, typed, with every old field unchanged.
fn check(fixture_name: &str, schemas: &str) {
    let before_doc = fixture(fixture_name);
    let before = fields(&generate(&before_doc), "DeploymentSpec");

    let mut after_doc = before_doc.clone();
    let spec = after_doc
        .pointer_mut(&format!("{schemas}/DeploymentSpec"))
        .expect("the fixture defines DeploymentSpec");
    let reference = if schemas == "/definitions" {
        "#/definitions/DeploymentSpec"
    } else {
        "#/components/schemas/DeploymentSpec"
    };
    let props = spec["properties"].as_object_mut().expect("properties");
    props.insert(
        "maxSavepointCreationAttempts".into(),
        json!({"type": "integer", "format": "int32"}),
    );
    props.insert("sessionClusterName".into(), json!({"type": "string"}));
    props.insert("previous".into(), json!({"$ref": reference}));
    spec["required"] = json!(["sessionClusterName"]);
    let after = fields(&generate(&after_doc), "DeploymentSpec");

    for (name, old) in &before {
        assert_eq!(
            after.get(name),
            Some(old),
            "{fixture_name}: field {name} changed"
        );
    }
    let added: BTreeMap<_, _> = after
        .iter()
        .filter(|(name, _)| !before.contains_key(*name))
        .map(|(name, (ty, attrs))| (name.as_str(), (ty.as_str(), attrs.as_str())))
        .collect();
    assert_eq!(
        added.keys().copied().collect::<Vec<_>>(),
        [
            "max_savepoint_creation_attempts",
            "previous",
            "session_cluster_name"
        ],
        "{fixture_name}"
    );
    assert_eq!(
        added["max_savepoint_creation_attempts"].0,
        "::std::option::Option<i32>"
    );
    assert!(added["max_savepoint_creation_attempts"]
        .1
        .contains("rename = \"maxSavepointCreationAttempts\""));
    // Required: not optional.
    assert_eq!(added["session_cluster_name"].0, "::std::string::String");
    // A `$ref` becomes the referenced generated type (boxed: it is recursive here).
    assert!(
        added["previous"].0.contains("DeploymentSpec"),
        "{}",
        added["previous"].0
    );
}

#[test]
fn a_new_property_of_a_swagger_2_definition_is_a_typed_field() {
    check("springfox_qualified_refs.json", "/definitions");
}

#[test]
fn a_new_property_of_an_openapi_3_schema_is_a_typed_field() {
    check("springdoc_openapi_3_0.json", "/components/schemas");
}
