//! Repairs of request bodies.

use super::{for_each_op, op_at, METHODS};
use crate::{pointer, Report, SpecError};
use serde_json::{json, Map, Value};

/// Drops request bodies on GET, HEAD and DELETE (progenitor would send them; servers and
/// proxies ignore or reject them).
pub fn drop_bodies_without_semantics(
    doc: &mut Value,
    report: &mut Report,
) -> Result<(), SpecError> {
    for_each_op(doc, |op| {
        if matches!(op.method, "get" | "head" | "delete") && op.op.remove("requestBody").is_some() {
            report.note(
                "drop_bodies_without_semantics",
                &op_at(op.path, op.method, &["requestBody"]),
                format!("dropped the request body of a {}", op.method.to_uppercase()),
            );
        }
        Ok(())
    })
}

/// Whether a media type is JSON (`application/json`, `application/json; charset=utf-8`).
pub fn is_json(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base.eq_ignore_ascii_case("application/json")
}

/// Whether a media type is a JSON variant (`application/merge-patch+json`, `*/*`).
fn is_json_like(media: &str) -> bool {
    let base = media.split(';').next().unwrap_or("").trim();
    base.ends_with("+json") || base == "*/*" || base == "application/*"
}

fn is_binary_string(schema: Option<&Value>) -> bool {
    schema.is_some_and(|s| {
        s.get("type") == Some(&json!("string")) && s.get("format") == Some(&json!("binary"))
    })
}

/// Keeps exactly one request body media type that progenitor supports, preferring
/// `application/json`; JSON variants and YAML become `application/json` (VVP accepts JSON
/// everywhere); bodies that are a binary string become `application/octet-stream`.
/// Operations whose only body is `multipart/form-data` are dropped (progenitor cannot send
/// multipart).
pub fn select_request_media_type(doc: &mut Value, report: &mut Report) -> Result<(), SpecError> {
    const STEP: &str = "select_request_media_type";
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let mut dropped = Vec::new();
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = pointer(&["paths", path, method, "requestBody"]);
            let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) else {
                continue;
            };
            let content = match body.remove("content") {
                Some(Value::Object(c)) => c,
                _ => Map::new(),
            };
            if content.is_empty() {
                report.note(STEP, &at, "dropped a request body without content");
                if let Some(op) = op.as_object_mut() {
                    op.remove("requestBody");
                }
                continue;
            }
            let Some((media, mut mt)) = choose(&content) else {
                report.note(
                    STEP,
                    &at,
                    "dropped the operation: multipart/form-data bodies are not supported",
                );
                dropped.push(method.clone());
                continue;
            };
            if content.len() > 1 || !content.contains_key(&media) {
                let had: Vec<&String> = content.keys().collect();
                report.note(STEP, &at, format!("content {had:?} -> {media}"));
            }
            let Some(mt_obj) = mt.as_object_mut() else {
                continue;
            };
            mt_obj.remove("encoding");
            let schema = mt_obj.get("schema");
            let fixed = match media.as_str() {
                "application/octet-stream" => json!({"type": "string", "format": "binary"}),
                "text/plain" => json!({"type": "string"}),
                _ => schema
                    .filter(|s| !s.is_null())
                    .cloned()
                    .unwrap_or_else(|| json!({})),
            };
            if schema != Some(&fixed) {
                report.note(
                    STEP,
                    &format!("{at}/content"),
                    format!("schema of {media} set to {fixed}"),
                );
            }
            mt_obj.insert("schema".into(), fixed);
            body.insert("content".into(), json!({ media: mt }));
        }
        for method in dropped {
            item.remove(&method);
        }
    }
    Ok(())
}

/// The media type to keep and its media-type object; `None` when only multipart is offered.
fn choose(content: &Map<String, Value>) -> Option<(String, Value)> {
    let base = |m: &str| {
        m.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    if let Some((_, v)) = content.iter().find(|(m, _)| is_json(m)) {
        return Some(("application/json".into(), v.clone()));
    }
    for exact in [
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "text/plain",
    ] {
        if let Some((_, v)) = content.iter().find(|(m, _)| base(m) == exact) {
            return Some((exact.into(), v.clone()));
        }
    }
    if let Some((_, v)) = content.iter().find(|(m, _)| is_json_like(m)) {
        return Some(("application/json".into(), v.clone()));
    }
    let other = content
        .iter()
        .find(|(m, _)| !base(m).starts_with("multipart/"))?;
    if is_binary_string(other.1.get("schema")) {
        Some(("application/octet-stream".into(), other.1.clone()))
    } else {
        Some(("application/json".into(), other.1.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::run_step as run;

    #[test]
    fn drops_bodies_on_get_and_delete() {
        let body = json!({"content": {"application/json": {"schema": {}}}});
        let (doc, r) = run(
            drop_bodies_without_semantics,
            json!({"paths": {"/a": {"get": {"requestBody": body}, "delete": {"requestBody": body},
                                    "post": {"requestBody": body}}}}),
        );
        assert!(doc["paths"]["/a"]["get"].get("requestBody").is_none());
        assert!(doc["paths"]["/a"]["delete"].get("requestBody").is_none());
        assert!(doc["paths"]["/a"]["post"].get("requestBody").is_some());
        assert_eq!(r.entries.len(), 2);
    }

    #[test]
    fn keeps_json_and_drops_yaml() {
        let s = json!({"$ref": "#/components/schemas/D"});
        let (doc, _) = run(
            select_request_media_type,
            json!({"paths": {"/a": {"put": {"requestBody": {"required": true, "content": {
                "application/yaml": {"schema": s}, "application/json": {"schema": s}}}}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"]["put"]["requestBody"],
            json!({"required": true,
            "content": {"application/json": {"schema": s}}})
        );
    }

    #[test]
    fn json_variants_and_yaml_only_become_json() {
        for media in ["application/merge-patch+json", "application/yaml"] {
            let (doc, _) = run(
                select_request_media_type,
                json!({"paths": {"/a": {"patch": {"requestBody": {"content": {media: {"schema": {"type": "object"}}}}}}}}),
            );
            assert_eq!(
                doc["paths"]["/a"]["patch"]["requestBody"]["content"],
                json!({"application/json": {"schema": {"type": "object"}}}),
                "{media}"
            );
        }
    }

    #[test]
    fn octet_stream_gets_the_schema_progenitor_wants_and_multipart_is_dropped() {
        let (doc, _) = run(
            select_request_media_type,
            json!({"paths": {"/a": {
                "post": {"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string"}}}}},
                "put": {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"],
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert!(doc["paths"]["/a"].get("put").is_none());
    }

    #[test]
    fn json_body_without_schema_gets_any() {
        let (doc, _) = run(
            select_request_media_type,
            json!({"paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {"encoding": {"x": {}}}}}}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"],
            json!({"application/json": {"schema": {}}})
        );
    }
}
