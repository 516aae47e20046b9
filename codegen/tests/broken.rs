//! Broken documents: whatever the normalizer cannot repair is an error naming a JSON pointer,
//! never a panic.

use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use vvp_codegen::{generate_text, normalize_text};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    vvp_codegen::parse::parse_document(&text).expect("fixture parses")
}

/// Every JSON pointer of `v`'s nodes, outermost first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{at}/{}", vvp_codegen::escape(k));
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        _ => {}
    }
}

/// Replaces every node of real-shaped documents, in turn, by values of other JSON types (and
/// removes it): the normalizer either repairs the result or names where it is broken.
#[test]
fn no_node_of_the_wrong_type_makes_the_normalizer_panic() {
    let wrong = [
        Value::Null,
        json!(-1.5),
        json!("x"),
        json!([{}]),
        json!({"$ref": "#/nowhere"}),
    ];
    let all_generate = std::env::var_os("VVP_CODEGEN_SWEEP_ALL").is_some();
    let mut runs = 0;
    let mut errors = 0;
    let mut generate_errors = 0;
    let generate = |text: &str, what: &str| -> Result<(), ()> {
        match generate_text(text) {
            Ok(_) => Ok(()),
            Err(e) => {
                assert!(
                    !e.message.contains("panicked"),
                    "{what}: a repaired document made progenitor panic: {e}"
                );
                assert!(e.pointer.starts_with('/'), "{what}: no pointer: {e}");
                Err(())
            }
        }
    };
    for name in [
        "springdoc_openapi_3_0.json",
        "springfox_qualified_refs.json",
        "quirks.json",
    ] {
        let doc = fixture(name);
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        for (i, ptr) in all.iter().enumerate() {
            // Two wrong values per node (rotating through the list) and its removal.
            let two = [&wrong[i % wrong.len()], &wrong[(i + 2) % wrong.len()]];
            for replacement in two.into_iter().map(Some).chain([None]) {
                let mut broken = doc.clone();
                let (parent, last) = ptr.rsplit_once('/').unwrap_or_default();
                let last = last.replace("~1", "/").replace("~0", "~");
                match (broken.pointer_mut(parent), replacement) {
                    (Some(Value::Object(m)), Some(r)) => {
                        m.insert(last, r.clone());
                    }
                    (Some(Value::Object(m)), None) => {
                        m.remove(&last);
                    }
                    (Some(Value::Array(a)), Some(r)) => {
                        a[last.parse::<usize>().unwrap()] = r.clone();
                    }
                    (Some(Value::Array(a)), None) => {
                        a.remove(last.parse::<usize>().unwrap());
                    }
                    _ => unreachable!("{ptr} has a container parent"),
                }
                let text = broken.to_string();
                let result = catch_unwind(AssertUnwindSafe(|| normalize_text(&text)));
                runs += 1;
                match result {
                    Err(_) => panic!("{name}: {ptr} := {replacement:?} made the normalizer panic"),
                    Ok(Ok(_)) => {
                        // progenitor is slow: every 16th repaired document (all of them with
                        // VVP_CODEGEN_SWEEP_ALL=1) also goes through generation.
                        if (runs % 16 == 0 || all_generate)
                            && generate(&text, &format!("{name}: {ptr} := {replacement:?}"))
                                .is_err()
                        {
                            generate_errors += 1;
                        }
                    }
                    Ok(Err(e)) => {
                        errors += 1;
                        assert!(!e.message.is_empty(), "{name}: {ptr}: empty message");
                        assert!(
                            e.pointer.is_empty() || e.pointer.starts_with('/'),
                            "{name}: {ptr}: {e}"
                        );
                    }
                }
            }
        }
    }
    println!(
        "{runs} broken documents, {errors} rejected with a pointer, the rest repaired \
         ({generate_errors} of those sent to progenitor rejected with a pointer)"
    );
    assert!(runs > 2000);
}

fn error(doc: Value) -> String {
    match generate_text(&doc.to_string()) {
        Ok(_) => panic!("should fail: {doc}"),
        Err(e) => format!("{}: {}", e.pointer, e.message),
    }
}

#[test]
fn unrepairable_documents_name_the_pointer() {
    assert_eq!(
        error(json!({"openapi": "3.0.1", "paths": {"/a": {"get": {"responses": []}}}})),
        "/paths/~1a/get/responses: expected an object, found an array"
    );
    assert_eq!(
        error(json!({"openapi": "3.0.1", "paths": {"a": {}}})),
        "/paths/a: a path must start with `/`"
    );
    assert_eq!(
        error(json!({"openapi": "3.0.1", "components": {"schemas": []}, "paths": {}})),
        "/components/schemas: expected an object, found an array"
    );
    assert_eq!(
        error(json!({"openapi": "3.0.1", "paths": {"/a": {"get": {
            "responses": {"200": {"description": "", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}})),
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref: \
         reference target #/components/schemas/Missing does not exist"
    );
    assert_eq!(
        error(
            json!({"swagger": "2.0", "definitions": {"a.Thing": {}, "b.Thing": {}},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "",
                "schema": {"$ref": "#/definitions/c.Thing"}}}}}}})
        ),
        "/paths/~1a/get/responses/200/schema/$ref: reference target #/definitions/c.Thing does \
         not exist, and 2 definitions have its simple name `Thing`: a.Thing, b.Thing"
    );
    assert_eq!(
        error(json!({"swagger": "2.0", "paths": {"/a": {"get": {"operationId": 5}}}})),
        "/paths/~1a/get/operationId: operationId must be a string, found a number"
    );
    // Parts progenitor's parser rejects are named exactly, not just `/paths`.
    let message = error(json!({"openapi": "3.0.1", "paths": {"/a": {"get": {
        "parameters": [{"name": "x", "in": "query", "required": "yes", "schema": {"type": "string"}}],
        "responses": {"204": {"description": ""}}}}}}));
    assert!(
        message.starts_with(
            "/paths/~1a/get/parameters/0: not a valid OpenAPI 3.0 document after normalization:"
        ),
        "{message}"
    );
    let message = error(
        json!({"openapi": "3.0.1", "paths": {}, "components": {"schemas": {
        "A": {"type": "object", "properties": {"b": {"allOf": [5]}}}}}}),
    );
    assert!(
        message.starts_with(
            "/components/schemas/A/properties/b/allOf/0: not a valid OpenAPI 3.0 document after \
             normalization:"
        ),
        "{message}"
    );
    assert_eq!(
        error(json!({"info": {}, "paths": {}})),
        ": neither a `swagger` nor an `openapi` version field: not a Swagger/OpenAPI document"
    );
}
