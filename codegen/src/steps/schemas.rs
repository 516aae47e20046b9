//! Repairs of schemas (components and inline), so that typify accepts them.

use crate::{escape, Report, SpecError};
use serde_json::{json, Map, Value};

type Visit<'a> = dyn FnMut(&mut Map<String, Value>, &str, &mut Report) + 'a;

/// Calls `f` on every schema object of the document (components, parameters, bodies,
/// responses, headers), outermost first, then on its subschemas.
pub fn walk_schemas(doc: &mut Value, report: &mut Report, f: &mut Visit<'_>) {
    fn schema(v: &mut Value, at: &str, report: &mut Report, f: &mut Visit<'_>) {
        let Some(map) = v.as_object_mut() else {
            return;
        };
        if map.contains_key("$ref") {
            return;
        }
        f(map, at, report);
        for key in ["properties", "patternProperties"] {
            if let Some(Value::Object(props)) = map.get_mut(key) {
                for (name, s) in props.iter_mut() {
                    schema(s, &format!("{at}/{key}/{}", escape(name)), report, f);
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(s) = map.get_mut(key) {
                schema(s, &format!("{at}/{key}"), report, f);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(list)) = map.get_mut(key) {
                for (i, s) in list.iter_mut().enumerate() {
                    schema(s, &format!("{at}/{key}/{i}"), report, f);
                }
            }
        }
    }
    fn media(content: &mut Value, at: &str, report: &mut Report, f: &mut Visit<'_>) {
        for (m, mt) in content.as_object_mut().into_iter().flatten() {
            if let Some(s) = mt.get_mut("schema") {
                schema(s, &format!("{at}/{}/schema", escape(m)), report, f);
            }
        }
    }
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, s) in schemas.iter_mut() {
            schema(
                s,
                &format!("/components/schemas/{}", escape(name)),
                report,
                f,
            );
        }
    }
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for (method, op) in item.as_object_mut().into_iter().flatten() {
            let at = format!("/paths/{}/{}", escape(path), escape(method));
            if let Some(Value::Array(params)) = op.get_mut("parameters") {
                for (i, p) in params.iter_mut().enumerate() {
                    if let Some(s) = p.get_mut("schema") {
                        schema(s, &format!("{at}/parameters/{i}/schema"), report, f);
                    }
                }
            }
            if let Some(c) = op.pointer_mut("/requestBody/content") {
                media(c, &format!("{at}/requestBody/content"), report, f);
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (code, r) in responses.iter_mut() {
                    let rat = format!("{at}/responses/{}", escape(code));
                    if let Some(c) = r.get_mut("content") {
                        media(c, &format!("{rat}/content"), report, f);
                    }
                    for (h, hv) in r
                        .get_mut("headers")
                        .and_then(Value::as_object_mut)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(s) = hv.get_mut("schema") {
                            schema(s, &format!("{rat}/headers/{}/schema", escape(h)), report, f);
                        }
                    }
                }
            }
        }
    }
}

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// `type` is one of the OpenAPI 3.0 types: `file` -> binary string, a list (3.1 style) -> its
/// first non-null entry plus `nullable`, anything else is removed; `nullable` is a boolean.
pub fn repair_schema_types(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "repair_schema_types";
    walk_schemas(doc, report, &mut |s, at, report| {
        match s.get("type").cloned() {
            None => {}
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
            Some(Value::String(t)) if t == "file" => {
                report.note(STEP, at, "type file -> binary string");
                s.insert("type".into(), json!("string"));
                s.insert("format".into(), json!("binary"));
            }
            Some(Value::Array(list)) => {
                let first = list
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| TYPES.contains(t));
                report.note(STEP, at, format!("type list {list:?} -> {first:?}"));
                match first {
                    Some(t) => s.insert("type".into(), json!(t)),
                    None => s.remove("type"),
                };
                if list.iter().any(|t| t == "null") {
                    s.insert("nullable".into(), json!(true));
                }
            }
            Some(other) => {
                report.note(STEP, at, format!("removed unknown type {other}"));
                s.remove("type");
            }
        }
        if !s.contains_key("type") {
            // typify rejects a `format` (or bound) with nothing saying what it applies to.
            let implied = match s.get("format") {
                Some(Value::String(f)) if f == "int32" || f == "int64" => Some("integer"),
                Some(Value::String(f)) if f == "float" || f == "double" => Some("number"),
                Some(_) => Some("string"),
                None => None,
            };
            let bounded = [
                "minimum",
                "maximum",
                "multipleOf",
                "exclusiveMinimum",
                "exclusiveMaximum",
            ]
            .iter()
            .any(|k| s.contains_key(*k));
            let typed_elsewhere = ["$ref", "allOf", "anyOf", "oneOf", "not", "enum"]
                .iter()
                .any(|k| s.contains_key(*k));
            let implied = implied.or_else(|| bounded.then_some("number"));
            if let (Some(t), false) = (implied, typed_elsewhere) {
                report.note(STEP, at, format!("no type: {t} (implied by its keywords)"));
                s.insert("type".into(), json!(t));
            }
        }
        if s.get("nullable").is_some_and(|n| !n.is_boolean()) {
            report.note(STEP, at, "removed a non-boolean `nullable`");
            s.remove("nullable");
        }
    });
    Ok(())
}

/// Structural keywords have the right JSON types: `properties` is an object, `required` a
/// list of unique strings, `additionalProperties` a boolean or schema, `items` a schema
/// (`{}` when an array lacks it or has a tuple), numeric bounds are numbers.
pub fn repair_schema_shapes(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "repair_schema_shapes";
    walk_schemas(doc, report, &mut |s, at, report| {
        if s.get("properties").is_some_and(|p| !p.is_object()) {
            report.note(STEP, at, "removed non-object `properties`");
            s.remove("properties");
        }
        if let Some(req) = s.get("required") {
            let fixed: Option<Vec<Value>> = req.as_array().map(|list| {
                let mut out: Vec<Value> = Vec::new();
                for v in list.iter().filter(|v| v.is_string()) {
                    if !out.contains(v) {
                        out.push(v.clone());
                    }
                }
                out
            });
            match fixed {
                Some(list) if Some(&list) == req.as_array() => {}
                Some(list) => {
                    report.note(STEP, at, "de-duplicated `required`");
                    s.insert("required".into(), Value::Array(list));
                }
                None => {
                    report.note(STEP, at, "removed non-list `required`");
                    s.remove("required");
                }
            }
        }
        if s.get("additionalProperties")
            .is_some_and(|a| !a.is_boolean() && !a.is_object())
        {
            report.note(STEP, at, "removed invalid `additionalProperties`");
            s.remove("additionalProperties");
        }
        let is_array = s.get("type") == Some(&json!("array"));
        match s.get("items") {
            Some(Value::Object(_)) => {}
            Some(_) => {
                report.note(STEP, at, "`items` set to any");
                s.insert("items".into(), json!({}));
            }
            None if is_array => {
                report.note(STEP, at, "array without `items`: any");
                s.insert("items".into(), json!({}));
            }
            None => {}
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if s.get(key).is_some_and(|v| !v.is_number()) {
                report.note(STEP, at, format!("removed non-numeric `{key}`"));
                s.remove(key);
            }
        }
        for key in [
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
        ] {
            if s.get(key).is_some_and(|v| !v.is_u64()) {
                report.note(STEP, at, format!("removed invalid `{key}`"));
                s.remove(key);
            }
        }
        for key in [
            "exclusiveMinimum",
            "exclusiveMaximum",
            "uniqueItems",
            "readOnly",
            "writeOnly",
            "deprecated",
        ] {
            if s.get(key).is_some_and(|v| !v.is_boolean()) {
                report.note(STEP, at, format!("removed non-boolean `{key}`"));
                s.remove(key);
            }
        }
    });
    Ok(())
}

fn matches_type(v: &Value, ty: Option<&str>) -> bool {
    match ty {
        None => true,
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some("array") => v.is_array(),
        Some("object") => v.is_object(),
        Some(_) => false,
    }
}

/// Enums typify can turn into Rust enums: duplicates and empty strings removed, `null`
/// turned into `nullable`, values of another type than the schema's (or of mixed types)
/// make the enum go (the field becomes its plain type). An emptied enum is removed.
pub fn repair_enums(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "repair_enums";
    walk_schemas(doc, report, &mut |s, at, report| {
        let Some(values) = s.get("enum").cloned() else {
            return;
        };
        let Value::Array(values) = values else {
            report.note(STEP, at, "removed non-list `enum`");
            s.remove("enum");
            return;
        };
        let mut out: Vec<Value> = Vec::new();
        let mut nullable = false;
        for v in values.iter() {
            if v.is_null() {
                nullable = true;
            } else if v == "" {
                report.note(STEP, at, "removed the empty enum value");
            } else if out.contains(v) {
                report.note(STEP, at, format!("removed duplicate enum value {v}"));
            } else {
                out.push(v.clone());
            }
        }
        if nullable {
            report.note(STEP, at, "enum value null -> nullable");
            s.insert("nullable".into(), json!(true));
        }
        let ty = s.get("type").and_then(Value::as_str).map(str::to_owned);
        let ty = ty.or_else(|| {
            out.first().map(|v| match v {
                Value::String(_) => "string".to_owned(),
                Value::Bool(_) => "boolean".to_owned(),
                Value::Number(n) if n.is_f64() => "number".to_owned(),
                Value::Number(_) => "integer".to_owned(),
                Value::Array(_) => "array".to_owned(),
                _ => "object".to_owned(),
            })
        });
        if out.iter().any(|v| !matches_type(v, ty.as_deref())) {
            report.note(
                STEP,
                at,
                format!("removed an enum whose values are not all of type {ty:?}"),
            );
            s.remove("enum");
            return;
        }
        if out.is_empty() {
            report.note(STEP, at, "removed an empty enum");
            s.remove("enum");
            return;
        } else if out.len() != values.len() {
            s.insert("enum".into(), Value::Array(out));
        }
        if let (None, Some(ty)) = (s.get("type"), ty) {
            report.note(
                STEP,
                at,
                format!("enum without type: {ty} (its values' type)"),
            );
            s.insert("type".into(), Value::String(ty));
        }
    });
    Ok(())
}

/// A `default` that does not match the schema's `type` (or enum) is removed: typify rejects
/// it.
pub fn repair_defaults(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    walk_schemas(doc, report, &mut |s, at, report| {
        let Some(d) = s.get("default") else {
            return;
        };
        let ty = s.get("type").and_then(Value::as_str);
        let in_enum = s
            .get("enum")
            .and_then(Value::as_array)
            .is_none_or(|e| e.contains(d));
        let nullable_null = d.is_null() && s.get("nullable") == Some(&json!(true));
        if !(nullable_null || matches_type(d, ty) && in_enum) {
            report.note(
                "repair_defaults",
                at,
                format!("removed default {d} (type {ty:?})"),
            );
            s.remove("default");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(step: super::super::Step, schema: Value) -> (Value, Report) {
        let doc = json!({"components": {"schemas": {"S": schema}}});
        let (doc, r) = super::super::run_step(step, doc);
        (doc["components"]["schemas"]["S"].clone(), r)
    }

    #[test]
    fn walks_inline_and_nested_schemas() {
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {"b": {"items": {"type": "x"}}}}}},
            "paths": {"/a": {"get": {"parameters": [{"schema": {"type": "x"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"allOf": [{"type": "x"}]}}},
                                      "headers": {"H": {"schema": {"type": "x"}}}}}}}}});
        let mut seen = Vec::new();
        walk_schemas(&mut doc, &mut Report::default(), &mut |s, at, _| {
            if s.get("type") == Some(&json!("x")) {
                seen.push(at.to_owned());
            }
        });
        assert_eq!(
            seen,
            [
                "/components/schemas/A/properties/b/items",
                "/paths/~1a/get/parameters/0/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema/allOf/0",
                "/paths/~1a/get/responses/200/headers/H/schema",
            ]
        );
    }

    #[test]
    fn types() {
        assert_eq!(
            run(repair_schema_types, json!({"type": "file"})).0,
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            run(repair_schema_types, json!({"type": ["null", "integer"]})).0,
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            run(
                repair_schema_types,
                json!({"type": "int", "nullable": "yes"})
            )
            .0,
            json!({})
        );
        assert_eq!(
            run(repair_schema_types, json!({"type": [{}], "format": "uuid"})).0,
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(
            run(repair_schema_types, json!({"format": "date-time"})).0,
            json!({"type": "string", "format": "date-time"})
        );
        assert_eq!(
            run(
                repair_schema_types,
                json!({"format": "int64", "minimum": 0})
            )
            .0,
            json!({"type": "integer", "format": "int64", "minimum": 0})
        );
        assert_eq!(
            run(repair_schema_types, json!({"minimum": 0.5})).0,
            json!({"type": "number", "minimum": 0.5})
        );
        let keep = json!({"format": "uuid", "allOf": [{"type": "string"}]});
        assert_eq!(run(repair_schema_types, keep.clone()).0, keep);
    }

    #[test]
    fn shapes() {
        let (s, r) = run(
            repair_schema_shapes,
            json!({"type": "array", "required": ["a", "a", 1],
            "additionalProperties": "yes", "minimum": "0", "readOnly": 1}),
        );
        assert_eq!(s, json!({"type": "array", "items": {}, "required": ["a"]}));
        assert_eq!(r.entries.len(), 5);
        assert_eq!(
            run(repair_schema_shapes, json!({"items": [{"type": "string"}]})).0,
            json!({"items": {}})
        );
    }

    #[test]
    fn enums() {
        assert_eq!(
            run(
                repair_enums,
                json!({"type": "string", "enum": ["A", "B", "A", "", null]})
            )
            .0,
            json!({"type": "string", "enum": ["A", "B"], "nullable": true})
        );
        assert_eq!(
            run(repair_enums, json!({"type": "string", "enum": ["A", 1]})).0,
            json!({"type": "string"})
        );
        assert_eq!(run(repair_enums, json!({"enum": ["A", true]})).0, json!({}));
        assert_eq!(
            run(repair_enums, json!({"type": "string", "enum": [""]})).0,
            json!({"type": "string"})
        );
        assert_eq!(
            run(repair_enums, json!({"type": "integer", "enum": [1, 2]}))
                .1
                .entries
                .len(),
            0
        );
    }

    #[test]
    fn defaults() {
        assert_eq!(
            run(repair_defaults, json!({"type": "integer", "default": "5"})).0,
            json!({"type": "integer"})
        );
        assert_eq!(
            run(
                repair_defaults,
                json!({"type": "string", "enum": ["A"], "default": "B"})
            )
            .0,
            json!({"type": "string", "enum": ["A"]})
        );
        let keep = json!({"type": "boolean", "default": true});
        assert_eq!(run(repair_defaults, keep.clone()).0, keep);
    }
}
