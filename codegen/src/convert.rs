//! Swagger 2.0 -> OpenAPI 3.0.
//!
//! - `definitions` -> `components/schemas`, `#/definitions/X` -> `#/components/schemas/X`;
//! - global `parameters` / `responses` are inlined where referenced;
//! - `basePath` (when not `/`) is folded into the paths, so clients take the server root;
//! - body / formData parameters -> `requestBody` with the operation's `consumes`;
//! - path / query / header parameters get a `schema`; responses get `content` from `produces`;
//! - `securityDefinitions` -> `components/securitySchemes`;
//! - schemas: `type: file` -> binary string, `x-nullable` -> `nullable`, string discriminators.

use super::validate::{resolve, METHODS};
use super::{pointer, SpecError};
use serde_json::{json, Map, Value};

/// Converts a Swagger 2.0 document in place; OpenAPI 3.0 documents are left alone.
pub fn to_openapi3(doc: &mut Value) -> Result<(), SpecError> {
    if doc.get("swagger").is_none() {
        return Ok(());
    }
    let src = std::mem::take(doc);
    *doc = convert(&src)?;
    Ok(())
}

const PARAM_SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

fn convert(src: &Value) -> Result<Value, SpecError> {
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    out.insert(
        "info".into(),
        src.get("info").cloned().unwrap_or_else(|| json!({})),
    );
    for key in ["tags", "externalDocs", "security"] {
        if let Some(v) = src.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    for (k, v) in src.as_object().into_iter().flatten() {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }

    let mut components = Map::new();
    if let Some(defs) = src.get("definitions").and_then(Value::as_object) {
        let schemas: Map<String, Value> = defs
            .iter()
            .map(|(k, v)| (k.clone(), convert_schema(v)))
            .collect();
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if let Some(sec) = src.get("securityDefinitions").and_then(Value::as_object) {
        let schemes: Map<String, Value> = sec
            .iter()
            .map(|(k, v)| (k.clone(), convert_security_scheme(v)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }

    let base = src
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("/")
        .trim_end_matches('/');
    let root_consumes = media_list(src.get("consumes"));
    let root_produces = media_list(src.get("produces"));
    let mut paths = Map::new();
    for (path, item) in src
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item_params = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut new_item = Map::new();
        for (k, v) in item.as_object().into_iter().flatten() {
            if k == "summary" || k == "description" || k.starts_with("x-") {
                new_item.insert(k.clone(), v.clone());
            }
        }
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = pointer(&["paths", path, method]);
            let ctx = OpContext {
                src,
                at: &at,
                root_consumes: &root_consumes,
                root_produces: &root_produces,
            };
            new_item.insert((*method).into(), ctx.convert_operation(op, &item_params)?);
        }
        paths.insert(format!("{base}{path}"), Value::Object(new_item));
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let mut out = Value::Object(out);
    rewrite_refs(&mut out, &|r| {
        r.strip_prefix("#/definitions/")
            .map(|name| format!("#/components/schemas/{name}"))
    });
    Ok(out)
}

fn media_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

struct OpContext<'a> {
    src: &'a Value,
    at: &'a str,
    root_consumes: &'a [String],
    root_produces: &'a [String],
}

impl OpContext<'_> {
    /// Follows a `#/parameters/X` or `#/responses/X` reference (validated before).
    fn deref<'v>(&'v self, v: &'v Value, at: &str) -> Result<&'v Value, SpecError> {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) if !r.starts_with("#/definitions/") => resolve(self.src, r)
                .ok_or_else(|| SpecError::at(at, format!("reference target {r} does not exist"))),
            _ => Ok(v),
        }
    }

    fn convert_operation(&self, op: &Value, item_params: &[Value]) -> Result<Value, SpecError> {
        let mut out = Map::new();
        for (k, v) in op.as_object().into_iter().flatten() {
            match k.as_str() {
                "operationId" | "summary" | "description" | "tags" | "deprecated" | "security"
                | "externalDocs" => {
                    out.insert(k.clone(), v.clone());
                }
                _ if k.starts_with("x-") => {
                    out.insert(k.clone(), v.clone());
                }
                _ => {}
            }
        }
        let consumes = match op.get("consumes") {
            Some(c) => media_list(Some(c)),
            None => self.root_consumes.to_vec(),
        };
        let produces = match op.get("produces") {
            Some(p) => media_list(Some(p)),
            None => self.root_produces.to_vec(),
        };

        // Path-item parameters apply unless the operation overrides (same name and `in`).
        let mut params: Vec<(String, Value)> = Vec::new();
        let op_params = op
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, p) in op_params.iter().enumerate() {
            let at = format!("{}/parameters/{i}", self.at);
            params.push((at.clone(), self.deref(p, &at)?.clone()));
        }
        for (i, p) in item_params.iter().enumerate() {
            let at = format!("{}/../parameters/{i}", self.at);
            let p = self.deref(p, &at)?.clone();
            let overridden = params
                .iter()
                .any(|(_, q)| q.get("name") == p.get("name") && q.get("in") == p.get("in"));
            if !overridden {
                params.push((at, p));
            }
        }

        let mut new_params = Vec::new();
        let mut body: Option<Value> = None;
        let mut form: Vec<Value> = Vec::new();
        for (_, p) in params {
            match p.get("in").and_then(Value::as_str) {
                Some("body") => body = Some(p),
                Some("formData") => form.push(p),
                _ => new_params.push(convert_parameter(&p)),
            }
        }
        if !new_params.is_empty() {
            out.insert("parameters".into(), Value::Array(new_params));
        }
        if let Some(body) = body {
            let schema = body
                .get("schema")
                .map(convert_schema)
                .unwrap_or_else(|| json!({}));
            let types = if consumes.is_empty() {
                vec!["application/json".to_owned()]
            } else {
                consumes.clone()
            };
            let mut rb = Map::new();
            if let Some(d) = body.get("description") {
                rb.insert("description".into(), d.clone());
            }
            rb.insert(
                "required".into(),
                body.get("required").cloned().unwrap_or(json!(false)),
            );
            rb.insert("content".into(), content_for(&types, &schema));
            out.insert("requestBody".into(), Value::Object(rb));
        } else if !form.is_empty() {
            let has_file = form
                .iter()
                .any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
            let media = if has_file || consumes.iter().any(|c| c.starts_with("multipart/")) {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            };
            let mut props = Map::new();
            let mut required = Vec::new();
            for p in &form {
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                props.insert(name.to_owned(), param_schema(p));
                if p.get("required") == Some(&json!(true)) {
                    required.push(json!(name));
                }
            }
            let mut schema = json!({"type": "object", "properties": props});
            if !required.is_empty() {
                schema["required"] = Value::Array(required);
            }
            out.insert(
                "requestBody".into(),
                json!({"required": true, "content": {media: {"schema": schema}}}),
            );
        }

        let mut responses = Map::new();
        for (code, resp) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = format!("{}/responses/{}", self.at, super::escape(code));
            let resp = self.deref(resp, &at)?;
            let mut r = Map::new();
            r.insert(
                "description".into(),
                resp.get("description").cloned().unwrap_or(json!("")),
            );
            if let Some(schema) = resp.get("schema") {
                let types = if produces.is_empty() {
                    vec!["application/json".to_owned()]
                } else {
                    produces.clone()
                };
                r.insert(
                    "content".into(),
                    content_for(&types, &convert_schema(schema)),
                );
            }
            if let Some(headers) = resp.get("headers").and_then(Value::as_object) {
                let h: Map<String, Value> = headers
                    .iter()
                    .map(|(k, v)| {
                        let mut h = Map::new();
                        if let Some(d) = v.get("description") {
                            h.insert("description".into(), d.clone());
                        }
                        h.insert("schema".into(), param_schema(v));
                        (k.clone(), Value::Object(h))
                    })
                    .collect();
                r.insert("headers".into(), Value::Object(h));
            }
            responses.insert(code.clone(), Value::Object(r));
        }
        if responses.is_empty() {
            responses.insert("default".into(), json!({"description": ""}));
        }
        out.insert("responses".into(), Value::Object(responses));
        Ok(Value::Object(out))
    }
}

fn content_for(types: &[String], schema: &Value) -> Value {
    Value::Object(
        types
            .iter()
            .map(|t| (t.clone(), json!({ "schema": schema })))
            .collect(),
    )
}

/// A non-body Swagger 2.0 parameter -> OpenAPI 3.0.
fn convert_parameter(p: &Value) -> Value {
    let mut out = Map::new();
    for key in [
        "name",
        "in",
        "description",
        "required",
        "deprecated",
        "allowEmptyValue",
    ] {
        if let Some(v) = p.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if p.get("in").and_then(Value::as_str) == Some("path") {
        out.insert("required".into(), json!(true));
    }
    match p.get("collectionFormat").and_then(Value::as_str) {
        Some("multi") => {
            out.insert("explode".into(), json!(true));
        }
        Some(_) if p.get("in").and_then(Value::as_str) == Some("query") => {
            out.insert("explode".into(), json!(false));
        }
        _ => {}
    }
    out.insert("schema".into(), param_schema(p));
    Value::Object(out)
}

/// The schema of a non-body parameter, header or formData field (its type keywords).
fn param_schema(p: &Value) -> Value {
    let mut s = Map::new();
    for key in PARAM_SCHEMA_KEYS {
        if let Some(v) = p.get(*key) {
            s.insert((*key).into(), v.clone());
        }
    }
    if !s.contains_key("type") && !s.contains_key("items") {
        s.insert("type".into(), json!("string"));
    }
    convert_schema(&Value::Object(s))
}

/// A Swagger 2.0 schema -> OpenAPI 3.0 (recursively).
pub fn convert_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in map {
        match k.as_str() {
            "x-nullable" => {
                if v == &json!(true) {
                    out.insert("nullable".into(), json!(true));
                }
            }
            "type" if v == "file" => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            "discriminator" => {
                let d = match v {
                    Value::String(s) => json!({ "propertyName": s }),
                    other => other.clone(),
                };
                out.insert(k.clone(), d);
            }
            "properties" | "patternProperties" => {
                let props = v
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(n, s)| (n.clone(), convert_schema(s)))
                            .collect::<Map<_, _>>()
                    })
                    .map(Value::Object)
                    .unwrap_or_else(|| v.clone());
                out.insert(k.clone(), props);
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(k.clone(), convert_schema(v));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = v
                    .as_array()
                    .map(|a| Value::Array(a.iter().map(convert_schema).collect()))
                    .unwrap_or_else(|| v.clone());
                out.insert(k.clone(), list);
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn convert_security_scheme(s: &Value) -> Value {
    let mut out = Map::new();
    if let Some(d) = s.get("description") {
        out.insert("description".into(), d.clone());
    }
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            for k in ["name", "in"] {
                if let Some(v) = s.get(k) {
                    out.insert(k.into(), v.clone());
                }
            }
        }
        Some("oauth2") => {
            out.insert("type".into(), json!("oauth2"));
            let (flow, url_keys): (&str, &[&str]) = match s.get("flow").and_then(Value::as_str) {
                Some("implicit") => ("implicit", &["authorizationUrl"]),
                Some("password") => ("password", &["tokenUrl"]),
                Some("application") => ("clientCredentials", &["tokenUrl"]),
                _ => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            };
            let mut f = Map::new();
            for k in url_keys {
                f.insert((*k).into(), s.get(*k).cloned().unwrap_or(json!("")));
            }
            f.insert(
                "scopes".into(),
                s.get("scopes").cloned().unwrap_or(json!({})),
            );
            out.insert("flows".into(), json!({ flow: f }));
        }
        _ => return s.clone(),
    }
    Value::Object(out)
}

/// Rewrites every `$ref` string for which `f` returns a replacement.
pub fn rewrite_refs(v: &mut Value, f: &dyn Fn(&str) -> Option<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(new) = f(r) {
                    *r = new;
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child, f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| rewrite_refs(c, f)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(v: Value) -> Value {
        let mut v = v;
        to_openapi3(&mut v).unwrap();
        v
    }

    #[test]
    fn definitions_become_components_and_refs_follow() {
        let out = conv(
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "produces": ["application/json"],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}}},
            "definitions": {"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/B"}}},
                            "B": {"type": "string", "x-nullable": true}}}),
        );
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(
            out["components"]["schemas"]["A"]["properties"]["b"]["$ref"],
            "#/components/schemas/B"
        );
        assert_eq!(
            out["components"]["schemas"]["B"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            out["paths"]["/a"]["get"]["responses"]["200"],
            json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}})
        );
        assert!(out.get("definitions").is_none());
    }

    #[test]
    fn parameters_and_bodies() {
        let out = conv(
            json!({"swagger": "2.0", "basePath": "/base", "consumes": ["application/json", "application/yaml"],
            "parameters": {"Ns": {"name": "ns", "in": "path", "type": "string", "required": true}},
            "paths": {"/n/{ns}/x": {
                "parameters": [{"$ref": "#/parameters/Ns"}],
                "put": {"operationId": "p",
                "parameters": [
                    {"name": "dry", "in": "query", "type": "boolean", "default": false},
                    {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                    {"name": "X-Req", "in": "header", "type": "string"},
                    {"name": "body", "in": "body", "required": true, "schema": {"type": "object"}}],
                "responses": {"204": {"description": "none"}}}}}}),
        );
        let op = &out["paths"]["/base/n/{ns}/x"]["put"];
        assert_eq!(
            op["parameters"][0],
            json!({"name": "dry", "in": "query", "schema": {"type": "boolean", "default": false}})
        );
        assert_eq!(op["parameters"][1]["explode"], true);
        assert_eq!(
            op["parameters"][1]["schema"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(op["parameters"][2]["in"], "header");
        assert_eq!(
            op["parameters"][3],
            json!({"name": "ns", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(
            op["requestBody"],
            json!({"required": true, "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "object"}}}})
        );
        assert_eq!(op["responses"]["204"], json!({"description": "none"}));
    }

    #[test]
    fn form_data_and_files() {
        let out = conv(
            json!({"swagger": "2.0", "paths": {"/up": {"post": {"operationId": "up",
            "consumes": ["multipart/form-data"],
            "parameters": [{"name": "file", "in": "formData", "type": "file", "required": true}],
            "responses": {"200": {"description": "", "schema": {"type": "file"}}}}}}}),
        );
        let op = &out["paths"]["/up"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["multipart/form-data"]["schema"],
            json!({
            "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]})
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn security_definitions() {
        let out = conv(
            json!({"swagger": "2.0", "paths": {}, "securityDefinitions": {
            "apiKey": {"type": "apiKey", "name": "Authorization", "in": "header"},
            "b": {"type": "basic"}}}),
        );
        assert_eq!(
            out["components"]["securitySchemes"]["apiKey"],
            json!({"type": "apiKey", "name": "Authorization", "in": "header"})
        );
        assert_eq!(
            out["components"]["securitySchemes"]["b"],
            json!({"type": "http", "scheme": "basic"})
        );
    }

    #[test]
    fn openapi3_passes_through() {
        let doc = json!({"openapi": "3.0.0", "paths": {}});
        assert_eq!(conv(doc.clone()), doc);
    }
}
