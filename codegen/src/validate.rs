//! Checks that reject a document no repair can fix. Each error names the JSON pointer.

use super::{kind_of, pointer, SpecError};
use serde_json::Value;
use std::collections::BTreeMap;

/// The HTTP methods an OpenAPI / Swagger path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Runs every check on a freshly parsed document (Swagger 2.0 or OpenAPI 3.0.x).
pub fn validate(doc: &Value) -> Result<(), SpecError> {
    check_version(doc)?;
    check_structure(doc)?;
    check_operation_ids(doc)?;
    check_refs(doc)
}

/// Accepts `"swagger": "2.0"` and `"openapi": "3.0.x"`.
pub fn check_version(doc: &Value) -> Result<(), SpecError> {
    match (doc.get("swagger"), doc.get("openapi")) {
        (Some(Value::String(v)), None) if v.trim() == "2.0" => Ok(()),
        (None, Some(Value::String(v))) if v.trim().starts_with("3.0.") => Ok(()),
        (Some(v), None) => Err(SpecError::at(
            "/swagger",
            format!(
                "unsupported Swagger version {} (supported: \"2.0\" and OpenAPI \"3.0.x\")",
                v
            ),
        )),
        (None, Some(v)) => Err(SpecError::at(
            "/openapi",
            format!(
                "unsupported OpenAPI version {} (supported: \"3.0.x\" and Swagger \"2.0\")",
                v
            ),
        )),
        (Some(_), Some(_)) => Err(SpecError::at(
            "",
            "the document declares both `swagger` and `openapi` versions",
        )),
        (None, None) => Err(SpecError::at(
            "",
            "neither a `swagger` nor an `openapi` version field: not a Swagger/OpenAPI document",
        )),
    }
}

fn expect_object<'a>(
    v: &'a Value,
    at: &str,
) -> Result<&'a serde_json::Map<String, Value>, SpecError> {
    v.as_object()
        .ok_or_else(|| SpecError::at(at, format!("expected an object, found {}", kind_of(v))))
}

/// `paths`, path items, operations, `responses`, `parameters`, `definitions` and
/// `components/schemas` have the JSON types the specs require.
pub fn check_structure(doc: &Value) -> Result<(), SpecError> {
    for section in [
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
    ] {
        if let Some(v) = doc.get(section) {
            expect_object(v, &pointer(&[section]))?;
        }
    }
    if let Some(c) = doc.get("components") {
        expect_object(c, "/components")?;
        if let Some(s) = c.get("schemas") {
            expect_object(s, "/components/schemas")?;
        }
    }
    let Some(paths) = doc.get("paths") else {
        return Ok(());
    };
    for (path, item) in expect_object(paths, "/paths")? {
        let at = pointer(&["paths", path]);
        if !path.starts_with('/') {
            return Err(SpecError::at(at, "a path must start with `/`"));
        }
        let item = expect_object(item, &at)?;
        if item.contains_key("$ref") {
            return Err(SpecError::at(
                format!("{at}/$ref"),
                "path item references are not supported",
            ));
        }
        if let Some(p) = item.get("parameters") {
            check_parameters(p, &format!("{at}/parameters"))?;
        }
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = pointer(&["paths", path, method]);
            let op = expect_object(op, &at)?;
            if let Some(p) = op.get("parameters") {
                check_parameters(p, &format!("{at}/parameters"))?;
            }
            if let Some(r) = op.get("responses") {
                for (code, resp) in expect_object(r, &format!("{at}/responses"))? {
                    expect_object(resp, &pointer(&["paths", path, method, "responses", code]))?;
                }
            }
            if let Some(id) = op.get("operationId") {
                if !id.is_string() {
                    return Err(SpecError::at(
                        format!("{at}/operationId"),
                        format!("operationId must be a string, found {}", kind_of(id)),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_parameters(params: &Value, at: &str) -> Result<(), SpecError> {
    let list = params.as_array().ok_or_else(|| {
        SpecError::at(at, format!("expected an array, found {}", kind_of(params)))
    })?;
    for (i, p) in list.iter().enumerate() {
        let at = format!("{at}/{i}");
        let p = expect_object(p, &at)?;
        if p.contains_key("$ref") {
            continue;
        }
        for field in ["name", "in"] {
            if !p.get(field).is_some_and(Value::is_string) {
                return Err(SpecError::at(
                    at,
                    format!("a parameter needs a string `{field}`"),
                ));
            }
        }
    }
    Ok(())
}

/// Operation ids are unique within the document.
pub fn check_operation_ids(doc: &Value) -> Result<(), SpecError> {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(id) = item
                .get(*method)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let at = pointer(&["paths", path, method, "operationId"]);
            if let Some(first) = seen.get(id) {
                return Err(SpecError::at(
                    at,
                    format!("duplicate operation id `{id}` (first used at {first})"),
                ));
            }
            seen.insert(id, at);
        }
    }
    Ok(())
}

/// Every `$ref` is local (`#/...`) and its target exists.
pub fn check_refs(doc: &Value) -> Result<(), SpecError> {
    fn walk(root: &Value, v: &Value, at: &mut String) -> Result<(), SpecError> {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let here = format!("{at}/$ref");
                    if resolve(root, r).is_none() {
                        let what = if r.starts_with('#') {
                            format!("reference target {r} does not exist")
                        } else {
                            format!("external reference {r} is not supported (only `#/...`)")
                        };
                        return Err(SpecError::at(here, what));
                    }
                }
                for (k, child) in map {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&super::escape(k));
                    walk(root, child, at)?;
                    at.truncate(len);
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("/{i}"));
                    walk(root, child, at)?;
                    at.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(doc, doc, &mut String::new())
}

/// Resolves a local reference (`#/definitions/X`), also when percent-encoded.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let ptr = reference.strip_prefix('#')?;
    doc.pointer(ptr)
        .or_else(|| doc.pointer(&percent_decode(ptr)?))
}

/// Decodes `%XX` escapes (UTF-8); `None` when there are none or they are malformed.
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions() {
        assert!(check_version(&json!({"swagger": "2.0"})).is_ok());
        assert!(check_version(&json!({"openapi": "3.0.3"})).is_ok());
        let e = check_version(&json!({"swagger": "1.2"})).unwrap_err();
        assert_eq!(e.pointer, "/swagger");
        assert!(e.message.contains("unsupported Swagger version \"1.2\""));
        let e = check_version(&json!({"openapi": "3.1.0"})).unwrap_err();
        assert_eq!(e.pointer, "/openapi");
        assert!(e.message.contains("unsupported OpenAPI version \"3.1.0\""));
        assert!(check_version(&json!({"info": {}})).is_err());
    }

    #[test]
    fn missing_ref_target_is_named() {
        let doc = json!({"swagger": "2.0", "paths": {"/api/v1/x": {"get": {"responses": {
            "200": {"description": "", "schema": {"$ref": "#/definitions/Nope"}}}}}},
            "definitions": {}});
        let e = check_refs(&doc).unwrap_err();
        assert_eq!(
            e.pointer,
            "/paths/~1api~1v1~1x/get/responses/200/schema/$ref"
        );
        assert_eq!(
            e.message,
            "reference target #/definitions/Nope does not exist"
        );
    }

    #[test]
    fn percent_encoded_refs_resolve() {
        let doc = json!({"definitions": {"List«A»": {}}, "x": {"$ref": "#/definitions/List%C2%ABA%C2%BB"}});
        assert!(check_refs(&doc).is_ok());
    }

    #[test]
    fn external_refs_are_rejected() {
        let e = check_refs(&json!({"a": {"$ref": "other.json#/X"}})).unwrap_err();
        assert_eq!(e.pointer, "/a/$ref");
        assert!(e.message.contains("external reference"));
    }

    #[test]
    fn duplicate_operation_ids() {
        let doc = json!({"paths": {
            "/a": {"get": {"operationId": "x"}},
            "/b": {"get": {"operationId": "x"}}}});
        let e = check_operation_ids(&doc).unwrap_err();
        assert_eq!(e.pointer, "/paths/~1b/get/operationId");
        assert_eq!(
            e.message,
            "duplicate operation id `x` (first used at /paths/~1a/get/operationId)"
        );
    }

    #[test]
    fn structure() {
        let e = check_structure(&json!({"paths": {"/a": {"get": []}}})).unwrap_err();
        assert_eq!(
            (e.pointer.as_str(), e.message.as_str()),
            ("/paths/~1a/get", "expected an object, found an array")
        );
        let e = check_structure(&json!({"paths": {"/a": {"$ref": "#/x"}}})).unwrap_err();
        assert_eq!(e.pointer, "/paths/~1a/$ref");
        let e =
            check_structure(&json!({"paths": {"/a": {"get": {"parameters": [{"in": "query"}]}}}}))
                .unwrap_err();
        assert_eq!(e.pointer, "/paths/~1a/get/parameters/0");
    }
}
